"""The `tsunagu` command: a Flask CLI group (init-db, serve, demo-data, plus Flask-Migrate's `db`)."""

from __future__ import annotations

import os
import time

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from tsunagu.checks import ConfigurationError, check_connection, check_schema, check_url


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

    engine = _checked_engine(need_schema=False)
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo(f"Database ready ({engine.dialect.name}).")
    if demo:
        from tsunagu.db import db
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
    current_app.run(host=host, port=port, threaded=True, use_reloader=False, debug=False)
