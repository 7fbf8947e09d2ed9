"""利用者と役割 (/admin/users): accounts listed and filtered, created with a password-set link, their role and
affiliation changed, deactivated and reactivated. An admin never changes their own role or deactivates
themselves, and the last active admin cannot be demoted or deactivated. Every change is in the audit log.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from admin.blueprint import bp
from admin.curation_log import log_decision
from admin.forms import ROLE_LABELS, AccountForm, NewUserForm
from directory.contributions.forms import ConfirmForm
from directory.models import Organization
from tsunagu.auth.reset import reset_token
from tsunagu.auth.services import create_user
from tsunagu.db import db, utcnow
from tsunagu.mail import mail_settings, send_mail
from tsunagu.models import Agency, Role, User
from tsunagu.permissions import can_change_account, can_manage_users, require

STATUS_FILTERS = ("active", "inactive")


def active_admins(session: Session) -> int:
    """How many accounts can still administer tsunagu."""
    return int(session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))) or 0)


def removes_last_admin(session: Session, account: User, *, new_role: Role | None = None, active: bool = True) -> bool:
    """True when the change would leave no active admin (demoting or deactivating the only one)."""
    if account.role != Role.ADMIN or not account.active:
        return False
    still_admin = (new_role in (None, Role.ADMIN)) and active
    return not still_admin and active_admins(session) <= 1


def list_users(
    session: Session, *, role: str | None, agency_id: int | None, status: str | None, text: str | None
) -> list[User]:
    """Accounts matching the filters, by name."""
    query = select(User).order_by(User.display_name, User.id)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    if status in STATUS_FILTERS:
        query = query.where(User.active.is_(status == "active"))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern)))
    return list(session.scalars(query))


def _choices(form: AccountForm) -> None:
    none = [SelectChoice(None, _("なし"))]
    agencies = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    organizations = db.session.execute(select(Organization.id, Organization.name).order_by(Organization.name)).all()
    form.agency_id.choices = none + [SelectChoice(a_id, name) for a_id, name in agencies]
    form.organization_id.choices = none + [SelectChoice(o_id, name) for o_id, name in organizations]


def _affiliation_errors(form: AccountForm) -> bool:
    """A group account needs its organisation, agency staff their agency (the pages they use depend on it)."""
    role = Role(form.role.data)
    if role == Role.GROUP and form.organization_id.data is None:
        form.organization_id.errors = [_("登録団体の利用者には団体を選んでください。")]
    if role == Role.AGENCY and form.agency_id.data is None:
        form.agency_id.errors = [_("支援機関の職員には所属機関を選んでください。")]
    return bool(form.organization_id.errors or form.agency_id.errors)


def _password_link(user: User) -> tuple[str, bool]:
    """A password-set link for `user` (the reset mechanism: one hour, dies once used); mailed when mail is set
    up. Returns (link, show it to the admin) — shown when no mail actually goes out."""
    link = url_for("auth.reset_password", token=reset_token(user), _external=True)
    sent = send_mail(
        user.email,
        _("つなぐ: パスワードの設定"),
        _(
            "%(name)s 様\n\nつなぐの利用者として登録されました。"
            "1時間以内に次のリンクを開いて、パスワードを決めてください。"
            "\n\n%(link)s\n\nリンクの期限が切れたときは、管理者に新しいリンクを頼んでください。",
            name=user.display_name,
            link=link,
        ),
    )
    return link, not sent or mail_settings().backend not in ("smtp", "smtps")


def _affiliation(account: User) -> dict[str, object]:
    return {"role": str(account.role), "agency_id": account.agency_id, "organization_id": account.organization_id}


def _account(user_id: int) -> User:
    account = db.get_or_404(User, user_id)
    return account


@bp.route("/users")
@require(can_manage_users)
def users() -> str:
    """Accounts, filtered by role, agency, status and a name or address fragment."""
    agency_id = request.args.get("agency", type=int)
    filters: dict[str, Any] = {
        "role": request.args.get("role") or None,
        "agency_id": agency_id,
        "status": request.args.get("status") or None,
        "text": (request.args.get("q") or "").strip() or None,
    }
    return render_template(
        "admin/users.html",
        users=list_users(db.session, **filters),
        filters=filters,
        agencies=db.session.scalars(select(Agency).order_by(Agency.name)).all(),
        role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@require(can_manage_users)
def user_new() -> str | tuple[str, int]:
    """A new account with a random password; the person chooses theirs through the link."""
    form = NewUserForm()
    _choices(form)
    if form.validate_on_submit() and not _affiliation_errors(form):
        email = (form.email.data or "").strip().lower()
        if db.session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
            form.email.errors = [_("このメールアドレスはすでに登録されています。")]
        else:
            role = Role(form.role.data)
            user = create_user(
                db.session,
                email=email,
                password=secrets.token_urlsafe(32),
                display_name=(form.display_name.data or "").strip(),
                role=role,
                agency=db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None,
                organization_id=form.organization_id.data if role == Role.GROUP else None,
            )
            user.email_confirmed_at = utcnow()  # an admin made it: the address is the one the person gave them
            log_decision(
                "user.create",
                "user",
                user.id,
                role=str(role),
                agency_id=user.agency_id,
                organization_id=user.organization_id,
            )
            link, show = _password_link(user)
            db.session.commit()
            flash(_("利用者「%(name)s」を作りました。", name=user.display_name), "info")
            return render_template(
                "admin/user_link.html", account=user, link=link if show else None, mail=mail_settings()
            )
    return render_template("admin/user_form.html", form=form, account=None), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require(can_manage_users)
def user_detail(user_id: int) -> str | Response | tuple[str, int]:
    """Change an account's role and affiliation; the buttons to deactivate, reactivate, send a new link."""
    account = _account(user_id)
    form = AccountForm(obj=account) if request.method == "GET" else AccountForm()
    _choices(form)
    if form.validate_on_submit() and not _affiliation_errors(form):
        role = Role(form.role.data)
        if role != account.role and not can_change_account(current_user, account):
            form.role.errors = [_("自分の役割は変えられません。")]
        elif removes_last_admin(db.session, account, new_role=role):
            form.role.errors = [_("最後の管理者の役割は変えられません。")]
        else:
            before = _affiliation(account)
            account.role = role
            account.agency_id = form.agency_id.data
            account.organization_id = form.organization_id.data if role == Role.GROUP else None
            after = _affiliation(account)
            changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
            if changes:
                log_decision("user.change", "user", account.id, changes=changes)
            db.session.commit()
            flash(_("保存しました。"), "info")
            return redirect(url_for("admin.user_detail", user_id=account.id))
    html = render_template(
        "admin/user_form.html",
        form=form,
        account=account,
        confirm=ConfirmForm(),
        may_change=can_change_account(current_user, account),
    )
    return html, 400 if form.errors else 200


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@require(can_manage_users)
def user_active(user_id: int) -> Response:
    """停止 / 再開: a deactivated account cannot sign in, and its open sessions end at the next request."""
    account = _account(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    if not active and not can_change_account(current_user, account):
        flash(_("自分のアカウントは停止できません。"), "error")
    elif not active and removes_last_admin(db.session, account, active=False):
        flash(_("最後の管理者は停止できません。"), "error")
    elif account.active != active:
        account.active = active
        if active:
            account.failed_logins, account.locked_until = 0, None
        log_decision("user.reactivate" if active else "user.deactivate", "user", account.id)
        db.session.commit()
        flash(_("再開しました。") if active else _("停止しました。この利用者はログインできません。"), "info")
    return redirect(url_for("admin.user_detail", user_id=account.id))


@bp.route("/users/<int:user_id>/link", methods=["POST"])
@require(can_manage_users)
def user_link(user_id: int) -> str:
    """A fresh password-set link (the previous one expires after an hour)."""
    account = _account(user_id)
    if not ConfirmForm().validate_on_submit() or not account.active:
        abort(400)
    link, show = _password_link(account)
    log_decision("user.password_link", "user", account.id)
    db.session.commit()
    return render_template("admin/user_link.html", account=account, link=link if show else None, mail=mail_settings())
