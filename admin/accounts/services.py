"""Writes of 利用者と役割 and 支援機関: accounts created, their role and affiliation changed, deactivated and
reactivated; agencies created and changed. Every change lands in the audit log (ids and roles, never personal
data). The pages are in admin/accounts/views.py; these functions flush and leave the commit to their caller.

An admin never changes their own role or deactivates themselves, and the last active admin cannot be demoted
or deactivated, so tsunagu always keeps someone who can administer it. A refused change raises an
`AccountRefused` (or `AgencyNameTaken`) and changes nothing.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.accounts.queries import active_admins
from admin.curation_log import Actor, record_decision
from tsunagu.auth.services import create_user, user_by_email
from tsunagu.db import utcnow
from tsunagu.models import Agency, Role, User
from tsunagu.permissions import can_change_account

AGENCY_FIELDS = ("name", "kind", "municipality_code", "is_lead")


class AccountRefused(ValueError):
    """A change the account rules do not allow; the subclass says which rule."""


class OrganizationMissing(AccountRefused):
    """A group account needs the organisation whose entries it maintains."""


class AgencyMissing(AccountRefused):
    """Agency staff need their agency: the case records they see are their agency's."""


class EmailTaken(AccountRefused):
    """Another account has this address (compared without case: it is how people sign in)."""


class OwnAccount(AccountRefused):
    """An admin changing their own role or deactivating themselves (see `can_change_account`)."""


class LastAdmin(AccountRefused):
    """The change would leave no active admin."""


class AccountInactive(AccountRefused):
    """A deactivated account gets no password-set link: the reset page would refuse it anyway."""


class AgencyNameTaken(ValueError):
    """Another agency has this name (names are how staff pick their agency)."""


def removes_last_admin(session: Session, account: User, *, new_role: Role | None = None, active: bool = True) -> bool:
    """True when the change would leave no active admin (demoting or deactivating the only one)."""
    if account.role != Role.ADMIN or not account.active:
        return False
    still_admin = (new_role in (None, Role.ADMIN)) and active
    return not still_admin and active_admins(session) <= 1


def check_affiliation(role: Role, *, agency_id: int | None, organization_id: int | None) -> None:
    """Raise `OrganizationMissing` / `AgencyMissing` when the role lacks the affiliation its pages depend on."""
    if role == Role.GROUP and organization_id is None:
        raise OrganizationMissing(role)
    if role == Role.AGENCY and agency_id is None:
        raise AgencyMissing(role)


def _affiliation(account: User) -> dict[str, object]:
    return {"role": str(account.role), "agency_id": account.agency_id, "organization_id": account.organization_id}


def create_account(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    role: Role,
    agency_id: int | None,
    organization_id: int | None,
) -> User:
    """A new account with a random password nobody knows, logged; the person sets theirs through a link.

    The address counts as confirmed: an admin made the account with the address the person gave them. Only a
    group account keeps an organisation (other roles do not act for one).
    """
    check_affiliation(role, agency_id=agency_id, organization_id=organization_id)
    address = email.strip().lower()
    if user_by_email(session, address) is not None:
        raise EmailTaken(address)
    user = create_user(
        session,
        email=address,
        password=secrets.token_urlsafe(32),
        display_name=display_name.strip(),
        role=role,
        agency=session.get(Agency, agency_id) if agency_id else None,
        organization_id=organization_id if role == Role.GROUP else None,
    )
    user.email_confirmed_at = utcnow()
    record_decision(session, actor, "user.create", "user", user.id, **_affiliation(user))
    session.flush()
    return user


def change_account(
    session: Session, actor: Actor, account: User, *, role: Role, agency_id: int | None, organization_id: int | None
) -> dict[str, list[object]]:
    """Set an account's role and affiliation, logged when something changed; returns {field: [before, after]}.

    The checks run in the order the form reports them: the affiliation, the admin's own role, the last admin.
    """
    check_affiliation(role, agency_id=agency_id, organization_id=organization_id)
    if role != account.role and not can_change_account(actor.user, account):
        raise OwnAccount(account.id)
    if removes_last_admin(session, account, new_role=role):
        raise LastAdmin(account.id)
    before = _affiliation(account)
    account.role = role
    account.agency_id = agency_id
    account.organization_id = organization_id if role == Role.GROUP else None
    after = _affiliation(account)
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changes:
        record_decision(session, actor, "user.change", "user", account.id, changes=changes)
    session.flush()
    return changes


def set_account_active(session: Session, actor: Actor, account: User, *, active: bool) -> bool:
    """停止 / 再開, logged; False (nothing logged) when the account already was so.

    A deactivated account cannot sign in, and its open sessions end at their next request (the login manager
    loads active accounts only). Reactivating also clears a lockout, so the person can sign in at once.
    """
    if not active and not can_change_account(actor.user, account):
        raise OwnAccount(account.id)
    if not active and removes_last_admin(session, account, active=False):
        raise LastAdmin(account.id)
    if account.active == active:
        return False
    account.active = active
    if active:
        account.failed_logins, account.locked_until = 0, None
    record_decision(session, actor, "user.reactivate" if active else "user.deactivate", "user", account.id)
    session.flush()
    return True


def record_password_link(session: Session, actor: Actor, account: User) -> None:
    """Log that a fresh password-set link goes to `account` (the caller makes and sends it); refused for a
    deactivated account."""
    if not account.active:
        raise AccountInactive(account.id)
    record_decision(session, actor, "user.password_link", "user", account.id)
    session.flush()


def save_agency(
    session: Session,
    actor: Actor,
    agency: Agency | None,
    *,
    name: str,
    kind: str,
    municipality_code: str | None,
    is_lead: bool,
) -> Agency:
    """Create an agency (`agency` None) or change one, logged; `AgencyNameTaken` when another has the name.

    A blank kind is "other". A creation is logged even when nothing differs from the defaults, so every agency
    has its creation in the audit log.
    """
    name = name.strip()
    clash = select(Agency.id).where(Agency.name == name, Agency.id != (agency.id if agency is not None else 0))
    if session.scalar(clash) is not None:
        raise AgencyNameTaken(name)
    created = agency is None
    agency = Agency() if agency is None else agency
    before = {field: getattr(agency, field) for field in AGENCY_FIELDS}
    agency.name, agency.kind = name, kind.strip() or "other"
    agency.municipality_code = municipality_code or None
    agency.is_lead = is_lead
    session.add(agency)
    session.flush()
    changes = {f: [before[f], getattr(agency, f)] for f in AGENCY_FIELDS if before[f] != getattr(agency, f)}
    if created or changes:
        record_decision(
            session, actor, "agency.create" if created else "agency.change", "agency", agency.id, changes=changes
        )
    session.flush()
    return agency
