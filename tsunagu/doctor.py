"""`tsunagu check`: is this deployment ready? One line per check, in plain words, exit 1 on any failure.

Run it after installing or upgrading and in a monitoring job: it needs the app's configuration only, never
the network beyond the database.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Literal

import click
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tsunagu.checks import ConfigurationError, check_connection
from tsunagu.demo_deployment import accounts_with_published_password, is_demo_deployment

Level = Literal["ok", "warn", "fail"]
WEAK_SECRETS = {"dev", "secret", "changeme", "change-me", "test-secret", "tsunagu"}
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class CheckResult:
    name: str
    level: Level
    message: str


def check_secret_key(app: Flask) -> CheckResult:
    """The session-signing key: from the environment, long, not a well-known value."""
    key = str(app.config.get("SECRET_KEY") or "")
    if not key or key in WEAK_SECRETS or len(key) < MIN_SECRET_LENGTH:
        return CheckResult(
            "secret_key",
            "fail",
            "SECRET_KEY is missing, short or a well-known value; set "
            f"TSUNAGU_SECRET_KEY to {MIN_SECRET_LENGTH}+ random characters",
        )
    if not os.environ.get("TSUNAGU_SECRET_KEY"):
        return CheckResult(
            "secret_key",
            "warn",
            "generated key in the instance folder: fine on one machine; set "
            "TSUNAGU_SECRET_KEY when several machines serve the app",
        )
    return CheckResult("secret_key", "ok", "TSUNAGU_SECRET_KEY is set")


def check_database(engine: Engine) -> CheckResult:
    """The database answers and has its spatial extension, with versions."""
    try:
        check_connection(engine)
    except ConfigurationError as exc:
        return CheckResult("database", "fail", str(exc))
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            server = conn.execute(text("SHOW server_version")).scalar_one()
            spatial = conn.execute(text("SELECT postgis_lib_version()")).scalar_one()
            return CheckResult("database", "ok", f"PostgreSQL {server}, PostGIS {spatial}")
        sqlite = conn.execute(text("SELECT sqlite_version()")).scalar_one()
        spatial = conn.execute(text("SELECT spatialite_version()")).scalar_one()
    return CheckResult("database", "ok", f"SQLite {sqlite}, SpatiaLite {spatial}")


def check_migrations(engine: Engine, migrations_dir: str) -> CheckResult:
    """The schema is at the newest migration (an upgrade was not forgotten)."""
    heads = set(ScriptDirectory(migrations_dir).get_heads())
    try:
        with engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except Exception as exc:  # unreachable database: reported by check_database already
        return CheckResult("migrations", "fail", f"cannot read the schema version: {exc}")
    if current == heads:
        return CheckResult("migrations", "ok", f"at head {', '.join(sorted(heads))}")
    shown = ", ".join(sorted(current)) or "empty database"
    return CheckResult(
        "migrations", "fail", f"schema at {shown}, code expects {', '.join(sorted(heads))}: run `tsunagu init-db`"
    )


def check_tiles(app: Flask) -> CheckResult:
    """Map tiles, read exactly as the maps read them; the public OSM servers are not for heavy production use."""
    from maps.assets import InvalidTiles, tile_source

    try:
        source = tile_source(app.config.get("TSUNAGU_TILES"))
    except InvalidTiles as exc:
        return CheckResult("tiles", "fail", f"{exc} (maps are drawn without tiles until it is fixed)")
    if source.key == "osm":
        return CheckResult(
            "tiles",
            "warn",
            "OpenStreetMap's public tile servers: fine for light use; for a "
            "busy site set TSUNAGU_TILES to gsi-pale or your own tile server",
        )
    return CheckResult("tiles", "ok", f"tiles: {source.key}")


def check_cookies(app: Flask) -> CheckResult:
    """Secure cookies: required when the site is served over HTTPS (it should be)."""
    if app.config.get("SESSION_COOKIE_SECURE"):
        return CheckResult("cookies", "ok", "session cookies are Secure, HttpOnly, SameSite=Lax")
    return CheckResult("cookies", "warn", "set TSUNAGU_SECURE_COOKIES=1 once the site is served over HTTPS")


def check_demo_accounts(app: Flask, session: Session) -> CheckResult:
    """No account keeps the published demo password outside a demo deployment (`init-db --demo`)."""
    if is_demo_deployment(app):
        return CheckResult("demo_accounts", "warn", "demo deployment: the demo accounts share the published password")
    found = accounts_with_published_password(session)
    if found:
        return CheckResult(
            "demo_accounts",
            "fail",
            f"{len(found)} active account(s) sign in with the published demo password ({', '.join(found[:5])}): "
            "deactivate them or set new passwords",
        )
    return CheckResult("demo_accounts", "ok", "no account uses the published demo password")


def run_checks(app: Flask, engine: Engine) -> list[CheckResult]:
    """Every deployment check, in the order an operator fixes them."""
    database = check_database(engine)
    results = [check_secret_key(app), database]
    if database.level != "fail":
        results.append(check_migrations(engine, app.extensions["migrate"].directory))
    if database.level != "fail" and results[-1].level != "fail":
        with Session(engine) as session:
            results.append(check_demo_accounts(app, session))
    return [*results, check_tiles(app), check_cookies(app)]


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON list.")
@with_appcontext
def check_command(as_json: bool) -> None:
    """Verify this deployment: secret key, database and spatial extension, migrations, tiles, cookies."""
    from tsunagu.db import db

    results = run_checks(current_app, db.engine)
    if as_json:
        click.echo(json.dumps([asdict(result) for result in results], ensure_ascii=False))
    else:
        for result in results:
            click.echo(f"{result.level.upper():4}  {result.name}: {result.message}")
    if any(result.level == "fail" for result in results):
        raise SystemExit(1)
