"""JSON documents: a count at a dotted path.

``value_path`` names the number (``data.current.count``; list positions are numbers,
``series.0.value``) and ``date_path`` its date. With ``items_path`` the document is a
list of records, and both paths are read inside each record: a series of counts.
Without a date the count is dated by the day of retrieval.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sources.adapters.base import (
    COUNT_KEYS,
    Adapter,
    ConfigError,
    Count,
    ParseError,
    parse_count,
    parse_date,
)

_MISSING = object()


def resolve(document: Any, path: str) -> Any:
    """Follow a dotted path; ParseError names the first step that is not there."""
    current = document
    walked: list[str] = []
    for step in path.split("."):
        where = ".".join(walked) or "the top level"
        if isinstance(current, list):
            if not step.isdigit():
                raise ParseError(f"{where} is a list, so {step!r} in {path!r} must be a position")
            if int(step) >= len(current):
                raise ParseError(
                    f"{where} has {len(current)} entries; position {step} of {path!r} is not there"
                )
            current = current[int(step)]
        elif isinstance(current, dict):
            nxt = current.get(step, _MISSING)
            if nxt is _MISSING:
                keys = ", ".join(list(current)[:10]) or "none"
                raise ParseError(
                    f"key {step!r} of {path!r} not found at {where} (keys there: {keys})"
                )
            current = nxt
        else:
            raise ParseError(
                f"{where} is a {type(current).__name__}, so {path!r} cannot go on to {step!r}"
            )
        walked.append(step)
    return current


def _count(raw: Any, *, where: str) -> int:
    if isinstance(raw, bool) or raw is None:
        raise ParseError(f"{where}: {raw!r} is not a count")
    if isinstance(raw, int):
        if raw < 0:
            raise ParseError(f"{where}: {raw} is negative")
        return raw
    if isinstance(raw, float) and raw.is_integer() and raw >= 0:
        return int(raw)
    if isinstance(raw, str):
        return parse_count(raw, where=where)
    raise ParseError(f"{where}: {raw!r} is not a whole number")


class JSONAdapter(Adapter):
    name = "json"
    content_types = ("application/json", "text/json", "application/ld+json")
    required = {"metric": str, "value_path": str}
    optional = {**COUNT_KEYS, "date_path": str, "items_path": str, "date_format": str}

    def check(self, config: Mapping[str, Any]) -> None:
        for key in ("value_path", "date_path", "items_path"):
            if key in config and any(not step for step in config[key].split(".")):
                raise ConfigError(key, f"{config[key]!r} has an empty step")

    def parse(
        self, body: bytes, *, config: Mapping[str, Any], charset: str | None = None
    ) -> list[Count]:
        try:
            # json.loads on bytes detects UTF-8/16/32 itself, as RFC 8259 asks.
            document = json.loads(body)
        except json.JSONDecodeError as exc:
            raise ParseError(
                f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except UnicodeDecodeError as exc:
            raise ParseError(f"JSON is not valid UTF-8 at byte {exc.start}") from None
        if "items_path" in config:
            records = resolve(document, config["items_path"])
            if not isinstance(records, list):
                raise ParseError(
                    f"items_path {config['items_path']!r} is a {type(records).__name__}, not a list"
                )
            if not records:
                raise ParseError(f"items_path {config['items_path']!r} is an empty list")
            located = [(record, f"{config['items_path']}.{n}") for n, record in enumerate(records)]
        else:
            located = [(document, "")]
        counts = []
        for record, prefix in located:
            try:
                raw = resolve(record, config["value_path"])
                as_of = None
                if "date_path" in config:
                    date_raw = resolve(record, config["date_path"])
                    if not isinstance(date_raw, str):
                        raise ParseError(
                            f"{config['date_path']!r}: {date_raw!r} is not a date string"
                        )
                    as_of = parse_date(
                        date_raw, where=config["date_path"], fmt=config.get("date_format")
                    )
            except ParseError as exc:
                raise ParseError(f"{prefix}: {exc}" if prefix else str(exc)) from None
            where = f"{prefix}.{config['value_path']}" if prefix else config["value_path"]
            counts.append(
                Count(
                    metric=config["metric"],
                    value=_count(raw, where=where),
                    as_of=as_of,
                    where=where,
                    quote=f"{where} = {raw!r}"[:500],
                    qualifier=config.get("qualifier", "exact"),
                )
            )
        return counts
