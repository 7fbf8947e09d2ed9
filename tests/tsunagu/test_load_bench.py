"""`tsunagu bench load` can run again on the same database, and its server runs the production settings."""

from __future__ import annotations

from tsunagu.bench.load import GUNICORN_CONF
from tsunagu.bench.load_writers import prepare_coordinators


def test_coordinators_can_be_prepared_twice_on_one_database(db_session):
    first = prepare_coordinators(db_session, 2, persons_each=1)
    second = prepare_coordinators(db_session, 2, persons_each=1)
    emails = [email for email, _persons in first + second]
    assert len(set(emails)) == 4


def test_the_benchmark_server_uses_the_deployment_config():
    assert GUNICORN_CONF.name == "gunicorn.conf.py"
    assert GUNICORN_CONF.exists()
