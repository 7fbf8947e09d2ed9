"""Archive, restore and hard-delete catalog entries (writes; the pages are in admin/archive/views.py).

An archived entry leaves every public path at once (`public_filter()` shows published entries only) and stays
for curators; a restore returns it to the status it had. Hard deletion is for admins and is refused while
rows that must not lose their entry (placements…) point at it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from directory.contributions.fields import service_snapshot
from directory.models import EntryStatus, Service
from directory.models.curation import ServiceArchive
from tsunagu.db import Base


def service_record(service: Service) -> dict[str, Any]:
    """Everything needed to tell later what an entry was (JSON-ready): its entry data plus identity,
    status and provenance. Goes into the audit log of an archive, a merge or a deletion."""
    return {
        "id": service.id,
        "uuid": service.uuid,
        "organization": {"id": service.organization_id, "name": service.organization.name},
        "status": str(service.status),
        "visibility": str(service.visibility),
        "terms": sorted(term.code for term in service.terms),
        "source": service.source,
        "source_id": service.source_id,
        "source_url": service.source_url,
        "municipality_code": service.municipality_code,
        "verified_at": service.verified_at.isoformat() if service.verified_at else None,
        **service_snapshot(service),
    }


def service_references() -> list[tuple[Table, str, str | None]]:
    """Every (table, column, ON DELETE) whose foreign key points at services.id, found in the metadata so that
    a table added later is covered without touching this code."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "services" and fk.column.name == "id":
                found.append((table, fk.parent.name, fk.ondelete))
    return found


def blocking_references(session: Session, service: Service) -> dict[str, int]:
    """Rows that would stop a hard deletion: references without ON DELETE (e.g. placements), per table."""
    blocking: dict[str, int] = {}
    for table, column, ondelete in service_references():
        if ondelete is None:
            count = session.scalar(select(func.count()).select_from(table).where(table.c[column] == service.id))
            if count:
                blocking[table.name] = int(count)
    return blocking


def archive_service(
    session: Session, service: Service, *, actor_id: int | None, reason: str, merged_into: Service | None = None
) -> ServiceArchive:
    """Take `service` out of the catalog; `reason` is required, the previous status is kept for a restore."""
    if service.status == EntryStatus.ARCHIVED:
        raise ValueError("already archived")
    archive = ServiceArchive(
        service_id=service.id,
        previous_status=service.status,
        reason=reason,
        archived_by_id=actor_id,
        merged_into_id=merged_into.id if merged_into else None,
    )
    session.add(archive)
    service.status = EntryStatus.ARCHIVED
    session.flush()
    return archive


def restore_service(session: Session, service: Service) -> EntryStatus:
    """Put an archived entry back with the status it had (a draft stays a draft); returns that status."""
    archive = session.get(ServiceArchive, service.id)
    previous = archive.previous_status if archive is not None else EntryStatus.DRAFT
    service.status = previous
    if archive is not None:
        session.delete(archive)
    session.flush()
    return previous


def purge_service(session: Session, service: Service) -> None:
    """Delete an archived entry for good (its schedules, costs, translations… go with it)."""
    if service.status != EntryStatus.ARCHIVED:
        raise ValueError("only archived entries can be deleted")
    blocking = blocking_references(session, service)
    if blocking:
        raise ValueError(f"still referenced: {blocking}")
    session.delete(service)
    session.flush()
