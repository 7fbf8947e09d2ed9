"""Writes of the household pages: households, their lighter members, and proposals per member.

Every function flushes and never commits: the request boundary commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from matching.models import Household, HouseholdMember, Person, PersonStatus, Placement
from matching.persons.services import propose_placement
from tsunagu.db import utcnow
from tsunagu.models import User


def save_household(session: Session, household: Household, values: dict[str, Any]) -> Household:
    """Create or update a household with the form's values."""
    for name, value in values.items():
        setattr(household, name, value)
    session.add(household)
    session.flush()
    return household


def save_member(session: Session, member: HouseholdMember, values: dict[str, Any]) -> HouseholdMember:
    """Create or update a lighter member record; a newly recorded consent is time-stamped."""
    if values.get("consent_tier") != member.consent_tier:
        member.consent_recorded_at = utcnow() if values.get("consent_tier") is not None else None
    for name, value in values.items():
        setattr(member, name, value)
    session.add(member)
    session.flush()
    return member


def remove_member(session: Session, member: HouseholdMember) -> None:
    """Delete a lighter member record (their placements keep the household's person, without the member)."""
    session.delete(member)
    session.flush()


def propose_for_members(
    session: Session,
    household: Household,
    service_id: int,
    actor: User,
    *,
    persons: list[Person],
    members: list[HouseholdMember],
    score: float | None,
    proposed_on: date | None = None,
    override_reason: str | None = None,
    broken: tuple[str, ...] = (),
) -> list[Placement]:
    """One placement per attending member: on a member's own case record, or — for a member without one — on
    the household's first active person, marked with that member. Raises ValueError when such a member's household
    has no person record to hold the placement. An override keeps its reason and the broken conditions on each."""
    holder = next((p for p in household.members if p.status == PersonStatus.ACTIVE), None)
    if members and holder is None:
        raise ValueError("no person record in the household")
    common: dict[str, Any] = {
        "score": score,
        "model_version": None,
        "proposed_on": proposed_on,
        "override_reason": override_reason,
        "broken": broken,
    }
    placements = [propose_placement(session, p, service_id, actor, **common) for p in persons]
    if holder is not None:
        placements += [
            propose_placement(session, holder, service_id, actor, household_member_id=member.id, **common)
            for member in members
        ]
    return placements
