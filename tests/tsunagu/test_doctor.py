"""`tsunagu check` tells an operator, in one line each, what is wrong with a deployment."""

from __future__ import annotations

from tests.tsunagu.test_cli import run_cli
from tsunagu.doctor import run_checks

STRONG = "x" * 40


def test_a_migrated_database_passes_on_both_databases(app):
    from tsunagu.db import db

    with app.app_context():
        dialect = db.engine.dialect.name
        results = {result.name: result for result in run_checks(app, db.engine)}
    assert results["database"].level == "ok"
    assert ("PostGIS" in results["database"].message) == (dialect == "postgresql")
    assert results["migrations"].level == "ok"


def test_an_unmigrated_database_fails_and_says_what_to_run(tmp_path):
    result = run_cli("check", tmp_path=tmp_path, TSUNAGU_SECRET_KEY=STRONG)
    assert result.returncode == 1
    assert "FAIL  migrations" in result.stdout
    assert "tsunagu init-db" in result.stdout


def test_a_ready_deployment_exits_0_and_weak_settings_are_named(tmp_path):
    assert run_cli("init-db", tmp_path=tmp_path).returncode == 0
    ready = run_cli("check", tmp_path=tmp_path, TSUNAGU_SECRET_KEY=STRONG, TSUNAGU_TILES="gsi-pale")
    assert ready.returncode == 0, ready.stdout
    assert "OK    migrations" in ready.stdout
    weak = run_cli("check", tmp_path=tmp_path, TSUNAGU_SECRET_KEY="changeme", TSUNAGU_TILES="http://tiles/x.png")
    assert weak.returncode == 1
    assert "FAIL  secret_key" in weak.stdout
    assert "FAIL  tiles" in weak.stdout
