"""Volunteers (ボランティア): sign-up, the coordinator's review, 興味あり and sharing contact details with a group.

A volunteer is public only under a code name. Contact details live on the profile and reach a group only when
the volunteer chooses "団体に連絡先を伝える" for that group's entry (VolunteerInterest.status CONTACT_SHARED).
Review decisions are audit entries ("volunteer.approve" / "volunteer.reject", the comment as the note), so the
volunteer can be told why and every decision stays on the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.accounts.services import create_unconfirmed_user, email_taken
from directory.models import InterestStatus, Service, TaxonomyTerm, Volunteer, VolunteerInterest, VolunteerStatus
from tsunagu.audit import record
from tsunagu.models import AuditLog, Role, User

VOLUNTEERS_WANTED = "volunteers_wanted"
"""The ボランティア募集 kind (taxonomy code) volunteers say 興味あり to."""
PROFILE_FIELDS = (
    "code_name",
    "skills",
    "interests",
    "availability",
    "district",
    "max_distance_km",
    "languages",
    "contact_email",
    "contact_phone",
    "bio",
)
"""What a volunteer writes about themselves (the form's `to_values` keys)."""
CONTACT_FIELDS = ("contact_email", "contact_phone")
"""Never shown in public or to a group, unless the volunteer shared them for that group's entry."""
REVIEW_ACTIONS = {"volunteer.approve": VolunteerStatus.ACTIVE, "volunteer.reject": VolunteerStatus.INACTIVE}

SKILL_WORDS = ("料理", "子どもの見守り", "学習支援", "送迎", "傾聴", "通訳・翻訳", "力仕事", "パソコン", "音楽", "園芸")
"""The common skills a volunteer ticks, as stored: the Japanese words the engine matches against entries."""


@dataclass(frozen=True)
class ReviewNote:
    """The latest review decision on a sign-up, as its volunteer is told."""

    status: VolunteerStatus
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class InterestedVolunteer:
    """One volunteer interested in a group's entry, as the group's page shows them."""

    interest: VolunteerInterest
    volunteer: Volunteer


def _apply(volunteer: Volunteer, values: dict[str, Any], home_point: tuple[float, float] | None) -> None:
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(volunteer, name, values[name])
    # the district's centroid (lat, lon) stands for where the volunteer lives: never an address
    volunteer.home_point = f"SRID=4326;POINT({home_point[1]} {home_point[0]})" if home_point else None


def sign_up_volunteer(
    session: Session, *, email: str, password: str, values: dict[str, Any], home_point: tuple[float, float] | None
) -> Volunteer | None:
    """An inactive volunteer account and its profile, waiting for review; None when the address has an account.

    The account's display name is the code name, so nothing signed in shows a real name.
    """
    if email_taken(session, email, password):
        return None
    user = create_unconfirmed_user(
        session, email=email, password=password, display_name=values["code_name"], role=Role.VOLUNTEER
    )
    volunteer = Volunteer(user_id=user.id, status=VolunteerStatus.PENDING)
    _apply(volunteer, values, home_point)
    session.add(volunteer)
    session.flush()
    return volunteer


def update_volunteer_profile(
    session: Session, volunteer: Volunteer, values: dict[str, Any], home_point: tuple[float, float] | None
) -> None:
    """The volunteer changes their own profile; a declined sign-up goes back to review with it."""
    _apply(volunteer, values, home_point)
    if volunteer.status == VolunteerStatus.INACTIVE:
        volunteer.status = VolunteerStatus.PENDING
    session.flush()


def review_volunteer(session: Session, volunteer: Volunteer, *, reviewer: User, approve: bool, comment: str) -> None:
    """承認 or 差し戻し of a sign-up by the ボランティアセンター, recorded with its comment."""
    action = "volunteer.approve" if approve else "volunteer.reject"
    volunteer.status = REVIEW_ACTIONS[action]
    volunteer.reviewed_by_id = reviewer.id
    entry = record(
        session,
        actor_id=reviewer.id,
        action=action,
        object_type="volunteer",
        object_id=volunteer.id,
        page="volunteer_review",
    )
    entry.note = comment.strip() or None
    session.flush()


def latest_review(session: Session, volunteer_id: int) -> ReviewNote | None:
    """The last approve/reject decision on a volunteer, with its comment."""
    entry = session.scalars(
        select(AuditLog)
        .where(
            AuditLog.object_type == "volunteer",
            AuditLog.object_id == volunteer_id,
            AuditLog.action.in_(list(REVIEW_ACTIONS)),
        )
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    ).first()
    return ReviewNote(REVIEW_ACTIONS[entry.action], entry.note, entry.at) if entry else None


def volunteer_of(session: Session, user_id: int) -> Volunteer | None:
    """The profile of a volunteer account."""
    return session.scalars(select(Volunteer).where(Volunteer.user_id == user_id).order_by(Volunteer.id)).first()


def volunteers_by_status(session: Session, status: VolunteerStatus) -> list[tuple[Volunteer, User | None]]:
    """Volunteers in one review state with their accounts: pending ones oldest first (a queue), others newest."""
    order = Volunteer.id if status == VolunteerStatus.PENDING else Volunteer.id.desc()
    rows = session.execute(
        select(Volunteer, User)
        .outerjoin(User, User.id == Volunteer.user_id)
        .where(Volunteer.status == status)
        .order_by(order)
    )
    return [(volunteer, user) for volunteer, user in rows]


def is_volunteers_wanted(service: Service) -> bool:
    """Whether the entry is a ボランティア募集 (the only kind a volunteer says 興味あり to)."""
    return any(term.code == VOLUNTEERS_WANTED for term in service.terms)


def interests_of(session: Session, volunteer_id: int) -> dict[int, VolunteerInterest]:
    """The volunteer's interests by service id (withdrawn ones too, so the page can offer 興味あり again)."""
    rows = session.scalars(select(VolunteerInterest).where(VolunteerInterest.volunteer_id == volunteer_id))
    return {interest.service_id: interest for interest in rows}


def interested_services(session: Session, volunteer_id: int) -> list[tuple[VolunteerInterest, Service]]:
    """The entries the volunteer is (still) interested in, newest first: shown even when no longer suggested."""
    rows = session.execute(
        select(VolunteerInterest, Service)
        .join(Service, Service.id == VolunteerInterest.service_id)
        .where(VolunteerInterest.volunteer_id == volunteer_id, VolunteerInterest.status != InterestStatus.DECLINED)
        .order_by(VolunteerInterest.created_at.desc(), VolunteerInterest.id.desc())
    )
    return [(interest, service) for interest, service in rows]


def set_interest(session: Session, volunteer: Volunteer, service: Service, status: InterestStatus) -> VolunteerInterest:
    """興味あり (INTERESTED), 団体に連絡先を伝える (CONTACT_SHARED) or 取り下げ (DECLINED) for one entry.

    One row per volunteer and entry: withdrawing keeps the row (the group stops seeing it), saying 興味あり again
    reuses it and takes back a shared contact until the volunteer shares it anew.
    """
    interest = session.scalars(
        select(VolunteerInterest).where(
            VolunteerInterest.volunteer_id == volunteer.id, VolunteerInterest.service_id == service.id
        )
    ).first()
    if interest is None:
        interest = VolunteerInterest(volunteer_id=volunteer.id, service_id=service.id)
        session.add(interest)
    interest.status = status
    record(
        session,
        actor_id=volunteer.user_id,
        action=f"volunteer.interest.{status.value}",
        object_type="service",
        object_id=service.id,
        detail={"volunteer_id": volunteer.id},
    )
    session.flush()
    return interest


def interested_volunteers(session: Session, service_ids: list[int]) -> dict[int, list[InterestedVolunteer]]:
    """Active volunteers interested in each of the entries (withdrawn interests left out), oldest interest first."""
    if not service_ids:
        return {}
    rows = session.execute(
        select(VolunteerInterest, Volunteer)
        .join(Volunteer, Volunteer.id == VolunteerInterest.volunteer_id)
        .where(
            VolunteerInterest.service_id.in_(service_ids),
            VolunteerInterest.status != InterestStatus.DECLINED,
            Volunteer.status == VolunteerStatus.ACTIVE,
        )
        .order_by(VolunteerInterest.created_at, VolunteerInterest.id)
    )
    found: dict[int, list[InterestedVolunteer]] = {service_id: [] for service_id in service_ids}
    for interest, volunteer in rows:
        found[interest.service_id].append(InterestedVolunteer(interest, volunteer))
    return found


def volunteers_wanted_ids(session: Session, organization_id: int) -> list[int]:
    """The organisation's ボランティア募集 entries (any state: a draft may already have interested volunteers)."""
    return list(
        session.scalars(
            select(Service.id)
            .join(Service.terms)
            .where(Service.organization_id == organization_id, TaxonomyTerm.code == VOLUNTEERS_WANTED)
        )
    )
