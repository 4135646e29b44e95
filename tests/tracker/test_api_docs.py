"""The partner's guide and the CSV data dictionaries document what the API really does:
a column, filter or endpoint added without documentation fails here."""

import re
from pathlib import Path

import pytest

from prisoners.filters import PersonFilter
from prisoners.selectors import PERSON_EXPORT
from releases.filters import ReleaseEventFilter, ReleaseFilter, TransferFilter
from releases.selectors import RELEASE_EVENT_EXPORT, RELEASE_EXPORT, TRANSFER_EXPORT
from sources.filters import ObservationFilter, SourceFilter
from sources.selectors import FEED_EXPORT, METRIC_EXPORT, OBSERVATION_EXPORT, SOURCE_EXPORT
from tracker.api import router

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXPORTS = (
    PERSON_EXPORT,
    RELEASE_EVENT_EXPORT,
    RELEASE_EXPORT,
    TRANSFER_EXPORT,
    SOURCE_EXPORT,
    OBSERVATION_EXPORT,
    METRIC_EXPORT,
    FEED_EXPORT,
)
FILTERS = {
    "prisoners/": PersonFilter,
    "release-events/": ReleaseEventFilter,
    "releases/": ReleaseFilter,
    "transfers/": TransferFilter,
    "sources/": SourceFilter,
    "observations/": ObservationFilter,
}


def _dictionary(name: str) -> list[tuple[str, str]]:
    text = (DOCS / "csv" / f"{name}.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", text, flags=re.MULTILINE)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.name)
def test_every_csv_column_is_documented_in_order_with_its_type(export):
    assert _dictionary(export.name) == [(c.name, c.kind) for c in export.columns]


def test_the_dictionary_index_links_every_export():
    index = (DOCS / "csv" / "README.md").read_text(encoding="utf-8")
    for export in EXPORTS:
        assert f"({export.name}.md)" in index
        assert f"/api/v1/{export.name}/?format=csv" in index


def test_the_guide_names_every_endpoint_and_filter():
    guide = (DOCS / "api.md").read_text(encoding="utf-8")
    for prefix, _viewset, _basename in router.registry:
        assert f"`{prefix}/`" in guide, prefix
    for endpoint, filterset in FILTERS.items():
        row = next(line for line in guide.splitlines() if line.startswith(f"| `{endpoint}` |"))
        for name in filterset.base_filters:
            assert f"`{name}`" in row, f"{endpoint} ?{name} is not in the guide's table"


def test_the_guide_names_the_api_settings():
    guide = (DOCS / "api.md").read_text(encoding="utf-8")
    for setting in ("API_THROTTLE_ANON", "API_THROTTLE_KEY", "API_NUM_PROXIES"):
        assert setting in guide
