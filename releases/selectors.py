"""Reads of release events shared by the pages (and the API where it fits).

Every read starts from the public QuerySet methods (``ReleaseEvent.objects.public()``,
``Release.objects.public()``, ``Transfer.objects.public()``), so people whose names are
withheld are counted but never listed, and unpublished events appear nowhere.
"""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from prisoners.models import Person
from releases.models import CountMetric, EventCount, Release, ReleaseEvent, Transfer
from sources.models import Citation


def event_list_summaries() -> QuerySet:
    """Published events, newest first, each annotated with how many of its people the
    database identifies by name (``identified``), holds in all, withheld names included
    (``recorded``), and holds under withheld names (``withheld``), with the sources'
    "released" counts (``released_counts``).
    Two queries whatever the number of events."""
    return (
        ReleaseEvent.objects.public()
        .select_related("country")
        .annotate(
            identified=Count(
                "releases", filter=Q(releases__person__in=Person.objects.public()), distinct=True
            ),
            recorded=Count(
                "releases", filter=Q(releases__person__in=Person.objects.counted()), distinct=True
            ),
        )
        # Counted, never listed: how many of the event's people have withheld names.
        .annotate(withheld=F("recorded") - F("identified"))
        .prefetch_related(
            Prefetch(
                "counts",
                queryset=EventCount.objects.filter(metric=CountMetric.RELEASED)
                .select_related("source")
                .order_by("-value", "source__name", "pk"),
                to_attr="released_counts",
            )
        )
        .order_by("-date", "pk")
    )


def event_detail(*, slug: str) -> ReleaseEvent:
    """One published event with its counts (source, country, citations) and its own
    citations, annotated like ``event_list_summaries``; ReleaseEvent.DoesNotExist if hidden."""
    citations = Citation.objects.select_related("document__source").order_by("pk")
    return (
        event_list_summaries()
        .prefetch_related(
            Prefetch(
                "counts",
                queryset=EventCount.objects.select_related("source", "country")
                .prefetch_related(Prefetch("citations", queryset=citations))
                .order_by("metric", "country__name", "source__name", "pk"),
            ),
            Prefetch("citations", queryset=citations),
        )
        .get(slug=slug)
    )


def event_named_releases(*, event: ReleaseEvent) -> QuerySet:
    """The event's releases of people shown by name, with their border crossings."""
    return (
        Release.objects.public()
        .filter(event=event)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "transfers",
                queryset=Transfer.objects.select_related("from_country", "to_country").order_by(
                    "sequence"
                ),
            )
        )
        .order_by("person__name", "pk")
    )


def event_destinations(*, event: ReleaseEvent) -> list[dict]:
    """Where the event's identified people were taken: country, number of people."""
    return list(
        Transfer.objects.public()
        .filter(release__event=event)
        .values(code=F("to_country_id"), name=F("to_country__name"))
        .annotate(count=Count("release__person_id", distinct=True))
        .order_by("-count", "name")
    )
