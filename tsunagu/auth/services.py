"""Sign-in with per-account throttling and lockout."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tsunagu.auth.passwords import hash_password, needs_rehash, verify_password
from tsunagu.db import utcnow
from tsunagu.models import Agency, Role, User


def user_by_email(session: Session, email: str) -> User | None:
    """The account of an address as people type it (spaces around it and letter case do not count: addresses are
    stored in lower case and are how people sign in)."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(session: Session, email: str, password: str, *, max_failures: int, lock_minutes: int) -> User | None:
    """The user for these credentials, or None. Counts failures and locks the account for a while.

    The caller shows one generic message whatever the reason (unknown email, wrong password, locked),
    so the response tells an attacker nothing about which accounts exist.
    """
    user = user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None:
        return None
    now = utcnow()
    if user.locked_until is not None and user.locked_until > now:
        return None
    if not ok or not user.active:
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        session.flush()
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    return user


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role,
    agency: Agency | None = None,
    organization_id: int | None = None,
) -> User:
    """A new account with an argon2 password hash."""
    user = User(
        email=email.strip().lower(),
        password_hash=hash_password(password),
        display_name=display_name,
        role=role,
        agency=agency,
        organization_id=organization_id,
    )
    session.add(user)
    session.flush()
    return user
