"""The benchmark's own PostgreSQL database: create, migrate, load with COPY, drop.

The database (``tracker_bench`` by default) belongs to the harness: it is dropped and
created at the start of a run and dropped at the end, so nothing of another database
is touched. The schema comes from ``manage.py migrate``, so the tables, constraints,
triggers and indexes are the product's own; the rows come from ``bench.dataset`` through
``COPY ... FROM STDIN``, one table at a time, in foreign-key order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from bench.dataset import COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def admin_conninfo(url: str) -> str:
    """The same server, the maintenance database: where CREATE/DROP DATABASE run."""
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = "postgres"
    return psycopg.conninfo.make_conninfo(**info)


def db_name(url: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(url)["dbname"]


def recreate(url: str) -> None:
    name = db_name(url)
    if not name.startswith("tracker_bench"):
        # A guard against pointing the harness at a database someone else uses.
        raise SystemExit(f"refusing to drop {name!r}: the bench database must be tracker_bench*")
    with psycopg.connect(admin_conninfo(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop(url: str) -> None:
    name = db_name(url)
    if not name.startswith("tracker_bench"):
        return
    with psycopg.connect(admin_conninfo(url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def load(url: str, data_dir: Path, progress=None) -> dict[str, int]:
    """COPY every table's file into the database; returns rows per table."""
    loaded: dict[str, int] = {}
    with psycopg.connect(url, autocommit=True) as conn:
        for n, (table, columns) in enumerate(COLUMNS.items(), 1):
            if progress:
                progress(n, len(COLUMNS), table)
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with conn.transaction(), conn.cursor() as cur:
                with cur.copy(statement) as copy, (data_dir / f"{table}.copy").open("rb") as f:
                    while block := f.read(1 << 20):
                        copy.write(block)
                loaded[table] = cur.rowcount
            # The ids came from the file: move each sequence past them, or the first
            # row the application inserts (an ingest) collides with a loaded one.
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
                    "COALESCE((SELECT MAX(id) FROM {i}), 0) + 1, false)"
                ).format(t=sql.Literal(table), i=sql.Identifier(table))
            )
        conn.execute("VACUUM (ANALYZE)")
    return loaded


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def psql_env(url: str) -> dict[str, str]:
    info = psycopg.conninfo.conninfo_to_dict(url)
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": info.get("host", "127.0.0.1"),
            "PGPORT": str(info.get("port", 5432)),
            "PGUSER": info.get("user", "postgres"),
            "PGDATABASE": info["dbname"],
        }
    )
    if info.get("password"):
        env["PGPASSWORD"] = info["password"]
    return env
