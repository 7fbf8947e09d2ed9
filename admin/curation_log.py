"""One way to log an admin's curation decision: the audit trail, with who, which page and an IP digest."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_login import current_user

from tsunagu.audit import ip_hash, record
from tsunagu.db import db
from tsunagu.models import AuditLog


def log_decision(action: str, object_type: str, object_id: int | None, **detail: Any) -> AuditLog:
    """Record a decision of the signed-in user (e.g. "service.archive") with the facts in `detail`.

    Catalog snapshots may go into `detail`; account changes carry ids and roles only, never personal data.
    """
    return record(
        db.session,
        actor_id=current_user.id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        page=request.path,
        ip_digest=ip_hash(request.remote_addr, current_app.config["SECRET_KEY"]),
        detail=detail or None,
    )
