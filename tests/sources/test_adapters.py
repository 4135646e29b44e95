"""Each adapter against a real HTTP server on loopback, serving fixtures written for these
tests; and what each kind of broken feed does: fail with an error that says what and
where, and write nothing."""

import datetime
import gzip
import time

import pytest
from werkzeug import Response

from sources.adapters import ParseError, get_adapter
from sources.adapters.base import parse_count
from sources.feeds import feed_refresh
from sources.models import Document, FeedItem, Observation
from tests.sources.conftest import RSS_PATTERN, fixture

pytestmark = pytest.mark.django_db

METRIC = "political_prisoners_current"


def only_observation() -> Observation:
    (observation,) = Observation.objects.all()
    return observation


# --- each adapter reads its format -----------------------------------------------------------


def test_rss_count_from_an_items_text_dated_by_the_pattern(serve, make_feed):
    url = serve(fixture("counts.rss"), content_type="application/rss+xml; charset=utf-8")
    feed = make_feed(url=url, adapter="rss", config={"metric": METRIC, "pattern": RSS_PATTERN})

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    # Item 1 says nothing about a count; item 2 gives 1,135 as of 23.12.2025 in its
    # markup; item 3 gives "1 142" in its title, dated by its pubDate.
    assert sorted(Observation.objects.values_list("as_of", "value")) == [
        (datetime.date(2025, 12, 16), 1142),
        (datetime.date(2025, 12, 23), 1135),
    ]
    assert run.items_seen == 2 and run.items_new == 2


def test_atom_count_dated_by_the_entrys_publication(serve, make_feed):
    url = serve(fixture("counts.atom"), content_type="application/atom+xml")
    feed = make_feed(
        url=url,
        adapter="atom",
        config={"metric": METRIC, "pattern": r"(?P<value>[\d.,]+) political"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    observation = only_observation()
    assert (observation.value, observation.as_of) == (1135, datetime.date(2025, 12, 23))


def test_html_count_from_the_selected_element_dated_by_its_attribute(serve, make_feed):
    url = serve(fixture("page.html"), content_type="text/html; charset=utf-8")
    feed = make_feed(
        url=url,
        adapter="html",
        config={"metric": METRIC, "selector": "span.count", "date_attr": "data-as-of"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    observation = only_observation()
    assert (observation.value, observation.as_of) == (1135, datetime.date(2025, 12, 23))


def test_html_date_from_a_time_element(serve, make_feed):
    url = serve(fixture("page.html"), content_type="text/html")
    feed = make_feed(
        url=url,
        adapter="html",
        config={"metric": METRIC, "selector": ".counter", "date_selector": "time"},
    )

    assert feed_refresh(feed=feed).outcome == "ok"
    assert only_observation().as_of == datetime.date(2025, 12, 22)


def test_json_count_at_a_dotted_path(serve, make_feed):
    url = serve(fixture("counts.json"), content_type="application/json")
    feed = make_feed(
        url=url,
        adapter="json",
        config={
            "metric": METRIC,
            "value_path": "data.political_prisoners.count",
            "date_path": "data.political_prisoners.as_of",
        },
    )

    assert feed_refresh(feed=feed).outcome == "ok"
    observation = only_observation()
    assert (observation.value, observation.as_of) == (1135, datetime.date(2025, 12, 23))


def test_json_series_of_records(serve, make_feed):
    url = serve(fixture("counts.json"), content_type="application/json")
    config = {
        "metric": METRIC,
        "items_path": "data.series",
        "value_path": "value",
        "date_path": "date",
    }
    feed = make_feed(url=url, adapter="json", config=config)

    assert feed_refresh(feed=feed).outcome == "ok"
    assert list(Observation.objects.order_by("as_of").values_list("value", flat=True)) == [
        1146,
        1142,
        1135,
    ]


def test_json_without_a_date_is_dated_by_the_day_of_retrieval(serve, make_feed):
    url = serve(b'{"count": 1135}', content_type="application/json")
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC, "value_path": "count"})

    run = feed_refresh(feed=feed)

    assert only_observation().as_of == run.started_at.date()


def test_csv_series_of_counts(serve, make_feed):
    url = serve(fixture("series.csv"), content_type="text/csv")
    config = {"metric": METRIC, "value_column": "political_prisoners", "date_column": "date"}
    feed = make_feed(url=url, adapter="csv", config=config)

    assert feed_refresh(feed=feed).outcome == "ok"
    assert list(Observation.objects.order_by("as_of").values_list("value", flat=True)) == [
        1146,
        1142,
        1135,
    ]


def test_every_observation_cites_the_document_of_the_body_it_came_from(serve, make_feed):
    body = fixture("series.csv")
    url = serve(body, content_type="text/csv")
    config = {"metric": METRIC, "value_column": "political_prisoners", "date_column": "date"}
    feed = make_feed(url=url, adapter="csv", config=config)

    run = feed_refresh(feed=feed)

    (document,) = Document.objects.all()
    assert run.document == document
    assert document.source == feed.source
    assert document.url.startswith(feed.url + "#sha256=")
    feed.refresh_from_db()
    assert document.content_sha256 == run.content_sha256 == feed.last_content_sha256
    assert document.retrieved_at == run.started_at
    for observation in Observation.objects.all():
        assert observation.document == document
        assert observation.feed_run == run
        assert [c.document for c in observation.citations.all()] == [document]


@pytest.mark.parametrize(
    "text",
    ["1135", "1,135", "1.135", "1 135", "1\u00a0135", "1\u202f135", "1,135,000"],
)
def test_thousands_separators_are_accepted(text):
    assert parse_count(text, where="test") in (1135, 1135000)


@pytest.mark.parametrize("text", ["1.5", "11,35", "1,135.5", "1,135 000", "", "-3", "twelve"])
def test_what_is_not_a_whole_number_is_refused(text):
    with pytest.raises(ParseError, match="test: .* is not a whole number"):
        parse_count(text, where="test")


# --- HTTP ----------------------------------------------------------------------------------------


def test_not_modified_is_unchanged_and_sends_the_validators(httpserver, make_feed):
    httpserver.expect_request("/feed").respond_with_data(
        fixture("counts.json"), content_type="application/json", headers={"ETag": '"v1"'}
    )
    config = {
        "metric": METRIC,
        "value_path": "data.political_prisoners.count",
        "date_path": "data.political_prisoners.as_of",
    }
    feed = make_feed(url=httpserver.url_for("/feed"), adapter="json", config=config)
    assert feed_refresh(feed=feed).outcome == "ok"
    httpserver.clear()
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        b"", status=304
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "unchanged", run.error
    assert run.http_status == 304
    assert Observation.objects.count() == 1
    assert Document.objects.count() == 1


def test_a_slow_server_times_out_and_the_run_fails_as_retryable(httpserver, make_feed):
    def slow(request):
        time.sleep(1.6)
        return Response(b'{"count": 1}', content_type="application/json")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    feed = make_feed(
        url=httpserver.url_for("/slow"),
        adapter="json",
        config={"metric": METRIC, "value_path": "count"},
    )

    started = time.monotonic()
    run = feed_refresh(feed=feed)

    assert time.monotonic() - started < 1.5
    assert run.outcome == "failed"
    assert run.retryable
    assert "timed out after 1 s" in run.error
    assert not Observation.objects.exists()


def test_a_body_over_the_size_cap_is_rejected(serve, make_feed, settings):
    settings.FEEDS_MAX_BYTES = 1000
    url = serve(
        b'{"count": 1135, "padding": "' + b"x" * 5000 + b'"}', content_type="application/json"
    )
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC, "value_path": "count"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "over the 1000-byte limit" in run.error
    assert not Observation.objects.exists()


def test_the_size_cap_counts_decompressed_bytes_without_a_length(httpserver, make_feed, settings):
    # A small gzip body that inflates past the cap, streamed without Content-Length.
    settings.FEEDS_MAX_BYTES = 10_000
    bomb = gzip.compress(b'{"count": 1135, "padding": "' + b"0" * 1_000_000 + b'"}')

    def chunked(request):
        return Response(
            iter([bomb]), content_type="application/json", headers={"Content-Encoding": "gzip"}
        )

    httpserver.expect_request("/bomb").respond_with_handler(chunked)
    feed = make_feed(
        url=httpserver.url_for("/bomb"),
        adapter="json",
        config={"metric": METRIC, "value_path": "count"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "stopped reading" in run.error


def test_a_wrong_content_type_is_rejected(serve, make_feed):
    url = serve(fixture("page.html"), content_type="text/html")
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC, "value_path": "count"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "content type 'text/html'" in run.error


def test_the_config_can_accept_a_servers_wrong_content_type(serve, make_feed):
    url = serve(b'{"count": 1135}', content_type="text/plain")
    config = {"metric": METRIC, "value_path": "count", "content_types": ["text/plain"]}
    feed = make_feed(url=url, adapter="json", config=config)

    assert feed_refresh(feed=feed).outcome == "ok"


def test_an_http_error_fails_the_run(serve, make_feed):
    url = serve(b"gone", content_type="text/plain", status=404)
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC, "value_path": "count"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "failed"
    assert not run.retryable
    assert "HTTP 404" in run.error


def test_more_than_three_redirects_fail(httpserver, make_feed):
    for hop in range(5):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            b"", status=302, headers={"Location": httpserver.url_for(f"/hop{hop + 1}")}
        )
    feed = make_feed(
        url=httpserver.url_for("/hop0"),
        adapter="json",
        config={"metric": METRIC, "value_path": "count"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "failed"
    assert "more than 3 redirects" in run.error


def test_up_to_three_redirects_are_followed(httpserver, make_feed):
    for hop in range(3):
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            b"", status=301, headers={"Location": httpserver.url_for(f"/hop{hop + 1}")}
        )
    httpserver.expect_request("/hop3").respond_with_data(
        b'{"count": 7}', content_type="application/json"
    )
    feed = make_feed(
        url=httpserver.url_for("/hop0"),
        adapter="json",
        config={"metric": METRIC, "value_path": "count"},
    )

    assert feed_refresh(feed=feed).outcome == "ok"
    assert only_observation().value == 7


def test_loopback_is_refused_unless_the_setting_allows_it(serve, make_feed, settings):
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = False
    url = serve(b'{"count": 1135}', content_type="application/json")
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC, "value_path": "count"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "failed"
    assert "127.0.0.1, a private or local address" in run.error
    assert not Observation.objects.exists()


# --- broken bodies ---------------------------------------------------------------------------------


def test_truncated_xml_is_rejected_with_its_line_and_column(serve, make_feed):
    url = serve(fixture("truncated.rss"), content_type="application/rss+xml")
    feed = make_feed(url=url, adapter="rss", config={"metric": METRIC, "pattern": RSS_PATTERN})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert run.error.startswith("XML is not well-formed at line 16, column ")
    assert not Observation.objects.exists()


def test_an_entity_expansion_bomb_is_refused_before_any_expansion(serve, make_feed):
    url = serve(fixture("bomb.xml"), content_type="application/rss+xml")
    feed = make_feed(url=url, adapter="rss", config={"metric": METRIC, "pattern": RSS_PATTERN})

    started = time.monotonic()
    run = feed_refresh(feed=feed)

    assert time.monotonic() - started < 1
    assert run.outcome == "rejected"
    assert "declares the entity 'lol' at line 3" in run.error
    assert not Observation.objects.exists()


def test_an_external_entity_is_refused(serve, make_feed):
    url = serve(fixture("external_entity.xml"), content_type="application/xml")
    feed = make_feed(url=url, adapter="rss", config={"metric": METRIC, "pattern": RSS_PATTERN})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "entity 'secret'" in run.error
    assert "root:" not in run.error


def test_html_is_not_a_feed(serve, make_feed):
    url = serve(
        b"<html><body><p>1135 political prisoners</p></body></html>", content_type="text/xml"
    )
    feed = make_feed(url=url, adapter="rss", config={"metric": METRIC, "pattern": RSS_PATTERN})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "not an RSS or Atom feed: the root element is <html>" in run.error


def test_a_feed_whose_items_do_not_match_is_rejected(serve, make_feed):
    url = serve(fixture("counts.rss"), content_type="application/rss+xml")
    feed = make_feed(
        url=url, adapter="rss", config={"metric": METRIC, "pattern": r"(?P<value>\d+) detainees"}
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "the pattern matched none of the 3 items" in run.error


def test_malformed_json_says_line_and_column(serve, make_feed):
    url = serve(fixture("malformed.json"), content_type="application/json")
    feed = make_feed(
        url=url,
        adapter="json",
        config={"metric": METRIC, "value_path": "data.political_prisoners.count"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert run.error == "malformed JSON at line 3, column 43: Expecting ',' delimiter"


def test_a_missing_json_key_is_named_with_the_keys_that_are_there(serve, make_feed):
    url = serve(fixture("counts.json"), content_type="application/json")
    feed = make_feed(
        url=url,
        adapter="json",
        config={"metric": METRIC, "value_path": "data.political_prisoners.total"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert (
        "key 'total' of 'data.political_prisoners.total' not found at data.political_prisoners"
        in run.error
    )
    assert "(keys there: count, as_of)" in run.error


def test_html_without_the_selector_is_rejected(serve, make_feed):
    url = serve(fixture("page_without_counter.html"), content_type="text/html")
    feed = make_feed(url=url, adapter="html", config={"metric": METRIC, "selector": "span.count"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert run.error == "selector 'span.count' matched nothing in the page"


def test_a_bad_csv_row_rejects_the_whole_file_naming_line_and_column(serve, make_feed):
    url = serve(fixture("series_bad_row.csv"), content_type="text/csv")
    config = {"metric": METRIC, "value_column": "political_prisoners", "date_column": "date"}
    feed = make_feed(url=url, adapter="csv", config=config)

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert (
        run.error
        == "line 4, column 'political_prisoners': 'about a thousand' is not a whole number"
    )
    # Lines 2 and 3 were fine, and still nothing is written: one transaction per run.
    assert not Observation.objects.exists()


def test_a_csv_column_that_is_not_there_is_named(serve, make_feed):
    url = serve(fixture("series.csv"), content_type="text/csv")
    config = {"metric": METRIC, "value_column": "count", "date_column": "date"}
    feed = make_feed(url=url, adapter="csv", config=config)

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert (
        "column 'count' (value_column) is not in the header (columns: date, political_prisoners, note)"
        in run.error
    )


WINDOWS_1251_ROSTER = {
    "roster": True,
    "encoding": "windows-1251",
    "delimiter": ";",
    "language": "ru",
    "columns": {
        "external_id": "id",
        "name": "ФИО",
        "birth_date": "дата рождения",
        "released_on": "освобождён",
        "to_country": "куда",
    },
    "defaults": {"from_country": "BY"},
}


def test_a_windows_1251_roster_is_read_with_its_encoding(serve, make_feed):
    url = serve(fixture("roster_cp1251.csv"), content_type="text/csv; charset=windows-1251")
    feed = make_feed(url=url, adapter="csv", config=WINDOWS_1251_ROSTER)

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    names = {item.external_id: item.payload["ФИО"] for item in FeedItem.objects.all()}
    assert names == {"r1": "Мария Колесникова", "r2": "Иван Петров", "r3": "Алесь Беляцкий"}


def test_a_windows_1251_file_read_as_utf8_is_rejected_naming_the_line(serve, make_feed):
    url = serve(fixture("roster_cp1251.csv"), content_type="text/csv")
    feed = make_feed(url=url, adapter="csv", config={**WINDOWS_1251_ROSTER, "encoding": "utf-8"})

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert run.error.startswith("the file is not valid utf-8 at line 1 (byte 3)")
    assert not FeedItem.objects.exists()


def test_a_utf8_file_with_a_byte_order_mark_reads_the_first_column(serve, make_feed):
    body = "\ufeffdate,value\n2025-12-23,1135\n".encode()
    url = serve(body, content_type="text/csv")
    feed = make_feed(
        url=url,
        adapter="csv",
        config={"metric": METRIC, "value_column": "value", "date_column": "date"},
    )

    assert feed_refresh(feed=feed).outcome == "ok"
    assert only_observation().value == 1135


def test_parse_is_pure(django_assert_num_queries):
    with django_assert_num_queries(0):
        items = get_adapter("csv").parse(
            fixture("series.csv"),
            config={"metric": METRIC, "value_column": "political_prisoners", "date_column": "date"},
        )
    assert [item.value for item in items] == [1146, 1142, 1135]
