"""Withheld and unpublished records never appear, whatever the endpoint, filter, search or
format; a withheld person still counts in the totals."""

import datetime

import pytest

from prisoners.models import Person
from releases.models import ReleaseEvent
from tests.factories import (
    CitationFactory,
    DetentionFactory,
    PersonFactory,
    PersonNameFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    TagFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import API, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(demo):
    """A withheld person and a draft person, each with a full record; a draft event in
    which a public person was freed."""
    event = ReleaseEvent.objects.get(slug="2025-12-13-pardon-123")
    tag = TagFactory(slug="journalist")
    withheld = published_person(
        slug="zmitser-sakretny",
        name="Zmitser Sakretny",
        name_withheld=True,
        birth_date=datetime.date(1977, 3, 14),
        bio="canary-bio-7731",
        occupation="canary-occupation-7731",
        gender="male",
    )
    withheld.tags.add(tag)
    withheld.citizenships.add(country("BY"))
    PersonNameFactory(person=withheld, text="Зміцер Сакрэтны", language="be")
    PersonNameFactory(person=withheld, text="Дмитрий Секретный", language="ru")
    CitationFactory(person=withheld, quote="canary-quote-7731")
    detention = DetentionFactory(person=withheld, place="sakretny street")
    SentenceFactory(detention=detention)
    release = ReleaseFactory(person=withheld, event=event, outcome="forcibly_deported")
    TransferFactory(release=release, to_country=country("UA"), via="sakretny route")
    CitationFactory(release=release, quote="canary-quote-7731")

    draft = PersonFactory(slug="draft-canary", name="Draft Canary", is_published=False)
    PersonNameFactory(person=draft, text="Draft Canary")
    ReleaseFactory(person=draft, event=event)

    draft_event = ReleaseEventFactory(
        slug="secret-event-canary", title="Secret Event Canary", is_published=False
    )
    shown = Person.objects.get(slug="ihar-losik")
    ReleaseFactory(person=shown, event=draft_event, released_on=datetime.date(2026, 1, 5))
    return {"withheld": withheld, "draft": draft, "event": event}


def test_a_hidden_slug_answers_exactly_like_an_unknown_one(api, hidden):
    unknown = api.get(f"{API}prisoners/no-such-person/")
    for slug in ("zmitser-sakretny", "draft-canary"):
        response = api.get(f"{API}prisoners/{slug}/")
        assert response.status_code == 404
        assert response.content == unknown.content
    assert (
        api.get(f"{API}release-events/secret-event-canary/").content
        == api.get(f"{API}release-events/no-such-event/").content
    )


def test_a_draft_event_cannot_be_used_as_a_filter_either(api, hidden):
    response = api.get(f"{API}prisoners/", {"release_event": "secret-event-canary"})
    assert response.status_code == 400
    assert "secret-event-canary" not in response.content.decode()


def test_withheld_people_count_in_the_summary_but_are_never_named(api, hidden):
    totals = get_json(api, f"{API}summary/")["totals"]
    counted = Person.objects.counted().count()
    public = Person.objects.public().count()
    assert totals["people"] == counted
    assert totals["people_identified"] == public
    assert counted - public == 4  # the demo's three withheld people and ours
    assert sum(totals["people_by_status"].values()) == counted
    event = get_json(api, f"{API}release-events/2025-12-13-pardon-123/")
    assert event["people_identified"] == len(event["people"])
    assert "Withheld person" not in str(event)


def test_a_release_in_a_draft_event_shows_without_the_event(api, hidden):
    person = get_json(api, f"{API}prisoners/ihar-losik/")
    assert None in [release["event"] for release in person["releases"]]
    rows = get_json(api, f"{API}releases/?search=Losik")["results"]
    assert sorted(row["event"] or "" for row in rows) == ["", "2025-09-11-pardon-52"]
