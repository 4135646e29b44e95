"""Reads of people shared by the pages and the API: search, the list, the detail.

Every function starts from ``Person.objects.public()``, the one visibility rule, so no
caller can forget it. List reads prefetch everything a row shows, so the number of
queries does not grow with the page size.
"""

import json

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
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber

from prisoners.models import Charge, Country, Detention, Person, PersonName, Sentence, Tag
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


class JSONRows(Subquery):
    """The rows of a sub-query as one JSON text, ``[[c0, c1, ...], ...]``: a record's
    children (its sentences, its border crossings) come back inside the parent's row
    instead of in a query of their own.

    PostgreSQL aggregates with ``JSONB_AGG`` (dates become ISO text, booleans true/false);
    SQLite with ``JSON_GROUP_ARRAY`` (dates are ISO text already, booleans 0/1). Either way
    ``json_instances`` turns each row back into a model instance through the fields' own
    ``to_python``. Rows carry their position so no order is taken on trust.
    """

    output_field = TextField()

    def __init__(self, queryset: QuerySet, columns: list, **extra):
        self.width = len(columns)
        rows = queryset.order_by().values(
            **{f"c{i}": F(c) if isinstance(c, str) else c for i, c in enumerate(columns)}
        )
        super().__init__(rows, **extra)

    def as_sql(self, compiler, connection, template=None, **extra):
        # Only generated aliases (c0, c1, ...) are formatted into the SQL.
        cells = ", ".join(f"j.c{i}" for i in range(self.width))
        if connection.vendor == "postgresql":
            template = (
                "(SELECT COALESCE(JSONB_AGG(JSONB_BUILD_ARRAY("  # noqa: S608
                f"{cells})), '[]'::jsonb)::text FROM (%(subquery)s) AS j)"
            )
        else:
            template = f"(SELECT JSON_GROUP_ARRAY(JSON_ARRAY({cells})) FROM (%(subquery)s) AS j)"  # noqa: S608
        return super().as_sql(compiler, connection, template=template, **extra)


def json_children(
    model, queryset: QuerySet, *, order_by: list[str], path: str = "", extra: tuple[str, ...] = ()
) -> JSONRows:
    """Every concrete field of ``model`` for the rows of ``queryset`` (reached through
    ``path``, e.g. ``country__`` from a many-to-many table), then the ``extra`` columns,
    then the row's position in ``order_by`` order: the order the database itself gives,
    NULLs placed where it places them."""
    columns: list = [f"{path}{field.attname}" for field in model._meta.concrete_fields]
    columns += [f"{path}{name}" for name in extra]
    columns.append(Window(RowNumber(), order_by=[f"{path}{key}" for key in order_by]))
    return JSONRows(queryset, columns)


def json_rows(text: str | None) -> list[list]:
    """The rows of a ``json_children`` annotation in their order, positions dropped."""
    return [row[:-1] for row in sorted(json.loads(text or "[]"), key=lambda row: row[-1])]


def json_instance(model, row: list, *, using: str):
    """A model instance from a ``json_children`` row, each value through its field's
    ``to_python`` (ISO text to a date, 0/1 to a boolean), as if loaded by a query."""
    fields = model._meta.concrete_fields
    values = [field.to_python(value) for field, value in zip(fields, row, strict=False)]
    return model.from_db(using, [field.attname for field in fields], values)


def json_instances(model, text: str | None, *, using: str) -> list:
    return [json_instance(model, row, using=using) for row in json_rows(text)]


def _prefetched(instance, name: str, objects: list) -> None:
    """Store ``objects`` as the prefetched ``instance.<name>.all()``, as prefetch_related
    does: the related manager's own queryset, its result already known."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def person_detail(*, slug: str) -> Person:
    """One public person with everything the detail shows; Person.DoesNotExist if hidden.

    Four queries whatever the size of the record: the person with their citizenships,
    tags and spellings; the detentions with their charges and sentences; the releases
    with their event and border crossings; and every citation of any of those claims.
    Children come back inside their parent's row (``json_children``) and are attached
    as prefetched relations, so callers read ``.all()`` as usual and never query.

    Every claim read here belongs to this person, whom ``Person.objects.public()`` has
    just let through, so their citations need no visibility test of their own (the
    rule of ``Citation.objects.public()`` holds for all of them by construction).
    Releases keep their event only when it is published (``Release.event`` is then still
    set, so callers check ``event.is_published``).
    """
    through_citizenships = Person.citizenships.through.objects.filter(person_id=OuterRef("pk"))
    through_tags = Person.tags.through.objects.filter(person_id=OuterRef("pk"))
    person = (
        Person.objects.public()
        .annotate(
            citizenships_json=json_children(
                Country, through_citizenships, path="country__", order_by=["name", "code"]
            ),
            tags_json=json_children(Tag, through_tags, path="tag__", order_by=["label", "id"]),
            names_json=json_children(
                PersonName, PersonName.objects.filter(person_id=OuterRef("pk")), order_by=["id"]
            ),
        )
        .get(slug=slug)
    )
    db = person._state.db
    _prefetched(person, "citizenships", json_instances(Country, person.citizenships_json, using=db))
    _prefetched(person, "tags", json_instances(Tag, person.tags_json, using=db))
    names = json_instances(PersonName, person.names_json, using=db)
    for name in names:
        name.person = person
    _prefetched(person, "names", names)

    detentions = list(
        Detention.objects.filter(person=person)
        .select_related("recognised_by")
        .annotate(
            charges_json=json_children(
                Charge, Charge.objects.filter(detention_id=OuterRef("pk")), order_by=["id"]
            ),
            sentences_json=json_children(
                Sentence,
                Sentence.objects.filter(detention_id=OuterRef("pk")),
                order_by=["sentenced_on", "id"],
            ),
        )
        .order_by("detained_on", "pk")
    )
    releases = list(
        Release.objects.filter(person=person)
        .select_related("event", "event__country")
        .annotate(
            transfers_json=json_children(
                Transfer,
                Transfer.objects.filter(release_id=OuterRef("pk")),
                order_by=["sequence"],
                extra=("from_country__name", "to_country__name"),
            ),
        )
        .order_by("released_on", "pk")
    )

    claims: dict[tuple[str, int], object] = {("person", person.pk): person}
    for detention in detentions:
        detention.person = person
        charges = json_instances(Charge, detention.charges_json, using=db)
        sentences = json_instances(Sentence, detention.sentences_json, using=db)
        for record in (*charges, *sentences):
            record.detention = detention
        _prefetched(detention, "charges", charges)
        _prefetched(detention, "sentences", sentences)
        claims["detention", detention.pk] = detention
        claims.update((("sentence", sentence.pk), sentence) for sentence in sentences)
    for release in releases:
        release.person = person
        transfers = []
        for row in json_rows(release.transfers_json):
            transfer = json_instance(Transfer, row, using=db)
            from_name, to_name = row[-2:]
            transfer.release = release
            transfer.from_country = Country.from_db(
                db, ["code", "name"], [transfer.from_country_id, from_name]
            )
            transfer.to_country = Country.from_db(
                db, ["code", "name"], [transfer.to_country_id, to_name]
            )
            transfers.append(transfer)
        _prefetched(release, "transfers", transfers)
        claims["release", release.pk] = release
        claims.update((("transfer", transfer.pk), transfer) for transfer in transfers)
    _prefetched(person, "detentions", detentions)
    _prefetched(person, "releases", releases)

    ids: dict[str, list[int]] = {}
    for kind, pk in claims:
        ids.setdefault(kind, []).append(pk)
    condition = Q()
    for kind, pks in ids.items():
        condition |= Q(**{f"{kind}_id__in": pks})
    cited: dict[tuple[str, int], list] = {key: [] for key in claims}
    for citation in (
        Citation.objects.filter(condition).select_related("document__source").order_by("pk")
    ):
        for kind in ids:
            pk = getattr(citation, f"{kind}_id")
            if pk is not None:
                cited[kind, pk].append(citation)
                setattr(citation, kind, claims[kind, pk])
                break
    for key, record in claims.items():
        _prefetched(record, "citations", cited[key])
    return person


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
