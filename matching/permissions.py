"""Authorisation decisions about case records: who may see or change a person, a placement, its follow-ups,
the consent, a custom menu and what a host is told (role-only decisions: tsunagu.permissions).

`can_view_person` is the one place that applies the consent tiers (DESIGN.md "Consent").
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from directory.models import Service
from matching.models import (
    ConsentTier,
    CustomMenu,
    FollowUp,
    Household,
    Meeting,
    MeetingKind,
    Person,
    PersonStatus,
    Placement,
    PlacementStatus,
    UnmetNeed,
)
from matching.reporting.outcomes import ReportScope
from tsunagu.models import Role
from tsunagu.permissions import can_develop_resources, can_match, can_use_host_view, role_of


def is_custom_menu_service(service: Service) -> bool:
    """Whether a 個別メニュー refers to this entry (its host group must not treat it as its own listing)."""
    session = object_session(service)
    if session is None or service.id is None:
        return False
    return session.scalar(select(CustomMenu.id).where(CustomMenu.service_id == service.id)) is not None


def can_view_person(user: Any, person: Person) -> bool:
    """Consent-tiered visibility of a case record.

    Owning agency's coordinators always; tier `none` (支援会議): also the named members only;
    tier `shared` (本人同意): also users of the listed agencies and the owning agency's other staff (partners
    see their own cases). Admins see all (and are audited).
    Erased records show nothing personal to anyone.
    """
    role = role_of(user)
    if role is None or role in (Role.GROUP, Role.VOLUNTEER):
        return False
    if role == Role.ADMIN:
        return True
    if person.status == PersonStatus.ERASED:
        return False
    if role == Role.COORDINATOR and user.agency_id == person.agency_id:
        return True
    consent = person.current_consent
    if consent is None or consent.tier == ConsentTier.NONE:
        # without 本人同意 the owning agency's other staff see it only as named 支援会議 members
        return consent is not None and any(member.id == user.id for member in consent.members)
    own_agency = user.agency_id is not None and user.agency_id == person.agency_id
    return own_agency or any(agency.id == user.agency_id for agency in consent.agencies)


def can_edit_person(user: Any, person: Person) -> bool:
    """Only coordinators of the owning agency (and admins) change a case record; an erased one nobody."""
    if person.status == PersonStatus.ERASED:
        return False
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and user.agency_id == person.agency_id)


def can_view_unmet_need(user: Any, need: UnmetNeed) -> bool:
    """What an unmet need says was sought (its text comes from the person's interests and wishes).

    Tied to a person: whoever may see that person's record. Recorded without a person (or left after an
    erasure, which unlinks it): the anonymous material every coordinator developing resources works from.
    """
    if need.person_id is None:
        return role_of(user) is not None
    session = object_session(need)
    person = session.get(Person, need.person_id) if session is not None else None
    return person is not None and can_view_person(user, person)


def can_edit_household(user: Any, household: Household) -> bool:
    """See and change a household and its members: coordinators of the owning agency and admins (it links case
    records, so it is kept as close as the records themselves; each member's consent is recorded on it)."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and user.agency_id == household.agency_id)


def can_match_household(user: Any, household: Household) -> bool:
    """Run matching and propose for a household: whoever may edit it and may run matching."""
    return can_match(user) and can_edit_household(user, household)


def can_match_person(user: Any, person: Person) -> bool:
    """Run matching for a person: a coordinator (or admin) who may see the record and it is not erased."""
    return can_match(user) and can_view_person(user, person) and person.status != PersonStatus.ERASED


def can_propose_placement(user: Any, person: Person) -> bool:
    """Propose a placement (提案): whoever may edit the case record, while the case is active."""
    return can_edit_person(user, person) and person.status == PersonStatus.ACTIVE


def can_edit_placement(user: Any, placement: Placement) -> bool:
    """Move a placement on, end it, write host-side notes: whoever may edit the case record (not erased)."""
    return can_edit_person(user, placement.person) and placement.person.status != PersonStatus.ERASED


def can_record_follow_up(user: Any, follow_up: FollowUp) -> bool:
    """Record what a 定着 follow-up found: whoever may edit the placement."""
    return can_edit_placement(user, follow_up.placement)


def can_view_timeline(user: Any, person: Person) -> bool:
    """A person's timeline (placements, follow-ups, notes, consent changes): as the record itself."""
    return can_view_person(user, person) and person.status != PersonStatus.ERASED


def can_add_case_note(user: Any, person: Person) -> bool:
    """Write a note on the case: whoever the consent lets see it (coordinators, members, listed agencies' staff)."""
    return can_view_timeline(user, person)


def can_change_consent(user: Any, person: Person) -> bool:
    """Record 本人同意 or a 支援会議: coordinators of the owning agency and admins, while the record exists."""
    return can_edit_person(user, person) and person.status != PersonStatus.ERASED


def can_erase_person(user: Any, person: Person) -> bool:
    """Carry out a withdrawal of consent / deletion request (erasure): as changing consent."""
    return can_change_consent(user, person)


def can_edit_menu(user: Any, menu: CustomMenu) -> bool:
    """Change a custom menu or open it to others: coordinators of the agency that made it, and admins."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and user.agency_id == menu.agency_id)


def can_view_menu_person(user: Any, menu: CustomMenu) -> bool:
    """Who the menu was made for (and its 同行 / 配慮事項): only those who may see that person's record."""
    return menu.person is not None and can_view_person(user, menu.person)


def can_view_host_brief(user: Any, placement: Placement) -> bool:
    """A host sees the practical details of a running placement at its own organisation, never the case."""
    return (
        can_use_host_view(user)
        and placement.service.organization_id == user.organization_id
        and placement.status != PlacementStatus.ENDED
        and placement.person.status == PersonStatus.ACTIVE
    )


def can_write_host_brief(user: Any, placement: Placement) -> bool:
    """Decide what the host is told about a placement: whoever may edit the placement."""
    return can_edit_placement(user, placement)


def is_lead_agency_staff(user: Any) -> bool:
    """Staff of the 多機関協働事業者 (an agency account whose agency is the lead agency)."""
    agency = getattr(user, "agency", None)
    return role_of(user) == Role.AGENCY and agency is not None and bool(agency.is_lead)


def can_view_development(user: Any) -> bool:
    """The 社会資源の開発 page: coordinators and admins work on it; the lead agency reads its area's aggregate
    counts of unmet needs and development cases (the text of a need only where the person's consent allows)."""
    return can_develop_resources(user) or is_lead_agency_staff(user)


def can_view_area_case_counts(user: Any) -> bool:
    """Town-wide counts of every case in the area by status (no identities): the lead agency's staff."""
    return is_lead_agency_staff(user)


def report_scope_for(user: Any) -> ReportScope:
    """Whose cases a user's report counts and whether small cells are suppressed.

    Admins: every case, exact. Coordinators and partner-agency staff: their own agency's cases, exact (an
    internal view). The 多機関協働事業者 (lead agency) staff: aggregates of every case in the town, with cells of
    1–2 suppressed, since most of those cases belong to other agencies. Identities are never in a report.
    """
    role = role_of(user)
    if role == Role.ADMIN:
        return ReportScope(None, shared=False)
    if is_lead_agency_staff(user):
        return ReportScope(None, shared=True)
    return ReportScope(frozenset({user.agency_id}) if user.agency_id else frozenset(), shared=False)


def can_view_plan(user: Any, person: Person) -> bool:
    """A person's 支援プラン and closures: as the timeline (who the consent lets see the case)."""
    return can_view_timeline(user, person)


def can_edit_plan(user: Any, person: Person) -> bool:
    """Write the 支援プラン: whoever may edit the case record."""
    return can_edit_person(user, person) and person.status != PersonStatus.ERASED


def can_close_case(user: Any, person: Person) -> bool:
    """終結 of the whole case: whoever may edit the record, while the case is active."""
    return can_edit_person(user, person) and person.status == PersonStatus.ACTIVE


def can_reopen_case(user: Any, person: Person) -> bool:
    """Open a closed case again: whoever may edit the record."""
    return can_edit_person(user, person) and person.status == PersonStatus.CLOSED


def can_create_meeting(user: Any) -> bool:
    """Record a 支援会議 / 重層的支援会議: coordinators with an agency (it keeps the record) and admins."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and getattr(user, "agency_id", None) is not None)


def can_view_meeting(user: Any, meeting: Meeting) -> bool:
    """A meeting record. 支援会議 (守秘義務, no consent): its named members only (and admins). 重層的支援会議:
    its members and the staff of the agencies taking part. What each sees of a case: can_see_case_in_meeting."""
    role = role_of(user)
    if role is None or role in (Role.GROUP, Role.VOLUNTEER):
        return False
    if role == Role.ADMIN or any(member.id == user.id for member in meeting.members):
        return True
    if meeting.kind == MeetingKind.SUPPORT:
        return False
    return user.agency_id is not None and any(agency.id == user.agency_id for agency in meeting.agencies)


def can_edit_meeting(user: Any, meeting: Meeting) -> bool:
    """Change a meeting record or print the pack for one of its members: the convening agency's coordinators."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and user.agency_id == meeting.agency_id)


def can_see_case_in_meeting(user: Any, meeting: Meeting, person: Person) -> bool:
    """Whether a case discussed at a meeting shows with its name and status to this user (in the record and the
    pack). 支援会議: to its named members (法106条の6, bound by 守秘義務) — never erased records. 重層的支援会議: only
    where the person's consent lets the user see the record (can_view_person)."""
    if person.status == PersonStatus.ERASED:
        return False
    if meeting.kind == MeetingKind.SUPPORT and any(member.id == user.id for member in meeting.members):
        return True
    return can_view_person(user, person)


def can_discuss_case(user: Any, kind: MeetingKind, person: Person) -> bool:
    """Put a case on a meeting's agenda: one the user may see; a 重層的支援会議 needs the person's 本人同意 (shared)."""
    if not can_view_person(user, person) or person.status == PersonStatus.ERASED:
        return False
    if kind == MeetingKind.MULTI_AGENCY:
        consent = person.current_consent
        return consent is not None and consent.tier == ConsentTier.SHARED
    return True
