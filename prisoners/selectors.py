"""Reads of people shared by the pages and the API: search, the list, the detail.

Every function starts from ``Person.objects.public()``, the one visibility rule, so no
caller can forget it. List reads prefetch everything a row shows, so the number of
queries does not grow with the page size.
"""

from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from prisoners.models import Detention, Person, PersonName, Sentence
from prisoners.names import match_score, name_key, word_keys
from releases.models import Release, ReleaseEvent, Transfer
from sources.models import Citation
from tracker.renderers import (
    Export,
    ListColumn,
    PartialDateColumn,
    TextColumn,
    joined_list,
    partial_date,
)

# A person is found when one of their names scores at least this against the query.
MATCH_THRESHOLD = 0.5
# At most this many candidates are scored in Python; the keys filter narrows first.
CANDIDATE_LIMIT = 2000
# A trigram-only match (PostgreSQL) scores this times its word similarity: at pg_trgm's
# default threshold (0.6) that is just above MATCH_THRESHOLD, and always below a match
# of the keys themselves (1.0 for the same key, 0.9+ for every word).
TRIGRAM_WEIGHT = 0.85


def person_search_scores(*, query: str, queryset: QuerySet | None = None) -> dict[int, float]:
    """Person id → best score of any of their spellings against the query (public only).

    Candidates are the names whose key contains one of the query's word keys (an
    indexed-column scan); each is then scored with ``match_score``, so "Колесникова",
    "Kolesnikova" and "Kalesnikava" all reach the same record.

    On PostgreSQL, names whose key is trigram-similar to the query's key (pg_trgm's
    word similarity, served by the GIN index of migration 0004) are candidates too, and
    a candidate scores at least ``TRIGRAM_WEIGHT`` × that similarity: a spelling no
    one listed, with a letter or two wrong anywhere in the word, still finds the person.
    SQLite has no pg_trgm and relies on the keys alone.
    """
    words = word_keys(query)
    if not words:
        return {}
    people = (queryset if queryset is not None else Person.objects.all()).public()
    names = PersonName.objects.filter(person__in=people.values("pk"))
    full_key = name_key(query)
    # Match on the longest query word first: it narrows the candidates most.
    longest = max(words, key=len)
    by_key = Q(key__contains=longest[: max(3, len(longest) - 2)])
    if connections[names.db].vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramWordSimilar
        from django.contrib.postgres.search import TrigramWordSimilarity

        # ``key %> query``: word_similarity(query, key) above pg_trgm's threshold (0.6).
        near = TrigramWordSimilar(F("key"), Value(full_key))
        rows = (
            names.filter(by_key | Q(near))
            .annotate(similarity=TrigramWordSimilarity(Value(full_key), "key"))
            .values_list("person_id", "key", "similarity")[:CANDIDATE_LIMIT]
        )
    else:
        candidates = names.filter(by_key)
        if not candidates.exists():
            candidates = names.filter(key__contains=words[0][:3])
        rows = candidates.annotate(similarity=Value(0.0)).values_list(
            "person_id", "key", "similarity"
        )[:CANDIDATE_LIMIT]
    scores: dict[int, float] = {}
    for person_id, key, similarity in rows:
        score = max(match_score(full_key, key), TRIGRAM_WEIGHT * (similarity or 0.0))
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
    return (
        base.filter(pk__in=scores.keys())
        .annotate(search_rank=rank)
        .order_by("-search_rank", "name", "pk")
    )


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
    """One public person with everything the detail shows; Person.DoesNotExist if hidden.

    A fixed number of queries whatever the size of the record. Citations go through
    ``Citation.objects.public()`` like every public read; releases keep their event only
    when it is published (``Release.event`` is then still set, so callers check
    ``event.is_published``).
    """
    citations = Citation.objects.public().select_related("document__source").order_by("pk")
    return (
        Person.objects.public()
        .prefetch_related(
            "citizenships",
            "tags",
            Prefetch("names", queryset=PersonName.objects.order_by("pk")),
            Prefetch("citations", queryset=citations),
            Prefetch(
                "detentions",
                queryset=Detention.objects.order_by("detained_on", "pk")
                .select_related("recognised_by")
                .prefetch_related(
                    "charges",
                    Prefetch("citations", queryset=citations),
                    Prefetch(
                        "sentences",
                        queryset=Sentence.objects.order_by("sentenced_on", "pk").prefetch_related(
                            Prefetch("citations", queryset=citations)
                        ),
                    ),
                ),
            ),
            Prefetch(
                "releases",
                queryset=Release.objects.select_related("event", "event__country")
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


# --- the API list and CSV export -------------------------------------------------------


def _latest_partial(queryset: QuerySet, date_field: str) -> Subquery:
    """The latest dated row's partial date as text (the last detention's, say)."""
    return Subquery(
        queryset.filter(**{f"{date_field}__isnull": False})
        .order_by(f"-{date_field}", "-pk")
        .annotate(day=partial_date(date_field, f"{date_field}_precision"))
        .values("day")[:1]
    )


PERSON_EXPORT = Export(
    "prisoners",
    description="One row per person shown by name; withheld and unpublished records never appear.",
    columns=(
        TextColumn("slug", "slug", "Stable identifier, used in URLs: /api/v1/prisoners/<slug>/."),
        TextColumn("name", "name", "Primary Latin-script display name."),
        TextColumn("gender", "gender", "female, male, other or unknown."),
        TextColumn(
            "status",
            "status",
            "Current status, derived from the timeline: detained, released (in the country), "
            "in_exile, died_in_custody or unknown.",
        ),
        ListColumn(
            "citizenships",
            joined_list(
                Person.citizenships.through.objects.filter(person_id=OuterRef("pk")), "country_id"
            ),
            "ISO 3166-1 alpha-2 codes of the person's citizenships, sorted.",
        ),
        ListColumn(
            "tags",
            joined_list(Person.tags.through.objects.filter(person_id=OuterRef("pk")), "tag__slug"),
            "Tag slugs (journalist, lawyer, human-rights-defender, ...), sorted.",
        ),
        TextColumn("occupation", "occupation", "Occupation as reported."),
        PartialDateColumn("birth_date", "birth_date", "Date of birth."),
        PartialDateColumn(
            "last_detained_on",
            _latest_partial(Detention.objects.filter(person=OuterRef("pk")), "detained_on"),
            "Start of the latest known detention.",
        ),
        PartialDateColumn(
            "last_released_on",
            _latest_partial(Release.objects.filter(person=OuterRef("pk")), "released_on"),
            "Date of the latest known release.",
        ),
        ListColumn(
            "release_events",
            joined_list(
                ReleaseEvent.objects.public().filter(releases__person=OuterRef("pk")),
                "slug",
                "date",
            ),
            "Slugs of the published release events the person was freed in, oldest first.",
        ),
        ListColumn(
            "transferred_to",
            joined_list(
                Transfer.objects.filter(release__person=OuterRef("pk")),
                "to_country_id",
                distinct=True,
            ),
            "ISO codes of every country the person was taken to after a release, sorted.",
        ),
    ),
)


def person_rows_ordering(*, searching: bool) -> tuple[str, ...]:
    """The list's stable order: by relevance when searching, else by name."""
    return ("-search_rank", "name", "id") if searching else ("name", "id")
