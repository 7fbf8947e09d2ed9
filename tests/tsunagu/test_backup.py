"""`tsunagu backup` / `tsunagu restore` on both databases: a restored backup has exactly what was backed up."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import fresh_postgres_or_skip
from tests.tsunagu.test_cli import assert_clear_failure, run_cli

COUNTED = ("services", "organizations", "locations", "schedules", "users")


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in COUNTED}  # noqa: S608
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'live.db'}"
    return fresh_postgres_or_skip("backup")


def test_restore_brings_back_exactly_what_was_backed_up(database, tmp_path):
    env = {"TSUNAGU_DATABASE_URL": database}
    assert run_cli("init-db", "--demo", tmp_path=tmp_path, **env).returncode == 0
    before = _counts(database)
    assert before["services"] > 10

    backup = tmp_path / "backups" / "tsunagu.backup"
    made = run_cli("backup", str(backup), tmp_path=tmp_path, **env)
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 0

    engine = create_engine(database)
    with engine.begin() as conn:  # a mistake after the backup: every schedule gone
        conn.execute(text("DELETE FROM schedules"))
    engine.dispose()
    assert _counts(database)["schedules"] == 0

    restored = run_cli("restore", str(backup), "--yes", tmp_path=tmp_path, **env)
    assert restored.returncode == 0, restored.stderr
    assert _counts(database) == before


def test_backup_never_overwrites_and_restore_refuses_a_foreign_file(tmp_path):
    database = f"sqlite:///{tmp_path / 'live.db'}"
    env = {"TSUNAGU_DATABASE_URL": database}
    assert run_cli("init-db", tmp_path=tmp_path, **env).returncode == 0
    existing = tmp_path / "existing.backup"
    existing.write_bytes(b"keep me")
    assert_clear_failure(run_cli("backup", str(existing), tmp_path=tmp_path, **env), "already exists")
    assert existing.read_bytes() == b"keep me"
    assert_clear_failure(run_cli("restore", str(existing), "--yes", tmp_path=tmp_path, **env), "not an SQLite database")
    assert _counts(database)["services"] == 0
