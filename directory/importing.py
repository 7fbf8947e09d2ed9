"""Imports: files in, catalog entries upserted, all-or-nothing by default, one summary out.

Re-importing is idempotent: an entry is found again by (全国地方公共団体コード, source ID), else by its
normalised name within the municipality, and updated in place. An entry a group asked not to list
(do_not_list) keeps that choice whatever the file says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.formats.hsds_apply import apply_hsds
from directory.formats.hsds_import import HsdsEntry, read_hsds
from directory.formats.kodomo_shokudo import EntryDraft, PlaceDraft, draft
from directory.formats.kodomo_shokudo_layout import LayoutKind, detect_layout, records
from directory.formats.tabular import TableError, read_table
from directory.geocoding import Geocoder, address_for
from directory.indexing import refresh_search_text
from directory.models import (
    AddressVisibility,
    AgeBand,
    CostOption,
    EntryStatus,
    Frequency,
    ImportRun,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
    Threshold,
)
from i18n.normalize import normalize
from tsunagu.db import utcnow

FORMATS = ("kodomo-shokudo", "hsds")


@dataclass
class ImportSummary:
    """The `--json` summary object of DESIGN.md."""

    files: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    geocoded: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append({"file": file, "row": row, "column": column, "message": message})

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _read_hsds(path: Path, summary: ImportSummary) -> list[HsdsEntry]:
    """Entries of one HSDS file or folder; problems go to the summary (row 0 = the whole file)."""
    entries, problems = read_hsds(path)
    for problem in problems:
        summary.error(path.name, problem.row or None, problem.column, problem.message)
    bad_rows = {p.row for p in problems if p.row}
    summary.rows += len(entries) + len(bad_rows)
    summary.skipped += len(bad_rows)
    return entries


def _read(path: Path, summary: ImportSummary) -> list[EntryDraft]:
    """Drafts of one file; problems go to the summary (the file is skipped when it cannot be read)."""
    name = path.name
    try:
        table = read_table(path, file_name=name)
    except (TableError, OSError) as exc:
        message = f"{exc.message_ja} / {exc.message_en}" if isinstance(exc, TableError) else str(exc)
        summary.error(name, None, None, message)
        return []
    layout = detect_layout(table.header)
    if layout.kind is LayoutKind.UNKNOWN:
        missing = "、".join(layout.missing)
        summary.error(
            name, 1, None, f"子ども食堂の標準項目ではありません（不足: {missing}） / not the 子ども食堂 layout"
        )
        return []
    drafts = []
    for record in records(table, layout):
        summary.rows += 1
        entry, problems = draft(record, file_name=name, addition=layout.kind is LayoutKind.ADDITION)
        for problem in problems:
            summary.error(name, problem.row, problem.column, problem.message)
        if entry is None:
            summary.skipped += 1
        else:
            drafts.append(entry)
    return drafts


def run_import(
    session: Session,
    fmt: str,
    paths: list[Path],
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    user_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    geocoder: Geocoder | None = None,
) -> ImportSummary:
    """Import files; nothing is written when any row is invalid (unless skip_invalid) or on a dry run.

    Flushes inside a SAVEPOINT and rolls it back for a dry run, so the counts of a dry run are the
    counts a real run would report. The caller commits. `progress(done, total)` is called per entry
    (the CLI draws a progress bar on a terminal with it).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown import format {fmt!r}; known: {', '.join(FORMATS)}")
    summary = ImportSummary(files=len(paths))
    reader = _read_hsds if fmt == "hsds" else _read
    drafts: list[tuple[str, Any]] = [(path.name, entry) for path in paths for entry in reader(path, summary)]
    if summary.errors and not skip_invalid:
        summary.skipped = 0
        return summary
    if geocoder is not None and fmt == "kodomo-shokudo":
        summary.geocoded = _geocode_missing(geocoder, [entry for _name, entry in drafts])
    savepoint = session.begin_nested()
    run = ImportRun(format=fmt, files=[p.name for p in paths], user_id=user_id, created=0, updated=0)
    session.add(run)
    session.flush()  # the run's id goes onto every entry it touches
    kind = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "kodomo_shokudo"))
    touched: set[int] = set()
    ordered = sorted(drafts, key=lambda item: getattr(item[1], "is_addition", False))
    for done, (name, entry) in enumerate(ordered, 1):
        if progress is not None:
            progress(done, len(ordered))
        with session.no_autoflush:  # an entry is flushed once it is whole, not half-built by a lookup
            if fmt == "hsds":
                service, _created = apply_hsds(session, entry, run, f"{fmt}:{name}")
            else:
                service = _apply(session, entry, run, f"{fmt}:{name}", kind)
        if service is None:
            summary.skipped += 1
            summary.error(name, entry.row, "ID", "追加情報のIDに対応する子ども食堂がありません / no entry with this ID")
            continue
        touched.add(service.id)
    session.flush()
    refresh_search_text(session, touched)
    run.rows, run.skipped = summary.rows, summary.skipped
    summary.created, summary.updated = run.created, run.updated
    run.errors = summary.errors
    run.finished_at = utcnow()
    session.flush()
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return summary


def _geocode_missing(geocoder: Geocoder, entries: list[EntryDraft]) -> int:
    """Points for places the file gives no 緯度/経度; done before the transaction opens, so no database
    lock waits on the network. A private home sends only its 町域 (it is only ever shown as an area)."""
    geocoded = 0
    for entry in entries:
        place = entry.place
        if place.lat is not None and place.lon is not None:
            continue
        address = address_for(place.prefecture, place.city, place.town, None if place.private_home else place.block)
        result = geocoder.geocode(address) if address else None
        if result is not None:
            place.lat, place.lon, place.geocode_source = result.lat, result.lon, result.source
            geocoded += 1
    return geocoded


def _find(session: Session, entry: EntryDraft) -> Service | None:
    if entry.municipality_code and entry.source_id:
        found = session.scalar(
            select(Service).where(
                Service.municipality_code == entry.municipality_code, Service.source_id == entry.source_id
            )
        )
        if found is not None or entry.is_addition:
            return found
    return session.scalar(
        select(Service).where(
            Service.municipality_code == entry.municipality_code, Service.name_normalized == normalize(entry.name)
        )
    )


def _organization(session: Session, entry: EntryDraft) -> Organization:
    key = normalize(entry.organization_name)
    org = session.scalar(
        select(Organization).where(
            Organization.municipality_code == entry.municipality_code, Organization.name_normalized == key
        )
    )
    if org is None:
        org = Organization(name=entry.organization_name, name_normalized=key, municipality_code=entry.municipality_code)
        session.add(org)
    org.corporate_number = entry.corporate_number or org.corporate_number
    return org


def _apply(
    session: Session, entry: EntryDraft, run: ImportRun, source: str, kind: TaxonomyTerm | None
) -> Service | None:
    """Create or update the entry; an addition row adds a place and its times to an existing entry."""
    now = utcnow()
    service = _find(session, entry)
    if entry.is_addition:
        if service is None:
            return None
        _place(session, service, entry.place, source, f"{entry.source_id}/追加{entry.row}", run, now)
        return service
    created = service is None
    organization = _organization(session, entry)
    if service is None:
        service = Service(status=EntryStatus.PUBLISHED, verified_at=now, terms=[kind] if kind else [])
        service.languages = [ServiceLanguage(language="ja")]
        run.created += 1
    else:
        run.updated += 1
    service.organization = organization
    service.name, service.name_kana = entry.name, entry.name_kana
    service.description = entry.description or service.description
    service.phone, service.email, service.url = entry.phone, entry.email, entry.url
    service.eligibility_description, service.fees_description = entry.eligibility, entry.fees_note
    service.how_to_join = entry.how_to_join
    service.threshold = Threshold.RESERVATION if entry.reservation_required else Threshold.DROP_IN
    service.capacity = entry.capacity
    service.municipality_code, service.source_id = entry.municipality_code, entry.source_id
    service.source, service.imported_at, service.import_run_id = source, now, run.id
    session.add(service)
    if not created:
        service.costs.clear()
        service.schedules.clear()
        session.flush()
    service.costs = [
        CostOption(age_band=AgeBand(c.age_band), amount_yen=c.amount_yen, is_free=c.is_free, note=c.note)
        for c in entry.costs
    ]
    session.flush()
    _place(session, service, entry.place, source, entry.source_id, run, now)
    return service


def _place(session: Session, service: Service, place: PlaceDraft, source: str, source_id: str | None,
           run: ImportRun, now: Any) -> None:  # fmt: skip
    """Upsert one location of the service (matched by its source ID) and add its schedules."""
    link = next((s for s in service.at_locations if s.location.source_id == source_id), None)
    location = link.location if link else Location(organization=service.organization)
    if link is None:
        service.at_locations.append(ServiceAtLocation(location=location))
    location.prefecture, location.city, location.town = place.prefecture, place.city, place.town
    location.block, location.building = place.block, place.building
    location.elementary_district = place.elementary_district or location.elementary_district
    location.address_visibility = AddressVisibility.AREA if place.private_home else AddressVisibility.PUBLIC
    if place.lat is not None and place.lon is not None:
        location.point = f"SRID=4326;POINT({place.lon} {place.lat})"
        location.geocode_source = place.geocode_source or "file"
    location.municipality_code, location.source_id = service.municipality_code, source_id
    location.source, location.imported_at, location.import_run_id = source, now, run.id
    existing = {(str(s.freq), s.byday, s.bymonthday, s.opens_at, s.closes_at) for s in service.schedules}
    for rule in place.rules:
        key = (rule.freq, rule.byday, rule.bymonthday, rule.opens_at, rule.closes_at)
        if key in existing:
            continue
        existing.add(key)
        service.schedules.append(Schedule.from_rule(rule, description=rule.description, notes=place.schedule_note))
    if not place.rules and place.schedule_note:
        service.schedules.append(Schedule(freq=Frequency.IRREGULAR, notes=place.schedule_note))
