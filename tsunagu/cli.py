"""The `tsunagu` command: a Flask CLI group (init-db, serve, import, export, check, backup, plus Flask-Migrate's
`db`), with the commands of the packages (match, remind-groups, translations) and, through entry points, the
developer tools' `demo-data` and `bench`."""

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

from directory.contributions.reminders import remind_groups_command
from directory.imports.jobs import import_worker_command
from directory.schedule_command import schedule_command
from directory.translations.files import translations_command
from i18n.commands import furigana_command
from matching.reporting.cli import report_group
from matching.suggestions.cli import match_command, train_match_model_command
from tsunagu.backup import backup_command, restore_command
from tsunagu.checks import ConfigurationError, check_connection, check_schema, check_url
from tsunagu.demo_deployment import mark_demo_deployment
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


def checked_engine(*, need_schema: bool):  # type: ignore[no-untyped-def]
    """The app's engine once the database answers (and has the schema), or a one-sentence ClickException."""
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

    from directory.catalog.taxonomy import ensure_taxonomy
    from tsunagu.db import db

    engine = checked_engine(need_schema=False)
    upgrade(directory=current_app.extensions["migrate"].directory)
    ensure_taxonomy(db.session)  # the built-in kinds and tags every import and form relies on
    db.session.commit()
    click.echo(f"Database ready ({engine.dialect.name}).")
    if demo:
        load_demo = _demo_loader()
        started = time.perf_counter()
        summary = load_demo(db.session)
        db.session.commit()
        mark_demo_deployment(current_app)
        if summary is None:
            click.echo("Demo data already present; nothing loaded.")
        else:
            click.echo(f"Demo town loaded in {time.perf_counter() - started:.1f}s: {summary}")


def _demo_loader() -> Callable[[Any], Any]:
    """The demo town's loader, from the developer tools (found through the `tsunagu.demo` entry point, so the
    application itself never imports them)."""
    from importlib.metadata import entry_points

    for entry in entry_points(group="tsunagu.demo"):
        return entry.load()  # type: ignore[no-any-return]
    raise click.ClickException("The demo town comes with tsunagu's developer tools (devtools), not installed here.")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the web application (threaded development server; use gunicorn in production)."""
    checked_engine(need_schema=True)
    click.echo(f"tsunagu serving on http://{host}:{port}/")
    # run_simple, not app.run(): Flask refuses app.run() inside its own CLI commands
    from werkzeug.serving import run_simple

    run_simple(host, port, current_app._get_current_object(), threaded=True)  # type: ignore[attr-defined]


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
@click.option("--allow-blanking", is_flag=True, help="Let an update empty a value that is stored.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@with_appcontext
def import_files(
    fmt: str, paths: tuple[Path, ...], dry_run: bool, skip_invalid: bool, allow_blanking: bool, as_json: bool
) -> None:
    """Import open-data files; by default all-or-nothing: any row error writes nothing and exits 1."""
    import json

    from directory.imports.run import FORMATS, run_import
    from tsunagu.db import db

    if fmt not in FORMATS:
        raise click.ClickException(f"import format {fmt!r} is not implemented yet (available: {', '.join(FORMATS)})")
    from directory.imports.geocoding import geocoder_from_config

    checked_engine(need_schema=True)
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
            allow_blanking=allow_blanking,
            progress=progress,
            geocoder=geocoder,
        )
    db.session.commit()
    failed = (bool(summary.errors) and not skip_invalid) or summary.refused_files > 0
    if as_json:
        click.echo(json.dumps(summary.as_json(), ensure_ascii=False))
    else:
        for error in summary.errors + summary.warnings + summary.notices:
            where = ":".join(str(part) for part in (error["file"], error["row"]) if part is not None)
            column = f"[{error['column']}] " if error["column"] else ""
            click.echo(f"{where}: {column}{error['message']}", err=True)
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

    checked_engine(need_schema=True)
    if fmt == "hsds":
        from directory.formats.hsds.export import ExportRefused, export_hsds

        try:
            summary = export_hsds(db.session, target, force=force)
        except ExportRefused as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(summary.line())
    else:
        from directory.formats.kodomo_shokudo.export import export_kodomo_shokudo

        if target.is_dir():
            raise click.ClickException(f"{target} is a folder; kodomo-shokudo writes one CSV file (FILE.csv).")
        written = export_kodomo_shokudo(db.session, target)
        click.echo(written.line())


main.add_command(backup_command)
main.add_command(restore_command)
main.add_command(check_command)
main.add_command(match_command)
main.add_command(train_match_model_command)
main.add_command(remind_groups_command)
main.add_command(translations_command)
main.add_command(import_worker_command)
main.add_command(schedule_command)
main.add_command(report_group)
main.add_command(furigana_command)
# `demo-data` and `bench` come from the developer tools through Flask's `flask.commands` entry points
