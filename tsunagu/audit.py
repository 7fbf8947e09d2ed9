"""The audit trail: who read or changed what, when, from which page — never the data itself."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy.orm import Session

from tsunagu.models import AuditLog


def ip_hash(ip_address: str | None, secret_key: str) -> str | None:
    """A keyed hash of the client address: lets an admin see "same origin" without storing the address."""
    if not ip_address:
        return None
    return hmac.new(secret_key.encode(), ip_address.encode(), hashlib.sha256).hexdigest()


def request_ip_digest() -> str | None:
    """`ip_hash` of the current request's client address, keyed with the app's secret key."""
    from flask import current_app, request

    return ip_hash(request.remote_addr, str(current_app.secret_key or ""))


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: int | None,
    page: str | None = None,
    ip_digest: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    """Add one audit entry (e.g. action "person.read"); flushed with the caller's unit of work.

    `detail` must never carry personal data: an erasure is recorded as the fact, not the erased values.
    """
    entry = AuditLog(
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        page=page,
        ip_hash=ip_digest,
        detail=detail,
    )
    session.add(entry)
    return entry
