"""Benchmark plumbing: a fresh database with N generated services, timing, and the result format.

Numbers are reported as percentiles of many runs beside a baseline measured in the same run on the same
data, because absolute milliseconds on a shared 2-core machine say little; ratios travel.
"""

from __future__ import annotations

import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text


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
    samples = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "mean_ms": round(statistics.fmean(samples), 2),
        "runs": len(samples),
    }


def bench_database_url(base_url: str | None) -> str:
    """A new, empty database for a benchmark: a temporary SQLite file, or `<db>_bench` on the PostgreSQL
    server of `base_url` (dropped and created afresh, never the configured database itself)."""
    if not base_url or base_url.startswith("sqlite"):
        folder = Path(tempfile.mkdtemp(prefix="tsunagu-bench-"))
        return f"sqlite:///{folder / 'bench.db'}"
    from tsunagu.dbadmin import fresh_postgres_database

    return fresh_postgres_database(base_url, "bench")


def prepared_app(url: str, size: int, seed: int) -> tuple[Flask, float]:
    """The app on a migrated database holding `size` generated services; returns it and the build time."""
    from flask_migrate import upgrade

    from directory.taxonomy_seed import ensure_taxonomy
    from tsunagu import create_app
    from tsunagu.checks import check_connection
    from tsunagu.db import db
    from tsunagu.demo.bulk import generate_bulk

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    started = time.perf_counter()
    with app.app_context():
        check_connection(db.engine)
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_taxonomy(db.session)
        db.session.commit()
        with db.engine.begin() as conn:
            generate_bulk(conn, size=size, seed=seed)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            with db.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
    return app, time.perf_counter() - started


def result(name: str, size: int, dialect: str, app: dict[str, float], baseline: dict[str, float],
           baseline_name: str, **extra: Any) -> dict[str, Any]:  # fmt: skip
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
