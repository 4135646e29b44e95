"""The ingest scenario: a 10k-row roster CSV and a 10k-entry JSON series through the
product's refresh service, then the same bodies again.

It runs in a child process (``python -m bench.ingest``) with the harness's database and
production settings, so the parent can stop it at a deadline, whatever the product
does. The feed files are served by a small HTTP server on loopback; the feeds are
created with ``sources.feeds.feed_create`` and refreshed with
``sources.feeds.feed_refresh``, the functions the Celery task and
``manage.py refresh_feeds`` call: fetch (conditional GET), parse, validate, write.

Rows written by the unchanged re-run are counted in the database itself: every row
whose ``xmin`` is a transaction of the re-run (inserted or updated by it), plus any row
that disappeared, in every table except the feed's own bookkeeping (``sources_feed``,
``sources_feedrun``: the run is recorded, and the feed's health and next run time
move on), which is reported separately.

Each step prints one JSON line on stdout, so the parent keeps what finished even if it
has to stop the process. When the full roster does not finish before the deadline, the
parent measures again with a short roster (``fallback_rows``) in a fresh process, so the
report carries a measured rate and the re-run check either way, and says which roster
the rate comes from.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import functools
import http.server
import io
import json
import os
import random
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BOOKKEEPING = ("sources_feed", "sources_feedrun")
ROOT = Path(__file__).resolve().parent.parent


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def roster_csv(*, rows: int, seed: int) -> bytes:
    """Seven in ten rows name someone already in the database, in one of their stored
    spellings and with their birth date (as a roster from another source would); the
    rest are new people."""
    from bench.dataset import _identities, _names
    from prisoners.dates import iso_partial
    from prisoners.models import Person, PersonName
    from releases.models import ReleaseEvent

    rng = random.Random(seed)
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    known_ids = sorted({rng.randint(1, max_id) for _ in range(int(rows * 0.7))}) if max_id else []
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=known_ids).only(
            "pk", "birth_date", "birth_date_precision"
        )
    }
    spellings: dict[int, list[str]] = {}
    for person_id, text in PersonName.objects.filter(person_id__in=known_ids).values_list(
        "person_id", "text"
    ):
        spellings.setdefault(person_id, []).append(text)
    events = list(ReleaseEvent.objects.order_by("date").values_list("slug", "date"))
    new_people = _identities(rng, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "external_id",
            "name",
            "birth_date",
            "released_on",
            "release_kind",
            "outcome",
            "event",
            "to_country",
        ]
    )
    known = [pid for pid in known_ids if pid in people and spellings.get(pid)]
    for n in range(rows):
        if n < len(known):
            person = people[known[n]]
            name = rng.choice(spellings[person.pk])
            birth = iso_partial(person.birth_date, person.birth_date_precision)
        else:
            name = _names(new_people[n], rng)[0][0]
            birth = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        slug, day = rng.choice(events) if events and rng.random() < 0.6 else ("", None)
        released = day or dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 360))
        writer.writerow(
            [
                f"bench-{seed}-{n}",
                name,
                birth,
                released.isoformat(),
                "pardon" if slug else "sentence_served",
                rng.choice(["left", "stayed", "forcibly_deported"]),
                slug,
                rng.choice(["UA", "LT", "PL", ""]),
            ]
        )
    return out.getvalue().encode("utf-8")


def json_series(*, entries: int, seed: int) -> bytes:
    """A daily count ending today, drifting slowly (no jump a feed would hold back)."""
    rng = random.Random(seed)
    today = dt.date.today()
    value = 1100
    series = []
    for n in range(entries):
        value = max(100, value + rng.randint(-5, 6))
        series.append(
            {"date": (today - dt.timedelta(days=entries - 1 - n)).isoformat(), "value": value}
        )
    return json.dumps({"source": "bench", "series": series}).encode("utf-8")


def _xid() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_current_xact_id()::text")
        return int(cur.fetchone()[0]) % (1 << 32)


def _tables() -> list[str]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        return [r[0] for r in cur.fetchall()]


def _counts(tables: list[str]) -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(f'SELECT count(*) FROM "{t}"')  # noqa: S608 (names from pg_tables)
            out[t] = cur.fetchone()[0]
    return out


def _written_between(tables: list[str], low: int, high: int) -> dict[str, int]:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for t in tables:
            cur.execute(
                f'SELECT count(*) FROM "{t}" WHERE xmin::text::bigint > %s '  # noqa: S608
                "AND xmin::text::bigint < %s",
                [low, high],
            )
            if n := cur.fetchone()[0]:
                out[t] = n
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument("--rows", type=int, default=10_000, help="entries in the JSON series")
    parser.add_argument("--roster-rows", type=int, help="rows in the roster (default: --rows)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    roster_rows = args.roster_rows or args.rows

    import django

    django.setup()
    from prisoners.models import Person
    from sources.feeds import feed_create, feed_refresh
    from sources.models import Metric, Source

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    (work / "roster.csv").write_bytes(roster_csv(rows=roster_rows, seed=args.seed))
    (work / "series.json").write_bytes(json_series(entries=args.rows, seed=args.seed))
    httpd, port = serve(work)
    try:
        source = Source.objects.order_by("pk").first()
        metric, _ = Metric.objects.get_or_create(
            slug="bench_series",
            defaults={"label": "Benchmark series", "definition": "A count the benchmark feeds in."},
        )
        feeds = {
            "json": feed_create(
                source=source,
                url=f"http://127.0.0.1:{port}/series.json",
                adapter="json",
                config={
                    "metric": metric.slug,
                    "items_path": "series",
                    "value_path": "value",
                    "date_path": "date",
                },
                name="bench JSON series",
            ),
            "csv": feed_create(
                source=source,
                url=f"http://127.0.0.1:{port}/roster.csv",
                adapter="csv",
                config={"roster": True},
                name="bench roster",
            ),
        }
        emit(step="ready", people=Person.objects.count())
        for name, feed in feeds.items():
            started = time.perf_counter()
            run = feed_refresh(feed=feed)
            elapsed = time.perf_counter() - started
            emit(
                step="first",
                feed=name,
                seconds=elapsed,
                outcome=run.outcome if run else None,
                items_seen=run.items_seen if run else 0,
                items_new=run.items_new if run else 0,
                error=(run.error if run else "lock held")[:500],
            )
        tables = _tables()
        before_counts = _counts(tables)
        low = _xid()
        reruns = {}
        for name, feed in feeds.items():
            started = time.perf_counter()
            run = feed_refresh(feed=feed)
            reruns[name] = {
                "seconds": time.perf_counter() - started,
                "outcome": run.outcome if run else None,
                "http_status": run.http_status if run else None,
            }
        high = _xid()
        written = _written_between(tables, low, high)
        after_counts = _counts(tables)
        gone = {
            t: before_counts[t] - after_counts[t]
            for t in tables
            if after_counts[t] < before_counts[t]
        }
        data = {t: n for t, n in written.items() if t not in BOOKKEEPING}
        data_gone = {t: n for t, n in gone.items() if t not in BOOKKEEPING}
        emit(
            step="rerun",
            reruns=reruns,
            rows_written=sum(data.values()) + sum(data_gone.values()),
            written_by_table=data,
            deleted_by_table=data_gone,
            bookkeeping=({t: n for t, n in written.items() if t in BOOKKEEPING}),
        )
    finally:
        httpd.shutdown()
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    return 0


# --- the parent side -------------------------------------------------------------------


def _run_child(
    argv: list[str], *, env: dict[str, str], timeout: float, progress
) -> tuple[list[dict], bool, str]:
    """Run ``python -m bench.ingest argv``; (JSON events, finished in time, stderr tail)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.ingest", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    events: list[dict] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None and proc.stderr is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while time.monotonic() < deadline:
            if not sel.select(timeout=1.0):
                if proc.poll() is not None:
                    break
                continue
            line = proc.stdout.readline()
            if not line:
                break
            with contextlib.suppress(json.JSONDecodeError):
                event = json.loads(line)
                events.append(event)
                if event.get("step") == "first":
                    progress.step(
                        f"  ingest {event['feed']}: {event['items_seen']:,} items in "
                        f"{event['seconds']:.2f} s ({event['outcome']})"
                    )
    finally:
        sel.close()
        # Output ended: give the process a moment to exit on its own.
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(1.0, min(30.0, deadline - time.monotonic())))
        finished = proc.poll() is not None
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        stderr = proc.stderr.read()
    tail = (
        stderr.strip().splitlines()[-1][:300]
        if proc.returncode not in (0, -9) and stderr.strip()
        else ""
    )
    return events, finished, tail


def _first(events: list[dict], feed: str) -> dict | None:
    return next((e for e in events if e.get("step") == "first" and e.get("feed") == feed), None)


def _rerun(events: list[dict]) -> dict | None:
    return next((e for e in events if e.get("step") == "rerun"), None)


def _rate(event: dict | None) -> float | None:
    if not event or not event["items_seen"] or event["seconds"] <= 0:
        return None
    return round(event["items_seen"] / event["seconds"], 1)


def _describe(event: dict) -> str:
    text = (
        f"ingest {event['feed']}: {event['items_seen']:,} items seen, {event['items_new']:,} new, "
        f"{event['seconds']:.2f} s, outcome {event['outcome']}"
    )
    return text + (f" ({event['error']})" if event["error"] else "")


def scenario(
    *,
    rows: int,
    seed: int,
    timeout: float,
    fallback_rows: int,
    env: dict[str, str],
    progress,
    notes: list[str],
) -> dict:
    """The ``ingest`` entry of the results, from one child (or two, see the module doc)."""
    events, finished, error = _run_child(
        ["--rows", str(rows), "--seed", str(seed)], env=env, timeout=timeout, progress=progress
    )
    if error:
        notes.append(f"ingest error: {error}")
    json_first, csv_first, rerun = _first(events, "json"), _first(events, "csv"), _rerun(events)
    csv_rate = _rate(csv_first)
    for event in (json_first, csv_first):
        if event:
            notes.append(_describe(event))
    if not finished and csv_first is None:
        notes.append(
            f"ingest csv: the {rows:,}-row roster did not finish within {timeout:.0f} s "
            f"(fewer than {rows / timeout:,.0f} items/s); measuring a {fallback_rows}-row roster instead"
        )
        progress.step(
            f"  ingest: roster did not finish in {timeout:.0f} s; trying {fallback_rows} rows"
        )
        more, finished, error = _run_child(
            # The same seed: the series is then the one already stored (nothing to write
            # twice), and the roster is the first rows of the one that was rolled back.
            ["--rows", str(rows), "--roster-rows", str(fallback_rows), "--seed", str(seed)],
            env=env,
            timeout=timeout,
            progress=progress,
        )
        if error:
            notes.append(f"ingest error: {error}")
        fallback = _first(more, "csv")
        if fallback:
            notes.append(_describe(fallback) + f" (the {fallback_rows}-row fallback roster)")
            csv_rate = _rate(fallback)
        else:
            notes.append(f"ingest csv: the {fallback_rows}-row roster did not finish either")
        rerun = _rerun(more)
    if rerun:
        notes.append(
            "ingest re-run: "
            + ", ".join(
                f"{k} {v['outcome']} (HTTP {v['http_status']})" for k, v in rerun["reruns"].items()
            )
            + f"; data rows written {rerun['written_by_table'] or 0}, deleted "
            f"{rerun['deleted_by_table'] or 0}; the feeds' own bookkeeping (not counted): "
            f"{rerun['bookkeeping']}"
        )
    return {
        "csv_items_per_s": csv_rate,
        "json_items_per_s": _rate(json_first),
        "rerun_rows_written": rerun["rows_written"] if rerun else None,
    }


if __name__ == "__main__":
    sys.exit(main())
