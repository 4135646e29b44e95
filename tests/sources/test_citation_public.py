"""``Citation.objects.public()``: a citation is public exactly when its claim is."""

import pytest

from sources.models import Citation
from tests.factories import (
    CitationFactory,
    DetentionFactory,
    EventCountFactory,
    ObservationFactory,
    PersonFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    TransferFactory,
    published_person,
)

pytestmark = pytest.mark.django_db


def cite_every_claim_of(person, label: str) -> None:
    CitationFactory(person=person, quote=f"{label}:person")
    detention = DetentionFactory(person=person)
    CitationFactory(detention=detention, quote=f"{label}:detention")
    CitationFactory(sentence=SentenceFactory(detention=detention), quote=f"{label}:sentence")
    release = ReleaseFactory(person=person)
    CitationFactory(release=release, quote=f"{label}:release")
    CitationFactory(transfer=TransferFactory(release=release), quote=f"{label}:transfer")


def test_public_citations_are_those_of_public_claims():
    cite_every_claim_of(published_person(name="Shown Person"), "shown")
    cite_every_claim_of(published_person(name="Secret Canary", name_withheld=True), "withheld")
    cite_every_claim_of(PersonFactory(name="Draft Canary", is_published=False), "draft")
    for published in (True, False):
        event = ReleaseEventFactory(is_published=published)
        CitationFactory(event=event, quote=f"event-{published}")
        CitationFactory(event_count=EventCountFactory(event=event), quote=f"count-{published}")
    for status in ("published", "held"):
        CitationFactory(observation=ObservationFactory(status=status), quote=f"obs-{status}")

    shown = set(Citation.objects.public().values_list("quote", flat=True))

    assert shown == {
        "",  # published_person's own citation of the shown person
        "shown:person",
        "shown:detention",
        "shown:sentence",
        "shown:release",
        "shown:transfer",
        "event-True",
        "count-True",
        "obs-published",
    }
