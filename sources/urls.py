"""Researcher pages of this app: the dashboard, statistics, sources and the method."""

from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path("sources/", views.source_list, name="list"),
    path("about/", views.about, name="about"),
]
