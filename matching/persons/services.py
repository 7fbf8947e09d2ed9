"""Writes of the matching pages: person intake and edits (with history), proposals, unmet needs.

Every function flushes and never commits: the request (or CLI command) boundary commits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from matching.areas.queries import junior_high_of
from matching.casework.services import event_time
from matching.models import (
    MatchPreferences,
    Person,
    PersonRevision,
    Placement,
    PlacementEvent,
    PlacementStatus,
    UnmetNeed,
)
from tsunagu.models import User
from tsunagu.spatial import lon_lat

PERSON_FIELDS = (
    "code_name",
    "birth_year",
    "home_district",
    "home_junior_high_district",
    "home_point",
    "interests",
    "interests_text",
    "strengths",
    "wants_to_try",
    "available",
    "max_distance_km",
    "mobility",
    "max_cost_yen",
    "languages",
    "accessibility",
    "preferred_space",
    "preferred_threshold",
    "with_family",
    "gender_comfort",
    "kinds",
    "household_id",
    "notes",
)
"""The matching fields a coordinator edits (nothing that identifies the person beyond a code name)."""


def plain_value(value: Any) -> Any:
    """A JSON-safe form of a field value for the history (enums as their value, points as rounded text),
    so that a value read back from the database compares equal to the same value from the form."""
    if isinstance(value, str) and not value.startswith("SRID="):
        return getattr(value, "value", value)
    if value is None or isinstance(value, bool | int | float | list | dict):
        return value
    point = lon_lat(value)
    return f"POINT({point[0]:.5f} {point[1]:.5f})" if point else str(value)


def intake_changes(person: Person) -> dict[str, list[Any]]:
    """The first revision of a record: every filled matching field, before = null."""
    changes = {}
    for name in PERSON_FIELDS:
        value = plain_value(getattr(person, name))
        if value not in (None, "", [], False):
            changes[name] = [None, value]
    return changes


def save_person(session: Session, person: Person, values: dict[str, Any], actor: User) -> PersonRevision | None:
    """Apply `values` to the person (new or existing) and keep the change as a PersonRevision.

    Returns None when nothing changed, so re-saving an unchanged form adds no history.
    """
    new = person.id is None
    changes: dict[str, list[Any]] = {}
    preference_changes = _apply_preferences(person, values.get("preferences"))
    for name in PERSON_FIELDS:
        if name in values and (new or plain_value(getattr(person, name)) != plain_value(values[name])):
            changes[name] = [plain_value(getattr(person, name)), plain_value(values[name])]
            setattr(person, name, values[name])
    if new:
        person.coordinator_id = person.coordinator_id or actor.id
        session.add(person)
        changes = intake_changes(person)
    changes.update(preference_changes)
    if not new and not changes:
        return None
    session.flush()
    revision = PersonRevision(person_id=person.id, version=person.version_id, changed_by_id=actor.id, changes=changes)
    session.add(revision)
    session.flush()
    return revision


def _apply_preferences(person: Person, values: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Set the person's match preferences; the changes, keyed "preferences.<field>", go into the revision."""
    if values is None:
        return {}
    current = person.match_preferences
    if current is None:
        if not any(values.values()):
            return {}
        current = person.match_preferences = MatchPreferences(men_welcome=False, first_step=False, hard=[])
    changes = {}
    for name, value in values.items():
        before = plain_value(getattr(current, name))
        if before != plain_value(value) and not (before in (None, False, []) and value in (None, False, [])):
            changes[f"preferences.{name}"] = [before, plain_value(value)]
            setattr(current, name, value)
    return changes


def erase_history(session: Session, person: Person) -> None:
    """Delete a person's revisions (they hold the erased values); for the consent-withdrawal erasure."""
    session.execute(delete(PersonRevision).where(PersonRevision.person_id == person.id))


def propose_placement(
    session: Session,
    person: Person,
    service_id: int,
    actor: User,
    *,
    score: float | None,
    model_version: str | None,
    override_reason: str | None = None,
    broken: tuple[str, ...] = (),
    household_member_id: int | None = None,
    proposed_on: date | None = None,
) -> Placement:
    """A placement in status 提案 with its first event row (the lifecycle itself belongs to casework).

    An override — an entry the engine did not suggest, found by search or among the near misses — keeps the
    coordinator's reason and the hard constraints it breaks for this person, so outcomes and unmet-need
    reports can tell such placements apart. `proposed_on` dates a proposal made earlier (today when None).
    """
    at = event_time(proposed_on)
    placement = Placement(
        person_id=person.id,
        service_id=service_id,
        coordinator_id=actor.id,
        status=PlacementStatus.PROPOSED,
        match_score=score,
        match_model_version=model_version,
        override_reason=override_reason or None,
        override_constraint=",".join(broken) or None,
        household_member_id=household_member_id,
        proposed_at=at,
    )
    placement.events.append(
        PlacementEvent(actor_id=actor.id, at=at, from_status=None, to_status=PlacementStatus.PROPOSED)
    )
    session.add(placement)
    session.flush()
    return placement


def record_unmet_need(
    session: Session,
    *,
    actor: User,
    sought: str,
    kinds: list[str],
    district: str | None,
    failed_constraints: list[str],
    profile: dict[str, Any] | None = None,
    person: Person | None = None,
    point: str | None = None,
    junior_high_district: str | None = None,
) -> UnmetNeed:
    """繋ぐ先がない: what was sought, where, and which constraints failed (an anonymised profile snapshot).

    Where: the 地区 and 中学校区 chosen, else the person's home area, else the 中学校区 of the 地区 (so a need is
    located whenever anything about its place is known).
    """
    if person is not None and not district:
        district = person.home_district
        junior_high_district = junior_high_district or person.home_junior_high_district
    junior_high_district = junior_high_district or junior_high_of(session, district)
    need = UnmetNeed(
        person_id=person.id if person is not None else None,
        agency_id=person.agency_id if person is not None else actor.agency_id,
        recorded_by_id=actor.id,
        sought=sought,
        kinds=kinds,
        district=district,
        junior_high_district=junior_high_district,
        point=point,
        failed_constraints=failed_constraints,
        profile=profile,
    )
    session.add(need)
    session.flush()
    return need
