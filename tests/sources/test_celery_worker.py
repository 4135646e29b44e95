"""A real Celery worker, started as a subprocess, against real Redis and the test's own
PostgreSQL database; feeds served by the local HTTP server.

The worker reads the same settings as production, from its environment: DATABASE_URL
points at the test database, FEEDS_ALLOW_PRIVATE_ADDRESSES lets it reach the loopback
server, and CELERY_VISIBILITY_TIMEOUT is a few seconds so that a task whose worker was
killed is handed out again quickly.
"""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from werkzeug import Response

from sources.models import Document, FeedRun, Observation
from sources.tasks import refresh_due_feeds, refresh_feed
from tests.sources.test_refresh import JSON_CONFIG, count_body

ROOT = Path(__file__).resolve().parents[2]
HOW_TO_RUN = (
    "run them with PostgreSQL and Redis: DATABASE_URL=postgres://postgres@127.0.0.1:5432/"
    "tracker_feeds REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/pytest tests/sources/test_celery_worker.py"
)
VISIBILITY_TIMEOUT = 3

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def _postgresql_and_redis():
    if connection.vendor != "postgresql":
        pytest.skip(
            "a worker in another process cannot see SQLite's in-memory test database; " + HOW_TO_RUN
        )
    if not settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Celery worker tests, but REDIS_URL is not set")
        pytest.skip("REDIS_URL is not set; " + HOW_TO_RUN)
    # Leftovers of an earlier, interrupted run would be delivered to our workers.
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    for key in client.scan_iter(match="*feeds:lock:*"):
        client.delete(key)


class Worker:
    def __init__(self, log: Path, *, pool: str, concurrency: int):
        db = connection.settings_dict
        user = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        database_url = (
            f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "0",
            "REDIS_URL": settings.REDIS_URL,
            "FEEDS_ALLOW_PRIVATE_ADDRESSES": "1",
            "FEEDS_TIMEOUT_SECONDS": "5",
            "FEEDS_RETRY_BASE_SECONDS": "1",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "test-only-not-a-secret"),
        }
        self.log = log
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tracker",
            "worker",
            "-P",
            pool,
            "-c",
            str(concurrency),
        ]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
        command += ["-n", f"{log.stem}-{os.getpid()}@%h"]
        with log.open("wb") as out:
            # Its own process group, so that stopping it stops its pool's children too.
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while "ready." not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the Celery worker did not start:\n{self.output()}")
            time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """kill -9: no warm shutdown, nothing acknowledged or handed back."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            # A cold shutdown (SIGQUIT): the tests stop a worker only once its work is done.
            os.killpg(self.process.pid, signal.SIGQUIT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="class")
def worker(_postgresql_and_redis, tmp_path_factory):
    """One prefork worker with two processes, shared by the tests of a class (and stopped
    after them: a worker left running would take the tasks meant for another)."""
    started = Worker(
        tmp_path_factory.mktemp("celery") / "worker.log", pool="prefork", concurrency=2
    )
    yield started
    started.stop()


def wait_for(predicate, *, seconds: float = 30, worker: Worker | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(0.2)
    log = worker.output() if worker else ""
    pytest.fail(f"gave up after {seconds} s\n{log[-4000:]}")


def finished_runs(feed):
    return list(FeedRun.objects.filter(feed=feed).exclude(outcome="running").order_by("id"))


class TestOneWorker:
    """Tests that share one running prefork worker."""

    def test_a_worker_refreshes_a_due_feed_end_to_end(self, worker, serve, make_feed):
        url = serve(count_body(1135), content_type="application/json")
        feed = make_feed(url=url, adapter="json", config=JSON_CONFIG)

        # What beat does every minute.
        refresh_due_feeds.delay()

        (run,) = wait_for(lambda: finished_runs(feed), worker=worker)
        assert run.outcome == "ok", run.error
        observation = Observation.objects.get()
        assert (observation.value, observation.status, observation.feed_run) == (
            1135,
            "published",
            run,
        )
        assert observation.citations.get().document == run.document
        assert run.document.url.startswith(url + "#sha256=")

    def test_a_network_error_is_retried_by_the_worker(self, worker, httpserver, make_feed):
        calls = []

        def fail_once(request):
            calls.append(time.monotonic())
            if len(calls) == 1:
                return Response("try again later", status=503)
            return Response(count_body(1135), content_type="application/json")

        httpserver.expect_request("/flaky").respond_with_handler(fail_once)
        feed = make_feed(url=httpserver.url_for("/flaky"), adapter="json", config=JSON_CONFIG)

        refresh_feed.delay(feed.pk)

        runs = wait_for(
            lambda: [r for r in finished_runs(feed) if r.outcome == "ok"] and finished_runs(feed),
            worker=worker,
        )
        assert [(r.outcome, r.retryable) for r in runs] == [("failed", True), ("ok", False)]
        assert Observation.objects.count() == 1
        feed.refresh_from_db()
        assert feed.failures == 0

    def test_two_refresh_tasks_of_one_feed_at_once_write_once(self, worker, httpserver, make_feed):
        def slow(request):
            time.sleep(2)
            return Response(count_body(1135), content_type="application/json")

        httpserver.expect_request("/slow").respond_with_handler(slow)
        feed = make_feed(url=httpserver.url_for("/slow"), adapter="json", config=JSON_CONFIG)

        refresh_feed.delay(feed.pk)
        refresh_feed.delay(feed.pk)

        wait_for(lambda: finished_runs(feed), worker=worker)
        time.sleep(1)  # room for a second run, were the lock not working
        assert [r.outcome for r in FeedRun.objects.filter(feed=feed)] == ["ok"]
        assert len(httpserver.log) == 1
        assert Observation.objects.count() == 1


def test_a_killed_workers_task_is_redelivered_without_duplicate_rows(
    _postgresql_and_redis, tmp_path, httpserver, make_feed
):
    fetching = threading.Event()

    def slow_first_time(request):
        if not fetching.is_set():
            fetching.set()
            time.sleep(4)  # the worker is killed while it waits for this
        return Response(count_body(1135), content_type="application/json")

    httpserver.expect_request("/count").respond_with_handler(slow_first_time)
    feed = make_feed(url=httpserver.url_for("/count"), adapter="json", config=JSON_CONFIG)
    first = Worker(tmp_path / "first.log", pool="solo", concurrency=1)
    try:
        refresh_feed.delay(feed.pk)
        assert fetching.wait(30), first.output()
        first.kill()
    finally:
        first.stop()
    assert FeedRun.objects.get(feed=feed).outcome == "running"
    # Redis hands an unacknowledged task out again once the visibility timeout has passed;
    # a worker looks for such tasks when it starts.
    time.sleep(VISIBILITY_TIMEOUT + 0.5)

    second = Worker(tmp_path / "second.log", pool="solo", concurrency=1)
    try:
        runs = wait_for(
            lambda: [r for r in finished_runs(feed) if r.outcome == "ok"] and finished_runs(feed),
            worker=second,
        )
    finally:
        second.stop()

    assert [r.outcome for r in runs] == ["failed", "ok"]
    assert runs[0].error.startswith("interrupted")
    assert Observation.objects.count() == 1
    assert Document.objects.count() == 1
    assert Observation.objects.get().citations.count() == 1
