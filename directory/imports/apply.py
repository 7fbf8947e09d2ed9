"""Drafts → catalog rows: match every entry to what is stored, create the new ones in bulk, and update an
existing one only where the file says something different, recording before/after in `import_changes`.

Matching (the upsert key of DESIGN.md): 全国地方公共団体コード + source ID, else the normalised name within the
municipality; existing keys are read once up front, not per row. 追加情報 rows are merged onto their entry
first, so an entry and its further places are compared and written as one. One path for every file size:
new entries always go through `BulkInserter`, existing ones through the ORM comparison below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from directory.catalog.bulk_rows import term_stand_ins
from directory.formats.costs import cost_rows
from directory.formats.drafts import EntryDraft, PlaceDraft
from directory.imports.bulk import (
    SERVICES,
    BulkInserter,
    cost_options,
    location_columns,
    normalize,
    point_ewkt,
    schedule_key,
    schedule_rows,
)
from directory.imports.bulk import service_columns as wanted_columns
from directory.models import (
    AddressVisibility,
    EntryStatus,
    ImportChange,
    ImportRun,
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.models.curation import ServiceArchive
from tsunagu.db import utcnow

Drafts = list[tuple[str, EntryDraft]]
LOAD_CHUNK = 500


@dataclass
class Applied:
    """What applying drafts did: ids whose search text must be refreshed, rows that found no entry."""

    changed_ids: set[int] = field(default_factory=set)
    orphans: list[tuple[str, EntryDraft]] = field(default_factory=list)
    archived: list[tuple[str, EntryDraft, int]] = field(default_factory=list)
    """Rows whose entry is archived: left untouched (never republished) for the caller to report."""
    blanked: list[tuple[str, EntryDraft, str, Any]] = field(default_factory=list)
    """(file, row, field, stored value) of changes left out because they would empty a stored value, or cut
    it short from a file's unterminated last line (`EntryDraft.unterminated`)."""


def merge_additions(drafts: Drafts) -> tuple[Drafts, Drafts]:
    """(entries, additions whose entry is not in these files): 追加情報 places join their entry's draft."""
    entries = [(name, e) for name, e in drafts if not e.is_addition]
    index = {(e.municipality_code, e.source_id): e for _name, e in entries if e.source_id}
    rest: Drafts = []
    for name, addition in drafts:
        if not addition.is_addition:
            continue
        addition.place.source_id = f"{addition.source_id}/追加{addition.row}"
        parent = index.get((addition.municipality_code, addition.source_id))
        if parent is not None:
            parent.extra_places.append(addition.place)
        else:
            rest.append((name, addition))
    return entries, rest


def _stored_keys(session: Session, drafts: Drafts) -> tuple[dict[tuple[Any, Any], int], dict[tuple[Any, Any], Any]]:
    """Stored services of the files' municipalities: by (code, source ID) and by (code, normalised name)."""
    codes = {e.municipality_code for _n, e in drafts}
    condition = or_(Service.municipality_code.in_([c for c in codes if c]), Service.municipality_code.is_(None))
    by_key: dict[tuple[Any, Any], int] = {}
    by_name: dict[tuple[Any, Any], Any] = {}
    query = select(Service.id, Service.municipality_code, Service.source_id, Service.name_normalized).where(condition)
    for service_id, code, source_id, name in session.execute(query.order_by(Service.id)):
        if source_id:
            by_key.setdefault((code, source_id), service_id)
        by_name.setdefault((code, name), []).append((service_id, source_id))
    return by_key, by_name


def _match(
    entry: EntryDraft,
    by_key: dict[tuple[Any, Any], int],
    by_name: dict[tuple[Any, Any], Any],
    file_keys: set[tuple[Any, Any]],
    occurrence: int,
) -> int | None:
    """The stored entry a draft updates: same code + ID, else same name — unless that one has an ID the
    files also list (then it is another row that happens to share the name).

    Rows that share a name are different activities (杉並区 lists 無料弁当 and 夕食付学習支援 of one 食堂 without
    IDs): the n-th such row matches the n-th stored entry. The address is not part of the key: our own
    export shows a private home's 町域 only, and its re-import must find the same entry.
    """
    code = entry.municipality_code
    if entry.source_id and (code, entry.source_id) in by_key:
        return by_key[(code, entry.source_id)]
    found = by_name.get((code, normalize(entry.name)), [])
    if len(found) <= occurrence:
        return None
    service_id, stored_id = found[occurrence]
    if entry.source_id and stored_id and (code, stored_id) in file_keys:
        return None
    return int(service_id)


def apply_drafts(
    session: Session,
    drafts: Drafts,
    run: ImportRun,
    fmt: str,
    progress: Callable[[int, int], None] | None = None,
    *,
    allow_blanking: bool = True,
) -> Applied:
    """Create, update or leave alone each entry; counts go on `run`. Flushes, never commits.

    Without `allow_blanking`, a change that would empty a stored value is not made and is listed in
    `Applied.blanked` instead (a file that lost a column or a cell must not wipe what the entry had).
    """
    entries, additions = merge_additions(drafts)
    by_key, by_name = _stored_keys(session, drafts)
    chosen: dict[tuple[Any, Any], tuple[str, EntryDraft, int | None]] = {}
    file_keys = {(e.municipality_code, e.source_id) for _n, e in entries if e.source_id}
    occurrences: dict[tuple[Any, ...], int] = {}
    for name, entry in entries:
        name_key = (name, entry.municipality_code, normalize(entry.name))  # counted per file
        occurrence = occurrences[name_key] = occurrences.get(name_key, -1) + 1
        found = _match(entry, by_key, by_name, file_keys, occurrence)
        own_key = (
            ("id", found)
            if found is not None
            else (entry.municipality_code, entry.source_id or f"{name_key[2]}#{occurrence}")
        )
        chosen[own_key] = (name, entry, found)  # the same entry twice in the files: the later row wins
    new = {key: (name, entry) for key, (name, entry, found) in chosen.items() if found is None}
    existing = [(name, entry, found) for name, entry, found in chosen.values() if found is not None]
    applied = Applied()
    for name, addition in additions:
        found = by_key.get((addition.municipality_code, addition.source_id))
        if found is None:
            applied.orphans.append((name, addition))
        else:
            existing.append((name, addition, found))
    existing = _skip_archived(session, existing, applied)
    total = len(new) + len(existing)
    created_ids = _create(
        session, list(new.values()), run, fmt, lambda done: progress(done, total) if progress else None
    )
    run.created += len(created_ids)
    for start in range(0, len(existing), LOAD_CHUNK):
        chunk = existing[start : start + LOAD_CHUNK]
        services = _load(session, [service_id for _n, _e, service_id in chunk])
        points = _points(session, services.values())
        for done, (name, entry, service_id) in enumerate(chunk, len(new) + start + 1):
            blanked: list[tuple[str, Any]] = []
            with session.no_autoflush:
                changes = update_entry(
                    session, services[service_id], entry, points, allow_blanking=allow_blanking, blanked=blanked
                )
            applied.blanked += [(name, entry, column, before) for column, before in blanked]
            if changes:
                now = utcnow()
                service = services[service_id]
                service.source, service.imported_at, service.import_run_id = f"{fmt}:{name}", now, run.id
                session.add(
                    ImportChange(
                        import_run_id=run.id,
                        service_id=service_id,
                        user_id=run.user_id,
                        file=name,
                        row=entry.row,
                        changed_at=now,
                        changes=changes,
                    )
                )
                run.updated += 1
                applied.changed_ids.add(service_id)
            if progress is not None:
                progress(done, total)
        session.flush()
    return applied


def _skip_archived(
    session: Session, existing: list[tuple[str, EntryDraft, int]], applied: Applied
) -> list[tuple[str, EntryDraft, int]]:
    """A row whose entry was merged into another updates that one; a row whose entry is archived otherwise
    is set aside in `applied.archived` (an import never brings an archived entry back by itself)."""
    ids = [found for _n, _e, found in existing]
    archived: dict[int, int | None] = {}
    for start in range(0, len(ids), LOAD_CHUNK):
        query = (
            select(Service.id, ServiceArchive.merged_into_id)
            .outerjoin(ServiceArchive, ServiceArchive.service_id == Service.id)
            .where(Service.id.in_(ids[start : start + LOAD_CHUNK]), Service.status == EntryStatus.ARCHIVED)
        )
        archived.update({int(sid): merged for sid, merged in session.execute(query)})
    kept = []
    for name, entry, found in existing:
        target: int | None = found
        while target in archived:  # follow merges to the surviving entry (None: plainly archived)
            target = archived[target]
        if target is None:
            applied.archived.append((name, entry, found))
        else:
            kept.append((name, entry, target))
    return kept


def _create(session: Session, drafts: Drafts, run: ImportRun, fmt: str, progress: Callable[[int], None]) -> list[int]:
    """Write the new entries in bulk, grouped by source file (the source names the file); `progress(done)`
    is called as each entry's rows are built (the writes follow, one statement a table and chunk)."""
    if not drafts:
        return []
    conn = session.connection()
    term_ids: dict[str, int] = {
        code: term_id for code, term_id in session.execute(select(TaxonomyTerm.code, TaxonomyTerm.id))
    }
    terms = term_stand_ins(conn)
    codes = {e.municipality_code for _n, e in drafts}
    orgs: dict[tuple[Any, Any], Any] = {
        (code, name): org_id
        for org_id, code, name in session.execute(
            select(Organization.id, Organization.municipality_code, Organization.name_normalized)
            .where(Organization.municipality_code.in_([c for c in codes if c]))
            .order_by(Organization.id.desc())
        )
    }
    ids: list[int] = []
    by_file: dict[str, list[EntryDraft]] = {}
    for name, entry in drafts:
        by_file.setdefault(name, []).append(entry)
    for name, entries in by_file.items():
        writer = BulkInserter(conn, source=f"{fmt}:{name}", run_id=run.id, term_ids=term_ids, terms=terms)
        for entry in entries:
            key = (entry.municipality_code, normalize(entry.organization_name))
            if key not in orgs:
                orgs[key] = writer.organization(entry)
            writer.add(entry, orgs[key])
            progress(len(ids) + len(writer.rows[SERVICES]))
        ids += writer.write()
        orgs = {k: (v["id"] if isinstance(v, dict) else v) for k, v in orgs.items()}
    return ids


def _load(session: Session, ids: list[int]) -> dict[int, Service]:
    query = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(
            selectinload(Service.organization),
            selectinload(Service.costs),
            selectinload(Service.schedules),
            selectinload(Service.terms),
            selectinload(Service.at_locations)
            .selectinload(ServiceAtLocation.location)
            .selectinload(Location.accessibility),
        )
    )
    return {service.id: service for service in session.scalars(query)}


def _points(session: Session, services: Any) -> dict[int, str]:
    """Stored points as "lat,lon" text (6 decimals) by location id, for comparing with the file."""
    ids = [link.location_id for s in services for link in s.at_locations]
    if not ids:
        return {}
    query = select(Location.id, func.ST_Y(Location.point), func.ST_X(Location.point)).where(
        Location.id.in_(ids), Location.point.is_not(None)
    )
    return {loc_id: f"{lat:.6f},{lon:.6f}" for loc_id, lat, lon in session.execute(query)}


def _text(value: Any) -> Any:
    """A value as history JSON holds it."""
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    if isinstance(value, dict):  # JSONB gives keys back in its own order
        return {key: value[key] for key in sorted(value)}
    return str(value)


def _cost_list(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(f"{r['age_band']}:{r['amount_yen']}:{r['is_free']}:{r['note'] or ''}" for r in rows)


def _schedule_list(rows: list[Any]) -> list[str]:
    def line(key: tuple[Any, ...], notes: Any) -> str:
        return "|".join("" if v is None else str(v) for v in key) + f"|{notes or ''}"

    objects = [SimpleRow(r) if isinstance(r, dict) else r for r in rows]
    return sorted({line(schedule_key(r), r.notes) for r in objects})


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def update_entry(
    session: Session,
    service: Service,
    entry: EntryDraft,
    points: dict[int, str],
    *,
    allow_blanking: bool = True,
    blanked: list[tuple[str, Any]] | None = None,
) -> dict[str, Any]:
    """Bring `service` in line with `entry`; returns {field: [before, after]} of what changed ({} = nothing).

    Without `allow_blanking`, a field whose stored value the file would empty keeps it and is appended to
    `blanked` as (field, stored value).

    An 追加情報 row only adds or updates its place and adds its times. A file without coordinates leaves a
    stored point alone (a curator may have placed the pin); description and kinds are only ever added to.
    """
    changes: dict[str, Any] = {}
    if not entry.is_addition:
        wanted = wanted_columns(entry)
        for optional in ("description", "alternate_name"):  # only ever set by a file that has them
            if wanted[optional] is None:
                wanted.pop(optional)
        keep = _Blanking(allow_blanking, blanked, cut_off=entry.unterminated)
        wanted["source_fields"] = _source_fields(service, wanted["source_fields"], keep)
        for column, value in wanted.items():
            before = getattr(service, column)
            if _text(before) != _text(value) and not keep.refuses(column, before, value):
                changes[column] = [_text(before), _text(value)]
                setattr(service, column, value)
        if normalize(service.organization.name) != normalize(entry.organization_name):
            changes["organization"] = [service.organization.name, entry.organization_name]
            service.organization = _organization(session, entry)
        if service.name_normalized != normalize(entry.name):
            service.name_normalized = normalize(entry.name)
        costs_now, costs_wanted = _cost_list([_cost_dict(c) for c in service.costs]), _cost_list(cost_rows(entry.costs))
        if costs_now != costs_wanted and not keep.refuses("costs", costs_now, costs_wanted):
            changes["costs"] = [costs_now, costs_wanted]
            service.costs.clear()
            session.flush()  # the old rows go before new ones take their unique (service, age band) keys
            service.costs = cost_options(entry.costs)
        missing = [code for code in dict.fromkeys(entry.kinds) if code not in {t.code for t in service.terms}]
        if missing:
            terms = list(session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code.in_(missing))))
            if terms:
                changes["terms"] = [
                    sorted(t.code for t in service.terms),
                    sorted([t.code for t in service.terms] + [t.code for t in terms]),
                ]
                service.terms += terms
    keep = _Blanking(allow_blanking, blanked, cut_off=entry.unterminated)
    if entry.is_addition or not keep.refuses(
        "schedules", _schedule_list(list(service.schedules)), schedule_rows(entry)
    ):
        _schedules(service, entry, changes)
    for place in entry.places:
        _place(session, service, entry, place, points, changes, keep)
    return changes


def _source_fields(service: Service, wanted: dict[str, str] | None, keep: _Blanking) -> dict[str, str] | None:
    """The file's source fields, keeping stored ones it lacks unless blanking is allowed. A private home's
    contact notes are left out of our own export (they may name the family) and are always kept."""
    stored = service.source_fields or {}
    merged = dict(wanted or {})
    private = any(link.location.address_visibility == AddressVisibility.AREA for link in service.at_locations)
    for key, value in stored.items():
        if key in merged:
            if keep.refuses(key, value, merged[key]):  # cut short on an unterminated last line
                merged[key] = value
            continue
        if (private and key.endswith("連絡先備考")) or keep.refuses(key, value, None):
            merged[key] = value
    return merged or None


class _Blanking:
    """Says whether a change empties a stored value and must be left out (and notes it when so)."""

    def __init__(self, allow: bool, blanked: list[tuple[str, Any]] | None, *, cut_off: bool = False) -> None:
        self.allow = allow
        self.blanked = blanked if blanked is not None else []
        self.cut_off = cut_off

    def refuses(self, column: str, before: Any, after: Any) -> bool:
        if self.allow or _empty(before):
            return False
        shortened = self.cut_off and isinstance(before, str) and isinstance(after, str) and before.startswith(after)
        if not _empty(after) and not (shortened and before != after):
            return False
        self.blanked.append((column, _text(before)))
        return True


def _cost_dict(cost: Any) -> dict[str, Any]:
    return {"age_band": cost.age_band, "amount_yen": cost.amount_yen, "is_free": cost.is_free, "note": cost.note}


def _schedules(service: Service, entry: EntryDraft, changes: dict[str, Any]) -> None:
    rows = schedule_rows(entry)
    now = _schedule_list(list(service.schedules))
    if entry.is_addition:  # further times add to what the entry has
        have = {schedule_key(s) for s in service.schedules}
        rows = [r for r in rows if schedule_key(SimpleRow(r)) not in have]
        if rows:
            changes["schedules"] = [now, sorted(now + _schedule_list(rows))]
            service.schedules += [Schedule(**r) for r in rows]
        return
    wanted = _schedule_list(rows)
    if now != wanted:
        changes["schedules"] = [now, wanted]
        service.schedules = [Schedule(**r) for r in rows]


class SimpleRow:
    """A schedule column dict seen as an object (for `schedule_key`)."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__.update(row)


def _place(
    session: Session,
    service: Service,
    entry: EntryDraft,
    place: PlaceDraft,
    points: dict[int, str],
    changes: dict[str, Any],
    keep: _Blanking | None = None,
) -> None:
    source_id = place.source_id or entry.source_id
    link = next((s for s in service.at_locations if s.location.source_id == source_id), None)
    wanted = location_columns(place)
    label = f"place:{source_id or ''}"
    if link is None:
        location = Location(
            organization=service.organization,
            municipality_code=service.municipality_code,
            source_id=source_id,
            source=service.source,
            imported_at=utcnow(),
        )
        service.at_locations.append(ServiceAtLocation(location=location))
        before: dict[str, Any] = {}
    else:
        location = link.location
        if location.address_visibility == AddressVisibility.AREA and place.private_home and not place.block:
            # a redacted copy (our own export shows a private home's 町域 only): keep the real address
            wanted.update(block=location.block, building=location.building)
        if keep is not None:
            for column in [c for c, v in wanted.items() if keep.refuses(c, getattr(location, c), v)]:
                wanted[column] = getattr(location, column)
        before = {k: _text(getattr(location, k)) for k in wanted}
        before["accessibility"] = sorted(str(a.feature) for a in location.accessibility)
        if location.id in points:
            before["point"] = points[location.id]
    after = {k: _text(v) for k, v in wanted.items()}
    after["accessibility"] = sorted(set(place.accessibility) | set(before.get("accessibility", [])))
    point = point_ewkt(place)
    if point is not None:
        after["point"] = f"{place.lat:.6f},{place.lon:.6f}"
    elif "point" in before:
        after["point"] = before["point"]
    if before == after:
        return
    changes[label] = [before or None, after]
    for column, value in wanted.items():
        setattr(location, column, value)
    if point is not None and before.get("point") != after["point"]:
        location.point = point
        location.geocode_source = place.geocode_source or "file"
    have = {str(a.feature) for a in location.accessibility}
    location.accessibility += [LocationAccessibility(feature=f) for f in after["accessibility"] if f not in have]


def _organization(session: Session, entry: EntryDraft) -> Organization:
    key = normalize(entry.organization_name)
    org = session.scalar(
        select(Organization).where(
            Organization.municipality_code == entry.municipality_code, Organization.name_normalized == key
        )
    )
    if org is None:
        org = Organization(
            name=entry.organization_name,
            name_normalized=key,
            municipality_code=entry.municipality_code,
            corporate_number=entry.corporate_number,
        )
        session.add(org)
    return org
