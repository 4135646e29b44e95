"""Researcher pages of this app: the list of people and one person's record."""

from django.urls import path

from prisoners import views

app_name = "prisoners"

urlpatterns = [
    path("prisoners/", views.person_list, name="list"),
    path("prisoners/<slug:slug>/", views.person_detail, name="detail"),
]
