"""Authorisation decisions about catalog entries: who may see, edit, translate or archive an activity, and
who sees the volunteers interested in it (role-only decisions: tsunagu.permissions).

A coordinators-only entry can be a 個別メニュー that a coordinator arranged with the group as host for one
person; that is casework's knowledge, so matching tells this module how to recognise one
(`set_one_person_arrangement_check`, called when matching's blueprints are registered) instead of the
catalog importing casework.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from directory.models import EntryStatus, InterestStatus, Organization, Service, Visibility, VolunteerInterest
from tsunagu.models import Role
from tsunagu.permissions import can_review_volunteers, role_of

_arranged_for_one_person: Callable[[Service], bool] = lambda service: False  # noqa: E731


def set_one_person_arrangement_check(check: Callable[[Service], bool]) -> None:
    """Tell the catalog how to recognise an entry arranged for one person (a custom menu), whose host group must
    not see or edit it as its own."""
    global _arranged_for_one_person
    _arranged_for_one_person = check


def can_view_service(user: Any, service: Service) -> bool:
    """Published public entries for everyone; drafts to their group and curators; custom menus to coordinators."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    if _is_own_entry(user, service):
        return True
    return (
        service.status == EntryStatus.PUBLISHED and service.visibility == Visibility.PUBLIC and not service.do_not_list
    )


def can_edit_service(user: Any, service: Service) -> bool:
    """Groups edit their own entries (published ones through review); coordinators and admins curate."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return _is_own_entry(user, service)


def _is_own_entry(user: Any, service: Service) -> bool:
    """A group's own entry: its organisation's, except a 個別メニュー a coordinator arranged with it as host
    for one person (coordinators-only, the coordinator's record; its name can identify the person)."""
    if role_of(user) != Role.GROUP or user.organization_id != service.organization_id:
        return False
    return service.visibility != Visibility.COORDINATORS or not _arranged_for_one_person(service)


def can_add_activity(user: Any, organization: Organization) -> bool:
    """Groups add activities to their own organisation; coordinators and admins to any."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return role == Role.GROUP and organization.id is not None and user.organization_id == organization.id


def can_edit_organization(user: Any, organization: Organization) -> bool:
    """Groups edit their own organisation (published ones through review); coordinators and admins curate."""
    return can_add_activity(user, organization)


def can_submit_correction(user: Any, service: Service) -> bool:
    """情報が違う？: anyone who can see the entry, no account needed."""
    return can_view_service(user, service)


def can_translate_service(user: Any, service: Service) -> bool:
    """Write an entry's translations: its group (saved as not yet reviewed) and curators (saved as reviewed)."""
    return can_edit_service(user, service)


def can_archive_service(user: Any, service: Service) -> bool:
    """Take an entry out of the catalog (アーカイブ, with a reason): curators (coordinators and admins)."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR) and service.id is not None


def can_view_volunteer_interests(user: Any, service: Service) -> bool:
    """Who said 興味あり to an entry (code name, skills, availability): its group and curators."""
    return can_edit_service(user, service)


def can_view_volunteer_contact(user: Any, interest: VolunteerInterest, service: Service) -> bool:
    """A volunteer's contact details beside their interest: reviewers always; the entry's group only once the
    volunteer chose to share them (団体に連絡先を伝える)."""
    if can_review_volunteers(user):
        return True
    return (
        role_of(user) == Role.GROUP
        and interest.service_id == service.id
        and user.organization_id == service.organization_id
        and interest.status == InterestStatus.CONTACT_SHARED
    )
