"""URL map: the admin, the JSON/CSV API under /api/v1/, and the researcher pages."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Release Tracker editors"
admin.site.site_title = "Release Tracker"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("tracker.api")),
    path("", include("prisoners.urls")),
    path("", include("releases.urls")),
    path("", include("sources.urls")),
]
