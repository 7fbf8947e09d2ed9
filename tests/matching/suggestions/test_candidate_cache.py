"""The per-process store of complete candidates: reused while the catalog stands still, never after a write.

Runs on its own SQLite file with real commits (the shared fixtures roll every test back, and a connection
holding uncommitted catalog writes never uses the store, so they would not reach it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import text

from matching.engine import parse_profile
from matching.suggestions import candidates
from matching.suggestions.queries import run_match
from tests.factories import make_service, weekly
from tests.matching.conftest import HOME, KM_LAT, profile_json

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def committed_app(tmp_path) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from directory.catalog.taxonomy import ensure_taxonomy
    from tsunagu import create_app
    from tsunagu.db import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cache.db'}"})
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_taxonomy(db.session)
        db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


def _suggested(session) -> list[int]:
    result = run_match(session, parse_profile(profile_json()), today=TODAY)
    return [s.service_id for s in result.suggestions]


def test_a_committed_change_is_seen_by_the_next_match(committed_app):
    from tsunagu.db import db

    near = {"lat": HOME["lat"] + 0.5 * KM_LAT, "lon": HOME["lon"]}
    entry = make_service(db.session, name="料理サロン", schedule=weekly("WE"), free=True, **near)
    other = make_service(db.session, name="料理教室", schedule=weekly("WE"), free=True, **HOME)
    db.session.commit()
    assert sorted(_suggested(db.session)) == sorted([entry.id, other.id])
    store = candidates._store(db.session)
    assert (entry.id, entry.at_locations[0].location_id) in store  # built once, kept for the next query
    assert sorted(_suggested(db.session)) == sorted([entry.id, other.id])
    assert candidates._store(db.session) is store

    entry.openings = 0  # full: capacity is a hard constraint
    db.session.commit()
    assert _suggested(db.session) == [other.id]
    assert candidates._store(db.session) is not store

    entry.openings = None
    entry.schedules[0].byday = "TH"  # now on Thursdays only
    db.session.commit()
    assert _suggested(db.session) == [other.id]


def test_uncommitted_catalog_writes_never_reach_the_store(committed_app):
    from tsunagu.db import db

    entry = make_service(db.session, name="料理サロン", schedule=weekly("WE"), free=True, **HOME)
    db.session.commit()
    _suggested(db.session)
    shared = candidates._store(db.session)
    entry.name = "書きかけ"
    db.session.flush()  # a write in progress: this connection builds afresh and stores nothing
    assert candidates._store(db.session) is not shared
    db.session.rollback()
    assert candidates._store(db.session) is shared
    assert shared[entry.id, entry.at_locations[0].location_id].name == "料理サロン"


def test_the_candidate_query_is_never_a_prepared_statement_on_postgresql(db_session):
    """A generic plan of the spatial candidate query was up to 100× slower: psycopg must not prepare it, even
    after many runs, while the connection keeps preparing other statements as before (on SQLite the same
    code path just runs)."""
    entry = make_service(db_session, name="料理サロン", schedule=weekly("WE"), free=True, **HOME)
    db_session.flush()
    for _ in range(8):
        result = run_match(db_session, parse_profile(profile_json()), today=TODAY)
        assert [s.service_id for s in result.suggestions] == [entry.id]
    if db_session.get_bind().dialect.name != "postgresql":
        return
    driver = db_session.connection().connection.driver_connection
    prepared = [row[0] for row in db_session.execute(text("SELECT statement FROM pg_prepared_statements"))]
    assert not [s for s in prepared if "array_agg" in s], "the candidate query was prepared"
    for _ in range(driver.prepare_threshold + 1):  # put back for the rest of the transaction
        db_session.execute(text("SELECT 1 WHERE 1 = 1"))
    prepared = [row[0] for row in db_session.execute(text("SELECT statement FROM pg_prepared_statements"))]
    assert any("WHERE 1 = 1" in s for s in prepared), "other statements are no longer prepared"


def test_a_warm_match_is_one_statement_and_reads_the_version_with_its_keys(committed_app):
    """Once an area's candidates are in the store, an answer-only match asks the database two things: the
    candidate keys, with the catalog version in the same statement, and the catalog version alone (one
    primary-key read) for the places in reach that the word statistics are computed over, which are kept per
    version (`matching.suggestions.term_stats`)."""
    from sqlalchemy import event

    from tsunagu.db import db

    entry = make_service(db.session, name="料理サロン", schedule=weekly("WE"), free=True, **HOME)
    db.session.commit()
    assert _suggested(db.session) == [entry.id]
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert _suggested(db.session) == [entry.id]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(statements) == 2
    keys, version = statements
    assert "catalog_versions" in keys and "match_features" in keys
    assert "catalog_versions" in version and "match_features" not in version
