"""The status is derived from the timeline by one service (DESIGN §3)."""

import datetime

import pytest

from prisoners.models import Status
from prisoners.services import people_status_refresh, person_status_derive, person_status_refresh
from tests.factories import (
    DetentionFactory,
    PersonFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    TransferFactory,
    country,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def test_no_timeline_is_unknown():
    assert person_status_derive(person=PersonFactory()) == Status.UNKNOWN


def test_held_and_never_released_is_detained():
    # Poczobut: detained March 2021, absent from every release since.
    person = PersonFactory()
    DetentionFactory(person=person, detained_on=D(2021, 3, 25))
    assert person_status_refresh(person=person) == Status.DETAINED
    person.refresh_from_db()
    assert person.status == Status.DETAINED


def test_forcibly_deported_is_in_exile():
    # Bialiatski: pardoned on 13 December 2025 and driven to Lithuania.
    person = PersonFactory()
    detention = DetentionFactory(
        person=person, detained_on=D(2021, 7, 1), detained_on_precision="month"
    )
    release = ReleaseFactory(
        person=person, detention=detention, released_on=D(2025, 12, 13), outcome="forcibly_deported"
    )
    TransferFactory(release=release, to_country=country("LT"))
    assert person_status_derive(person=person) == Status.IN_EXILE


def test_transferred_abroad_after_release_is_in_exile_even_without_outcome():
    person = PersonFactory()
    event = ReleaseEventFactory(country=country("BY"))
    release = ReleaseFactory(person=person, event=event, outcome="")
    TransferFactory(release=release, to_country=country("UA"))
    assert person_status_derive(person=person) == Status.IN_EXILE


def test_amnesty_and_stayed_is_released():
    # Kastusiou: amnesty of 3 July 2024, stayed in Belarus.
    person = PersonFactory()
    DetentionFactory(person=person, detained_on=D(2021, 4, 1), detained_on_precision="month")
    ReleaseFactory(person=person, released_on=D(2024, 7, 3), kind="amnesty", outcome="stayed")
    assert person_status_derive(person=person) == Status.RELEASED


def test_pardon_refused_exile_then_rearrest_then_release():
    # Statkevich: pardoned 11 Sept 2025 but refused exile, back in a colony by about the
    # 15th, reported freed on 19 Feb 2026.
    person = PersonFactory()
    DetentionFactory(person=person, detained_on=D(2020, 5, 1), detained_on_precision="month")
    ReleaseFactory(person=person, released_on=D(2025, 9, 11), outcome="refused_exile")
    DetentionFactory(person=person, detained_on=D(2025, 9, 15))
    ReleaseFactory(person=person, released_on=D(2026, 2, 19), confidence="low", outcome="stayed")
    assert person_status_derive(person=person, as_of=D(2025, 9, 12)) == Status.RELEASED
    assert person_status_derive(person=person, as_of=D(2025, 10, 1)) == Status.DETAINED
    assert person_status_derive(person=person) == Status.RELEASED


def test_died_in_custody():
    person = PersonFactory()
    DetentionFactory(
        person=person, detained_on=D(2021, 1, 1), ended_on=D(2023, 5, 1), end_reason="died"
    )
    assert person_status_derive(person=person) == Status.DIED_IN_CUSTODY


def test_release_and_rearrest_on_the_same_day_orders_release_first():
    person = PersonFactory()
    DetentionFactory(person=person, detained_on=D(2021, 1, 1))
    ReleaseFactory(person=person, released_on=D(2024, 1, 1), outcome="stayed")
    DetentionFactory(person=person, detained_on=D(2024, 1, 1))
    assert person_status_derive(person=person) == Status.DETAINED


def test_bulk_refresh_stores_every_status_with_bounded_queries(django_assert_max_num_queries):
    people = [PersonFactory() for _ in range(12)]
    for person in people:
        DetentionFactory(person=person)
    with django_assert_max_num_queries(8):
        changed = people_status_refresh()
    assert changed == 12
    assert {p.status for p in type(people[0]).objects.all()} == {Status.DETAINED}
