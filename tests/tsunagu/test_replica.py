"""TSUNAGU_READ_DATABASE_URL: anonymous public reads come from the replica; signed-in users and writes use the
primary. A second PostgreSQL database stands in for the replica; an entry only it holds shows where reads go."""

from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from tests.conftest import fresh_postgres_or_skip
from tests.factories import make_service, make_user
from tests.helpers import login
from tsunagu.models import Role

ONLY_ON_REPLICA = "レプリカだけの食堂"


def _migrated_app(primary: str, replica: str | None, tmp_path):
    from directory.catalog.taxonomy import ensure_taxonomy
    from tsunagu import create_app
    from tsunagu.db import db

    os.environ.setdefault("TSUNAGU_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": primary,
            "SECRET_KEY": "replica-test",
            "TSUNAGU_READ_DATABASE_URL": replica,
        }
    )
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        ensure_taxonomy(db.session)
        db.session.commit()
    return app


@pytest.fixture
def primary_and_replica(tmp_path):
    primary, replica = fresh_postgres_or_skip("primary"), fresh_postgres_or_skip("replica")
    from tsunagu.db import db

    replica_app = _migrated_app(replica, None, tmp_path)  # the same schema, as streaming replication gives
    with replica_app.app_context():
        db.engine.dispose()
    engine = create_engine(replica)
    with Session(engine) as session:
        make_service(session, name=ONLY_ON_REPLICA)
        session.commit()
    engine.dispose()
    app = _migrated_app(primary, replica, tmp_path)
    yield app
    with app.app_context():
        db.engine.dispose()
    app.extensions["tsunagu_read_replica"].session_factory.kw["bind"].dispose()


def test_anonymous_reads_come_from_the_replica_and_signed_in_users_read_the_primary(primary_and_replica):
    app = primary_and_replica
    client = app.test_client()
    assert ONLY_ON_REPLICA in client.get("/?q=レプリカ").get_data(as_text=True)
    api = client.get("/api/v1/services?search=レプリカ").get_json()
    assert [s["name"] for s in api["contents"]] == [ONLY_ON_REPLICA]

    from tsunagu.db import db

    with app.app_context():
        make_user(db.session, Role.COORDINATOR, email="coordinator@example.jp")
        db.session.commit()
    assert login(client, "coordinator@example.jp").status_code == 302  # the sign-in wrote to the primary
    assert ONLY_ON_REPLICA not in client.get("/?q=レプリカ").get_data(as_text=True)
