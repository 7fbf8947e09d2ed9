"""The account pages: 利用者と役割 (/admin/users) — accounts listed and filtered, created with a password-set
link, their role and affiliation changed, deactivated and reactivated; 支援機関 (/admin/agencies); 団体登録の確認待ち
(/admin/registrations) — confirmation links an admin passes on when mail is off.

The rules (the last admin, an admin's own account, affiliations, unique addresses and names) are in
admin/accounts/services.py.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from admin.accounts.queries import (
    active_accounts_per_agency,
    agencies_by_name,
    list_users,
    organization_names,
)
from admin.accounts.services import (
    AccountInactive,
    AgencyMissing,
    AgencyNameTaken,
    EmailTaken,
    LastAdmin,
    OrganizationMissing,
    OwnAccount,
    change_account,
    create_account,
    record_password_link,
    save_agency,
    set_account_active,
)
from admin.blueprint import bp
from admin.curation_log import request_actor
from admin.forms import ROLE_LABELS, AccountForm, AgencyForm, NewUserForm, agency_kind_label
from directory.accounts.services import confirmation_link
from directory.contributions.forms import ConfirmForm
from directory.contributions.queries import pending_registrations
from tsunagu.auth.reset import reset_token
from tsunagu.db import db
from tsunagu.forms import record_id
from tsunagu.mail import mail_settings, send_mail
from tsunagu.models import Agency, Role, User
from tsunagu.permissions import can_change_account, can_manage_registrations, can_manage_users, require


def _choices(form: AccountForm) -> None:
    none = [SelectChoice(None, _("なし"))]
    form.agency_id.choices = none + [SelectChoice(a.id, a.name) for a in agencies_by_name(db.session)]
    form.organization_id.choices = none + [SelectChoice(o_id, name) for o_id, name in organization_names(db.session)]


def _missing_affiliation(form: AccountForm, missing: OrganizationMissing | AgencyMissing) -> None:
    if isinstance(missing, OrganizationMissing):
        form.organization_id.errors = [_("登録団体の利用者には団体を選んでください。")]
    else:
        form.agency_id.errors = [_("支援機関の職員には所属機関を選んでください。")]


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


def _account(user_id: int) -> User:
    account = db.get_or_404(User, user_id)
    return account


@bp.route("/users")
@require(can_manage_users)
def users() -> str:
    """Accounts, filtered by role, agency, status and a name or address fragment."""
    agency_id = record_id(request.args.get("agency"))
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
        agencies=agencies_by_name(db.session),
        role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@require(can_manage_users)
def user_new() -> str | tuple[str, int]:
    """A new account with a random password; the person chooses theirs through the link."""
    form = NewUserForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            user = create_account(
                db.session,
                request_actor(),
                email=form.email.data or "",
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
                agency_id=form.agency_id.data,
                organization_id=form.organization_id.data,
            )
        except (OrganizationMissing, AgencyMissing) as missing:
            _missing_affiliation(form, missing)
        except EmailTaken:
            form.email.errors = [_("このメールアドレスはすでに登録されています。")]
        else:
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
    if form.validate_on_submit():
        try:
            change_account(
                db.session,
                request_actor(),
                account,
                role=Role(form.role.data),
                agency_id=form.agency_id.data,
                organization_id=form.organization_id.data,
            )
        except (OrganizationMissing, AgencyMissing) as missing:
            _missing_affiliation(form, missing)
        except OwnAccount:
            form.role.errors = [_("自分の役割は変えられません。")]
        except LastAdmin:
            form.role.errors = [_("最後の管理者の役割は変えられません。")]
        else:
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
    try:
        changed = set_account_active(db.session, request_actor(), account, active=active)
    except OwnAccount:
        flash(_("自分のアカウントは停止できません。"), "error")
    except LastAdmin:
        flash(_("最後の管理者は停止できません。"), "error")
    else:
        if changed:
            db.session.commit()
            flash(_("再開しました。") if active else _("停止しました。この利用者はログインできません。"), "info")
    return redirect(url_for("admin.user_detail", user_id=account.id))


@bp.route("/users/<int:user_id>/link", methods=["POST"])
@require(can_manage_users)
def user_link(user_id: int) -> str:
    """A fresh password-set link (the previous one expires after an hour)."""
    account = _account(user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        record_password_link(db.session, request_actor(), account)
    except AccountInactive:
        abort(400)
    link, show = _password_link(account)
    db.session.commit()
    return render_template("admin/user_link.html", account=account, link=link if show else None, mail=mail_settings())


@bp.route("/agencies")
@require(can_manage_users)
def agencies() -> str:
    """Every agency with how many accounts (active ones) it has."""
    return render_template(
        "admin/agencies.html",
        agencies=agencies_by_name(db.session),
        counts=active_accounts_per_agency(db.session),
        kind_label=agency_kind_label,
    )


@bp.route("/agencies/new", methods=["GET", "POST"])
@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
@require(can_manage_users)
def agency_edit(agency_id: int | None = None) -> str | Response | tuple[str, int]:
    """Create an agency or change one; the name is unique."""
    agency = db.get_or_404(Agency, agency_id) if agency_id is not None else None
    form = AgencyForm(obj=agency)
    if form.validate_on_submit():
        try:
            saved = save_agency(
                db.session,
                request_actor(),
                agency,
                name=form.name.data or "",
                kind=form.kind.data or "",
                municipality_code=form.municipality_code.data or None,
                is_lead=bool(form.is_lead.data),
            )
        except AgencyNameTaken:
            form.name.errors = [_("同じ名前の機関がすでにあります。")]
        else:
            db.session.commit()
            flash(_("機関「%(name)s」を保存しました。", name=saved.name), "info")
            return redirect(url_for("admin.agencies"))
    html = render_template("admin/agency_form.html", form=form, agency=agency)
    return html, 400 if form.errors else 200


@bp.route("/registrations")
@require(can_manage_registrations)
def registrations() -> str:
    """Accounts waiting for their e-mail confirmation, with the link to pass on."""
    rows = [(user, organization, confirmation_link(user)) for user, organization in pending_registrations(db.session)]
    return render_template("admin/review_registrations.html", rows=rows, mail=mail_settings())
