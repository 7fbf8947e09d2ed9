"""団体登録の確認待ち (/admin/registrations): confirmation links an admin passes on when mail is off."""

from __future__ import annotations

from flask import current_app, render_template, url_for

from admin import bp
from directory.contrib_queries import pending_registrations
from directory.registration import confirmation_token
from tsunagu.db import db
from tsunagu.mail import mail_settings
from tsunagu.permissions import can_manage_registrations, require


@bp.route("/registrations")
@require(can_manage_registrations)
def registrations() -> str:
    secret = current_app.config["SECRET_KEY"]
    rows = [
        (
            user,
            organization,
            url_for("directory.register_confirm", token=confirmation_token(user, secret), _external=True),
        )  # fmt: skip
        for user, organization in pending_registrations(db.session)
    ]
    return render_template("admin/review_registrations.html", rows=rows, mail=mail_settings())
