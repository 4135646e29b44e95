"""API endpoints for release events, releases and border crossings."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from prisoners.models import Person
from releases.filters import ReleaseEventFilter, ReleaseFilter, TransferFilter
from releases.models import EventCount, Release, ReleaseEvent, Transfer
from releases.selectors import (
    RELEASE_EVENT_EXPORT,
    RELEASE_EXPORT,
    TRANSFER_EXPORT,
    event_destinations,
    event_detail,
    event_named_releases,
)
from releases.serializers import ReleaseEventDetailSerializer
from sources.models import Citation
from tracker.viewsets import TrackerViewSet, list_schema, slug_parameter

# A change to any of these can change what an event, a release or a crossing shows.
CHANGED = (ReleaseEvent, EventCount, Release, Transfer, Person, Citation)


@extend_schema_view(
    list=list_schema(
        RELEASE_EVENT_EXPORT,
        "Published release events (pardons, amnesties, exchanges, deportations), newest first, "
        "with how many of their people are identified by name and where they were taken.",
    ),
    retrieve=extend_schema(
        description="One event: every source's counts side by side (never merged), the "
        "people identified by name, and their destinations.",
        parameters=[slug_parameter("release event, as in the list")],
        responses={
            200: ReleaseEventDetailSerializer,
            404: OpenApiResponse(description="No published event has this slug."),
        },
    ),
)
class ReleaseEventViewSet(TrackerViewSet):
    export = RELEASE_EVENT_EXPORT
    filterset_class = ReleaseEventFilter
    detail_serializer_class = ReleaseEventDetailSerializer
    ordering = ("-date", "id")
    changed_models = CHANGED

    def get_queryset(self):
        return ReleaseEvent.objects.public()

    def retrieve(self, request, slug: str | None = None, *args, **kwargs):
        try:
            event = event_detail(slug=slug or "")
        except ReleaseEvent.DoesNotExist:
            raise NotFound() from None
        event.named_releases = list(event_named_releases(event=event))
        event.destinations = event_destinations(event=event)
        return Response(ReleaseEventDetailSerializer(event).data)


@extend_schema_view(
    list=list_schema(
        RELEASE_EXPORT,
        "Releases of people shown by name, one row per release, in the order they were recorded.",
    )
)
class ReleaseViewSet(TrackerViewSet):
    export = RELEASE_EXPORT
    filterset_class = ReleaseFilter
    ordering = ("id",)
    changed_models = CHANGED

    def get_queryset(self):
        return Release.objects.public()


@extend_schema_view(
    list=list_schema(
        TRANSFER_EXPORT,
        "Border crossings after releases (Belarus → Ukraine → Poland ...), one row per "
        "crossing, in the order they were recorded.",
    )
)
class TransferViewSet(TrackerViewSet):
    export = TRANSFER_EXPORT
    filterset_class = TransferFilter
    ordering = ("id",)
    changed_models = CHANGED

    def get_queryset(self):
        return Transfer.objects.public()
