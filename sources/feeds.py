"""Feeds: refreshing counts and rosters from the sources, and reviewing roster rows.

A refresh is: take the feed's lock, fetch (conditional GET), parse (pure), validate, then
write Observations or FeedItems and the feed's health in *one* transaction. Whatever goes
wrong before the commit leaves the data as it was, so the last good value stays current;
the FeedRun row and the feed's health fields record what happened. An unchanged body
(HTTP 304, or the same SHA-256 as the last good run) writes nothing but the run.

Every body that yields data is recorded as a Document, and every Observation cites it.
Document URLs are unique, so the Document's URL is the feed's URL with a
``#sha256=<hex>`` fragment: one Document per distinct body, which is what was consulted.

Roster rows never become people by themselves: an editor applies (``feed_item_apply``)
or rejects (``feed_item_reject``) each FeedItem.
"""

from __future__ import annotations

import bisect
import datetime
import gc
import logging
import math
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple
from urllib.parse import urldefrag

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from prisoners.models import Country, NameKind, Person, PersonName
from prisoners.names import fold, key_match_score, match_score, name_key, word_keys
from prisoners.services import person_status_refresh
from releases.models import Release, ReleaseEvent, ReleaseKind, Transfer
from sources.adapters import ConfigError, Count, FeedError, ParseError, RosterEntry, get_adapter
from sources.adapters.base import DEFAULT_MAX_JUMP_FACTOR, ContentRejected
from sources.adapters.csv_file import roster_entry
from sources.adapters.http import Fetched
from sources.models import (
    Citation,
    Document,
    Feed,
    FeedItem,
    FeedItemStatus,
    FeedRun,
    Metric,
    Observation,
    ObservationStatus,
    RunOutcome,
    Source,
)
from sources.services import citation_required

logger = logging.getLogger(__name__)

# A refresh may take the connect and read timeouts plus the whole-download deadline
# (three timeouts, see sources.adapters.http) and the write; the task's limits and the
# lock's lifetime follow from that, so a lock never outlives a task that could hold it.
REFRESH_SOFT_TIME_LIMIT = 4 * settings.FEEDS_TIMEOUT_SECONDS + 60
REFRESH_TIME_LIMIT = REFRESH_SOFT_TIME_LIMIT + 30
LOCK_TTL = REFRESH_TIME_LIMIT + 30
STALE_AFTER_INTERVALS = 3
# Failed runs in a row push the next run back: interval × 2^(failures−1), at most a day
# (or one interval, for feeds refreshed less often than daily).
MAX_BACKOFF_MINUTES = 24 * 60
# A roster name is matched automatically when match_score reaches this (every word of
# the name equals a word of a stored name); the editor still reviews every match.
MATCH_THRESHOLD = 0.9


# --- configuration -----------------------------------------------------------------------


def feed_config_validate(*, adapter: str, config: Any) -> dict[str, Any]:
    """The config if the adapter can work with it; ValidationError names the key."""
    try:
        checked = get_adapter(adapter).validate_config(config)
    except ConfigError as exc:
        raise ValidationError(str(exc), code=exc.key or "config") from None
    if "metric" in checked and not Metric.objects.filter(slug=checked["metric"]).exists():
        raise ValidationError(
            f"metric: no metric with slug {checked['metric']!r} (create it first)", code="metric"
        )
    return checked


@transaction.atomic
def feed_create(
    *,
    source: Source,
    url: str,
    adapter: str,
    config: dict[str, Any],
    interval: int = 60,
    name: str = "",
    enabled: bool = True,
) -> Feed:
    config = feed_config_validate(adapter=adapter, config=config)
    feed = Feed(
        source=source,
        url=url,
        adapter=adapter,
        config=config,
        interval=interval,
        name=name or f"{source.name}: {adapter}",
        enabled=enabled,
    )
    feed.full_clean()
    feed.save()
    return feed


# --- locking and scheduling ------------------------------------------------------------------


@contextmanager
def feed_lock(*, feed_id: int, owner: str) -> Iterator[bool]:
    """One refresh of a feed at a time, across workers and machines (the cache is Redis
    in production; LocMem in one process without it). Yields whether we hold it.

    The owner is the Celery task id: a task redelivered after its worker died has the
    same id and takes its own stale lock over instead of waiting for it to expire.
    """
    key = f"feeds:lock:{feed_id}"
    held = cache.add(key, owner, timeout=LOCK_TTL)
    if not held and cache.get(key) == owner:
        cache.set(key, owner, timeout=LOCK_TTL)
        held = True
    try:
        yield held
    finally:
        if held and cache.get(key) == owner:
            cache.delete(key)


def feeds_due(*, now: datetime.datetime) -> QuerySet[Feed]:
    return Feed.objects.filter(enabled=True).filter(
        Q(next_run_at__isnull=True) | Q(next_run_at__lte=now)
    )


def feed_claim(*, feed: Feed, now: datetime.datetime) -> bool:
    """Move a due feed's next run forward before enqueueing it, so the next beat does not
    enqueue it again while it waits in the queue. False if another scheduler got there first."""
    claimed = Feed.objects.filter(pk=feed.pk, next_run_at=feed.next_run_at).update(
        next_run_at=now + datetime.timedelta(minutes=feed.interval)
    )
    return claimed == 1


def _backoff(feed: Feed, failures: int) -> datetime.timedelta:
    minutes = feed.interval * 2 ** min(failures - 1, 16)
    return datetime.timedelta(minutes=min(minutes, max(feed.interval, MAX_BACKOFF_MINUTES)))


# --- refreshing ----------------------------------------------------------------------------------


def feed_refresh(*, feed: Feed, lock_owner: str | None = None) -> FeedRun | None:
    """Refresh one feed now. Returns its FeedRun, or None if another refresh holds the lock.

    Never raises for a broken feed: the run records the error. Unexpected errors (a bug)
    are recorded too, then raised.
    """
    with feed_lock(feed_id=feed.pk, owner=lock_owner or f"sync-{uuid.uuid4()}") as held:
        if not held:
            logger.info("feed %s is being refreshed elsewhere; skipped", feed.pk)
            return None
        with _collector_paused():
            return _refresh_locked(feed)


def _refresh_locked(feed: Feed) -> FeedRun:
    feed.refresh_from_db()
    started = timezone.now()
    # We hold the lock, so a run still marked running was cut off (its worker died).
    feed.runs.filter(outcome=RunOutcome.RUNNING).update(
        outcome=RunOutcome.FAILED,
        finished_at=started,
        error="interrupted: the worker stopped before the run finished",
    )
    run = FeedRun.objects.create(feed=feed, started_at=started)
    try:
        adapter = get_adapter(feed.adapter)
        config = adapter.validate_config(feed.config)
        fetched = adapter.fetch(
            url=feed.url, config=config, etag=feed.etag, last_modified=feed.last_modified
        )
        run.http_status = fetched.status
        run.bytes = len(fetched.body)
        if fetched.not_modified:
            return _finish_unchanged(feed, run, fetched)
        run.content_sha256 = fetched.sha256
        if fetched.sha256 == feed.last_content_sha256:
            return _finish_unchanged(feed, run, fetched)
        items = adapter.parse(fetched.body, config=config, charset=fetched.charset)
        run.items_seen = len(items)
        with transaction.atomic():
            # Serialises writers even if a lock expired: the second sees the first's hash.
            locked = Feed.objects.select_for_update().get(pk=feed.pk)
            if locked.last_content_sha256 == fetched.sha256:
                return _finish_unchanged(feed, run, fetched)
            _write(feed, run, fetched, items, config)
        return run
    except ConfigError as exc:
        _finish_failed(feed, run, f"configuration: {exc}", outcome=RunOutcome.FAILED)
    except FeedError as exc:
        _finish_failed(feed, run, str(exc), outcome=exc.outcome, retryable=exc.retryable)
    except Exception as exc:
        # Includes Celery's SoftTimeLimitExceeded. Recorded so the admin shows it, then
        # raised so the worker logs the traceback.
        _finish_failed(
            feed, run, f"internal error: {type(exc).__name__}: {exc}", outcome=RunOutcome.FAILED
        )
        raise
    return run


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a run fetches, parses and writes.

    A 10,000-row roster makes millions of small objects (rows, items, and the index of
    every stored spelling). None of them is in a reference cycle, but each burst of
    allocations sets off a collection that walks them all again: at 100,000 people that
    was about a third of the index's build time. Reference counting still frees
    everything as usual, and the collector is back on (if it was on) when the run ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(
    feed: Feed, run: FeedRun, fetched: Fetched, items: Sequence[Count | RosterEntry], config
) -> None:
    document = _document_record(feed, fetched, retrieved_at=run.started_at)
    counts = [item for item in items if isinstance(item, Count)]
    entries = [item for item in items if isinstance(item, RosterEntry)]
    if counts:
        _observations_write(feed, run, document, counts, config, retrieved_on=run.started_at.date())
    if entries:
        _roster_write(feed, run, entries)
    run.document = document
    _finish_succeeded(feed, run, fetched, outcome=RunOutcome.OK)


def _finish_unchanged(feed: Feed, run: FeedRun, fetched: Fetched) -> FeedRun:
    _finish_succeeded(feed, run, fetched, outcome=RunOutcome.UNCHANGED)
    return run


def _finish_succeeded(feed: Feed, run: FeedRun, fetched: Fetched, *, outcome: str) -> None:
    now = timezone.now()
    run.outcome = outcome
    run.finished_at = now
    run.save()
    updates: dict[str, Any] = {
        "failures": 0,
        "last_success_at": now,
        "last_error": "",
        "next_run_at": now + datetime.timedelta(minutes=feed.interval),
    }
    if outcome == RunOutcome.OK:
        # Validators and hash only ever describe a body that was written.
        updates.update(
            etag=fetched.etag[:300],
            last_modified=fetched.last_modified[:100],
            last_content_sha256=fetched.sha256,
        )
    else:
        # A 304 may omit the validators; keep the ones we have rather than forget them.
        if fetched.etag:
            updates["etag"] = fetched.etag[:300]
        if fetched.last_modified:
            updates["last_modified"] = fetched.last_modified[:100]
    Feed.objects.filter(pk=feed.pk).update(**updates)


def _finish_failed(
    feed: Feed, run: FeedRun, error: str, *, outcome: str, retryable: bool = False
) -> None:
    now = timezone.now()
    # Whatever the rolled-back write put on the run object in memory is undone here too.
    run.outcome = outcome
    run.error = error
    run.retryable = retryable
    run.finished_at = now
    run.document = None
    run.items_new = run.items_held = 0
    run.warnings = ""
    run.save()
    failures = Feed.objects.get(pk=feed.pk).failures + 1
    Feed.objects.filter(pk=feed.pk).update(
        failures=failures,
        last_failure_at=now,
        last_error=error,
        next_run_at=now + _backoff(feed, failures),
    )
    logger.warning("feed %s %s: %s", feed.pk, outcome, error)


def _document_record(feed: Feed, fetched: Fetched, *, retrieved_at: datetime.datetime) -> Document:
    base, _ = urldefrag(feed.url)
    document, _ = Document.objects.get_or_create(
        url=f"{base}#sha256={fetched.sha256}",
        defaults={
            "source": feed.source,
            "title": f"{feed.name}: feed body retrieved {retrieved_at:%Y-%m-%d %H:%M} UTC",
            "publisher": feed.source.name,
            "retrieved_at": retrieved_at,
            "content_sha256": fetched.sha256,
        },
    )
    return document


# --- counts ---------------------------------------------------------------------------------------


def _jumps(value: int, reference: int, factor: float) -> bool:
    reference = max(reference, 1)
    return value > reference * factor or value * factor < reference


def _observations_write(
    feed: Feed,
    run: FeedRun,
    document: Document,
    counts: Sequence[Count],
    config: dict[str, Any],
    *,
    retrieved_on: datetime.date,
) -> None:
    metrics = {m.slug: m for m in Metric.objects.filter(slug__in={c.metric for c in counts})}
    for count in counts:
        if count.metric not in metrics:
            raise ContentRejected(
                f"metric {count.metric!r} does not exist; create it before refreshing"
            )

    # One value per metric and day; a feed that gives two is contradicting itself.
    dated: dict[tuple[str, datetime.date], Count] = {}
    for count in counts:
        as_of = count.as_of or retrieved_on
        if as_of > retrieved_on + datetime.timedelta(days=1):
            raise ParseError(f"{count.where}: the date {as_of} is in the future")
        earlier = dated.setdefault((count.metric, as_of), count)
        if earlier.value != count.value:
            raise ParseError(
                f"{count.where} gives {count.metric} = {count.value} for {as_of}, "
                f"but {earlier.where} gives {earlier.value}"
            )

    factor = config.get("max_jump_factor", DEFAULT_MAX_JUMP_FACTOR)
    source = feed.source
    existing = {
        (o.metric.slug, o.as_of): o
        for o in Observation.objects.filter(
            source=source, metric__in=metrics.values(), as_of__in={d for _, d in dated}
        ).select_related("metric")
    }
    # The published series of each metric, by date: what a new value is compared with.
    series: dict[str, list[tuple[datetime.date, int]]] = {slug: [] for slug in metrics}
    for slug, as_of, value in Observation.objects.filter(
        source=source, metric__in=metrics.values(), status=ObservationStatus.PUBLISHED
    ).values_list("metric__slug", "as_of", "value"):
        series[slug].append((as_of, value))
    for points in series.values():
        points.sort()

    created: list[tuple[Observation, Count]] = []
    changed: list[tuple[Observation, Count]] = []
    warnings: list[str] = []
    held = 0
    for (slug, as_of), count in sorted(dated.items(), key=lambda pair: pair[0][1]):
        # The last published point before this day, else the first after it; points of
        # the same day (the value being revised) do not count. Found by bisection in the
        # sorted series: copying it without this day's points made a long series
        # quadratic.
        points = series[slug]
        low = bisect.bisect_left(points, (as_of, -1))
        high = bisect.bisect_right(points, (as_of, math.inf), lo=low)
        after = points[high] if high < len(points) else None
        reference = points[low - 1] if low else after
        status = ObservationStatus.PUBLISHED
        note = ""
        if reference and _jumps(count.value, reference[1], factor):
            status = ObservationStatus.HELD
            note = (
                f"held for review: {count.value} is more than {factor:g} times away from "
                f"the last published {reference[1]} (as of {reference[0]})"
            )
            held += 1
        observation = existing.get((slug, as_of))
        if observation is None:
            observation = Observation(
                metric=metrics[slug],
                source=source,
                value=count.value,
                qualifier=count.qualifier,
                as_of=as_of,
                document=document,
                feed_run=run,
                status=status,
                note=note,
            )
            created.append((observation, count))
        elif observation.value == count.value and observation.qualifier == count.qualifier:
            continue
        elif observation.feed_run_id is None:
            warnings.append(
                f"{count.where}: {slug} for {as_of} is {count.value} here, but an editor entered "
                f"{observation.value}; the editor's value stays"
            )
            continue
        elif status == ObservationStatus.HELD and observation.status == ObservationStatus.PUBLISHED:
            # One row per day: holding the revision would unpublish the good value.
            warnings.append(f"{count.where}: revision of {slug} for {as_of} not applied; {note}")
            continue
        else:
            note = note or f"revised by the source from {observation.value}"
            observation.value, observation.qualifier = count.value, count.qualifier
            observation.document, observation.feed_run = document, run
            observation.status, observation.note = status, note
            observation.save()
            changed.append((observation, count))
        if status == ObservationStatus.PUBLISHED:
            bisect.insort(series[slug], (as_of, count.value))

    # bulk_create sets the ids in place on PostgreSQL and SQLite, so citations can follow.
    bulk_create_with_history([o for o, _ in created], Observation)
    bulk_create_with_history(
        [
            Citation(document=document, observation=o, field="value", quote=c.quote)
            for o, c in created + changed
        ],
        Citation,
    )
    run.items_new = len(created) + len(changed)
    run.items_held = held
    run.warnings = "\n".join(warnings)


# --- rosters ----------------------------------------------------------------------------------------


def _birth_dates_agree(person: Person, birth_date: datetime.date, precision: str) -> bool:
    """Compared at the coarser of the two precisions: '1965' agrees with '1965-07-12'."""
    if person.birth_date is None:
        return True
    order = {"year": 0, "month": 1, "day": 2}
    coarser = min(order[precision], order[person.birth_date_precision])
    parts = ("year", "month", "day")[: coarser + 1]
    return all(getattr(person.birth_date, p) == getattr(birth_date, p) for p in parts)


def feed_item_match(
    *, name: str, birth_date: datetime.date | None = None, birth_date_precision: str = "day"
) -> tuple[Person | None, float | None, str]:
    """The existing person a roster name most likely is: (person, score, note for the editor).

    Not ``prisoners.selectors.person_search_scores``: that sees public people only, and a
    roster must also find the unpublished and the withheld, or it would duplicate them.

    Candidates share at least one word key with the name; each is scored with
    ``prisoners.names.match_score`` on its best spelling. A birth date, when the row gives
    one, rules out people born at another time. Ties leave the choice to the editor.
    ``feed_items_match`` gives the same answers for many rows at once.
    """
    words = [w for w in word_keys(name) if len(w) > 2] or word_keys(name)
    if not words:
        return None, None, NO_LETTERS
    condition = Q()
    for word in words:
        condition |= Q(key__contains=word)
    best: dict[int, tuple[float, Person]] = {}
    for spelling in PersonName.objects.filter(condition).select_related("person"):
        score = match_score(name, spelling.key)
        if score > best.get(spelling.person_id, (0.0, None))[0]:
            best[spelling.person_id] = (score, spelling.person)
    return _match_decision(best, birth_date=birth_date, birth_date_precision=birth_date_precision)


NO_LETTERS = "the name has no letters to match on"


def _match_decision(
    best: dict[int, tuple[float, Person]],
    *,
    birth_date: datetime.date | None,
    birth_date_precision: str,
) -> tuple[Person | None, float | None, str]:
    """From each candidate's best score to the answer: the one clear match, a tie for
    the editor, or nobody."""
    candidates = sorted(
        ((score, person) for score, person in best.values() if score >= MATCH_THRESHOLD),
        key=lambda pair: (-pair[0], pair[1].pk),
    )
    if birth_date is not None:
        candidates = [
            c for c in candidates if _birth_dates_agree(c[1], birth_date, birth_date_precision)
        ]
    if not candidates:
        return None, None, "no existing person matches: applying creates a new, unpublished one"
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        slugs = ", ".join(person.slug for _, person in candidates[:5])
        return (
            None,
            candidates[0][0],
            f"{len(candidates)} people match equally well ({slugs}): choose one",
        )
    score, person = candidates[0]
    return person, score, ""


# A roster of more rows than this is matched against every stored spelling read once
# into a word index, instead of with queries per row.
MATCH_INDEX_FROM_ROWS = 200
# A name of more words may match with one of them a near miss (not a prefix of any
# stored word); those rows are matched one by one with ``feed_item_match``.
MATCH_PREFIX_WORDS = 3


class _Someone(NamedTuple):
    """What matching needs of a person: the id, the slug (for the note), the birth date."""

    pk: int
    slug: str
    birth_date: datetime.date | None
    birth_date_precision: str


class _SpellingIndex:
    """Every stored spelling, indexed by its key and by the words of its key, with what
    matching needs of every person: for matching many rows at once, from two queries.

    ``candidates(words, year)`` are the spellings in which every query word begins some
    word of the key, of people born in ``year`` or of unknown birth (anyone else would be
    ruled out by the birth date anyway): read from the postings of the query word with
    the fewest, then checked against the stored words beginning with each other word."""

    def __init__(self, *, keys: set[str]) -> None:
        """``keys``: the keys to look up whole (``by_key``)."""
        self.people = {
            values[0]: _Someone(*values)
            for values in _fetch(
                Person.objects.order_by().values_list(
                    "id", "slug", "birth_date", "birth_date_precision"
                )
            )
        }
        born = {
            pid: someone.birth_date.year if someone.birth_date else None
            for pid, someone in self.people.items()
        }
        fetched = _fetch(PersonName.objects.order_by().values_list("person_id", "key"))
        self.person_ids = [person_id for person_id, _ in fetched]
        self.keys = [key for _, key in fetched]
        self.years = [born[person_id] for person_id in self.person_ids]
        self.by_key: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for at, (person_id, key) in enumerate(fetched):
            if key in keys:
                self.by_key.setdefault(key, []).append(person_id)
            for word in key.split():
                # A word repeated in one key is listed twice; ``candidates`` reads each
                # spelling once.
                spellings = postings.get(word)
                if spellings is None:
                    postings[word] = [at]
                else:
                    spellings.append(at)
        self.postings = postings
        self.words = sorted(postings)
        self._prefixed: dict[str, tuple[int, frozenset[str]]] = {}

    def prefixed(self, word: str) -> tuple[int, frozenset[str]]:
        """(spellings, stored words) for the stored words beginning with ``word``."""
        found = self._prefixed.get(word)
        if found is None:
            at = bisect.bisect_left(self.words, word)
            stored = []
            while at < len(self.words) and self.words[at].startswith(word):
                stored.append(self.words[at])
                at += 1
            found = (sum(len(self.postings[w]) for w in stored), frozenset(stored))
            self._prefixed[word] = found
        return found

    def candidates(self, words: list[str], year: int | None) -> Iterator[tuple[int, str]]:
        rarest = min(words, key=lambda word: self.prefixed(word)[0])
        others = [self.prefixed(word)[1] for word in words if word != rarest]
        years, keys = self.years, self.keys
        seen: set[int] = set()
        for stored in self.prefixed(rarest)[1]:
            for at in self.postings[stored]:
                if year is not None and years[at] is not None and years[at] != year:
                    continue
                if at in seen:
                    continue
                seen.add(at)
                key = keys[at]
                if others:
                    key_words = key.split()
                    if any(beginning.isdisjoint(key_words) for beginning in others):
                        continue
                yield self.person_ids[at], key


def _fetch(rows: QuerySet) -> list[tuple]:
    """The tuples of a ``values_list`` through the cursor: hundreds of thousands of rows
    need no model layer."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def feed_items_match(
    entries: Sequence[RosterEntry],
) -> list[tuple[Person | None, float | None, str]]:
    """``feed_item_match`` for every entry, in order, with the same answers (see
    ``_items_match``), each person a ``Person`` with the fields matching read."""
    fields = ["id", *_Someone._fields[1:]]
    alias = PersonName.objects.db
    return [
        (
            Person.from_db(alias, fields, list(person)) if isinstance(person, _Someone) else person,
            score,
            note,
        )
        for person, score, note in _items_match(entries)
    ]


def _items_match(
    entries: Sequence[RosterEntry],
) -> list[tuple[_Someone | Person | None, float | None, str]]:
    """``feed_item_match`` for every entry, in order, with the same answers, without a
    query and a scan of every shared word per row.

    1. A row whose key is the key of a spelling of exactly one person (born when the
       row says) is that person, score 1.0: nobody else can score 1.0 and every other
       candidate scores less.
    2. The other rows of up to ``MATCH_PREFIX_WORDS`` words can only reach the threshold
       (0.9, every word matching) with spellings in which each of their words begins a
       word of the key (a near miss scores at most 0.7, which three words cannot make
       up). Those spellings are scored like ``feed_item_match`` scores them.
    3. Longer names go through ``feed_item_match`` itself.

    Up to ``MATCH_INDEX_FROM_ROWS`` rows, steps 1 and 2 ask the database (one query for
    step 1, one per row for step 2); a longer roster reads every stored spelling once
    into a ``_SpellingIndex`` and asks it.
    """
    results: list[tuple[_Someone | Person | None, float | None, str] | None] = [None] * len(entries)
    keys = [name_key(entry.name) for entry in entries]
    index = _SpellingIndex(keys=set(keys)) if len(entries) > MATCH_INDEX_FROM_ROWS else None
    exact: dict[str, set[_Someone]] = {}
    if index is not None:
        for key in set(keys):
            if key in index.by_key:
                exact[key] = {index.people[pid] for pid in index.by_key[key]}
    else:
        for chunk in _chunks(sorted({key for key in keys if key})):
            for key, *person in (
                PersonName.objects.filter(key__in=chunk)
                .order_by()
                .values_list(
                    "key",
                    "person_id",
                    "person__slug",
                    "person__birth_date",
                    "person__birth_date_precision",
                )
            ):
                exact.setdefault(key, set()).add(_Someone(*person))
    rest: list[int] = []
    for at, (entry, key) in enumerate(zip(entries, keys, strict=True)):
        named = [
            someone
            for someone in exact.get(key, ())
            if entry.birth_date is None
            or _birth_dates_agree(someone, entry.birth_date, entry.birth_date_precision)
        ]
        if len(named) == 1:
            results[at] = (named[0], 1.0, "")
        else:
            rest.append(at)

    # A key's words are its own word keys (``word_keys`` of a key is the key, split).
    words_of = {at: list(dict.fromkeys(keys[at].split())) for at in rest}
    scored: dict[int, dict[int, float]] = {}
    for at in rest:
        words = words_of[at]
        if not 0 < len(words) <= MATCH_PREFIX_WORDS:
            continue
        born = entries[at].birth_date
        if index is not None:
            spellings = index.candidates(words, born.year if born else None)
        else:
            condition = Q()
            for word in words:
                condition &= Q(key__contains=word)
            spellings = PersonName.objects.filter(condition).values_list("person_id", "key")
        best: dict[int, float] = {}
        for person_id, stored_key in spellings:
            score = key_match_score(keys[at], words, stored_key)
            # Below the threshold a candidate plays no part in the answer.
            if score >= MATCH_THRESHOLD and score > best.get(person_id, 0.0):
                best[person_id] = score
        scored[at] = best
    people = (
        index.people
        if index is not None
        else _match_people({pid for best in scored.values() for pid in best})
    )
    for at, best in scored.items():
        entry = entries[at]
        results[at] = _match_decision(
            {pid: (score, people[pid]) for pid, score in best.items()},
            birth_date=entry.birth_date,
            birth_date_precision=entry.birth_date_precision,
        )
    for at in rest:
        if results[at] is None:
            entry = entries[at]
            results[at] = feed_item_match(
                name=entry.name,
                birth_date=entry.birth_date,
                birth_date_precision=entry.birth_date_precision,
            )
    return results  # type: ignore[return-value]  (every row has its answer by now)


def _match_people(ids: set[int]) -> dict[int, _Someone]:
    return {
        values[0]: _Someone(*values)
        for chunk in _chunks(sorted(ids))
        for values in Person.objects.filter(pk__in=chunk)
        .order_by()
        .values_list("id", "slug", "birth_date", "birth_date_precision")
    }


def _chunks(values: list, size: int = 500) -> Iterator[list]:
    """``values`` in slices small enough for any database's limit on query parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _roster_write(feed: Feed, run: FeedRun, entries: Sequence[RosterEntry]) -> None:
    existing = {
        item.external_id: item
        for item in FeedItem.objects.filter(
            feed=feed, external_id__in=[e.external_id for e in entries]
        )
    }
    # Reviewed rows stay reviewed; unchanged pending rows stay as they are.
    todo = [
        entry
        for entry in entries
        if (item := existing.get(entry.external_id)) is None
        or (item.status == FeedItemStatus.PENDING and item.payload != entry.row)
    ]
    new_items = []
    for entry, (person, score, note) in zip(todo, _items_match(todo), strict=True):
        # Only the id is stored; a Person object per row would cost more than the match.
        person_id = None if person is None else person.pk
        item = existing.get(entry.external_id)
        if item is None:
            new_items.append(
                FeedItem(
                    feed_id=feed.pk,
                    feed_run_id=run.pk,
                    external_id=entry.external_id,
                    payload=entry.row,
                    person_id=person_id,
                    match_score=score,
                    note=note,
                )
            )
        else:
            item.feed_run, item.payload, item.person_id, item.match_score, item.note = (
                run,
                entry.row,
                person_id,
                score,
                note,
            )
            item.save(update_fields=["feed_run", "payload", "person", "match_score", "note"])
    _feed_items_create(new_items)
    run.items_new = len(new_items)


# From this many new roster items on, PostgreSQL takes them through COPY: a 10,000-row
# roster's INSERT spends most of its time quoting parameters in Python.
COPY_FROM_ITEMS = 1000


def _feed_items_create(items: list[FeedItem]) -> None:
    """``FeedItem.objects.bulk_create(items)``: the same rows, the same field
    preparation (``pre_save``, ``get_db_prep_save``), but through ``COPY ... FROM STDIN``
    on PostgreSQL for many rows. The items' primary keys are not read back."""
    # The connection itself, not the ``django.db.connection`` proxy (a lookup per use).
    db = connections[FeedItem.objects.db]
    if db.vendor != "postgresql" or len(items) < COPY_FROM_ITEMS:
        FeedItem.objects.bulk_create(items)
        return
    fields = [field for field in FeedItem._meta.concrete_fields if not field.primary_key]
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    # Names from the model's metadata, quoted by the backend; no input reaches this SQL.
    statement = f"COPY {quote(FeedItem._meta.db_table)} ({columns}) FROM STDIN"
    with db.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for item in items:
            copy.write_row(
                [field.get_db_prep_save(field.pre_save(item, True), db) for field in fields]
            )


def _unique_slug(name: str) -> str:
    base = slugify(fold(name))[:100] or "person"
    slug, n = base, 1
    while Person.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _saved(record, reason: str):
    """Save with a reason for the history (simple-history reads ``_change_reason``)."""
    record._change_reason = reason[:100]
    record.save()
    return record


@transaction.atomic
def feed_item_apply(*, item: FeedItem, user: AbstractBaseUser | None = None) -> FeedItem:
    """Turn a reviewed roster row into records, each cited to the body it came from.

    Creates the person (unpublished) unless the item is matched to one, in which case
    the person is only completed (a missing birth date, a new spelling) and keeps its
    published state; then the release and, when the row names a destination, the
    border crossing. Publishing stays an editor's separate step.
    """
    item = (
        # Only the item's row is locked (``of``): PostgreSQL cannot lock the nullable side
        # of the outer joins that fetch its person and document.
        FeedItem.objects.select_for_update(of=("self",))
        .select_related("feed", "feed_run__document", "person")
        .get(pk=item.pk)
    )
    if item.status != FeedItemStatus.PENDING:
        raise ValidationError(
            f"item {item.external_id} is {item.get_status_display()}, not pending"
        )
    document = item.feed_run.document
    if document is None:
        raise ValidationError(
            f"item {item.external_id}: the run that brought it recorded no document"
        )
    try:
        entry = roster_entry(
            item.payload, config=item.feed.config, where=f"item {item.external_id}"
        )
    except ParseError as exc:
        raise ValidationError(str(exc)) from None
    reason = f"roster {item.feed.name}, row {item.external_id}"

    person = item.person
    if person is None:
        person = _saved(
            Person(
                slug=_unique_slug(entry.name),
                name=entry.name,
                birth_date=entry.birth_date,
                birth_date_precision=entry.birth_date_precision,
                is_published=False,
            ),
            reason,
        )
    elif entry.birth_date and person.birth_date is None:
        person.birth_date, person.birth_date_precision = (
            entry.birth_date,
            entry.birth_date_precision,
        )
        _saved(person, reason)
    if not person.names.filter(text=entry.name).exists():
        PersonName.objects.create(
            person=person,
            text=entry.name,
            language=item.feed.config.get("language", "und"),
            kind=NameKind.OFFICIAL if item.person is None else NameKind.ALTERNATIVE,
        )
    _saved(Citation(document=document, person=person, field="name", quote=reason), reason)

    event = None
    if entry.event:
        event = ReleaseEvent.objects.filter(slug=entry.event).first()
        if event is None:
            raise ValidationError(
                f"item {item.external_id}: no release event with slug {entry.event!r}"
            )
    if event is not None:
        release = person.releases.filter(event=event).first()
    elif entry.released_on:
        release = person.releases.filter(released_on=entry.released_on).first()
    else:
        release = None
    if release is None:
        if entry.released_on:
            released_on, precision = entry.released_on, entry.released_on_precision
        elif event is not None:
            released_on, precision = event.date, event.date_precision
        else:
            released_on, precision = None, "day"
        release = _saved(
            Release(
                person=person,
                event=event,
                released_on=released_on,
                released_on_precision=precision,
                kind=entry.release_kind
                or (
                    event.kind if event and event.kind in ReleaseKind.values else ReleaseKind.OTHER
                ),
                outcome=entry.outcome,
            ),
            reason,
        )
    _saved(Citation(document=document, release=release, quote=reason), reason)

    if entry.to_country:
        from_country = entry.from_country or (event.country_id if event else "")
        if not from_country:
            raise ValidationError(
                f"item {item.external_id}: a transfer needs from_country (in the row, the "
                "feed's defaults, or an event)"
            )
        codes = {from_country, entry.to_country}
        known = set(Country.objects.filter(code__in=codes).values_list("code", flat=True))
        if unknown := codes - known:
            raise ValidationError(
                f"item {item.external_id}: unknown country {', '.join(sorted(unknown))}"
            )
        transfer = release.transfers.filter(to_country_id=entry.to_country).first()
        if transfer is None:
            sequence = (release.transfers.aggregate(last=Max("sequence"))["last"] or 0) + 1
            transfer = _saved(
                Transfer(
                    release=release,
                    sequence=sequence,
                    from_country_id=from_country,
                    to_country_id=entry.to_country,
                    date=release.released_on,
                    date_precision=release.released_on_precision,
                    forced=entry.outcome == "forcibly_deported",
                ),
                reason,
            )
        _saved(Citation(document=document, transfer=transfer, quote=reason), reason)
        citation_required(record=transfer)

    # The one citation rule, checked on every record this wrote.
    citation_required(record=person)
    citation_required(record=release)
    person_status_refresh(person=person)

    item.person = person
    item.status = FeedItemStatus.APPLIED
    item.reviewed_at = timezone.now()
    item.reviewed_by = user
    item.save(update_fields=["person", "status", "reviewed_at", "reviewed_by"])
    return item


@transaction.atomic
def feed_item_reject(
    *, item: FeedItem, user: AbstractBaseUser | None = None, note: str = ""
) -> FeedItem:
    item = FeedItem.objects.select_for_update().get(pk=item.pk)
    if item.status != FeedItemStatus.PENDING:
        raise ValidationError(
            f"item {item.external_id} is {item.get_status_display()}, not pending"
        )
    item.status = FeedItemStatus.REJECTED
    item.reviewed_at = timezone.now()
    item.reviewed_by = user
    if note:
        item.note = note
    item.save(update_fields=["status", "reviewed_at", "reviewed_by", "note"])
    return item


# --- health ------------------------------------------------------------------------------------------


def feed_health(feed: Feed, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """A feed's health, for the admin and the API's ``feeds/``.

    ``stale``: no successful run (ok or unchanged) for three intervals, counted from the
    last success or, for a feed that never succeeded, from its creation. ``status`` is
    the most serious of: disabled, failing (the last run failed), stale, ok.
    """
    now = now or timezone.now()
    since = feed.last_success_at or feed.created_at
    stale_at = (
        since + datetime.timedelta(minutes=STALE_AFTER_INTERVALS * feed.interval) if since else None
    )
    stale = bool(feed.enabled and stale_at and now >= stale_at)
    if not feed.enabled:
        status = "disabled"
    elif feed.failures:
        status = "failing"
    elif stale:
        status = "stale"
    elif feed.last_success_at is None:
        status = "pending"
    else:
        status = "ok"
    return {
        "status": status,
        "last_success_at": feed.last_success_at,
        "last_failure_at": feed.last_failure_at,
        "failures_in_a_row": feed.failures,
        "last_error": feed.last_error,
        "stale": stale,
        "stale_at": stale_at,
        "next_run_at": feed.next_run_at,
    }
