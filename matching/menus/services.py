"""個別メニュー: arrangements with a host built for one person, and opening one to others (他の人にも開く).

A menu's activity is an ordinary Service written through the curation helpers (directory.contributions.services),
with visibility "coordinators only": every public path filters it out with `public_filter()`, while
placements, follow-ups and reports work on it unchanged. Opening it to others makes a *separate* draft
entry from it and sends that through the review queue (contributions.submit_for_review), so the person's
arrangement (同行, 配慮事項, who it was for) is never what gets published, and the menu keeps its history.

Writes flush and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from directory.contributions.fields import service_snapshot
from directory.contributions.services import create_activity, submit_for_review, update_activity
from directory.models import (
    ChangeRequest,
    EntryStatus,
    Organization,
    OrganizationKind,
    Service,
    Threshold,
    Visibility,
)
from matching.engine import MatchResult, Profile, match
from matching.hosts.services import add_contact
from matching.models import CustomMenu, HostBrief, HostProspect, Person, Placement, ProspectStatus
from matching.suggestions.candidates import load_candidates
from tsunagu.audit import record
from tsunagu.db import utcnow
from tsunagu.models import AuditLog, User
from tsunagu.spatial import lon_lat

MENU_ACTIONS = {"custom_menu.create": "create", "custom_menu.update": "update", "custom_menu.open": "open"}
"""Audit actions of a menu → the step its history shows (pages word the steps, see matching.menus.views)."""


class AlreadyOpen(ValueError):
    """The menu was already sent to review or published as a public activity."""


def host_organization(session: Session, prospect: HostProspect) -> Organization:
    """The catalog organisation a prospect's menus belong to, made (unpublished) on first use.

    A new one is a draft: it shows nowhere public until a reviewer approves an activity of it.
    """
    if prospect.organization_id is not None:
        organization = session.get(Organization, prospect.organization_id)
        if organization is not None:
            return organization
    organization = Organization(name=prospect.name, kind=OrganizationKind.OTHER, status=EntryStatus.DRAFT)
    session.add(organization)
    session.flush()
    prospect.organization_id = organization.id
    return organization


def entry_data(values: dict[str, Any], prospect: HostProspect | None) -> dict[str, Any]:
    """The catalog fields of a menu (what, where, when) as curation entry data; the prospect's pin by default."""
    point = lon_lat(prospect.point) if prospect is not None else None
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None or lon is None) and point is not None:
        lat, lon = point[1], point[0]
    return {
        "name": values["name"],
        "kind": values.get("kind") or None,
        "description": values.get("description") or "",
        "schedule_text": values.get("schedule_text") or "",
        "threshold": str(Threshold.REFERRAL),
        "space": values.get("space") or "protected",
        "building": values.get("place") or "",
        "latitude": lat,
        "longitude": lon,
    }


def _note(session: Session, menu: CustomMenu, action: str, actor: User, **detail: Any) -> None:
    record(
        session, actor_id=actor.id, action=action, object_type="custom_menu", object_id=menu.id, detail=detail or None
    )


def create_menu(
    session: Session, *, prospect: HostProspect, person: Person | None, values: dict[str, Any], actor: User
) -> CustomMenu:
    """A custom menu with a host for one person: a coordinators-only Service plus the arrangement.

    A prospect still at 候補 / 打診中 becomes 協力可, and the contact history says why.
    """
    organization = host_organization(session, prospect)
    service = create_activity(session, organization, entry_data(values, prospect), actor=actor)
    service.visibility = Visibility.COORDINATORS
    service.status = EntryStatus.PUBLISHED
    service.verified_at = utcnow()
    menu = CustomMenu(
        service=service,
        person=person,
        prospect=prospect,
        created_by_id=actor.id,
        agency_id=person.agency_id if person is not None else actor.agency_id,
    )
    _arrangement(menu, values)
    session.add(menu)
    session.flush()
    if prospect.status in (ProspectStatus.CANDIDATE, ProspectStatus.APPROACHING):
        prospect.status = ProspectStatus.WILLING
        add_contact(session, prospect, f"個別メニュー「{service.name}」を作成（協力可）", actor)
    _note(session, menu, "custom_menu.create", actor)
    session.flush()
    return menu


def _arrangement(menu: CustomMenu, values: dict[str, Any]) -> None:
    menu.accompaniment = (values.get("accompaniment") or "").strip() or None
    menu.host_agreements = (values.get("host_agreements") or "").strip() or None
    menu.review_on = values.get("review_on")


def update_menu(session: Session, menu: CustomMenu, values: dict[str, Any], actor: User) -> None:
    """Change what, where, when and the arrangement; the entry stays coordinators-only."""
    data = {**service_snapshot(menu.service), **entry_data(values, menu.prospect)}
    update_activity(session, menu.service, data, actor=actor)
    menu.service.visibility = Visibility.COORDINATORS
    _arrangement(menu, values)
    _note(session, menu, "custom_menu.update", actor)
    session.flush()


def open_to_others(session: Session, menu: CustomMenu, changes: dict[str, Any], actor: User) -> ChangeRequest:
    """他の人にも開く: with the host's agreement, a public draft made from the menu goes to the review queue.

    `changes` are the public wording the coordinator chose (name, description, schedule, how to join,
    private home or not); nothing of the arrangement is copied. A draft sent back (差し戻し) is resubmitted in place.
    """
    public = menu.public_service
    if public is not None and public.status in (EntryStatus.PENDING, EntryStatus.PUBLISHED):
        raise AlreadyOpen(str(public.status))
    data = {**service_snapshot(menu.service), **changes, "threshold": changes.get("threshold") or "reservation"}
    if public is None:
        public = create_activity(session, menu.service.organization, data, actor=actor)
        public.visibility = Visibility.PUBLIC
    else:
        update_activity(session, public, data, actor=actor)
    request = submit_for_review(session, public, actor=actor)
    request.message = f"個別メニュー「{menu.service.name}」を他の人にも開く申請です（受け入れ先の同意あり）。"
    menu.public_service_id, menu.open_request_id = public.id, request.id
    menu.host_agreed_to_open_at = utcnow()
    _note(session, menu, "custom_menu.open", actor, change_request_id=request.id, public_service_id=public.id)
    session.flush()
    return request


@dataclass(frozen=True)
class HistoryItem:
    """One line of a menu's history: when, who, what."""

    at: dt.datetime
    actor: str
    what: str
    """create, update, open, approved or rejected."""
    comment: str | None = None


def menu_history(session: Session, menu: CustomMenu) -> list[HistoryItem]:
    """The menu's history, oldest first: creation, changes, the request to open it and the review decisions."""
    logged = session.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == "custom_menu", AuditLog.object_id == menu.id)
        .order_by(AuditLog.at, AuditLog.id)
    ).all()
    steps: list[tuple[dt.datetime, int | None, str, str | None]] = [
        (row.at, row.actor_id, MENU_ACTIONS.get(row.action, row.action), None) for row in logged
    ]
    if menu.open_request is not None:
        steps += [(r.at, r.reviewer_id, str(r.decision), r.comment) for r in menu.open_request.reviews]
    ids = {actor for _at, actor, _what, _comment in steps if actor is not None}
    names = dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
    items = [HistoryItem(at, names.get(actor, "—") if actor else "—", what, note) for at, actor, what, note in steps]
    return sorted(items, key=lambda item: item.at)


def list_menus(session: Session) -> list[CustomMenu]:
    """Every custom menu, newest first, with the service, prospect and person loaded (the caller decides
    what each user sees of the person)."""
    return list(
        session.scalars(
            select(CustomMenu)
            .options(
                selectinload(CustomMenu.service),
                selectinload(CustomMenu.public_service),
                selectinload(CustomMenu.prospect),
                selectinload(CustomMenu.person),
            )
            .order_by(CustomMenu.created_at.desc(), CustomMenu.id.desc())
        )
    )


def menu_placements(session: Session, menu: CustomMenu) -> list[Placement]:
    """The placements on a menu's activity, oldest first (for those who may see the person)."""
    return list(
        session.scalars(select(Placement).where(Placement.service_id == menu.service_id).order_by(Placement.id))
    )


def menu_for_service(session: Session, service_id: int) -> CustomMenu | None:
    """The custom menu whose activity is this service, if it is one."""
    return session.scalar(select(CustomMenu).where(CustomMenu.service_id == service_id))


def menu_suggestions(session: Session, profile: Profile, today: dt.date, *, limit: int = 5) -> MatchResult:
    """Custom menus for a (resolved) profile, by the same engine and hard constraints as the catalog.

    The candidate loader reads public entries only; its `service_ids` path loads exactly the menus, which
    the engine then checks like any entry (distance, schedule, age, capacity…). For coordinators only.
    """
    ids = list(
        session.scalars(
            select(Service.id).where(
                Service.visibility == Visibility.COORDINATORS, Service.status == EntryStatus.PUBLISHED
            )
        )
    )
    candidates, _counts = load_candidates(session, profile, service_ids=ids) if ids else ([], {})
    return match(profile, candidates, today, limit=limit)


def forget_person(session: Session, person: Person) -> int:
    """Erasure: drop the arrangement details of the person's menus (同行, 配慮事項, the link to them) and
    what hosts were told about their placements (host briefs: nickname, days, 配慮事項).

    For the consent-withdrawal erasure (matching.consent.services); returns how many menus were scrubbed.
    """
    placements = select(Placement.id).where(Placement.person_id == person.id)
    session.execute(delete(HostBrief).where(HostBrief.placement_id.in_(placements)))
    result = session.execute(
        update(CustomMenu)
        .where(CustomMenu.person_id == person.id)
        .values(person_id=None, accompaniment=None, host_agreements=None)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
