"""Creating databases beside the configured PostgreSQL one (tests and benchmarks), never touching it."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url


def fresh_postgres_database(base_url: str, suffix: str) -> str:
    """Drop and create `<database>_<suffix>` on the server of `base_url`, with PostGIS; return its URL.

    Never touches the configured database itself.
    """
    return _postgis_database(base_url, f"{make_url(base_url).database}_{suffix}", drop=True)


def kept_postgres_database(base_url: str, suffix: str) -> str:
    """`<database>_<suffix>` on the server of `base_url`, created with PostGIS when missing and otherwise left
    as it is (a benchmark's generated data kept between runs); return its URL."""
    return _postgis_database(base_url, f"{make_url(base_url).database}_{suffix}", drop=False)


def _postgis_database(base_url: str, name: str, *, drop: bool) -> str:
    base = make_url(base_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if drop:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if drop or not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url: URL = base.set(database=name)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)
