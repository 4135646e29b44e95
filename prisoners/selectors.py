"""Reads of people shared by the pages and the API: search, the list, the detail.

Every function starts from ``Person.objects.public()``, the one visibility rule, so no
caller can forget it. List reads prefetch everything a row shows, so the number of
queries does not grow with the page size.
"""

import difflib
import functools
import json
import operator
from functools import reduce

from django.db import connections
from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber

from prisoners.models import Charge, Country, Detention, Person, PersonName, Sentence, Tag
from prisoners.names import fold, key_match_score, name_key, word_keys
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
# Below this best score (no name holds every query word, one of them a letter off),
# the search also reads the names holding the rarest query word alone.
GOOD_MATCH = 0.75
# At most this many candidate names are scored in Python.
CANDIDATE_LIMIT = 2000
# A trigram-only match (PostgreSQL) scores this times its word similarity: at pg_trgm's
# default threshold (0.6) that is just above MATCH_THRESHOLD, and always below a match
# of the keys themselves (1.0 for the same key, 0.9+ for every word).
TRIGRAM_WEIGHT = 0.85
# Names whose keys score the same (the keys merge Lysin and Lisin, Staliarau and
# Staliareu) are told apart by how close their folded spelling is to the query's: at
# most this much is added, less than any difference between two key scores.
SPELLING_WEIGHT = 0.001


def _stem(word: str) -> str:
    """A query word less up to two final letters (endings differ between romanisations:
    -au/-ou/-ov, -ia/-ya), at least three letters: what a stored key must contain."""
    return word[: max(3, len(word) - 2)]


def _near(word: str) -> Q:
    """Keys that may hold ``word`` with a letter or two wrong: containing its stem, or
    either half of a long word ("stalarev" finds "stalerev" by "stal", "platnikavk"
    finds "platnikuk" by "platn")."""
    condition = Q(key__contains=_stem(word))
    if len(word) >= 8:  # halves of four letters or more: shorter ones are everywhere
        half = len(word) // 2
        condition |= Q(key__contains=word[:half]) | Q(key__contains=word[half:])
    return condition


def _candidate_rows(
    names: QuerySet, *, full_key: str, postgresql: bool, large: bool = False
) -> list[tuple]:
    """(person_id, key, folded, trigram similarity) of at most ``CANDIDATE_LIMIT`` names.

    No ORDER BY unless the set is larger than that: ordering the names by person (their
    model's default) would make PostgreSQL walk every name instead of the index's few.
    When it is larger (or known to be: ``large``), PostgreSQL keeps the most
    trigram-similar ones."""
    if postgresql:
        from django.contrib.postgres.search import TrigramWordSimilarity

        names = names.annotate(similarity=TrigramWordSimilarity(Value(full_key), "key"))
    else:
        names = names.annotate(similarity=Value(0.0, output_field=FloatField()))
    names = names.order_by()
    rows = []
    if not (large and postgresql):
        rows = list(
            names.values_list("person_id", "key", "folded", "similarity")[: CANDIDATE_LIMIT + 1]
        )
    if large or len(rows) > CANDIDATE_LIMIT:
        if postgresql:
            rows = list(
                names.order_by("-similarity", "pk").values_list(
                    "person_id", "key", "folded", "similarity"
                )[:CANDIDATE_LIMIT]
            )
        else:
            rows = rows[:CANDIDATE_LIMIT]
    return rows


def person_search_scores(*, query: str, queryset: QuerySet | None = None) -> dict[int, float]:
    """Person id → best score of any of their spellings against the query (public only).

    Each name is scored with ``key_match_score`` on its key, so "Колесникова",
    "Kolesnikova" and "Kalesnikava" all reach the same record. Candidates come from
    the keys' index (the trigram GIN index of migration 0004 on PostgreSQL; a scan of
    the key column on SQLite), narrowest first, each step only if the one before did
    not find the query:

    1. names whose key contains the stem of *every* query word: "Ivan Alehin" reads the
       few Ivans called Alehin (or Alehina), not the thousands of Ivans. Enough when a
       key has every query word whole;
    2. names whose key holds every query word give or take a letter (``_near``), and on
       PostgreSQL a word trigram-similar to any query word that no key contains
       (``key %> word``, pg_trgm's threshold 0.6: "Kelesnikava"). Enough when someone
       scores ``GOOD_MATCH``;
    3. names holding the stem of the query's rarest word (usually the surname), or on
       PostgreSQL a word trigram-similar to it: a first name or a patronymic that no
       spelling has does not hide the person. When every word some key holds is a common
       one, PostgreSQL reads the names trigram-similar to the whole query instead.

    On PostgreSQL a candidate also scores at least ``TRIGRAM_WEIGHT`` × the trigram word
    similarity of its key to the query's. Equal key scores are ordered by the closeness
    of the folded spelling to the query's (``SPELLING_WEIGHT``): "dzmitryi lysin" puts
    Lysin before Lisin.
    """
    from django.contrib.postgres.lookups import TrigramWordSimilar  # used on PostgreSQL only

    words = word_keys(query)
    if not words:
        return {}
    people = (queryset if queryset is not None else Person.objects.all()).public()
    names = PersonName.objects.filter(person__in=people.values("pk"))
    full_key = name_key(query)
    postgresql = connections[names.db].vendor == "postgresql"
    scores: dict[int, tuple[float, set[str]]] = {}

    def read(condition: Q, *, large: bool = False) -> list[tuple]:
        rows = _candidate_rows(
            names.filter(condition), full_key=full_key, postgresql=postgresql, large=large
        )
        for person_id, (score, spellings) in _scored(rows, full_key=full_key, words=words).items():
            held = scores.get(person_id)
            if held is None or score > held[0]:
                scores[person_id] = (score, spellings)
            elif score == held[0]:
                held[1].update(spellings)
        return rows

    rows = read(reduce(operator.and_, (Q(key__contains=_stem(word)) for word in words)))
    if not any(set(words) <= set(key.split()) for _, key, _, _ in rows):
        # How many names contain each stem, counted up to the limit: no key holds a word
        # that counts 0 (it is misspelt), and the rarest word narrows the most.
        found = dict(
            zip(words, _capped_counts(names, [_stem(word) for word in words]), strict=True)
        )
        near = {word: _near(word) for word in words}
        if postgresql:
            for word in words:
                if len(word) >= 4 and not found[word]:
                    near[word] |= Q(TrigramWordSimilar(F("key"), Value(word)))
        read(reduce(operator.and_, near.values()))
        if max((score for score, _ in scores.values()), default=0.0) < GOOD_MATCH:
            rarest = min(words, key=lambda word: (found[word] or CANDIDATE_LIMIT + 1, -len(word)))
            common = found[rarest] >= CANDIDATE_LIMIT
            if postgresql and common and len(words) > 1:
                # Every word found is a common one (the rare one is misspelt): thousands of
                # Stanislaus would be read to find one Halubenia; the names trigram-similar
                # to the whole query are the few that matter.
                read(Q(TrigramWordSimilar(F("key"), Value(full_key))))
            else:
                alone = Q(key__contains=_stem(rarest))
                if postgresql and len(rarest) >= 4:
                    alone |= Q(TrigramWordSimilar(F("key"), Value(rarest)))
                read(alone, large=common)
    return _ranks(scores, query=query)


def _capped_counts(names: QuerySet, stems: list[str]) -> list[int]:
    """How many of ``names`` contain each stem, counted up to ``CANDIDATE_LIMIT`` (a
    common first name stops there): one statement, one capped sub-query per stem."""
    parts, params = [], []
    for stem in stems:
        capped = names.filter(key__contains=stem).order_by().values("pk")[:CANDIDATE_LIMIT]
        sql, stem_params = capped.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608 (ORM SQL)
        params.extend(stem_params)
    with connections[names.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def _scored(
    rows: list[tuple], *, full_key: str, words: list[str]
) -> dict[int, tuple[float, set[str]]]:
    """Person id → (best score, folded spellings scoring it) over the candidate names that
    reach the threshold."""
    by_key: dict[str, float] = {}
    best: dict[int, tuple[float, set[str]]] = {}
    for person_id, key, folded, similarity in rows:
        score = by_key.get(key)
        if score is None:
            score = by_key[key] = key_match_score(full_key, words, key)
        score = max(score, TRIGRAM_WEIGHT * (similarity or 0.0))
        if score < MATCH_THRESHOLD:
            continue
        held = best.get(person_id)
        if held is None or score > held[0]:
            best[person_id] = (score, {folded})
        elif score == held[0]:
            held[1].add(folded)
    return best


def _ranks(found: dict[int, tuple[float, set[str]]], *, query: str) -> dict[int, float]:
    """Each person's score, plus at most ``SPELLING_WEIGHT`` for the closeness of their
    spelling to the query's. Only people scoring within ``SPELLING_WEIGHT`` of someone
    else can change places that way, so only they are compared, and character by
    character only in small groups (a thousand Aliaksandrs tie on the first name)."""
    folded_query = fold(query)
    order = sorted(found, key=lambda person_id: found[person_id][0])
    groups: list[list[int]] = []
    for person_id in order:
        if groups and found[person_id][0] - found[groups[-1][-1]][0] < SPELLING_WEIGHT:
            groups[-1].append(person_id)
        else:
            groups.append([person_id])
    ranks: dict[int, float] = {}
    for group in groups:
        closely = len(group) <= 20
        for person_id in group:
            score, spellings = found[person_id]
            if len(group) > 1:
                score += SPELLING_WEIGHT * max(
                    _spelling_closeness(folded_query, folded, closely=closely)
                    for folded in spellings
                )
            ranks[person_id] = score
    return ranks


def _spelling_closeness(query: str, folded: str, *, closely: bool) -> float:
    """1.0 for the same folded spelling (words in any order), else (``closely``) the share
    of matching characters: "ivan stalarieu" is closer to "ivan staliareu" than to
    "ivan staliarau"."""
    if query == folded or sorted(query.split()) == sorted(folded.split()):
        return 1.0
    if not closely:
        return 0.0
    return 0.99 * difflib.SequenceMatcher(None, query, folded, autojunk=False).ratio()


def person_search(*, query: str, queryset: QuerySet | None = None) -> QuerySet:
    """Public people matching the query, best match first (annotated ``search_rank``)."""
    base = (queryset if queryset is not None else Person.objects.all()).public()
    scores = person_search_scores(query=query, queryset=base)
    if not scores:
        return base.none()
    return (
        base.filter(pk__in=scores.keys())
        .annotate(search_rank=ScoreOf(scores))
        .order_by("-search_rank", "name", "pk")
    )


class ScoreOf(Func):
    """``CASE <pk> WHEN 7 THEN 0.99 WHEN 12 THEN 0.95 ... ELSE 0.0 END``: each row's score
    from a dict computed in Python. One expression with two parameters per person, where
    ``Case(When(pk=...))`` builds, resolves and compiles a lookup per person."""

    output_field = FloatField()

    def __init__(self, scores: dict[int, float], **extra):
        self.scores = dict(scores)
        super().__init__(F("pk"), **extra)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        whens = " ".join("WHEN %s THEN %s" for _ in self.scores)
        values = [value for pair in self.scores.items() for value in pair]
        return f"CASE {column} {whens} ELSE %s END", [*params, *values, 0.0]


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


@functools.cache
def _detail_querysets() -> tuple[QuerySet, QuerySet, QuerySet]:
    """The annotated querysets of ``person_detail``, built once: building and resolving
    their sub-queries took longer than running them. Only ever cloned (``get``,
    ``filter``), never evaluated, so sharing them between threads is safe."""
    through_citizenships = Person.citizenships.through.objects.filter(person_id=OuterRef("pk"))
    through_tags = Person.tags.through.objects.filter(person_id=OuterRef("pk"))
    people = Person.objects.public().annotate(
        citizenships_json=json_children(
            Country, through_citizenships, path="country__", order_by=["name", "code"]
        ),
        tags_json=json_children(Tag, through_tags, path="tag__", order_by=["label", "id"]),
        names_json=json_children(
            PersonName, PersonName.objects.filter(person_id=OuterRef("pk")), order_by=["id"]
        ),
    )
    detentions = (
        Detention.objects.select_related("recognised_by")
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
    releases = (
        Release.objects.select_related("event", "event__country")
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
    return people, detentions, releases


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
    people, detentions, releases = _detail_querysets()
    person = people.get(slug=slug)
    db = person._state.db
    _prefetched(person, "citizenships", json_instances(Country, person.citizenships_json, using=db))
    _prefetched(person, "tags", json_instances(Tag, person.tags_json, using=db))
    names = json_instances(PersonName, person.names_json, using=db)
    for name in names:
        name.person = person
    _prefetched(person, "names", names)

    detentions = list(detentions.filter(person=person))
    releases = list(releases.filter(person=person))

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
