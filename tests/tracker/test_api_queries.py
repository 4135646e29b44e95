"""Reads use a fixed number of SQL queries whatever the page size: no N+1."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CitationFactory,
    DetentionFactory,
    EventCountFactory,
    MetricFactory,
    ObservationFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SentenceFactory,
    SourceFactory,
    TagFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import API, LISTS

pytestmark = pytest.mark.django_db


# Per list request: the rows (one query, every column computed in SQL) and the
# Last-Modified lookup; a search adds its candidate queries.
MAX_LIST_QUERIES = 4


@pytest.fixture
def thirty():
    event = ReleaseEventFactory(slug="big-pardon")
    tags = [TagFactory(slug=f"tag-{n}") for n in range(3)]
    for n in range(30):
        person = published_person(slug=f"person-{n:02d}", name=f"Person Number{n:02d}")
        person.citizenships.add(country("BY"), country("PL"))
        person.tags.add(*tags[: 1 + n % 3])
        detention = DetentionFactory(person=person, detained_on=datetime.date(2021, 1, 1 + n % 28))
        SentenceFactory(detention=detention)
        release = ReleaseFactory(
            person=person, event=event, released_on=datetime.date(2025, 12, 13)
        )
        TransferFactory(release=release, sequence=1, to_country=country("UA"))
        TransferFactory(
            release=release, sequence=2, from_country=country("UA"), to_country=country("PL")
        )
        CitationFactory(release=release)
        source = SourceFactory(slug=f"source-{n:02d}")
        EventCountFactory(event=event, source=source, value=100 + n)
        ObservationFactory(
            metric=MetricFactory(slug=f"metric-{n % 5}"),
            source=source,
            as_of=datetime.date(2025, 1, 1 + n),
        )


def _count(api, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (url, body[:300])
    return len(queries)


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_page_size(api, thirty, name, django_assert_max_num_queries):
    small = _count(api, f"{API}{name}/?page_size=5")
    large = _count(api, f"{API}{name}/?page_size=200")
    assert small == large
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        api.get(f"{API}{name}/?page_size=200")


def test_search_queries_do_not_grow_with_page_size(api, thirty):
    small = _count(api, f"{API}prisoners/?search=Person&page_size=5")
    large = _count(api, f"{API}prisoners/?search=Person&page_size=200")
    assert small == large <= MAX_LIST_QUERIES + 2


def test_filtered_list_and_csv_use_a_fixed_number_of_queries(api, thirty):
    url = f"{API}prisoners/?status=unknown&transferred_to=PL&tag=tag-0&released_after=2025-01-01"
    assert _count(api, url + "&page_size=5") == _count(api, url + "&page_size=200")
    assert _count(api, f"{API}prisoners/?format=csv") <= MAX_LIST_QUERIES


def test_details_use_a_fixed_number_of_queries(api, thirty):
    few = _count(api, f"{API}prisoners/person-00/")
    person = published_person(slug="many", name="Many Records")
    for n in range(6):
        detention = DetentionFactory(person=person, detained_on=datetime.date(2010 + n, 1, 1))
        SentenceFactory(detention=detention)
        release = ReleaseFactory(person=person, released_on=datetime.date(2011 + n, 1, 1))
        TransferFactory(release=release)
        CitationFactory(release=release)
    assert _count(api, f"{API}prisoners/many/") == few
    event_queries = _count(api, f"{API}release-events/big-pardon/")
    assert event_queries <= 10
