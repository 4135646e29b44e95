"""import_records: every row checked first, errors by row and column, all or nothing,
re-import changes nothing."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from prisoners.models import Person, PersonName
from releases.importing import COLUMNS, ImportRejected, records_import
from releases.models import Release, Transfer
from sources.models import Citation, Document
from tests.factories import ReleaseEventFactory, SourceFactory, country

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HEADER = list(COLUMNS)
EVENT = "2025-12-13-pardon-123"


@pytest.fixture
def world():
    """What a spreadsheet refers to but never creates: an event and a source."""
    event = ReleaseEventFactory(
        slug=EVENT, date=datetime.date(2025, 12, 13), country=country("BY"), title="Pardon of 123"
    )
    source = SourceFactory(slug="example-source", name="Example Source")
    return event, source


def row(**cells) -> dict:
    base = {
        "person_slug": "ales-prykladny",
        "name": "Ales Prykladny",
        "other_names": "Алесь Прыкладны|be|official; Alies Prykladny|ru-Latn",
        "gender": "male",
        "citizenships": "BY",
        "detained_on": "2020-09",
        "event_slug": EVENT,
        "released_on": "2025-12-13",
        "kind": "pardon",
        "outcome": "forcibly_deported",
        "transfers": "BY>UA@2025-12-13 forced; UA>PL@2025-12-19",
        "document_url": "https://example.org/news/freed-123",
        "document_title": "123 prisoners freed",
        "source_slug": "example-source",
        "quote": "among those freed",
        "confidence": "high",
        "publish": "",
    }
    base.update(cells)
    return base


def csv_bytes(rows: list[dict], *, header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    import csv

    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in header])
    return out.getvalue().encode(encoding)


def people_rows(n: int) -> list[dict]:
    return [
        row(
            person_slug=f"person-{i}",
            name=f"Person Number{i}",
            other_names=f"Асоба {i}|be",
            transfers="BY>LT@2025-12-13" if i % 2 else "",
            outcome="forcibly_deported" if i % 2 else "stayed",
            document_url=f"https://example.org/news/{i}",
            document_title=f"Report {i}",
        )
        for i in range(n)
    ]


def table_counts() -> dict[str, int]:
    """Rows in every table of our apps, history tables included."""
    counts = {}
    for app_label in ("prisoners", "releases", "sources"):
        for model in apps.get_app_config(app_label).get_models():
            counts[model._meta.label] = model._default_manager.count()
            for field in model._meta.many_to_many:
                through = field.remote_field.through
                counts[through._meta.label] = through.objects.count()
    return counts


def rejected(data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        records_import(data=data, name="sheet.csv", **kwargs)
    return caught.value.errors


# --- a good file ---------------------------------------------------------------------------


def test_a_good_file_creates_people_releases_transfers_and_citations(world):
    data = csv_bytes(
        [
            row(),
            row(
                person_slug="hanna-uzor",
                name="Hanna Uzor",
                other_names="",
                gender="female",
                citizenships="BY; LT",
                transfers="BY>LT",
                outcome="left",
                detained_on="2021",
                publish="",
            ),
        ]
    )
    summary = records_import(data=data, name="sheet.csv")

    person = Person.objects.get(slug="ales-prykladny")
    assert person.name == "Ales Prykladny"
    assert person.gender == "male"
    assert person.is_published is False  # created unpublished unless publish=yes
    assert set(person.names.values_list("text", "language", "kind")) == {
        ("Алесь Прыкладны", "be", "official"),
        ("Alies Prykladny", "ru-Latn", "alternative"),
        ("Ales Prykladny", "en", "alternative"),
    }
    # Search keys were filled although the names were bulk-created.
    assert all(name.key for name in PersonName.objects.filter(person=person))
    assert list(person.citizenships.values_list("code", flat=True)) == ["BY"]

    release = Release.objects.get(person=person)
    assert release.event.slug == EVENT
    assert (release.released_on, release.kind, release.outcome) == (
        datetime.date(2025, 12, 13),
        "pardon",
        "forcibly_deported",
    )
    detention = release.detention
    assert (detention.detained_on, detention.detained_on_precision) == (
        datetime.date(2020, 9, 1),
        "month",
    )
    assert detention.ended_on == datetime.date(2025, 12, 13)
    crossings = list(
        release.transfers.order_by("sequence").values_list(
            "sequence", "from_country", "to_country", "date", "forced"
        )
    )
    assert crossings == [
        (1, "BY", "UA", datetime.date(2025, 12, 13), True),
        (2, "UA", "PL", datetime.date(2025, 12, 19), False),
    ]
    # The row's document is cited for everything the row says.
    document = Document.objects.get(url="https://example.org/news/freed-123")
    cited = {c.claim_label() for c in Citation.objects.filter(document=document, person=person)}
    cited |= {c.claim_label() for c in Citation.objects.filter(document=document, release=release)}
    cited |= {
        c.claim_label() for c in Citation.objects.filter(document=document, detention=detention)
    }
    assert cited == {"person", "release", "detention"}
    assert Citation.objects.filter(transfer__release=release).count() == 2
    # Status derived from the timeline: taken abroad.
    person.refresh_from_db()
    assert person.status == "in_exile"
    hanna = Person.objects.get(slug="hanna-uzor")
    assert set(hanna.citizenships.values_list("code", flat=True)) == {"BY", "LT"}
    assert hanna.detentions.get().detained_on_precision == "year"
    assert summary.created["people"] == 2
    assert "imported 2 rows" in summary.line("sheet.csv")


def test_history_records_the_import_with_its_reason_and_the_citizenships(world):
    records_import(data=csv_bytes([row()]), name="sheet.csv")
    person = Person.objects.get(slug="ales-prykladny")
    first = person.history.get()
    assert first.history_type == "+"
    assert first.history_change_reason.startswith("import_records sheet.csv (")
    # The creation version shows the citizenships although they were added in bulk.
    assert list(first.citizenships.values_list("country_id", flat=True)) == ["BY"]
    release = Release.objects.get(person=person)
    assert release.history.get().history_change_reason == first.history_change_reason
    assert Transfer.history.filter(release_id=release.pk).count() == 2


def test_publish_yes_publishes_a_new_cited_person(world):
    records_import(data=csv_bytes([row(publish="yes")]), name="sheet.csv")
    person = Person.objects.get(slug="ales-prykladny")
    assert person.is_published
    assert person.history.latest().history_change_reason.startswith("import_records")


def test_publish_needs_a_document(world):
    errors = rejected(
        csv_bytes(
            [row(publish="yes", document_url="", document_title="", source_slug="", quote="")]
        )
    )
    assert errors == [
        "row 2, column publish: a person is published only with a citation: give "
        "document_url or document_title"
    ]


def test_the_import_never_publishes_an_existing_person(world):
    records_import(data=csv_bytes([row()]), name="sheet.csv")
    records_import(data=csv_bytes([row(publish="yes")]), name="again.csv")
    assert not Person.objects.get(slug="ales-prykladny").is_published


def test_name_withheld_yes_withholds_an_existing_person(world):
    records_import(data=csv_bytes([row(publish="yes")]), name="sheet.csv")
    records_import(data=csv_bytes([row(name_withheld="yes")]), name="withhold.csv")
    person = Person.objects.get(slug="ales-prykladny")
    assert person.name_withheld
    assert person.history.latest().history_change_reason.startswith("import_records withhold.csv")


# --- errors by row and column --------------------------------------------------------------


def test_a_bad_date_is_reported_by_row_and_column(world):
    rows = people_rows(6) + [row(person_slug="late", name="Late Person", released_on="2025-13-40")]
    errors = rejected(csv_bytes(rows))
    assert errors == [
        "row 8, column released_on: not a date: '2025-13-40' (expected YYYY-MM-DD, YYYY-MM or YYYY)"
    ]
    assert Person.objects.count() == 0


@pytest.mark.parametrize("text", ["13/12/2025", "2025-12-32", "2025-W50-6", "20251213", "2025-00"])
def test_other_malformed_dates_are_refused(world, text):
    errors = rejected(csv_bytes([row(detained_on=text)]))
    assert errors == [
        f"row 2, column detained_on: not a date: {text!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)"
    ]


def test_a_release_before_the_arrest_is_refused(world):
    errors = rejected(csv_bytes([row(detained_on="2025-12-20", transfers="")]))
    assert errors == ["row 2, column released_on: 2025-12-13 is before detained_on 2025-12-20"]


def test_an_unknown_country_is_refused_in_citizenships_and_transfers(world):
    errors = rejected(
        csv_bytes(
            [
                row(citizenships="BY; XX"),
                row(person_slug="b", name="B B", transfers="BY>QQ@2025-12-13"),
            ]
        )
    )
    assert errors == [
        "row 2, column citizenships: unknown country 'XX' (expected an ISO 3166-1 alpha-2 "
        "code such as BY, UA, LT)",
        "row 3, column transfers: unknown country 'QQ' (expected an ISO 3166-1 alpha-2 "
        "code such as BY, UA, LT)",
    ]


def test_a_duplicate_row_is_refused(world):
    rows = people_rows(3)
    rows.append(dict(rows[1]))
    errors = rejected(csv_bytes(rows))
    assert errors == [
        "row 5, column event_slug: duplicate of row 3 (the same person in the same release event)"
    ]


def test_the_same_person_released_twice_on_one_date_without_an_event_is_a_duplicate(world):
    errors = rejected(csv_bytes([row(event_slug=""), row(event_slug="", kind="amnesty")]))
    assert errors == [
        "row 3, column released_on: duplicate of row 2 (the same person released on the same "
        "date without an event)"
    ]


def test_rows_that_disagree_about_a_person_are_refused(world):
    errors = rejected(
        csv_bytes([row(), row(event_slug="", released_on="2024-06", gender="female")])
    )
    assert errors == [
        "row 3, column gender: 'female' disagrees with row 2 ('male') for person 'ales-prykladny'"
    ]


def test_references_to_missing_events_and_sources_are_refused(world):
    errors = rejected(csv_bytes([row(event_slug="no-such-event", source_slug="nobody")]))
    assert errors == [
        "row 2, column event_slug: no release event with slug 'no-such-event'",
        "row 2, column source_slug: no source with slug 'nobody'",
    ]


def test_a_cell_that_disagrees_with_the_database_is_an_error_not_an_update(world):
    records_import(data=csv_bytes([row()]), name="sheet.csv")
    errors = rejected(
        csv_bytes([row(name="Someone Else", kind="amnesty", transfers="BY>LT@2025-12-13")])
    )
    assert errors == [
        "row 2, column name: 'ales-prykladny' exists as 'Ales Prykladny': leave name blank or "
        "use that spelling, and add others in other_names",
        "row 2, column kind: this release is recorded as 'pardon'",
        "row 2, column transfers: this release is recorded with other crossings: "
        "BY>UA@2025-12-13 forced; UA>PL@2025-12-19",
    ]
    assert Person.objects.get().name == "Ales Prykladny"


def test_every_problem_is_reported_at_once(world):
    errors = rejected(
        csv_bytes(
            [
                row(kind="freed", confidence="certain"),
                row(person_slug="Not a slug!", name="X"),
                row(person_slug="c", name="", other_names="Ц|Cyrillic"),
            ]
        )
    )
    assert errors == [
        "row 2, column kind: not one of pardon, amnesty, sentence_served, exchange, acquittal, other: 'freed'",
        "row 2, column confidence: not one of low, medium, high: 'certain'",
        "row 3, column person_slug: not a slug (letters, digits, hyphens, underscores): 'Not a slug!'",
        "row 4, column other_names: not a BCP 47 language tag such as ru, be-Latn: 'Cyrillic'",
        "row 4, column name: required for a new person ('c' is not in the database)",
    ]


def test_an_unknown_column_is_refused(world):
    header = [*HEADER[:8], "relased_on", *HEADER[9:]]
    errors = rejected(csv_bytes([row()], header=header))
    assert errors[0].startswith("row 1, column relased_on: unknown column")


# --- encodings -----------------------------------------------------------------------------


def test_windows_1251_bytes_are_refused_naming_offset_and_line(world):
    data = csv_bytes(
        [
            row(person_slug="a", name="A A", other_names=""),
            row(person_slug="b", name="B B", other_names="Алесь|be"),
        ],
        encoding="windows-1251",
    )
    errors = rejected(data)
    offset = data.index("Алесь".encode("windows-1251"))
    assert errors == [
        f"sheet.csv is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
        "(line 3) cannot be decoded. Save the spreadsheet as “CSV UTF-8”, or name its "
        "encoding with --encoding (for example --encoding windows-1251)."
    ]
    assert Person.objects.count() == 0
    # Named, the same file imports.
    records_import(data=data, name="sheet.csv", encoding="windows-1251")
    assert PersonName.objects.filter(text="Алесь").exists()


def test_a_broken_quote_is_reported_with_its_line(world):
    data = csv_bytes([row()]) + b'bad,"unclosed\r\n'
    errors = rejected(data)
    assert len(errors) == 1
    assert errors[0].startswith("sheet.csv, line 3: not readable as CSV")


def test_utf8_with_a_byte_order_mark_is_accepted(world):
    records_import(data=b"\xef\xbb\xbf" + csv_bytes([row()]), name="sheet.csv")
    assert Person.objects.filter(slug="ales-prykladny").exists()


# --- all or nothing, dry run, idempotence ----------------------------------------------------


def test_nine_good_rows_and_one_bad_leave_the_database_unchanged(world):
    before = table_counts()
    rows = people_rows(9)
    rows.insert(4, row(person_slug="bad", name="Bad Row", citizenships="ZZ"))
    assert len(rows) == 10
    with pytest.raises(CommandError) as caught:
        path = _write(rows)
        call_command("import_records", str(path), stdout=io.StringIO())
    assert "row 6, column citizenships: unknown country 'ZZ'" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert table_counts() == before


def test_dry_run_writes_nothing_but_says_what_it_would_do(world):
    before = table_counts()
    out = io.StringIO()
    call_command("import_records", str(_write(people_rows(3))), "--dry-run", stdout=out)
    assert table_counts() == before
    line = out.getvalue().strip()
    assert "would import 3 rows" in line and "3 people" in line and "dry run" in line


def test_reimporting_the_same_file_changes_nothing(world):
    path = _write(people_rows(5) + [row(publish="yes", name_withheld="")])
    call_command("import_records", str(path), stdout=io.StringIO())
    after_first = table_counts()
    history = {label: n for label, n in after_first.items() if ".Historical" in label}
    assert history["prisoners.HistoricalPerson"] >= 6
    out = io.StringIO()
    call_command("import_records", str(path), stdout=out)
    assert table_counts() == after_first
    assert "created nothing new" in out.getvalue()


def test_a_second_file_adds_to_existing_people_without_touching_the_rest(world):
    records_import(data=csv_bytes([row()]), name="first.csv")
    person = Person.objects.get(slug="ales-prykladny")
    versions = person.history.count()
    records_import(
        data=csv_bytes(
            [
                row(
                    name="",
                    other_names="Ales Prykladni|pl",
                    citizenships="BY; PL",
                    event_slug="",
                    released_on="2024-06-15",
                    kind="sentence_served",
                    outcome="stayed",
                    transfers="",
                    detained_on="",
                )
            ]
        ),
        name="second.csv",
    )
    assert person.names.filter(text="Ales Prykladni", language="pl").exists()
    assert set(person.citizenships.values_list("code", flat=True)) == {"BY", "PL"}
    assert person.releases.count() == 2
    # One new version, for the added citizenship, with the second file's reason.
    assert person.history.count() == versions + 1
    assert person.history.latest().history_change_reason.startswith("import_records second.csv")


# --- the command -----------------------------------------------------------------------------


def _write(rows: list[dict], name: str = "sheet.csv") -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_bytes(csv_bytes(rows))
    return path


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_one_summary_line(world):
    piped = io.StringIO()
    call_command("import_records", str(_write(people_rows(3))), "--dry-run", stdout=piped)
    assert "\r" not in piped.getvalue()
    assert len(piped.getvalue().strip().splitlines()) == 1

    terminal = FakeTerminal()
    call_command("import_records", str(_write(people_rows(3))), "--dry-run", stdout=terminal)
    assert re.search(r"checking: 3/3 \(100%\)", terminal.getvalue())
    assert terminal.getvalue().splitlines()[-1].endswith("(dry run: nothing was written)")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"cannot read .*nope\.csv: No such file"):
        call_command("import_records", str(tmp_path / "nope.csv"))


# --- the documentation ----------------------------------------------------------------------


def test_the_template_has_exactly_the_columns_the_import_reads():
    header = (ROOT / "docs" / "import-template.csv").read_text(encoding="utf-8").strip()
    assert header.split(",") == HEADER
    documented = re.findall(
        r"^\| `([a-z_]+)` \|", (ROOT / "docs" / "import.md").read_text(encoding="utf-8"), flags=re.M
    )
    assert documented == HEADER


def test_the_example_in_the_documentation_imports(world):
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", text, flags=re.S).group(1)
    summary = records_import(data=example.encode(), name="releases.csv")
    assert Person.objects.get(slug="ales-prykladny").is_published
    assert not Person.objects.get(slug="hanna-uzor").is_published
    assert summary.line("releases.csv") in text
