"""API endpoints for sources, metrics, observations, feed health and the summary."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response

from prisoners.models import Detention, Person
from prisoners.selectors import person_status_totals
from releases.models import Release, ReleaseEvent
from sources.filters import ObservationFilter, SourceFilter
from sources.models import Feed, Metric, Observation, Source
from sources.selectors import (
    FEED_EXPORT,
    METRIC_EXPORT,
    OBSERVATION_EXPORT,
    SOURCE_EXPORT,
    feed_public_rows,
    observation_latest,
)
from sources.serializers import FeedsPageSerializer, SummarySerializer
from tracker.renderers import CSVRenderer, csv_response, csv_stream_from_dicts
from tracker.viewsets import DETAIL_PARAMETERS, TrackerViewSet, csv_filename, list_schema


@extend_schema_view(
    list=list_schema(SOURCE_EXPORT, "Who reported the facts: every source, by slug.")
)
class SourceViewSet(TrackerViewSet):
    export = SOURCE_EXPORT
    filterset_class = SourceFilter
    ordering = ("slug",)
    # Sources carry no change time of their own: ETag only.

    def get_queryset(self):
        return Source.objects.all()


@extend_schema_view(list=list_schema(METRIC_EXPORT, "What each reported number means, by slug."))
class MetricViewSet(TrackerViewSet):
    export = METRIC_EXPORT
    ordering = ("slug",)

    def get_queryset(self):
        return Metric.objects.all()


@extend_schema_view(
    list=list_schema(
        OBSERVATION_EXPORT,
        "Numbers the sources reported (political prisoners held today, ...), one row per "
        "source, metric and day, newest first. Held values (under review) never appear.",
    )
)
class ObservationViewSet(TrackerViewSet):
    export = OBSERVATION_EXPORT
    filterset_class = ObservationFilter
    ordering = ("-as_of", "-id")
    changed_models = (Observation,)

    def get_queryset(self):
        return Observation.objects.public()


@extend_schema_view(
    list=list_schema(
        FEED_EXPORT,
        "Health of the scheduled feeds: when each last succeeded or failed, and whether its "
        "numbers may be stale. A handful of rows: one page, no cursor.",
        json_response=FeedsPageSerializer,
    )
)
class FeedViewSet(TrackerViewSet):
    export = FEED_EXPORT
    pagination_class = None

    def get_queryset(self):
        return Feed.objects.filter(enabled=True)

    def list(self, request, *args, **kwargs):
        # cursor and page_size are accepted (generic clients send them) and mean nothing.
        rows = feed_public_rows()
        if request.accepted_renderer.format == CSVRenderer.format:
            return csv_response(
                csv_stream_from_dicts(self.export, rows), filename=csv_filename("feeds", [])
            )
        # The same envelope as the paginated lists, so clients need one reader.
        return Response({"next": None, "previous": None, "results": rows})


@extend_schema_view(
    list=extend_schema(
        description="The latest published number of every metric from every source, side by "
        "side, and totals from the records: people (withheld names included) by status, "
        "releases, events.",
        responses={200: SummarySerializer},
    )
)
class SummaryViewSet(TrackerViewSet):
    pagination_class = None
    changed_models = (Observation, Person, Detention, Release, ReleaseEvent)

    def get_queryset(self):
        return Observation.objects.public()

    def get_serializer_class(self):
        return SummarySerializer

    def get_renderers(self):
        return [renderer() for renderer in self.renderer_classes[:1]]

    def allowed_parameters(self) -> set[str]:
        return set(DETAIL_PARAMETERS)

    def list(self, request, *args, **kwargs):
        by_status = person_status_totals()
        counted_releases = Release.objects.filter(person__in=Person.objects.counted())
        totals = {
            "people": sum(by_status.values()),
            "people_identified": Person.objects.public().count(),
            "people_by_status": by_status,
            "releases": counted_releases.count(),
            "releases_identified": Release.objects.public().count(),
            "release_events": ReleaseEvent.objects.public().count(),
        }
        data = {"observations": list(observation_latest()), "totals": totals}
        return Response(SummarySerializer(data).data)


__all__ = [
    "FeedViewSet",
    "MetricViewSet",
    "ObservationViewSet",
    "SourceViewSet",
    "SummaryViewSet",
]
