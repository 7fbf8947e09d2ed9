"""Start-up checks that turn bad configuration into one clear sentence instead of a traceback."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from tsunagu.db import SpatialiteMissing


class ConfigurationError(RuntimeError):
    """A deployment problem the operator must fix; the message says how."""


def redacted(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def check_url(url: str) -> None:
    """The URL names a supported database."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(
            f"TSUNAGU_DATABASE_URL is not a database URL: {url!r}. Expected sqlite:///path/to/tsunagu.db "
            "or postgresql+psycopg://user@host:5432/dbname / データベースURLの形式が正しくありません。"
        ) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigurationError(
            f"Unsupported database {parsed.get_backend_name()!r} in TSUNAGU_DATABASE_URL; tsunagu runs on "
            "SQLite + SpatiaLite or PostgreSQL + PostGIS / 対応していないデータベースです。"
        )


def check_connection(engine: Engine) -> None:
    """The database answers and its spatial extension is usable (creating PostGIS when allowed)."""
    url = redacted(engine.url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                ensure_postgis(conn)
            else:
                conn.execute(text("SELECT spatialite_version()"))
            conn.commit()
    except SpatialiteMissing as exc:
        raise ConfigurationError(str(exc)) from exc
    except NoSuchModuleError as exc:
        raise ConfigurationError(f"No database driver for {url}: {exc}") from exc
    except DBAPIError as exc:
        if isinstance(exc.orig, SpatialiteMissing):
            raise ConfigurationError(str(exc.orig)) from exc
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(
            f"Cannot connect to the database {url}: {reason}. Check TSUNAGU_DATABASE_URL and that the server "
            "is running / データベースに接続できません。TSUNAGU_DATABASE_URL とサーバーの起動を確認してください。"
        ) from exc


def ensure_postgis(conn) -> None:  # type: ignore[no-untyped-def]
    """CREATE EXTENSION postgis if needed; explain which Debian package is missing when it cannot."""
    installed = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).scalar()
    if installed:
        return
    available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")).scalar()
    if not available:
        raise ConfigurationError(
            "The PostGIS extension is not installed on the PostgreSQL server. Install it with "
            "`sudo apt-get install postgresql-15-postgis-3` (match your PostgreSQL major version) / "
            "PostgreSQL に PostGIS がインストールされていません。"
        )
    try:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except DBAPIError as exc:
        raise ConfigurationError(
            "PostGIS is installed but the extension could not be created in this database "
            f"({str(exc.orig).strip()}). Run `CREATE EXTENSION postgis;` as a superuser / "
            "PostGIS 拡張を作成できませんでした。"
        ) from exc


def check_schema(engine: Engine) -> None:
    """The tables exist (init-db was run)."""
    if not inspect(engine).has_table("services"):
        raise ConfigurationError(
            "The database has no tsunagu tables yet. Run `tsunagu init-db --demo` (or `make run`) first / "
            "データベースが初期化されていません。`tsunagu init-db --demo` を実行してください。"
        )
