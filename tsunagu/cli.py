"""The `tsunagu` command: a Flask CLI group (init-db, serve, demo-data, plus Flask-Migrate's `db`)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from tsunagu.backup import backup_command, restore_command
from tsunagu.checks import ConfigurationError, check_connection, check_schema, check_url
from tsunagu.doctor import check_command


def _app():  # type: ignore[no-untyped-def]
    from tsunagu import create_app

    url = os.environ.get("TSUNAGU_DATABASE_URL")
    if url:
        try:
            check_url(url)
        except ConfigurationError as exc:
            raise click.ClickException(str(exc)) from exc
    return create_app()


@click.group(cls=FlaskGroup, create_app=_app, add_default_commands=False, add_version_option=False)
def main() -> None:
    """tsunagu (つなぐ): community resource directory and matching for 参加支援."""


def _checked_engine(*, need_schema: bool):  # type: ignore[no-untyped-def]
    from tsunagu.db import db

    try:
        check_connection(db.engine)
        if need_schema:
            check_schema(db.engine)
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    return db.engine


@main.command("init-db")
@click.option("--demo", is_flag=True, help="Load the demo town つなぐ市 (skipped when data exists).")
@with_appcontext
def init_db(demo: bool) -> None:
    """Create or migrate the database schema to the newest version."""
    from flask_migrate import upgrade

    from directory.taxonomy_seed import ensure_taxonomy
    from tsunagu.db import db

    engine = _checked_engine(need_schema=False)
    upgrade(directory=current_app.extensions["migrate"].directory)
    ensure_taxonomy(db.session)  # the built-in kinds and tags every import and form relies on
    db.session.commit()
    click.echo(f"Database ready ({engine.dialect.name}).")
    if demo:
        from tsunagu.demo import load_demo

        started = time.perf_counter()
        summary = load_demo(db.session)
        db.session.commit()
        if summary is None:
            click.echo("Demo data already present; nothing loaded.")
        else:
            click.echo(f"Demo town loaded in {time.perf_counter() - started:.1f}s: {summary}")


@main.command("demo-data")
@click.option("--size", type=click.IntRange(min=1), required=True, help="Number of services to generate.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed (same seed, same data).")
@with_appcontext
def demo_data(size: int, seed: int) -> None:
    """Add SIZE synthetic services (with organisations, locations, schedules) for benchmarks."""
    from tsunagu.demo.bulk import generate_bulk

    engine = _checked_engine(need_schema=True)
    started = time.perf_counter()
    with engine.begin() as conn:
        count = generate_bulk(conn, size=size, seed=seed)
    click.echo(f"{count} services generated in {time.perf_counter() - started:.1f}s (seed {seed}).")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the web application (threaded development server; use gunicorn in production)."""
    _checked_engine(need_schema=True)
    click.echo(f"tsunagu serving on http://{host}:{port}/")
    # run_simple, not app.run(): Flask refuses app.run() inside its own CLI commands
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]


@main.command("bench")
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
    "--write/--no-write", default=None, help="Write the results table into the report [default: write for `all`]."
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Markdown file whose generated block gets the table [default: docs/benchmarks.md].",
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
    write: bool | None,
    report_path: Path | None,
    sizes: str,
) -> None:
    """Run benchmarks on freshly generated data, each beside its baseline (progress on stderr)."""
    import json

    from tsunagu.bench import report, run_benchmarks

    url = database_url or os.environ.get("TSUNAGU_DATABASE_URL")
    if which == "scaling":
        from tsunagu.bench.scaling import plot, run_sizes

        results = run_sizes([int(n) for n in sizes.split(",")], seed=seed, database_url=url)
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
            emit=emit,
            load_options={"seconds": seconds, "users": users, "fault": fault, "ramp": ramp},
            command=report.command_line(click.get_current_context()),
        )
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from exc
    if write if write is not None else which == "all":
        click.echo(f"report: {report.write(report.render(results, info), report_path or report.DOC)}", err=True)
    failed = [f"{r['benchmark']} on {r['db']}" for r in results if "error" in r]
    if failed:
        raise click.ClickException(f"failed: {', '.join(failed)}")


@contextmanager
def _progress_bar(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A click progress bar on a terminal (stderr), nothing otherwise (pipes, --json, CI logs)."""
    if not enabled:
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="importing", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["kodomo-shokudo", "opendata", "hsds", "kayoinoba"]))
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and count; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows and list the others.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@with_appcontext
def import_files(fmt: str, paths: tuple[Path, ...], dry_run: bool, skip_invalid: bool, as_json: bool) -> None:
    """Import open-data files; by default all-or-nothing: any row error writes nothing and exits 1."""
    import json

    from directory.importing import FORMATS, run_import
    from tsunagu.db import db

    if fmt not in FORMATS:
        raise click.ClickException(f"import format {fmt!r} is not implemented yet (available: {', '.join(FORMATS)})")
    from directory.geocoding import geocoder_from_config

    _checked_engine(need_schema=True)
    try:
        config = current_app.config
        geocoder = geocoder_from_config(config["TSUNAGU_GEOCODER"], gsi_url=config["TSUNAGU_GSI_URL"])
    except ValueError as exc:  # an unknown name, or jageocoder without its dictionary
        raise click.ClickException(str(exc)) from exc
    with _progress_bar(enabled=not as_json and sys.stderr.isatty()) as progress:
        summary = run_import(
            db.session,
            fmt,
            list(paths),
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            progress=progress,
            geocoder=geocoder,
        )
    db.session.commit()
    failed = bool(summary.errors) and not skip_invalid
    if as_json:
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        for error in summary.errors + summary.notices:
            click.echo(f"{error['file']}:{error['row']}: [{error['column']}] {error['message']}", err=True)
        verb = "would be" if dry_run or failed else "were"
        click.echo(
            f"{summary.files} files, {summary.rows} rows: {summary.created} created, {summary.updated} updated, "
            f"{summary.skipped} skipped ({verb} written); {len(summary.errors)} problems"
        )
    if failed:
        raise SystemExit(1)


@main.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["hsds", "kodomo-shokudo"]))
@click.argument("target", metavar="OUTDIR|FILE", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Write into a non-empty folder that is not a previous export.")
@with_appcontext
def export(fmt: str, target: Path, force: bool) -> None:
    """Export the public catalog: `hsds OUTDIR` (HSDS 3.1 JSON + tabular datapackage)."""
    from tsunagu.db import db

    _checked_engine(need_schema=True)
    if fmt == "hsds":
        from directory.formats.hsds_export import ExportRefused, export_hsds

        try:
            summary = export_hsds(db.session, target, force=force)
        except ExportRefused as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(summary.line())
    else:
        from directory.formats.kodomo_shokudo_export import export_kodomo_shokudo

        if target.is_dir():
            raise click.ClickException(f"{target} is a folder; kodomo-shokudo writes one CSV file (FILE.csv).")
        written = export_kodomo_shokudo(db.session, target)
        click.echo(written.line())


main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(check_command)


from matching.cli import match_command, train_match_model_command  # noqa: E402  (commands of the matching package)

main.add_command(match_command)
main.add_command(train_match_model_command)

from directory.reminders import remind_groups_command  # noqa: E402  (curation: the six-monthly reminder)

main.add_command(remind_groups_command)

from directory.translation_files import translations_command  # noqa: E402  (i18n: entry translations as CSV)

main.add_command(translations_command)
