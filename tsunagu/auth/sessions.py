"""Server-side ending of sessions: a per-user session version and an idle timeout for staff.

The session (and the remember cookie) stores `User.get_id()`, "<id>.<session_version>"; the user loader accepts
it only while the version matches. Changing the password, the role, the affiliation or the active flag — by any
code path — raises the version (an attribute event), and so does signing out: a cookie saved before is worthless.
Staff sessions (admin, coordinator, agency staff: the roles that read person records) also end after
TSUNAGU_STAFF_IDLE_MINUTES without a request.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy import event
from sqlalchemy.orm.attributes import NO_VALUE
from sqlalchemy.orm.base import NEVER_SET

from tsunagu.models import Role, User

STAFF_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.AGENCY})
REVOKING_FIELDS = ("password_hash", "role", "active", "agency_id", "organization_id")
"""A change to any of these ends the user's sessions: what the session was granted no longer holds."""
SEEN_KEY = "_seen_at"


def end_sessions(user: User) -> None:
    """End every session of this user (on every device); the caller commits."""
    user.session_version = (user.session_version or 0) + 1


def _on_change(target: User, value: Any, oldvalue: Any, _initiator: Any) -> None:
    if oldvalue in (NO_VALUE, NEVER_SET) or value == oldvalue:
        return
    end_sessions(target)


for _field in REVOKING_FIELDS:
    event.listen(getattr(User, _field), "set", _on_change)


def user_for_session_id(load: Any, session_id: str) -> User | None:
    """The active user a session id names, if its version is current (`load(id)` reads the row)."""
    user_id, _dot, version = session_id.partition(".")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    user = load(int(user_id))
    if user is None or not user.active or (user.session_version or 0) != int(version):
        return None
    return user


def expire_idle_staff_session() -> None:
    """Before each request: sign a staff user out after too long without a request; otherwise note this one."""
    minutes = current_app.config.get("TSUNAGU_STAFF_IDLE_MINUTES", 0)
    if (
        not minutes
        or request.endpoint == "static"
        or not current_user.is_authenticated
        or current_user.role not in STAFF_ROLES
    ):
        return
    now = int(time.time())
    seen = session.get(SEEN_KEY)
    if isinstance(seen, int) and now - seen > minutes * 60:
        logout_user()
        session.clear()
        flash(_("しばらく操作がなかったため、ログアウトしました。もう一度ログインしてください。"), "info")
        return
    if not isinstance(seen, int) or now - seen >= 60:  # write the cookie at most once a minute
        session[SEEN_KEY] = now
