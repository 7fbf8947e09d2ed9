"""/login and /logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from tsunagu.auth import bp
from tsunagu.auth.forms import LoginForm
from tsunagu.auth.services import authenticate
from tsunagu.auth.sessions import end_sessions
from tsunagu.db import db


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("directory.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("directory.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(
            db.session,
            form.email.data or "",
            form.password.data or "",
            max_failures=current_app.config["TSUNAGU_LOGIN_MAX_FAILURES"],
            lock_minutes=current_app.config["TSUNAGU_LOGIN_LOCK_MINUTES"],
        )
        if user is not None:
            db.session.commit()
            session.clear()  # a fresh session at login: no fixation
            login_user(user)
            flash(_("ログインしました。"), "info")
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()  # keep the failure count
        form.password.errors.append(_("メールアドレスまたはパスワードが違います。"))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out here and everywhere: a copy of this session's cookie stops working too."""
    if current_user.is_authenticated:
        end_sessions(current_user)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("directory.index"))


@bp.route("/logout", methods=["GET"])
def logout_confirm() -> str | Response:
    """A GET never signs out (that would be forgeable); it shows the button that does."""
    if not current_user.is_authenticated:
        return redirect(url_for("directory.index"))
    return render_template("auth/logout.html")
