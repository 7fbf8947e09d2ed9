"""`tsunagu bench …`: benchmarks reported as ratios against a baseline measured in the same run."""

from __future__ import annotations

from typing import Any

BENCHMARKS = ("search",)
"""Benchmarks implemented so far; match, import, map and load join with their issues."""


def run_benchmark(name: str, *, size: int, seed: int, database_url: str | None) -> dict[str, Any]:
    """Build a fresh database of `size` services and run one benchmark on it."""
    from tsunagu.bench.common import bench_database_url, prepared_app
    from tsunagu.db import db

    url = bench_database_url(database_url)
    app, build_seconds = prepared_app(url, size, seed)
    with app.app_context():
        try:
            if name == "search":
                from tsunagu.bench import search

                outcome = search.run(db.session, size, seed)
            else:
                raise ValueError(f"unknown benchmark {name!r}")
        finally:
            db.session.remove()
            db.engine.dispose()
    outcome["build_seconds"] = round(build_seconds, 1)
    return outcome
