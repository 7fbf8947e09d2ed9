"""Signed, expiring tokens for links sent by mail (itsdangerous, keyed by the app's secret key).

No token table: a token names what it is for (the salt) and what it acts on, and expires. A token that must
work only once binds a fingerprint of the state it changes (e.g. the password hash), so it dies with that state.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tsunagu-{purpose}")


def sign(purpose: str, payload: dict[str, Any]) -> str:
    """A URL-safe token carrying `payload` for `purpose`."""
    return str(_serializer(purpose).dumps(payload))


def unsign(purpose: str, token: str, *, max_age: int) -> dict[str, Any] | None:
    """The payload of a valid, unexpired token for `purpose`; None for anything else."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return payload if isinstance(payload, dict) else None


def fingerprint(value: str) -> str:
    """A short digest of `value` (never the value itself) to bind a token to it."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]
