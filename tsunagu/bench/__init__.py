"""`tsunagu bench …`: benchmarks reported as ratios against a baseline measured in the same run."""

from __future__ import annotations

from typing import Any

BENCHMARKS = ("search", "import", "match", "map", "load")
"""Every benchmark; `tsunagu bench all` runs them in this order on the same generated size."""


def run_benchmark(name: str, *, size: int, seed: int, database_url: str | None, **options: Any) -> dict[str, Any]:
    """Build a fresh database of `size` services and run one benchmark on it."""
    from tsunagu.bench.common import bench_database_url, prepared_app
    from tsunagu.db import db

    url = bench_database_url(database_url)
    if name == "import":  # imports into an empty database: nothing to build first
        from tsunagu.bench import import_

        return import_.run(url, size, seed)
    app, build_seconds = prepared_app(url, size, seed)
    with app.app_context():
        try:
            if name == "search":
                from tsunagu.bench import search

                outcome = search.run(db.session, size, seed)
            elif name == "map":
                from tsunagu.bench import map as map_bench

                outcome = map_bench.run(app, db.session, size, seed)
            elif name == "match":
                from tsunagu.bench import match

                outcome = match.run(db.session, size, seed)
            elif name == "load":
                from tsunagu.bench import load

                outcome = load.run(db.session, size, seed, **options)
            else:
                raise ValueError(f"unknown benchmark {name!r}")
        finally:
            db.session.remove()
            db.engine.dispose()
    outcome["build_seconds"] = round(build_seconds, 1)
    return outcome
