"""One visibility rule: withheld people are counted, never shown; unpublished, nowhere."""

import pytest
from django.core.exceptions import ValidationError

from prisoners.models import Person
from releases.models import Release, Transfer
from sources.models import Citation
from sources.services import citation_required, record_publish
from tests.factories import (
    CitationFactory,
    PersonFactory,
    ReleaseFactory,
    TransferFactory,
    published_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "shown": published_person(name="Shown Person"),
        "withheld": published_person(name="Secret Canary", name_withheld=True),
        "draft": PersonFactory(name="Draft Canary", is_published=False),
    }


def test_public_shows_only_published_people_with_names(people):
    assert list(Person.objects.public()) == [people["shown"]]


def test_withheld_people_are_counted_in_totals(people):
    assert Person.objects.counted().count() == 2


def test_releases_transfers_and_citations_of_hidden_people_are_hidden(people):
    for person in people.values():
        release = ReleaseFactory(person=person)
        TransferFactory(release=release)
        CitationFactory(release=release)
    assert set(Release.objects.public().values_list("person__name", flat=True)) == {"Shown Person"}
    assert Transfer.objects.public().count() == 1
    cited_people = {
        c.claim.person.name if c.release_id else c.person.name for c in Citation.objects.public()
    }
    assert cited_people == {"Shown Person"}


def test_person_cannot_be_published_without_citation():
    person = PersonFactory()
    with pytest.raises(ValidationError, match="no citation"):
        record_publish(record=person)
    person.refresh_from_db()
    assert not person.is_published


def test_person_with_citation_can_be_published_and_history_records_it():
    person = PersonFactory()
    CitationFactory(person=person)
    citation_required(record=person)
    record_publish(record=person)
    person.refresh_from_db()
    assert person.is_published
    assert person.history.first().is_published
