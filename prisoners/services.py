"""Writes about people that enforce a rule: the derived status, publishing."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from prisoners.models import EndReason, Person, Status
from releases.models import Outcome


@dataclass(frozen=True)
class _Step:
    on: datetime.date
    order: int  # breaks ties on one day (see person_status_derive)
    status: str


def person_status_derive(*, person: Person, as_of: datetime.date | None = None) -> str:
    """The person's status from their timeline, as of a day (default: all known events).

    The timeline is read in date order and the last step wins, so a re-arrest after a
    pardon (Statkevich, September 2025) is simply a later detention, not a special case.
    A step without a date cannot be placed and is skipped, unless nothing else is known.
    """
    steps: list[_Step] = []
    undated: list[str] = []

    def add(on: datetime.date | None, order: int, status: str) -> None:
        if on is None:
            undated.append(status)
        elif as_of is None or on <= as_of:
            steps.append(_Step(on, order, status))

    releases = list(person.releases.all())
    for detention in person.detentions.all():
        # On one day an arrest comes before the release that ends it, but a re-arrest
        # comes after the release of an earlier detention.
        rearrest = any(
            r.released_on == detention.detained_on and r.detention_id != detention.pk
            for r in releases
        )
        add(detention.detained_on, 3 if rearrest else 0, Status.DETAINED)
        if detention.end_reason == EndReason.DIED:
            add(detention.ended_on, 4, Status.DIED_IN_CUSTODY)
    for release in releases:
        if release.outcome in (Outcome.LEFT, Outcome.FORCIBLY_DEPORTED):
            after = Status.IN_EXILE
        else:
            after = Status.RELEASED
        add(release.released_on, 1, after)
        for transfer in release.transfers.all():
            # A crossing back into the releasing country ends exile; any other is exile.
            home = release.event.country_id if release.event_id else None
            add(
                transfer.date or release.released_on,
                2,
                Status.RELEASED if transfer.to_country_id == home else Status.IN_EXILE,
            )
    if not steps:
        return undated[-1] if undated else Status.UNKNOWN
    steps.sort(key=lambda s: (s.on, s.order))
    return steps[-1].status


@transaction.atomic
def person_status_refresh(*, person: Person) -> str:
    """Store the derived status, so lists can filter on it without reading timelines."""
    status = person_status_derive(person=person)
    if person.status != status:
        Person.objects.filter(pk=person.pk).update(status=status)
        person.status = status
    return status


def people_status_refresh(*, people=None) -> int:
    """Refresh many people's status with a fixed number of queries; returns how many changed."""
    queryset = (people if people is not None else Person.objects.all()).prefetch_related(
        "detentions", "releases__transfers", "releases__event"
    )
    changed: list[Person] = []
    for person in queryset:
        status = person_status_derive(person=person)
        if person.status != status:
            person.status = status
            changed.append(person)
    Person.objects.bulk_update(changed, ["status"], batch_size=500)
    return len(changed)
