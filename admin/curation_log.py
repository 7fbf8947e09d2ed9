"""One way to log an admin's curation decision: the audit trail, with who, which page and an IP digest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from flask_login import current_user
from sqlalchemy.orm import Session

from tsunagu.audit import record, request_ip_digest
from tsunagu.db import db
from tsunagu.models import AuditLog, User


@dataclass(frozen=True)
class Actor:
    """Who makes a decision and from where: the signed-in user, the page, a keyed digest of their address.

    Built once at the view edge (`request_actor`) so that services take plain values, never the request;
    a test or a command gives just the user.
    """

    user: User
    page: str | None = None
    ip_digest: str | None = None


def request_actor() -> Actor:
    """The signed-in user of the current request, with its page and address digest (views only)."""
    return Actor(
        user=current_user._get_current_object(),
        page=request.path,
        ip_digest=request_ip_digest(),
    )


def record_decision(
    session: Session, actor: Actor, action: str, object_type: str, object_id: int | None, **detail: Any
) -> AuditLog:
    """Record a decision of `actor` (e.g. "service.archive") with the facts in `detail`; flushed with the caller's
    unit of work.

    Catalog snapshots may go into `detail`; account changes carry ids and roles only, never personal data.
    """
    return record(
        session,
        actor_id=actor.user.id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        page=actor.page,
        ip_digest=actor.ip_digest,
        detail=detail or None,
    )


def log_decision(action: str, object_type: str, object_id: int | None, **detail: Any) -> AuditLog:
    """Record a decision of the signed-in user in the request's session (views whose services do not log)."""
    return record_decision(db.session, request_actor(), action, object_type, object_id, **detail)
