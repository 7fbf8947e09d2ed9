"""Benchmark plumbing: a fresh database with N generated services, timing, and the result format.

Numbers are reported as percentiles of many runs beside a baseline measured in the same run on the same
data, because absolute milliseconds on a shared 2-core machine say little; ratios travel.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation, like numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timings(fn: Callable[[Any], object], inputs: Iterable[Any], *, warmup: int = 5) -> dict[str, float]:
    """Run fn over inputs (after a few warm-up calls) and return p50/p95/mean in milliseconds."""
    items = list(inputs)
    for item in items[:warmup]:
        fn(item)
    return figures([_timed(fn, item) for item in items])


def paired_timings(
    app: Callable[[Any], object],
    baseline: Callable[[Any], object],
    inputs: Iterable[Any],
    *,
    warmup: int = 5,
    before_app: Callable[[], object] | None = None,
) -> tuple[dict[str, float], dict[str, float]]:
    """The app and its baseline over the same inputs, input by input, taking turns at going first.

    `before_app` runs, untimed, before each call of the app (e.g. a new catalog version, so the app answers cold).

    Run one after the other (all of the app, then all of the baseline), whatever changes during the run
    (caches filling, the machine's other work) falls on one side only: the same search measured twice in a
    row differed by 1.5× in its ratio that way.
    """
    items = list(inputs)
    for item in items[:warmup]:
        _timed(app, item, before_app)
        baseline(item)
    app_samples, baseline_samples = [], []
    for index, item in enumerate(items):
        if index % 2:
            app_samples.append(_timed(app, item, before_app))
            baseline_samples.append(_timed(baseline, item))
        else:
            baseline_samples.append(_timed(baseline, item))
            app_samples.append(_timed(app, item, before_app))
    return figures(app_samples), figures(baseline_samples)


def _timed(fn: Callable[[Any], object], item: Any, before: Callable[[], object] | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    fn(item)
    return (time.perf_counter() - start) * 1000


def figures(samples: list[float]) -> dict[str, float]:
    """p50, p95 and mean in milliseconds of timed runs, and how many."""
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "runs": len(samples),
    }


def app_session() -> Session:
    """`db.session` typed as the Session the benchmarks take (flask-sqlalchemy's scoped proxy acts as one)."""
    from tsunagu.db import db

    return cast(Session, db.session)


def bench_database_url(base_url: str | None) -> str:
    """A new, empty database for a benchmark: a temporary SQLite file, or `<db>_bench` on the PostgreSQL
    server of `base_url` (dropped and created afresh, never the configured database itself)."""
    if not base_url or base_url.startswith("sqlite"):
        folder = Path(tempfile.mkdtemp(prefix="tsunagu-bench-"))
        return f"sqlite:///{folder / 'bench.db'}"
    from sqlalchemy.exc import DBAPIError

    from tsunagu.dbadmin import fresh_postgres_database

    try:
        return fresh_postgres_database(base_url, "bench")
    except DBAPIError as exc:
        raise _unreachable(base_url, exc) from exc


def _unreachable(base_url: str, exc: Exception) -> Exception:
    from sqlalchemy.engine import make_url

    from tsunagu.checks import ConfigurationError

    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    shown = make_url(base_url).render_as_string(hide_password=True)
    return ConfigurationError(
        f"Cannot create a benchmark database beside {shown}: {reason}. The server must be running and the "
        "database in the URL must exist (it is only connected to; `<name>_bench` is created beside it)."
    )


def kept_database_name(size: int, seed: int) -> str:
    """The name a kept benchmark database goes by: its size, seed and the generator's version, so a database
    made by another generator (or for another size) is never taken for this one."""
    from devtools.demo.bulk import GENERATOR_VERSION

    return f"bench_n{size}_s{seed}_g{GENERATOR_VERSION}"


def kept_database_url(base_url: str | None, size: int, seed: int) -> str:
    """A benchmark database that stays after the run (`--reuse`): `<instance>/bench/<name>.db` for SQLite, or
    `<db>_<name>` beside the database of a PostgreSQL `base_url` (created when missing, never dropped here)."""
    name = kept_database_name(size, seed)
    if not base_url or base_url.startswith("sqlite"):
        from tsunagu.config import instance_path

        folder = instance_path() / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{folder / name}.db"
    from sqlalchemy.exc import DBAPIError

    from tsunagu.dbadmin import kept_postgres_database

    try:
        return kept_postgres_database(base_url, name)
    except DBAPIError as exc:
        raise _unreachable(base_url, exc) from exc


def generated_count(url: str) -> int:
    """How many generated services (`source = 'demo-data'`) a database holds; 0 when it has no schema yet.

    Generation runs in one transaction, so a database holds either every service of its run or none."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM services WHERE source = 'demo-data'")) or 0)
    except DBAPIError:  # no services table: a new database
        return 0
    finally:
        engine.dispose()


def discard_database(url: str) -> None:
    """Remove a temporary SQLite benchmark database; PostgreSQL ones stay until the next run recreates them."""
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        if folder.name.startswith("tsunagu-bench-"):
            shutil.rmtree(folder, ignore_errors=True)


def prepared_app(url: str, size: int, seed: int) -> tuple[Flask, float]:
    """The app on a migrated database holding `size` generated services; returns it and the build time.

    A database that already holds them (a kept one, see `kept_database_url`) is only migrated and analysed:
    its build time is that, not the generation's."""
    from flask_migrate import upgrade  # type: ignore[import-untyped,unused-ignore]

    from devtools.bench import REUSED
    from devtools.demo.bulk import generate_bulk
    from directory.catalog.taxonomy import ensure_taxonomy
    from tsunagu import create_app
    from tsunagu.checks import check_connection
    from tsunagu.db import db
    from tsunagu.serving import settle_gc

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    started = time.perf_counter()
    with app.app_context():
        check_connection(db.engine)
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_taxonomy(app_session())
        db.session.commit()
        generated = generated_count(url)
        if generated not in (0, size):
            raise RuntimeError(f"{url.rsplit('/', 1)[-1]} holds {generated} generated services, not {size}")
        if not generated:
            with db.engine.begin() as conn:
                generate_bulk(conn, size=size, seed=seed)
        app.config[REUSED] = bool(generated)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE" if not generated else "ANALYZE"))
        else:
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
    build_seconds = time.perf_counter() - started
    settle_gc()  # measured as served: gunicorn workers do the same once the app is loaded
    return app, build_seconds


def result(
    name: str,
    size: int,
    dialect: str,
    app: dict[str, float],
    baseline: dict[str, float],
    baseline_name: str,
    **extra: Any,
) -> dict[str, Any]:
    """One benchmark's JSON object, in the shape DESIGN.md fixes."""
    return {
        "benchmark": name,
        "size": size,
        "db": dialect,
        "app": app,
        "baseline": {"name": baseline_name, **baseline},
        "ratio_p95": round(app["p95_ms"] / baseline["p95_ms"], 2) if baseline["p95_ms"] else None,
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
        **extra,
    }


def machine() -> dict[str, Any]:
    """What the numbers were measured on (database versions come from `database_version`)."""
    try:
        memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError, AttributeError):  # not POSIX: memory unknown
        memory_gib = None
    return {
        "platform": platform.platform(),
        "os": _os_name(),
        "cpus": os.cpu_count(),
        "memory_gib": memory_gib,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def _os_name() -> str | None:
    """PRETTY_NAME from /etc/os-release (e.g. "Debian GNU/Linux 12 (bookworm)"), when there is one."""
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def load_average() -> float | None:
    """The 1-minute load average: on a shared machine, how busy it was besides the benchmark."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def database_version(app: Flask) -> str:
    """The app's database and spatial extension, e.g. "SQLite 3.40.1 + SpatiaLite 5.0.1" (from `tsunagu doctor`)."""
    from tsunagu.db import db
    from tsunagu.doctor import check_database

    with app.app_context():
        return check_database(db.engine).message.replace(", ", " + ")
