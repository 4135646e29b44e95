"""Reads of release events shared by the pages (and the API where it fits).

Every read starts from the public QuerySet methods (``ReleaseEvent.objects.public()``,
``Release.objects.public()``, ``Transfer.objects.public()``), so people whose names are
withheld are counted but never listed, and unpublished events appear nowhere.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat

from prisoners.models import Person
from releases.models import CountMetric, EventCount, Release, ReleaseEvent, Transfer
from sources.models import Citation
from tracker.renderers import (
    BooleanColumn,
    Export,
    IntegerColumn,
    ListColumn,
    PartialDateColumn,
    TextColumn,
    joined_list,
)


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


# --- the API lists and CSV exports ---------------------------------------------------------
# Columns are computed in SQL (see tracker.renderers): one definition for JSON and CSV.


def _public_event_slug(path: str) -> Case:
    """The event's slug when the event is published; null otherwise (never leak a draft)."""
    return Case(
        When(**{f"{path}__is_published": True}, then=F(f"{path}__slug")),
        default=Value(None),
        output_field=CharField(),
    )


def _identified_count(queryset: QuerySet, path: str) -> Coalesce:
    return Coalesce(
        Subquery(queryset.order_by().values(path).annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


RELEASE_EVENT_EXPORT = Export(
    "release-events",
    description="One row per published release event.",
    columns=(
        TextColumn("slug", "slug", "Stable identifier: /api/v1/release-events/<slug>/."),
        PartialDateColumn("date", "date", "Day of the release."),
        TextColumn("kind", "kind", "pardon, amnesty, exchange, deportation or other."),
        TextColumn("country", "country_id", "ISO code of the country that released the people."),
        TextColumn("title", "title", "Short title."),
        TextColumn("mediators", "mediators", "Who mediated, as reported."),
        TextColumn("context", "context", "What came with the release, as reported."),
        IntegerColumn(
            "people_identified",
            _identified_count(Release.objects.public().filter(event=OuterRef("pk")), "event"),
            "How many of the event's people this database identifies by name.",
        ),
        ListColumn(
            "released_reported",
            joined_list(
                EventCount.objects.filter(event=OuterRef("pk"), metric=CountMetric.RELEASED),
                Concat(
                    Cast("value", CharField()),
                    Value(" "),
                    "qualifier",
                    Value(" "),
                    "source__slug",
                    output_field=CharField(),
                ),
                Concat("source__slug", Cast("value", CharField()), output_field=CharField()),
            ),
            "Each source's count of people released, side by side, never merged: "
            "'<value> <qualifier> <source slug>', e.g. '123 exact bloomberg-news'. "
            "Qualifier: exact, at_least, more_than or about.",
        ),
        ListColumn(
            "destinations",
            joined_list(
                Transfer.objects.public().filter(release__event=OuterRef("pk")),
                "to_country_id",
                distinct=True,
            ),
            "ISO codes of the countries the identified people were taken to, sorted.",
        ),
    ),
)


RELEASE_EXPORT = Export(
    "releases",
    description="One row per release of a person shown by name.",
    columns=(
        IntegerColumn("id", "id", "Stable number of this release record."),
        TextColumn("person", "person__slug", "Slug of the person: /api/v1/prisoners/<slug>/."),
        TextColumn("person_name", "person__name", "The person's display name."),
        TextColumn(
            "event",
            _public_event_slug("event"),
            "Slug of the release event; empty for a release on its own (a sentence served).",
        ),
        PartialDateColumn("released_on", "released_on", "Day of the release."),
        TextColumn(
            "kind", "kind", "pardon, amnesty, sentence_served, exchange, acquittal or other."
        ),
        TextColumn(
            "outcome",
            "outcome",
            "stayed, left, forcibly_deported or refused_exile; empty when not known.",
        ),
        TextColumn("confidence", "confidence", "How sure the sources make us: low, medium, high."),
        ListColumn(
            "transferred_to",
            joined_list(
                Transfer.objects.filter(release=OuterRef("pk")), "to_country_id", "sequence"
            ),
            "ISO codes of the countries entered after the release, in order (UA;PL).",
        ),
    ),
)


TRANSFER_EXPORT = Export(
    "transfers",
    description="One row per border crossing after a release of a person shown by name.",
    columns=(
        IntegerColumn("id", "id", "Stable number of this crossing."),
        IntegerColumn("release", "release_id", "Number of the release it followed."),
        TextColumn("person", "release__person__slug", "Slug of the person."),
        TextColumn("person_name", "release__person__name", "The person's display name."),
        TextColumn(
            "event", _public_event_slug("release__event"), "Slug of the release event, if any."
        ),
        IntegerColumn(
            "sequence", "sequence", "1 for the first crossing after the release, then 2, ..."
        ),
        TextColumn("from_country", "from_country_id", "ISO code of the country left."),
        TextColumn("to_country", "to_country_id", "ISO code of the country entered."),
        PartialDateColumn("date", "date", "Day of the crossing."),
        TextColumn(
            "via", "via", "How, or through whom (e.g. the Ukrainian 'Khochu Zhyty' project)."
        ),
        BooleanColumn("forced", "forced", "true when reported as forced (a deportation)."),
        TextColumn("confidence", "confidence", "low, medium or high."),
    ),
)
