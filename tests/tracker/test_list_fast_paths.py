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


@pytest.mark.parametrize("viewset", VIEWSETS, ids=lambda v: v.__name__)
def test_columns_compiled_once_give_the_sql_and_rows_of_a_fresh_compile(rows, viewset):
    from django.db import connection

    from tracker.renderers import CompiledOnce

    view = viewset()
    export = view.export
    shared = export.json_rows(view.get_queryset(), keep=["id"]).order_by("id")
    first = shared.all()
    first_sql = str(first.query)
    rows_first = list(first)
    # The second use reads the cached column SQL: the same statement, the same rows.
    assert str(shared.all().query) == first_sql
    assert list(shared.all()) == rows_first
    annotations = shared.query.annotations.values()
    assert all(isinstance(a, CompiledOnce) for a in annotations)
    assert all(connection.alias in a._compiled for a in annotations if a._compiled)
    # Without the wrapper (the ORM's own compile) the rows are the same.
    plain = view.get_queryset().annotate(**{c.alias: c.expression() for c in export.columns})
    plain = plain.values(*(c.alias for c in export.columns), "id").order_by("id")
    assert list(plain) == rows_first
    if connection.vendor == "postgresql":
        # The columns' constants are written into the SQL: the only parameters left are
        # the list's own filter's (none for people: a statement planned once per
        # connection).
        _, params = shared.all().query.sql_with_params()
        _, base_params = view.get_queryset().values("id").order_by("id").query.sql_with_params()
        assert params == base_params
        if viewset is PersonViewSet:
            assert params == ()


def test_a_copy_of_a_compiled_column_compiles_afresh(rows):
    view = PersonViewSet()
    shared = view.export.json_rows(view.get_queryset(), keep=["id"])
    list(shared.all())  # compile and cache
    column = shared.query.annotations["col_release_events"]
    assert column._compiled
    assert column.copy()._compiled == {}
    # Nested in another query, the column's aliases are relabelled ("prisoners_person"
    # becomes U0): SQL cached for the top level would name the outer table instead.
    with_events = {row["id"] for row in shared.all() if row["col_release_events"]}
    assert with_events and with_events != {row["id"] for row in shared.all()}
    inner = shared.filter(col_release_events__isnull=False).values("id")
    list(shared.filter(col_release_events__isnull=False))  # cached at the top level too
    nested = view.get_queryset().filter(pk__in=inner)
    assert set(nested.values_list("id", flat=True)) == with_events
