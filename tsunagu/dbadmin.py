"""Creating throw-away PostgreSQL databases beside a configured one (tests and benchmarks)."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_postgres_database(base_url: str, suffix: str) -> str:
    """Drop and create `<database>_<suffix>` on the server of `base_url`, with PostGIS; return its URL.

    Never touches the configured database itself.
    """
    base = make_url(base_url)
    name = f"{base.database}_{suffix}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = base.set(database=name)
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)
