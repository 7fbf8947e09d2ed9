"""Reads of case records: the persons a listing shows, one record with its history, households, agencies."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matching.models import Consent, Household, Person, PersonRevision, PersonStatus, Placement
from tsunagu.models import Agency


def persons_for_listing(session: Session) -> list[Person]:
    """Active and closed persons with what `can_view_person` needs (consents, members, agencies) loaded;
    the caller keeps those the user may see."""
    return list(
        session.scalars(
            select(Person)
            .where(Person.status != PersonStatus.ERASED)
            .options(
                selectinload(Person.consents).selectinload(Consent.members),
                selectinload(Person.consents).selectinload(Consent.agencies),
            )
            .order_by(Person.code_name, Person.id)
        )
    )


def get_person(session: Session, person_id: int) -> Person | None:
    """One person with consents, household and placements (with their services) loaded."""
    return session.scalar(
        select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.consents).selectinload(Consent.members),
            selectinload(Person.consents).selectinload(Consent.agencies),
            selectinload(Person.placements).selectinload(Placement.service),
            selectinload(Person.household),
        )
    )


def person_history(session: Session, person_id: int) -> list[PersonRevision]:
    """Every saved change of a person record, newest first."""
    return list(
        session.scalars(
            select(PersonRevision)
            .where(PersonRevision.person_id == person_id)
            .order_by(PersonRevision.changed_at.desc(), PersonRevision.id.desc())
        )
    )


def household_choices(session: Session, agency_id: int | None) -> list[tuple[str, str]]:
    """(id, code) of the agency's households, for the person form."""
    rows = session.execute(select(Household.id, Household.code).where(Household.agency_id == agency_id))
    return [(str(row.id), row.code) for row in rows]


def agency_name(session: Session, agency_id: int | None) -> str:
    """The owning agency's name for the person pages ("—" when none)."""
    name = session.scalar(select(Agency.name).where(Agency.id == agency_id)) if agency_id is not None else None
    return name or "—"
