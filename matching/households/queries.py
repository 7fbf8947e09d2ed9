"""Reads of the household pages: the households an agency has, one household with its members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matching.models import Household


def households_for_agency(session: Session, agency_id: int | None) -> list[Household]:
    """The agency's households by code (admins without an agency: every household)."""
    query = select(Household).order_by(Household.code)
    if agency_id is not None:
        query = query.where(Household.agency_id == agency_id)
    return list(session.scalars(query.options(selectinload(Household.light_members))))


def get_household(session: Session, household_id: int) -> Household | None:
    """One household with its persons and lighter members loaded."""
    return session.scalar(
        select(Household)
        .where(Household.id == household_id)
        .options(selectinload(Household.members), selectinload(Household.light_members))
    )
