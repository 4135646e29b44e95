"""Importing researchers' spreadsheets: one CSV row per person-release.

The template and every column are described in ``docs/import.md``; the blank template is
``docs/import-template.csv``. The import works in two phases:

1. **Validate** every row, reading the database but writing nothing. Each problem is
   reported as ``row N, column C: what is wrong``, with N the spreadsheet's row number
   (the header is row 1), and all problems are reported at once.
2. **Write**, only if no row had a problem, in one transaction: either everything in
   the file is stored or nothing is.

Re-importing a file changes nothing. Records are found by their natural keys (a person by
slug, a release by person and event, or by person and date when there is no event, a
transfer by release and position, a document by URL, a citation by document and claim)
and the import only *adds*: it creates what is missing and never overwrites what an
editor wrote. A cell that disagrees with the database is an error, not an update. Two
exceptions, both towards more care: ``name_withheld=yes`` withholds an existing person's
name, and a gender the database has as ``unknown`` is filled in.

Publication: people the import creates stay unpublished unless their rows say
``publish=yes``, and then only through ``sources.services.record_publish``, which
refuses a person without a citation; a row with ``publish=yes`` must therefore name a
document. The import never publishes or unpublishes a person who already existed.

Every row written goes into the history with the import's reason (by default
``import_records <file name>``) and, when given, the user.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from prisoners.dates import Precision, iso_partial
from prisoners.models import Country, Detention, EndReason, Gender, NameKind, Person, PersonName
from prisoners.services import people_status_refresh
from releases.models import Confidence, Outcome, Release, ReleaseEvent, ReleaseKind, Transfer
from releases.progress import Progress, no_progress
from sources.models import Citation, Document, Source
from sources.services import record_publish

# Column name -> what it holds (docs/import.md explains each at length).
COLUMNS: dict[str, str] = {
    "person_slug": "stable identifier of the person, e.g. maryia-kalesnikava (required)",
    "name": "primary Latin-script display name (required for a new person)",
    "other_names": "other spellings, 'text|language[|kind]' separated by ';'",
    "name_withheld": "yes to count this person without ever showing who they are",
    "gender": "female, male, other or unknown",
    "citizenships": "ISO 3166-1 alpha-2 codes separated by ';', e.g. BY; LT",
    "detained_on": "date of arrest: YYYY-MM-DD, YYYY-MM or YYYY",
    "event_slug": "slug of an existing release event",
    "released_on": "date of release: YYYY-MM-DD, YYYY-MM or YYYY (default: the event's)",
    "kind": "pardon, amnesty, sentence_served, exchange, acquittal or other (required)",
    "outcome": "stayed, left, forcibly_deported or refused_exile",
    "transfers": "border crossings in order, e.g. 'BY>UA@2025-12-13 forced; UA>PL@2025-12-19'",
    "document_url": "where the source said it (http or https)",
    "document_title": "title of that document (required for a new document)",
    "source_slug": "slug of an existing source (required for a new document)",
    "quote": "the words of the document that support the row",
    "confidence": "low, medium or high (default high)",
    "publish": "yes to publish a new person (needs a document to cite)",
}
REQUIRED_COLUMNS = ("person_slug", "kind")

DATE_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
TRANSFER = re.compile(
    r"^(?P<from>[A-Za-z]{2})\s*>\s*(?P<to>[A-Za-z]{2})"
    r"(?:\s*@\s*(?P<date>[0-9-]+))?(?P<forced>\s+forced)?$",
    flags=re.IGNORECASE,
)
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
LIST_SEPARATOR = ";"
BOM = codecs.BOM_UTF8


class ImportRejected(Exception):
    """The file was refused; ``errors`` lists every reason, each naming row and column."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass(frozen=True)
class PartialDate:
    on: datetime.date
    precision: str

    def __str__(self) -> str:
        return iso_partial(self.on, self.precision)

    @property
    def last_day(self) -> datetime.date:
        if self.precision == Precision.YEAR:
            return datetime.date(self.on.year, 12, 31)
        if self.precision == Precision.MONTH:
            following = datetime.date(self.on.year + self.on.month // 12, self.on.month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return self.on


@dataclass(frozen=True)
class TransferCell:
    from_country: str
    to_country: str
    date: PartialDate | None
    forced: bool


@dataclass
class Row:
    number: int
    person_slug: str = ""
    name: str = ""
    other_names: list[tuple[str, str, str]] = field(default_factory=list)
    name_withheld: bool | None = None
    gender: str = ""
    citizenships: list[str] = field(default_factory=list)
    detained_on: PartialDate | None = None
    event_slug: str = ""
    released_on: PartialDate | None = None
    kind: str = ""
    outcome: str = ""
    transfers: list[TransferCell] = field(default_factory=list)
    document_url: str = ""
    document_title: str = ""
    source_slug: str = ""
    quote: str = ""
    confidence: str = ""
    publish: bool | None = None

    @property
    def has_document(self) -> bool:
        return bool(self.document_url or self.document_title)

    @property
    def document_key(self) -> tuple[str, str, str]:
        # A document is its URL; one without (print) is its source and title.
        if self.document_url:
            return ("url", self.document_url, "")
        return ("title", self.source_slug, self.document_title)


@dataclass
class ImportSummary:
    rows: int = 0
    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    published: int = 0
    dry_run: bool = False

    def line(self, name: str) -> str:
        made = (
            ", ".join(_count(n, label) for label, n in self.created.items() if n) or "nothing new"
        )
        changed = ", ".join(_count(n, label) for label, n in self.updated.items() if n)
        verb = "would import" if self.dry_run else "imported"
        text = f"{name}: {verb} {self.rows} rows; created {made}"
        if changed:
            text += f"; updated {changed}"
        if self.published:
            text += f"; published {_count(self.published, 'people')}"
        if self.dry_run:
            text += " (dry run: nothing was written)"
        return text


SINGULAR = {"people": "person", "citizenships": "citizenship", "names": "name"}


def _count(n: int, plural: str) -> str:
    """'1 person', '2 people', '1 document', '3 documents'."""
    if n != 1:
        return f"{n} {plural}"
    return f"1 {SINGULAR.get(plural, plural.removesuffix('s'))}"


# --- reading the file ----------------------------------------------------------------


def records_decode(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """The text of the file: UTF-8 (with or without BOM) unless an encoding is named.

    A byte that does not decode is reported with its offset and line, so a researcher
    whose spreadsheet saved "CSV (Windows)" learns what to change.
    """
    if encoding:
        try:
            codec = codecs.lookup(encoding)
        except LookupError:
            raise ImportRejected([f"{name}: unknown encoding {encoding!r}"]) from None
        label = codec.name
    else:
        label = "UTF-8"
        if data.startswith(BOM):
            data = data[len(BOM) :]
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        advice = (
            "Save the spreadsheet as “CSV UTF-8”, or name its encoding with --encoding "
            "(for example --encoding windows-1251)."
            if not encoding
            else "Check the encoding named with --encoding."
        )
        raise ImportRejected(
            [
                f"{name} is not valid {label}: byte 0x{byte:02x} at byte offset "
                f"{error.start} (line {line}) cannot be decoded. {advice}"
            ]
        ) from None


def _rows(text: str, *, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (spreadsheet row number, cells) of every non-empty record."""
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in some locales save ';'-separated "CSV"; lists inside cells then
    # come quoted, so the header alone tells the two apart.
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ImportRejected(
            [f"{name}, line {reader.line_num}: not readable as CSV ({error})"]
        ) from None
    if not records:
        raise ImportRejected([f"{name} is empty: expected a header row (see docs/import.md)"])
    header = [cell.strip().lower() for cell in records[0]]
    errors = []
    unknown = [c for c in header if c not in COLUMNS]
    for column in unknown:
        errors.append(
            f"row 1, column {column or '(blank)'}: unknown column "
            f"(the template's columns are: {', '.join(COLUMNS)})"
        )
    for column in REQUIRED_COLUMNS:
        if column not in header:
            errors.append(f"row 1: the required column {column} is missing")
    seen: set[str] = set()
    for column in header:
        if column in seen and column in COLUMNS:
            errors.append(f"row 1, column {column}: appears twice")
        seen.add(column)
    if errors:
        raise ImportRejected(errors)
    rows = []
    for index, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # spreadsheets save trailing empty rows
        if len(record) > len(header):
            extra = record[len(header) :]
            if any(cell.strip() for cell in extra):
                raise ImportRejected(
                    [f"row {index}: {len(record)} cells but the header has {len(header)} columns"]
                )
        cells = {
            column: (record[i].strip() if i < len(record) else "")
            for i, column in enumerate(header)
        }
        rows.append((index, cells))
    return header, rows


# --- checking one row --------------------------------------------------------------------


class _RowChecker:
    """Turns one row's cells into a ``Row``, collecting an error per bad cell."""

    def __init__(self, number: int, cells: dict[str, str], countries: set[str], errors: list[str]):
        self.number = number
        self.cells = cells
        self.countries = countries
        self.errors = errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(f"row {self.number}, column {column}: {message}")

    def text(self, column: str, max_length: int) -> str:
        value = self.cells.get(column, "")
        if len(value) > max_length:
            self.error(column, f"longer than {max_length} characters")
            return ""
        if "\x00" in value:
            self.error(column, "contains a NUL character")
            return ""
        return value

    def choice(self, column: str, choices: Iterable[str], *, required: bool = False) -> str:
        value = self.cells.get(column, "").lower()
        if not value:
            if required:
                self.error(column, f"required (one of: {', '.join(choices)})")
            return ""
        if value not in choices:
            self.error(column, f"not one of {', '.join(choices)}: {value!r}")
            return ""
        return value

    def flag(self, column: str) -> bool | None:
        value = self.cells.get(column, "").lower()
        if value == "":
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        self.error(column, f"expected yes or no: {value!r}")
        return None

    def date(self, column: str, value: str | None = None) -> PartialDate | None:
        text = self.cells.get(column, "") if value is None else value.strip()
        if not text:
            return None
        expected = "(expected YYYY-MM-DD, YYYY-MM or YYYY)"
        if not DATE_SHAPE.match(text):
            self.error(column, f"not a date: {text!r} {expected}")
            return None
        parts = [int(p) for p in text.split("-")]
        try:
            on = datetime.date(
                parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
            )
        except ValueError:
            self.error(column, f"not a date: {text!r} {expected}")
            return None
        precision = (Precision.YEAR, Precision.MONTH, Precision.DAY)[len(parts) - 1]
        if on > datetime.date.today():
            self.error(column, f"in the future: {text!r}")
            return None
        return PartialDate(on, precision)

    def country(self, column: str, code: str) -> str:
        code = code.strip().upper()
        if code not in self.countries:
            self.error(
                column,
                f"unknown country {code!r} (expected an ISO 3166-1 alpha-2 code such as BY, UA, LT)",
            )
            return ""
        return code

    def slug(self, column: str, *, required: bool = False, max_length: int = 120) -> str:
        value = self.text(column, max_length)
        if not value:
            if required:
                self.error(column, "required")
            return ""
        try:
            validate_slug(value)
        except ValidationError:
            self.error(column, f"not a slug (letters, digits, hyphens, underscores): {value!r}")
            return ""
        return value

    def parse(self) -> Row:
        row = Row(number=self.number)
        row.person_slug = self.slug("person_slug", required=True)
        row.name = self.text("name", 200)
        row.other_names = self.names()
        row.name_withheld = self.flag("name_withheld")
        row.gender = self.choice("gender", Gender.values)
        codes = self.cells.get("citizenships", "").replace(",", LIST_SEPARATOR)
        for part in codes.split(LIST_SEPARATOR):
            code = self.country("citizenships", part) if part.strip() else ""
            if code and code not in row.citizenships:
                row.citizenships.append(code)
        row.detained_on = self.date("detained_on")
        row.event_slug = self.slug("event_slug")
        row.released_on = self.date("released_on")
        row.kind = self.choice("kind", ReleaseKind.values, required=True)
        row.outcome = self.choice("outcome", Outcome.values)
        row.transfers = self.transfers()
        row.document_url = self.text("document_url", 500)
        if row.document_url:
            try:
                URLValidator(schemes=["http", "https"])(row.document_url)
            except ValidationError:
                self.error("document_url", f"not an http(s) URL: {row.document_url!r}")
        row.document_title = self.text("document_title", 500)
        row.source_slug = self.slug("source_slug", max_length=80)
        row.quote = self.text("quote", 10_000)
        row.confidence = self.choice("confidence", Confidence.values)
        row.publish = self.flag("publish")

        if not row.event_slug and not self.cells.get("released_on"):
            self.error("released_on", "required when there is no event_slug")
        if row.detained_on and row.released_on and row.released_on.on < row.detained_on.on:
            self.error(
                "released_on",
                f"{row.released_on} is before detained_on {row.detained_on}",
            )
        if row.publish and not row.has_document:
            self.error(
                "publish",
                "a person is published only with a citation: give document_url or document_title",
            )
        if (row.source_slug or row.quote) and not row.has_document:
            column = "source_slug" if row.source_slug else "quote"
            self.error(column, "belongs to a document: give document_url or document_title")
        if row.document_title and not row.document_url and not row.source_slug:
            self.error("source_slug", "required for a document without a URL")
        return row

    def names(self) -> list[tuple[str, str, str]]:
        found = []
        for part in self.cells.get("other_names", "").split(LIST_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            pieces = [p.strip() for p in part.split("|")]
            if len(pieces) not in (2, 3) or not pieces[0]:
                self.error(
                    "other_names", f"expected 'text|language' or 'text|language|kind': {part!r}"
                )
                continue
            text, language = pieces[0], pieces[1]
            kind = pieces[2].lower() if len(pieces) == 3 else NameKind.ALTERNATIVE
            if len(text) > 200:
                self.error("other_names", f"longer than 200 characters: {text[:40]!r}…")
                continue
            if not LANGUAGE_TAG.match(language):
                self.error(
                    "other_names", f"not a BCP 47 language tag such as ru, be-Latn: {language!r}"
                )
                continue
            if kind not in NameKind.values:
                self.error(
                    "other_names", f"name kind not one of {', '.join(NameKind.values)}: {kind!r}"
                )
                continue
            found.append((text, language, kind))
        return found

    def transfers(self) -> list[TransferCell]:
        found: list[TransferCell] = []
        for part in self.cells.get("transfers", "").split(LIST_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            match = TRANSFER.match(part)
            if not match:
                self.error("transfers", f"expected FROM>TO@DATE, e.g. BY>UA@2025-12-13: {part!r}")
                continue
            origin = self.country("transfers", match["from"])
            destination = self.country("transfers", match["to"])
            date = self.date("transfers", match["date"]) if match["date"] else None
            if not origin or not destination or (match["date"] and date is None):
                continue
            if origin == destination:
                self.error("transfers", f"a transfer crosses a border: {part!r}")
                continue
            if found and found[-1].to_country != origin:
                self.error(
                    "transfers",
                    f"{part!r} starts in {origin} but the crossing before it ended in {found[-1].to_country}",
                )
                continue
            if found and date and found[-1].date and date.last_day < found[-1].date.on:
                self.error("transfers", f"{part!r} is dated before the crossing before it")
                continue
            found.append(TransferCell(origin, destination, date, bool(match["forced"])))
        return found


# --- the import ---------------------------------------------------------------------------


class _Plan:
    """What the validated file means for the database, worked out before any write."""

    def __init__(self, rows: list[Row], errors: list[str]):
        self.rows = rows
        self.errors = errors
        self.people: dict[str, Person] = {}
        self.events: dict[str, ReleaseEvent] = {}
        self.sources: dict[str, Source] = {}
        self.documents: dict[tuple[str, str, str], Document] = {}

    def error(self, row: Row, column: str, message: str) -> None:
        self.errors.append(f"row {row.number}, column {column}: {message}")

    def check(self) -> None:
        self._check_across_rows()
        self._check_against_database()

    def _check_across_rows(self) -> None:
        first_of_release: dict[tuple, Row] = {}
        person_values: dict[str, dict[str, tuple[Row, object]]] = defaultdict(dict)
        documents: dict[tuple[str, str, str], Row] = {}
        for row in self.rows:
            if not row.person_slug:
                continue
            if row.event_slug:
                key = (row.person_slug, "event", row.event_slug)
                what = "the same person in the same release event"
            else:
                key = (row.person_slug, "date", str(row.released_on))
                what = "the same person released on the same date without an event"
            if key in first_of_release:
                column = "event_slug" if row.event_slug else "released_on"
                self.error(row, column, f"duplicate of row {first_of_release[key].number} ({what})")
            else:
                first_of_release[key] = row
            for column in ("name", "gender", "name_withheld", "publish"):
                value = getattr(row, column)
                if value in ("", None):
                    continue
                earlier = person_values[row.person_slug].get(column)
                if earlier is None:
                    person_values[row.person_slug][column] = (row, value)
                elif earlier[1] != value:
                    self.error(
                        row,
                        column,
                        f"{_show(value)} disagrees with row {earlier[0].number} "
                        f"({_show(earlier[1])}) for person {row.person_slug!r}",
                    )
            if row.has_document:
                earlier_doc = documents.get(row.document_key)
                if earlier_doc is None:
                    documents[row.document_key] = row
                else:
                    for column in ("document_title", "source_slug"):
                        mine, theirs = getattr(row, column), getattr(earlier_doc, column)
                        if mine and theirs and mine != theirs:
                            self.error(
                                row,
                                column,
                                f"{mine!r} disagrees with row {earlier_doc.number} ({theirs!r}) "
                                "for the same document",
                            )

    def _check_against_database(self) -> None:
        slugs = {r.person_slug for r in self.rows if r.person_slug}
        self.people = {
            p.slug: p
            for p in Person.objects.filter(slug__in=slugs).prefetch_related(
                "names", "citizenships", "detentions", "releases__transfers"
            )
        }
        self.events = {
            e.slug: e
            for e in ReleaseEvent.objects.filter(
                slug__in={r.event_slug for r in self.rows if r.event_slug}
            )
        }
        self.sources = {
            s.slug: s
            for s in Source.objects.filter(
                slug__in={r.source_slug for r in self.rows if r.source_slug}
            )
        }
        urls = {r.document_url for r in self.rows if r.document_url}
        for document in Document.objects.filter(url__in=urls).select_related("source"):
            self.documents[("url", document.url, "")] = document
        titled = {
            (r.source_slug, r.document_title)
            for r in self.rows
            if r.document_title and not r.document_url
        }
        if titled:
            for document in Document.objects.filter(
                url="", title__in={t for _, t in titled}, source__slug__in={s for s, _ in titled}
            ).select_related("source"):
                self.documents[("title", document.source.slug, document.title)] = document

        # A new document needs its title and source once, in any of the rows citing it.
        described = {r.document_key for r in self.rows if r.document_title and r.source_slug}
        named: set[str] = set()
        for row in self.rows:
            if row.name:
                named.add(row.person_slug)
        reported_new: set[str] = set()
        for row in self.rows:
            if not row.person_slug:
                continue
            person = self.people.get(row.person_slug)
            if person is None:
                if row.person_slug not in named and row.person_slug not in reported_new:
                    self.error(
                        row,
                        "name",
                        f"required for a new person ({row.person_slug!r} is not in the database)",
                    )
                    reported_new.add(row.person_slug)
            else:
                self._check_existing_person(row, person)
            if row.event_slug and row.event_slug not in self.events:
                self.error(row, "event_slug", f"no release event with slug {row.event_slug!r}")
            event = self.events.get(row.event_slug)
            released = row.released_on or (
                PartialDate(event.date, event.date_precision) if event else None
            )
            if (
                released
                and row.detained_on
                and released.on < row.detained_on.on
                and not row.released_on
            ):
                self.error(
                    row, "detained_on", f"{row.detained_on} is after the event's date {released}"
                )
            if released:
                for cell in row.transfers:
                    if cell.date and cell.date.last_day < released.on:
                        self.error(
                            row,
                            "transfers",
                            f"a crossing on {cell.date} is before the release on {released}",
                        )
                        break
            if row.has_document:
                document = self.documents.get(row.document_key)
                if row.source_slug and row.source_slug not in self.sources:
                    self.error(row, "source_slug", f"no source with slug {row.source_slug!r}")
                elif document is None and row.document_key not in described:
                    if not row.document_title:
                        self.error(
                            row, "document_title", "required for a document not yet in the database"
                        )
                    if not row.source_slug:
                        self.error(
                            row, "source_slug", "required for a document not yet in the database"
                        )
                elif (
                    document is not None
                    and row.source_slug
                    and document.source.slug != row.source_slug
                ):
                    self.error(
                        row,
                        "source_slug",
                        f"the document at this URL is from {document.source.slug!r}, not {row.source_slug!r}",
                    )
            if person is not None:
                self._check_existing_release(row, person, event)

    def _check_existing_person(self, row: Row, person: Person) -> None:
        if row.name and row.name != person.name:
            self.error(
                row,
                "name",
                f"{row.person_slug!r} exists as {person.name!r}: leave name blank or use that "
                "spelling, and add others in other_names",
            )
        if row.gender and person.gender not in (Gender.UNKNOWN, row.gender):
            self.error(row, "gender", f"{row.person_slug!r} is recorded as {person.gender!r}")

    def _check_existing_release(self, row: Row, person: Person, event: ReleaseEvent | None) -> None:
        release = _find_release(person, row, event)
        if release is None:
            return
        released = row.released_on
        if released and (release.released_on, release.released_on_precision) != (
            released.on,
            released.precision,
        ):
            self.error(
                row,
                "released_on",
                f"this release is recorded as {iso_partial(release.released_on, release.released_on_precision) or 'undated'}",
            )
        for column, value in (
            ("kind", row.kind),
            ("outcome", row.outcome),
            ("confidence", row.confidence),
        ):
            recorded = getattr(release, column)
            if value and recorded and value != recorded:
                self.error(row, column, f"this release is recorded as {recorded!r}")
        existing = sorted(release.transfers.all(), key=lambda t: t.sequence)
        if row.transfers and existing and [_transfer_cell(t) for t in existing] != row.transfers:
            self.error(
                row,
                "transfers",
                "this release is recorded with other crossings: "
                + "; ".join(_show_transfer(_transfer_cell(t)) for t in existing),
            )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return repr(value)


def _transfer_cell(transfer: Transfer) -> TransferCell:
    date = PartialDate(transfer.date, transfer.date_precision) if transfer.date else None
    return TransferCell(transfer.from_country_id, transfer.to_country_id, date, transfer.forced)


def _show_transfer(cell: TransferCell) -> str:
    text = f"{cell.from_country}>{cell.to_country}"
    if cell.date:
        text += f"@{cell.date}"
    return text + (" forced" if cell.forced else "")


def _find_release(person: Person, row: Row, event: ReleaseEvent | None) -> Release | None:
    for release in person.releases.all():
        if event is not None:
            if release.event_id == event.pk:
                return release
        elif (
            release.event_id is None
            and row.released_on is not None
            and release.released_on == row.released_on.on
        ):
            return release
    return None


@transaction.atomic
def records_import(
    *,
    data: bytes,
    name: str,
    encoding: str | None = None,
    dry_run: bool = False,
    reason: str | None = None,
    user=None,
    progress: Progress = no_progress,
) -> ImportSummary:
    """Validate every row of a CSV file, then store all of it or nothing.

    Raises ``ImportRejected`` listing every problem; on success returns what was (or, in
    a dry run, would have been) written. A dry run does all the work and rolls it back,
    so it also catches what only the database can check.
    """
    text = records_decode(data, name=name, encoding=encoding)
    _, cells = _rows(text, name=name)
    countries = set(Country.objects.values_list("code", flat=True))
    errors: list[str] = []
    rows = []
    for done, (number, row_cells) in enumerate(cells, start=1):
        rows.append(_RowChecker(number, row_cells, countries, errors).parse())
        progress("checking", done, len(cells))
    plan = _Plan(rows, errors)
    plan.check()
    if errors:
        raise ImportRejected(errors)

    digest = hashlib.sha256(data).hexdigest()[:12]
    reason = (reason or f"import_records {name} ({digest})")[:100]
    writer = _Writer(plan, reason=reason, user=user, progress=progress)
    summary = writer.write()
    summary.rows = len(rows)
    summary.dry_run = dry_run
    if dry_run:
        transaction.set_rollback(True)
    return summary


class _Writer:
    def __init__(self, plan: _Plan, *, reason: str, user, progress: Progress):
        self.plan = plan
        self.reason = reason
        self.user = user
        self.progress = progress
        self.summary = ImportSummary()

    def _bulk(self, objs: list[models.Model], model: type[models.Model], label: str) -> list:
        if not objs:
            return []
        created = bulk_create_with_history(
            objs, model, batch_size=500, default_user=self.user, default_change_reason=self.reason
        )
        self.summary.created[label] += len(created)
        return created

    def _save(self, obj: models.Model, label: str, **kwargs) -> None:
        obj._change_reason = self.reason
        if self.user is not None:
            obj._history_user = self.user
        obj.save(**kwargs)
        self.summary.updated[label] += 1

    def write(self) -> ImportSummary:
        rows = self.plan.rows
        total = len(rows)
        self.documents()
        people = self.people()
        self.progress("writing", total // 4, total)
        self.names_and_citizenships(people)
        detentions = self.detentions(people)
        releases = self.releases(people, detentions)
        self.progress("writing", total // 2, total)
        transfers = self.transfers(releases)
        self.citations(people, detentions, releases, transfers)
        self.publish(people)
        self.progress("writing", total, total)
        people_status_refresh(people=Person.objects.filter(pk__in=[p.pk for p in people.values()]))
        return self.summary

    # Each step creates what is missing, found by natural key.

    def documents(self) -> None:
        new: dict[tuple[str, str, str], Document] = {}
        for row in self.plan.rows:
            if (
                not row.has_document
                or row.document_key in self.plan.documents
                or row.document_key in new
            ):
                continue
            new[row.document_key] = Document(
                source=self.plan.sources[row.source_slug],
                url=row.document_url,
                title=row.document_title,
            )
        if new:
            Document.objects.bulk_create(list(new.values()), batch_size=500)
            self.summary.created["documents"] += len(new)
            self.plan.documents.update(new)

    def people(self) -> dict[str, Person]:
        people = dict(self.plan.people)
        new: dict[str, Person] = {}
        for row in self.plan.rows:
            person = people.get(row.person_slug) or new.get(row.person_slug)
            if person is None:
                person = Person(slug=row.person_slug, name=row.name or "", is_published=False)
                new[row.person_slug] = person
            if not person.name and row.name:
                person.name = row.name
            if row.gender and person.gender == Gender.UNKNOWN:
                person.gender = row.gender
                if person.pk:
                    self._save(person, "people", update_fields=["gender", "updated_at"])
            if row.name_withheld and not person.name_withheld:
                person.name_withheld = True
                if person.pk:
                    self._save(person, "people", update_fields=["name_withheld", "updated_at"])
        created = self._bulk(list(new.values()), Person, "people")
        for person in created:
            people[person.slug] = person
        self.created_people = {p.slug for p in created}
        return people

    def names_and_citizenships(self, people: dict[str, Person]) -> None:
        existing_names = set(
            PersonName.objects.filter(person__in=list(people.values())).values_list(
                "person_id", "text", "language"
            )
        )
        texts_by_person: dict[int, set[str]] = defaultdict(set)
        for person_id, text, _ in existing_names:
            texts_by_person[person_id].add(text)
        wanted: dict[tuple[int, str, str], PersonName] = {}
        for row in self.plan.rows:
            person = people[row.person_slug]
            for text, language, kind in row.other_names:
                key = (person.pk, text, language)
                texts_by_person[person.pk].add(text)
                if key not in existing_names and key not in wanted:
                    wanted[key] = PersonName(person=person, text=text, language=language, kind=kind)
        for row in self.plan.rows:
            person = people[row.person_slug]
            # The display name is a spelling too, so search finds it.
            if row.name and row.name not in texts_by_person[person.pk]:
                key = (person.pk, row.name, "en")
                wanted.setdefault(
                    key,
                    PersonName(
                        person=person, text=row.name, language="en", kind=NameKind.ALTERNATIVE
                    ),
                )
                texts_by_person[person.pk].add(row.name)
        for name in wanted.values():
            name.fill_keys()
        PersonName.objects.bulk_create(list(wanted.values()), batch_size=500)
        self.summary.created["names"] += len(wanted)

        through = Person.citizenships.through
        present = set(
            through.objects.filter(person__in=list(people.values())).values_list(
                "person_id", "country_id"
            )
        )
        missing: dict[int, list[str]] = defaultdict(list)
        for row in self.plan.rows:
            person = people[row.person_slug]
            for code in row.citizenships:
                if (person.pk, code) not in present:
                    present.add((person.pk, code))
                    missing[person.pk].append(code)
        if not missing:
            return
        by_id = {p.pk: p for p in people.values()}
        new_people = [by_id[pk] for pk in missing if by_id[pk].slug in self.created_people]
        through.objects.bulk_create(
            [
                through(person_id=pk, country_id=code)
                for pk, codes in missing.items()
                if by_id[pk].slug in self.created_people
                for code in codes
            ]
        )
        history_m2m_snapshot(Person, "citizenships", new_people)
        for pk, codes in missing.items():
            person = by_id[pk]
            if person.slug in self.created_people:
                continue
            # An existing person: add() writes a history version with the new list.
            person._change_reason = self.reason
            if self.user is not None:
                person._history_user = self.user
            person.citizenships.add(*codes)
            self.summary.updated["people"] += 1
        self.summary.created["citizenships"] += sum(len(c) for c in missing.values())

    def detentions(self, people: dict[str, Person]) -> dict[int, Detention]:
        """Row number -> the detention the row's release ends (rows with detained_on)."""
        known: dict[tuple[int, datetime.date, str], Detention] = {}
        for person in self.plan.people.values():
            for detention in person.detentions.all():
                if detention.detained_on:
                    key = (person.pk, detention.detained_on, detention.detained_on_precision)
                    known[key] = detention
        new: dict[tuple[int, datetime.date, str], Detention] = {}
        by_row: dict[int, tuple] = {}
        for row in self.plan.rows:
            if not row.detained_on:
                continue
            person = people[row.person_slug]
            key = (person.pk, row.detained_on.on, row.detained_on.precision)
            by_row[row.number] = key
            if key in known:
                continue
            released = self._released(row)
            detention = new.get(key)
            if detention is None:
                detention = new[key] = Detention(
                    person=person,
                    detained_on=row.detained_on.on,
                    detained_on_precision=row.detained_on.precision,
                )
            # A new detention ends with the earliest release the file gives for it.
            if released and (detention.ended_on is None or released.on < detention.ended_on):
                detention.ended_on = released.on
                detention.ended_on_precision = released.precision
                detention.end_reason = EndReason.RELEASED
        for detention in self._bulk(list(new.values()), Detention, "detentions"):
            known[(detention.person_id, detention.detained_on, detention.detained_on_precision)] = (
                detention
            )
        return {number: known[key] for number, key in by_row.items()}

    def _released(self, row: Row) -> PartialDate | None:
        if row.released_on:
            return row.released_on
        event = self.plan.events.get(row.event_slug)
        return PartialDate(event.date, event.date_precision) if event else None

    def releases(
        self, people: dict[str, Person], detentions: dict[int, Detention]
    ) -> dict[int, Release]:
        """Row number -> its release, found or created."""
        found: dict[int, Release] = {}
        new: dict[int, Release] = {}
        self.existing_release_rows: set[int] = set()
        for row in self.plan.rows:
            person = people[row.person_slug]
            event = self.plan.events.get(row.event_slug)
            existing = (
                _find_release(person, row, event) if person.slug in self.plan.people else None
            )
            if existing is not None:
                found[row.number] = existing
                self.existing_release_rows.add(row.number)
                continue
            released = self._released(row)
            detention = detentions.get(row.number)
            new[row.number] = Release(
                person=person,
                event=event,
                detention=detention,
                released_on=released.on if released else None,
                released_on_precision=released.precision if released else Precision.DAY,
                kind=row.kind,
                outcome=row.outcome,
                confidence=row.confidence or Confidence.HIGH,
            )
        numbers = list(new)
        created = self._bulk([new[n] for n in numbers], Release, "releases")
        found.update(zip(numbers, created, strict=True))
        return found

    def transfers(self, releases: dict[int, Release]) -> dict[int, list[Transfer]]:
        result: dict[int, list[Transfer]] = {}
        new: list[Transfer] = []
        for row in self.plan.rows:
            release = releases[row.number]
            existing = []
            if row.number in self.existing_release_rows:
                existing = sorted(release.transfers.all(), key=lambda t: t.sequence)
            if existing or not row.transfers:
                result[row.number] = existing
                continue
            result[row.number] = []
            for sequence, cell in enumerate(row.transfers, start=1):
                transfer = Transfer(
                    release=release,
                    sequence=sequence,
                    from_country_id=cell.from_country,
                    to_country_id=cell.to_country,
                    date=cell.date.on if cell.date else None,
                    date_precision=cell.date.precision if cell.date else Precision.DAY,
                    forced=cell.forced,
                    confidence=row.confidence or Confidence.HIGH,
                )
                new.append(transfer)
                result[row.number].append(transfer)
        # bulk_create_with_history sets the keys on these same objects.
        self._bulk(new, Transfer, "transfers")
        return result

    def citations(self, people, detentions, releases, transfers) -> None:
        """The row's document is cited for everything the row describes."""
        claims: list[tuple[Row, str, models.Model]] = []
        for row in self.plan.rows:
            if not row.has_document:
                continue
            claims.append((row, "person", people[row.person_slug]))
            if row.number in detentions:
                claims.append((row, "detention", detentions[row.number]))
            claims.append((row, "release", releases[row.number]))
            for transfer in transfers.get(row.number, []):
                claims.append((row, "transfer", transfer))
        documents = {
            row.document_key: self.plan.documents[row.document_key] for row, _, _ in claims
        }
        present: set[tuple[int, str, int]] = set()
        for name in ("person", "detention", "release", "transfer"):
            ids = {claim.pk for _, n, claim in claims if n == name}
            if ids:
                present.update(
                    (doc_id, name, claim_id)
                    for doc_id, claim_id in Citation.objects.filter(
                        document__in=[d.pk for d in documents.values()],
                        field="",
                        **{f"{name}__in": ids},
                    ).values_list("document_id", f"{name}_id")
                )
        new = []
        for row, name, claim in claims:
            document = documents[row.document_key]
            key = (document.pk, name, claim.pk)
            if key in present:
                continue
            present.add(key)
            new.append(
                Citation(
                    document=document,
                    quote=row.quote,
                    confidence=row.confidence or Confidence.HIGH,
                    **{name: claim},
                )
            )
        self._bulk(new, Citation, "citations")

    def publish(self, people: dict[str, Person]) -> None:
        wanted = {row.person_slug for row in self.plan.rows if row.publish}
        for slug in sorted(wanted & self.created_people):
            person = people[slug]
            person._change_reason = self.reason
            if self.user is not None:
                person._history_user = self.user
            record_publish(record=person)
            self.summary.published += 1


def history_m2m_snapshot(model, field_name: str, instances: list[models.Model]) -> None:
    """Give the creation history rows of bulk-created instances their m2m values.

    ``bulk_create_with_history`` writes the history before the m2m rows exist; without
    this, the first version of a person in the history would show no citizenships.
    """
    if not instances:
        return
    history_model = model.history.model
    m2m_history_model = getattr(history_model, field_name).model
    through = getattr(model, field_name).through
    source_name = model._meta.get_field(field_name).m2m_field_name()
    latest = {}
    for record in history_model.objects.filter(id__in=[i.pk for i in instances]).order_by(
        "history_date", "history_id"
    ):
        latest[record.id] = record
    rows = []
    for link in through.objects.filter(**{f"{source_name}__in": [i.pk for i in instances]}):
        record = latest.get(getattr(link, f"{source_name}_id"))
        if record is None:
            continue
        values = {f.name: getattr(link, f.name) for f in through._meta.fields}
        rows.append(m2m_history_model(history=record, **values))
    m2m_history_model.objects.bulk_create(rows, batch_size=500)
