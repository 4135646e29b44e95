"""Sources, metrics, observations, feed health and the summary in the API."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import FeedFactory, MetricFactory, ObservationFactory, SourceFactory
from tests.tracker.api_support import API, get_json

pytestmark = pytest.mark.django_db


def test_the_summary_gives_the_latest_number_per_metric_and_source(api):
    viasna, hrw = SourceFactory(slug="viasna"), SourceFactory(slug="hrw")
    current = MetricFactory(slug="political_prisoners_current")
    since = MetricFactory(slug="recognised_since_2020", label="Recognised since 2020")
    ObservationFactory(metric=current, source=viasna, value=1164, as_of=datetime.date(2025, 7, 2))
    ObservationFactory(metric=current, source=viasna, value=1135, as_of=datetime.date(2025, 12, 23))
    ObservationFactory(
        metric=current, source=viasna, value=9999, as_of=datetime.date(2026, 1, 1), status="held"
    )
    ObservationFactory(
        metric=current,
        source=hrw,
        value=1100,
        qualifier="more_than",
        as_of=datetime.date(2025, 12, 15),
    )
    ObservationFactory(
        metric=since,
        source=viasna,
        value=3200,
        qualifier="at_least",
        as_of=datetime.date(2024, 5, 21),
    )
    summary = get_json(api, f"{API}summary/")
    latest = {
        (o["metric"], o["source"]): (o["value"], o["qualifier"], o["as_of"])
        for o in summary["observations"]
    }
    assert latest == {
        ("political_prisoners_current", "viasna"): (1135, "exact", "2025-12-23"),
        ("political_prisoners_current", "hrw"): (1100, "more_than", "2025-12-15"),
        ("recognised_since_2020", "viasna"): (3200, "at_least", "2024-05-21"),
    }


def test_the_summary_totals_come_from_the_records(api, demo):
    totals = get_json(api, f"{API}summary/")["totals"]
    assert totals["people"] == 15  # twelve named and three withheld in the demo
    assert totals["people_identified"] == 12
    assert totals["releases"] == totals["releases_identified"] + 3
    assert totals["release_events"] == 7
    assert totals["people_by_status"]["detained"] >= 1


def test_observations_filter_by_metric_source_dates_and_hide_held_values(api):
    viasna, hrw = SourceFactory(slug="viasna"), SourceFactory(slug="hrw")
    current = MetricFactory(slug="political_prisoners_current")
    ObservationFactory(metric=current, source=viasna, value=360, as_of=datetime.date(2021, 4, 29))
    ObservationFactory(metric=current, source=viasna, value=1135, as_of=datetime.date(2025, 12, 23))
    ObservationFactory(metric=current, source=hrw, value=1100, as_of=datetime.date(2025, 12, 15))
    ObservationFactory(
        metric=current, source=hrw, value=7, as_of=datetime.date(2025, 12, 16), status="held"
    )

    def values(query):
        return [o["value"] for o in get_json(api, f"{API}observations/?{query}")["results"]]

    assert values("") == [1135, 1100, 360]  # newest first; the held value never
    assert values("source=hrw") == [1100]
    assert values("metric=political_prisoners_current&as_of_before=2022-01-01") == [360]
    assert values("as_of_after=2025-12-16") == [1135]
    assert values("status=published&source=viasna") == [1135, 360]


def test_metrics_and_sources_are_listed_with_their_meaning(api):
    MetricFactory(slug="political_prisoners_current")
    ObservationFactory()
    (metric,) = get_json(api, f"{API}metrics/")["results"]
    assert metric["definition"]
    assert metric["observations"] == 1
    SourceFactory(slug="state-agency", kind="state_media")
    kinds = [s["kind"] for s in get_json(api, f"{API}sources/?kind=state_media")["results"]]
    assert kinds == ["state_media"]


def test_feed_health_is_public_but_its_address_config_and_errors_are_not(api):
    now = timezone.now()
    FeedFactory(
        name="Viasna count",
        url="https://secret.example/feed?token=s3cr3t",
        last_success_at=now - datetime.timedelta(minutes=5),
        interval=60,
    )
    FeedFactory(
        name="Broken feed",
        last_success_at=now - datetime.timedelta(days=2),
        last_failure_at=now - datetime.timedelta(minutes=1),
        failures=4,
        last_error="Traceback: password=hunter2",
        interval=60,
    )
    FeedFactory(name="Switched off", enabled=False)
    response = api.get(f"{API}feeds/")
    rows = {row["name"]: row for row in response.json()["results"]}
    assert set(rows) == {"Viasna count", "Broken feed"}
    assert rows["Viasna count"]["stale"] is False
    assert rows["Broken feed"]["stale"] is True
    assert rows["Broken feed"]["last_failure_at"].endswith("Z")
    assert set(rows["Broken feed"]) == {
        "name",
        "source",
        "last_success_at",
        "last_failure_at",
        "stale",
    }
    text = response.content.decode() + api.get(f"{API}feeds/?format=csv").getvalue().decode()
    for secret in ("s3cr3t", "hunter2", "Traceback", "secret.example"):
        assert secret not in text
