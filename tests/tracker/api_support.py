"""Helpers shared by the API tests: a client with a clean throttle, JSON/CSV readers.

Not a test module (no ``test_`` prefix); API test modules import the helpers they use.
"""

from __future__ import annotations

import csv
import io

from django.core.cache import cache

from tracker.renderers import ListColumn, neutralise

API = "/api/v1/"
# Every list the API serves, as in DESIGN §5.
LISTS = (
    "prisoners",
    "release-events",
    "releases",
    "transfers",
    "sources",
    "observations",
    "metrics",
    "feeds",
)


def open_api(client, settings):
    """Body of the ``api`` fixture (tests/conftest.py): the test client, with throttle
    counters cleared (they live in the shared cache, Redis on CI) and a limit high enough
    for tests that walk every endpoint.
    """
    cache.clear()
    settings.API_THROTTLE_ANON = "100000/min"
    settings.API_THROTTLE_KEY = "100000/min"
    yield client
    cache.clear()


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def get_json(client, url: str, expected: int = 200, **extra) -> dict:
    response = client.get(url, **extra)
    assert response.status_code == expected, (url, response.status_code, body_of(response)[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def all_json_rows(client, url: str) -> list[dict]:
    """Every row of a list, following the cursor."""
    rows: list[dict] = []
    page = get_json(client, url)
    rows += page["results"]
    while page["next"]:
        page = get_json(client, page["next"])
        rows += page["results"]
    return rows


def get_csv(client, url: str, **extra) -> tuple[list[str], list[list[str]], object]:
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code, body_of(response)[:500])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body_of(response).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:], response


def json_row_as_csv(export, row: dict) -> list[str]:
    """What the CSV must hold for a JSON row: lists joined, booleans spelt, formulas defused."""
    cells = []
    for column in export.columns:
        value = row[column.name]
        if isinstance(column, ListColumn):
            value = ";".join(value)
        if value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, int):
            cells.append(str(value))
        else:
            cells.append(neutralise(value))
    return cells
