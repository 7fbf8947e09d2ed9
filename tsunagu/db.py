"""Database foundation: declarative base, the Flask-SQLAlchemy handle, shared column types.

SQLite + SpatiaLite is the embedded default, PostgreSQL + PostGIS the server option; both run the same
models and the same Alembic migrations. Everything dialect-specific about *connecting* lives here;
everything dialect-specific about *spatial SQL* lives in `tsunagu.spatial`.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, MetaData, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.types import TypeDecorator

from tsunagu.search_grams import search_grams

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every tsunagu table (naming convention keeps migrations stable)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base, disable_autonaming=True)


def utcnow() -> datetime:
    """Current time, timezone-aware UTC (the only kind of datetime stored)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; normalising on the way in and out keeps both databases identical.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use tsunagu.db.utcnow() or an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


def str_enum(enum_cls: type[enum.Enum], length: int = 32, name: str | None = None) -> SAEnum:
    """A portable enum column: stored as its string value with a CHECK constraint on both databases.

    `name` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return SAEnum(
        enum_cls,
        name=name or enum_cls.__name__.lower(),
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class SpatialiteMissing(RuntimeError):
    """SQLite was chosen but the SpatiaLite extension cannot be loaded."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "SpatiaLite extension (mod_spatialite) could not be loaded: "
            f"{detail}. Install the Debian package libsqlite3-mod-spatialite "
            "(sudo apt-get install libsqlite3-mod-spatialite) / "
            "SpatiaLite 拡張が読み込めません。libsqlite3-mod-spatialite をインストールしてください。"
        )


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    """Load SpatiaLite, create its metadata once, and take over transaction control.

    pysqlite's own implicit BEGIN breaks SAVEPOINTs (which the tests' rollback-per-test relies on),
    so autocommit is switched on here and BEGIN is emitted by `_sqlite_on_begin` instead.
    """
    dbapi_conn.isolation_level = None
    try:
        dbapi_conn.enable_load_extension(True)
        # SPATIALITE_LIBRARY_PATH is GeoAlchemy2's convention for a SpatiaLite outside the library path.
        dbapi_conn.load_extension(os.environ.get("SPATIALITE_LIBRARY_PATH", "mod_spatialite"))
        dbapi_conn.enable_load_extension(False)
    except Exception as exc:  # sqlite3.OperationalError or AttributeError without extension support
        raise SpatialiteMissing(str(exc)) from exc
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        # the triggers of the search pair index (migration 0028) call it on every write of services.search_text
        dbapi_conn.create_function("tsunagu_search_grams", 1, search_grams, deterministic=True)
        if cursor.execute("SELECT CheckSpatialMetaData()").fetchone()[0] < 1:
            cursor.execute("SELECT InitSpatialMetaData(1, 'WGS84')")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _postgresql_on_connect(dbapi_conn: Any, _record: Any) -> None:
    """No JIT compilation and no parallel workers: both pay off for long analytical queries, not for ours. A
    national-scale search whose estimated cost crossed `jit_above_cost` spent 50–90 ms compiling before it ran
    for 10. A one-word search was planned with two workers (Gather over a parallel bitmap heap scan): workers a
    busy 2-core server must find cores for, taken from concurrent requests, which a web server serves many of
    (devtools/bench/prose/search.md)."""
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("SET jit = off")
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    finally:
        cursor.close()
    dbapi_conn.commit()


def configure_engine(engine: Engine) -> None:
    """Attach the per-dialect connection hooks to a freshly created engine."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_on_connect)


@contextmanager
def custom_plans(session: Session) -> Iterator[None]:
    """On PostgreSQL, plan the statements inside for their actual parameters: never as prepared statements.

    psycopg prepares a statement on the server after its 5th run, and PostgreSQL then tries a generic
    plan that cannot see the parameters: with it the matching candidate query (a spatial box) took 0.1–2.7 s
    instead of 15–60 ms at 10 000 entries, which was matching's PostgreSQL p95. psycopg's per-connection
    `prepare_threshold` is set to None inside (a client-side attribute: no round trip, where a
    `SET LOCAL plan_cache_mode` before and after cost two) and put back afterwards. (Turning prepared
    statements off for the whole engine instead made the search benchmark's PostgreSQL p95 4× slower: its
    generic plans are good.)
    """
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    driver = session.connection().connection.driver_connection
    saved = getattr(driver, "prepare_threshold", None)
    driver.prepare_threshold = None  # type: ignore[union-attr]
    try:
        yield
    finally:
        driver.prepare_threshold = saved  # type: ignore[union-attr]
