"""The `tsunagu bench all` report: docs/benchmarks.md generated whole from JSON results and prose, the dry run
that renders it again, and one tiny real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from devtools.bench.report import (
    DOC,
    PROSE,
    RunInfo,
    command_line,
    load_results,
    measured_figures,
    render,
    save_results,
)
from devtools.bench.report import RESULTS as SAVED
from tests.conftest import fresh_postgres_or_skip

HAND_WRITTEN = """# Benchmarks

Every figure here comes from `tsunagu bench …`.
Ratios travel well.

Machine: x86_64, 2 cores.

## Search

The profile and the plan, written by hand.
"""


def _result(name: str, db: str, p95: float, baseline_p95: float, **extra: Any) -> dict[str, Any]:
    return {
        "benchmark": name,
        "size": 2000,
        "db": db,
        "app": {"p50_ms": p95 / 2, "p95_ms": p95},
        "baseline": {"name": "raw-sql", "p50_ms": 1.0, "p95_ms": baseline_p95},
        "ratio_p95": round(p95 / baseline_p95, 2),
        **extra,
    }


RESULTS = [
    _result("search", "sqlite", 18.2, 10.8),  # 1.69× raw SQL: a miss
    _result("search", "postgresql", 30.0, 25.0),
    _result(
        "match", "postgresql", 30.0, 10.0, violations=0, ndcg={"app": 0.58, "nearest_first": 0.12, "text_only": 0.5}
    ),
    {"benchmark": "map", "size": 2000, "db": "sqlite", "error": "RuntimeError: no browser"},
]
INFO = RunInfo(
    command="tsunagu bench all --size 2000 --db postgresql+psycopg://postgres@127.0.0.1:5432/x",
    started=datetime(2026, 11, 23, 17, 0, tzinfo=UTC),
    finished=datetime(2026, 11, 23, 17, 9, 30, tzinfo=UTC),
    machine={
        "platform": "Linux-x86_64",
        "os": "Debian GNU/Linux 12",
        "cpus": 2,
        "memory_gib": 23.4,
        "python": "CPython 3.11.2",
    },
    versions={"sqlite": "SQLite 3.40.1 + SpatiaLite 5.0.1", "postgresql": "PostgreSQL 15.8 + PostGIS 3.3.2"},
    load_start=0.5,
    load_end=1.9,
)


def test_command_line_hides_database_passwords() -> None:
    import click

    from devtools.cli import bench

    ctx = click.Context(bench, info_name="bench")
    ctx.params = {"which": "all", "size": 2000, "database_url": "postgresql+psycopg://u:secret@db/x", "write": None}
    assert command_line(ctx) == "tsunagu bench all --size 2000 --db 'postgresql+psycopg://u:***@db/x'"


def _rows(text: str, benchmark: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"| {benchmark} |")]


LOAD = {
    "benchmark": "load",
    "size": 2000,
    "db": "postgresql",
    "app": {
        "p50_ms": 40.0,
        "p95_ms": 420.0,
        "p95_ms_whole_run": 900.0,
        "requests": 800,
        "requests_whole_run": 1000,
        "errors": 2,
        "errors_judged_window": 1,
        "statuses": {"200": 998, "503": 2},
        "cache": {"hit": 300, "shared": 100, "miss": 400, "bypass": 0, "hit_ratio": 0.5},
        "cache_whole_run": {"hit": 310, "shared": 110, "miss": 580, "bypass": 0, "hit_ratio": 0.42},
    },
    "baseline": {"name": "static-file", "p50_ms": 1.5, "p95_ms": 3.0},
    "ratio_p95": 140.0,
    "judged_window": "requests sent in the 60 s after a 20 s ramp-up",
    "distinct_urls": 2345,
    "url_pool": 10000,
    "writes": {
        "acknowledged": 60,
        "stored": 60,
        "lost": 0,
        "placements": {"acknowledged": 40, "stored": 40},
        "catalog": {"acknowledged": 20, "stored": 20},
    },
    "ramp_up": {"p95_ms": 1500.0},
    "timeline": [{"from_s": 0, "p95_ms": 1500.0, "errors": 1}, {"from_s": 10, "p95_ms": 380.0, "errors": 0}],
    "per_kind": {
        "search": {
            "p95_ms": 500.0,
            "cache": {"hit_ratio": 0.25},
            "latency_by_cache": {"built": {"p95_ms": 610.0}, "cached": {"p95_ms": 12.0}},
        }
    },
}


def _prose(tmp_path: Path) -> Path:
    folder = tmp_path / "prose"
    folder.mkdir()
    for name in ("intro", "search", "match", "map", "import", "load"):
        (folder / f"{name}.md").write_text(f"What {name} measures, in words.\n", encoding="utf-8")
    return folder


def test_the_document_is_generated_whole_from_the_results_and_the_prose(tmp_path: Path) -> None:
    text = render([*RESULTS, LOAD], INFO, _prose(tmp_path))
    assert text.startswith("# Benchmarks\n") and "do not edit by hand" in text
    order = ["What intro", "## Latest run", "## Search", "What search", "## Matching", "## Map", "## Import", "## Load"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    assert f"Command: `{INFO.command}`" in text and "2026-11-23 17:00–17:09 UTC (9 min 30 s)" in text
    assert "load average 0.5 at the start, 1.9 at the end" in text
    assert "2 CPUs, 23.4 GiB, CPython 3.11.2, SQLite 3.40.1 + SpatiaLite 5.0.1, PostgreSQL 15.8 + PostGIS 3.3.2" in text
    load = text[text.index("## Load") :]
    assert "p95 420.0 ms in the judged window, 900.0 ms over the whole run" in load
    assert "cache hit ratio 50% in the judged window, 42% over the run" in load
    assert "2345 distinct URLs" in load and "catalog approvals: 20 stored of 20 acknowledged" in load
    assert "0 s: 1.5 s / 1; 10 s: 380.0 ms / 0" in load  # errors per window
    assert "search 500.0 ms, 25%" in load and "search 610.0 ms / 12.0 ms" in load  # built / cached per kind
    assert "map" in text and "failed: RuntimeError: no browser" in text[text.index("## Map") :]


def test_the_dry_run_renders_the_saved_results_again_without_measuring(tmp_path: Path) -> None:
    from devtools.cli import bench

    saved = save_results([*RESULTS, LOAD], INFO, tmp_path / "results.json")
    doc = tmp_path / "benchmarks.md"
    done = CliRunner().invoke(bench, ["all", "--dry-run", "--results", str(saved), "--report", str(doc)])
    assert done.exit_code == 0, done.output
    assert doc.read_text(encoding="utf-8") == render(*load_results(saved))
    assert load_results(saved)[1] == INFO


def test_a_figure_is_told_from_a_target() -> None:
    assert measured_figures("p95 13.5 ms after 4.4 s, 97 % non-empty, 1 234.5 ms, 3 836 rows/s, 2.50×") == [
        "13.5 ms",
        "4.4 s",
        "97 %",
        "1 234.5 ms",
        "3 836 rows/s",
        "2.50×",
    ]
    assert measured_figures("target p95 ≤ 50 ms and < 300 ms, ≥ 80 %, 1280 × 900 px, 200 residents, 3 km") == []


def test_no_prose_quotes_a_measurement() -> None:
    for path in sorted(PROSE.glob("*.md")):
        assert measured_figures(path.read_text(encoding="utf-8")) == [], path.name


def test_no_prose_repeats_the_heading_its_section_gets() -> None:
    for path in sorted(PROSE.glob("*.md")):
        assert not path.read_text(encoding="utf-8").startswith("#"), path.name


def test_docs_benchmarks_md_is_what_its_saved_results_render() -> None:
    """Every figure in it comes from docs/benchmarks.json, whose run names its command, date and machine."""
    results, info = load_results(SAVED)
    assert info.command.startswith("tsunagu bench all") or " tsunagu bench all" in info.command
    assert DOC.read_text(encoding="utf-8") == render(results, info)


def test_table_marks_misses_and_shows_both_databases() -> None:
    text = render(RESULTS, INFO)
    sqlite_search, postgres_search = _rows(text, "search")
    assert "| SQLite |" in sqlite_search and "✘ × raw SQL 1.69" in sqlite_search and "✔ p95 18.2 ms" in sqlite_search
    assert "| PostgreSQL |" in postgres_search and "✘" not in postgres_search
    match_rows = _rows(text, "match")
    assert "not run" in match_rows[0] and "| SQLite |" in match_rows[0]
    assert "✔ violations 0" in match_rows[1] and "✔ NDCG@10 × nearest-first 4.83" in match_rows[1]
    assert "✘ NDCG@10 × text-only 1.16" in match_rows[1]  # 1.2× the text-only baseline is the target
    assert "✔ p95 30.0 ms" in match_rows[1]  # below 100 000 services: the 40 ms target
    assert "✘ failed: RuntimeError: no browser" in _rows(text, "map")[0]
    load_rows = _rows(text, "load")
    assert "PostgreSQL only" in load_rows[0] and "| SQLite |" in load_rows[0]


def test_bench_all_tiny_run_writes_a_row_per_benchmark_per_database(tmp_path: Path) -> None:
    """The real command in its own process, as the lead runs it (gunicorn, browsers and warnings included)."""
    postgres = fresh_postgres_or_skip("reporter")
    report = tmp_path / "benchmarks.md"
    report.write_text(HAND_WRITTEN, encoding="utf-8")
    saved = tmp_path / "benchmarks.json"
    tsunagu = str(Path(sys.executable).with_name("tsunagu"))
    args = [
        tsunagu,
        "bench",
        "all",
        "--size",
        "200",
        "--seconds",
        "3",
        "--users",
        "3",
        "--no-browser",
        "--json",
        "--db",
        postgres,
        "--report",
        str(report),
        "--results",
        str(saved),
    ]
    env = {**os.environ, "TSUNAGU_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("TSUNAGU_DATABASE_URL", None)
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    printed = [json.loads(line) for line in done.stdout.splitlines()]  # stdout is JSON only
    assert {(r["benchmark"], r["db"]) for r in printed} == {
        (name, db) for name in ("search", "match", "map", "import") for db in ("sqlite", "postgresql")
    } | {("load", "postgresql")}
    assert "[1/11] generate 200 services on sqlite… " in done.stderr
    assert "[11/11] import on postgresql (200)… " in done.stderr
    text = report.read_text(encoding="utf-8")
    for name in ("search", "match", "map", "import", "load"):
        rows = _rows(text, name)
        assert [("| SQLite |" in r, "| PostgreSQL |" in r) for r in rows] == [(True, False), (False, True)], name
    assert "The profile and the plan, written by hand." not in text  # generated whole
    assert text == render(*load_results(saved))
    assert "Command: `tsunagu bench all --size 200 --seconds 3" in text and "***" not in text
    assert "SQLite 3." in text and "PostGIS 3." in text


def test_import_target_is_judged_from_100_000_rows() -> None:
    small = _result("import", "sqlite", 3100.0, 190.0)
    large = {**_result("import", "postgresql", 70_000.0, 1600.0), "size": 100_000}
    small_row, large_row = _rows(render([small, large], INFO), "import")
    assert "– time at 100 000 rows: judged from N = 100 000" in small_row and "✘" not in small_row
    assert "✘ time at 100 000 rows 70.0 s" in large_row and "| 100 000 |" in large_row


def test_search_is_judged_on_non_empty_answers_and_agreement_too() -> None:
    honest = _result("search", "sqlite", 20.0, 16.0, nonempty_share=0.97, mismatches=0)
    empty = _result("search", "sqlite", 20.0, 16.0, nonempty_share=0.17, mismatches=3)
    good, bad = (_rows(render([r], INFO), "search")[0] for r in (honest, empty))
    assert "✔ non-empty 97%" in good and "✔ mismatches 0" in good
    assert "✘ non-empty 17%" in bad and "✘ mismatches 3" in bad
