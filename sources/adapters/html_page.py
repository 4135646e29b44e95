"""HTML pages: a count in the element a CSS selector picks.

The page of a human-rights centre shows "Political prisoners: 1 135". ``selector`` picks
the element; the count is the first number in its text, or the ``value`` group of an
optional ``pattern``. The date comes from ``date_attr`` (an attribute of that element,
e.g. ``data-as-of``), from the element ``date_selector`` picks (its ``datetime``
attribute when it is a ``<time>``, else its text), or else is the day of retrieval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector
from lxml.etree import LxmlError

from sources.adapters.base import (
    COUNT_KEYS,
    Adapter,
    ConfigError,
    Count,
    ParseError,
    compile_pattern,
    find_count,
    parse_count,
    parse_date,
)


def _selector(config: Mapping[str, Any], key: str) -> CSSSelector:
    try:
        return CSSSelector(config[key])
    except SelectorError as exc:
        raise ConfigError(key, f"not a valid CSS selector: {exc}") from None


class HTMLAdapter(Adapter):
    name = "html"
    content_types = ("text/html", "application/xhtml+xml")
    required = {"metric": str, "selector": str}
    optional = {
        **COUNT_KEYS,
        "pattern": str,
        "date_selector": str,
        "date_attr": str,
        "date_format": str,
    }

    def check(self, config: Mapping[str, Any]) -> None:
        _selector(config, "selector")
        if "date_selector" in config:
            _selector(config, "date_selector")
        if "date_selector" in config and "date_attr" in config:
            raise ConfigError("date_attr", "give date_attr or date_selector, not both")
        if "pattern" in config:
            compile_pattern(config)

    def parse(
        self, body: bytes, *, config: Mapping[str, Any], charset: str | None = None
    ) -> list[Count]:
        try:
            parser = lxml.html.HTMLParser(encoding=charset) if charset else None
            document = lxml.html.document_fromstring(body, parser=parser)
        except (LxmlError, ValueError, LookupError) as exc:
            raise ParseError(f"the page cannot be read as HTML: {exc}") from None
        found = _selector(config, "selector")(document)
        if not found:
            raise ParseError(f"selector {config['selector']!r} matched nothing in the page")
        element = found[0]
        where = f"the element {config['selector']!r} (line {element.sourceline})"
        text = " ".join(element.text_content().split())
        if "pattern" in config:
            match = compile_pattern(config).search(text)
            if not match:
                raise ParseError(f"{where}: pattern does not match {text[:80]!r}")
            value, quote = parse_count(match.group("value"), where=where), match.group(0)
        else:
            value, _ = find_count(text, where=where)
            quote = text
        as_of = None
        if "date_attr" in config:
            raw = element.get(config["date_attr"])
            if raw is None:
                raise ParseError(f"{where} has no attribute {config['date_attr']!r}")
            as_of = parse_date(
                raw,
                where=f"{where}, attribute {config['date_attr']!r}",
                fmt=config.get("date_format"),
            )
        elif "date_selector" in config:
            dated = _selector(config, "date_selector")(document)
            if not dated:
                raise ParseError(
                    f"date_selector {config['date_selector']!r} matched nothing in the page"
                )
            raw = dated[0].get("datetime") or dated[0].text_content()
            as_of = parse_date(
                raw,
                where=f"the element {config['date_selector']!r} (line {dated[0].sourceline})",
                fmt=config.get("date_format"),
            )
        return [
            Count(
                metric=config["metric"],
                value=value,
                as_of=as_of,
                where=where,
                quote=quote[:500],
                qualifier=config.get("qualifier", "exact"),
            )
        ]
