"""CSV files: a series of counts, or a roster of people for review.

Counts: ``metric``, ``value_column`` and ``date_column`` name what each row holds.

Rosters (``roster: true``): each row names a person reported released or transferred and
becomes a FeedItem for an editor; nothing is created or published by the feed itself.
The row's fields are read from the columns named like them (``name``, ``birth_date``,
``released_on``, ``release_kind``, ``outcome``, ``event``, ``from_country``,
``to_country``, ``external_id``) unless ``columns`` maps a field to another header;
``defaults`` gives values for fields the file leaves out (the event slug, say). Only
``name`` is required. Without an ``external_id`` column a row is identified by its folded name
and birth date, so the same person in tomorrow's file is the same item.

``encoding`` defaults to UTF-8 (a byte-order mark is tolerated), ``delimiter`` to a comma.
Errors name the line and the column.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from prisoners.dates import parse_partial
from prisoners.names import fold
from releases.models import Outcome, ReleaseKind
from sources.adapters.base import (
    COUNT_KEYS,
    Adapter,
    ConfigError,
    Count,
    ParseError,
    RosterEntry,
    parse_count,
    parse_date,
)

ROSTER_FIELDS = (
    "external_id",
    "name",
    "birth_date",
    "released_on",
    "release_kind",
    "outcome",
    "event",
    "from_country",
    "to_country",
)
_COUNTRY = re.compile(r"[A-Z]{2}")
# Read once: Django's ``Choices.values`` builds a new list on every access, and a roster
# checks two of them per row.
_RELEASE_KINDS = tuple(ReleaseKind.values)
_OUTCOMES = tuple(Outcome.values)


class CSVAdapter(Adapter):
    name = "csv"
    content_types = ("text/csv", "application/csv", "text/plain", "text/tab-separated-values")
    required = {}
    optional = {
        **COUNT_KEYS,
        "metric": str,
        "value_column": str,
        "date_column": str,
        "date_format": str,
        "roster": bool,
        "columns": dict,
        "defaults": dict,
        "language": str,
        "encoding": str,
        "delimiter": str,
    }

    def check(self, config: Mapping[str, Any]) -> None:
        try:
            codecs.lookup(config.get("encoding", "utf-8"))
        except LookupError:
            raise ConfigError("encoding", f"unknown encoding {config['encoding']!r}") from None
        if len(config.get("delimiter", ",")) != 1:
            raise ConfigError("delimiter", "must be a single character")
        if config.get("roster"):
            for key in ("metric", "value_column", "date_column", *COUNT_KEYS):
                if key in config:
                    raise ConfigError(key, "a roster has no counts; remove this key or roster")
            for key in ("columns", "defaults"):
                for field_name, value in config.get(key, {}).items():
                    if field_name not in ROSTER_FIELDS:
                        raise ConfigError(
                            f"{key}.{field_name}",
                            f"unknown field (fields: {', '.join(ROSTER_FIELDS)})",
                        )
                    if not isinstance(value, str):
                        raise ConfigError(f"{key}.{field_name}", "must be a string")
            if "language" in config and not re.fullmatch(
                r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", config["language"]
            ):
                raise ConfigError("language", "must be a BCP 47 tag such as be, ru or be-Latn")
            defaults = config.get("defaults", {})
            try:
                _roster_values(defaults, where="defaults")
            except ParseError as exc:
                raise ConfigError("defaults", str(exc)) from None
        else:
            for key in ("columns", "defaults", "language"):
                if key in config:
                    raise ConfigError(key, "only rosters take this key (set roster: true)")
            for key in ("metric", "value_column", "date_column"):
                if not config.get(key):
                    raise ConfigError(key, "required for a series of counts (or set roster: true)")

    def parse(
        self, body: bytes, *, config: Mapping[str, Any], charset: str | None = None
    ) -> list[Count] | list[RosterEntry]:
        encoding = config.get("encoding", "utf-8")
        try:
            # utf-8-sig reads files with and without a byte-order mark alike.
            text = body.decode("utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding)
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            raise ParseError(
                f"the file is not valid {encoding} at line {line} (byte {exc.start}); "
                "set the config's encoding (e.g. windows-1251)"
            ) from None
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=config.get("delimiter", ","), strict=True
        )
        try:
            header = [column.strip() for column in next(reader, [])]
            if not any(header):
                raise ParseError("the file is empty: no header line")
            rows: list[tuple[int, dict[str, str]]] = []
            for fields in reader:
                if not any(cell.strip() for cell in fields):
                    continue
                if len(fields) != len(header):
                    raise ParseError(
                        f"line {reader.line_num}: {len(fields)} fields, the header has {len(header)}"
                    )
                rows.append(
                    (
                        reader.line_num,
                        dict(zip(header, (cell.strip() for cell in fields), strict=True)),
                    )
                )
        except csv.Error as exc:
            raise ParseError(f"line {reader.line_num}: {exc}") from None
        if not rows:
            raise ParseError("the file has a header but no rows")
        if config.get("roster"):
            return _roster(rows, header=header, config=config)
        return _series(rows, header=header, config=config)


def _need(header: list[str], column: str, key: str) -> None:
    if column not in header:
        raise ParseError(
            f"column {column!r} ({key}) is not in the header (columns: {', '.join(header)})"
        )


def _series(rows, *, header: list[str], config: Mapping[str, Any]) -> list[Count]:
    value_column, date_column = config["value_column"], config["date_column"]
    _need(header, value_column, "value_column")
    _need(header, date_column, "date_column")
    counts = []
    for line, row in rows:
        where = f"line {line}"
        counts.append(
            Count(
                metric=config["metric"],
                value=parse_count(row[value_column], where=f"{where}, column {value_column!r}"),
                as_of=parse_date(
                    row[date_column],
                    where=f"{where}, column {date_column!r}",
                    fmt=config.get("date_format"),
                ),
                where=where,
                quote=f"{row[date_column]}: {row[value_column]}",
                qualifier=config.get("qualifier", "exact"),
            )
        )
    return counts


def _roster_values(values: Mapping[str, str], *, where: str) -> dict[str, Any]:
    """Read and check a row's fields; error messages name the column, never the person."""
    out: dict[str, Any] = {}
    for field_name in ("birth_date", "released_on"):
        raw = values.get(field_name, "")
        if raw:
            try:
                out[field_name], out[f"{field_name}_precision"] = parse_partial(raw)
            except ValueError as exc:
                raise ParseError(f"{where}, {field_name}: {exc}") from None
    if kind := values.get("release_kind", "").lower():
        if kind not in _RELEASE_KINDS:
            raise ParseError(
                f"{where}, release_kind: {kind!r} is not one of {', '.join(_RELEASE_KINDS)}"
            )
        out["release_kind"] = kind
    if outcome := values.get("outcome", "").lower():
        if outcome not in _OUTCOMES:
            raise ParseError(f"{where}, outcome: {outcome!r} is not one of {', '.join(_OUTCOMES)}")
        out["outcome"] = outcome
    for field_name in ("from_country", "to_country"):
        if code := values.get(field_name, "").upper():
            if not _COUNTRY.fullmatch(code):
                raise ParseError(
                    f"{where}, {field_name}: {code!r} is not a two-letter ISO country code"
                )
            out[field_name] = code
    if event := values.get("event", ""):
        out["event"] = event
    return out


def roster_entry(row: Mapping[str, str], *, config: Mapping[str, Any], where: str) -> RosterEntry:
    """One roster row as a RosterEntry (also used when an editor applies a stored row)."""
    columns = {
        field_name: config.get("columns", {}).get(field_name, field_name)
        for field_name in ROSTER_FIELDS
    }
    values = {**config.get("defaults", {})}
    for field_name, column in columns.items():
        if row.get(column, "").strip():
            values[field_name] = row[column].strip()
    name = " ".join(values.get("name", "").split())
    if not name:
        raise ParseError(f"{where}: column {columns['name']!r} (the name) is empty")
    checked = _roster_values(values, where=where)
    return RosterEntry(
        external_id=values.get("external_id", ""),
        name=name,
        where=where,
        row=dict(row),
        **checked,
    )


def _roster(rows, *, header: list[str], config: Mapping[str, Any]) -> list[RosterEntry]:
    name_column = config.get("columns", {}).get("name", "name")
    _need(header, name_column, "columns.name")
    for field_name, column in config.get("columns", {}).items():
        _need(header, column, f"columns.{field_name}")
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        entry = roster_entry(row, config=config, where=f"line {line}")
        external_id = entry.external_id
        if not external_id:
            # Stable across runs: the same person in tomorrow's file is the same item.
            birth = entry.birth_date.isoformat() if entry.birth_date else ""
            external_id = f"{fold(entry.name)}|{birth}"
        if len(external_id) > 200:
            external_id = (
                "sha1:" + hashlib.sha1(external_id.encode(), usedforsecurity=False).hexdigest()
            )
        # Two rows with one identity (namesakes without birth dates) both reach the editor.
        seen[external_id] = seen.get(external_id, 0) + 1
        if seen[external_id] > 1:
            external_id = f"{external_id}#{seen[external_id]}"
        entries.append(replace(entry, external_id=external_id))
    return entries
