"""Schemathesis against our own OpenAPI schema: for every operation in /api/v1/schema/,
requests generated from the schema (valid and invalid parameters alike) never get a
server error, and every response matches what the schema documents: status code,
content type, headers and body.

The schema is loaded from the WSGI application itself (tracker.wsgi), so the calls go
through every middleware, as in production, with no server to start. The examples are
bounded (``MAX_EXAMPLES`` per operation and phase) so that CI runs the whole module in
about a minute; a failure prints the exact request to reproduce it with.
"""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tracker.wsgi import application

MAX_EXAMPLES = 20


# Loaded once, at collection: generating the schema reads no data, only the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture
def api(demo, settings):
    """The demo data behind the API, throttling out of the way."""
    settings.API_THROTTLE_ANON = "1000000/min"
    cache.clear()
    # As Django's test client does: a request must not close the connection that holds
    # the test's transaction (the WSGI handler does so at the start and end of each).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


@schema.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_never_errs_and_answers_as_its_schema_says(api, case):
    # Every other check runs: no server error, status codes, content types, headers and
    # bodies as documented, invalid input refused, 405 for undeclared methods.
    # Not "positive data acceptance": a slug or code filter (tag, citizenship, event...)
    # takes the values in the database, and an unknown one is a 400 by design, which no
    # static schema can express.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
