"""Release events, releases and border crossings in the API."""

import datetime

import pytest

from tests.factories import (
    CitationFactory,
    EventCountFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SourceFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import API, get_json

pytestmark = pytest.mark.django_db


def test_an_event_shows_every_sources_counts_side_by_side(api, demo):
    event = get_json(api, f"{API}release-events/2025-12-13-pardon-123/")
    released = [c for c in event["counts"] if c["metric"] == "released"]
    assert {(c["value"], c["source"]["slug"]) for c in released} == {
        (123, "bloomberg"),
        (123, "hrw"),
    }
    to_ukraine = sorted(
        (c["value"], c["source"]["slug"])
        for c in event["counts"]
        if c["metric"] == "transferred_to" and c["country"] == "UA"
    )
    # 104 (Bloomberg, citing the Ukrainian side) and 114 (Viasna): kept apart, not merged.
    assert [value for value, _ in to_ukraine] == [104, 114]
    assert all("qualifier" in c and "citations" in c for c in event["counts"])


def test_an_event_counts_and_lists_the_people_identified_by_name(api, demo):
    event = get_json(api, f"{API}release-events/2025-12-13-pardon-123/")
    slugs = {p["slug"] for p in event["people"]}
    assert {"ales-bialiatski", "maryia-kalesnikava", "viktar-babaryka", "maksim-znak"} <= slugs
    assert event["people_identified"] == len(slugs)
    assert {d["country"] for d in event["destinations"]} == {"UA", "LT"}
    # Labkovich's destination is not reported: people without a crossing count nowhere.
    assert sum(d["people_identified"] for d in event["destinations"]) == len(slugs) - 1
    listed = get_json(api, f"{API}release-events/?year=2025")["results"]
    (row,) = [r for r in listed if r["slug"] == "2025-12-13-pardon-123"]
    assert row["people_identified"] == event["people_identified"]
    assert row["destinations"] == ["LT", "UA"]
    assert sorted(row["released_reported"]) == ["123 exact bloomberg", "123 exact hrw"]


def test_event_filters(api, demo):
    def slugs(query):
        return [r["slug"] for r in get_json(api, f"{API}release-events/?{query}")["results"]]

    assert slugs("year=2024") == ["2024-07-03-amnesty"]
    assert "2024-07-03-amnesty" not in slugs("year=2025")
    assert slugs("kind=amnesty") == ["2024-07-03-amnesty"]
    assert len(slugs("country=BY")) == len(slugs(""))
    assert slugs("country=LT") == []


def test_releases_filter_by_event_kind_outcome_destination_and_dates(api):
    event = ReleaseEventFactory(slug="dec-2025")
    people = [published_person(slug=f"p{n}", name=f"Pers{n} Named") for n in range(3)]
    first = ReleaseFactory(person=people[0], event=event, outcome="forcibly_deported")
    TransferFactory(release=first, sequence=1, to_country=country("UA"))
    TransferFactory(
        release=first,
        sequence=2,
        from_country=country("UA"),
        to_country=country("PL"),
        forced=False,
    )
    ReleaseFactory(person=people[1], event=event, outcome="stayed", kind="amnesty")
    ReleaseFactory(person=people[2], released_on=datetime.date(2024, 7, 3), kind="sentence_served")

    def people_of(query):
        rows = get_json(api, f"{API}releases/?{query}")["results"]
        return [r["person"] for r in rows]

    assert people_of("event=dec-2025") == ["p0", "p1"]
    assert people_of("outcome=forcibly_deported") == ["p0"]
    assert people_of("kind=sentence_served") == ["p2"]
    assert people_of("to_country=PL") == ["p0"]
    assert people_of("released_before=2024-12-31") == ["p2"]
    assert people_of("released_after=2025-01-01&kind=amnesty") == ["p1"]
    (row,) = get_json(api, f"{API}releases/?event=dec-2025&outcome=forcibly_deported")["results"]
    assert row["transferred_to"] == ["UA", "PL"]
    assert row["event"] == "dec-2025"
    assert row["released_on"] == "2025-12-13"

    crossings = get_json(api, f"{API}transfers/?event=dec-2025")["results"]
    assert [
        (c["sequence"], c["from_country"], c["to_country"], c["forced"]) for c in crossings
    ] == [
        (1, "BY", "UA", True),
        (2, "UA", "PL", False),
    ]
    assert [c["to_country"] for c in get_json(api, f"{API}transfers/?forced=false")["results"]] == [
        "PL"
    ]


def test_partial_dates_are_as_precise_as_the_source(api):
    event = ReleaseEventFactory(
        slug="some-month", date=datetime.date(2020, 5, 1), date_precision="month"
    )
    person = published_person(slug="partial", name="Partial Dates")
    ReleaseFactory(
        person=person,
        event=event,
        released_on=datetime.date(2021, 1, 1),
        released_on_precision="year",
    )
    assert get_json(api, f"{API}release-events/some-month/")["date"] == "2020-05"
    (row,) = get_json(api, f"{API}releases/")["results"]
    assert row["released_on"] == "2021"
    detail = get_json(api, f"{API}prisoners/partial/")
    assert detail["releases"][0]["released_on"] == "2021"


def test_a_count_without_citation_still_shows_its_source(api):
    event = ReleaseEventFactory(slug="counted")
    EventCountFactory(event=event, value=52, source=SourceFactory(slug="rferl"))
    count = EventCountFactory(event=event, value=51, source=SourceFactory(slug="ins"))
    CitationFactory(event_count=count, quote="51 crossed")
    counts = get_json(api, f"{API}release-events/counted/")["counts"]
    assert sorted((c["value"], c["source"]["slug"], len(c["citations"])) for c in counts) == [
        (51, "ins", 1),
        (52, "rferl", 0),
    ]
