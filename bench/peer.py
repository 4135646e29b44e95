"""The peer: Datasette over the same rows, configured the way a careful user would.

What a journalist or researcher would do with Datasette and our data:

* one ``people`` table holding exactly the columns and rows of our CSV export (the
  rows are that export, produced by the product's own SQL), ``slug`` as the primary key
  so no ``rowid`` column is added, and an index on ``name`` so the table sorts by name
  (as our list does) without scanning;
* full-text search over *every* stored spelling of a person's name (Cyrillic and
  Latin), in an FTS5 table whose tokenizer folds case and diacritics
  (``unicode61 remove_diacritics 2``), wired to the table with Datasette's
  ``fts_table``/``fts_pk`` metadata, so ``people.json?_search=`` searches names;
* served immutable (``datasette -i``), with ``--setting max_csv_mb 0`` so a CSV of every
  row is not cut off, and read with ``_shape=array&_nosuggest=1&_nofacet=1`` (JSON) and
  ``_stream=on`` (CSV), so no facet suggestions or counts run on a request.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path

from bench.procs import Server

DB_NAME = "bench"
JSON_ARGS = "_shape=array&_nosuggest=1&_nofacet=1"


def build(
    path: Path, *, header: list[str], rows: Iterable[list[str]], names: dict[str, str]
) -> int:
    """Write the SQLite file: ``people`` (our export's rows) and ``people_fts`` (names)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        columns = ", ".join(
            f'"{c}" TEXT PRIMARY KEY' if c == "slug" else f'"{c}" TEXT' for c in header
        )
        db.execute(f"CREATE TABLE people ({columns})")
        marks = ", ".join("?" for _ in header)
        db.executemany(
            f"INSERT INTO people VALUES ({marks})",  # noqa: S608 (header is our own export's)
            ([cell if cell != "" else None for cell in row] for row in rows),
        )
        db.execute('CREATE INDEX people_name ON people ("name", "slug")')
        db.execute(
            "CREATE VIRTUAL TABLE people_fts USING fts5("
            "names, tokenize = 'unicode61 remove_diacritics 2')"
        )
        slug_rowid = dict(db.execute("SELECT slug, rowid FROM people"))
        db.executemany(
            "INSERT INTO people_fts (rowid, names) VALUES (?, ?)",
            ((slug_rowid[slug], text) for slug, text in names.items() if slug in slug_rowid),
        )
        db.commit()
        db.execute("ANALYZE")
        db.execute("VACUUM")
        (count,) = db.execute("SELECT count(*) FROM people").fetchone()
        return count
    finally:
        db.close()


def rows_from_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader)
    return header, list(reader)


def metadata() -> dict:
    return {
        "databases": {
            DB_NAME: {
                "tables": {"people": {"fts_table": "people_fts", "fts_pk": "rowid", "sort": "name"}}
            }
        }
    }


def server(*, db_path: Path, port: int, work: Path, env: dict[str, str]) -> Server:
    meta = work / "datasette-metadata.json"
    meta.write_text(json.dumps(metadata(), indent=1), encoding="utf-8")
    datasette = Path(sys.executable).with_name("datasette")
    return Server(
        name="datasette",
        argv=[
            str(datasette),
            "serve",
            "-i",
            str(db_path),
            "--metadata",
            str(meta),
            "--setting",
            "max_csv_mb",
            "0",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        port=port,
        cwd=work,
        log=work / "datasette.log",
    )


def list_path(page_size: int = 50) -> str:
    return f"/{DB_NAME}/people.json?{JSON_ARGS}&_size={page_size}"


def csv_path() -> str:
    return f"/{DB_NAME}/people.csv?_stream=on"


def search_path(query: str, page_size: int = 50) -> str:
    from urllib.parse import quote

    return f"/{DB_NAME}/people.json?_search={quote(query)}&{JSON_ARGS}&_size={page_size}"
