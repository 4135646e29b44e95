"""The database itself refuses bad rows, whichever path writes them."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from prisoners.models import Person
from releases.models import EventCount, Transfer
from sources.models import Citation, Observation
from tests.factories import (
    CitationFactory,
    DetentionFactory,
    DocumentFactory,
    EventCountFactory,
    MetricFactory,
    ObservationFactory,
    PersonFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    SourceFactory,
    TransferFactory,
    country,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
        # Foreign keys are checked at commit; a test never commits, so ask now.
        connection.check_constraints()


def test_person_slug_is_unique():
    PersonFactory(slug="ales-bialiatski")
    refused(lambda: PersonFactory(slug="ales-bialiatski"))


def test_event_slug_is_unique():
    ReleaseEventFactory(slug="2025-12-13-pardon")
    refused(lambda: ReleaseEventFactory(slug="2025-12-13-pardon"))


def test_release_before_its_detention_is_refused():
    detention = DetentionFactory(detained_on=datetime.date(2021, 7, 1))
    refused(
        lambda: ReleaseFactory(
            person=detention.person, detention=detention, released_on=datetime.date(2020, 1, 1)
        )
    )


def test_release_moved_before_its_detention_is_refused():
    detention = DetentionFactory(detained_on=datetime.date(2021, 7, 1))
    release = ReleaseFactory(
        person=detention.person, detention=detention, released_on=datetime.date(2025, 12, 13)
    )
    release.released_on = datetime.date(2021, 6, 30)
    refused(release.save)


def test_detention_moved_after_its_release_is_refused():
    detention = DetentionFactory(detained_on=datetime.date(2021, 7, 1))
    ReleaseFactory(
        person=detention.person, detention=detention, released_on=datetime.date(2022, 1, 1)
    )
    detention.detained_on = datetime.date(2023, 1, 1)
    refused(detention.save)


def test_release_in_the_month_of_a_month_precise_detention_is_accepted():
    detention = DetentionFactory(
        detained_on=datetime.date(2020, 5, 1), detained_on_precision="month"
    )
    ReleaseFactory(
        person=detention.person, detention=detention, released_on=datetime.date(2020, 5, 20)
    )


def test_detention_cannot_end_before_it_starts():
    refused(
        lambda: DetentionFactory(
            detained_on=datetime.date(2021, 7, 1),
            ended_on=datetime.date(2021, 6, 1),
            end_reason="released",
        )
    )


def test_month_precision_date_must_be_first_of_month():
    refused(
        lambda: DetentionFactory(
            detained_on=datetime.date(2021, 7, 14), detained_on_precision="month"
        )
    )


def test_year_precision_date_must_be_first_of_january():
    refused(
        lambda: DetentionFactory(
            detained_on=datetime.date(2021, 7, 1), detained_on_precision="year"
        )
    )


def test_unknown_precision_is_refused():
    refused(lambda: DetentionFactory(detained_on_precision="week"))


def test_negative_count_is_refused():
    refused(lambda: EventCountFactory(value=-1))


def test_negative_observation_is_refused():
    refused(lambda: ObservationFactory(value=-5))


def test_country_metric_needs_a_country_and_others_refuse_one():
    refused(lambda: EventCountFactory(metric="transferred_to", country=None))
    refused(lambda: EventCountFactory(metric="released", country=country("UA")))
    EventCountFactory(metric="transferred_to", country=country("UA"))
    assert EventCount.objects.filter(metric="transferred_to").count() == 1


def test_conflicting_counts_from_different_sources_sit_side_by_side():
    event = ReleaseEventFactory()
    bloomberg, viasna = SourceFactory(slug="bloomberg"), SourceFactory(slug="viasna")
    EventCountFactory(
        event=event, metric="transferred_to", country=country("UA"), value=104, source=bloomberg
    )
    EventCountFactory(
        event=event, metric="transferred_to", country=country("UA"), value=114, source=viasna
    )
    assert sorted(event.counts.values_list("value", flat=True)) == [104, 114]


def test_one_sequence_number_per_transfer_in_a_release():
    release = ReleaseFactory()
    TransferFactory(release=release, sequence=1)
    refused(lambda: TransferFactory(release=release, sequence=1, to_country=country("PL")))


def test_transfer_must_cross_a_border():
    refused(lambda: TransferFactory(from_country=country("UA"), to_country=country("UA")))


def test_unknown_country_code_is_refused():
    release = ReleaseFactory()
    refused(
        lambda: Transfer.objects.create(
            release=release, sequence=1, from_country_id="BY", to_country_id="XX"
        )
    )


def test_person_is_released_once_per_event():
    event = ReleaseEventFactory()
    person = PersonFactory()
    ReleaseFactory(person=person, event=event)
    refused(lambda: ReleaseFactory(person=person, event=event))


def test_citation_supports_exactly_one_claim():
    document = DocumentFactory()
    refused(lambda: Citation.objects.create(document=document))
    person = PersonFactory()
    detention = DetentionFactory(person=person)
    refused(lambda: Citation.objects.create(document=document, person=person, detention=detention))
    CitationFactory(document=document, person=person)


def test_observation_unique_per_source_metric_and_day():
    source, metric = SourceFactory(), MetricFactory()
    ObservationFactory(source=source, metric=metric, as_of=datetime.date(2025, 12, 23))
    refused(
        lambda: ObservationFactory(source=source, metric=metric, as_of=datetime.date(2025, 12, 23))
    )
    assert Observation.objects.count() == 1


def test_sentence_length_must_be_plausible():
    refused(lambda: SentenceFactory(months=12 * 61))


def test_readable_str():
    person = PersonFactory(name="Ales Bialiatski")
    sentence = SentenceFactory(
        detention__person=person, months=120, sentenced_on=datetime.date(2023, 3, 3)
    )
    assert str(person) == "Ales Bialiatski"
    assert str(sentence) == "10 years, 3 March 2023"
    assert str(TransferFactory(date=datetime.date(2025, 12, 13))) == "BY → UA 13 December 2025"
    assert Person.objects.count() >= 1


@pytest.mark.django_db(transaction=True)
def test_countries_survive_a_flush():
    from django.core.management import call_command

    from prisoners.models import Country

    call_command("flush", verbosity=0, interactive=False)
    assert Country.objects.filter(code="BY").exists()
    assert Country.objects.count() >= 249
