"""Fixtures for the feed tests: a real HTTP server on loopback serving files we wrote."""

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.factories import FeedFactory, MetricFactory, SourceFactory

FIXTURES = Path(__file__).parent / "fixtures"

RSS_PATTERN = (
    r"(?:[Aa]s of (?P<date>\d\d\.\d\d\.\d{4}) we count )?"
    r"(?P<value>\d[\d,. \u00a0]*\d) political prisoners"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="session")
def _feed_server():
    # Threaded, so a deliberately slow response does not hold up the next request, and
    # bound to 127.0.0.1: nothing in these tests leaves the machine.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def httpserver(_feed_server):
    """Overrides pytest-httpserver's fixture with the threaded server above."""
    yield _feed_server
    _feed_server.clear()


@pytest.fixture(autouse=True)
def _feed_settings(settings):
    # The local server is on loopback, which production refuses; a short timeout keeps
    # the slow-server tests quick.
    settings.FEEDS_ALLOW_PRIVATE_ADDRESSES = True
    settings.FEEDS_TIMEOUT_SECONDS = 1


@pytest.fixture
def metric(db):
    return MetricFactory(slug="political_prisoners_current")


@pytest.fixture
def source(db):
    return SourceFactory(slug="viasna", name="Viasna")


@pytest.fixture
def serve(httpserver):
    """serve(body, content_type=..., path=..., headers=..., status=...) -> the URL."""

    def _serve(
        body: bytes | str,
        *,
        content_type: str,
        path: str = "/feed",
        status: int = 200,
        headers=None,
    ):
        httpserver.expect_request(path).respond_with_data(
            body, status=status, content_type=content_type, headers=headers or {}
        )
        return httpserver.url_for(path)

    return _serve


@pytest.fixture
def make_feed(metric, source):
    def _make(*, url: str, adapter: str, config: dict, **kwargs):
        return FeedFactory(source=source, url=url, adapter=adapter, config=config, **kwargs)

    return _make
