"""Researcher pages of this app: release events, and one event across sources."""

from django.urls import path

from releases import views

app_name = "releases"

urlpatterns = [
    path("releases/", views.event_list, name="list"),
    path("releases/<slug:slug>/", views.event_detail, name="detail"),
]
