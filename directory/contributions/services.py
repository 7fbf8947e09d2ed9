"""Writes of group contributions and their review: drafts, submissions, change requests, decisions, corrections.

Every function flushes and never commits (the view or CLI edge commits). Permission checks are repeated here
through tsunagu.permissions, so a caller that forgot one gets an error instead of a silent write.

States: a new activity is 下書き (draft) → 審査中 (pending, with a NEW change request) → 公開中 (published) on
approval, or back to draft with the reviewer's comment (差し戻し). An edit of a published entry by its group is
an EDIT change request: the published version stays as it is until a reviewer approves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.contributions.fields import apply_organization, apply_service, organization_snapshot, service_snapshot
from directory.contributions.queries import published_photo
from directory.models import ChangeKind, ChangeRequest, EntryStatus, Organization, Review, ReviewState, Service
from directory.permissions import can_add_activity, can_edit_organization, can_edit_service
from tsunagu.audit import record
from tsunagu.db import utcnow
from tsunagu.models import AuditLog
from tsunagu.permissions import can_review

CORRECTION_ACTION = "correction.submit"
ATTACHMENTS = ("flyer", "photo")
"""Keys of a change request's `after` that are not entry fields: the stored names of a チラシ photo and of the
activity's photo (directory.contributions.photos). A photo is public once a review approving it is recorded (see
contrib_queries.published_photos), so a draft's or a pending change's photo never is."""


class NotAllowed(PermissionError):
    """The user may not do this (the views check first; this guards the services themselves)."""


def _check(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


def _pending(
    session: Session,
    *,
    service: Service | None = None,
    organization: Organization | None = None,
    kinds: tuple[ChangeKind, ...] = (ChangeKind.NEW, ChangeKind.EDIT),
) -> ChangeRequest | None:
    """The open change request of a group for this entry, if any (there is at most one)."""
    query = select(ChangeRequest).where(ChangeRequest.state == ReviewState.PENDING, ChangeRequest.kind.in_(kinds))
    if service is not None:
        query = query.where(ChangeRequest.service_id == service.id)
    else:
        query = query.where(ChangeRequest.organization_id == organization.id, ChangeRequest.service_id.is_(None))  # type: ignore[union-attr]
    return session.scalars(query.order_by(ChangeRequest.id.desc())).first()


def create_activity(session: Session, organization: Organization, data: dict[str, Any], *, actor: Any) -> Service:
    """A new activity of `organization` as a draft (下書き); nothing is public until a reviewer approves."""
    _check(can_add_activity(actor, organization))
    service = Service(organization=organization, status=EntryStatus.DRAFT)
    apply_service(session, service, data)
    return service


def submit_for_review(session: Session, service: Service, *, actor: Any, photo: str | None = None) -> ChangeRequest:
    """Send a draft to the review queue (審査中) with a snapshot of what the reviewer will publish (and its photo)."""
    _check(can_edit_service(actor, service))
    if service.status == EntryStatus.PUBLISHED:
        raise ValueError("a published entry changes through update_activity")
    service.status = EntryStatus.PENDING
    request = _pending(session, service=service) or ChangeRequest(
        kind=ChangeKind.NEW, service_id=service.id, organization_id=service.organization_id
    )
    request.submitted_by_id = getattr(actor, "id", None)
    request.after = _with_attachments(request.after, service_snapshot(service), photo=photo)
    session.add(request)
    session.flush()
    return request


def _with_attachments(
    previous: dict[str, Any] | None, snapshot: dict[str, Any], *, photo: str | None = None
) -> dict[str, Any]:
    """A new snapshot for a pending request, keeping what is attached to it (チラシ, photo) unless a new photo
    replaces it. A new dict every time: the JSON column notices only reassignment."""
    kept = {key: value for key, value in (previous or {}).items() if key in ATTACHMENTS}
    return {**snapshot, **kept, **({"photo": photo} if photo else {})}


def _published_snapshot(session: Session, service: Service) -> dict[str, Any]:
    """What the public sees of an entry, its photo included: the `before` of a change to it."""
    photo = published_photo(session, service.id)
    return {**service_snapshot(service), **({"photo": photo} if photo else {})}


def submit_flyer(
    session: Session, organization: Organization, data: dict[str, Any], *, flyer: str, note: str | None, actor: Any
) -> ChangeRequest:
    """チラシ only: a draft with the few fields given, sent to review with the photo for the reviewer to complete."""
    service = create_activity(session, organization, data, actor=actor)
    request = submit_for_review(session, service, actor=actor)
    request.after = {**(request.after or {}), "flyer": flyer}
    request.message = (note or "").strip() or None
    session.flush()
    return request


def update_activity(
    session: Session, service: Service, data: dict[str, Any], *, actor: Any, photo: str | None = None
) -> ChangeRequest | None:
    """Change an activity; returns the change request when the change waits for review.

    A group's edit of a published entry becomes (or updates) an EDIT change request and the entry is left
    untouched; unpublished entries and reviewers' own edits are written at once (a pending submission's
    snapshot follows them, so the reviewer approves what is there). A new `photo` (a stored name) of a
    published entry always waits for review, a reviewer's too: only an approval makes a photo public.
    """
    _check(can_edit_service(actor, service))
    if service.status == EntryStatus.PUBLISHED and (photo or not can_review(actor)):
        if data.get("do_not_list") and not service.do_not_list:
            service.do_not_list = True  # asking not to be listed never waits for a review
        open_request = _pending(session, service=service)
        before = _published_snapshot(session, service)
        pending_photo = (open_request.after or {}).get("photo") if open_request is not None else None
        proposed = photo or pending_photo or before.get("photo")
        data = {**data, **({"photo": proposed} if proposed else {})}
        return _propose_edit(
            session, open_request, before, data, actor, service_id=service.id, organization_id=service.organization_id
        )
    apply_service(session, service, data)
    if service.status == EntryStatus.PUBLISHED:  # a curator's direct edit of a public entry is logged
        record(
            session,
            actor_id=getattr(actor, "id", None),
            action="service.edit",
            object_type="service",
            object_id=service.id,
        )
    open_request = _pending(session, service=service)
    if open_request is not None and open_request.kind == ChangeKind.NEW:
        open_request.after = _with_attachments(open_request.after, service_snapshot(service), photo=photo)
    session.flush()
    return None


def _propose_edit(
    session: Session,
    open_request: ChangeRequest | None,
    before: dict[str, Any],
    data: dict[str, Any],
    actor: Any,
    **target: Any,
) -> ChangeRequest | None:
    """Create or update the one open EDIT request of an entry; data equal to the entry withdraws it."""
    if data == before:
        if open_request is not None:
            open_request.state = ReviewState.WITHDRAWN
            session.flush()
        return None
    request = open_request or ChangeRequest(kind=ChangeKind.EDIT, **target)
    request.before, request.after = before, data
    request.submitted_by_id = getattr(actor, "id", None)
    session.add(request)
    session.flush()
    return request


def update_organization(
    session: Session, organization: Organization, data: dict[str, Any], *, actor: Any
) -> ChangeRequest | None:
    """Change an organisation; a group's change of a published organisation waits for review like an activity."""
    _check(can_edit_organization(actor, organization))
    if organization.status == EntryStatus.PUBLISHED and not can_review(actor):
        return _propose_edit(
            session,
            _pending(session, organization=organization),
            organization_snapshot(organization),
            data,
            actor,
            organization_id=organization.id,
        )
    apply_organization(session, organization, data)
    return None


def _merge(current: dict[str, Any], request: ChangeRequest) -> dict[str, Any]:
    """The current entry with only the fields the request changed: a curator's later fix is not undone."""
    before, after = request.before or {}, request.after or {}
    merged = dict(current)
    merged.update({name: value for name, value in after.items() if before.get(name) != value})
    return merged


def _decide(
    session: Session,
    request: ChangeRequest,
    reviewer: Any,
    decision: ReviewState,
    comment: str | None,
    snapshot: dict[str, Any] | None,
) -> Review:
    request.state = decision
    review = Review(
        change_request=request, reviewer_id=reviewer.id, decision=decision, comment=comment or None, snapshot=snapshot
    )
    session.add(review)
    record(
        session,
        actor_id=reviewer.id,
        action=f"review.{decision}",
        object_type="change_request",
        object_id=request.id,
        detail={"kind": str(request.kind)},
    )
    session.flush()
    return review


def approve(session: Session, request: ChangeRequest, *, reviewer: Any, comment: str | None = None) -> Review:
    """公開: publish a new entry, apply an edit (field by field), or close a correction as dealt with.

    Approval also confirms the entry (最終確認日 = now) and publishes the group's organisation with its first
    activity.
    """
    _check(can_review(reviewer))
    if request.state != ReviewState.PENDING:
        raise ValueError("only a pending change request can be decided")
    now = utcnow()
    service = session.get(Service, request.service_id) if request.service_id else None
    organization = session.get(Organization, request.organization_id) if request.organization_id else None
    snapshot: dict[str, Any] | None = None
    if service is not None and request.kind in (ChangeKind.NEW, ChangeKind.EDIT):
        photo = (request.after or {}).get("photo")
        if request.kind == ChangeKind.EDIT:
            merged = _merge(_published_snapshot(session, service), request)
            apply_service(session, service, merged)
            photo = merged.get("photo")
        else:  # an approved edit never republishes an entry archived meanwhile
            service.status = EntryStatus.PUBLISHED
        service.verified_at = now
        if service.status == EntryStatus.PUBLISHED and service.organization.status != EntryStatus.PUBLISHED:
            service.organization.status = EntryStatus.PUBLISHED
        snapshot = {**service_snapshot(service), **({"photo": photo} if photo else {})}
    elif organization is not None and request.kind == ChangeKind.EDIT:
        apply_organization(session, organization, _merge(organization_snapshot(organization), request))
        snapshot = organization_snapshot(organization)
    return _decide(session, request, reviewer, ReviewState.APPROVED, comment, snapshot)


def reject(session: Session, request: ChangeRequest, *, reviewer: Any, comment: str) -> Review:
    """差し戻し with a comment the group sees; a rejected new entry goes back to draft, a published one stays."""
    _check(can_review(reviewer))
    if request.state != ReviewState.PENDING:
        raise ValueError("only a pending change request can be decided")
    if not comment.strip():
        raise ValueError("a rejection needs a comment for the group")
    service = session.get(Service, request.service_id) if request.service_id else None
    if service is not None and request.kind == ChangeKind.NEW and service.status == EntryStatus.PENDING:
        service.status = EntryStatus.DRAFT
    return _decide(session, request, reviewer, ReviewState.REJECTED, comment, request.after)


def submit_correction(
    session: Session, service: Service, *, message: str, contact: str | None, ip_digest: str | None
) -> ChangeRequest:
    """情報が違う？ — a resident's correction goes to the review queue (no account needed)."""
    request = ChangeRequest(
        kind=ChangeKind.CORRECTION,
        service_id=service.id,
        organization_id=service.organization_id,
        message=message.strip(),
        submitter_contact=(contact or "").strip() or None,
        before=service_snapshot(service),
    )
    session.add(request)
    session.flush()
    record(
        session,
        actor_id=None,
        action=CORRECTION_ACTION,
        object_type="change_request",
        object_id=request.id,
        ip_digest=ip_digest,
    )
    session.flush()
    return request


def corrections_exceeded(session: Session, ip_digest: str | None, *, limit: int, window: timedelta) -> bool:
    """True when this client (by keyed IP hash) already sent `limit` corrections within `window`."""
    if ip_digest is None:
        return False
    count = session.scalar(
        select(func.count())
        .select_from(AuditLog)
        .where(AuditLog.action == CORRECTION_ACTION, AuditLog.ip_hash == ip_digest, AuditLog.at >= utcnow() - window)
    )
    return (count or 0) >= limit


def confirm_still_correct(session: Session, service: Service, *, actor: Any) -> None:
    """「まだ正しい」: re-verify an entry in one click (最終確認日 = now), logged.

    Its group may do this too (the six-monthly reminder asks them to): confirming changes nothing public.
    """
    _check(can_edit_service(actor, service))
    service.verified_at = utcnow()
    record(session, actor_id=actor.id, action="service.verify", object_type="service", object_id=service.id)
    session.flush()
