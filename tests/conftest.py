"""Fixtures: the app on SpatiaLite and on PostGIS, a rolled-back transaction per test, a client.

Every test that uses `app`, `db_session` or `client` runs twice, once per database. PostgreSQL comes from
TSUNAGU_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test); a fresh database
`<name>_tsunagu` is created next to it with the postgis extension. Without PostGIS the PostgreSQL half is
skipped, unless TSUNAGU_REQUIRE_POSTGRES=1 (CI), where it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from tests.paths import SHARED

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fresh_postgres_or_skip(name: str = "") -> str:
    """A new PostGIS database beside the configured one (named after this run's TSUNAGU_TEST_DB_SUFFIX), or a
    skip — a failure when TSUNAGU_REQUIRE_POSTGRES=1, as in CI — when PostgreSQL or PostGIS cannot be used."""
    from tsunagu.dbadmin import fresh_postgres_database

    suffix = "_".join(part for part in (name, os.environ.get("TSUNAGU_TEST_DB_SUFFIX", "tsunagu")) if part)
    try:
        return fresh_postgres_database(os.environ.get("TSUNAGU_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL), suffix)
    except Exception as exc:  # any reason PostGIS is unusable: server down, extension missing…
        message = f"PostgreSQL/PostGIS not usable for tests: {exc}"
        if os.environ.get("TSUNAGU_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    return fresh_postgres_or_skip()


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on a migrated database (migrations, not create_all: they are what users run)."""
    os.environ.setdefault("TSUNAGU_INSTANCE_PATH", str(tmp_path_factory.mktemp("instance")))
    from flask_migrate import upgrade

    from tsunagu import create_app
    from tsunagu.db import db

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",  # noqa: S106
            # every test signs in from 127.0.0.1: limits on but high; tests/tsunagu/test_limits.py lowers them
            "TSUNAGU_RATE_LOGIN": "100000 per minute",
            "TSUNAGU_RATE_FORMS": "100000 per minute",
            "TSUNAGU_RATE_API": "100000 per minute",
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        from directory.catalog.taxonomy import ensure_taxonomy

        ensure_taxonomy(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """The test's own session, inside a transaction that is rolled back after the test.

    Requests made through `client` get a fresh session each (as in production), bound to the same
    connection with savepoints, so they see what the test wrote and the test sees what they commit
    (after `db_session.refresh(obj)` / `expire_all()`). The test body holds no app context, so each
    request has its own `g` (flask-login's cached user, the CSRF token) exactly like a real browser's.
    """
    from tsunagu.db import db

    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    options = {"bind": connection, "join_transaction_mode": "create_savepoint"}
    factory = sessionmaker(**options)
    original = db.session
    # plain SQLAlchemy sessions: Flask-SQLAlchemy's own Session would ignore `bind` and use the engine
    db.session = scoped_session(factory, scopefunc=_app_ctx_id)
    session = factory()
    try:
        yield session
    finally:
        session.close()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app: Flask, db_session: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def dialect(db_session: Session) -> str:
    return db_session.get_bind().dialect.name


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project root (real open data and HSDS schemas)."""
    return SHARED
