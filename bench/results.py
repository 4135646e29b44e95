"""The results: ``latest.json`` in the shape issue 6 fixes, ``latest.md`` as a table.

The JSON has exactly the issue's keys (plus ``load``, the bounded load run of issue 7);
everything else a reader may want (per-repeat values, the peer's search recall, row
counts) goes into the Markdown notes, never into new JSON keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The shape of latest.json: top-level keys, and the keys of each scenario.
SHAPE: dict[str, Any] = {
    "dataset": ["persons", "releases", "citations", "seed"],
    "machine": None,  # free-form
    "repeats": None,
    "scenarios": {
        "list_page": ["ours_rps", "datasette_rps", "ratio", "ours_cpu_ms_per_req"],
        "csv_export": [
            "rows",
            "ours_s",
            "datasette_s",
            "copy_s",
            "ratio_to_copy",
            "ours_peak_rss_mb",
        ],
        "search": [
            "queries",
            "ours_median_ms",
            "ours_p95_ms",
            "datasette_median_ms",
            "ours_top1_recall",
        ],
        "detail": ["ours_median_ms", "queries"],
        "ingest": ["csv_items_per_s", "json_items_per_s", "rerun_rows_written"],
    },
    "load": None,  # {"seconds", "connections", "endpoints": {name: {"requests", "errors", "p99_ms"}}}
}
LOAD_ENDPOINT_KEYS = ["connections", "requests", "errors", "p99_ms"]


def empty_scenarios() -> dict[str, dict[str, Any]]:
    return {name: dict.fromkeys(keys) for name, keys in SHAPE["scenarios"].items()}


def shape_problems(doc: dict[str, Any]) -> list[str]:
    """What differs from the required shape (empty when the document conforms)."""
    problems = []
    if set(doc) != set(SHAPE):
        problems.append(f"top-level keys {sorted(doc)} != {sorted(SHAPE)}")
    if set(doc.get("dataset", {})) != set(SHAPE["dataset"]):
        problems.append(f"dataset keys {sorted(doc.get('dataset', {}))}")
    scenarios = doc.get("scenarios", {})
    if set(scenarios) != set(SHAPE["scenarios"]):
        problems.append(f"scenario names {sorted(scenarios)}")
    for name, keys in SHAPE["scenarios"].items():
        if set(scenarios.get(name, {})) != set(keys):
            problems.append(f"{name} keys {sorted(scenarios.get(name, {}))} != {sorted(keys)}")
    load = doc.get("load", {})
    for name, values in (load.get("endpoints") or {}).items():
        if set(values) != set(LOAD_ENDPOINT_KEYS):
            problems.append(f"load.{name} keys {sorted(values)}")
    return problems


# --- targets (issue 6), checked for the table only ------------------------------------------


def _check(value, test) -> str:
    if value is None:
        return "n/a"
    return "yes" if test(value) else "**no**"


def targets(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    s = doc["scenarios"]
    lp, csv, se, de, ing = (s[k] for k in ("list_page", "csv_export", "search", "detail", "ingest"))
    return [
        (
            "list page at least as fast as Datasette",
            f"ratio {_fmt(lp['ratio'])}",
            _check(lp["ratio"], lambda v: v >= 1.0),
        ),
        (
            "CSV within 1.5× of raw COPY",
            f"{_fmt(csv['ratio_to_copy'])}×",
            _check(csv["ratio_to_copy"], lambda v: v <= 1.5),
        ),
        (
            "CSV faster than Datasette",
            f"{_fmt(csv['ours_s'])} s vs {_fmt(csv['datasette_s'])} s",
            _check(
                None
                if csv["ours_s"] is None or csv["datasette_s"] is None
                else csv["ours_s"] < csv["datasette_s"],
                bool,
            ),
        ),
        (
            "CSV peak memory under 150 MB",
            f"{_fmt(csv['ours_peak_rss_mb'])} MB",
            _check(csv["ours_peak_rss_mb"], lambda v: v < 150),
        ),
        (
            "search median under 30 ms",
            f"{_fmt(se['ours_median_ms'])} ms",
            _check(se["ours_median_ms"], lambda v: v < 30),
        ),
        (
            "right person first in ≥ 95 %",
            f"{_pct(se['ours_top1_recall'])}",
            _check(se["ours_top1_recall"], lambda v: v >= 0.95),
        ),
        (
            "detail in 5 queries or fewer",
            f"{_fmt(de['queries'])}",
            _check(de["queries"], lambda v: v <= 5),
        ),
        (
            "ingest ≥ 5,000 CSV items/s",
            f"{_fmt(ing['csv_items_per_s'])}",
            _check(ing["csv_items_per_s"], lambda v: v >= 5000),
        ),
        (
            "unchanged re-run writes 0 rows",
            f"{_fmt(ing['rerun_rows_written'])}",
            _check(ing["rerun_rows_written"], lambda v: v == 0),
        ),
    ]


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        if value >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def markdown(doc: dict[str, Any], notes: list[str] | None = None) -> str:
    s = doc["scenarios"]
    d = doc["dataset"]
    m = doc["machine"]
    lines = [
        f"# Benchmark: {d['persons']:,} people, {d['releases']:,} releases, "
        f"{d['citations']:,} citations (seed {d['seed']})",
        "",
        f"Machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, "
        f"{m.get('memory_gb', '?')} GB; PostgreSQL {m.get('postgresql', '?')}, "
        f"Python {m.get('python', '?')}, Datasette {m.get('datasette', '?')}, "
        f"{m.get('server', '')}. Started {m.get('started', '?')}, took {m.get('duration_s', '?')} s. "
        f"Medians of {doc['repeats']} repeats, ours and the peer alternating.",
        "",
        "| scenario | measure | ours | Datasette | floor / ratio |",
        "|---|---|---|---|---|",
        f"| list_page | requests/s, first page of 50 | {_fmt(s['list_page']['ours_rps'])} | "
        f"{_fmt(s['list_page']['datasette_rps'])} | ours/Datasette {_fmt(s['list_page']['ratio'])} |",
        f"| list_page | server CPU per request | {_fmt(s['list_page']['ours_cpu_ms_per_req'])} ms | | |",
        f"| csv_export | s for {_fmt(s['csv_export']['rows'])} rows | {_fmt(s['csv_export']['ours_s'])} | "
        f"{_fmt(s['csv_export']['datasette_s'])} | COPY {_fmt(s['csv_export']['copy_s'])} s; "
        f"ours/COPY {_fmt(s['csv_export']['ratio_to_copy'])} |",
        f"| csv_export | peak RSS of the serving process | {_fmt(s['csv_export']['ours_peak_rss_mb'])} MB | | |",
        f"| search | median / p95 of {_fmt(s['search']['queries'])} queries | "
        f"{_fmt(s['search']['ours_median_ms'])} / {_fmt(s['search']['ours_p95_ms'])} ms | "
        f"{_fmt(s['search']['datasette_median_ms'])} ms (median) | |",
        f"| search | right person first | {_pct(s['search']['ours_top1_recall'])} | | |",
        f"| detail | median latency; SQL queries | {_fmt(s['detail']['ours_median_ms'])} ms; "
        f"{_fmt(s['detail']['queries'])} queries | | |",
        f"| ingest | roster CSV / JSON series items/s | {_fmt(s['ingest']['csv_items_per_s'])} / "
        f"{_fmt(s['ingest']['json_items_per_s'])} | | |",
        f"| ingest | rows written by an unchanged re-run | {_fmt(s['ingest']['rerun_rows_written'])} | | |",
    ]
    load = doc.get("load") or {}
    for name, values in (load.get("endpoints") or {}).items():
        lines.append(
            f"| load ({load.get('seconds')} s, {load.get('connections')} conns) | {name}: "
            f"{values['connections']} conns | {_fmt(values['requests'])} requests, "
            f"{_fmt(values['errors'])} errors, p99 {_fmt(values['p99_ms'])} ms | | |"
        )
    lines += ["", "| target (issue 6) | measured | met |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {met} |" for name, value, met in targets(doc)]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def write(doc: dict[str, Any], out_dir: Path, notes: list[str] | None = None) -> tuple[Path, Path]:
    problems = shape_problems(doc)
    if problems:
        raise ValueError("results do not have the required shape: " + "; ".join(problems))
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "latest.json", out_dir / "latest.md"
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(doc, notes), encoding="utf-8")
    return json_path, md_path


def summary_line(doc: dict[str, Any]) -> str:
    met = [t for t in targets(doc) if t[2] == "yes"]
    missed = [t[0] for t in targets(doc) if t[2] not in ("yes", "n/a")]
    s = doc["scenarios"]
    text = (
        f"bench {doc['dataset']['persons']:,} people: list {_fmt(s['list_page']['ratio'])}× Datasette, "
        f"CSV {_fmt(s['csv_export']['ratio_to_copy'])}× COPY, search median "
        f"{_fmt(s['search']['ours_median_ms'])} ms ({_pct(s['search']['ours_top1_recall'])} first), "
        f"detail {_fmt(s['detail']['queries'])} queries, ingest {_fmt(s['ingest']['csv_items_per_s'])} items/s; "
        f"targets met {len(met)}/{len(targets(doc))}"
    )
    if missed:
        text += " (missed: " + "; ".join(missed) + ")"
    return text
