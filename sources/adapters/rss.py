"""RSS and Atom: a count found by a regular expression in the items of a news feed.

A human-rights centre's news feed says "1,135 political prisoners" somewhere in a title or
a summary. The ``pattern`` (with a named group ``value`` and optionally ``date``) is
matched against each item's title and its text with markup removed; each matching item
gives one count, dated by the ``date`` group or else by the item's publication date.

Before feedparser sees the body, defusedxml parses it with entity declarations and
external references forbidden: an entity-expansion bomb or an external entity is refused
outright, and truncated XML fails with its line and column, where feedparser would
quietly make do.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import ParseError as XMLSyntaxError

import defusedxml
import defusedxml.ElementTree
import feedparser
import lxml.html
from lxml.etree import ParserError as LxmlParserError

from sources.adapters.base import (
    COUNT_KEYS,
    Adapter,
    Count,
    ParseError,
    compile_pattern,
    parse_count,
    parse_date,
)


def check_xml(body: bytes) -> str:
    """Refuse unsafe or broken XML; return the root element's local name."""
    try:
        root = defusedxml.ElementTree.fromstring(
            body, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden as exc:
        raise ParseError(
            f"XML declares the entity {exc.name!r} at line {_line_of(body, b'<!ENTITY')}: "
            "entity declarations are refused (they can expand without limit)"
        ) from None
    except defusedxml.ExternalReferenceForbidden as exc:
        raise ParseError(
            f"XML refers to an external resource ({exc.sysid or exc.pubid}): refused"
        ) from None
    except XMLSyntaxError as exc:
        line, column = exc.position
        reason = str(exc).split(": line ", 1)[0]  # the message repeats the position
        raise ParseError(
            f"XML is not well-formed at line {line}, column {column}: {reason}"
        ) from None
    return root.tag.rsplit("}", 1)[-1]


def _line_of(body: bytes, needle: bytes) -> int:
    at = body.find(needle)
    return body.count(b"\n", 0, at) + 1 if at >= 0 else 1


def strip_markup(text: str) -> str:
    """The text of an HTML fragment (feed summaries are HTML; sanitising is off)."""
    if "<" not in text and "&" not in text:
        return text
    try:
        return lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    except (LxmlParserError, ValueError):
        return text


class RSSAdapter(Adapter):
    name = "rss"
    content_types = (
        "application/rss+xml",
        "application/x-rss+xml",  # what Python's mimetypes and many servers say
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/rdf+xml",
    )
    required = {"metric": str, "pattern": str}
    optional = {**COUNT_KEYS, "date_format": str}

    def check(self, config: Mapping[str, Any]) -> None:
        compile_pattern(config)

    def parse(
        self, body: bytes, *, config: Mapping[str, Any], charset: str | None = None
    ) -> list[Count]:
        root = check_xml(body)
        pattern = compile_pattern(config)
        # A file-like object, never bytes: given a string, feedparser would treat a body
        # that looks like a URL or a path as one and open it.
        parsed = feedparser.parse(
            io.BytesIO(body), sanitize_html=False, resolve_relative_uris=False
        )
        if not parsed.version and not parsed.entries:
            raise ParseError(f"not an RSS or Atom feed: the root element is <{root}>")
        if not parsed.entries:
            raise ParseError("the feed has no items")
        counts: list[Count] = []
        for number, entry in enumerate(parsed.entries, start=1):
            title = entry.get("title", "")
            where = f"item {number} ({title[:60]!r})"
            texts = [title, strip_markup(entry.get("summary", ""))]
            texts += [strip_markup(part.get("value", "")) for part in entry.get("content", [])]
            text = " ".join(" ".join(texts).split())
            match = pattern.search(text)
            if not match:
                continue
            value = parse_count(match.group("value"), where=where)
            if "date" in pattern.groupindex and match.group("date"):
                as_of = parse_date(match.group("date"), where=where, fmt=config.get("date_format"))
            else:
                as_of = _entry_date(entry, where=where)
            counts.append(
                Count(
                    metric=config["metric"],
                    value=value,
                    as_of=as_of,
                    where=where,
                    quote=match.group(0)[:500],
                    qualifier=config.get("qualifier", "exact"),
                )
            )
        if not counts:
            raise ParseError(
                f"the pattern matched none of the {len(parsed.entries)} items "
                f"(first item: {parsed.entries[0].get('title', '')[:80]!r})"
            )
        return counts


def _entry_date(entry: Mapping[str, Any], *, where: str) -> datetime.date:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            return datetime.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    raise ParseError(f"{where}: no date in the pattern's match and no publication date on the item")


class AtomAdapter(RSSAdapter):
    """The same reading as RSS; a separate name so editors find the kind they know."""

    name = "atom"
    content_types = ("application/atom+xml", "application/xml", "text/xml")
