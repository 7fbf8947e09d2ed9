"""Read replica: the public read paths (search, map, detail, open API) may read from a PostgreSQL replica.

`TSUNAGU_READ_DATABASE_URL` names a streaming replica of the primary. Only anonymous requests read from it:
a signed-in group or coordinator has just written something and must see it (replication lags by a moment),
and every person record stays on the primary. Without the setting everything reads the primary.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_login import current_user
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from tsunagu.db import configure_engine, db

EXTENSION = "tsunagu_read_replica"


def init_read_replica(app: Flask) -> None:
    """Open the replica's engine and a request-scoped session on it when one is configured."""
    url = app.config.get("TSUNAGU_READ_DATABASE_URL")
    if not url:
        return
    engine = create_engine(url, pool_pre_ping=True)
    configure_engine(engine)
    sessions = scoped_session(sessionmaker(bind=engine), scopefunc=_app_ctx_id)
    app.extensions[EXTENSION] = sessions

    @app.teardown_appcontext
    def _remove(_exc: BaseException | None) -> None:
        sessions.remove()


def read_session() -> Session:
    """The session for a public, read-only view: the replica for anonymous visitors, else the primary's."""
    sessions = current_app.extensions.get(EXTENSION)
    if sessions is None or getattr(current_user, "is_authenticated", False):
        return db.session  # type: ignore[return-value]
    return sessions()  # type: ignore[no-any-return]
