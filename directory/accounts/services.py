"""Self-registered accounts (groups and volunteers): creation, the e-mail confirmation token, activation.

The link is a signed, expiring token (itsdangerous, keyed by the app's secret) naming the account and its
address, so no token table is needed and a link for an old address stops working when the address changes.
Kept apart from the sign-up views so the services of every kind of sign-up can import it.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from tsunagu.auth.passwords import hash_password
from tsunagu.auth.services import create_user, user_by_email
from tsunagu.db import utcnow
from tsunagu.models import Role, User

TOKEN_SALT = "tsunagu-email-confirmation"  # noqa: S105 - a namespace for signatures, not a secret
TOKEN_MAX_AGE = 7 * 24 * 3600
"""A confirmation link works for a week; after that the group registers again or asks an admin."""


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT)


def confirmation_token(user: User, secret_key: str) -> str:
    """The signed token of the confirmation link for `user`."""
    return _serializer(secret_key).dumps({"user": user.id, "email": user.email})


def email_taken(session: Session, email: str, password: str) -> bool:
    """Whether the address already has an account; hashes the password either way, so that the response time
    of a sign-up form tells nothing about which addresses are registered."""
    if user_by_email(session, email) is not None:
        hash_password(password)  # the same work as a new account
        return True
    return False


def create_unconfirmed_user(
    session: Session, *, email: str, password: str, display_name: str, role: Role, organization_id: int | None = None
) -> User:
    """A self-registered account, inactive until its confirmation link is followed (groups and volunteers)."""
    user = create_user(
        session,
        email=email.strip().lower(),
        password=password,
        display_name=display_name.strip(),
        role=role,
        organization_id=organization_id,
    )
    user.active = False
    session.flush()
    return user


def confirm_email(session: Session, token: str, secret_key: str, *, max_age: int = TOKEN_MAX_AGE) -> User | None:
    """Activate the account the token names; None for a bad, expired, used or outdated token."""
    try:
        payload: dict[str, Any] = _serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    user = session.get(User, payload.get("user"))
    if user is None or user.email != payload.get("email") or user.email_confirmed_at is not None:
        return None
    user.email_confirmed_at = utcnow()
    user.active = True
    session.flush()
    return user


def confirmation_link(user: User) -> str:
    """The absolute confirmation link for `user` (one route confirms groups and volunteers alike)."""
    token = confirmation_token(user, current_app.config["SECRET_KEY"])
    return url_for("directory.register_confirm", token=token, _external=True)
