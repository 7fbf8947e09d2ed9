"""A database that cannot take writes (read-only file, full disk) gives a clear 503 page, never a traceback, and
the file stays intact."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from flask_migrate import upgrade
from sqlalchemy import event

from tests.factories import make_user
from tests.helpers import login
from tsunagu.models import Role


def _app_on(path, *, migrate: bool):
    from tsunagu import create_app
    from tsunagu.db import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "faults"})
    if migrate:
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            make_user(db.session, Role.COORDINATOR, email="c@example.jp")
            db.session.commit()
            db.engine.dispose()
    return app


@pytest.fixture
def town_db(tmp_path, monkeypatch):
    monkeypatch.setenv("TSUNAGU_INSTANCE_PATH", str(tmp_path))
    path = tmp_path / "town.db"
    _app_on(path, migrate=True)
    return path


def _integrity(path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def _fill(folder) -> None:
    """Take every free byte of the filesystem of `folder`."""
    with open(folder / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass


@pytest.fixture
def full_disk(tmp_path):
    """A tiny tmpfs: the database is copied onto it, then every free byte is taken."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(  # noqa: S603,S607 — a test-only mount in our own temp folder
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to simulate a full disk: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)  # noqa: S603,S607


def _break(app, how) -> None:
    from tsunagu.db import db

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _apply(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            how(dbapi_conn)

        db.engine.dispose()


def _assert_clean_503(app, path) -> None:
    client = app.test_client()
    assert client.get("/").status_code == 200  # reading still works
    response = login(client, "c@example.jp", password="wrong-password")  # a failed sign-in writes its count
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "ただいま利用できません" in page
    assert "Traceback" not in page
    assert _integrity(path) == "ok"


def test_a_read_only_database_gives_a_503_page_and_stays_intact(town_db):
    app, path = _app_on(town_db, migrate=False), town_db
    _break(app, lambda conn: conn.execute("PRAGMA query_only = ON"))
    _assert_clean_503(app, path)


def test_a_full_disk_gives_a_503_page_and_the_database_stays_intact(town_db, full_disk):
    moved = full_disk / "town.db"
    shutil.copy(town_db, moved)
    app = _app_on(moved, migrate=False)
    assert app.test_client().get("/").status_code == 200  # running (WAL files open) when the disk fills up
    _fill(full_disk)
    _assert_clean_503(app, moved)


def test_a_signed_in_user_gets_the_503_page_while_the_database_is_down(town_db):
    import sqlite3 as sqlite

    app = _app_on(town_db, migrate=False)
    client = app.test_client()
    assert login(client, "c@example.jp").status_code == 302

    def _refuse(_dbapi_conn):
        raise sqlite.OperationalError("the database system is shutting down")

    _break(app, _refuse)  # loading the signed-in user is the first query, and it fails
    response = client.get("/coordinator/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "ただいま利用できません" in page and "Traceback" not in page
