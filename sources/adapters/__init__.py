"""The feed adapters, by the name stored in ``Feed.adapter``.

An explicit registry, not discovery: adding a format is adding a module and a line here.
"""

from sources.adapters.base import Adapter, ConfigError, Count, FeedError, ParseError, RosterEntry
from sources.adapters.csv_file import CSVAdapter
from sources.adapters.html_page import HTMLAdapter
from sources.adapters.json_doc import JSONAdapter
from sources.adapters.rss import AtomAdapter, RSSAdapter

REGISTRY: dict[str, type[Adapter]] = {
    adapter.name: adapter
    for adapter in (RSSAdapter, AtomAdapter, HTMLAdapter, JSONAdapter, CSVAdapter)
}


def get_adapter(name: str) -> Adapter:
    try:
        return REGISTRY[name]()
    except KeyError:
        raise ConfigError(
            "adapter", f"unknown adapter {name!r} (known: {', '.join(REGISTRY)})"
        ) from None


__all__ = [
    "REGISTRY",
    "Adapter",
    "ConfigError",
    "Count",
    "FeedError",
    "ParseError",
    "RosterEntry",
    "get_adapter",
]
