"""Self-registration of a community group (/register): an organisation, an account, an e-mail confirmation.

The account stays inactive until its confirmation link is followed. The link is a signed, expiring token
(itsdangerous, keyed by the app's secret) naming the account and its address, so no token table is needed and
a link for an old address stops working when the address changes. Without a mail server an admin sees the
links of waiting accounts (/admin/registrations) and passes them on.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from directory.accounts.services import (
    confirm_email,
    confirmation_link,
    create_unconfirmed_user,
    email_taken,
)
from directory.blueprint import bp
from directory.contributions.forms import RegistrationForm
from directory.models import EntryStatus, Organization, OrganizationKind
from i18n.normalize import normalize
from tsunagu.db import db
from tsunagu.mail import send_mail
from tsunagu.models import Role, User


def register_group(
    session: Session, *, organization_name: str, organization_kind: str, display_name: str, email: str, password: str
) -> User | None:
    """A draft organisation and its inactive group account; None when the address already has an account.

    The organisation stays a draft (not public) until a reviewer approves its first activity.
    """
    if email_taken(session, email, password):
        return None
    name = organization_name.strip()
    organization = Organization(
        name=name, name_normalized=normalize(name), kind=OrganizationKind(organization_kind), status=EntryStatus.DRAFT
    )
    session.add(organization)
    session.flush()
    return create_unconfirmed_user(
        session,
        email=email,
        password=password,
        display_name=display_name,
        role=Role.GROUP,
        organization_id=organization.id,
    )


def _send_confirmation(user: User) -> None:
    link = confirmation_link(user)
    body = _(
        "%(name)s 様\n\nつなぐへの団体登録ありがとうございます。\n"
        "次のリンクを開くと登録が完了します（7日間有効）。\n\n%(link)s\n\n"
        "お心当たりのない場合は、このメールを破棄してください。",
        name=user.display_name,
        link=link,
    )
    send_mail(user.email, _("【つなぐ】団体登録の確認"), body)


@bp.route("/register", methods=["GET", "POST"])
def register() -> str | Response | tuple[str, int]:
    """団体の登録: the same answer whether or not the address is known, so the form reveals no accounts."""
    if current_user.is_authenticated:
        return redirect(url_for("directory.index"))
    form = RegistrationForm()
    if form.validate_on_submit():
        user = register_group(
            db.session,
            organization_name=form.organization_name.data or "",
            organization_kind=form.organization_kind.data or OrganizationKind.OTHER,
            display_name=form.display_name.data or "",
            email=form.email.data or "",
            password=form.password.data or "",
        )
        db.session.commit()
        if user is not None:
            _send_confirmation(user)
        return redirect(url_for("directory.register_sent"))
    return render_template("directory/register.html", form=form), 400 if form.errors else 200


@bp.route("/register/sent")
def register_sent() -> str:
    return render_template("directory/register_sent.html")


@bp.route("/register/confirm/<token>")
def register_confirm(token: str) -> str | Response | tuple[str, int]:
    user = confirm_email(db.session, token, current_app.config["SECRET_KEY"])
    if user is None:
        return render_template("directory/register_invalid.html"), 400
    db.session.commit()
    if user.role == Role.VOLUNTEER:
        flash(
            _("メールアドレスを確認しました。ログインしてください。登録の内容はボランティアセンターが確認します。"),
            "info",
        )
        return redirect(url_for("auth.login", next=url_for("volunteer.volunteer_home")))
    flash(_("メールアドレスを確認しました。ログインして活動を登録してください。"), "info")
    return redirect(url_for("auth.login", next=url_for("directory.contribute_home")))
