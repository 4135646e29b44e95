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
has to stop the process.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import http.server
import io
import json
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

BOOKKEEPING = ("sources_feed", "sources_feedrun")


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
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from prisoners.models import Person
    from sources.feeds import feed_create, feed_refresh
    from sources.models import Metric, Source

    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    (work / "roster.csv").write_bytes(roster_csv(rows=args.rows, seed=args.seed))
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


if __name__ == "__main__":
    sys.exit(main())
