"""The refresh service, the roster review queue, the tasks, the commands and the admin:
what gets written, what never does, and what a broken feed leaves behind."""

import datetime
import io
import json

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from werkzeug import Response

from prisoners.models import Person
from releases.models import Release, Transfer
from sources.feeds import feed_health, feed_item_apply, feed_item_reject, feed_refresh
from sources.models import Citation, Document, Feed, FeedItem, FeedRun, Observation
from sources.tasks import refresh_due_feeds, refresh_feed
from tests.factories import (
    FeedFactory,
    ObservationFactory,
    PersonFactory,
    PersonNameFactory,
    ReleaseEventFactory,
    published_person,
)
from tests.sources.conftest import fixture
from tracker.celery import app as celery_app

pytestmark = pytest.mark.django_db

METRIC = "political_prisoners_current"
JSON_CONFIG = {"metric": METRIC, "value_path": "count", "date_path": "as_of"}


def count_body(value: int, as_of: str = "2025-12-23", **extra) -> bytes:
    return json.dumps({"count": value, "as_of": as_of, **extra}).encode()


@pytest.fixture
def json_feed(httpserver, make_feed):
    """A JSON feed whose body the test sets with ``serve_count``."""
    return make_feed(url=httpserver.url_for("/count"), adapter="json", config=JSON_CONFIG)


@pytest.fixture
def serve_count(httpserver):
    def _serve(value: int, as_of: str = "2025-12-23", **extra):
        httpserver.clear()
        httpserver.expect_request("/count").respond_with_data(
            count_body(value, as_of, **extra), content_type="application/json"
        )

    return _serve


def table_sizes() -> dict[str, int]:
    models = (
        Observation,
        Observation.history.model,
        Document,
        Citation,
        FeedItem,
        Person,
        Release,
        Transfer,
    )
    return {model.__name__: model.objects.count() for model in models}


# --- writing counts ----------------------------------------------------------------------------------


def test_a_tenfold_jump_is_held_and_the_last_good_value_stays_current(
    json_feed, serve_count, metric
):
    ObservationFactory(
        source=json_feed.source, metric=metric, value=1135, as_of=datetime.date(2025, 12, 16)
    )
    serve_count(11350)

    run = feed_refresh(feed=json_feed)

    assert run.outcome == "ok"
    assert run.items_held == 1
    jumped = Observation.objects.get(as_of=datetime.date(2025, 12, 23))
    assert jumped.status == "held"
    assert "more than 3 times away from the last published 1135" in jumped.note
    assert list(Observation.objects.public().values_list("value", flat=True)) == [1135]


def test_a_fall_to_a_tenth_is_held_too(json_feed, serve_count, metric):
    ObservationFactory(
        source=json_feed.source, metric=metric, value=1135, as_of=datetime.date(2025, 12, 16)
    )
    serve_count(113)

    feed_refresh(feed=json_feed)

    assert Observation.objects.get(value=113).status == "held"


def test_the_jump_factor_is_configurable(json_feed, serve_count, metric):
    json_feed.config = {**JSON_CONFIG, "max_jump_factor": 20}
    json_feed.save()
    ObservationFactory(
        source=json_feed.source, metric=metric, value=1135, as_of=datetime.date(2025, 12, 16)
    )
    serve_count(11350)

    feed_refresh(feed=json_feed)

    assert Observation.objects.get(value=11350).status == "published"


def test_an_ordinary_change_is_published(json_feed, serve_count, metric):
    ObservationFactory(
        source=json_feed.source, metric=metric, value=1146, as_of=datetime.date(2025, 12, 16)
    )
    serve_count(1135)

    feed_refresh(feed=json_feed)

    assert Observation.objects.get(value=1135).status == "published"


def test_an_unchanged_rerun_writes_no_rows(json_feed, serve_count):
    serve_count(1135)
    assert feed_refresh(feed=json_feed).outcome == "ok"
    before = table_sizes()

    run = feed_refresh(feed=json_feed)

    assert run.outcome == "unchanged"
    assert table_sizes() == before
    assert run.items_new == 0


def test_a_changed_body_with_the_same_numbers_adds_no_observation(json_feed, serve_count):
    serve_count(1135)
    feed_refresh(feed=json_feed)

    serve_count(1135, generated="2025-12-24T06:00:00Z")
    run = feed_refresh(feed=json_feed)

    assert run.outcome == "ok"
    assert run.items_new == 0
    assert Observation.objects.count() == 1
    assert Observation.history.count() == 1


def test_a_source_revising_its_figure_for_a_day_updates_the_feeds_observation(
    json_feed, serve_count
):
    serve_count(1135)
    feed_refresh(feed=json_feed)

    serve_count(1136)
    run = feed_refresh(feed=json_feed)

    observation = Observation.objects.get()
    assert observation.value == 1136
    assert observation.feed_run == run
    assert observation.note == "revised by the source from 1135"
    assert observation.history.count() == 2
    assert observation.citations.filter(document=run.document).exists()


def test_an_editors_value_is_never_overwritten_by_a_feed(json_feed, serve_count, metric):
    ObservationFactory(
        source=json_feed.source, metric=metric, value=1135, as_of=datetime.date(2025, 12, 23)
    )
    serve_count(1136)

    run = feed_refresh(feed=json_feed)

    assert run.outcome == "ok"
    assert Observation.objects.get().value == 1135
    assert "an editor entered 1135; the editor's value stays" in run.warnings


def test_a_failed_run_keeps_the_last_good_value_and_shows_in_the_health(
    httpserver, json_feed, serve_count
):
    serve_count(1135)
    feed_refresh(feed=json_feed)
    json_feed.refresh_from_db()
    last_success = json_feed.last_success_at
    httpserver.clear()
    httpserver.expect_request("/count").respond_with_data("upstream broken", status=503)

    run = feed_refresh(feed=json_feed)

    assert run.outcome == "failed"
    assert run.retryable
    assert list(Observation.objects.public().values_list("value", flat=True)) == [1135]
    json_feed.refresh_from_db()
    health = feed_health(json_feed)
    assert health["status"] == "failing"
    assert health["failures_in_a_row"] == 1
    assert health["last_success_at"] == last_success
    assert health["last_failure_at"] == run.finished_at
    assert "HTTP 503" in health["last_error"]


def test_repeated_failures_push_the_next_run_back(httpserver, json_feed):
    httpserver.expect_request("/count").respond_with_data("broken", status=500)
    delays = []
    for _ in range(3):
        run = feed_refresh(feed=json_feed)
        json_feed.refresh_from_db()
        delays.append(round((json_feed.next_run_at - run.finished_at).total_seconds() / 60))

    assert delays == [60, 120, 240]
    assert json_feed.failures == 3


def test_a_success_after_failures_resets_the_health(httpserver, json_feed, serve_count):
    httpserver.expect_request("/count").respond_with_data("broken", status=500)
    feed_refresh(feed=json_feed)
    serve_count(1135)

    feed_refresh(feed=json_feed)

    json_feed.refresh_from_db()
    assert (json_feed.failures, json_feed.last_error) == (0, "")
    assert feed_health(json_feed)["status"] == "ok"


def test_a_feed_contradicting_itself_is_rejected_and_writes_nothing(serve, make_feed):
    body = b"date,value\n2025-12-16,1142\n2025-12-23,1135\n2025-12-23,1140\n"
    url = serve(body, content_type="text/csv")
    feed = make_feed(
        url=url,
        adapter="csv",
        config={"metric": METRIC, "value_column": "value", "date_column": "date"},
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert run.error == (
        "line 4 gives political_prisoners_current = 1140 for 2025-12-23, but line 3 gives 1135"
    )
    assert not Observation.objects.exists()
    assert not Document.objects.exists()
    assert run.document is None


def test_a_date_in_the_future_is_rejected(json_feed, serve_count):
    serve_count(1135, as_of="2099-01-01")

    run = feed_refresh(feed=json_feed)

    assert run.outcome == "rejected"
    assert "the date 2099-01-01 is in the future" in run.error


def test_a_metric_that_does_not_exist_rejects_the_run(serve, source):
    url = serve(count_body(1135), content_type="application/json")
    feed = FeedFactory(
        source=source, url=url, adapter="json", config={**JSON_CONFIG, "metric": "no_such_metric"}
    )

    run = feed_refresh(feed=feed)

    assert run.outcome == "rejected"
    assert "metric 'no_such_metric' does not exist" in run.error


def test_a_config_broken_after_saving_fails_the_run_naming_the_key(serve, make_feed):
    url = serve(count_body(1135), content_type="application/json")
    feed = make_feed(url=url, adapter="json", config={"metric": METRIC})

    run = feed_refresh(feed=feed)

    assert run.outcome == "failed"
    assert run.error == "configuration: value_path: required by the json adapter"


# --- locking -----------------------------------------------------------------------------------------


def test_two_refreshes_of_one_feed_at_once_write_once(httpserver, json_feed):
    # The second refresh starts on another thread (the server's) while the first one is
    # waiting for this very response.
    second: list = []

    def respond_after_a_second_refresh(request):
        second.append(feed_refresh(feed=json_feed))
        return Response(count_body(1135), content_type="application/json")

    httpserver.expect_request("/count").respond_with_handler(respond_after_a_second_refresh)

    first = feed_refresh(feed=json_feed)

    assert second == [None]
    assert first.outcome == "ok"
    assert FeedRun.objects.count() == 1
    assert Observation.objects.count() == 1


def test_a_refresh_skips_a_feed_locked_by_another_worker(json_feed, serve_count):
    serve_count(1135)
    cache.add(f"feeds:lock:{json_feed.pk}", "another-task", timeout=60)

    try:
        assert feed_refresh(feed=json_feed, lock_owner="this-task") is None
    finally:
        cache.delete(f"feeds:lock:{json_feed.pk}")

    assert not FeedRun.objects.exists()


def test_a_redelivered_task_takes_over_its_own_lock_and_closes_the_cut_off_run(
    json_feed, serve_count
):
    serve_count(1135)
    cut_off = FeedRun.objects.create(feed=json_feed, started_at=timezone.now())
    cache.add(f"feeds:lock:{json_feed.pk}", "task-1", timeout=60)

    run = feed_refresh(feed=json_feed, lock_owner="task-1")

    assert run.outcome == "ok"
    cut_off.refresh_from_db()
    assert cut_off.outcome == "failed"
    assert cut_off.error.startswith("interrupted")
    assert cache.get(f"feeds:lock:{json_feed.pk}") is None


# --- rosters -----------------------------------------------------------------------------------------

CP1251_ROSTER = {
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


@pytest.fixture
def kalesnikava(db):
    person = published_person(name="Maryia Kalesnikava", slug="maryia-kalesnikava")
    PersonNameFactory(person=person, text="Мария Колесникова", language="ru")
    return person


def test_a_roster_fills_the_review_queue_and_publishes_nobody(serve, make_feed, kalesnikava):
    bialiatski = PersonFactory(name="Ales Bialiatski", birth_date=datetime.date(1962, 9, 25))
    PersonNameFactory(person=bialiatski, text="Ales Bialiatski", language="be-Latn")
    namesake = PersonFactory(name="Ivan Petrov", birth_date=datetime.date(1971, 1, 4))
    PersonNameFactory(person=namesake, text="Ivan Petrov", language="ru-Latn")
    people_before = set(Person.objects.values_list("pk", "is_published"))
    url = serve(fixture("roster_cp1251.csv"), content_type="text/csv")
    feed = make_feed(url=url, adapter="csv", config=CP1251_ROSTER)

    run = feed_refresh(feed=feed)

    assert run.outcome == "ok", run.error
    assert (run.items_seen, run.items_new) == (3, 3)
    items = {item.external_id: item for item in FeedItem.objects.all()}
    assert {item.status for item in items.values()} == {"pending"}
    # Cyrillic spelling, Latin record: matched by name key.
    assert items["r1"].person == kalesnikava
    assert items["r1"].match_score == 1.0
    # Same name, another birth date: not the same man.
    assert items["r2"].person is None
    assert "no existing person matches" in items["r2"].note
    # Born in 1962 agrees with 25 September 1962.
    assert items["r3"].person == bialiatski
    assert set(Person.objects.values_list("pk", "is_published")) == people_before
    assert not Release.objects.exists()
    assert not Observation.objects.exists()


def test_a_namesake_without_a_birth_date_is_left_to_the_editor(serve, make_feed):
    for n in (1, 2):
        person = PersonFactory(name="Ivan Petrov", slug=f"ivan-petrov-{n}")
        PersonNameFactory(person=person, text="Ivan Petrov")
    url = serve(b"name\nIvan Petrov\n", content_type="text/csv")
    feed = make_feed(url=url, adapter="csv", config={"roster": True})

    feed_refresh(feed=feed)

    item = FeedItem.objects.get()
    assert item.person is None
    assert item.note.startswith("2 people match equally well (ivan-petrov-1, ivan-petrov-2)")


def test_a_roster_rerun_adds_only_new_rows_and_keeps_reviews(httpserver, make_feed):
    httpserver.expect_request("/roster").respond_with_data(
        b"name\nIvan Petrov\nOlga Ivanova\n", content_type="text/csv"
    )
    feed = make_feed(url=httpserver.url_for("/roster"), adapter="csv", config={"roster": True})
    feed_refresh(feed=feed)
    rejected = feed_item_reject(item=FeedItem.objects.get(external_id="olga ivanova|"))
    httpserver.clear()
    httpserver.expect_request("/roster").respond_with_data(
        b"name\nIvan Petrov\nOlga Ivanova\nPavel Sidorov\n", content_type="text/csv"
    )

    run = feed_refresh(feed=feed)

    assert run.items_new == 1
    assert FeedItem.objects.count() == 3
    rejected.refresh_from_db()
    assert rejected.status == "rejected"


@pytest.fixture
def roster_feed(serve, make_feed):
    ReleaseEventFactory(slug="2025-12-13-pardon", date=datetime.date(2025, 12, 13), kind="pardon")
    url = serve(fixture("roster.csv"), content_type="text/csv")
    config = {
        "roster": True,
        "language": "be-Latn",
        "defaults": {"event": "2025-12-13-pardon", "release_kind": "pardon", "from_country": "BY"},
    }
    feed = make_feed(url=url, adapter="csv", config=config)
    run = feed_refresh(feed=feed)
    assert run.outcome == "ok", run.error
    return feed


def test_the_apply_action_creates_unpublished_records_cited_to_the_feeds_document(
    admin_client, admin_user, kalesnikava, roster_feed
):
    items = FeedItem.objects.order_by("external_id")
    assert [item.person for item in items] == [None, kalesnikava]
    document = roster_feed.runs.get().document

    response = admin_client.post(
        reverse("admin:sources_feeditem_changelist"),
        {"action": "apply_items", "_selected_action": [item.pk for item in items]},
        follow=True,
    )

    assert response.status_code == 200
    assert "2 item(s) applied." in response.content.decode()
    newcomer = Person.objects.get(name="Aliaksei Example")
    assert not newcomer.is_published
    assert (newcomer.birth_date, newcomer.birth_date_precision) == (
        datetime.date(1975, 3, 1),
        "month",
    )
    assert newcomer.names.get().language == "be-Latn"
    kalesnikava.refresh_from_db()
    assert kalesnikava.is_published  # already published: stays so
    for person, destination in ((newcomer, "LT"), (kalesnikava, "UA")):
        release = person.releases.get()
        assert (release.event.slug, release.kind, release.outcome) == (
            "2025-12-13-pardon",
            "pardon",
            "forcibly_deported",
        )
        transfer = release.transfers.get()
        assert (transfer.from_country_id, transfer.to_country_id, transfer.forced) == (
            "BY",
            destination,
            True,
        )
        for record in (person, release, transfer):
            assert record.citations.filter(document=document).count() == 1
        assert person.status == "in_exile"
    for item in FeedItem.objects.all():
        assert (item.status, item.reviewed_by) == ("applied", admin_user)
    assert newcomer.history.first().history_user == admin_user


def test_an_applied_item_cannot_be_applied_again(admin_client, roster_feed):
    item = FeedItem.objects.get(external_id="aliaksei example|1975-03-01")
    feed_item_apply(item=item)

    response = admin_client.post(
        reverse("admin:sources_feeditem_changelist"),
        {"action": "apply_items", "_selected_action": [item.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "item aliaksei example|1975-03-01 is applied, not pending"
    ]
    assert Person.objects.filter(name="Aliaksei Example").count() == 1


def test_the_reject_action_creates_nothing(admin_client, roster_feed):
    before = table_sizes()

    admin_client.post(
        reverse("admin:sources_feeditem_changelist"),
        {
            "action": "reject_items",
            "_selected_action": list(FeedItem.objects.values_list("pk", flat=True)),
        },
    )

    assert set(FeedItem.objects.values_list("status", flat=True)) == {"rejected"}
    assert table_sizes() == before


def test_an_unknown_event_stops_the_apply_and_writes_nothing(roster_feed):
    roster_feed.config = {**roster_feed.config, "defaults": {"event": "no-such-event"}}
    roster_feed.save()
    before = table_sizes()

    with pytest.raises(Exception, match="no release event with slug 'no-such-event'"):
        feed_item_apply(item=FeedItem.objects.get(external_id="aliaksei example|1975-03-01"))

    assert table_sizes() == before


# --- health ----------------------------------------------------------------------------------------------


def test_a_feed_is_stale_after_three_missed_intervals(json_feed):
    now = timezone.now()
    json_feed.last_success_at = now - datetime.timedelta(minutes=179)
    assert feed_health(json_feed, now=now)["stale"] is False

    json_feed.last_success_at = now - datetime.timedelta(minutes=181)
    health = feed_health(json_feed, now=now)

    assert health["stale"] is True
    assert health["status"] == "stale"
    assert health["stale_at"] == json_feed.last_success_at + datetime.timedelta(minutes=180)


def test_a_disabled_feed_is_never_stale(json_feed):
    json_feed.enabled = False
    json_feed.last_success_at = timezone.now() - datetime.timedelta(days=30)

    assert feed_health(json_feed) | {} == feed_health(json_feed)
    assert (feed_health(json_feed)["status"], feed_health(json_feed)["stale"]) == (
        "disabled",
        False,
    )


# --- tasks and commands ---------------------------------------------------------------------------------


@pytest.fixture
def in_process_celery():
    """With REDIS_URL set the settings send tasks to Redis; these tests run them here."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def test_refresh_due_feeds_enqueues_only_enabled_feeds_that_are_due(
    in_process_celery, serve, make_feed
):
    url = serve(count_body(1135), content_type="application/json")
    now = timezone.now()
    never_run = make_feed(url=url, adapter="json", config=JSON_CONFIG)
    overdue = make_feed(
        url=url, adapter="json", config=JSON_CONFIG, next_run_at=now - datetime.timedelta(minutes=5)
    )
    later = make_feed(
        url=url, adapter="json", config=JSON_CONFIG, next_run_at=now + datetime.timedelta(minutes=5)
    )
    disabled = make_feed(url=url, adapter="json", config=JSON_CONFIG, enabled=False)

    assert refresh_due_feeds.apply().get() == 2

    assert set(FeedRun.objects.values_list("feed", flat=True)) == {never_run.pk, overdue.pk}
    assert not later.runs.exists() and not disabled.runs.exists()
    # Both are scheduled an interval ahead, so the next minute's beat leaves them alone.
    assert refresh_due_feeds.apply().get() == 0


def test_the_refresh_task_returns_the_outcome(in_process_celery, json_feed, serve_count):
    serve_count(1135)

    assert refresh_feed.apply(args=[json_feed.pk]).get() == "ok"
    assert refresh_feed.apply(args=[json_feed.pk]).get() == "unchanged"
    assert refresh_feed.apply(args=[0]).get() == "gone"


def test_the_refresh_task_is_configured_for_redelivery_and_limits():
    assert refresh_feed.acks_late is True
    assert refresh_feed.reject_on_worker_lost is True
    assert 0 < refresh_feed.soft_time_limit < refresh_feed.time_limit
    assert refresh_feed.max_retries >= 3
    # Redelivery of an unacknowledged task must wait for longer than a task can run.
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility == 3600 and visibility > refresh_feed.time_limit


def test_beat_runs_the_due_feeds_task_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["refresh-due-feeds"]
    assert entry["schedule"] == 60.0
    assert entry["task"] in celery_app.tasks


def test_add_feed_prints_the_new_feeds_id(source, metric):
    out = io.StringIO()

    call_command(
        "add_feed",
        "--source=viasna",
        "--adapter=rss",
        "--url=https://example.org/feed.xml",
        "--config=" + json.dumps({"metric": METRIC, "pattern": r"(?P<value>\d+) political"}),
        "--interval=30",
        stdout=out,
    )

    feed = Feed.objects.get()
    assert out.getvalue().strip() == str(feed.pk)
    assert (feed.source, feed.adapter, feed.interval, feed.enabled) == (source, "rss", 30, True)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"metric": METRIC}, "pattern: required by the rss adapter"),
        ({"metric": METRIC, "pattern": r"\d+"}, "pattern: needs a named group (?P<value>...)"),
        ({"metric": "nope", "pattern": r"(?P<value>\d+)"}, "metric: no metric with slug 'nope'"),
        (
            {"metric": METRIC, "pattern": r"(?P<value>\d+)", "selector": "p"},
            "selector: unknown key for the rss adapter",
        ),
    ],
)
def test_add_feed_refuses_a_config_naming_the_key(source, metric, config, message):
    with pytest.raises(CommandError) as raised:
        call_command(
            "add_feed",
            "--source=viasna",
            "--adapter=rss",
            "--url=https://example.org/f",
            "--config=" + json.dumps(config),
        )

    assert message in str(raised.value)
    assert not Feed.objects.exists()


def test_refresh_feeds_sync_prints_each_outcome(json_feed, serve_count):
    serve_count(1135)
    out = io.StringIO()

    call_command("refresh_feeds", "--sync", f"--feed={json_feed.pk}", stdout=out)
    call_command("refresh_feeds", "--sync", f"--feed={json_feed.pk}", stdout=out)

    assert out.getvalue().splitlines() == [
        f"{json_feed.pk} {json_feed.name}: ok (1 seen, 1 new, 0 held)",
        f"{json_feed.pk} {json_feed.name}: unchanged (same body as the last good run)",
    ]


def test_refresh_feeds_sync_fails_when_a_feed_fails(httpserver, json_feed):
    httpserver.expect_request("/count").respond_with_data("broken", status=500)

    with pytest.raises(CommandError, match="1 of 1 feeds did not refresh"):
        call_command("refresh_feeds", "--sync", stdout=io.StringIO())


def test_refresh_feeds_without_sync_goes_through_celery(in_process_celery, json_feed, serve_count):
    serve_count(1135)
    out = io.StringIO()

    call_command("refresh_feeds", stdout=out)

    assert out.getvalue() == f"{json_feed.pk} {json_feed.name}: enqueued\n"
    assert json_feed.runs.get().outcome == "ok"


# --- admin ---------------------------------------------------------------------------------------------------


def feed_form(source, **overrides) -> dict:
    data = {
        "name": "Viasna counter",
        "source": source.pk,
        "url": "https://example.org/count.json",
        "adapter": "json",
        "config": json.dumps(JSON_CONFIG),
        "interval": 60,
        "enabled": "on",
    }
    return {**data, **overrides}


def test_the_admin_refuses_a_config_and_names_the_key(admin_client, source, metric):
    response = admin_client.post(
        reverse("admin:sources_feed_add"), feed_form(source, config=json.dumps({"metric": METRIC}))
    )

    assert response.status_code == 200
    assert "value_path: required by the json adapter" in response.content.decode()
    assert not Feed.objects.exists()


def test_the_admin_saves_a_valid_feed(admin_client, source, metric):
    response = admin_client.post(reverse("admin:sources_feed_add"), feed_form(source))

    assert response.status_code == 302
    assert Feed.objects.get().config == JSON_CONFIG


def test_the_admin_feed_list_shows_health(admin_client, httpserver, json_feed):
    httpserver.expect_request("/count").respond_with_data("broken", status=500)
    feed_refresh(feed=json_feed)

    page = admin_client.get(reverse("admin:sources_feed_changelist")).content.decode()

    assert "failing" in page
    assert "HTTP 500 INTERNAL SERVER ERROR" in page


def test_the_admin_pages_of_a_feed_its_run_and_its_item_open(admin_client, roster_feed):
    run = roster_feed.runs.get()
    item = FeedItem.objects.first()

    for url in (
        reverse("admin:sources_feed_change", args=[roster_feed.pk]),
        reverse("admin:sources_feedrun_change", args=[run.pk]),
        reverse("admin:sources_feeditem_change", args=[item.pk]),
        reverse("admin:sources_feeditem_changelist") + "?status__exact=pending",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert (
        "all runs of this feed"
        in admin_client.get(
            reverse("admin:sources_feed_change", args=[roster_feed.pk])
        ).content.decode()
    )
