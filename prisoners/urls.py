"""Researcher pages of this app."""

urlpatterns: list = []
