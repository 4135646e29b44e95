"""``python -m bench --size N``: the benchmark of issue 6 (and the load run of issue 7).

One run, on this machine, on loopback only:

1. generate the dataset (``bench.dataset``), recreate the ``tracker_bench`` database,
   migrate it with ``manage.py migrate`` and COPY the rows in;
2. export our CSV's rows and every public spelling of each name to SQLite for the peer;
3. start gunicorn (ours) and Datasette (the peer);
4. run list_page, csv_export, search, detail, the load run, then ingest (last: it writes);
5. stop both servers, drop the database, write ``bench/results/latest.json`` and
   ``latest.md``, print the table and a one-line summary.

Every process it starts is stopped in a ``finally``; see bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/tracker_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=100_000, help="people in the dataset")
    p.add_argument("--seed", type=int, default=20260110)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    p.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        help="cache of our server, as in production ('' for none)",
    )
    p.add_argument("--wrk-seconds", type=float, default=10.0)
    p.add_argument("--wrk-connections", type=int, default=8)
    p.add_argument("--load-seconds", type=float, default=60.0)
    p.add_argument("--load-connections", type=int, default=32)
    p.add_argument("--ingest-rows", type=int, default=10_000)
    p.add_argument(
        "--ingest-timeout",
        type=float,
        default=120.0,
        help="seconds an ingest run may take before it is stopped",
    )
    p.add_argument(
        "--ingest-fallback-rows",
        type=int,
        default=10,
        help="roster rows to measure with when the full roster does not finish in time",
    )
    p.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["list_page", "csv_export", "search", "detail", "load", "ingest"],
    )
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    p.add_argument("--keep", action="store_true", help="keep the database and work directory")
    return p.parse_args(argv)


def machine_info(pg_version: str) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    from bench import ours
    from bench.client import wrk_version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
        "django": version("django"),
        "datasette": version("datasette"),
        "gunicorn": version("gunicorn"),
        "wrk": wrk_version(),
        "server": f"gunicorn gthread {ours.WORKERS} workers × {ours.THREADS} threads",
        "load_average_at_start": list(os.getloadavg()),
    }


def redis_flush(url: str) -> bool:
    """Empty the harness's own Redis database; False when Redis does not answer."""
    if not url:
        return False
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()
        client.close()
        return True
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench.progress import Progress

    progress = Progress()
    started_at = dt.datetime.now(dt.UTC)

    from bench import ours

    redis_url = args.redis_url if redis_flush(args.redis_url) else ""
    env = ours.environment(dict(os.environ), database_url=args.database_url, redis_url=redis_url)
    # This process reads the same settings as the server (in-process query counts).
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from bench import dataset, ingest, peer, pg, results, scenarios
    from bench.procs import free_port

    work = Path(tempfile.mkdtemp(prefix="bench-"))
    notes: list[str] = []
    if not redis_url:
        notes.append("Redis did not answer: our server ran with its in-process cache.")
    servers = []
    doc = None
    try:
        progress.step(f"dataset: {args.size:,} people, seed {args.seed} -> {work}")
        manifest = dataset.generate(
            size=args.size,
            seed=args.seed,
            out_dir=work / "data",
            progress=lambda done, total: progress.count("  generating people", done, total),
        )
        progress.step(f"database: recreating {pg.db_name(args.database_url)}, migrating")
        pg.recreate(args.database_url)
        pg.migrate(env)
        progress.step("database: COPY")
        loaded = pg.load(
            args.database_url,
            work / "data",
            progress=lambda n, total, table: progress.count(f"  COPY {table}", n, total),
        )
        shutil.copy(work / "data" / "manifest.json", work / "manifest.json")
        shutil.rmtree(work / "data")
        progress.step(
            "  loaded "
            + ", ".join(f"{t.split('_', 1)[1]} {n:,}" for t, n in loaded.items() if n >= 1000)
        )

        from django.db import connection

        connection.close()  # the database was recreated under Django's feet
        export_sql = ours.export_statement()
        psql_env = pg.psql_env(args.database_url)

        progress.step("peer: exporting our CSV rows and every public spelling to SQLite")
        code, csv_bytes = _psql_csv(export_sql, psql_env)
        header = ours.export_header()
        rows = list(_csv_rows(csv_bytes))
        db_path = work / f"{peer.DB_NAME}.db"
        peer_rows = peer.build(db_path, header=header, rows=rows, names=ours.public_names())
        del rows, csv_bytes
        progress.step(
            f"  {peer_rows:,} rows in {db_path.name} ({db_path.stat().st_size / 1e6:.0f} MB)"
        )

        ours_server = ours.server(port=free_port(), env=env, work=work)
        peer_server = peer.server(db_path=db_path, port=free_port(), work=work, env=env)
        servers = [ours_server, peer_server]
        progress.step(f"servers: gunicorn on :{ours_server.port}, Datasette on :{peer_server.port}")
        ours_server.start(ready_path=ours.LIST_PATH + "?page_size=1")
        peer_server.start(ready_path=peer.list_path(1))

        ctx = scenarios.Context(
            ours=ours_server,
            peer=peer_server,
            manifest=manifest,
            repeats=args.repeats,
            wrk_seconds=args.wrk_seconds,
            wrk_connections=args.wrk_connections,
            export_sql=export_sql,
            psql_env=psql_env,
            progress=progress,
            notes=notes,
        )
        out = results.empty_scenarios()
        load = {"seconds": args.load_seconds, "connections": args.load_connections, "endpoints": {}}
        for name in ("list_page", "csv_export", "search", "detail"):
            if name in args.skip:
                continue
            progress.step(f"scenario {name}")
            out[name] = getattr(scenarios, name)(ctx)
        if "load" not in args.skip:
            progress.step(
                f"load run: {args.load_seconds:.0f} s, {args.load_connections} connections"
            )
            load = scenarios.load(ctx, seconds=args.load_seconds, connections=args.load_connections)
        for server in servers:
            server.stop()
        if "ingest" not in args.skip:
            progress.step(f"scenario ingest ({args.ingest_rows:,} rows each)")
            out["ingest"] = ingest.scenario(
                rows=args.ingest_rows,
                seed=args.seed,
                timeout=args.ingest_timeout,
                fallback_rows=args.ingest_fallback_rows,
                env=env,
                progress=progress,
                notes=notes,
            )

        details = ctx.details
        _detail_notes(details, notes)
        counts = manifest.counts
        doc = {
            "dataset": {
                "persons": counts["prisoners_person"],
                "releases": counts["releases_release"],
                "citations": counts["sources_citation"],
                "seed": args.seed,
            },
            "machine": {
                **machine_info(pg.server_version(args.database_url)),
                "started": started_at.isoformat(timespec="seconds"),
                "duration_s": round(progress.elapsed()),
            },
            "repeats": args.repeats,
            "scenarios": out,
            "load": load,
        }
        notes.append(
            f"dataset: {manifest.public_people:,} people public of {counts['prisoners_person']:,}; "
            f"{counts['prisoners_personname']:,} spellings, {counts['prisoners_detention']:,} detentions, "
            f"{counts['releases_transfer']:,} transfers."
        )
        json_path, md_path = results.write(doc, args.out, notes)
        (args.out / "details.json").write_text(
            json.dumps(details, indent=1) + "\n", encoding="utf-8"
        )
        print(results.markdown(doc, notes))
        progress.step(f"wrote {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    finally:
        for server in servers:
            server.stop()
        from django.db import connections

        connections.close_all()
        if not args.keep:
            pg.drop(args.database_url)
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {pg.db_name(args.database_url)} and {work}", file=sys.stderr)
        redis_flush(redis_url)
    if doc is not None:
        print(results.summary_line(doc))
    return 0 if doc is not None else 1


def _psql_csv(statement: str, env: dict[str, str]) -> tuple[int, bytes]:
    done = subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    return done.returncode, done.stdout


def _csv_rows(data: bytes):
    import csv
    import io

    yield from csv.reader(io.StringIO(data.decode("utf-8"), newline=""))


def _detail_notes(details: dict, notes: list[str]) -> None:
    s = details.get("search")
    if s:
        notes.append(
            "search: ours had the right person on the first page in "
            f"{_pct(s['ours_found_on_first_page'])} of queries; Datasette's FTS had them first in "
            f"{_pct(s['datasette_top1'])} and on the first page in {_pct(s['datasette_found_on_first_page'])} "
            "(FTS matches stored spellings only and does not rank)."
        )
        if s["ours_missed_top1_by_form"]:
            notes.append(
                f"search: ours missed top-1 by spelling form: {s['ours_missed_top1_by_form']}"
            )
    c = details.get("csv_export")
    if c:
        notes.append(
            f"csv_export: per-repeat seconds {json.dumps({k: [round(x, 2) for x in v] for k, v in c['seconds'].items()})}; "
            f"serving process RSS {c['rss_before_mb']:.0f} MB before, peaks {[round(x) for x in c['peak_rss_mb']]} MB."
        )
    lp = details.get("list_page")
    if lp:
        notes.append(
            f"list_page: per-repeat req/s {json.dumps({k: [round(x) for x in v] for k, v in lp['rps'].items()})}."
        )
    d = details.get("detail")
    if d:
        q = list(d["queries_per_slug"].values())
        notes.append(
            f"detail: SQL queries per request, min {min(q)}, max {max(q)} over {len(q)} people."
        )


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


if __name__ == "__main__":
    sys.exit(main())
