"""CSV exports: every list, same rows as JSON, streamed, safe in a spreadsheet."""

import datetime

import pytest
from django.db import connection
from django.http import StreamingHttpResponse

from prisoners.selectors import PERSON_EXPORT
from releases.selectors import RELEASE_EVENT_EXPORT, RELEASE_EXPORT, TRANSFER_EXPORT
from sources.selectors import FEED_EXPORT, METRIC_EXPORT, OBSERVATION_EXPORT, SOURCE_EXPORT
from tests.factories import (
    FeedFactory,
    ObservationFactory,
    ReleaseEventFactory,
    ReleaseFactory,
    SourceFactory,
    TransferFactory,
    country,
    published_person,
)
from tests.tracker.api_support import (
    API,
    all_json_rows,
    get_csv,
    json_row_as_csv,
)
from tracker.renderers import _copy_rows, _iterate_rows, csv_cell

pytestmark = pytest.mark.django_db


EXPORTS = {
    "prisoners": PERSON_EXPORT,
    "release-events": RELEASE_EVENT_EXPORT,
    "releases": RELEASE_EXPORT,
    "transfers": TRANSFER_EXPORT,
    "sources": SOURCE_EXPORT,
    "observations": OBSERVATION_EXPORT,
    "metrics": METRIC_EXPORT,
    "feeds": FEED_EXPORT,
}

# Filters a journalist would use, per list; each keeps some rows and drops others.
FILTERED = [
    ("prisoners", ""),
    ("prisoners", "status=in_exile"),
    ("prisoners", "status=in_exile&status=released&transferred_to=UA"),
    ("prisoners", "release_event=2025-12-13-pardon-123&released_after=2025-12-01"),
    ("prisoners", "citizenship=BY&detained_before=2021-01-01"),
    ("prisoners", "search=Колесникова"),
    ("prisoners", "search=Tsikhanouski"),
    ("release-events", ""),
    ("release-events", "year=2025&kind=pardon"),
    ("releases", ""),
    ("releases", "event=2025-12-13-pardon-123&to_country=UA"),
    ("releases", "outcome=forcibly_deported&released_before=2025-12-31"),
    ("releases", "search=Babariko"),
    ("transfers", ""),
    ("transfers", "to_country=LT&forced=true"),
    ("sources", ""),
    ("sources", "kind=news_outlet"),
    ("observations", ""),
    ("observations", "metric=political_prisoners_current&as_of_after=2025-01-01"),
    ("metrics", ""),
    ("feeds", ""),
]

FORMULAS = ['=HYPERLINK("http://x")', "+SUM(1,2)", "-2+3", "@cmd", "\tTab", "\rReturn"]


@pytest.fixture
def tricky():
    """Records whose text a spreadsheet would execute or a naive writer would mangle."""
    event = ReleaseEventFactory(slug="tricky-event", title="=cmd|' /C calc'!A0", mediators="+1")
    source = SourceFactory(
        slug="tricky-source", name='@Evil, "quoted"', notes="line one\nline two\r\nthree"
    )
    people = []
    for n, formula in enumerate(FORMULAS):
        person = published_person(
            slug=f"tricky-{n}", name=f"{formula} Person", occupation=formula, gender="female"
        )
        release = ReleaseFactory(
            person=person, event=event, released_on=datetime.date(2025, 12, 13)
        )
        TransferFactory(release=release, via=formula, to_country=country("PL"))
        people.append(person)
    ObservationFactory(source=source, note="=1+1", as_of=datetime.date(2025, 1, 2))
    FeedFactory(name="=feed", source=source)
    return people


@pytest.mark.parametrize(("name", "query"), FILTERED)
def test_csv_rows_equal_json_rows_for_the_same_filters(api, demo, name, query):
    export = EXPORTS[name]
    json_rows = all_json_rows(api, f"{API}{name}/?page_size=7&{query}")
    header, csv_rows, _ = get_csv(api, f"{API}{name}/?format=csv&{query}")
    assert header == export.header
    assert csv_rows == [json_row_as_csv(export, row) for row in json_rows]
    if name != "feeds":
        # Guards the comparison: the demo gives every list rows to compare.
        assert csv_rows, f"{name}?{query} matched nothing"


def test_every_filter_changes_what_the_csv_holds(api, demo):
    # Guards the test above: an export that ignored its filters would still match JSON
    # if JSON ignored them too.
    _, everyone, _ = get_csv(api, f"{API}prisoners/?format=csv")
    _, exiled, _ = get_csv(api, f"{API}prisoners/?format=csv&status=in_exile")
    assert 0 < len(exiled) < len(everyone)


@pytest.mark.parametrize("name", EXPORTS)
def test_csv_and_json_rows_agree_on_tricky_text(api, tricky, name):
    export = EXPORTS[name]
    json_rows = all_json_rows(api, f"{API}{name}/?page_size=3")
    _, csv_rows, _ = get_csv(api, f"{API}{name}/?format=csv")
    assert csv_rows == [json_row_as_csv(export, row) for row in json_rows]


def test_formula_cells_are_neutralised_in_csv_and_kept_in_json(api, tricky):
    _, rows, _ = get_csv(api, f"{API}prisoners/?format=csv")
    by_slug = {row[0]: row for row in rows}
    names = PERSON_EXPORT.header.index("name")
    occupations = PERSON_EXPORT.header.index("occupation")
    for n, formula in enumerate(FORMULAS):
        assert by_slug[f"tricky-{n}"][names] == f"'{formula} Person"
        assert by_slug[f"tricky-{n}"][occupations] == f"'{formula}"
    person = api.get(f"{API}prisoners/tricky-0/").json()
    assert person["name"] == '=HYPERLINK("http://x") Person'

    _, transfers, _ = get_csv(api, f"{API}transfers/?format=csv")
    via = TRANSFER_EXPORT.header.index("via")
    assert sorted(row[via] for row in transfers) == sorted(f"'{f}" for f in FORMULAS)
    _, events, _ = get_csv(api, f"{API}release-events/?format=csv")
    assert events[0][RELEASE_EVENT_EXPORT.header.index("title")].startswith("'=cmd")
    _, sources, _ = get_csv(api, f"{API}sources/?format=csv&kind=human_rights_group")
    (source,) = [row for row in sources if row[0] == "tricky-source"]
    assert source[SOURCE_EXPORT.header.index("name")] == '\'@Evil, "quoted"'
    assert source[SOURCE_EXPORT.header.index("notes")] == "line one\nline two\r\nthree"
    _, observations, _ = get_csv(api, f"{API}observations/?format=csv")
    assert observations[0][OBSERVATION_EXPORT.header.index("note")] == "'=1+1"
    _, feeds, _ = get_csv(api, f"{API}feeds/?format=csv")
    assert feeds[0][0] == "'=feed"


def test_no_cell_in_any_export_starts_like_a_formula(api, tricky, demo):
    for name in EXPORTS:
        _, rows, _ = get_csv(api, f"{API}{name}/?format=csv")
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_csv_is_streamed_with_a_file_name_that_says_what_and_when(api, demo):
    _, _, response = get_csv(api, f"{API}prisoners/?format=csv&status=detained&citizenship=BY")
    assert isinstance(response, StreamingHttpResponse)
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="prisoners-citizenship-by-status-detained-{today}.csv"'
    )
    _, _, searched = get_csv(api, f"{API}prisoners/?format=csv&search=Колесникова")
    assert f'filename="prisoners-search-kolesnikova-{today}.csv"' in searched["Content-Disposition"]


def test_accept_text_csv_gives_the_same_file_as_format_csv(api, demo):
    _, by_param, _ = get_csv(api, f"{API}releases/?format=csv")
    _, by_header, response = get_csv(api, f"{API}releases/", HTTP_ACCEPT="text/csv")
    assert by_header == by_param
    assert "Accept" in response["Vary"]


def test_csv_has_every_row_not_one_page(api, demo):
    json_rows = all_json_rows(api, f"{API}sources/?page_size=5")
    _, csv_rows, _ = get_csv(api, f"{API}sources/?format=csv&page_size=5")
    assert len(json_rows) > 5
    assert len(csv_rows) == len(json_rows)


def test_csv_quoting_matches_postgresql_rules():
    assert csv_cell(None) == ""
    assert csv_cell("") == ""
    assert csv_cell(12) == "12"
    assert csv_cell("a,b") == '"a,b"'
    assert csv_cell('say "hi"') == '"say ""hi"""'
    assert csv_cell("one\rtwo") == '"one\rtwo"'  # Python's csv module would not quote this
    assert csv_cell("plain text") == "plain text"


@pytest.mark.parametrize("name", [n for n in EXPORTS if n != "feeds"])
def test_copy_and_iterator_paths_give_identical_bytes(tricky, demo, name):
    """On PostgreSQL the export streams through COPY; the Python path must match it byte
    for byte, so SQLite users and PostgreSQL users get the same file."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY exists only on PostgreSQL")
    from prisoners.models import Person
    from releases.models import Release, ReleaseEvent, Transfer
    from sources.models import Metric, Observation, Source

    querysets = {
        "prisoners": Person.objects.public().order_by("name", "id"),
        "release-events": ReleaseEvent.objects.public().order_by("-date", "id"),
        "releases": Release.objects.public().order_by("id"),
        "transfers": Transfer.objects.public().order_by("id"),
        "sources": Source.objects.order_by("slug"),
        "observations": Observation.objects.public().order_by("-as_of", "-id"),
        "metrics": Metric.objects.order_by("slug"),
    }
    rows = EXPORTS[name].csv_rows(querysets[name])
    copied = b"".join(_copy_rows(rows))
    iterated = b"".join(_iterate_rows(rows))
    assert copied
    assert copied == iterated


def test_a_distinct_queryset_exports_exactly_the_columns(demo):
    # SELECT DISTINCT drags its ORDER BY columns into the SELECT list; the export must
    # still have one cell per documented column, on both paths.
    from prisoners.models import Person

    queryset = (
        Person.objects.public().filter(releases__isnull=False).distinct().order_by("name", "id")
    )
    rows = PERSON_EXPORT.csv_rows(queryset)
    lines = b"".join(_iterate_rows(rows)).decode().splitlines()
    assert lines
    if connection.vendor == "postgresql":
        assert b"".join(_copy_rows(rows)).decode().splitlines() == lines
    first = next(iter(rows))
    assert len(first) == len(PERSON_EXPORT.header)


def test_an_export_that_matches_nothing_is_just_the_header(api, demo):
    header, rows, _ = get_csv(api, f"{API}prisoners/?format=csv&search=Zzyzx+Qwerty")
    assert header == PERSON_EXPORT.header
    assert rows == []
