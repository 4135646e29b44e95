"""Reads of sources, documents, observations and feeds shared by the pages (and the API
where it fits).

Observations go through ``Observation.objects.public()`` (held values stay out), and a
document is listed only when something public cites it: a document's title can name a
person whose name is withheld, so a document cited only for such a record is never shown.
"""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from sources.models import Citation, Document, Feed, FeedRun, Metric, Observation, Source
from tracker.renderers import (
    BooleanColumn,
    DateColumn,
    DateTimeColumn,
    Export,
    IntegerColumn,
    TextColumn,
)

# The series the dashboard and the statistics page draw by default.
HEADLINE_METRIC = "political_prisoners_current"
# How many recent documents the sources page lists under each source.
DOCUMENTS_PER_SOURCE = 10


def observation_latest() -> QuerySet:
    """The latest public observation of every (metric, source) pair, with its document."""
    latest = (
        Observation.objects.public()
        .filter(metric=OuterRef("metric"), source=OuterRef("source"))
        .order_by("-as_of", "-pk")
        .values("pk")[:1]
    )
    return (
        Observation.objects.public()
        .filter(pk=Subquery(latest))
        .select_related("metric", "source", "document")
        .order_by("metric__slug", "source__name")
    )


def observation_series(*, metric: Metric) -> QuerySet:
    """Every public observation of one metric, by source then date: the chart's points."""
    return (
        Observation.objects.public()
        .filter(metric=metric)
        .select_related("source", "document")
        .order_by("source__name", "source_id", "as_of", "pk")
    )


def metric_list() -> QuerySet:
    """Every metric with its number of public observations (``observations_count``)."""
    return Metric.objects.annotate(
        observations_count=Count(
            "observations", filter=Q(observations__in=Observation.objects.public())
        )
    ).order_by("slug")


def document_public_ids() -> QuerySet:
    """Ids of documents that something public cites or that a public observation rests on."""
    return Document.objects.filter(
        Q(pk__in=Citation.objects.public().values("document_id"))
        | Q(pk__in=Observation.objects.public().values("document_id"))
    ).values("pk")


def source_list() -> QuerySet:
    """Every source with counts of its public documents and observations, and its most
    recent public documents (``recent_documents``). Two queries whatever the sizes."""
    public_documents = document_public_ids()
    return (
        Source.objects.annotate(
            documents_count=Count(
                "documents", filter=Q(documents__pk__in=public_documents), distinct=True
            ),
            observations_count=Count(
                "observations",
                filter=Q(observations__in=Observation.objects.public()),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "documents",
                # A sliced prefetch is one query with a window function, not one per source.
                queryset=Document.objects.filter(pk__in=public_documents).order_by(
                    "-published_on", "-pk"
                )[:DOCUMENTS_PER_SOURCE],
                to_attr="recent_documents",
            )
        )
        .order_by("name")
    )


def feed_health() -> QuerySet:
    """Every feed with its source and its latest run's outcome and time: the public health
    view. Errors and configuration stay in the admin."""
    last_run = FeedRun.objects.filter(feed=OuterRef("pk")).order_by("-started_at", "-pk")
    return (
        Feed.objects.select_related("source")
        .annotate(
            last_outcome=Subquery(last_run.values("outcome")[:1]),
            last_run_at=Subquery(last_run.values("started_at")[:1]),
        )
        .order_by("name", "pk")
    )


# --- the API lists and CSV exports ---------------------------------------------------------
# Columns are computed in SQL (see tracker.renderers): one definition for JSON and CSV.

SOURCE_EXPORT = Export(
    "sources",
    description="One row per source: who reported the facts.",
    columns=(
        TextColumn("slug", "slug", "Stable identifier, e.g. viasna."),
        TextColumn("name", "name", "Name of the source."),
        TextColumn(
            "kind",
            "kind",
            "human_rights_group, news_outlet, state_media, government, international or other.",
        ),
        TextColumn("url", "url", "Home page, if any."),
        TextColumn("notes", "notes", "How this source counts and what it covers."),
    ),
)


METRIC_EXPORT = Export(
    "metrics",
    description="One row per metric: what a reported number means.",
    columns=(
        TextColumn("slug", "slug", "Stable identifier, e.g. political_prisoners_current."),
        TextColumn("label", "label", "Short label."),
        TextColumn("definition", "definition", "What is counted, exactly."),
        IntegerColumn(
            "observations",
            Coalesce(
                Subquery(
                    Observation.objects.public()
                    .filter(metric=OuterRef("pk"))
                    .order_by()
                    .values("metric")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
            "Number of published observations of this metric.",
        ),
    ),
)


OBSERVATION_EXPORT = Export(
    "observations",
    description="One row per published number a source reported (the series behind the charts).",
    columns=(
        IntegerColumn("id", "id", "Stable number of this observation."),
        TextColumn("metric", "metric__slug", "Metric slug (see /api/v1/metrics/)."),
        TextColumn("source", "source__slug", "Slug of the source that reported it."),
        IntegerColumn("value", "value", "The number as reported."),
        TextColumn("qualifier", "qualifier", "exact, at_least, more_than or about."),
        DateColumn("as_of", "as_of", "The day the source says the number holds for."),
        TextColumn("document_title", "document__title", "Title of the document it was taken from."),
        TextColumn("document_url", "document__url", "Address of that document (empty for print)."),
        TextColumn("note", "note", "Remark, e.g. when parts do not add up to the total."),
    ),
)


FEED_EXPORT = Export(
    "feeds",
    description="Public health of the scheduled feeds: when each last succeeded or failed.",
    columns=(
        TextColumn("name", "name", "Name of the feed."),
        TextColumn("source", "source__slug", "Slug of the source it reads."),
        DateTimeColumn("last_success_at", "last_success_at", "Last successful refresh."),
        DateTimeColumn("last_failure_at", "last_failure_at", "Last failed refresh."),
        BooleanColumn(
            "stale",
            "stale",
            "true when no refresh has succeeded for three intervals: its numbers may be out of date.",
        ),
    ),
)


def _utc_text(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def feed_public_rows(*, now: datetime.datetime | None = None) -> list[dict]:
    """``FEED_EXPORT`` rows of every enabled feed: the public part of ``feed_health`` only
    (no address, configuration or error text, which stay in the admin)."""
    from sources.feeds import feed_health as feed_health_of

    rows = []
    for feed in Feed.objects.filter(enabled=True).select_related("source").order_by("name", "pk"):
        health = feed_health_of(feed, now=now)
        rows.append(
            {
                "name": feed.name,
                "source": feed.source.slug,
                "last_success_at": _utc_text(health["last_success_at"]),
                "last_failure_at": _utc_text(health["last_failure_at"]),
                "stale": health["stale"],
            }
        )
    return rows
