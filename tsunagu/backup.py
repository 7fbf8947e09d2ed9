"""`tsunagu backup PATH` / `tsunagu restore PATH`: a consistent copy of the whole database and its return.

SQLite uses the online backup API (a consistent snapshot while the app keeps serving; SpatiaLite's tables are
ordinary pages and come along). PostgreSQL uses pg_dump's custom format and pg_restore, the tools an operator
already trusts (docs/deploy.md); they must be the server's major version or newer.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.engine import Engine

BACKUP_MARKER_TABLE = "alembic_version"
"""Every tsunagu database has it; a file without it is not a tsunagu backup."""


class BackupError(click.ClickException):
    """A backup or restore that cannot be done; the message says why and what to do."""


def _libpq_url(engine: Engine) -> str:
    """The SQLAlchemy URL without the driver suffix, as pg_dump/pg_restore understand it."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client (sudo apt-get install postgresql-client-15) / "
            f"{name} が見つかりません。postgresql-client をインストールしてください。"
        )
    return path


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError(
            "An in-memory database cannot be backed up / メモリ上のデータベースはバックアップできません。"
        )
    return Path(database)


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (BACKUP_MARKER_TABLE,)
            ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an SQLite database ({exc}) / SQLite のファイルではありません。") from exc
    if not found:
        raise BackupError(f"{path} is not a tsunagu backup / tsunagu のバックアップではありません。")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page-by-page online copy; readers and writers of `source` may go on meanwhile."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # `with` commits but does not close: close explicitly so the file is complete when we return
    src.close()
    dst.close()


def backup_database(engine: Engine, target: Path) -> None:
    """Write a consistent copy of the database behind `engine` to `target` (refuses to overwrite)."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file / {target} は既にあります。")
    target.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        _sqlite_copy(_sqlite_path(engine), target)
        return
    done = subprocess.run(  # noqa: S603 — fixed tool, arguments are not shell-parsed
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url(engine)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


def restore_database(engine: Engine, source: Path) -> None:
    """Replace the whole database behind `engine` with the backup at `source`."""
    if not source.is_file():
        raise BackupError(f"{source} does not exist / {source} がありません。")
    engine.dispose()  # no pooled connection may hold the old database open
    if engine.dialect.name == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(engine))
        return
    done = subprocess.run(  # noqa: S603 — fixed tool, arguments are not shell-parsed
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq_url(engine)}",
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was changed): {done.stderr.strip()}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH (SQLite file, or pg_dump custom format)."""
    from tsunagu.db import db

    backup_database(db.engine, path)
    click.echo(f"backup written to {path} / バックアップを書き出しました")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the WHOLE database with the backup at PATH."""
    from tsunagu.db import db

    if not yes:
        click.confirm(
            "This replaces every record in the database with the backup. Continue? / "
            "データベースの内容がすべてバックアップで置き換わります。続けますか？",
            abort=True,
        )
    restore_database(db.engine, path)
    click.echo(f"restored from {path} / 復元しました")
