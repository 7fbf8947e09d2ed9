"""団体登録の確認待ち (/admin/registrations): confirmation links an admin passes on when mail is off."""

from __future__ import annotations

from flask import render_template

from admin.blueprint import bp
from directory.accounts.services import confirmation_link
from directory.contributions.queries import pending_registrations
from tsunagu.db import db
from tsunagu.mail import mail_settings
from tsunagu.permissions import can_manage_registrations, require


@bp.route("/registrations")
@require(can_manage_registrations)
def registrations() -> str:
    rows = [(user, organization, confirmation_link(user)) for user, organization in pending_registrations(db.session)]
    return render_template("admin/review_registrations.html", rows=rows, mail=mail_settings())
