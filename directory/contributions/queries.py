"""Reads for group contributions and curation: a group's entries with their state, the review and stale queues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from directory.catalog.queries import freshness_cutoff
from directory.models import (
    ChangeKind,
    ChangeRequest,
    EntryStatus,
    Location,
    Organization,
    Review,
    ReviewState,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Visibility,
)
from directory.models.curation import TermRetirement
from tsunagu.models import Role, User
from tsunagu.spatial import lon_lat, within_m

STATE_LABELS = {
    "draft": _l("下書き"),
    "pending": _l("審査中"),
    "published": _l("公開中"),
    "unconfirmed": _l("確認待ち（検索に出ていません）"),
    "returned": _l("差し戻し"),
    "archived": _l("アーカイブ"),
    "coordinators": _l("非公開（コーディネーターのみ）"),
}
CHANGE_KIND_LABELS = {
    ChangeKind.NEW: _l("新規"),
    ChangeKind.EDIT: _l("変更"),
    ChangeKind.CORRECTION: _l("情報の訂正"),
    ChangeKind.PUBLISH: _l("公開の申請"),
}
QUEUE_FILTERS = ("new", "edit", "correction")
"""The review queue's filters (the stale queue is its own page, /admin/stale)."""


@dataclass(frozen=True)
class EntryState:
    """What a group sees of one entry: 下書き / 審査中 / 公開中 / 差し戻し (+ the reviewer's comment)."""

    key: str
    comment: str | None = None
    change_pending: bool = False
    """A change to the published entry waits for review (the public still sees the old version)."""
    change_returned: bool = False
    """The last change to the published entry was sent back (see `comment`)."""

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.key])


def _latest_requests(session: Session, service_ids: list[int]) -> dict[int, ChangeRequest]:
    rows = session.scalars(
        select(ChangeRequest)
        .where(ChangeRequest.service_id.in_(service_ids), ChangeRequest.kind.in_((ChangeKind.NEW, ChangeKind.EDIT)))
        .options(selectinload(ChangeRequest.reviews))
        .order_by(ChangeRequest.id)
    )
    return {row.service_id: row for row in rows if row.service_id is not None}


def entry_state(service: Service, latest: ChangeRequest | None) -> EntryState:
    """The state a group sees, from the entry's status and its latest change request."""
    comment = latest.reviews[-1].comment if latest is not None and latest.reviews else None
    returned = latest is not None and latest.state == ReviewState.REJECTED
    if service.status == EntryStatus.PUBLISHED and service.visibility == Visibility.COORDINATORS:
        return EntryState("coordinators")
    if service.status == EntryStatus.PUBLISHED:
        pending = latest is not None and latest.state == ReviewState.PENDING and latest.kind == ChangeKind.EDIT
        edit_returned = returned and latest is not None and latest.kind == ChangeKind.EDIT
        key = "unconfirmed" if unconfirmed_too_long(service) else "published"
        return EntryState(key, comment if edit_returned else None, pending, edit_returned)
    if service.status == EntryStatus.DRAFT and returned:
        return EntryState("returned", comment)
    return EntryState(str(service.status))


def unconfirmed_too_long(service: Service) -> bool:
    """Not confirmed for 18 months: the public search no longer shows it until the group confirms it."""
    last = service.verified_at or service.created_at
    return last is not None and last < freshness_cutoff()


def group_entries(session: Session, organization_id: int) -> list[tuple[Service, EntryState]]:
    """The organisation's activities (newest first) with the state its group sees.

    Coordinators-only entries (個別メニュー a coordinator arranged with this host for one person) are left out:
    they are the coordinator's record of one person's arrangement, not the group's listing, and a group edit
    of one would go to the public review queue. Only one the group itself submitted is listed, as 非公開.
    """
    submitted_by_group = (
        select(ChangeRequest.service_id)
        .join(User, User.id == ChangeRequest.submitted_by_id)
        .where(ChangeRequest.kind == ChangeKind.NEW, User.organization_id == organization_id)
    )
    services = list(
        session.scalars(
            select(Service)
            .where(
                Service.organization_id == organization_id,
                or_(Service.visibility != Visibility.COORDINATORS, Service.id.in_(submitted_by_group)),
            )
            .options(selectinload(Service.schedules))
            .order_by(Service.id.desc())
        )
    )
    latest = _latest_requests(session, [s.id for s in services])
    return [(service, entry_state(service, latest.get(service.id))) for service in services]


def published_photos(session: Session, service_ids: list[int]) -> dict[int, str]:
    """The public photo of each entry that has one: the photo of its latest approved NEW/EDIT review.

    A photo becomes public only through a reviewer's approval (contributions.approve writes it into the review
    snapshot, carried over by later approvals); a draft's or a pending change's photo is in no approved snapshot.
    """
    if not service_ids:
        return {}
    rows = session.execute(
        select(ChangeRequest.service_id, Review.snapshot)
        .join(Review, Review.change_request_id == ChangeRequest.id)
        .where(
            ChangeRequest.service_id.in_(service_ids),
            ChangeRequest.kind.in_((ChangeKind.NEW, ChangeKind.EDIT)),
            Review.decision == ReviewState.APPROVED,
        )
        .order_by(Review.at.desc(), Review.id.desc())
    )
    latest: dict[int, str | None] = {}
    for service_id, snapshot in rows:
        if service_id is not None and service_id not in latest:
            latest[service_id] = (snapshot or {}).get("photo")
    return {service_id: photo for service_id, photo in latest.items() if isinstance(photo, str)}


def published_photo(session: Session, service_id: int) -> str | None:
    """The public photo of one entry (see published_photos), or None."""
    return published_photos(session, [service_id]).get(service_id)


def pending_organization_change(session: Session, organization_id: int) -> ChangeRequest | None:
    """The organisation's own change waiting for review, if any."""
    return session.scalars(
        select(ChangeRequest).where(
            ChangeRequest.organization_id == organization_id,
            ChangeRequest.service_id.is_(None),
            ChangeRequest.state == ReviewState.PENDING,
        )
    ).first()


def open_requests(session: Session, service_id: int) -> list[ChangeRequest]:
    """Change requests of one entry still waiting for a decision."""
    return list(
        session.scalars(
            select(ChangeRequest).where(
                ChangeRequest.service_id == service_id, ChangeRequest.state == ReviewState.PENDING
            )
        )
    )


def review_queue(session: Session, kind: str | None = None) -> list[ChangeRequest]:
    """Pending change requests, oldest first (a first-come queue), optionally of one kind."""
    query = select(ChangeRequest).where(ChangeRequest.state == ReviewState.PENDING)
    if kind in QUEUE_FILTERS:
        query = query.where(ChangeRequest.kind == ChangeKind(kind))
    return list(session.scalars(query.order_by(ChangeRequest.created_at, ChangeRequest.id)))


def queue_entries(
    session: Session, requests: list[ChangeRequest]
) -> tuple[dict[int, Service], dict[int, Organization]]:
    """The entries and organisations the listed requests are about, by id (one query each)."""
    service_ids = {r.service_id for r in requests if r.service_id}
    organization_ids = {r.organization_id for r in requests if r.organization_id}
    services = session.scalars(select(Service).where(Service.id.in_(service_ids))) if service_ids else []
    organizations = (
        session.scalars(select(Organization).where(Organization.id.in_(organization_ids))) if organization_ids else []
    )
    return {s.id: s for s in services}, {o.id: o for o in organizations}


def stale_services(session: Session, *, months: int, now: datetime) -> list[Service]:
    """Published entries not verified for `months` (never verified first, then oldest), with the organisation."""
    cutoff = _months_ago(now, months)
    return list(
        session.scalars(
            select(Service)
            .where(
                Service.status == EntryStatus.PUBLISHED,
                or_(Service.verified_at.is_(None), Service.verified_at < cutoff),
            )
            .options(selectinload(Service.organization))
            .order_by(Service.verified_at.is_not(None), Service.verified_at, Service.id)
        )
    )


def _months_ago(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 30.44))


def verified_share(session: Session, *, months: int, now: datetime) -> tuple[int, int]:
    """(public entries verified within `months`, all public entries): the dashboard's freshness target.

    Public means what residents can find: published, public visibility, not 掲載しない (coordinator-only
    custom menus and unlisted entries are checked on their own terms)."""
    published = and_(
        Service.status == EntryStatus.PUBLISHED, Service.visibility == Visibility.PUBLIC, Service.do_not_list.is_(False)
    )
    total = session.scalar(select(func.count()).select_from(Service).where(published)) or 0
    fresh = session.scalar(
        select(func.count()).select_from(Service).where(published, Service.verified_at >= _months_ago(now, months))
    )
    return fresh or 0, total


def group_contacts(session: Session, organization_ids: set[int]) -> dict[int, list[User]]:
    """Active group accounts per organisation: who to remind about stale entries."""
    users = session.scalars(
        select(User).where(User.role == Role.GROUP, User.active.is_(True), User.organization_id.in_(organization_ids))
    )
    contacts: dict[int, list[User]] = {}
    for user in users:
        contacts.setdefault(user.organization_id or 0, []).append(user)
    return contacts


def pending_registrations(session: Session) -> list[tuple[User, Organization | None]]:
    """Self-registered group and volunteer accounts that have not followed their confirmation link yet, newest
    first (a volunteer has no organisation)."""
    rows = session.execute(
        select(User, Organization)
        .outerjoin(Organization, Organization.id == User.organization_id)
        .where(User.role.in_((Role.GROUP, Role.VOLUNTEER)), User.email_confirmed_at.is_(None))
        .order_by(User.created_at.desc())
    )
    return [(user, org) for user, org in rows]


DUPLICATE_RADIUS_M = 300


def possible_duplicates(session: Session, service: Service, *, metres: float = DUPLICATE_RADIUS_M) -> list[Service]:
    """Other live entries with the same normalised name near the same point (anywhere, when either has none).

    Shown to the reviewer of a new entry, who decides; the same name far away (チェーンの子ども食堂) is kept apart.
    """
    if not service.name_normalized:
        return []
    query = (
        select(Service)
        .where(
            Service.id != service.id,
            Service.name_normalized == service.name_normalized,
            Service.status != EntryStatus.ARCHIVED,
        )
        .options(selectinload(Service.organization))
        .order_by(Service.id)
    )
    point = lon_lat(service.at_locations[0].location.point) if service.at_locations else None
    if point is not None:
        located = (
            select(ServiceAtLocation.service_id)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .where(Location.point.is_not(None))
        )
        near = located.where(within_m(Location.point, point[1], point[0], metres, session.get_bind().dialect.name))
        query = query.where(or_(Service.id.in_(near), Service.id.not_in(located)))
    return list(session.scalars(query))


def kind_terms(session: Session) -> list[TaxonomyTerm]:
    """The activity kinds a group can choose from, in taxonomy order (retired kinds are not offered)."""
    return list(
        session.scalars(
            select(TaxonomyTerm)
            .where(TaxonomyTerm.taxonomy.has(code="kind"), TaxonomyTerm.id.not_in(select(TermRetirement.term_id)))
            .options(selectinload(TaxonomyTerm.labels))
            .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
        )
    )
