"""Sign-in: the `auth` blueprint (/login and /logout in `views`, password reset by mail in `reset`), the login
manager, throttled sign-in with lockout (`services`), argon2 password hashing (`passwords`), signed mail tokens
(`tokens`) and the sign-in form. Imports only the core (`tsunagu.db`, `models`, `audit`, `mail`).
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("このページを見るにはログインしてください。")
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(session_id: str) -> object | None:
    from tsunagu.auth.sessions import user_for_session_id
    from tsunagu.db import db
    from tsunagu.models import User

    return user_for_session_id(lambda user_id: db.session.get(User, user_id), session_id)


def init_auth(app: Flask) -> None:
    """Attach the login manager, the /login, /logout routes and the staff idle timeout."""
    from tsunagu.auth import reset, views  # noqa: F401  (register routes on bp)
    from tsunagu.auth.sessions import expire_idle_staff_session

    login_manager.init_app(app)
    app.register_blueprint(bp)
    app.before_request(expire_idle_staff_session)
