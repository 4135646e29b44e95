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


# Every error body: {"parameter": ["message", ...]} for a 400, {"detail": "message"} else.
ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong. A 400 names each offending query parameter with its "
    "messages; other errors carry one `detail` message.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}
ERROR_RESPONSES = {
    "400": "A query parameter is unknown, repeated or has an invalid value; the body names it.",
    "404": "No record is shown under this slug.",
    "429": "Too many requests; wait for the seconds in the Retry-After header.",
}


# Query parameters whose empty value is an error rather than "not given".
EMPTY_REFUSED = {"page_size"}


def complete_schema(result, generator, request, public):
    """drf-spectacular postprocessing hook: what the views do that the schema generator
    cannot see, so that partners (and schemathesis) can rely on the schema.

    * the error answers every endpoint can give, with their JSON body;
    * an empty query parameter (``?released_before=``, as an HTML form sends an unused
      field) means "not given", except for lists of values and ``page_size``.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for address, operations in result["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if (
                    parameter["in"] == "query"
                    and parameter.get("schema", {}).get("type") != "array"
                    and parameter["name"] not in EMPTY_REFUSED
                ):
                    parameter["allowEmptyValue"] = True
            for status, description in ERROR_RESPONSES.items():
                if status == "404" and "{" not in address:
                    continue
                response = operation["responses"].setdefault(status, {"description": description})
                response.setdefault("content", content)
    return result


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
