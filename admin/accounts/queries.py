"""Reads for the account pages: accounts filtered, active admins, agencies and organisations to pick from."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from directory.models import Organization
from tsunagu.models import Agency, Role, User

STATUS_FILTERS = ("active", "inactive")


def list_users(
    session: Session, *, role: str | None, agency_id: int | None, status: str | None, text: str | None
) -> list[User]:
    """Accounts matching the filters, by name; an unknown role or status filters nothing (it is a stale link)."""
    query = select(User).order_by(User.display_name, User.id)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    if status in STATUS_FILTERS:
        query = query.where(User.active.is_(status == "active"))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern)))
    return list(session.scalars(query))


def active_admins(session: Session) -> int:
    """How many accounts can still administer tsunagu."""
    return int(session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))) or 0)


def agencies_by_name(session: Session) -> list[Agency]:
    """Every agency, by name (the agency list, its filter and the affiliation picker)."""
    return list(session.scalars(select(Agency).order_by(Agency.name)))


def active_accounts_per_agency(session: Session) -> dict[int | None, int]:
    """How many active accounts each agency has (None: accounts without an agency)."""
    query = select(User.agency_id, func.count(User.id)).where(User.active.is_(True)).group_by(User.agency_id)
    return {agency_id: int(count) for agency_id, count in session.execute(query)}


def organization_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every organisation by name, for the group-account picker (ids and names only: there are many)."""
    query = select(Organization.id, Organization.name).order_by(Organization.name)
    return [(organization_id, name) for organization_id, name in session.execute(query)]
