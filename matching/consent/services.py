"""Consent changes and erasure: sharing under 本人同意, 支援会議 membership, withdrawal that erases at once.

Who may see a person under each tier is decided in tsunagu.permissions.can_view_person only; these functions
change the facts it reads. Every function flushes and never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from directory.catalog.indexing import refresh_search_text
from directory.models import Service, Visibility
from matching.menus.services import forget_person
from matching.models import (
    CaseNote,
    Consent,
    ConsentTier,
    CustomMenu,
    EndReason,
    Person,
    PersonStatus,
    PlacementStatus,
    UnmetNeed,
)
from matching.persons.services import erase_history
from tsunagu.db import utcnow
from tsunagu.models import Agency, User

ERASED_LABEL = "（消去済み）"
"""What replaces an erased code name where text must stay (the name of a custom menu built for the person)."""
PERSONAL_FIELDS = (
    "code_name",
    "birth_year",
    "home_district",
    "home_point",
    "interests_text",
    "strengths",
    "wants_to_try",
    "max_distance_km",
    "mobility",
    "max_cost_yen",
    "preferred_space",
    "preferred_threshold",
    "with_family",
    "notes",
    "household_id",
)
"""Person columns blanked by erasure (lists are emptied separately); agency and coordinator stay for counts."""
PERSONAL_LISTS = ("interests", "available", "languages", "accessibility", "kinds")


def share_with_consent(
    session: Session,
    person: Person,
    agencies: list[Agency],
    actor: User,
    *,
    form_reference: str,
    meeting_name: str | None = None,
    note: str | None = None,
) -> Consent:
    """本人同意: from now on the listed agencies see the case (tier `shared`), recorded with who, when and the
    reference of the signed consent form. The owning agency is always among them."""
    if not form_reference.strip():
        raise ValueError("form_reference")
    listed = {a.id: a for a in agencies}
    owner = session.get(Agency, person.agency_id)
    if owner is not None:
        listed.setdefault(owner.id, owner)
    consent = Consent(
        tier=ConsentTier.SHARED,
        agencies=list(listed.values()),
        recorded_by_id=actor.id,
        recorded_at=utcnow(),
        form_reference=form_reference.strip(),
        meeting_name=meeting_name or None,
        note=note or None,
    )
    person.consents.append(consent)
    session.flush()
    return consent


def hold_support_meeting(
    session: Session, person: Person, members: list[User], actor: User, *, meeting_name: str
) -> Consent:
    """支援会議 (法106条の6) without 本人同意: only the named members (bound by 守秘義務) see the case."""
    consent = Consent(
        tier=ConsentTier.NONE,
        members=list({m.id: m for m in members}.values()),
        recorded_by_id=actor.id,
        recorded_at=utcnow(),
        meeting_name=meeting_name,
    )
    person.consents.append(consent)
    session.flush()
    return consent


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, in counts only (this is what the audit log keeps)."""

    placements_kept: int
    placements_closed: int
    custom_menus_renamed: int


def erase_person(session: Session, person: Person, actor: User) -> Erasure:
    """Withdrawal of consent or a deletion request: erase every personal field at once.

    The person row stays (status erased) so reports keep counting placements by kind, stage and month; every
    free text about the person goes: the record's fields and history, case notes, notes on placements, events,
    follow-ups and host check-ins, what hosts were told (host briefs), consent notes, the links from unmet needs
    and custom menus (with the menus' arrangement notes), and the code name in the name and search text of custom
    menus built for them. Open placements are closed; open follow-ups dropped.
    """
    code_name = person.code_name
    now = utcnow()
    for consent in person.consents:
        consent.withdrawn_at = consent.withdrawn_at or now
        consent.note = consent.form_reference = None
    closed = 0
    menus: set[int] = set()
    for placement in person.placements:
        if placement.status != PlacementStatus.ENDED:
            placement.status, placement.end_reason, placement.ended_at = PlacementStatus.ENDED, EndReason.OTHER, now
            closed += 1
        placement.end_note = placement.host_support_notes = placement.override_reason = None
        for event in placement.events:
            event.note = None
        for follow_up in list(placement.follow_ups):
            if follow_up.done_at is None:
                placement.follow_ups.remove(follow_up)
            else:
                follow_up.note = None
        for check_in in placement.check_ins:
            check_in.how_it_goes = check_in.worries = check_in.adjustments = check_in.host_contact_person = None
        if placement.service.visibility == Visibility.COORDINATORS:
            menus.add(placement.service_id)
    for name in PERSONAL_FIELDS:
        setattr(person, name, None)
    for name in PERSONAL_LISTS:
        setattr(person, name, [])
    person.status, person.erased_at = PersonStatus.ERASED, now
    person.match_preferences = None  # deleted (delete-orphan): preferences are personal too
    erase_history(session, person)
    session.execute(update(UnmetNeed).where(UnmetNeed.person_id == person.id).values(person_id=None))
    session.execute(delete(CaseNote).where(CaseNote.person_id == person.id))
    menus |= set(session.scalars(select(CustomMenu.service_id).where(CustomMenu.person_id == person.id)))
    forget_person(session, person)  # host briefs and the menus' arrangement notes
    renamed = _scrub_custom_menus(session, menus, code_name) if code_name else 0
    session.flush()
    return Erasure(len(person.placements), closed, renamed)


def _scrub_custom_menus(session: Session, service_ids: set[int], code_name: str) -> int:
    """Replace the code name in custom menus built for the person (name, description, translations) and
    rebuild their search text, so the search index no longer finds the erased person."""
    renamed = 0
    for service in session.scalars(select(Service).where(Service.id.in_(service_ids))):
        touched = False
        for field in ("name", "alternate_name", "description"):
            value = getattr(service, field)
            if value and code_name in value:
                setattr(service, field, value.replace(code_name, ERASED_LABEL))
                touched = True
        for translation in service.translations:
            if code_name in translation.value:
                translation.value = translation.value.replace(code_name, ERASED_LABEL)
                touched = True
        renamed += touched
    session.flush()
    refresh_search_text(session, service_ids)
    return renamed
