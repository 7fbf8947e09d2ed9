"""The audit log for admins (/admin/audit): every read and change of person records, per person and per user.

Entries hold who, when, which record and from which page — never the record's data (see tsunagu.audit).
"""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.blueprint import bp
from tsunagu.db import db
from tsunagu.forms import record_id
from tsunagu.models import AuditLog, User
from tsunagu.permissions import can_review_audit, require

LIMIT = 500


def audit_entries(session: Session, *, person_id: int | None, user_id: int | None) -> list[AuditLog]:
    """The newest entries about one person (reads, lists that showed them, changes) and/or by one user.

    A list page is one entry naming the ids it showed, so a person's view includes those entries too.
    """
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(LIMIT)
    if user_id is not None:
        query = query.where(AuditLog.actor_id == user_id)
    if person_id is None:
        return list(session.scalars(query))
    direct = query.where(AuditLog.object_type == "person", AuditLog.object_id == person_id)
    lists = query.where(AuditLog.action == "person.list")
    shown = [e for e in session.scalars(lists) if person_id in (e.detail or {}).get("person_ids", [])]
    return sorted([*session.scalars(direct), *shown], key=lambda e: (e.at, e.id), reverse=True)[:LIMIT]


def _int_arg(name: str) -> int | None:
    return record_id(request.args.get(name))


@bp.route("/audit")
@require(can_review_audit)
def audit_log() -> str:
    """Filter the audit log by person record and/or by user."""
    person_id, user_id = _int_arg("person"), _int_arg("user")
    entries = audit_entries(db.session, person_id=person_id, user_id=user_id)
    users = list(db.session.scalars(select(User).order_by(User.display_name)))
    names = {u.id: u.display_name for u in users}
    return render_template(
        "admin/reports_audit.html", entries=entries, users=users, names=names, person_id=person_id, user_id=user_id
    )
