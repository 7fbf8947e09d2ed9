"""Commands of the developer tools on the `tsunagu` CLI (`tsunagu demo-data`, `tsunagu bench …`).

They reach the `tsunagu` group through Flask's `flask.commands` entry points (pyproject.toml), so the
application never imports the developer tools; `tsunagu init-db --demo` finds the demo town through the
`tsunagu.demo` entry point the same way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import click
from flask.cli import with_appcontext

from tsunagu.checks import ConfigurationError
from tsunagu.cli import checked_engine


@click.command("demo-data")
@click.option("--size", type=click.IntRange(min=1), required=True, help="Number of services to generate.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed (same seed, same data).")
@with_appcontext
def demo_data(size: int, seed: int) -> None:
    """Add SIZE synthetic services (with organisations, locations, schedules) for benchmarks."""
    from devtools.demo.bulk import generate_bulk

    engine = checked_engine(need_schema=True)
    started = time.perf_counter()
    with engine.begin() as conn:
        count = generate_bulk(conn, size=size, seed=seed)
    click.echo(f"{count} services generated in {time.perf_counter() - started:.1f}s (seed {seed}).")


@click.command("bench")
@click.argument("which", type=click.Choice(["search", "match", "import", "map", "load", "all", "scaling"]))
@click.option("--size", type=click.IntRange(min=100), default=10_000, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True)
@click.option(
    "--db",
    "database_url",
    help="PostgreSQL URL whose server gets a fresh <db>_bench database "
    "(default: TSUNAGU_DATABASE_URL, else a temporary SQLite file). `all`: SQLite, then PostgreSQL "
    "when given.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per benchmark.")
@click.option("--seconds", type=click.IntRange(min=1), default=60, show_default=True, help="load: how long.")
@click.option("--users", type=click.IntRange(min=1), default=200, show_default=True, help="load: residents.")
@click.option("--fault", type=click.Choice(["restart-db"]), help="load: restart PostgreSQL halfway.")
@click.option(
    "--ramp",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="load: seconds over which the residents arrive, before the measured seconds.",
)
@click.option("--browser/--no-browser", default=True, show_default=True, help="map: time the page in Chromium.")
@click.option(
    "--reuse",
    is_flag=True,
    help="Keep the generated databases (a SQLite file under the instance folder, `<db>_bench_n<N>_s<seed>_g<v>` on "
    "PostgreSQL) and take them again when size, seed and generator version match.",
)
@click.option(
    "--write/--no-write", default=None, help="Write the results table into the report [default: write for `all`]."
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Markdown file the report is written to, whole [default: docs/benchmarks.md].",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="all: measure nothing; render the report again from the saved results (after a change of its prose).",
)
@click.option(
    "--results",
    "results_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file of the results of `all`, written by a run, read by --dry-run [default: docs/benchmarks.json].",
)
@click.option(
    "--sizes",
    default="10000,100000,300000,1000000",
    show_default=True,
    help="scaling: catalog sizes for the search benchmark; draws docs/img/search-scaling.png.",
)
def bench(
    which: str,
    size: int,
    seed: int,
    database_url: str | None,
    as_json: bool,
    seconds: int,
    users: int,
    fault: str | None,
    ramp: int,
    browser: bool,
    reuse: bool,
    write: bool | None,
    report_path: Path | None,
    dry_run: bool,
    results_path: Path | None,
    sizes: str,
) -> None:
    """Run benchmarks on freshly generated data, each beside its baseline (progress on stderr)."""
    import json

    from devtools.bench import report, run_benchmarks

    url = database_url or os.environ.get("TSUNAGU_DATABASE_URL")
    saved = results_path or report.RESULTS
    if dry_run:
        if which != "all":
            raise click.UsageError("--dry-run renders the report of `all`")
        results, info = report.load_results(saved)
        click.echo(f"report: {report.write(report.render(results, info), report_path or report.DOC)}", err=True)
        return
    if which == "scaling":
        from devtools.bench.scaling import plot, run_sizes

        results = run_sizes([int(n) for n in sizes.split(",")], seed=seed, database_url=url, reuse=reuse)
        for outcome in results:
            click.echo(json.dumps(outcome, ensure_ascii=False))
        click.echo(f"plot: {plot(results)}", err=True)
        return

    def emit(outcome: dict[str, Any]) -> None:
        click.echo(json.dumps(outcome, ensure_ascii=False) if as_json else report.summary_line(outcome))

    try:
        results, info = run_benchmarks(
            which,
            size=size,
            seed=seed,
            database_url=url,
            browser=browser,
            reuse=reuse,
            emit=emit,
            load_options={"seconds": seconds, "users": users, "fault": fault, "ramp": ramp},
            command=report.command_line(click.get_current_context()),
        )
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    if write if write is not None else which == "all":
        click.echo(f"results: {report.save_results(results, info, saved)}", err=True)
        click.echo(f"report: {report.write(report.render(results, info), report_path or report.DOC)}", err=True)
    failed = [f"{r['benchmark']} on {r['db']}" for r in results if "error" in r]
    if failed:
        raise click.ClickException(f"failed: {', '.join(failed)}")
