"""Duplicates across the catalog and their merge (writes and reads; the pages are in admin/duplicates/views.py).

A pair is two live entries with the same normalised name near the same point (`possible_duplicates`, the
check the review of a new entry uses). Merging keeps one entry with the values the admin picked field by
field, moves every row that points at the other one to it, and archives the other with `merged_into_id`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint, and_, exists, func, select, update
from sqlalchemy.orm import Session, selectinload

from admin.archive.services import archive_service, service_references
from directory.catalog.indexing import refresh_search_text
from directory.contributions.fields import ADDRESS_FIELDS, SERVICE_LABELS, apply_service, service_snapshot
from directory.contributions.queries import possible_duplicates
from directory.models import EntryStatus, Service, ServiceAtLocation
from directory.models.curation import DuplicateDismissal

PLACE_FIELDS = (*ADDRESS_FIELDS, "latitude", "longitude", "private_home", "accessibility")
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in SERVICE_LABELS if name not in PLACE_FIELDS},
    "place": PLACE_FIELDS,
}
"""What the admin picks from one side or the other: each field of the entry data, the address as one."""

DECIDED_BY_FIELDS = {"cost_options", "service_languages", "schedules", "service_at_locations", "service_taxonomy_terms"}
"""Rows that belong to the entry's data: the picked values decide them (tags are joined), the other entry keeps
its own."""
NOT_MOVED = {"service_archives.service_id", "duplicate_dismissals.first_id", "duplicate_dismissals.second_id"}


def pair_key(a: int, b: int) -> tuple[int, int]:
    """A pair with the lower id first (as stored in duplicate_dismissals)."""
    return (a, b) if a < b else (b, a)


def duplicate_pairs(session: Session) -> list[tuple[Service, Service]]:
    """Every possible duplicate pair of live entries not dismissed, ordered by their ids."""
    names = (
        select(Service.name_normalized)
        .where(Service.status != EntryStatus.ARCHIVED, Service.name_normalized.is_not(None))
        .group_by(Service.name_normalized)
        .having(func.count(Service.id) > 1)
    )
    candidates = session.scalars(
        select(Service)
        .where(Service.name_normalized.in_(names), Service.status != EntryStatus.ARCHIVED)
        .options(
            selectinload(Service.organization),
            selectinload(Service.at_locations).selectinload(ServiceAtLocation.location),
        )
        .order_by(Service.id)
    ).all()
    dismissed = {(a, b) for a, b in session.execute(select(DuplicateDismissal.first_id, DuplicateDismissal.second_id))}
    by_id = {service.id: service for service in candidates}
    pairs: set[tuple[int, int]] = set()
    for service in candidates:
        for other in possible_duplicates(session, service):
            key = pair_key(service.id, other.id)
            if key not in dismissed and other.id in by_id:
                pairs.add(key)
    return [(by_id[a], by_id[b]) for a, b in sorted(pairs)]


def is_candidate_pair(session: Session, first: Service, second: Service) -> bool:
    """True when the two entries are still a proposed pair (both live, not dismissed, still alike)."""
    if first.id == second.id or EntryStatus.ARCHIVED in (first.status, second.status):
        return False
    if session.get(DuplicateDismissal, pair_key(first.id, second.id)) is not None:
        return False
    return any(other.id == second.id for other in possible_duplicates(session, first))


def dismiss_pair(session: Session, first: Service, second: Service, *, actor_id: int | None) -> None:
    """「重複ではない」: never propose this pair again."""
    low, high = pair_key(first.id, second.id)
    if session.get(DuplicateDismissal, (low, high)) is None:
        session.add(DuplicateDismissal(first_id=low, second_id=high, dismissed_by_id=actor_id))
        session.flush()


def merged_data(kept: Service, other: Service, picks: dict[str, str]) -> dict[str, Any]:
    """The entry data of the merged entry: each group from the side picked ("kept"/"other"), else the kept one."""
    sides = {"kept": service_snapshot(kept), "other": service_snapshot(other)}
    data = dict(sides["kept"])
    for group, names in FIELD_GROUPS.items():
        source = sides["other"] if picks.get(group) == "other" else sides["kept"]
        data.update({name: source.get(name) for name in names})
    return data


def _move_references(session: Session, kept_id: int, other_id: int) -> dict[str, int]:
    """Point every row that references `other_id` at `kept_id`, per table; a row that would clash with one
    the kept entry already has (same volunteer, same translation field…) stays with the archived entry."""
    moved: dict[str, int] = {}
    for table, column, _ondelete in service_references():
        if table.name in DECIDED_BY_FIELDS or f"{table.name}.{column}" in NOT_MOVED:
            continue
        col = table.c[column]
        clash = []
        uniques = [c for c in table.constraints if isinstance(c, UniqueConstraint | PrimaryKeyConstraint)]
        for constraint in (c for c in uniques if column in c.columns):
            twin = table.alias()
            others = [twin.c[c.name] == table.c[c.name] for c in constraint.columns if c.name != column]
            clash.append(exists().where(twin.c[column] == kept_id, *others))
        condition = and_(col == other_id, *[~c for c in clash])
        result = session.execute(update(table).where(condition).values({column: kept_id}))
        count = int(getattr(result, "rowcount", 0) or 0)  # an UPDATE's CursorResult
        if count:
            moved[f"{table.name}.{column}"] = count
    return moved


def merge_services(
    session: Session, kept: Service, other: Service, picks: dict[str, str], *, actor_id: int | None
) -> dict[str, int]:
    """Merge `other` into `kept` with the picked values; returns the moved references per table.column.

    The caller logs both snapshots (taken before this) and commits.
    """
    if kept.id == other.id or EntryStatus.ARCHIVED in (kept.status, other.status):
        raise ValueError("merge needs two live entries")
    data = merged_data(kept, other, picks)
    kept.terms += [t for t in other.terms if t.taxonomy.code != "kind" and t not in kept.terms]
    apply_service(session, kept, data)
    if not kept.source_id and other.source_id:  # re-imports of the other's row then update the kept entry
        for name in ("source", "source_id", "source_url", "municipality_code", "imported_at"):
            setattr(kept, name, getattr(other, name))
    if other.verified_at and (kept.verified_at is None or other.verified_at > kept.verified_at):
        kept.verified_at = other.verified_at
    session.flush()
    moved = _move_references(session, kept.id, other.id)
    session.expire_all()  # the moves bypassed the ORM: reload relationships from the database
    archive_service(session, other, actor_id=actor_id, reason="merged", merged_into=kept)
    refresh_search_text(session, [kept.id])
    return moved
