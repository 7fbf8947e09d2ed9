"""Audit entries are stored with a keyed IP hash, never the address."""

from __future__ import annotations

from sqlalchemy import select

from tsunagu.audit import ip_hash, record
from tsunagu.models import AuditLog


def test_audit_entry_keeps_a_keyed_hash_not_the_address(db_session):
    digest = ip_hash("203.0.113.7", "key-one")
    record(db_session, actor_id=None, action="person.read", object_type="person", object_id=7, ip_digest=digest)
    db_session.flush()
    entry = db_session.scalar(select(AuditLog).where(AuditLog.object_id == 7))
    assert entry.action == "person.read"
    assert "203.0.113.7" not in (entry.ip_hash or "")
    assert entry.ip_hash == ip_hash("203.0.113.7", "key-one") != ip_hash("203.0.113.7", "key-two")
    assert entry.at.tzinfo is not None
