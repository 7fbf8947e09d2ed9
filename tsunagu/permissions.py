"""Authorisation: who may do what, one function per action (like ckan's auth functions).

This module holds the decisions that depend on the role alone, the `require` view decorator and the way
templates see permission functions. Decisions about one record live beside the models they judge:
`directory.permissions` (catalog entries, volunteers' interests) and `matching.permissions` (persons,
placements, custom menus). Views, services and templates call these functions and nothing else; the
role × route matrix test (tests/tsunagu/test_route_matrix.py) exercises them through every route.
`user` may be flask-login's AnonymousUserMixin, so each function first asks `is_authenticated`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import ModuleType
from typing import Any, TypeVar

from flask import Flask, abort
from flask_login import current_user

from tsunagu.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def role_of(user: Any) -> Role | None:
    """The signed-in user's role, None for anonymous visitors."""
    return user.role if getattr(user, "is_authenticated", False) else None


def can_use_coordinator_area(user: Any) -> bool:
    """Coordinator pages: coordinators, agency staff and admins."""
    return role_of(user) in (Role.COORDINATOR, Role.AGENCY, Role.ADMIN)


def can_use_admin_area(user: Any) -> bool:
    """Admin pages: admins only."""
    return role_of(user) == Role.ADMIN


def can_contribute(user: Any) -> bool:
    """The group pages (/contribute/…): a signed-in group account linked to its organisation."""
    return role_of(user) == Role.GROUP and getattr(user, "organization_id", None) is not None


def can_edit_entries(user: Any) -> bool:
    """The activity edit pages at all: groups with an organisation, coordinators and admins (each entry is then
    checked with can_edit_service)."""
    return can_contribute(user) or role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def can_manage_registrations(user: Any) -> bool:
    """See self-registered accounts waiting for e-mail confirmation and their links (to pass on by hand)."""
    return role_of(user) == Role.ADMIN


def can_match(user: Any) -> bool:
    """Run matching (pages, POST /api/v1/match), record intakes and unmet needs: coordinators and admins."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def can_review(user: Any) -> bool:
    """Approve or reject change requests and publish entries."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def can_manage_areas(user: Any) -> bool:
    """Upload 地区 / 中学校区 boundaries and set coverage targets: admins."""
    return role_of(user) == Role.ADMIN


def can_place_locations(user: Any) -> bool:
    """The 位置未設定 queue: place the map pin of an entry without one (curators: coordinators and admins)."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def can_manage_imports(user: Any) -> bool:
    """Upload, preview and confirm imports on the admin import page: admins only."""
    return role_of(user) == Role.ADMIN


def can_view_translation_status(user: Any) -> bool:
    """See which entries still lack translations, per language (curators: coordinators and admins)."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def can_view_provenance(user: Any) -> bool:
    """See where an entry came from and what each import changed (detail page): coordinators and admins."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def can_use_follow_up_list(user: Any) -> bool:
    """今週のフォロー: coordinators (their own placements) and admins (everyone's)."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def can_use_agency_view(user: Any) -> bool:
    """The agency view (status and counts of cases shared with one's agency): staff with an agency, admins."""
    role = role_of(user)
    return role == Role.ADMIN or (
        role in (Role.COORDINATOR, Role.AGENCY) and getattr(user, "agency_id", None) is not None
    )


def can_view_reports(user: Any) -> bool:
    """Casework reports (anonymous counts, cells under 3 suppressed): coordinators, agency staff, admins."""
    return role_of(user) in (Role.COORDINATOR, Role.AGENCY, Role.ADMIN)


def can_review_audit(user: Any) -> bool:
    """The audit log per person and per user: admins only."""
    return role_of(user) == Role.ADMIN


def can_manage_prospects(user: Any) -> bool:
    """受け入れ候補 (register, contacts, search, map): coordinators and admins; never groups or the public."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def can_create_menu(user: Any) -> bool:
    """個別メニュー: coordinators with an agency (the menu belongs to it) and admins."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.COORDINATOR and getattr(user, "agency_id", None) is not None)


def can_develop_resources(user: Any) -> bool:
    """社会資源の開発: open and work on development cases from unmet needs (coordinators and admins)."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def can_use_host_view(user: Any) -> bool:
    """The host's page of its own placements: a group account linked to its organisation."""
    return can_contribute(user)


def can_manage_taxonomy(user: Any) -> bool:
    """Kinds and tags: labels per language, new terms, retiring terms (admins)."""
    return role_of(user) == Role.ADMIN


def can_manage_users(user: Any) -> bool:
    """Accounts, roles and agencies: create, change role/agency, deactivate and reactivate (admins)."""
    return role_of(user) == Role.ADMIN


def can_change_account(user: Any, account: Any) -> bool:
    """Demote or deactivate an account: admins, never their own (so the last admin cannot lock everyone out)."""
    return can_manage_users(user) and account.id != user.id


def can_manage_archive(user: Any) -> bool:
    """The archive list, restoring entries, merging duplicates, hard deletion (logged with a snapshot): admins."""
    return role_of(user) == Role.ADMIN


def can_use_volunteer_area(user: Any) -> bool:
    """The volunteer's own page (/volunteer/): a signed-in volunteer account."""
    return role_of(user) == Role.VOLUNTEER


def can_review_volunteers(user: Any) -> bool:
    """Review volunteer sign-ups and see their contact details (ボランティアセンター): coordinators and admins."""
    return role_of(user) in (Role.COORDINATOR, Role.ADMIN)


def can_manage_api_tokens(user: Any) -> bool:
    """Create, list and revoke one's own personal API tokens (for POST /api/v1/match): whoever may match."""
    return can_match(user)


def can_revoke_api_token(user: Any, token: Any) -> bool:
    """Revoke a personal API token (tsunagu.models.ApiToken): its owner, or an admin."""
    return can_manage_api_tokens(user) and (token.user_id == user.id or role_of(user) == Role.ADMIN)


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


def expose_to_templates(app: Flask, module: ModuleType) -> None:
    """Make the `can_*` functions of a permissions module Jinja globals, so templates ask the same functions as
    views (the core's at start-up, each package's when its blueprints are registered)."""
    app.jinja_env.globals.update(
        {name: fn for name, fn in vars(module).items() if name.startswith("can_") and callable(fn)}
    )
