"""Reads of sources, documents, observations and feeds shared by the pages (and the API
where it fits).

Observations go through ``Observation.objects.public()`` (held values stay out), and a
document is listed only when something public cites it: a document's title can name a
person whose name is withheld, so a document cited only for such a record is never shown.
"""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from sources.models import Citation, Document, Feed, FeedRun, Metric, Observation, Source

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
