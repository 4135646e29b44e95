"""Rosters and series in bulk: the whole-roster matcher gives every row the answer the
one-row matcher gives, through either of its ways (queries per row for a short roster, a
word index for a long one); many new items go through COPY on PostgreSQL with the same
content; a series compares each new value with the right published neighbour."""

import datetime
import json

import pytest

from prisoners.models import Person
from sources import feeds
from sources.adapters import RosterEntry
from sources.feeds import feed_item_match, feed_items_match, feed_refresh
from sources.models import FeedItem, Observation
from tests.factories import ObservationFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db

JSON_CONFIG = {"metric": "political_prisoners_current", "value_path": "count", "date_path": "as_of"}


def person(slug: str, *spellings: str, born: datetime.date | None = None, precision="day"):
    someone = PersonFactory(
        slug=slug, name=spellings[0], birth_date=born, birth_date_precision=precision
    )
    for n, text in enumerate(spellings):
        PersonNameFactory(person=someone, text=text, language=("be-Latn", "be", "ru", "pl")[n])
    return someone


@pytest.fixture
def people():
    person("maryia-kalesnikava", "Maryia Kalesnikava", "Марыя Калеснікава", "Мария Колесникова")
    person("ivan-petrou-1", "Ivan Petrou", born=datetime.date(1971, 1, 4))
    person("ivan-petrou-2", "Ivan Petrou", born=datetime.date(1980, 5, 1))
    person("ivan-petrou-3", "Ivan Petrou")
    person("ales-bialiatski", "Ales Bialiatski", born=datetime.date(1962, 9, 25))
    person(
        "ales-bialiatskaya", "Ales Bialiatskaya", born=datetime.date(1962, 1, 1), precision="year"
    )
    person("siarhei-tsikhanouski", "Siarhei Tsikhanouski", "Сяргей Ціханоўскі Леанідавіч")
    person("siarhei-tsikhanau", "Siarhei Tsikhanau", born=datetime.date(1979, 6, 1))
    person("anna-maria-de-la-cruz", "Anna Maria de la Cruz Lopez")
    person("li", "Li")


ROWS = [
    # (name, birth date, precision)
    ("Мария Колесникова", None, "day"),  # another script, one person
    ("Maria Kolesnikova", datetime.date(1982, 4, 24), "day"),  # unknown birth: agrees
    ("Kalesnikava", None, "day"),  # surname alone
    ("Ivan Petrou", None, "day"),  # three namesakes: the editor chooses
    ("Ivan Petrou", datetime.date(1971, 1, 4), "day"),  # one born then, one unknown
    ("Ivan Petrou", datetime.date(1990, 1, 1), "day"),  # only the unknown birth agrees
    ("Ivan Petr", None, "day"),  # a prefix of the surname
    ("Ales Bialiatski", datetime.date(1962, 1, 1), "year"),  # year precision
    ("Ales Bialiatsk", datetime.date(1962, 9, 25), "day"),  # prefix, two candidates
    ("Siarhei Tsikhanau", None, "day"),  # a prefix of another's surname too
    ("Siarhei Tsikhanau", datetime.date(1979, 6, 1), "day"),
    ("Ціханоўскі Сяргей", None, "day"),
    ("Anna Maria de la Cruz Lopez", None, "day"),  # many words: matched one by one
    ("Anna Maria de la Kruz", None, "day"),
    ("Li", None, "day"),  # a short name
    ("L.", None, "day"),
    ("!!!", None, "day"),  # no letters
    ("Nobody Known", datetime.date(2000, 1, 1), "day"),
]


def entries(rows=ROWS):
    return [
        RosterEntry(
            external_id=str(n),
            name=name,
            where=f"row {n}",
            birth_date=born,
            birth_date_precision=precision,
        )
        for n, (name, born, precision) in enumerate(rows)
    ]


def answers(results):
    return [(p.pk if p else None, score, note) for p, score, note in results]


def one_by_one(rows):
    return answers(
        feed_item_match(
            name=e.name, birth_date=e.birth_date, birth_date_precision=e.birth_date_precision
        )
        for e in rows
    )


@pytest.mark.parametrize("index_from_rows", [1000, 0], ids=["queries per row", "word index"])
def test_bulk_matching_gives_every_row_the_one_row_answer(people, monkeypatch, index_from_rows):
    monkeypatch.setattr(feeds, "MATCH_INDEX_FROM_ROWS", index_from_rows)
    rows = entries()
    expected = one_by_one(rows)
    assert answers(feed_items_match(rows)) == expected
    # The cases above are the cases they claim to be.
    slugs = dict(Person.objects.values_list("pk", "slug"))
    assert slugs[expected[0][0]] == "maryia-kalesnikava"
    assert expected[3][2].startswith("3 people match equally well")
    assert slugs[expected[5][0]] == "ivan-petrou-3"
    assert expected[16][2] == feeds.NO_LETTERS
    assert sum(1 for pk, _, _ in expected if pk) >= 6


def test_bulk_matching_returns_people_with_their_slugs(people, monkeypatch):
    monkeypatch.setattr(feeds, "MATCH_INDEX_FROM_ROWS", 0)
    (found, score, note), *_ = feed_items_match(entries(ROWS[:1]))
    assert (found.slug, score, note) == ("maryia-kalesnikava", 1.0, "")


def test_a_long_roster_through_copy_stores_what_a_short_one_stores(
    people, serve, make_feed, monkeypatch
):
    body = "name,birth_date\n" + "".join(
        f"{name},{born.isoformat() if born else ''}\n" for name, born, _ in ROWS if "," not in name
    )
    short = make_feed(
        url=serve(body, content_type="text/csv", path="/a"), adapter="csv", config={"roster": True}
    )
    feed_refresh(feed=short)
    monkeypatch.setattr(feeds, "COPY_FROM_ITEMS", 1)
    monkeypatch.setattr(feeds, "MATCH_INDEX_FROM_ROWS", 0)
    long = make_feed(
        url=serve(body, content_type="text/csv", path="/b"), adapter="csv", config={"roster": True}
    )
    run = feed_refresh(feed=long)

    def stored(feed):
        return sorted(
            FeedItem.objects.filter(feed=feed).values_list(
                "external_id", "payload", "person_id", "match_score", "status", "note"
            )
        )

    assert run.items_new == len(stored(long)) == len(ROWS)
    assert stored(long) == stored(short)
    assert FeedItem.objects.filter(feed=long, feed_run=run, status="pending").count() == len(ROWS)


@pytest.mark.parametrize(
    ("day", "value", "status"),
    [
        (5, 1000, "held"),  # ten times the point before (day 1)
        (5, 150, "published"),
        (0, 1000, "held"),  # nothing before: compared with the first after (day 1)
        (0, 120, "published"),
        (9, 9000, "published"),  # three times the point before (day 8), not more
        (20, 300, "published"),  # after everything: compared with the last (day 10)
    ],
)
def test_a_new_value_is_compared_with_its_published_neighbour(
    serve, make_feed, metric, day, value, status
):
    feed = make_feed(
        url=serve(
            json.dumps({"count": value, "as_of": f"2025-12-{1 + day:02d}"}),
            content_type="application/json",
        ),
        adapter="json",
        config=JSON_CONFIG,
    )
    for offset, old in ((1, 100), (8, 3000), (10, 100)):
        ObservationFactory(
            source=feed.source, metric=metric, value=old, as_of=datetime.date(2025, 12, 1 + offset)
        )

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    assert Observation.objects.get(as_of=datetime.date(2025, 12, 1 + day)).status == status


def test_a_run_pauses_the_garbage_collector_and_always_turns_it_back_on(people, serve, make_feed):
    import gc

    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    body = "name\n" + "".join(f"Person {n} Someone\n" for n in range(300))
    feed = make_feed(
        url=serve(body, content_type="text/csv", path="/ok"), adapter="csv", config={"roster": True}
    )
    gc.callbacks.append(count)
    try:
        run = feed_refresh(feed=feed)
    finally:
        gc.callbacks.remove(count)
    assert run.outcome == "ok" and run.items_new == 300
    # Hundreds of rows allocate far more than the collector's first threshold (700): not
    # paused, it runs many times. Paused, it runs once, as soon as it is back on (the
    # allocations counted during the run are already over the threshold).
    assert len(collections) <= 1
    assert gc.isenabled()
    # A row the adapter refuses fails the run inside the pause: the collector is back on.
    broken = make_feed(
        url=serve("name,birth_date\nIvan Petrou,31.31.31\n", content_type="text/csv", path="/bad"),
        adapter="csv",
        config={"roster": True},
    )
    assert feed_refresh(feed=broken).outcome != "ok"
    assert gc.isenabled()
    # A caller that had switched it off itself keeps it off.
    again = make_feed(
        url=serve(body, content_type="text/csv", path="/again"),
        adapter="csv",
        config={"roster": True},
    )
    gc.disable()
    try:
        feed_refresh(feed=again)
        assert not gc.isenabled()
    finally:
        gc.enable()
