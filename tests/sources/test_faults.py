"""Faults, against the real services: the database connection dropped in the middle of a
feed refresh, Redis down under the web server and the refresh command, a worker killed
in the middle of a task.

* The connection is dropped the way an operator's ``pg_terminate_backend`` (or a
  failover) drops it: the refreshing connection's server process is terminated from
  another connection, once while the local HTTP server is still sending the feed body
  (between fetch and write) and once in the middle of the write transaction. The run
  must fail cleanly (a FeedRun marked failed with an error that says what happened,
  no partial rows) and the next run must succeed.
* Redis down: REDIS_URL points at a closed loopback port for a gunicorn server and for
  ``manage.py refresh_feeds --sync``, both subprocesses against the test's own
  PostgreSQL database. The shared Redis is never touched.
* A worker killed mid-task: tests/sources/test_celery_worker.py
  (``test_a_killed_workers_task_is_redelivered_without_duplicate_rows``) kills a real
  worker with SIGKILL while it waits for the feed body and checks that the redelivered
  task leaves one Observation, one Document, one Citation; not repeated here.

These tests need PostgreSQL (a subprocess cannot see SQLite's in-memory test database,
and SQLite has no server process to terminate): on SQLite they skip, saying how to run
them. With CI set, a missing service fails them instead.
"""

from __future__ import annotations

import importlib
import io
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from werkzeug import Response

from sources.feeds import feed_refresh
from sources.models import Citation, Document, FeedRun, Observation
from tests.sources.test_refresh import JSON_CONFIG, count_body

ROOT = Path(__file__).resolve().parents[2]
HOW_TO_RUN = (
    "run them on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_audit "
    ".venv/bin/pytest tests/sources/test_faults.py"
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL; " + HOW_TO_RUN)


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminating_first_answer(pid: int):
    """(times asked, a handler) that terminates backend ``pid`` while answering the first
    request, then answers every request with a count."""
    asked: list[float] = []

    def terminate_then_answer(request):
        asked.append(time.monotonic())
        if len(asked) == 1:
            _terminate(pid)
        return Response(count_body(1135), content_type="application/json")

    return asked, terminate_then_answer


def _terminate(pid: int) -> None:
    """Terminate a server process from a connection of our own, as an operator would."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        (done,) = other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()
    if not done:
        message = f"could not terminate PostgreSQL backend {pid} (missing privilege?)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # The server process is gone once it no longer shows in pg_stat_activity.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with psycopg.connect(
            host=db["HOST"] or "localhost",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
        ) as other:
            row = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
        if row is None:
            return
        time.sleep(0.05)


def _rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Observation, Observation.history.model, Document, Citation)
    }


# --- the database connection dropped during a refresh -------------------------------------

DROPPED = "internal error: OperationalError: terminating connection due to administrator command"


def _assert_failed_cleanly(feed, before: dict[str, int]) -> None:
    """One run, failed, saying the connection was terminated; nothing else written; the
    feed's health records the failure and keeps the last good state."""
    (run,) = FeedRun.objects.filter(feed=feed)
    assert run.outcome == "failed"
    assert run.error.startswith(DROPPED), run.error
    assert run.finished_at is not None and run.document is None
    assert _rows() == before
    feed.refresh_from_db()
    assert feed.failures == 1 and feed.last_error == run.error
    assert feed.last_content_sha256 == ""


def test_a_connection_dropped_while_the_feed_is_sent_fails_the_run_and_the_next_succeeds(
    httpserver, make_feed
):
    # Mid-response: the refresh waits for this body while its connection dies, so the
    # next thing it does with the database (the write) finds it gone.
    sending, terminate_then_answer = _terminating_first_answer(_backend_pid())
    httpserver.expect_request("/count").respond_with_handler(terminate_then_answer)
    feed = make_feed(url=httpserver.url_for("/count"), adapter="json", config=JSON_CONFIG)
    before = _rows()

    # Recorded on the run, then raised, so that the worker logs the traceback.
    with pytest.raises(OperationalError, match="terminating connection"):
        feed_refresh(feed=feed)
    _assert_failed_cleanly(feed, before)

    # The same process, the next run: a new connection, the same body, written once.
    run = feed_refresh(feed=feed)
    assert run.outcome == "ok", run.error
    assert len(sending) == 2
    observation = Observation.objects.get()
    assert (observation.value, observation.feed_run) == (1135, run)
    assert observation.citations.get().document == run.document


def test_a_connection_dropped_in_the_middle_of_the_write_leaves_no_partial_rows(make_feed, serve):
    url = serve(count_body(1135), content_type="application/json", path="/count")
    feed = make_feed(url=url, adapter="json", config=JSON_CONFIG)
    pid = _backend_pid()
    dropped = []

    def drop_before_the_observation(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "sources_observation"') and not dropped:
            # The document is written by now, in the same transaction; then the
            # connection dies under the refresh.
            dropped.append(Document.objects.count())
            _terminate(pid)
        return execute(sql, params, many, context)

    before = _rows()
    with (
        connection.execute_wrapper(drop_before_the_observation),
        pytest.raises(OperationalError, match="terminating connection"),
    ):
        feed_refresh(feed=feed)
    # The document was there, uncommitted, when the connection died...
    assert dropped == [before["Document"] + 1], "the refresh never reached the insert"
    # ...and PostgreSQL rolled the transaction back: not even the document survives.
    _assert_failed_cleanly(feed, before)

    run = feed_refresh(feed=feed)
    assert run.outcome == "ok", run.error
    assert _rows() == {name: count + 1 for name, count in before.items()}


def test_refresh_feeds_sync_goes_on_after_a_dropped_connection(httpserver, make_feed, serve):
    calls, terminate_then_answer = _terminating_first_answer(_backend_pid())
    httpserver.expect_request("/first").respond_with_handler(terminate_then_answer)
    first = make_feed(url=httpserver.url_for("/first"), adapter="json", config=JSON_CONFIG)
    url = serve(count_body(1135), content_type="application/json", path="/second")
    second = make_feed(url=url, adapter="json", config=JSON_CONFIG)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 feeds did not refresh"):
        call_command("refresh_feeds", "--sync", stdout=out)

    assert f"{first.pk} {first.name}: failed (OperationalError: terminating" in out.getvalue()
    assert f"{second.pk} {second.name}: ok" in out.getvalue()
    assert FeedRun.objects.get(feed=first).outcome == "failed"
    assert Observation.objects.get().feed_run.feed == second


# --- Redis down ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_down_env(**extra) -> dict[str, str]:
    """The environment of a production process whose Redis is unreachable: REDIS_URL names
    a loopback port nothing listens on (the port of a socket we bound and closed)."""
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": f"redis://127.0.0.1:{_free_port()}/0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "test-only-not-a-secret"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


@contextmanager
def _gunicorn(env: dict[str, str], log: Path):
    """gunicorn as in production (gthread), one worker so its throttle counts are exact."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "tracker.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "gthread"]
    # No control socket: its default path is shared by every gunicorn of this user.
    command += ["--threads", "4", "--timeout", "60", "--no-control-socket"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)


PAGES = [
    "/",
    "/prisoners/",
    "/prisoners/?status=in_exile",
    "/prisoners/maryia-kalesnikava/",
    "/releases/",
    "/releases/2025-12-13-pardon-123/",
    "/statistics/",
    "/sources/",
    "/about/",
    "/admin/login/",
]
API_URLS = [
    "/api/v1/prisoners/",
    "/api/v1/prisoners/?search=Kalesnikava",
    "/api/v1/prisoners/?format=csv",
    "/api/v1/prisoners/maryia-kalesnikava/",
    "/api/v1/summary/",
    "/api/v1/feeds/",
]


def test_with_redis_down_the_pages_and_api_keep_serving_and_still_throttle(demo, tmp_path):
    log = tmp_path / "gunicorn.log"
    limit = 30
    env = _redis_down_env(API_THROTTLE_ANON=f"{limit}/min")
    with _gunicorn(env, log) as base, httpx.Client(base_url=base, timeout=30) as client:
        for url in PAGES + API_URLS:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, log.read_text())
        api_calls = len(API_URLS)
        statuses = []
        while api_calls < limit + 5:
            response = client.get("/api/v1/metrics/")
            statuses.append(response.status_code)
            api_calls += 1
    # The throttle degraded to this process's own counters; it did not fail open.
    assert statuses == [200] * (limit - len(API_URLS)) + [429] * 5, statuses
    assert int(response.headers["Retry-After"]) > 0
    output = log.read_text()
    assert "Redis cache unreachable" in output
    assert output.count("Redis cache unreachable") == 1  # once per outage, not per request
    assert "Traceback" not in output


def test_with_redis_down_refresh_feeds_sync_still_works(serve, make_feed, tmp_path):
    url = serve(count_body(1135), content_type="application/json", path="/count")
    feed = make_feed(url=url, adapter="json", config=JSON_CONFIG)
    env = _redis_down_env(FEEDS_ALLOW_PRIVATE_ADDRESSES="1", FEEDS_TIMEOUT_SECONDS="5")
    done = subprocess.run(
        [sys.executable, "manage.py", "refresh_feeds", "--sync"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{feed.pk} {feed.name}: ok (1 seen, 1 new, 0 held)" in done.stdout
    assert "Redis cache unreachable" in done.stderr
    (run,) = FeedRun.objects.filter(feed=feed)
    assert run.outcome == "ok"
    assert Observation.objects.get().feed_run == run


# --- a worker killed mid-task -------------------------------------------------------------


def test_the_killed_worker_case_lives_in_the_celery_worker_tests():
    """Covered by a real worker killed with SIGKILL in test_celery_worker.py; this fails if
    that test is renamed or removed, so the reference above cannot go stale."""
    module = importlib.import_module("tests.sources.test_celery_worker")
    test = module.test_a_killed_workers_task_is_redelivered_without_duplicate_rows
    assert callable(test)
