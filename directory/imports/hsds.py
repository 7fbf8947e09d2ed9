"""HSDS entries (from `directory.formats.hsds.read.read_hsds`) → catalog rows, upserted by their HSDS UUIDs.

Service, organisation and location keep the UUIDs of the file, so export → import finds the same rows.
Costs, schedules and languages are replaced by what the file says. HSDS cannot say that a place is a private
home, and our own export redacts private homes (町域 only, jittered point): a location already marked
`area` therefore keeps its stored address and point, and a new one is public unless tsunagu_profile says
`address_visibility: area`. An organisation or service a group asked not to list keeps `do_not_list`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.formats.drafts import CostDraft
from directory.formats.hsds.read import HsdsCost, HsdsEntry, HsdsLocation
from directory.formats.kodomo_shokudo.read import split_address
from directory.imports.bulk import cost_options
from directory.models import (
    AccessibilityFeature,
    AddressVisibility,
    CostOption,
    EntryStatus,
    HsdsStatus,
    ImportRun,
    Location,
    LocationAccessibility,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from directory.models.curation import ServiceArchive
from i18n.normalize import normalize
from tsunagu.db import utcnow

PROFILE_FIELDS = (
    "threshold",
    "space",
    "step_level",
    "ladder_stage",
    "transport_offered",
    "atmosphere",
    "group_size",
    "atmosphere_notes",
    "capacity",
    "openings",
)


def apply_hsds(session: Session, entry: HsdsEntry, run: ImportRun, source: str) -> tuple[Service, bool]:
    """Create or update the service of `entry` (matched by its UUID); returns (service, created).

    Counts the run's created/updated like the 子ども食堂 import; flushes, never commits.
    """
    now = utcnow()
    service = session.scalar(select(Service).where(Service.uuid == entry.uuid))
    created = service is None
    if service is None:
        service = Service(uuid=entry.uuid, status=EntryStatus.PUBLISHED, verified_at=now)
        run.created += 1
    else:
        run.updated += 1
    previous_status = service.status
    if entry.status == HsdsStatus.DEFUNCT:
        service.status = EntryStatus.ARCHIVED
    service.organization = _organization(session, entry)
    service.name, service.name_normalized = entry.name, normalize(entry.name)
    service.description, service.email, service.url = entry.description, entry.email, entry.url
    service.phone = entry.phones[0] if entry.phones else None
    service.hsds_status = HsdsStatus(entry.status)
    service.minimum_age, service.maximum_age = entry.minimum_age, entry.maximum_age
    service.eligibility_description = entry.eligibility_description
    profile = entry.profile or {}
    service.how_to_join = profile.get("how_to_join") or entry.application_process
    for key in PROFILE_FIELDS:
        if key in profile:
            setattr(service, key, profile[key])
    if "source_fields" in profile:  # stored keys the file leaves out (a private home's notes) are kept
        service.source_fields = (service.source_fields or {}) | profile["source_fields"]
    # source_id stays: it is the key of the 子ども食堂 re-import, and the UUID already identifies the entry
    service.source_id = service.source_id or entry.uuid
    service.source, service.imported_at, service.import_run_id = source, now, run.id
    session.add(service)
    costs = profile["costs"] if "costs" in profile else entry.costs
    foreign = [c for c in entry.costs if c.age_band is None]
    service.fees_description = _fees(entry.fees_description, foreign)
    terms = _terms(session, entry)
    if terms or created:
        service.terms = terms
    if not created:
        service.costs.clear()
        service.schedules.clear()
        service.languages.clear()
        session.flush()  # the old rows go before new ones take their unique (service, age band) keys
    service.costs = _costs(costs)
    service.languages = [
        ServiceLanguage(language=code, note=entry.language_notes.get(code)) for code in dict.fromkeys(entry.languages)
    ]
    service.schedules = [Schedule.from_rule(s, description=s.description, notes=s.notes) for s in entry.schedules]
    _places(session, service, entry, source, run, now)
    session.flush()
    if service.status == EntryStatus.ARCHIVED and previous_status != EntryStatus.ARCHIVED:
        # defunct in the feed: archived like a curator would, so a restore knows where it came from
        reason = f"HSDS status defunct ({source})"
        session.add(ServiceArchive(service_id=service.id, previous_status=previous_status, reason=reason))
        session.flush()
    return service, created


def _organization(session: Session, entry: HsdsEntry) -> Organization:
    draft = entry.organization
    org = session.scalar(select(Organization).where(Organization.uuid == draft.uuid)) if draft.uuid else None
    if org is None:
        org = Organization(name=draft.name or entry.name)
        if draft.uuid:
            org.uuid = draft.uuid
        session.add(org)
    org.name = draft.name or org.name
    org.name_normalized = normalize(org.name)
    # our export repeats the name as description when there is none (HSDS requires one)
    if draft.description and draft.description != org.name:
        org.description = draft.description
    org.email = draft.email or org.email
    org.website = draft.website or org.website
    if draft.tax_id and draft.tax_id.isdigit() and len(draft.tax_id) == 13:
        org.corporate_number = draft.tax_id
    return org


def _fees(description: str | None, foreign: list[HsdsCost]) -> str | None:
    """Cost options that are not one of our age bands, kept readable in the fees text."""
    lines = [description] if description else []
    for cost in foreign:
        amount = f"{cost.amount:g} {cost.currency or ''}".strip() if cost.amount is not None else ""
        line = "：".join(p for p in (cost.note, amount) if p)
        if line and not any(line in existing for existing in lines):
            lines.append(line)
    return "\n".join(lines) or None


def _costs(costs: list[HsdsCost]) -> list[CostOption]:
    """Our age-band costs (one per band); amounts in another currency than yen are kept as notes."""
    drafts = []
    for cost in costs:
        if cost.age_band is None:
            continue
        yen = cost.currency in (None, "JPY")
        free = cost.free if cost.free is not None else (yen and cost.amount == 0)
        amount = int(cost.amount) if yen and cost.amount is not None and not free else None
        note = cost.note if yen or cost.amount is None else f"{cost.note or ''} {cost.amount:g} {cost.currency}"
        drafts.append(CostDraft(cost.age_band, amount, bool(free), note))
    return cost_options(drafts)


def _terms(session: Session, entry: HsdsEntry) -> list[TaxonomyTerm]:
    """Our taxonomy terms named by the profile (kinds, tags) or the attributes; unknown codes are ignored."""
    profile = entry.profile or {}
    wanted = [("kind", code) for code in profile.get("kinds", [])]
    wanted += [("suitable_for", code) for code in profile.get("tags", [])]
    wanted += [(t.taxonomy, t.code) for t in entry.terms if t.code]
    if not wanted:
        return []
    codes = {code for _, code in wanted}
    rows = session.execute(select(TaxonomyTerm, Taxonomy.code).join(Taxonomy).where(TaxonomyTerm.code.in_(codes))).all()
    found: dict[int, TaxonomyTerm] = {}
    for taxonomy, code in wanted:
        for term, taxonomy_code in rows:
            if term.code == code and (taxonomy is None or taxonomy == taxonomy_code):
                found.setdefault(term.id, term)
    return list(found.values())


def _places(session: Session, service: Service, entry: HsdsEntry, source: str, run: ImportRun, now: Any) -> None:
    """Link the entry's locations (upserted by UUID); links to locations the file no longer names go."""
    keep = []
    for place in entry.locations:
        location = _location(session, service, place, entry)
        location.source, location.imported_at, location.import_run_id = source, now, run.id
        link = next((link for link in service.at_locations if link.location is location), None)
        keep.append(link or ServiceAtLocation(location=location))
    service.at_locations = keep


def _location(session: Session, service: Service, place: HsdsLocation, entry: HsdsEntry) -> Location:
    location = session.scalar(select(Location).where(Location.uuid == place.uuid)) if place.uuid else None
    if location is None:
        location = Location(organization=service.organization)
        if place.uuid:
            location.uuid = place.uuid
        session.add(location)
        visibility = (entry.profile or {}).get("address_visibility")
        location.address_visibility = AddressVisibility(visibility or AddressVisibility.PUBLIC)
    location.name = place.name or location.name
    location.access_notes = place.transportation or location.access_notes
    _accessibility(location, place)
    location.source_id = location.source_id or place.uuid
    if location.address_visibility == AddressVisibility.AREA and location.id is not None:
        return location  # what the file has is the redacted public view: keep the real address and point
    location.prefecture, location.city = place.state_province, place.city
    location.town, location.block = split_address(place.address_1, place.state_province, place.city)
    location.building, location.postal_code = place.address_2, place.postal_code
    location.district = place.region or location.district
    if place.lat is not None and place.lon is not None:
        location.point = f"SRID=4326;POINT({place.lon} {place.lat})"
    return location


def _accessibility(location: Location, place: HsdsLocation) -> None:
    """location.accessibility of the file as the location's features (the export writes one per feature);
    a file that says nothing about accessibility leaves the stored features alone."""
    if not place.accessibility:
        return
    wanted = {feature: (text if text != feature else None) for feature, text in place.accessibility}
    kept = [a for a in location.accessibility if str(a.feature) in wanted]
    for row in kept:
        row.description = wanted[str(row.feature)]
    have = {str(a.feature) for a in kept}
    location.accessibility = kept + [
        LocationAccessibility(feature=AccessibilityFeature(f), description=d)
        for f, d in wanted.items()
        if f not in have
    ]
