"""Password reset by mail: /password/forgot sends a link, /password/reset/<token> sets a new password.

The answer to "forgot" is the same whether the address has an account or not (no account discovery). The
link works for an hour and only once: it carries a fingerprint of the current password hash, so setting a
new password kills it (and every other link sent before).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user
from werkzeug.wrappers import Response

from tsunagu.audit import record, request_ip_digest
from tsunagu.auth import bp
from tsunagu.auth.forms import ForgotPasswordForm, ResetPasswordForm
from tsunagu.auth.passwords import hash_password
from tsunagu.auth.services import user_by_email
from tsunagu.auth.tokens import fingerprint, sign, unsign
from tsunagu.db import db
from tsunagu.mail import send_mail
from tsunagu.models import User

PURPOSE = "password-reset"
MAX_AGE_SECONDS = 3600


def reset_token(user: User) -> str:
    """The token of a reset link for `user`, valid until the password changes or an hour passes."""
    return sign(PURPOSE, {"user": user.id, "pw": fingerprint(user.password_hash)})


def user_for_token(token: str) -> User | None:
    """The account a still-valid reset token names, else None."""
    max_age = int(current_app.config.get("TSUNAGU_RESET_MAX_AGE", MAX_AGE_SECONDS))
    payload = unsign(PURPOSE, token, max_age=max_age)
    if payload is None:
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or not user.active or fingerprint(user.password_hash) != payload.get("pw"):
        return None
    return user


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        address = (form.email.data or "").strip().lower()
        user = user_by_email(db.session, address)
        if user is not None and user.active:
            link = url_for("auth.reset_password", token=reset_token(user), _external=True)
            send_mail(
                user.email,
                _("つなぐ: パスワードの再設定"),
                _(
                    "%(name)s 様\n\nパスワードを再設定するには、1時間以内に次のリンクを開いてください。\n\n%(link)s\n\n"
                    "お心当たりのない場合は、このメールを破棄してください。パスワードは変わりません。",
                    name=user.display_name,
                    link=link,
                ),
            )
        flash(_("登録されているアドレスなら、再設定のリンクを送りました。メールを確認してください。"), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    user = user_for_token(token)
    if user is None:
        return render_template("auth/reset_password.html", form=None), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.password_hash = hash_password(form.password.data or "")
        user.failed_logins = 0
        user.locked_until = None
        record(
            db.session,
            actor_id=user.id,
            action="user.password_reset",
            object_type="user",
            object_id=user.id,
            ip_digest=request_ip_digest(),
        )
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("パスワードを変更しました。新しいパスワードでログインしてください。"), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
