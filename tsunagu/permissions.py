"""Every authorisation decision of tsunagu, one function per action (like ckan's auth functions).

Views, services and templates call these and nothing else; the role × route matrix test exercises them.
`user` may be flask-login's AnonymousUserMixin, so each function first asks `is_authenticated`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from directory.models import EntryStatus, Service, Visibility
from matching.models import ConsentTier, Person, PersonStatus
from tsunagu.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def _role(user: Any) -> Role | None:
    return user.role if getattr(user, "is_authenticated", False) else None


def can_use_coordinator_area(user: Any) -> bool:
    """Coordinator pages: coordinators, agency staff and admins."""
    return _role(user) in (Role.COORDINATOR, Role.AGENCY, Role.ADMIN)


def can_use_admin_area(user: Any) -> bool:
    """Admin pages: admins only."""
    return _role(user) == Role.ADMIN


def can_view_service(user: Any, service: Service) -> bool:
    """Published public entries for everyone; drafts to their group and curators; custom menus to coordinators."""
    role = _role(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    if role == Role.GROUP and user.organization_id == service.organization_id:
        return True
    return (
        service.status == EntryStatus.PUBLISHED and service.visibility == Visibility.PUBLIC and not service.do_not_list
    )


def can_edit_service(user: Any, service: Service) -> bool:
    """Groups edit their own entries (published ones through review); coordinators and admins curate."""
    role = _role(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return role == Role.GROUP and user.organization_id == service.organization_id


def can_view_person(user: Any, person: Person) -> bool:
    """Consent-tiered visibility of a case record.

    Owning agency's coordinators always; tier `none` (支援会議): also the named members only;
    tier `shared` (本人同意): also users of the listed agencies. Admins see all (and are audited).
    Erased records show nothing personal to anyone.
    """
    role = _role(user)
    if role is None or role == Role.GROUP:
        return False
    if role == Role.ADMIN:
        return True
    if person.status == PersonStatus.ERASED:
        return False
    if role == Role.COORDINATOR and user.agency_id == person.agency_id:
        return True
    consent = person.current_consent
    if consent is None:
        return False
    if consent.tier == ConsentTier.NONE:
        return any(member.id == user.id for member in consent.members)
    return any(agency.id == user.agency_id for agency in consent.agencies)


def can_edit_person(user: Any, person: Person) -> bool:
    """Only coordinators of the owning agency (and admins) change a case record."""
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.COORDINATOR and user.agency_id == person.agency_id and person.status != PersonStatus.ERASED


def can_review(user: Any) -> bool:
    """Approve or reject change requests and publish entries."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def require(check: Callable[[Any], bool]) -> Callable[[F], F]:
    """View decorator: 401 → login for anonymous users, 403 for signed-in users without the right."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from tsunagu.auth import login_manager

                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


TEMPLATE_PERMISSIONS = {name: fn for name, fn in globals().items() if name.startswith("can_") and callable(fn)}
"""Exposed to Jinja so templates ask the same functions as views."""
