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
from sqlalchemy import select
from sqlalchemy.orm import object_session

from directory.models import EntryStatus, InterestStatus, Organization, Service, Visibility, VolunteerInterest
from matching.models import ConsentTier, CustomMenu, FollowUp, Person, PersonStatus, Placement, PlacementStatus
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
    if _is_own_entry(user, service):
        return True
    return (
        service.status == EntryStatus.PUBLISHED and service.visibility == Visibility.PUBLIC and not service.do_not_list
    )


def can_edit_service(user: Any, service: Service) -> bool:
    """Groups edit their own entries (published ones through review); coordinators and admins curate."""
    role = _role(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return _is_own_entry(user, service)


def _is_own_entry(user: Any, service: Service) -> bool:
    """A group's own entry: its organisation's, except a 個別メニュー a coordinator arranged with it as host
    for one person (coordinators-only, the coordinator's record; its name can identify the person)."""
    if _role(user) != Role.GROUP or user.organization_id != service.organization_id:
        return False
    if service.visibility != Visibility.COORDINATORS:
        return True
    session = object_session(service)
    return session is None or session.scalar(select(CustomMenu.id).where(CustomMenu.service_id == service.id)) is None


def can_add_activity(user: Any, organization: Organization) -> bool:
    """Groups add activities to their own organisation; coordinators and admins to any."""
    role = _role(user)
    if role in (Role.ADMIN, Role.COORDINATOR):
        return True
    return role == Role.GROUP and organization.id is not None and user.organization_id == organization.id


def can_edit_organization(user: Any, organization: Organization) -> bool:
    """Groups edit their own organisation (published ones through review); coordinators and admins curate."""
    return can_add_activity(user, organization)


def can_contribute(user: Any) -> bool:
    """The group pages (/contribute/…): a signed-in group account linked to its organisation."""
    return _role(user) == Role.GROUP and getattr(user, "organization_id", None) is not None


def can_edit_entries(user: Any) -> bool:
    """The activity edit pages at all: groups with an organisation, coordinators and admins (each entry is then
    checked with can_edit_service)."""
    return can_contribute(user) or _role(user) in (Role.ADMIN, Role.COORDINATOR)


def can_submit_correction(user: Any, service: Service) -> bool:
    """情報が違う？: anyone who can see the entry, no account needed."""
    return can_view_service(user, service)


def can_manage_registrations(user: Any) -> bool:
    """See self-registered accounts waiting for e-mail confirmation and their links (to pass on by hand)."""
    return _role(user) == Role.ADMIN


def can_view_person(user: Any, person: Person) -> bool:
    """Consent-tiered visibility of a case record.

    Owning agency's coordinators always; tier `none` (支援会議): also the named members only;
    tier `shared` (本人同意): also users of the listed agencies and the owning agency's other staff (partners
    see their own cases). Admins see all (and are audited).
    Erased records show nothing personal to anyone.
    """
    role = _role(user)
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
    """Only coordinators of the owning agency (and admins) change a case record."""
    role = _role(user)
    if role == Role.ADMIN:
        return True
    return role == Role.COORDINATOR and user.agency_id == person.agency_id and person.status != PersonStatus.ERASED


def can_match(user: Any) -> bool:
    """Run matching (pages, POST /api/v1/match), record intakes and unmet needs: coordinators and admins."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def can_match_person(user: Any, person: Person) -> bool:
    """Run matching for a person: a coordinator (or admin) who may see the record and it is not erased."""
    return can_match(user) and can_view_person(user, person) and person.status != PersonStatus.ERASED


def can_propose_placement(user: Any, person: Person) -> bool:
    """Propose a placement (提案): whoever may edit the case record, while the case is active."""
    return can_edit_person(user, person) and person.status == PersonStatus.ACTIVE


def can_review(user: Any) -> bool:
    """Approve or reject change requests and publish entries."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def can_manage_areas(user: Any) -> bool:
    """Upload 地区 / 中学校区 boundaries and set coverage targets: admins."""
    return _role(user) == Role.ADMIN


def can_place_locations(user: Any) -> bool:
    """The 位置未設定 queue: place the map pin of an entry without one (curators: coordinators and admins)."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def can_manage_imports(user: Any) -> bool:
    """Upload, preview and confirm imports on the admin import page: admins only."""
    return _role(user) == Role.ADMIN


def can_translate_service(user: Any, service: Service) -> bool:
    """Write an entry's translations: its group (saved as not yet reviewed) and curators (saved as reviewed)."""
    return can_edit_service(user, service)


def can_view_translation_status(user: Any) -> bool:
    """See which entries still lack translations, per language (curators: coordinators and admins)."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def can_view_provenance(user: Any) -> bool:
    """See where an entry came from and what each import changed (detail page): coordinators and admins."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR)


def can_edit_placement(user: Any, placement: Placement) -> bool:
    """Move a placement on, end it, write host-side notes: whoever may edit the case record (not erased)."""
    return can_edit_person(user, placement.person) and placement.person.status != PersonStatus.ERASED


def can_record_follow_up(user: Any, follow_up: FollowUp) -> bool:
    """Record what a 定着 follow-up found: whoever may edit the placement."""
    return can_edit_placement(user, follow_up.placement)


def can_use_follow_up_list(user: Any) -> bool:
    """今週のフォロー: coordinators (their own placements) and admins (everyone's)."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


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


def can_use_agency_view(user: Any) -> bool:
    """The agency view (status and counts of cases shared with one's agency): staff with an agency, admins."""
    role = _role(user)
    return role == Role.ADMIN or (
        role in (Role.COORDINATOR, Role.AGENCY) and getattr(user, "agency_id", None) is not None
    )


def can_view_reports(user: Any) -> bool:
    """Casework reports (anonymous counts, cells under 3 suppressed): coordinators, agency staff, admins."""
    return _role(user) in (Role.COORDINATOR, Role.AGENCY, Role.ADMIN)


def can_review_audit(user: Any) -> bool:
    """The audit log per person and per user: admins only."""
    return _role(user) == Role.ADMIN


def can_manage_prospects(user: Any) -> bool:
    """受け入れ候補 (register, contacts, search, map): coordinators and admins; never groups or the public."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def can_create_menu(user: Any) -> bool:
    """個別メニュー: coordinators with an agency (the menu belongs to it) and admins."""
    role = _role(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and getattr(user, "agency_id", None) is not None)


def can_edit_menu(user: Any, menu: CustomMenu) -> bool:
    """Change a custom menu or open it to others: coordinators of the agency that made it, and admins."""
    role = _role(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and user.agency_id == menu.agency_id)


def can_view_menu_person(user: Any, menu: CustomMenu) -> bool:
    """Who the menu was made for (and its 同行 / 配慮事項): only those who may see that person's record."""
    return menu.person is not None and can_view_person(user, menu.person)


def can_develop_resources(user: Any) -> bool:
    """社会資源の開発: open and work on development cases from unmet needs (coordinators and admins)."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def can_use_host_view(user: Any) -> bool:
    """The host's page of its own placements: a group account linked to its organisation."""
    return can_contribute(user)


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


def can_manage_taxonomy(user: Any) -> bool:
    """Kinds and tags: labels per language, new terms, retiring terms (admins)."""
    return _role(user) == Role.ADMIN


def can_manage_users(user: Any) -> bool:
    """Accounts, roles and agencies: create, change role/agency, deactivate and reactivate (admins)."""
    return _role(user) == Role.ADMIN


def can_change_account(user: Any, account: Any) -> bool:
    """Demote or deactivate an account: admins, never their own (so the last admin cannot lock everyone out)."""
    return can_manage_users(user) and account.id != user.id


def can_archive_service(user: Any, service: Service) -> bool:
    """Take an entry out of the catalog (アーカイブ, with a reason): curators (coordinators and admins)."""
    return _role(user) in (Role.ADMIN, Role.COORDINATOR) and service.id is not None


def can_manage_archive(user: Any) -> bool:
    """The archive list, restoring entries, merging duplicates, hard deletion (logged with a snapshot): admins."""
    return _role(user) == Role.ADMIN


def can_use_volunteer_area(user: Any) -> bool:
    """The volunteer's own page (/volunteer/): a signed-in volunteer account."""
    return _role(user) == Role.VOLUNTEER


def can_review_volunteers(user: Any) -> bool:
    """Review volunteer sign-ups and see their contact details (ボランティアセンター): coordinators and admins."""
    return _role(user) in (Role.COORDINATOR, Role.ADMIN)


def can_view_volunteer_interests(user: Any, service: Service) -> bool:
    """Who said 興味あり to an entry (code name, skills, availability): its group and curators."""
    return can_edit_service(user, service)


def can_view_volunteer_contact(user: Any, interest: VolunteerInterest, service: Service) -> bool:
    """A volunteer's contact details beside their interest: reviewers always; the entry's group only once the
    volunteer chose to share them (団体に連絡先を伝える)."""
    if can_review_volunteers(user):
        return True
    return (
        _role(user) == Role.GROUP
        and interest.service_id == service.id
        and user.organization_id == service.organization_id
        and interest.status == InterestStatus.CONTACT_SHARED
    )


def can_manage_api_tokens(user: Any) -> bool:
    """Create, list and revoke one's own personal API tokens (for POST /api/v1/match): whoever may match."""
    return can_match(user)


def can_revoke_api_token(user: Any, token: Any) -> bool:
    """Revoke a personal API token (tsunagu.models.ApiToken): its owner, or an admin."""
    return can_manage_api_tokens(user) and (token.user_id == user.id or _role(user) == Role.ADMIN)


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
