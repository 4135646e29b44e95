"""URL map: the admin, the JSON/CSV API under /api/v1/, and the researcher pages."""

from django.contrib import admin
from django.core.exceptions import TooManyFieldsSent
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults

admin.site.site_header = "Release Tracker editors"
admin.site.site_title = "Release Tracker"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("tracker.api")),
    path("", include("prisoners.urls")),
    path("", include("releases.urls")),
    path("", include("sources.urls")),
]


def bad_request(request, exception):
    """A request Django refuses before any view runs (more query parameters than
    DATA_UPLOAD_MAX_NUMBER_FIELDS, a forged Host): JSON under /api/, like every other API
    error, and the plain page elsewhere."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        return JsonResponse({"detail": "Too many query parameters."}, status=400)
    return JsonResponse({"detail": "Bad request."}, status=400)


def not_found(request, exception):
    """An address no route matches (an API slug with a dot, a mistyped endpoint): JSON
    under /api/, the friendly page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler400 = bad_request
handler404 = not_found
