"""Permissions in one place, tested as matrices: areas × roles, services × roles, persons × consent tiers."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from directory.models import EntryStatus, Visibility
from directory.permissions import can_edit_service, can_view_service
from matching.models import ConsentTier, PersonStatus
from matching.permissions import can_view_person
from tests.factories import make_agency, make_organization, make_person, make_service, make_user
from tests.helpers import login
from tsunagu.models import Role

# expected status per role for each protected area (anonymous: redirect to /login)
AREA_MATRIX = {
    "/coordinator/": {None: 302, Role.GROUP: 403, Role.COORDINATOR: 200, Role.AGENCY: 200, Role.ADMIN: 200},
    "/admin/": {None: 302, Role.GROUP: 403, Role.COORDINATOR: 403, Role.AGENCY: 403, Role.ADMIN: 200},
}


@pytest.mark.parametrize("path", list(AREA_MATRIX))
@pytest.mark.parametrize("role", [None, Role.GROUP, Role.COORDINATOR, Role.AGENCY, Role.ADMIN])
def test_area_access_by_role(client, db_session, path, role):
    if role is not None:
        user = make_user(db_session, role, agency=make_agency(db_session))
        assert login(client, user.email).status_code == 302
    response = client.get(path)
    assert response.status_code == AREA_MATRIX[path][role]
    if role is None:
        assert response.headers["Location"].startswith("/login")


def test_public_routes_are_open(client, db_session):
    for path in ("/", "/login"):
        assert client.get(path).status_code == 200


def test_service_visibility_matrix(db_session):
    own_org = make_organization(db_session)
    owner = make_user(db_session, Role.GROUP, organization_id=own_org.id)
    other_group = make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id)
    coordinator = make_user(db_session, Role.COORDINATOR)
    anonymous = AnonymousUserMixin()
    published = make_service(db_session, organization=own_org)
    draft = make_service(db_session, organization=own_org, status=EntryStatus.DRAFT)
    custom = make_service(db_session, organization=own_org, visibility=Visibility.COORDINATORS)
    unlisted = make_service(db_session, organization=own_org, do_not_list=True)

    expected = {
        # service: (anonymous, owner group, other group, coordinator)
        published.id: (True, True, True, True),
        draft.id: (False, True, False, True),
        custom.id: (False, True, False, True),
        unlisted.id: (False, True, False, True),
    }
    for service in (published, draft, custom, unlisted):
        seen = tuple(can_view_service(u, service) for u in (anonymous, owner, other_group, coordinator))
        assert seen == expected[service.id], service.name
    assert can_edit_service(owner, draft) and not can_edit_service(other_group, draft)
    assert not can_edit_service(anonymous, published)


def test_person_visibility_follows_consent(db_session):
    home = make_agency(db_session, name="社協")
    partner = make_agency(db_session, name="地域包括")
    stranger_agency = make_agency(db_session, name="無関係の機関")
    home_coordinator = make_user(db_session, Role.COORDINATOR, agency=home)
    partner_staff = make_user(db_session, Role.AGENCY, agency=partner)
    meeting_member = make_user(db_session, Role.AGENCY, agency=stranger_agency)
    stranger = make_user(db_session, Role.COORDINATOR, agency=stranger_agency)
    group = make_user(db_session, Role.GROUP)
    admin = make_user(db_session, Role.ADMIN)

    no_consent = make_person(db_session, home)
    meeting_only = make_person(db_session, home, tier=ConsentTier.NONE, members=[meeting_member])
    shared = make_person(db_session, home, tier=ConsentTier.SHARED, agencies=[partner])

    users = (home_coordinator, partner_staff, meeting_member, stranger, group, admin, AnonymousUserMixin())
    expected = {
        no_consent.id: (True, False, False, False, False, True, False),
        meeting_only.id: (True, False, True, False, False, True, False),
        shared.id: (True, True, False, False, False, True, False),
    }
    for person in (no_consent, meeting_only, shared):
        assert tuple(can_view_person(u, person) for u in users) == expected[person.id], person.code_name

    shared.consents[-1].withdrawn_at = shared.consents[-1].recorded_at
    assert not can_view_person(partner_staff, shared)
    shared.status = PersonStatus.ERASED
    assert not can_view_person(home_coordinator, shared)
