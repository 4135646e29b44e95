"""The JSON/CSV API under /api/v1/: one DRF router, the OpenAPI schema and its docs page.

Every list is JSON by default and CSV with ``?format=csv`` (or ``Accept: text/csv``);
see ``tracker.viewsets`` for what all endpoints share and docs/api.md for the guide.
The docs page is Swagger UI from drf-spectacular-sidecar (no CDN) in its "split" form:
the page loads its start-up script from a URL instead of an inline ``<script>``, so the
site's Content-Security-Policy (``script-src 'self'``) holds on it too.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from prisoners.api_views import PersonViewSet
from releases.api_views import ReleaseEventViewSet, ReleaseViewSet, TransferViewSet
from sources.api_views import (
    FeedViewSet,
    MetricViewSet,
    ObservationViewSet,
    SourceViewSet,
    SummaryViewSet,
)

router = DefaultRouter()
router.register("prisoners", PersonViewSet, basename="api-prisoner")
router.register("release-events", ReleaseEventViewSet, basename="api-release-event")
router.register("releases", ReleaseViewSet, basename="api-release")
router.register("transfers", TransferViewSet, basename="api-transfer")
router.register("sources", SourceViewSet, basename="api-source")
router.register("observations", ObservationViewSet, basename="api-observation")
router.register("metrics", MetricViewSet, basename="api-metric")
router.register("feeds", FeedViewSet, basename="api-feed")
router.register("summary", SummaryViewSet, basename="api-summary")


class DocsView(SpectacularSwaggerSplitView):
    # Our copy of the page links its stylesheet instead of an inline <style> (CSP).
    template_name = "partners/swagger_ui.html"
    # The page has no OPTIONS form: DRF would render its metadata into the HTML template,
    # which then fails (a 500). 405 instead; CORS preflights are answered before the view.
    http_method_names = ["get", "head"]


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
