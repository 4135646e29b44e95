"""The dashboard, statistics, sources and about pages, the SVG chart, and the rules every
page keeps: no inline script or style (the CSP would block them), Open Graph and
canonical tags, a bounded number of queries."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prisoners.models import Person
from sources.charts import Series, line_chart_svg, nice_step
from tests.factories import (
    CitationFactory,
    DocumentFactory,
    EventCountFactory,
    FeedFactory,
    MetricFactory,
    ObservationFactory,
    ReleaseEventFactory,
    SourceFactory,
    published_person,
)

pytestmark = pytest.mark.django_db

PAGES = ("/", "/prisoners/", "/releases/", "/statistics/", "/sources/", "/about/")


def text_of(response) -> str:
    return unescape(response.content.decode())


def words_of(response) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text_of(response)).split())


@pytest.fixture
def counts():
    metric = MetricFactory()
    viasna = SourceFactory(slug="viasna", name="Viasna")
    hrw = SourceFactory(slug="hrw", name="Human Rights Watch")
    ObservationFactory(metric=metric, source=viasna, value=1300, as_of=datetime.date(2024, 1, 1))
    ObservationFactory(
        metric=metric,
        source=viasna,
        value=1135,
        as_of=datetime.date(2025, 12, 23),
        document=DocumentFactory(
            source=viasna, title="Viasna daily count", url="https://spring96.org/count"
        ),
    )
    ObservationFactory(
        metric=metric,
        source=hrw,
        value=1100,
        qualifier="more_than",
        as_of=datetime.date(2025, 12, 15),
    )
    # Held for review: a suspicious jump no page may show.
    ObservationFactory(
        metric=metric, source=viasna, value=9999, as_of=datetime.date(2025, 12, 24), status="held"
    )
    return metric


def test_home_shows_latest_count_per_source_with_document(client, counts):
    page = text_of(client.get("/"))
    assert "1,135" in page and "23 December 2025" in page
    assert 'href="https://spring96.org/count"' in page
    assert "more than 1,100" in words_of(client.get("/"))
    assert "9,999" not in page and "9999" not in page
    latest = [(o.source.name, o.value) for o in client.get("/").context["latest"]]
    assert latest == [("Human Rights Watch", 1100), ("Viasna", 1135)]


def test_home_draws_the_chart_with_title_and_description(client, counts):
    page = client.get("/").content.decode()
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page, re.S).group(0)
    assert (
        'role="img"' in svg and 'aria-labelledby="headline-chart-title headline-chart-desc"' in svg
    )
    assert (
        '<title id="headline-chart-title">Political prisoners held over time, one line per source</title>'
        in svg
    )
    assert "Viasna: from 1,300 on 2024-01-01 to 1,135 on 2025-12-23 (2 reports)." in unescape(svg)
    assert svg.count("<polyline") == 1  # Viasna has two points; HRW one point, no line
    assert "series-1" in svg


def test_home_lists_recent_events_and_search_box(client):
    event = ReleaseEventFactory(slug="pardon-52", title="52 pardoned")
    EventCountFactory(event=event, metric="released", value=52)
    page = text_of(client.get("/"))
    assert 'href="/releases/pardon-52/"' in page and "<strong>52</strong>" in page
    assert '<form class="search-form" role="search" method="get" action="/prisoners/">' in page


def test_home_counts_withheld_people_in_totals(client):
    published_person(status="detained")
    withheld = published_person(status="detained")
    Person.objects.filter(pk=withheld.pk).update(name_withheld=True)
    assert client.get("/").context["people_total"] == 2


def test_statistics_has_chart_table_and_csv_link(client, counts):
    response = client.get("/statistics/")
    page = text_of(response)
    assert "<svg" in page
    table = response.context["table"]
    assert table.columns == ["Human Rights Watch", "Viasna"]
    assert [row[0] for row in table.rows] == [
        datetime.date(2025, 12, 23),
        datetime.date(2025, 12, 15),
        datetime.date(2024, 1, 1),
    ]
    assert "9,999" not in page
    href = re.search(r'id="csv-download" href="([^"]+)"', response.content.decode()).group(1)
    assert unescape(href) == "/api/v1/observations/?format=csv&metric=political_prisoners_current"


def test_statistics_unknown_metric_is_404(client, counts):
    assert client.get("/statistics/?metric=nope").status_code == 404


def test_sources_page_hides_documents_cited_only_for_withheld_people(client):
    source = SourceFactory(slug="viasna", name="Viasna", notes="Counts people it recognises.")
    public = published_person()
    CitationFactory(
        person=public, document=DocumentFactory(source=source, title="About a public person")
    )
    withheld = published_person()
    Person.objects.filter(pk=withheld.pk).update(name_withheld=True)
    CitationFactory(
        person=withheld, document=DocumentFactory(source=source, title="Names a withheld person")
    )
    FeedFactory(name="Viasna counter", source=source)
    page = text_of(client.get("/sources/"))
    assert "About a public person" in page
    assert "Names a withheld person" not in page
    assert "Counts people it recognises." in page
    assert "Viasna counter" in page and "never run" in page


def test_about_reads_metric_definitions_from_the_database(client, counts):
    page = text_of(client.get("/about/"))
    assert "People held whom the source recognises as political prisoners." in page
    assert "Died in custody" in page and "In exile" in page


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(client, counts, path):
    page = client.get(path).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_landmarks_skip_link_and_social_tags(client, counts, path):
    page = client.get(path).content.decode()
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page and "<nav" in page
    assert '<html lang="en">' in page
    assert f'<link rel="canonical" href="http://testserver{path}">' in page
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert f'<meta property="{prop}"' in page


def test_pages_queries_do_not_grow(client, counts, django_assert_max_num_queries):
    def measure():
        result = []
        for path in ("/", "/statistics/", "/sources/", "/about/"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    # Empty results skip their prefetch queries, so the baseline has one of everything.
    ReleaseEventFactory()
    few = measure()
    for _n in range(12):
        source = SourceFactory()
        ObservationFactory(metric=counts, source=source, document=DocumentFactory(source=source))
        CitationFactory(person=published_person(), document=DocumentFactory(source=source))
        FeedFactory(source=source)
        ReleaseEventFactory()
    assert measure() == few
    for path in ("/", "/statistics/", "/sources/", "/about/"):
        with django_assert_max_num_queries(10):
            client.get(path)


def test_chart_escapes_labels_and_keeps_lines_inside_the_plot():
    svg = line_chart_svg(
        series=[
            Series(
                "<script>alert(1)</script>",
                [(datetime.date(2024, 1, 1), 1297), (datetime.date(2025, 1, 1), 1312)],
            )
        ],
        title="T & U",
        description="D",
        label_id="c",
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<title id="c-title">T &amp; U</title>' in svg
    # Every point sits between the top and bottom gridlines.
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    grid = [float(y) for y in re.findall(r'<line x1="64" x2="700" y1="([\d.]+)"', svg)]
    assert min(grid) <= min(ys) and max(ys) <= max(grid)


def test_chart_of_nothing_is_empty():
    assert line_chart_svg(series=[], title="t", description="d", label_id="x") == ""


def test_nice_step_is_round():
    assert nice_step(1000) == 200
    assert nice_step(120) == 25
    assert nice_step(7) == 2


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_on_an_empty_database(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_unknown_address_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = text_of(response)
    assert "Page not found" in page and 'href="/prisoners/"' in page
    assert 'aria-current="page"' not in page
