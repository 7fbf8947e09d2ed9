"""Personal API tokens: a coordinator's own scripts call `POST /api/v1/match` as that coordinator.

A token is `secrets.token_urlsafe(32)`, shown once when created; only its SHA-256 is stored, so a leaked
database does not leak usable tokens. A request sends it as `Authorization: Bearer <token>`: no cookie, so
no CSRF token either. Revoked or unknown tokens get 401. The page is /coordinator/tokens (on the coordinator
blueprint; `matching.api.views` imports this module before the blueprint is registered).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from matching.blueprint import bp
from tsunagu.audit import record, request_ip_digest
from tsunagu.db import db, utcnow
from tsunagu.models import ApiToken, Role, User
from tsunagu.permissions import can_manage_api_tokens, can_revoke_api_token, require

PREFIX_CHARS = 8
"""How much of a token the list shows, so its owner can tell tokens apart (never enough to use one)."""


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the row (holding only the digest) and the token itself, to show once."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip(), token_hash=token_digest(token), prefix=token[:PREFIX_CHARS])
    session.add(row)
    session.flush()
    return row, token


def revoke_token(session: Session, token: ApiToken) -> None:
    """Stop a token from working; the row stays for the list and the audit trail."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()


def bearer_user(session: Session, authorization: str | None) -> tuple[User, ApiToken] | None:
    """The active user and live token an `Authorization: Bearer …` header names, or None; records the use.

    The digest is looked up through its unique index, so a wrong token costs one indexed read and compares
    nothing secret in Python.
    """
    scheme, _sep, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    row = session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
        .options(selectinload(ApiToken.user))
    )
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user, row


def tokens_for(session: Session, user: Any) -> list[ApiToken]:
    """The tokens a user may see on the page: their own; an admin sees everyone's. Newest first."""
    query = (
        select(ApiToken).options(selectinload(ApiToken.user)).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    if user.role != Role.ADMIN:
        query = query.where(ApiToken.user_id == user.id)
    return list(session.scalars(query))


def audit_token(action: str, actor_id: int, token: ApiToken, **detail: Any) -> None:
    """Record a token's creation, revocation or use (never the token or its digest)."""
    record(
        db.session,
        actor_id=actor_id,
        action=action,
        object_type="api_token",
        object_id=token.id,
        page=request.path,
        ip_digest=request_ip_digest(),
        detail=detail or None,
    )


class ApiTokenForm(FlaskForm):
    """Name a new token (what it is for, e.g. the script that uses it)."""

    name = StringField(_l("トークンの名前（用途）"), validators=[DataRequired(), Length(max=100)])


class RevokeForm(FlaskForm):
    """The revoke button (CSRF only)."""


@bp.route("/tokens", methods=["GET", "POST"])
@require(can_manage_api_tokens)
def api_tokens() -> Response:
    """List one's API tokens, create one (shown once, on this response only)."""
    form = ApiTokenForm()
    created: str | None = None
    if form.validate_on_submit():
        row, created = create_token(db.session, current_user, form.name.data or "")
        audit_token("api_token.create", current_user.id, row)
        db.session.commit()
        form = ApiTokenForm(formdata=None)
    tokens = tokens_for(db.session, current_user)
    html = render_template(
        "auth/api_tokens.html",
        form=form,
        revoke_form=RevokeForm(),
        tokens=tokens,
        created=created,
        show_owner=any(token.user_id != current_user.id for token in tokens),
    )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"  # the page may hold a new token: never keep it anywhere
    return response


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@require(can_manage_api_tokens)
def api_token_revoke(token_id: int) -> Response:
    """Revoke a token (its owner or an admin)."""
    token = db.get_or_404(ApiToken, token_id)
    if not can_revoke_api_token(current_user, token):
        abort(403)
    if not RevokeForm().validate_on_submit():
        abort(400)
    revoke_token(db.session, token)
    audit_token("api_token.revoke", current_user.id, token)
    db.session.commit()
    flash(_("トークン「%(name)s」を無効にしました。", name=token.name), "info")
    return redirect(url_for("matching.api_tokens"))
