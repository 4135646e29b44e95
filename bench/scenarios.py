"""The scenarios of issue 6 (list_page, csv_export, search, detail) and the load run of
issue 7; ingest lives in ``bench.ingest`` because it runs in a process of its own.

Each scenario alternates ours and the peer (the order flips every repeat, so neither
side always runs on a warmer machine) and reports medians over the repeats.
"""

from __future__ import annotations

import json
import threading
import warnings
from dataclasses import dataclass, field
from typing import Any

from bench import ours as ours_side
from bench import peer as peer_side
from bench.client import Client, WrkResult, median, percentile, stream_command, wrk
from bench.dataset import Manifest
from bench.procs import RssSampler, Server, cpu_total
from bench.progress import Progress


@dataclass
class Context:
    ours: Server
    peer: Server
    manifest: Manifest
    repeats: int
    wrk_seconds: float
    wrk_connections: int
    export_sql: str
    psql_env: dict[str, str]
    progress: Progress
    notes: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def url(self, server: Server, path: str) -> str:
        return f"http://127.0.0.1:{server.port}{path}"

    def orders(self, *sides):
        """Per repeat, the sides in an order that rotates, so each side goes first in turn."""
        for r in range(self.repeats):
            k = r % len(sides)
            yield r, sides[k:] + sides[:k]


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


# --- list_page -------------------------------------------------------------------------


def list_page(ctx: Context) -> dict[str, Any]:
    ours_path, peer_path = ours_side.LIST_PATH, peer_side.list_path(50)
    _check_list(ctx, ours_path, peer_path)
    for server, path in ((ctx.ours, ours_path), (ctx.peer, peer_path)):
        wrk(ctx.url(server, path), seconds=2, connections=ctx.wrk_connections)  # warm-up
    rps: dict[str, list[float]] = {"ours": [], "datasette": []}
    cpu_ms: list[float] = []
    for r, order in ctx.orders("ours", "datasette"):
        for side in order:
            server, path = (ctx.ours, ours_path) if side == "ours" else (ctx.peer, peer_path)
            before = cpu_total(server.pids())
            result = wrk(
                ctx.url(server, path), seconds=ctx.wrk_seconds, connections=ctx.wrk_connections
            )
            used = cpu_total(server.pids()) - before
            if result.errors:
                ctx.notes.append(f"list_page {side} repeat {r + 1}: {result.errors} errors")
            rps[side].append(result.rps)
            if side == "ours" and result.requests:
                cpu_ms.append(used * 1000 / result.requests)
            ctx.progress.step(f"  list_page repeat {r + 1} {side}: {result.rps:,.0f} req/s")
    ours_rps, peer_rps = median(rps["ours"]), median(rps["datasette"])
    ctx.details["list_page"] = {"rps": rps, "cpu_ms_per_req": cpu_ms}
    return {
        "ours_rps": _round(ours_rps, 1),
        "datasette_rps": _round(peer_rps, 1),
        "ratio": _round(ours_rps / peer_rps, 3) if peer_rps else None,
        "ours_cpu_ms_per_req": _round(median(cpu_ms), 2) if cpu_ms else None,
    }


def _check_list(ctx: Context, ours_path: str, peer_path: str) -> None:
    """Both sides answer with 50 rows; note when their first rows differ (collation)."""
    client = Client(ctx.ours.port)
    status, body, *_ = client.get(ours_path)
    client.close()
    if status != 200:
        raise RuntimeError(f"our list answered {status}: {body[:300]!r}")
    ours_rows = json.loads(body)["results"]
    client = Client(ctx.peer.port)
    status, body, *_ = client.get(peer_path)
    client.close()
    if status != 200:
        raise RuntimeError(f"Datasette's table answered {status}: {body[:300]!r}")
    peer_rows = json.loads(body)
    if len(ours_rows) != 50 or len(peer_rows) != 50:
        ctx.notes.append(
            f"list_page: ours returned {len(ours_rows)} rows, Datasette {len(peer_rows)}"
        )
    same = sum(a["slug"] == b["slug"] for a, b in zip(ours_rows, peer_rows, strict=False))
    if same != min(len(ours_rows), len(peer_rows)):
        ctx.notes.append(
            f"list_page: {same} of the first {len(ours_rows)} rows are the same person on both "
            "sides (PostgreSQL sorts names by its collation, SQLite by code point)"
        )
    if ours_rows and set(ours_rows[0]) != set(peer_rows[0]):
        ctx.notes.append(
            "list_page: the JSON keys differ: ours "
            f"{sorted(ours_rows[0])}, Datasette {sorted(peer_rows[0])}"
        )


# --- csv_export --------------------------------------------------------------------------


def csv_export(ctx: Context) -> dict[str, Any]:
    seconds: dict[str, list[float]] = {"ours": [], "datasette": [], "copy": []}
    lines: dict[str, int] = {}
    peaks_mb: list[float] = []
    baseline_mb = max((_rss_mb(p) for p in ctx.ours.pids()), default=0.0)
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    copy_cmd = [*psql, f"COPY ({ctx.export_sql}) TO STDOUT WITH (FORMAT csv)"]
    for r, order in ctx.orders("ours", "datasette", "copy"):
        for side in order:
            if side == "copy":
                code, size, count, elapsed = stream_command(copy_cmd, ctx.psql_env)
                if code != 0:
                    raise RuntimeError(f"psql COPY failed with exit code {code}")
                lines[side] = count  # no header line
            else:
                server = ctx.ours if side == "ours" else ctx.peer
                path = ours_side.CSV_PATH if side == "ours" else peer_side.csv_path()
                client = Client(server.port, timeout=600)
                if side == "ours":
                    with RssSampler(ctx.ours) as sampler:
                        status, _, size, count, elapsed = client.get(path, keep_body=False)
                    peaks_mb.append(sampler.peak_kb / 1024)
                else:
                    status, _, size, count, elapsed = client.get(path, keep_body=False)
                client.close()
                if status != 200:
                    raise RuntimeError(f"{side} CSV answered {status}")
                lines[side] = count - 1  # header
            seconds[side].append(elapsed)
            ctx.progress.step(
                f"  csv_export repeat {r + 1} {side}: {elapsed:.2f} s, {size / 1e6:.1f} MB"
            )
    # Not the floor, a diagnostic: the person table's own columns without the export's
    # per-row sub-queries, to show what those cost.
    plain = [
        *psql,
        "COPY (SELECT slug, name, gender, status, occupation, birth_date FROM prisoners_person "
        "WHERE is_published AND NOT name_withheld ORDER BY name, id) TO STDOUT WITH (FORMAT csv)",
    ]
    code, _, _, plain_s = stream_command(plain, ctx.psql_env)
    if code == 0:
        ctx.notes.append(
            f"csv_export: COPY of the person table's own columns alone (no sub-queries): "
            f"{plain_s:.2f} s, against {median(seconds['copy']):.2f} s for the export's SELECT."
        )
    if len(set(lines.values())) != 1:
        ctx.notes.append(f"csv_export: data lines differ between sides: {lines}")
    ours_s, peer_s, copy_s = (median(seconds[k]) for k in ("ours", "datasette", "copy"))
    ctx.details["csv_export"] = {
        "seconds": seconds,
        "peak_rss_mb": peaks_mb,
        "rss_before_mb": baseline_mb,
        "lines": lines,
    }
    return {
        "rows": lines.get("ours"),
        "ours_s": _round(ours_s, 3),
        "datasette_s": _round(peer_s, 3),
        "copy_s": _round(copy_s, 3),
        "ratio_to_copy": _round(ours_s / copy_s, 2) if copy_s else None,
        "ours_peak_rss_mb": _round(max(peaks_mb), 1) if peaks_mb else None,
    }


def _rss_mb(pid: int) -> float:
    from bench.procs import rss_kb

    return rss_kb(pid) / 1024


# --- search ------------------------------------------------------------------------------


def search(ctx: Context) -> dict[str, Any]:
    queries = ctx.manifest.queries
    clients = {"ours": Client(ctx.ours.port), "datasette": Client(ctx.peer.port)}
    paths = {
        "ours": [ours_side.search_path(q["query"]) for q in queries],
        "datasette": [peer_side.search_path(q["query"]) for q in queries],
    }
    for side, client in clients.items():  # warm-up, not timed
        for path in paths[side][:10]:
            client.get(path)
    per_repeat: dict[str, list[tuple[float, float]]] = {"ours": [], "datasette": []}
    first: dict[str, list[bool]] = {"ours": [], "datasette": []}
    found: dict[str, list[bool]] = {"ours": [], "datasette": []}
    errors: dict[str, int] = {"ours": 0, "datasette": 0}
    forms_missed: dict[str, int] = {}
    misses: list[dict] = []
    for r, order in ctx.orders("ours", "datasette"):
        for side in order:
            latencies = []
            for q, path in zip(queries, paths[side], strict=True):
                status, body, _, _, elapsed = clients[side].get(path)
                latencies.append(elapsed * 1000)
                if status != 200:
                    errors[side] += 1
                    continue
                if r == 0:
                    rows = json.loads(body)
                    rows = rows["results"] if side == "ours" else rows
                    slugs = [row["slug"] for row in rows]
                    first[side].append(bool(slugs) and slugs[0] == q["slug"])
                    found[side].append(q["slug"] in slugs)
                    if side == "ours" and not first[side][-1]:
                        forms_missed[q["form"]] = forms_missed.get(q["form"], 0) + 1
                        misses.append({**q, "first": slugs[0] if slugs else None})
            per_repeat[side].append((median(latencies), percentile(latencies, 95)))
            ctx.progress.step(
                f"  search repeat {r + 1} {side}: median {median(latencies):.1f} ms, "
                f"p95 {percentile(latencies, 95):.1f} ms"
            )
    for client in clients.values():
        client.close()
    for side, count in errors.items():
        if count:
            ctx.notes.append(f"search: {side} answered {count} queries with an error status")
    recall = sum(first["ours"]) / len(first["ours"]) if first["ours"] else None
    peer_first = sum(first["datasette"]) / len(first["datasette"]) if first["datasette"] else None
    peer_found = sum(found["datasette"]) / len(found["datasette"]) if found["datasette"] else None
    ours_found = sum(found["ours"]) / len(found["ours"]) if found["ours"] else None
    ctx.details["search"] = {
        "per_repeat_median_p95_ms": per_repeat,
        "ours_found_on_first_page": ours_found,
        "datasette_top1": peer_first,
        "datasette_found_on_first_page": peer_found,
        "ours_missed_top1_by_form": dict(sorted(forms_missed.items())),
        "ours_misses": misses,
    }
    return {
        "queries": len(queries),
        "ours_median_ms": _round(median([m for m, _ in per_repeat["ours"]]), 1),
        "ours_p95_ms": _round(median([p for _, p in per_repeat["ours"]]), 1),
        "datasette_median_ms": _round(median([m for m, _ in per_repeat["datasette"]]), 1),
        "ours_top1_recall": _round(recall, 3),
    }


# --- detail ------------------------------------------------------------------------------


def detail(ctx: Context) -> dict[str, Any]:
    slugs = ctx.manifest.detail_slugs
    client = Client(ctx.ours.port)
    for slug in slugs[:5]:  # warm-up
        client.get(ours_side.detail_path(slug))
    medians = []
    for r in range(ctx.repeats):
        latencies = []
        for slug in slugs:
            status, _, _, _, elapsed = client.get(ours_side.detail_path(slug))
            if status != 200:
                raise RuntimeError(f"detail of {slug} answered {status}")
            latencies.append(elapsed * 1000)
        medians.append(median(latencies))
        ctx.progress.step(f"  detail repeat {r + 1}: median {medians[-1]:.1f} ms")
    client.close()
    counts = detail_query_counts(slugs)
    ctx.details["detail"] = {"median_ms_per_repeat": medians, "queries_per_slug": counts}
    return {"ours_median_ms": _round(median(medians), 1), "queries": max(counts.values())}


def detail_query_counts(slugs: list[str]) -> dict[str, int]:
    """SQL queries per detail request, counted in-process through the whole Django stack
    (middleware, throttling, view, renderer, conditional-GET headers)."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(HTTP_HOST="127.0.0.1")
    counts = {}
    for slug in slugs:
        with CaptureQueriesContext(connection) as captured, warnings.catch_warnings():
            # WhiteNoise warns once that collectstatic has not run; irrelevant here.
            warnings.simplefilter("ignore", UserWarning)
            response = client.get(ours_side.detail_path(slug))
        if response.status_code != 200:
            raise RuntimeError(f"in-process detail of {slug} answered {response.status_code}")
        counts[slug] = len(captured.captured_queries)
    return counts


# --- load (issue 7, item 12) ---------------------------------------------------------------


def load(ctx: Context, *, seconds: float, connections: int) -> dict[str, Any]:
    """One window of ``seconds``: list, detail and CSV served at the same time, the
    ``connections`` spread over them (CSV gets an eighth: each is a full export)."""
    csv_conns = max(1, connections // 8)
    list_conns = (connections - csv_conns) // 2
    detail_conns = connections - csv_conns - list_conns
    plans = {
        "list": {
            "url": ctx.url(ctx.ours, ours_side.LIST_PATH),
            "connections": list_conns,
            "timeout": "10s",
        },
        "detail": {
            "url": ctx.url(ctx.ours, "/"),
            "connections": detail_conns,
            "timeout": "10s",
            "paths": [ours_side.detail_path(s) for s in ctx.manifest.detail_slugs],
        },
        "csv": {
            "url": ctx.url(ctx.ours, ours_side.CSV_PATH),
            "connections": csv_conns,
            "timeout": "60s",
        },
    }
    results: dict[str, WrkResult | Exception] = {}

    def run(name: str, plan: dict) -> None:
        try:
            results[name] = wrk(seconds=seconds, threads=1, **plan)
        except Exception as exc:  # reported, never hidden
            results[name] = exc

    threads = [threading.Thread(target=run, args=item) for item in plans.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 180)
    endpoints = {}
    for name, plan in plans.items():
        result = results.get(name)
        if isinstance(result, WrkResult):
            endpoints[name] = {
                "connections": plan["connections"],
                "requests": result.requests,
                "errors": result.errors,
                "p99_ms": _round(result.p99_ms, 1),
            }
            if result.errors:
                ctx.notes.append(
                    f"load {name}: {result.errors} errors ({result.non_2xx} non-2xx/3xx, "
                    f"socket {result.socket_errors})"
                )
        else:
            endpoints[name] = {
                "connections": plan["connections"],
                "requests": None,
                "errors": None,
                "p99_ms": None,
            }
            ctx.notes.append(f"load {name}: wrk did not complete: {result}")
    ctx.progress.step(
        "  load: "
        + ", ".join(
            f"{n} {v['requests']} req / {v['errors']} err / p99 {v['p99_ms']} ms"
            for n, v in endpoints.items()
        )
    )
    return {"seconds": seconds, "connections": connections, "endpoints": endpoints}
