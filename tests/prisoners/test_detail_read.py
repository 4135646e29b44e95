"""The detail read: a whole record in a fixed, small number of queries, and the same
record (API and page) as the plain one-query-per-relation prefetch gives."""

import datetime

import pytest
from django.db.models import Prefetch
from django.template.loader import render_to_string

from prisoners.models import Detention, Person, PersonName, Sentence
from prisoners.selectors import person_detail
from prisoners.serializers import PersonDetailSerializer
from prisoners.views import person_page_context
from releases.models import Release, Transfer
from sources.models import Citation
from tests.factories import (
    ChargeFactory,
    CitationFactory,
    DetentionFactory,
    PersonNameFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    SourceFactory,
    TagFactory,
    TransferFactory,
    country,
    published_person,
)

pytestmark = pytest.mark.django_db

# The person with their names, citizenships and tags; detentions with charges and
# sentences; releases with events and crossings; every citation: four queries. The
# API adds the Last-Modified lookup.
DETAIL_QUERIES = 5


@pytest.fixture
def record():
    """A full record, with what the database orders in its own way: an undated sentence,
    a draft event, crossings out of order, booleans both ways, citations on every claim."""
    person = published_person(slug="ales-full", name="Ales Full", bio="Bio.")
    PersonNameFactory(person=person, text="Алесь Поўны", language="be")
    PersonNameFactory(person=person, text="Алесь Полный", language="ru", kind="transliteration")
    person.citizenships.add(country("PL"), country("BY"))
    person.tags.add(TagFactory(slug="journalist", label="journalist"), TagFactory(slug="blogger"))
    recogniser = SourceFactory(slug="viasna", name="Viasna")
    for year in (2021, 2020):
        detention = DetentionFactory(
            person=person,
            detained_on=datetime.date(year, 5, 1),
            detained_on_precision="month",
            recognised_by=recogniser,
            recognised_on=datetime.date(year, 6, 1),
        )
        ChargeFactory(detention=detention, code="342", part="1", title="Riots")
        ChargeFactory(detention=detention, code="130", part="")
        SentenceFactory(detention=detention, sentenced_on=datetime.date(year + 1, 1, 10))
        SentenceFactory(detention=detention, sentenced_on=None, months=None, note="undated")
        CitationFactory(detention=detention, quote=f"detained {year}")
        for sentence in detention.sentences.all():
            CitationFactory(sentence=sentence, field="months")
    draft = ReleaseEventFactory(slug="draft-event", is_published=False)
    for event, day in ((ReleaseEventFactory(slug="big-pardon"), 13), (draft, 20), (None, 1)):
        release = ReleaseFactory(
            person=person, event=event, released_on=datetime.date(2025, 12, day)
        )
        TransferFactory(
            release=release, sequence=2, from_country=country("UA"), to_country=country("LT")
        )
        TransferFactory(release=release, sequence=1, forced=False, via="Khochu Zhyty")
        CitationFactory(release=release)
        for transfer in release.transfers.all():
            CitationFactory(transfer=transfer, confidence="medium")
    CitationFactory(person=person, field="bio")
    return person


def plain_detail(slug: str) -> Person:
    """The reference: one prefetch per relation, every citation through the public rule."""
    citations = Citation.objects.public().select_related("document__source").order_by("pk")
    return (
        Person.objects.public()
        .prefetch_related(
            "citizenships",
            "tags",
            Prefetch("names", queryset=PersonName.objects.order_by("pk")),
            Prefetch("citations", queryset=citations),
            Prefetch(
                "detentions",
                queryset=Detention.objects.order_by("detained_on", "pk")
                .select_related("recognised_by")
                .prefetch_related(
                    "charges",
                    Prefetch("citations", queryset=citations),
                    Prefetch(
                        "sentences",
                        queryset=Sentence.objects.order_by("sentenced_on", "pk").prefetch_related(
                            Prefetch("citations", queryset=citations)
                        ),
                    ),
                ),
            ),
            Prefetch(
                "releases",
                queryset=Release.objects.select_related("event", "event__country")
                .order_by("released_on", "pk")
                .prefetch_related(
                    Prefetch("citations", queryset=citations),
                    Prefetch(
                        "transfers",
                        queryset=Transfer.objects.order_by("sequence")
                        .select_related("from_country", "to_country")
                        .prefetch_related(Prefetch("citations", queryset=citations)),
                    ),
                ),
            ),
        )
        .get(slug=slug)
    )


def page_html(person: Person, rf) -> str:
    return render_to_string(
        "prisoners/person_detail.html", person_page_context(person), request=rf.get("/")
    )


def test_detail_reads_the_whole_record_in_four_queries(record, django_assert_num_queries):
    with django_assert_num_queries(DETAIL_QUERIES - 1):
        person = person_detail(slug="ales-full")
        data = PersonDetailSerializer(person).data
    assert len(data["detentions"]) == 2
    assert [len(d["sentences"]) for d in data["detentions"]] == [2, 2]
    assert [len(r["transfers"]) for r in data["releases"]] == [2, 2, 2]


def test_api_detail_takes_at_most_five_queries(record, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get("/api/v1/prisoners/ales-full/")
    assert response.status_code == 200


def test_detail_equals_the_plain_prefetch_in_the_api_and_on_the_page(record, rf):
    ours, reference = person_detail(slug="ales-full"), plain_detail("ales-full")
    assert PersonDetailSerializer(ours).data == PersonDetailSerializer(reference).data
    assert page_html(ours, rf) == page_html(reference, rf)


def test_detail_of_a_bare_record_equals_the_plain_prefetch(rf):
    published_person(slug="bare", name="Bare Record")
    ours, reference = person_detail(slug="bare"), plain_detail("bare")
    assert PersonDetailSerializer(ours).data == PersonDetailSerializer(reference).data
    assert page_html(ours, rf) == page_html(reference, rf)


def test_detail_values_keep_their_types(record):
    data = PersonDetailSerializer(person_detail(slug="ales-full")).data
    transfer = data["releases"][0]["transfers"][0]
    assert transfer["sequence"] == 1 and transfer["forced"] is False
    assert data["releases"][0]["transfers"][1]["forced"] is True
    assert data["detentions"][0]["detained_on"] == "2020-05"
    assert data["detentions"][0]["recognised_on"] == "2020-06-01"
    assert data["citizenships"] == ["BY", "PL"]
    # A draft event is not shown; its release is.
    assert [r["event"] and r["event"]["slug"] for r in data["releases"]] == [
        None,
        "big-pardon",
        None,
    ]


def test_hidden_people_have_no_detail(record):
    Person.objects.filter(pk=record.pk).update(name_withheld=True)
    with pytest.raises(Person.DoesNotExist):
        person_detail(slug="ales-full")
    Person.objects.filter(pk=record.pk).update(name_withheld=False, is_published=False)
    with pytest.raises(Person.DoesNotExist):
        person_detail(slug="ales-full")
