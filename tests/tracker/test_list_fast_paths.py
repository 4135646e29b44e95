"""The list's shortcuts give what the long way gives: rows built without DRF's per-field
machinery equal the row serializer's output, and a list without filter parameters equals
the same list through an empty FilterSet."""

import datetime

import pytest

from prisoners.api_views import PersonViewSet
from releases.api_views import ReleaseEventViewSet, ReleaseViewSet, TransferViewSet
from sources.api_views import ObservationViewSet, SourceViewSet
from tests.factories import (
    CitationFactory,
    DetentionFactory,
    ObservationFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    TagFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import API, all_json_rows
from tracker.viewsets import export_rows_data

pytestmark = pytest.mark.django_db

VIEWSETS = (
    PersonViewSet,
    ReleaseEventViewSet,
    ReleaseViewSet,
    TransferViewSet,
    SourceViewSet,
    ObservationViewSet,
)


@pytest.fixture
def rows():
    event = ReleaseEventFactory(slug="pardon")
    for n in range(4):
        person = published_person(slug=f"p-{n}", name=f"Person {n}", occupation="=1+1" * (n % 2))
        person.citizenships.add(country("BY"))
        if n % 2:
            person.tags.add(TagFactory(slug="journalist"))
            DetentionFactory(person=person, detained_on=datetime.date(2020, 1, 1 + n))
        release = ReleaseFactory(person=person, event=event if n % 2 else None)
        TransferFactory(release=release)
        CitationFactory(release=release)
    ObservationFactory()


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda v: v.__name__)
def test_rows_equal_the_row_serializer(rows, viewset):
    view = viewset()
    export = view.export
    data = list(export.json_rows(view.get_queryset(), keep=["id"]))
    assert data
    assert export_rows_data(export, data) == export.serializer_class(data, many=True).data


@pytest.mark.parametrize(
    ("name", "empty_filter"),
    [("prisoners", "gender="), ("prisoners", "search="), ("releases", "kind=")],
)
def test_no_filter_equals_empty_filters(api, rows, name, empty_filter):
    plain = all_json_rows(api, f"{API}{name}/?page_size=2")
    through_filterset = all_json_rows(api, f"{API}{name}/?page_size=2&{empty_filter}")
    assert plain == through_filterset
    assert len(plain) >= 4
