"""`tsunagu bench …`: benchmarks reported as ratios against a baseline measured in the same run.

`tsunagu bench all` generates the data once per database and runs search, match, map and load on it (import
needs an empty database and gets its own), on SQLite and, given a PostgreSQL URL, on PostgreSQL too.

One module per benchmark (`search`, `match`, `map` (a package: the town map, the zoomed-in views in `map.view` and
the prefecture grid in `map.grid`), `import_`, `load` with
its coordinators and curator in `load_writers`, and `scaling`), the shared plumbing in `common`, and `report`,
which writes docs/benchmarks.md whole from the results of `bench all` (saved in docs/benchmarks.json) and the
prose of `prose/*.md`. May import every package of the application and `devtools.demo` (the generated data); nothing
in the application imports it.
"""

from __future__ import annotations

import inspect
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import click
from flask import Flask

if TYPE_CHECKING:
    from devtools.bench.report import RunInfo

BENCHMARKS = ("search", "import", "match", "map", "load")
"""Every benchmark; `tsunagu bench all` runs them all on the same generated size."""
SHARED = ("search", "match", "map", "load")
"""Run in this order on one generated database: load last, because its coordinators write placements."""
POSTGRES_ONLY = frozenset({"load"})
"""gunicorn with concurrent writers: measured on PostgreSQL only."""
MAP_SIZE = 10_000
"""The town map's targets are defined for 10 000 entries: `bench all` maps a town of min(N, 10 000) services,
and above that also the zoomed-out grid of a prefecture at N (devtools.bench.map.grid)."""


def run_benchmarks(
    which: str,
    *,
    size: int,
    seed: int,
    database_url: str | None,
    browser: bool,
    load_options: dict[str, Any],
    emit: Callable[[dict[str, Any]], None],
    command: str,
    reuse: bool = False,
) -> tuple[list[dict[str, Any]], RunInfo]:
    """`tsunagu bench NAME|all`: the results (each handed to `emit` as it comes) and what the report says of the
    run. `all` runs on SQLite, then on PostgreSQL when `database_url` is a PostgreSQL URL. With `reuse`, the
    generated databases are kept and taken again by a later run of the same size, seed and generator."""
    from devtools.bench.common import load_average, machine
    from devtools.bench.report import RunInfo

    started, load_start = datetime.now(UTC), load_average()
    postgres = bool(database_url and database_url.startswith("postgresql"))
    versions: dict[str, str] = {}
    if which == "all":
        suite = Suite(
            size, seed, database_url if postgres else None, browser=browser, load_options=load_options, reuse=reuse
        )
        results = suite.run(emit)
        versions = suite.versions
    else:
        with Progress(1).stage(f"{which} on {'postgresql' if postgres else 'sqlite'} ({spaced(size)})"):
            outcome = run_benchmark(
                which,
                size=size,
                seed=seed,
                database_url=database_url,
                browser=browser,
                reuse=reuse,
                **(load_options if which == "load" else {}),
            )
        emit(outcome)
        results = [outcome]
    info = RunInfo(command, started, datetime.now(UTC), machine(), versions, load_start, load_average())
    return results, info


def run_benchmark(
    name: str,
    *,
    size: int,
    seed: int,
    database_url: str | None,
    browser: bool = True,
    reuse: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """Build a fresh database of `size` services (or, with `reuse`, take the kept one) and run one benchmark on
    it. The import benchmark always starts from an empty database."""
    from devtools.bench.common import bench_database_url, kept_database_url, prepared_app

    if name == "import":  # imports into an empty database: nothing to build first
        from devtools.bench import import_

        return import_.run(bench_database_url(database_url), size, seed)
    url = kept_database_url(database_url, size, seed) if reuse else bench_database_url(database_url)
    app, build_seconds = prepared_app(url, size, seed)
    outcome = run_on(app, name, size, seed, browser=browser, **options)
    outcome["build_seconds"] = round(build_seconds, 1)
    outcome["reused"] = reused(app)
    return outcome


def reused(app: Flask) -> bool:
    """Whether the app's database already held its generated services (a kept database, `--reuse`)."""
    return bool(app.config.get(REUSED))


REUSED = "TSUNAGU_BENCH_REUSED"
"""Set by devtools.bench.common.prepared_app on the app it returns."""


def run_on(app: Flask, name: str, size: int, seed: int, *, browser: bool = True, **options: Any) -> dict[str, Any]:
    """One benchmark on the app's database, already holding `size` generated services."""
    from devtools.bench.common import app_session
    from tsunagu.db import db

    with app.app_context():
        try:
            if name == "search":
                from devtools.bench import search

                return search.run(app_session(), size, seed)
            if name == "map":
                return _run_map(app, size, seed, browser=browser)
            if name == "match":
                from devtools.bench import match

                return match.run(app_session(), size, seed)
            if name == "load":
                from devtools.bench import load

                return load.run(app_session(), size, seed, **options)
            raise ValueError(f"unknown benchmark {name!r}")
        finally:
            db.session.remove()
            db.engine.dispose()


def _run_map(app: Flask, size: int, seed: int, *, browser: bool) -> dict[str, Any]:
    """The map benchmark: a town's map page up to MAP_SIZE entries (without its Chromium step when `browser` is
    false: tiny runs, tests), a prefecture's grid above."""
    from devtools.bench import map as map_bench
    from devtools.bench.common import app_session

    if size > MAP_SIZE:
        from devtools.bench.map import grid as map_grid

        return map_grid.run(app, app_session(), size, seed)

    if browser:
        return map_bench.run(app, app_session(), size, seed)
    if "browser" in inspect.signature(map_bench.run).parameters:
        return map_bench.run(app, app_session(), size, seed, browser=False)  # type: ignore[call-arg,unused-ignore]
    saved = getattr(map_bench, "CHROMIUM", None)
    map_bench.CHROMIUM = "/nonexistent/chromium"  # map.run skips the browser when Chromium is missing
    try:
        return map_bench.run(app, app_session(), size, seed)
    finally:
        map_bench.CHROMIUM = saved  # type: ignore[assignment,unused-ignore]


def spaced(number: int) -> str:
    """100000 → "100 000", as the docs write numbers."""
    return f"{number:,}".replace(",", " ")


class Progress:
    """One line per stage on stderr, "[3/9] match on postgresql (100 000)… 41 s"; stdout stays for JSON.

    On a terminal the line appears when the stage starts and its time is added when it ends."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self.tty = sys.stderr.isatty()

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        self.done += 1
        head = f"[{self.done}/{self.total}] {label}…"
        if self.tty:
            click.echo(head, nl=False, err=True)
        started = time.perf_counter()
        try:
            yield
        except BaseException:
            click.echo(f"{'' if self.tty else head} failed after {time.perf_counter() - started:.0f} s", err=True)
            raise
        click.echo(f"{'' if self.tty else head} {time.perf_counter() - started:.0f} s", err=True)


@dataclass
class Suite:
    """What `tsunagu bench all` runs: every benchmark on SQLite and, given its URL, on PostgreSQL."""

    size: int
    seed: int
    postgres_url: str | None = None
    browser: bool = True
    load_options: dict[str, Any] = field(default_factory=dict)
    reuse: bool = False
    """Generated databases are kept (and taken again) instead of made afresh."""
    versions: dict[str, str] = field(default_factory=dict)
    """Database versions seen during the run, by dialect ("sqlite": "SQLite 3.40.1 + SpatiaLite 5.0.1")."""
    created: list[str] = field(default_factory=list)
    """Benchmark databases made so far (temporary SQLite files are removed after each engine's pass)."""

    def databases(self) -> list[tuple[str, str | None]]:
        return [("sqlite", None)] + ([("postgresql", self.postgres_url)] if self.postgres_url else [])

    def shared(self, dialect: str) -> list[str]:
        """The benchmarks run on the database generated at N (above MAP_SIZE, map is the prefecture's grid)."""
        return [name for name in SHARED if not (name in POSTGRES_ONLY and dialect != "postgresql")]

    def stage_count(self) -> int:
        per_map = 2 if self.size > MAP_SIZE else 0  # its own generated database, then the map
        return sum(1 + len(self.shared(dialect)) + per_map + 1 for dialect, _url in self.databases())

    def run(self, emit: Callable[[dict[str, Any]], None]) -> list[dict[str, Any]]:
        """Every stage in order; `emit` gets each result as it comes. A failing benchmark is recorded as
        {"benchmark", "size", "db", "error"} and the run goes on; a database that cannot be reached stops it."""
        from devtools.bench.common import bench_database_url, discard_database

        for _dialect, url in self.databases():  # fail now, not after an hour of SQLite
            if url:
                bench_database_url(url)
        progress = Progress(self.stage_count())
        results: list[dict[str, Any]] = []

        def record(outcome: dict[str, Any]) -> None:
            results.append(outcome)
            emit(outcome)

        for dialect, url in self.databases():
            try:
                self._run_database(dialect, url, progress, record)
            finally:
                for made in self.created:
                    discard_database(made)
        return results

    def _run_database(
        self, dialect: str, base_url: str | None, progress: Progress, record: Callable[[dict[str, Any]], None]
    ) -> None:
        from devtools.bench import import_

        built = self._generate(dialect, base_url, self.size, progress)
        for name in self.shared(dialect):
            self._stage(progress, name, dialect, self.size, record, partial(self._on, built, name, self.size))
        if self.size > MAP_SIZE:
            for_map = self._generate(dialect, base_url, MAP_SIZE, progress)
            self._stage(progress, "map", dialect, MAP_SIZE, record, partial(self._on, for_map, "map", MAP_SIZE))
        self._stage(
            progress,
            "import",
            dialect,
            self.size,
            record,
            lambda: import_.run(self._fresh(dialect, base_url), self.size, self.seed),
        )

    def _generate(
        self, dialect: str, base_url: str | None, size: int, progress: Progress
    ) -> tuple[Flask, float] | Exception:
        """A fresh database with `size` generated services and its build time (or why it could not be made:
        each benchmark meant for it then reports that error)."""
        from devtools.bench.common import database_version, prepared_app

        try:
            with progress.stage(f"generate {spaced(size)} services on {dialect}"):
                app, seconds = prepared_app(self._generated_url(dialect, base_url, size), size, self.seed)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            return exc
        self.versions[dialect] = database_version(app)
        return app, seconds

    def _generated_url(self, dialect: str, base_url: str | None, size: int) -> str:
        from devtools.bench.common import kept_database_url

        if self.reuse:
            return kept_database_url(base_url if dialect == "postgresql" else None, size, self.seed)
        return self._fresh(dialect, base_url)

    def _fresh(self, dialect: str, base_url: str | None) -> str:
        from devtools.bench.common import bench_database_url

        url = bench_database_url(base_url if dialect == "postgresql" else None)
        self.created.append(url)
        return url

    def _on(self, built: tuple[Flask, float] | Exception, name: str, size: int) -> dict[str, Any]:
        if isinstance(built, Exception):
            raise RuntimeError(f"no data: generating {spaced(size)} services failed ({built})")
        app, build_seconds = built
        options = self.load_options if name == "load" else {}
        outcome = run_on(app, name, size, self.seed, browser=self.browser, **options)
        outcome["build_seconds"] = round(build_seconds, 1)
        outcome["reused"] = reused(app)
        return outcome

    def _stage(
        self,
        progress: Progress,
        name: str,
        dialect: str,
        size: int,
        record: Callable[[dict[str, Any]], None],
        work: Callable[[], dict[str, Any]],
    ) -> None:
        try:
            with progress.stage(f"{name} on {dialect} ({spaced(size)})"):
                outcome = work()
        except Exception as exc:  # one broken benchmark must not lose an hour of the others
            traceback.print_exc(file=sys.stderr)
            first_line = (str(exc).strip().splitlines() or [""])[0][:200]
            outcome = {"benchmark": name, "size": size, "db": dialect, "error": f"{type(exc).__name__}: {first_line}"}
        record(outcome)
