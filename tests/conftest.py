"""Shared fixtures. Tests talk to the real database named by DATABASE_URL (SQLite in
memory by default, PostgreSQL in CI) and to Redis when REDIS_URL is set."""

import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    # The test client and the browser talk plain HTTP on loopback; production redirects.
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def demo(db):
    """The demo dataset, loaded by the same command `make run` uses."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def api(client, settings):
    """A test client set up the way the API tests expect (see tests/tracker/api_support.py)."""
    from tests.tracker.api_support import open_api

    yield from open_api(client, settings)
