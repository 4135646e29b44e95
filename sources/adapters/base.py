"""Feed adapters: how one kind of feed is fetched and read.

An adapter is a small policy class, in the manner of Django REST framework's renderers
and parsers. Its class attributes say what it accepts (``name``, ``content_types``, the
configuration keys it requires and allows); the one method a subclass writes is
``parse``, which is *pure*: bytes in, typed items out, no database and no network. That
makes every format testable on its own and keeps a broken feed from touching data: the
refresh service (``sources.feeds``) only writes after ``parse`` has returned.

``fetch`` is shared: a conditional GET through ``sources.adapters.http`` with the size
cap, timeouts, redirect limit, content-type check and private-address guard that every
feed needs.

A parse yields either ``Count`` items (one number a source reported, written as
Observations) or ``RosterEntry`` items (one row naming a person, written as FeedItems for
an editor to review). Every error says what went wrong and where: the line, row, item or
key.
"""

from __future__ import annotations

import datetime
import email.utils
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from prisoners.dates import Precision
from releases.models import Qualifier

# --- errors -------------------------------------------------------------------------


class FeedError(Exception):
    """A refresh that could not complete. ``outcome`` is the FeedRun outcome it gives.

    ``failed``: we could not get a body (network, HTTP status, a refused address).
    ``rejected``: we got a body and refused it (type, size, unsafe or broken content).
    """

    outcome: ClassVar[str] = "failed"
    retryable: ClassVar[bool] = False


class FetchFailed(FeedError):
    pass


class NetworkError(FetchFailed):
    """Timeouts, refused connections, 5xx: worth retrying with backoff."""

    retryable = True


class ContentRejected(FeedError):
    outcome = "rejected"


class ParseError(ContentRejected):
    """The body is broken, truncated, mis-encoded or not what the configuration expects."""


class ConfigError(ValueError):
    """A feed configuration that cannot work; ``key`` names the offending key."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key
        self.message = message


# --- items ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One number a source reported. ``as_of`` is None when the source states no date:
    the refresh service then uses the day the body was retrieved."""

    metric: str
    value: int
    as_of: datetime.date | None
    where: str
    quote: str = ""
    qualifier: str = Qualifier.EXACT


@dataclass(frozen=True)
class RosterEntry:
    """One row of a roster: a person reported released (or transferred), for review."""

    external_id: str
    name: str
    where: str
    row: dict[str, str] = field(default_factory=dict)
    birth_date: datetime.date | None = None
    birth_date_precision: str = Precision.DAY
    released_on: datetime.date | None = None
    released_on_precision: str = Precision.DAY
    release_kind: str = ""
    outcome: str = ""
    event: str = ""
    from_country: str = ""
    to_country: str = ""


Item = Count | RosterEntry


# --- the contract -----------------------------------------------------------------------

# Keys every adapter that yields counts understands.
COUNT_KEYS: dict[str, type | tuple[type, ...]] = {
    "max_jump_factor": (int, float),
    "qualifier": str,
    "content_types": list,
}
DEFAULT_MAX_JUMP_FACTOR = 3


class Adapter:
    """Base class: set the class attributes, write ``parse``; ``check`` is optional."""

    #: The registry key, stored in ``Feed.adapter``.
    name: ClassVar[str] = ""
    #: Media types a response may declare; the feed's config may add ``content_types``.
    content_types: ClassVar[tuple[str, ...]] = ()
    #: Configuration keys and the JSON types they take.
    required: ClassVar[dict[str, type | tuple[type, ...]]] = {}
    optional: ClassVar[dict[str, type | tuple[type, ...]]] = {}

    def parse(
        self, body: bytes, *, config: Mapping[str, Any], charset: str | None = None
    ) -> list[Item]:
        """Read a body into items. Pure: no I/O. Raise ParseError saying what and where."""
        raise NotImplementedError

    def check(self, config: Mapping[str, Any]) -> None:
        """Checks beyond key types (a regex compiles, a selector parses): raise ConfigError."""

    # Shared machinery -------------------------------------------------------------

    def validate_config(self, config: Any) -> dict[str, Any]:
        """Return the config if this adapter can work with it; ConfigError names the key."""
        if not isinstance(config, Mapping):
            raise ConfigError("", "the configuration must be a JSON object")
        known = {**self.required, **self.optional}
        for key in config:
            if key not in known:
                raise ConfigError(
                    key,
                    f"unknown key for the {self.name} adapter (known: {', '.join(sorted(known))})",
                )
        for key in self.required:
            if key not in config or config[key] in ("", None):
                raise ConfigError(key, f"required by the {self.name} adapter")
        for key, value in config.items():
            expected = known[key]
            # bool is an int in Python but never a sensible number here.
            if not isinstance(value, expected) or (
                isinstance(value, bool) and expected is not bool
            ):
                raise ConfigError(
                    key, f"must be {_type_name(expected)}, got {type(value).__name__}"
                )
        if "max_jump_factor" in config and not config["max_jump_factor"] > 1:
            raise ConfigError("max_jump_factor", "must be greater than 1")
        if "qualifier" in config and config["qualifier"] not in Qualifier.values:
            raise ConfigError("qualifier", f"must be one of {', '.join(Qualifier.values)}")
        if "content_types" in config and not all(
            isinstance(t, str) and "/" in t for t in config["content_types"]
        ):
            raise ConfigError("content_types", "must be a list of media types like text/plain")
        self.check(config)
        return dict(config)

    def accepted_types(self, config: Mapping[str, Any]) -> tuple[str, ...]:
        return self.content_types + tuple(t.lower() for t in config.get("content_types", ()))

    def fetch(
        self, *, url: str, config: Mapping[str, Any], etag: str = "", last_modified: str = ""
    ):
        from sources.adapters.http import fetch

        return fetch(
            url,
            accept=self.accepted_types(config),
            etag=etag,
            last_modified=last_modified,
        )


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "an object",
    }
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def compile_pattern(config: Mapping[str, Any], key: str = "pattern") -> re.Pattern[str]:
    try:
        pattern = re.compile(config[key])
    except re.error as exc:
        raise ConfigError(key, f"not a valid regular expression: {exc}") from None
    if "value" not in pattern.groupindex:
        raise ConfigError(key, "needs a named group (?P<value>...) around the number")
    return pattern


# --- reading numbers and dates ------------------------------------------------------------

# Thousands separators the sources use: comma, full stop, space, no-break and narrow
# no-break space. One separator throughout, groups of three, so "1.5" is not 15.
_SEPARATORS = ",. \u00a0\u202f"
_GROUPED = re.compile(rf"\d{{1,3}}(?P<sep>[{_SEPARATORS}])\d{{3}}(?:(?P=sep)\d{{3}})*")
NUMBER = re.compile(rf"\d{{1,3}}(?:[{_SEPARATORS}]\d{{3}})+(?!\d)|\d+")


def parse_count(text: str, *, where: str) -> int:
    """'1,135', '1 135', '1.135' or '1135' as an int; anything else is a ParseError."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(rf"[{_SEPARATORS}]", "", text))
    raise ParseError(f"{where}: {text[:60]!r} is not a whole number")


def find_count(text: str, *, where: str) -> tuple[int, str]:
    """The first number in a text, and the number as written."""
    match = NUMBER.search(text)
    if not match:
        raise ParseError(f"{where}: no number in {text.strip()[:80]!r}")
    return parse_count(match.group(0), where=where), match.group(0)


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str, *, where: str, fmt: str | None = None) -> datetime.date:
    """A date as the sources write them: ISO 8601, 23.12.2025, RFC 2822, '23 December 2025'.

    ``fmt`` (a strptime format from the feed's config) wins when given.
    """
    text = " ".join(text.split())
    if fmt:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            raise ParseError(f"{where}: {text[:60]!r} does not match date_format {fmt!r}") from None
    try:
        if _ISO.match(text):
            return datetime.date.fromisoformat(text[:10])
        if match := _DAY_MONTH_YEAR.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        raise ParseError(f"{where}: {text[:60]!r} is not a valid date") from None
    for layout in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y"):
        try:
            return datetime.datetime.strptime(text, layout).date()
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    raise ParseError(f"{where}: {text[:60]!r} is not a date I can read (set date_format)")
