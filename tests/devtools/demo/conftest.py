"""The demo town loaded once per database for a whole test module, rolled back afterwards.

Loading takes about a second (argon2 hashes the six demo passwords); the tests of test_loaded_town.py only read
it, so one load per database keeps the suite fast. Same connection and rollback pattern as `db_session`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session


@pytest.fixture(scope="module")
def demo(app: Flask) -> Iterator[tuple[Session, str | None]]:
    """(session, summary) with the demo town loaded inside a transaction that is rolled back at the end."""
    from devtools.demo import load_demo
    from tsunagu.db import db

    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session, load_demo(session)
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def demo_session(demo: tuple[Session, str | None]) -> Session:
    return demo[0]
