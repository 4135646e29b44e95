"""Reads of people shared by the pages and the API: search, the list, the detail.

Every function starts from ``Person.objects.public()``, the one visibility rule, so no
caller can forget it. List reads prefetch everything a row shows, so the number of
queries does not grow with the page size.
"""

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from prisoners.models import Detention, Person, PersonName
from prisoners.names import match_score, name_key, word_keys
from releases.models import Release, ReleaseEvent, Transfer
from sources.models import Citation

# A person is found when one of their names scores at least this against the query.
MATCH_THRESHOLD = 0.5
# At most this many candidates are scored in Python; the keys filter narrows first.
CANDIDATE_LIMIT = 2000


def person_search_scores(*, query: str, queryset: QuerySet | None = None) -> dict[int, float]:
    """Person id → best score of any of their spellings against the query (public only).

    Candidates are the names whose key contains one of the query's word keys (an
    indexed-column scan); each is then scored with ``match_score``, so "Колесникова",
    "Kolesnikova" and "Kalesnikava" all reach the same record.
    """
    words = word_keys(query)
    if not words:
        return {}
    people = (queryset if queryset is not None else Person.objects.all()).public()
    names = PersonName.objects.filter(person__in=people.values("pk"))
    # Match on the longest query word first: it narrows the candidates most.
    longest = max(words, key=len)
    candidates = names.filter(key__contains=longest[: max(3, len(longest) - 2)])
    if not candidates.exists():
        candidates = names.filter(key__contains=words[0][:3])
    full_key = name_key(query)
    scores: dict[int, float] = {}
    for person_id, key in candidates.values_list("person_id", "key")[:CANDIDATE_LIMIT]:
        score = match_score(full_key, key)
        if score >= MATCH_THRESHOLD and score > scores.get(person_id, 0.0):
            scores[person_id] = score
    return scores


def person_search(*, query: str, queryset: QuerySet | None = None) -> QuerySet:
    """Public people matching the query, best match first (annotated ``search_rank``)."""
    base = (queryset if queryset is not None else Person.objects.all()).public()
    scores = person_search_scores(query=query, queryset=base)
    if not scores:
        return base.none()
    rank = Case(
        *(When(pk=pk, then=Value(score)) for pk, score in scores.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return base.filter(pk__in=scores.keys()).annotate(search_rank=rank).order_by("-search_rank", "name", "pk")


def person_list_prefetch(queryset: QuerySet) -> QuerySet:
    """What a list row shows: citizenships, tags, releases with event and transfers."""
    return queryset.prefetch_related(
        "citizenships",
        "tags",
        Prefetch(
            "releases",
            queryset=Release.objects.select_related("event").prefetch_related(
                Prefetch("transfers", queryset=Transfer.objects.order_by("sequence"))
            ),
        ),
        Prefetch("detentions", queryset=Detention.objects.order_by("detained_on", "pk")),
    )


def person_detail(*, slug: str) -> Person:
    """One public person with everything the detail shows; Person.DoesNotExist if hidden."""
    citations = Citation.objects.select_related("document__source")
    return (
        Person.objects.public()
        .prefetch_related(
            "citizenships",
            "tags",
            "names",
            Prefetch("citations", queryset=citations),
            Prefetch(
                "detentions",
                queryset=Detention.objects.order_by("detained_on", "pk").prefetch_related(
                    "charges",
                    "sentences__citations__document__source",
                    Prefetch("citations", queryset=citations),
                ),
            ),
            Prefetch(
                "releases",
                queryset=Release.objects.select_related("event")
                .order_by("released_on", "pk")
                .prefetch_related(
                    Prefetch("citations", queryset=citations),
                    Prefetch(
                        "transfers",
                        queryset=Transfer.objects.order_by("sequence")
                        .select_related("from_country", "to_country")
                        .prefetch_related(Prefetch("citations", queryset=citations)),
                    ),
                ),
            ),
        )
        .get(slug=slug)
    )


# --- reads for the researcher pages ------------------------------------------------------


def person_facets(*, queryset: QuerySet) -> dict[str, list[dict]]:
    """Counts of the given people by status, citizenship, tag, release event, destination
    and year of release, each the number of distinct people.

    One aggregate query per facet whatever the number of people: the filtered queryset is
    used as a subquery of ids, so its joins and ``distinct()`` cannot inflate a count.
    Only public people are counted and only published events listed: a facet count is
    a public read like any other.
    """
    people = Person.objects.public().filter(pk__in=queryset.order_by().values("pk"))
    per_person = Count("person_id", distinct=True)
    return {
        "status": list(
            people.order_by()
            .values("status")
            .annotate(count=Count("pk"))
            .order_by("-count", "status")
        ),
        "citizenship": list(
            Person.citizenships.through.objects.filter(person__in=people)
            .values(code=F("country_id"), name=F("country__name"))
            .annotate(count=per_person)
            .order_by("-count", "name")
        ),
        "tag": list(
            Person.tags.through.objects.filter(person__in=people)
            .values(slug=F("tag__slug"), label=F("tag__label"))
            .annotate(count=per_person)
            .order_by("-count", "label")
        ),
        "release_event": list(
            Release.objects.filter(person__in=people, event__in=ReleaseEvent.objects.public())
            .values(
                slug=F("event__slug"),
                title=F("event__title"),
                day=F("event__date"),
                precision=F("event__date_precision"),
            )
            .annotate(count=per_person)
            .order_by("-day", "slug")
        ),
        "destination": list(
            Transfer.objects.filter(release__person__in=people)
            .values(code=F("to_country_id"), name=F("to_country__name"))
            .annotate(count=Count("release__person_id", distinct=True))
            .order_by("-count", "name")
        ),
        "year": list(
            Release.objects.filter(person__in=people, released_on__isnull=False)
            .annotate(year=ExtractYear("released_on"))
            .values("year")
            .annotate(count=per_person)
            .order_by("-year")
        ),
    }


# Orders the people list offers, by the name used in the query string (?sort=).
PERSON_SORTS = ("name", "-updated", "-released", "-detained")


def person_order(*, queryset: QuerySet, sort: str) -> QuerySet:
    """The queryset in one of ``PERSON_SORTS``; dates come from subqueries, not joins, so
    a filter's joins on the same relation cannot change which release counts as latest."""
    if sort == "-updated":
        return queryset.order_by("-updated_at", "pk")
    if sort == "-released":
        latest = Release.objects.filter(person=OuterRef("pk")).order_by("-released_on")
        return queryset.annotate(
            latest_release=Subquery(latest.values("released_on")[:1])
        ).order_by(F("latest_release").desc(nulls_last=True), "name", "pk")
    if sort == "-detained":
        latest = Detention.objects.filter(person=OuterRef("pk")).order_by("-detained_on")
        return queryset.annotate(
            latest_detention=Subquery(latest.values("detained_on")[:1])
        ).order_by(F("latest_detention").desc(nulls_last=True), "name", "pk")
    return queryset.order_by("name", "pk")


def person_status_totals() -> dict[str, int]:
    """Everyone published, withheld names included, by status: totals only, no rows."""
    rows = Person.objects.counted().order_by().values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}
