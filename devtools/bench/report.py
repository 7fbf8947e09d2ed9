"""The `tsunagu bench all` report: every result beside its baseline and its target, with the machine and the
command, written into docs/benchmarks.md between two markers (the hand-written sections around it stay)."""

from __future__ import annotations

import operator
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url

from devtools.bench import MAP_SIZE, POSTGRES_ONLY, spaced

DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
START = "<!-- bench-all:start -->"
END = "<!-- bench-all:end -->"
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
BASELINE_NAMES = {
    "raw-sql": "raw SQL",
    "nearest-first-sql": "nearest-first",
    "leaflet-geojson": "plain Leaflet GeoJSON",
    "folium-markercluster": "folium MarkerCluster",
    "raw-copy": "raw bulk copy",
    "static-file": "static file",
}
MATCH_LARGE = 100_000
ORDER = ("search", "match", "map", "import", "load")
"""Rows in the order of issue #12 (BENCHMARKS holds the same names)."""


def dig(outcome: dict[str, Any], *keys: str) -> Any:
    """outcome[k1][k2]… or None when any step is missing (benchmarks add fields over time)."""
    value: Any = outcome
    for key in keys:
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return value


def _ndcg_gain(outcome: dict[str, Any], baseline: str = "nearest_first") -> float | None:
    engine, other = dig(outcome, "ndcg", "app"), dig(outcome, "ndcg", baseline)
    return engine / other if engine is not None and other else None


def _import_at_100k(outcome: dict[str, Any]) -> float | None:
    milliseconds = dig(outcome, "app", "p95_ms")
    return milliseconds / 1000 * 100_000 / outcome["size"] if milliseconds else None


@dataclass(frozen=True)
class Criterion:
    """One target: `value(result) <op> limit(result)`, shown as "p95 ≤ 50 ms"."""

    benchmark: str
    label: str
    value: Callable[[dict[str, Any]], float | None]
    op: str
    limit: float | Callable[[dict[str, Any]], float]
    unit: str = ""
    fmt: str = "{:.1f}"
    from_size: int = 0
    """Judged only from this many services up (below it the figure says little about the target)."""

    def limit_for(self, outcome: dict[str, Any]) -> float:
        return self.limit(outcome) if callable(self.limit) else self.limit

    def check(self, outcome: dict[str, Any]) -> bool | None:
        """Met, missed, or None when the result does not carry the figure (e.g. no browser)."""
        value = self.value(outcome) if outcome["size"] >= self.from_size else None
        if value is None:
            return None
        compare = {"≤": operator.le, "<": operator.lt, "≥": operator.ge, "=": operator.eq}[self.op]
        return bool(compare(value, self.limit_for(outcome)))

    def target(self, outcome: dict[str, Any]) -> str:
        return f"{self.label} {self.op} {self.limit_for(outcome):g}{self.unit}"

    def measured(self, outcome: dict[str, Any]) -> str:
        value, met = self.value(outcome), self.check(outcome)
        if outcome["size"] < self.from_size:
            return f"– {self.label}: judged from N = {spaced(self.from_size)}"
        if value is None:
            return f"– {self.label} not measured"
        return f"{'✔' if met else '✘'} {self.label} {self.fmt.format(value)}{self.unit}"


TARGETS = (
    Criterion("search", "p95", lambda r: dig(r, "app", "p95_ms"), "≤", 50, " ms"),
    Criterion("search", "× raw SQL", lambda r: r.get("ratio_p95"), "≤", 1.5, "", "{:.2f}"),
    Criterion("search", "non-empty", lambda r: r.get("nonempty_share"), "≥", 0.8, "", "{:.0%}"),
    Criterion("search", "mismatches", lambda r: r.get("mismatches"), "=", 0, "", "{:.0f}"),
    Criterion(
        "match", "p95", lambda r: dig(r, "app", "p95_ms"), "≤", lambda r: 150 if r["size"] >= MATCH_LARGE else 40, " ms"
    ),
    Criterion("match", "violations", lambda r: r.get("violations"), "=", 0, "", "{:.0f}"),
    Criterion("match", "NDCG@10 × nearest-first", _ndcg_gain, "≥", 2, "", "{:.2f}"),
    Criterion("match", "NDCG@10 × text-only", lambda r: _ndcg_gain(r, "text_only"), "≥", 1.2, "", "{:.2f}"),
    Criterion("import", "time at 100 000 rows", _import_at_100k, "<", 60, " s", from_size=100_000),
    Criterion("map", "build p95", lambda r: dig(r, "app", "p95_ms"), "<", 300, " ms", "{:.0f}"),
    Criterion("map", "HTML", lambda r: r["html_bytes"] / 1e6 if r.get("html_bytes") else None, "<", 3, " MB", "{:.2f}"),
    Criterion("map", "interactive", lambda r: dig(r, "app_browser", "interactive_ms"), "<", 2000, " ms", "{:.0f}"),
    Criterion("load", "p95", lambda r: dig(r, "app", "p95_ms"), "<", 300, " ms", "{:.0f}"),
    Criterion("load", "errors", lambda r: dig(r, "app", "errors"), "=", 0, "", "{:.0f}"),
    Criterion("load", "lost writes", lambda r: dig(r, "writes", "lost"), "=", 0, "", "{:.0f}"),
)
"""Every target of issue #12 in one place. Below 100 000 services match is held to its 10 000 target (40 ms);
the import target is judged from 100 000 rows up (a small file's rate says little: fixed costs dominate)."""


@dataclass
class RunInfo:
    """What the report says about the run itself."""

    command: str
    started: datetime
    finished: datetime
    machine: dict[str, Any]
    versions: dict[str, str] = field(default_factory=dict)
    load_start: float | None = None
    load_end: float | None = None


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.1f} s"


def _pair(figures: dict[str, Any] | None) -> str:
    if not figures:
        return "–"
    p50, p95 = figures.get("p50_ms"), figures.get("p95_ms")
    if p50 == p95:  # timed once (import)
        return _ms(p95)
    if p50 is not None and p95 is not None and p95 < 1000:
        return f"{p50:.1f} / {p95:.1f} ms"
    return f"{_ms(p50)} / {_ms(p95)}"


def _size(outcome: dict[str, Any]) -> str:
    entries = outcome.get("entries")
    on_map = f" ({spaced(entries)} on the map)" if isinstance(entries, int) else ""
    return spaced(outcome["size"]) + on_map


def _notes(outcome: dict[str, Any]) -> list[str]:
    """Benchmark-specific figures worth a glance beside the targets."""
    name = outcome["benchmark"]
    if name == "search" and outcome.get("api"):
        api = outcome["api"]
        return [f"API path {_pair(api)}, × raw SQL {api.get('ratio_p95')}"]
    if name == "match" and outcome.get("ndcg"):
        ndcg = outcome["ndcg"]
        return [f"NDCG@10 {ndcg['app']} vs nearest-first {ndcg['nearest_first']}, text-only {ndcg['text_only']}"]
    if name == "import" and outcome.get("rows_per_second"):
        return [f"{spaced(outcome['rows_per_second'])} rows/s, {outcome.get('errors', 0)} errors"]
    if name == "map":
        figures = (
            ("warm build p95", ("app_warm", "p95_ms")),
            ("page p95", ("page_ms", "p95_ms")),
            ("folium MarkerCluster p95", ("reference", "p95_ms")),
        )
        return [f"{label} {_ms(dig(outcome, *keys))}" for label, keys in figures if dig(outcome, *keys) is not None]
    if name == "load":
        writes = outcome.get("writes") or {}
        ramp = f" after a {outcome['ramp_seconds']} s ramp-up" if outcome.get("ramp_seconds") else ""
        ramp += ", shared cache in Redis" if outcome.get("shared_cache") else ", caches per worker"
        notes = [
            f"{outcome.get('users')} users × {outcome.get('seconds')} s{ramp}, "
            f"{dig(outcome, 'app', 'requests')} requests, {writes.get('stored', 0)}/"
            f"{writes.get('acknowledged', 0)} writes stored"
        ]
        if dig(outcome, "ramp_up", "p95_ms") is not None:
            notes.append(f"ramp-up (a fresh server filling its caches) p95 {_ms(dig(outcome, 'ramp_up', 'p95_ms'))}")
        if dig(outcome, "app", "p95_ms_whole_run") is not None:
            notes.append(f"p95 over the whole run {_ms(dig(outcome, 'app', 'p95_ms_whole_run'))}")
        return notes
    return []


def row(outcome: dict[str, Any]) -> str:
    """One table row; a failed benchmark shows its error instead of figures."""
    db = DB_NAMES.get(outcome["db"], outcome["db"])
    criteria = [c for c in TARGETS if c.benchmark == outcome["benchmark"]]
    target = "; ".join(c.target(outcome) for c in criteria)
    if "error" in outcome:
        cells = ["–", "–", "–", target, f"✘ failed: {outcome['error']}".replace("|", "\\|")]
    else:
        baseline = outcome.get("baseline") or {}
        name = BASELINE_NAMES.get(baseline.get("name", ""), baseline.get("name", "?"))
        met = " · ".join([c.measured(outcome) for c in criteria] + _notes(outcome))
        ratio = outcome.get("ratio_p95")
        cells = [
            _pair(outcome.get("app")),
            f"{name} {_pair(baseline)}",
            "–" if ratio is None else f"{ratio:.2f}",
            target,
            met,
        ]
    return "| " + " | ".join([outcome["benchmark"], db, _size(outcome), *cells]).replace("\n", " ") + " |"


def _not_run(name: str, dialect: str, size: int) -> str:
    postgres_only = name in POSTGRES_ONLY and dialect != "postgresql"
    reason = "not run: PostgreSQL only (gunicorn with concurrent writers)" if postgres_only else "✘ not run"
    target = "; ".join(c.target({"size": size}) for c in TARGETS if c.benchmark == name)
    return f"| {name} | {DB_NAMES.get(dialect, dialect)} | {spaced(size)} | – | – | – | {target} | {reason} |"


def table(results: list[dict[str, Any]]) -> str:
    """Every benchmark on every database of the run, in ORDER, SQLite first."""
    dialects = [d for d in DB_NAMES if any(r["db"] == d for r in results)]
    size = max((r["size"] for r in results), default=0)
    lines = [
        "| benchmark | db | N | app p50 / p95 | baseline p50 / p95 | ratio p95 | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in ORDER:
        for dialect in dialects:
            found = [r for r in results if r["benchmark"] == name and r["db"] == dialect]
            lines += [row(r) for r in found] or [_not_run(name, dialect, size)]
    return "\n".join(lines)


def _machine(info: RunInfo) -> str:
    m = info.machine
    parts = [
        f"{m.get('os') or m.get('platform')} ({m.get('platform')})",
        f"{m.get('cpus')} CPUs",
        f"{m.get('memory_gib')} GiB",
        str(m.get("python")),
    ]
    return ", ".join(parts + [info.versions[d] for d in DB_NAMES if d in info.versions])


def render(results: list[dict[str, Any]], info: RunInfo) -> str:
    """The generated block, markers included."""
    minutes, seconds = divmod(round((info.finished - info.started).total_seconds()), 60)
    load = f"load average {info.load_start} at the start, {info.load_end} at the end"
    return "\n".join(
        [
            START,
            "## Latest `tsunagu bench all` (generated by the command; do not edit by hand)",
            "",
            f"Command: `{info.command}`",
            "",
            f"Run: {info.started:%Y-%m-%d %H:%M}–{info.finished:%H:%M} UTC ({minutes} min {seconds} s); {load}.",
            "",
            f"Machine: {_machine(info)}.",
            "",
            table(results),
            "",
            f"Search, match, map and load run on one generated database per engine; import gets an empty one. Map runs "
            f"at min(N, {spaced(MAP_SIZE)}) services, its targets being defined for {spaced(MAP_SIZE)}. Below "
            f"{spaced(MATCH_LARGE)} services match is held to its 10 000 target (40 ms); the import target is judged "
            "from 100 000 rows up. Each miss is explained, with its profile and plan, in the sections below.",
            END,
        ]
    )


def write(block: str, path: Path = DOC) -> Path:
    """Replace the generated block of `path` (or insert it after the intro paragraph); keep everything else."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        lines = (text if not text or text.endswith("\n") else text + "\n").splitlines(keepends=True)
        at = _after_intro(lines)
        text = "".join(lines[:at]) + block + "\n\n" + "".join(lines[at:])
    path.write_text(text, encoding="utf-8")
    return path


def _after_intro(lines: list[str]) -> int:
    """The line index just after the first paragraph below the title (0 when the file is empty)."""
    index = 0
    while index < len(lines) and (lines[index].startswith("# ") or not lines[index].strip()):
        index += 1
    while index < len(lines) and lines[index].strip():
        index += 1
    return min(index + 1, len(lines)) if index < len(lines) else len(lines)


def summary_line(outcome: dict[str, Any]) -> str:
    """The one-line text form of a result (`tsunagu bench` without --json)."""
    if "error" in outcome:
        return f"{outcome['benchmark']} (n={outcome['size']}, {outcome['db']}): failed: {outcome['error']}"
    app, base = outcome["app"], outcome["baseline"]
    return (
        f"{outcome['benchmark']} (n={outcome['size']}, {outcome['db']}): app p50 {app['p50_ms']} ms / p95 "
        f"{app['p95_ms']} ms; {base['name']} p50 {base['p50_ms']} ms / p95 {base['p95_ms']} ms; "
        f"ratio p95 {outcome['ratio_p95']}"
    )


SERVER_SETTINGS = ("TSUNAGU_CACHE_URL", "TSUNAGU_THREADS")
"""Environment variables shown before the command when set (the load benchmark's gunicorn reads them)."""


def command_line(ctx: click.Context) -> str:
    """The command as typed (`tsunagu …`), else rebuilt from the parsed options; passwords hidden."""
    if Path(sys.argv[0]).name == "tsunagu":
        args = sys.argv[1:]
    else:  # run in-process (tests, `python -m`): the options that differ from their defaults
        args = [ctx.info_name or "bench"]
        for param in ctx.command.params:
            value = ctx.params.get(param.name or "")
            if isinstance(param, click.Argument):
                args.append(str(value))
            elif isinstance(param, click.Option) and value not in (param.default, None):
                if param.is_flag or isinstance(value, bool):
                    args.append(param.opts[0] if value else param.secondary_opts[0])
                else:
                    args += [param.opts[0], str(value)]
    command = shlex.join(["tsunagu", *(_hide_password(arg) for arg in args)])
    # the settings that change what the load benchmark's server does
    settings = [f"{name}={_hide_password(os.environ[name])}" for name in SERVER_SETTINGS if os.environ.get(name)]
    return " ".join([*settings, command])


def _hide_password(arg: str) -> str:
    if "://" not in arg:
        return arg
    try:
        return make_url(arg).render_as_string(hide_password=True)
    except Exception:  # not a database URL after all
        return arg
