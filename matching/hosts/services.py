"""受け入れ候補 and 受け入れ先の支援: the register of possible hosts, contacts with them, what a host sees.

Reads and writes for coordinators (prospects are never public: no public query reads this table) and the
host-side reads for a group account. Writes flush and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.models import Service
from i18n.normalize import normalize
from maps.entries import MapEntry
from matching.models import (
    FollowUp,
    HostBrief,
    HostContact,
    HostProspect,
    Placement,
    PlacementStatus,
    ProspectStatus,
)
from tsunagu.forms import record_ids
from tsunagu.models import Role, User
from tsunagu.spatial import lon_lat

PROSPECT_FIELDS = (
    "name",
    "kind",
    "status",
    "coordinator_id",
    "offer",
    "conditions",
    "days",
    "places",
    "support_needed",
    "district",
    "point",
    "organization_id",
)
"""What the prospect form edits."""
BRIEF_FIELDS = ("nickname", "days", "agreed_adjustments", "host_contact_person")


def _at(on: date | None) -> datetime:
    """A contact dated by the coordinator keeps its day (03:00 UTC is noon in Japan)."""
    return datetime.combine(on, time(3), tzinfo=UTC) if on is not None else datetime.now(UTC)


def add_contact(
    session: Session, prospect: HostProspect, note: str, actor: User, *, on: date | None = None
) -> HostContact:
    """A dated note of contact with a prospect (電話した, 訪問した, 条件を聞いた…)."""
    contact = HostContact(at=_at(on), by_id=actor.id, note=note.strip())
    prospect.contacts.append(contact)
    session.flush()
    return contact


def save_prospect(session: Session, prospect: HostProspect, values: dict[str, Any], actor: User) -> HostProspect:
    """Create or update a prospect; a status change is also kept in the contact history (who, when, from, to).

    The history is the register's memory: whoever takes over a prospect reads why it is where it is.
    """
    before = prospect.status if prospect.id else None
    for name in PROSPECT_FIELDS:
        if name in values:
            setattr(prospect, name, values[name])
    if prospect.id is None:
        prospect.coordinator_id = prospect.coordinator_id or actor.id
        session.add(prospect)
    session.flush()
    after = ProspectStatus(prospect.status)
    if before is not None and before != after:
        add_contact(session, prospect, f"{STATUS_WORDS[before]} → {STATUS_WORDS[after]}", actor)
    return prospect


STATUS_WORDS = {
    ProspectStatus.CANDIDATE: "候補",
    ProspectStatus.APPROACHING: "打診中",
    ProspectStatus.WILLING: "協力可",
    ProspectStatus.HOSTING: "受け入れ中",
    ProspectStatus.PAUSED: "休止",
}
"""Status words as stored in the contact history (a record, so not translated when read later)."""


@dataclass(frozen=True)
class ProspectFilters:
    """The register's search: words, status, kind of host, 地区, a weekday they could host on."""

    q: str = ""
    status: str = ""
    kind: str = ""
    district: str = ""
    day: str = ""


def search_prospects(session: Session, filters: ProspectFilters) -> list[HostProspect]:
    """Prospects matching the filters, by status then name, with contacts loaded for the list.

    Words match name, offer, conditions and support needed after the same normalisation the catalog's
    search uses (子ども/こども, full/half width), so a coordinator finds 「ｶﾌｪ」 by 「カフェ」.
    """
    query = select(HostProspect).options(selectinload(HostProspect.contacts))
    if filters.status in {str(status) for status in ProspectStatus}:  # an unknown status filters nothing
        query = query.where(HostProspect.status == filters.status)
    if filters.kind:
        query = query.where(HostProspect.kind == filters.kind)
    if filters.district:
        query = query.where(HostProspect.district == filters.district)
    rows = list(session.scalars(query.order_by(HostProspect.name, HostProspect.id)))
    words = [w for w in normalize(filters.q).split() if w]
    if words:
        rows = [p for p in rows if all(w in _haystack(p) for w in words)]
    if filters.day:
        rows = [p for p in rows if any(d.get("day") == filters.day for d in p.days or [])]
    return rows


def _haystack(prospect: HostProspect) -> str:
    parts = (prospect.name, prospect.kind, prospect.offer, prospect.conditions, prospect.support_needed)
    return normalize(" ".join(p for p in parts if p))


def prospect_kinds(session: Session) -> list[str]:
    """Kinds of host already in the register (商店, 農家, 寺社…), for the filter."""
    rows = session.scalars(select(HostProspect.kind).where(HostProspect.kind.is_not(None)).distinct())
    return sorted(k for k in rows if k)


def map_entries(prospects: list[HostProspect], detail_url: Any) -> list[MapEntry]:
    """Prospects with a point as map entries, one layer per status (the map is for coordinators only)."""
    entries = []
    for prospect in prospects:
        point = lon_lat(prospect.point)
        if point is None:
            continue
        entries.append(
            MapEntry(
                id=prospect.id,
                uuid=str(prospect.id),
                name=prospect.name,
                kind=str(prospect.status),
                lat=round(point[1], 6),
                lon=round(point[0], 6),
                url=detail_url(prospect.id),
            )
        )
    return entries


def placements_at(session: Session, organization_id: int | None, *, running_only: bool) -> list[Placement]:
    """Placements at an organisation's activities (custom menus included), newest first, with what the host
    pages show loaded: the service, the brief, check-ins and follow-ups."""
    if organization_id is None:
        return []
    query = (
        select(Placement)
        .join(Service, Service.id == Placement.service_id)
        .where(Service.organization_id == organization_id)
        .options(
            selectinload(Placement.service),
            selectinload(Placement.person),
            selectinload(Placement.check_ins),
            selectinload(Placement.follow_ups),
        )
        .order_by(Placement.proposed_at.desc(), Placement.id.desc())
    )
    if running_only:
        query = query.where(Placement.status != PlacementStatus.ENDED)
    return list(session.scalars(query))


def briefs_for(session: Session, placement_ids: list[int]) -> dict[int, HostBrief]:
    """The host briefs of these placements, by placement id."""
    if not placement_ids:
        return {}
    rows = session.scalars(select(HostBrief).where(HostBrief.placement_id.in_(placement_ids)))
    return {brief.placement_id: brief for brief in rows}


def upcoming_follow_ups(placement: Placement) -> list[FollowUp]:
    """Follow-ups not yet done, soonest first (the host sees when the coordinator will check in)."""
    return sorted((f for f in placement.follow_ups if f.done_at is None), key=lambda f: f.due_on)


@dataclass(frozen=True)
class MilestoneCheck:
    """One 定着 milestone of a placement and whether the host was checked in with since it fell due."""

    milestone: str
    due_on: date
    checked: bool
    due: bool


def milestone_checks(placement: Placement, today: date) -> list[MilestoneCheck]:
    """受け入れ先の支援 per milestone: for each follow-up point (1w, 1m, 3m, 6m), is there a host check-in
    on or after its date (and before the next one)? The coordinator sees which hosts wait for a call."""
    points = sorted(placement.follow_ups, key=lambda f: f.due_on)
    days = [c.at.date() for c in placement.check_ins]
    checks = []
    for index, follow_up in enumerate(points):
        until = points[index + 1].due_on if index + 1 < len(points) else None
        checked = any(day >= follow_up.due_on and (until is None or day < until) for day in days)
        checks.append(MilestoneCheck(str(follow_up.milestone), follow_up.due_on, checked, follow_up.due_on <= today))
    return checks


def save_brief(session: Session, placement: Placement, values: dict[str, Any], actor: User) -> HostBrief:
    """Write what the host may know about a placement (nickname, days, 配慮事項, the host's contact person)."""
    brief = session.scalar(select(HostBrief).where(HostBrief.placement_id == placement.id))
    if brief is None:
        brief = HostBrief(placement_id=placement.id)
        session.add(brief)
    for name in BRIEF_FIELDS:
        setattr(brief, name, (values.get(name) or "").strip() or None)
    brief.nickname = brief.nickname or "—"
    brief.updated_by_id = actor.id
    session.flush()
    return brief


def prospect_point(lat: float | None, lon: float | None) -> str | None:
    """The EWKT of a map pin, or None."""
    return f"SRID=4326;POINT({lon:.6f} {lat:.6f})" if lat is not None and lon is not None else None


def prospect_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every prospect by name, for the forms that pick a host."""
    return [
        (row.id, row.name)
        for row in session.execute(
            select(HostProspect.id, HostProspect.name).order_by(HostProspect.name, HostProspect.id)
        )
    ]


def prospects_by_ids(session: Session, ids: list[str] | None) -> list[HostProspect]:
    """The prospects whose ids a form sent (non-numbers ignored)."""
    wanted = record_ids(ids)
    return list(session.scalars(select(HostProspect).where(HostProspect.id.in_(wanted)))) if wanted else []


def coordinator_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of active coordinators, for "担当コーディネーター"."""
    rows = session.execute(
        select(User.id, User.display_name)
        .where(User.role == Role.COORDINATOR, User.active.is_(True))
        .order_by(User.display_name, User.id)
    )
    return [(row.id, row.display_name) for row in rows]


def users_by_id(session: Session, ids: set[int]) -> dict[int, User]:
    """Users by id (the coordinators a host page names)."""
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
