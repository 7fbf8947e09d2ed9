"""Every route × every role → the status a user gets. A new route without a row here fails the suite.

Roles: anonymous, a group (登録団体) account, coordinators of two agencies, the lead agency's staff, admin.
GET requests only here; state-changing routes are covered by their own CSRF tests.
"""

from __future__ import annotations

import pytest

from directory.models import EntryStatus
from tests.factories import make_agency, make_organization, make_service, make_user
from tests.helpers import login
from tsunagu.models import Role

ROLES = ("anonymous", "group", "coordinator_a", "coordinator_b", "agency_lead", "admin")
OPEN = dict.fromkeys(ROLES, 200)
COORDINATOR_AREA = {"anonymous": 302, "group": 403, "coordinator_a": 200, "coordinator_b": 200,
                    "agency_lead": 200, "admin": 200}  # fmt: skip
ADMIN_AREA = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}
# a draft is visible to its own group and to curators, to nobody else
DRAFT = {"anonymous": 404, "group": 200, "coordinator_a": 200, "coordinator_b": 200, "agency_lead": 404,
         "admin": 200}  # fmt: skip

# endpoint → (path template, expected status per role); {service}, {draft}, {uuid}… are filled per test
MATRIX: dict[str, list[tuple[str, dict[str, int]]]] = {
    "static": [("/static/css/tsunagu.css", OPEN)],
    "auth.login": [("/login", {**OPEN, **{r: 302 for r in ROLES if r != "anonymous"}})],
    "auth.logout_confirm": [("/logout", {**OPEN, "anonymous": 302})],
    "auth.logout": [],  # POST only: test_auth.py
    "directory.index": [("/", OPEN)],
    "directory.service_detail": [("/services/{service}", OPEN), ("/services/{draft}", DRAFT)],
    "directory.service_map": [("/services/{service}/map.svg", OPEN), ("/services/{draft}/map.svg", DRAFT)],
    "api.root": [("/api/v1/", OPEN)],
    "api.openapi": [("/api/v1/openapi.json", OPEN)],
    "api.services": [("/api/v1/services", OPEN)],
    "api.service": [
        ("/api/v1/services/{service_uuid}", OPEN),
        ("/api/v1/services/{draft_uuid}", dict.fromkeys(ROLES, 404)),
    ],  # fmt: skip
    "api.organizations": [("/api/v1/organizations", OPEN)],
    "api.organization": [("/api/v1/organizations/{organization_uuid}", OPEN)],
    "api.taxonomies": [("/api/v1/taxonomies", OPEN)],
    "api.taxonomy": [("/api/v1/taxonomies/{taxonomy_uuid}", OPEN)],
    "api.taxonomy_terms": [("/api/v1/taxonomy_terms", OPEN)],
    "api.taxonomy_term": [("/api/v1/taxonomy_terms/{term_uuid}", OPEN)],
    "api.service_at_locations": [("/api/v1/service_at_locations", OPEN)],
    "api.service_at_location": [("/api/v1/service_at_locations/{link_uuid}", OPEN)],
    "matching.home": [("/coordinator/", COORDINATOR_AREA)],
    "admin.home": [("/admin/", ADMIN_AREA)],
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX), f"unlisted: {endpoints - set(MATRIX)}; stale: {set(MATRIX) - endpoints}"


def _sign_in(client, db_session, role: str, group_org) -> None:
    if role == "anonymous":
        return
    agency = make_agency(db_session, is_lead=role == "agency_lead")
    kind = {"group": Role.GROUP, "coordinator_a": Role.COORDINATOR, "coordinator_b": Role.COORDINATOR,
            "agency_lead": Role.AGENCY, "admin": Role.ADMIN}[role]  # fmt: skip
    user = make_user(db_session, kind, agency=agency, organization_id=group_org.id if role == "group" else None)
    assert login(client, user.email).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(client, db_session, role):
    group_org = make_organization(db_session)
    service = make_service(db_session, organization=group_org)
    draft = make_service(db_session, organization=group_org, status=EntryStatus.DRAFT)
    term = service.terms[0]
    values = {
        "service": service.id,
        "draft": draft.id,
        "service_uuid": service.uuid,
        "draft_uuid": draft.uuid,
        "organization_uuid": group_org.uuid,
        "taxonomy_uuid": term.taxonomy.uuid,
        "term_uuid": term.uuid,
        "link_uuid": service.at_locations[0].uuid,
    }
    _sign_in(client, db_session, role, group_org)
    failures = []
    for endpoint, cases in MATRIX.items():
        for template, expected in cases:
            path = template.format(**values)
            response = client.get(path)
            status = response.status_code
            response.close()  # static files are streamed from disk
            if status != expected[role]:
                failures.append(f"{endpoint} {path}: {status}, expected {expected[role]}")
    assert not failures, "\n".join(failures)
