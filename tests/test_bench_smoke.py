"""The benchmark harness at a tiny size: its dataset is deterministic and its results file
has the shape issue 6 fixes. No timings are asserted here; bench/README.md says how to
run the benchmark itself."""

import json

import pytest

from bench import dataset, results
from bench.romanise import SYSTEMS, romanise


def _files(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_seed_gives_identical_rows(tmp_path):
    first = dataset.generate(size=60, seed=7, out_dir=tmp_path / "a", queries=10)
    second = dataset.generate(size=60, seed=7, out_dir=tmp_path / "b", queries=10)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert first.queries == second.queries
    assert first.counts["prisoners_person"] == 60


def test_another_seed_gives_other_rows(tmp_path):
    dataset.generate(size=60, seed=7, out_dir=tmp_path / "a", queries=10)
    dataset.generate(size=60, seed=8, out_dir=tmp_path / "b", queries=10)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a["prisoners_personname.copy"] != b["prisoners_personname.copy"]


def test_dataset_has_names_in_several_scripts_and_the_issue_proportions(tmp_path):
    manifest = dataset.generate(size=300, seed=1, out_dir=tmp_path, queries=20)
    names = list(dataset.read_rows(tmp_path / "prisoners_personname.copy"))
    languages = {row[3] for row in names}
    assert {"be", "ru", "be-Latn", "ru-Latn", "pl"} <= languages
    assert any("\u0400" <= ch <= "\u04ff" for row in names for ch in row[2])
    counts = manifest.counts
    assert 1.2 * 300 < counts["releases_release"] < 1.8 * 300
    assert 2.5 * 300 < counts["sources_citation"] < 3.5 * 300
    # Every query names a public person whose name nobody else has.
    people = {row[0]: row for row in dataset.read_rows(tmp_path / "prisoners_person.copy")}
    slugs = {row[1]: row for row in people.values()}
    for query in manifest.queries:
        person = slugs[query["slug"]]
        assert person[9] == "f" and person[10] == "t"  # not withheld, published


def test_copy_cells_round_trip(tmp_path):
    writer = dataset._Writer(tmp_path)
    writer.row("prisoners_tag", 1, "tab\there", "back\\slash\nnew line")
    writer.close()
    (row,) = dataset.read_rows(tmp_path / "prisoners_tag.copy")
    assert row == ["1", "tab\there", "back\\slash\nnew line"]


@pytest.mark.parametrize(
    ("system", "cyrillic", "latin"),
    [
        ("be-passport", "Святлана Ціханоўская", "Sviatlana Tsikhanouskaya"),
        ("be-lacinka", "Алесь Бяляцкі", "Aleś Bialacki"),
        ("ru-english", "Сергей Тихановский", "Sergei Tikhanovsky"),
        ("ru-german", "Мария Колесникова", "Marija Kolesnikowa"),
    ],
)
def test_romanisations_match_the_press(system, cyrillic, latin):
    assert romanise(cyrillic, SYSTEMS[system]) == latin


def _filled_document():
    scenarios = results.empty_scenarios()
    for values in scenarios.values():
        for key in values:
            values[key] = 1.0
    return {
        "dataset": {"persons": 10, "releases": 15, "citations": 30, "seed": 1},
        "machine": {"cpu": "test", "cores": 2},
        "repeats": 3,
        "scenarios": scenarios,
        "load": {
            "seconds": 60,
            "connections": 32,
            "endpoints": {
                "list": {"connections": 14, "requests": 100, "errors": 0, "p99_ms": 12.5}
            },
        },
    }


def test_results_writer_uses_the_issue_shape(tmp_path):
    json_path, md_path = results.write(_filled_document(), tmp_path, notes=["a note"])
    written = json.loads(json_path.read_text())
    assert set(written) == {"dataset", "machine", "repeats", "scenarios", "load"}
    assert set(written["dataset"]) == {"persons", "releases", "citations", "seed"}
    assert set(written["scenarios"]["list_page"]) == {
        "ours_rps",
        "datasette_rps",
        "ratio",
        "ours_cpu_ms_per_req",
    }
    assert set(written["scenarios"]["csv_export"]) == {
        "rows",
        "ours_s",
        "datasette_s",
        "copy_s",
        "ratio_to_copy",
        "ours_peak_rss_mb",
    }
    assert set(written["scenarios"]["search"]) == {
        "queries",
        "ours_median_ms",
        "ours_p95_ms",
        "datasette_median_ms",
        "ours_top1_recall",
    }
    assert set(written["scenarios"]["detail"]) == {"ours_median_ms", "queries"}
    assert set(written["scenarios"]["ingest"]) == {
        "csv_items_per_s",
        "json_items_per_s",
        "rerun_rows_written",
    }
    table = md_path.read_text()
    assert "| list_page |" in table and "| load (60 s, 32 conns) |" in table and "a note" in table


def test_results_writer_refuses_another_shape(tmp_path):
    document = _filled_document()
    document["scenarios"]["search"]["extra"] = 1
    with pytest.raises(ValueError, match="search keys"):
        results.write(document, tmp_path)
    assert not (tmp_path / "latest.json").exists()
