"""Every route × every role → the status a user gets. A new route without a row here fails the suite.

Roles: anonymous, a group (登録団体) account, coordinators of two agencies, the lead agency's staff, admin, and a
volunteer (ボランティア, approved, with a profile).
GET requests only here; state-changing routes are covered by their own CSRF tests.
"""

from __future__ import annotations

import pytest

from directory.models import EntryStatus
from matching.models import Person
from tests.factories import (
    make_agency,
    make_custom_menu,
    make_development_case,
    make_household,
    make_organization,
    make_person,
    make_placement,
    make_prospect,
    make_service,
    make_user,
    make_volunteer,
)
from tests.helpers import login
from tsunagu.models import Role

ROLES = ("anonymous", "group", "coordinator_a", "coordinator_b", "agency_lead", "admin", "volunteer")
STAFF = ("coordinator_a", "coordinator_b", "agency_lead", "admin")
OPEN = dict.fromkeys(ROLES, 200)
COORDINATOR_AREA = {
    "anonymous": 302,
    "group": 403,
    "coordinator_a": 200,
    "coordinator_b": 200,
    "agency_lead": 200,
    "admin": 200,
    "volunteer": 403,
}
ADMIN_AREA = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}
# a draft is visible to its own group and to curators, to nobody else
DRAFT = {
    "anonymous": 404,
    "group": 200,
    "coordinator_a": 200,
    "coordinator_b": 200,
    "agency_lead": 404,
    "admin": 200,
    "volunteer": 404,
}

GROUP_AREA = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "group": 200}
# the group's own entries and every entry for curators (coordinators, admins)
EDIT_ENTRY = {**DRAFT, "anonymous": 302, "agency_lead": 403, "volunteer": 403}
# the volunteer's own page; volunteer sign-ups are reviewed by coordinators and admins (REVIEW_AREA)
VOLUNTEER_AREA = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "volunteer": 200}
REVIEW_AREA = {**COORDINATOR_AREA, "agency_lead": 403}
REVIEW_MISSING = {**REVIEW_AREA, "coordinator_a": 404, "coordinator_b": 404, "admin": 404}

# matching: coordinators and admins (agency staff see cases, they do not run matching)
MATCHING = {**COORDINATOR_AREA, "agency_lead": 403}
OTHER_AGENCYS_PERSON = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "admin": 200}

# endpoint → (path template, expected status per role); {service}, {draft}, {uuid}… are filled per test
MATRIX: dict[str, list[tuple[str, dict[str, int]]]] = {
    "static": [("/static/css/tsunagu.css", OPEN)],
    "auth.login": [("/login", {**OPEN, **{r: 302 for r in ROLES if r != "anonymous"}})],
    "auth.logout_confirm": [("/logout", {**OPEN, "anonymous": 302})],
    "auth.logout": [],  # POST only: tests/tsunagu/auth/test_sign_in.py
    "auth.forgot_password": [("/password/forgot", OPEN)],
    # a valid token: tests/tsunagu/auth/test_password_reset.py
    "auth.reset_password": [("/password/reset/not-a-token", dict.fromkeys(ROLES, 400))],
    "directory.index": [("/", OPEN)],
    "directory.service_detail": [("/services/{service}", OPEN), ("/services/{draft}", DRAFT)],
    "directory.service_map": [("/services/{service}/map.svg", OPEN), ("/services/{draft}/map.svg", DRAFT)],
    "api.root": [("/api/v1/", OPEN)],
    "api.openapi": [("/api/v1/openapi.json", OPEN)],
    "api.services": [("/api/v1/services", OPEN)],
    "api.service": [
        ("/api/v1/services/{service_uuid}", OPEN),
        ("/api/v1/services/{draft_uuid}", dict.fromkeys(ROLES, 404)),
    ],
    "api.organizations": [("/api/v1/organizations", OPEN)],
    "api.organization": [("/api/v1/organizations/{organization_uuid}", OPEN)],
    "api.taxonomies": [("/api/v1/taxonomies", OPEN)],
    "api.taxonomy": [("/api/v1/taxonomies/{taxonomy_uuid}", OPEN)],
    "api.taxonomy_terms": [("/api/v1/taxonomy_terms", OPEN)],
    "api.taxonomy_term": [("/api/v1/taxonomy_terms/{term_uuid}", OPEN)],
    "api.service_at_locations": [("/api/v1/service_at_locations", OPEN)],
    "api.service_at_location": [("/api/v1/service_at_locations/{link_uuid}", OPEN)],
    "matching.home": [("/coordinator/", COORDINATOR_AREA)],
    # matching (issue 8): {person} belongs to a third agency without consent, so only admins see it
    "matching.person_new": [("/coordinator/persons/new", MATCHING)],
    "matching.person_detail": [("/coordinator/persons/{person}", OTHER_AGENCYS_PERSON)],
    "matching.person_edit": [("/coordinator/persons/{person}/edit", OTHER_AGENCYS_PERSON)],
    "matching.person_match": [("/coordinator/persons/{person}/match", OTHER_AGENCYS_PERSON)],
    "matching.person_propose": [],  # POST only: tests/matching/persons/test_pages.py
    "matching.person_unmet": [],  # POST only: tests/matching/persons/test_pages.py
    # households: {household} belongs to a third agency, so only admins see it
    "matching.households": [("/coordinator/households", MATCHING)],
    "matching.household_new": [("/coordinator/households/new", MATCHING)],
    "matching.household_detail": [("/coordinator/households/{household}", OTHER_AGENCYS_PERSON)],
    "matching.household_edit": [("/coordinator/households/{household}/edit", OTHER_AGENCYS_PERSON)],
    "matching.household_member": [("/coordinator/households/{household}/members/new", OTHER_AGENCYS_PERSON)],
    "matching.household_member_delete": [],  # POST only: tests/matching/households/test_pages.py
    # a household without members cannot be matched yet: its page sends the admin to the edit page
    "matching.household_match": [("/coordinator/households/{household}/match", {**OTHER_AGENCYS_PERSON, "admin": 302})],
    "matching.household_propose": [],  # POST only: tests/matching/households/test_pages.py
    "matching.unmet_new": [("/coordinator/unmet/new", MATCHING)],
    "matching.volunteer_match": [("/coordinator/volunteers/{volunteer}/match", MATCHING)],
    "matching.service_volunteers": [("/coordinator/services/{service}/volunteers", MATCHING)],
    "match_api.match": [],  # POST only: tests/matching/api/test_cli_api.py
    "matching.api_tokens": [("/coordinator/tokens", MATCHING)],  # POST: tests/matching/api/test_tokens.py
    "matching.api_token_revoke": [],  # POST only: tests/matching/api/test_tokens.py
    "admin.home": [("/admin/", ADMIN_AREA)],
    "admin.imports": [("/admin/imports", ADMIN_AREA)],
    "admin.import_preview": [("/admin/imports/no-such-upload-token", {**ADMIN_AREA, "admin": 404})],
    "admin.import_status": [("/admin/imports/no-such-upload-token/status", {**ADMIN_AREA, "admin": 404})],
    "admin.import_confirm": [],  # POST only: tests/admin/test_imports.py
    "admin.import_discard": [],  # POST only: tests/admin/test_imports.py
    # maps (issue 6): map pages, GeoJSON, boundaries, the 位置未設定 queue (curators: REVIEW_AREA's roles)
    "directory.map_page": [("/map", OPEN), ("/map?kind=ibasho&day=today", OPEN)],
    "directory.map_embed": [("/map/embed", OPEN), ("/map/embed?view=coverage&compact=1", OPEN)],
    "directory.map_grid": [
        ("/map/grid.geojson?zoom=9&bbox=139.5,35.4,140.6,36.2", OPEN),
        ("/map/grid.geojson?zoom=9", dict.fromkeys(ROLES, 400)),
    ],
    "directory.map_view_entries": [
        ("/map/view.json?bbox=139.6,35.6,139.8,35.8", OPEN),
        ("/map/view.json?bbox=139.0,35.0,141.0,36.5", dict.fromkeys(ROLES, 400)),  # wider than 1°
        ("/map/view.json", dict.fromkeys(ROLES, 400)),
    ],
    "directory.map_coverage": [("/map/coverage", OPEN)],
    "api.map_geojson": [("/api/v1/map.geojson", OPEN), ("/api/v1/map.geojson?lat=x&lon=1", dict.fromkeys(ROLES, 400))],
    "admin.areas": [("/admin/areas", ADMIN_AREA)],
    "admin.area_target": [],  # POST only: tests/admin/test_areas_and_locations.py
    "admin.area_ibasho": [],  # POST only: tests/admin/test_ibasho_definition.py
    "admin.area_reading": [],  # POST only: an area's 読み (tests/i18n/test_romaji.py)
    "admin.unplaced": [("/admin/locations", {**COORDINATOR_AREA, "agency_lead": 403})],
    "admin.place": [("/admin/locations/{location}", {**COORDINATOR_AREA, "agency_lead": 403})],
    # curation (issue 10): group pages, sign-up, corrections, review and stale queues
    "directory.register": [("/register", {**OPEN, **{r: 302 for r in ROLES if r != "anonymous"}})],
    "directory.register_sent": [("/register/sent", OPEN)],
    "directory.register_confirm": [("/register/confirm/not-a-token", dict.fromkeys(ROLES, 400))],
    "directory.contribute_home": [("/contribute/", GROUP_AREA)],
    "directory.contribute_organization": [("/contribute/organization", GROUP_AREA)],
    "directory.contribute_new": [("/contribute/activities/new", GROUP_AREA)],
    "directory.contribute_activity": [
        ("/contribute/activities/{service}", EDIT_ENTRY),
        ("/contribute/activities/{draft}", EDIT_ENTRY),
    ],
    "directory.service_correction": [("/services/{service}/correction", OPEN), ("/services/{draft}/correction", DRAFT)],
    "directory.request_entry_translation": [
        ("/services/{service}/translation-request?lang=en", OPEN),
        ("/services/{draft}/translation-request?lang=en", DRAFT),
    ],
    "directory.contribute_towns": [("/contribute/towns?q=x", {**EDIT_ENTRY, "group": 200, "coordinator_b": 200})],
    "admin.review_queue_page": [("/admin/review", REVIEW_AREA)],
    "admin.review_detail": [("/admin/review/0", REVIEW_MISSING)],
    "admin.review_flyer": [("/admin/review/0/flyer.jpg", REVIEW_MISSING)],
    "directory.contribute_flyer": [("/contribute/flyer", GROUP_AREA)],
    # no such photo → 404 for all; who sees a real one: tests/directory/contributions/test_photos_public.py
    "directory.service_photo_file": [("/services/{service}/photos/s/" + "0" * 32 + ".jpg", dict.fromkeys(ROLES, 404))],
    "directory.contribute_confirm": [],  # POST only: tests/directory/contributions/test_reminders.py
    "admin.stale_queue": [("/admin/stale", REVIEW_AREA)],
    "admin.label_conflicts_page": [("/admin/label-conflicts", REVIEW_AREA)],
    "admin.translation_status_page": [("/admin/translations", {**COORDINATOR_AREA, "agency_lead": 403})],
    "directory.translate_activity": [("/contribute/activities/{service}/translations/pt-BR", EDIT_ENTRY)],
    "admin.stale_verify": [],  # POST only: tests/admin/test_review_stale.py
    "admin.registrations": [("/admin/registrations", ADMIN_AREA)],
    # volunteers (issue 10): sign-up, the volunteer's own page, the coordinator's review
    "volunteer.volunteer_signup": [("/volunteer/signup", {**OPEN, **{r: 302 for r in ROLES if r != "anonymous"}})],
    "volunteer.volunteer_signup_sent": [("/volunteer/signup/sent", OPEN)],
    "volunteer.volunteer_home": [("/volunteer/", VOLUNTEER_AREA)],
    "volunteer.volunteer_profile": [("/volunteer/profile", VOLUNTEER_AREA)],
    "volunteer.volunteer_interest": [],  # POST only: tests/directory/volunteers/test_interests.py
    "directory.volunteer_review_list": [
        ("/coordinator/volunteers", REVIEW_AREA),
        ("/coordinator/volunteers?status=active", REVIEW_AREA),
    ],
    "directory.volunteer_review": [("/coordinator/volunteers/{volunteer}", REVIEW_AREA)],
    # curation (issue 10, admin): taxonomy, users and agencies, archive, duplicates; /0 ids do not exist
    "admin.taxonomy": [("/admin/taxonomy", ADMIN_AREA)],
    "admin.taxonomy_term": [("/admin/taxonomy/terms/0", {**ADMIN_AREA, "admin": 404})],
    "admin.taxonomy_retire": [],  # POST only: tests/admin/test_taxonomy.py
    "admin.taxonomy_reinstate": [],  # POST only: tests/admin/test_taxonomy.py
    "admin.users": [("/admin/users", ADMIN_AREA), ("/admin/users?role=admin&status=active&q=x&agency=1", ADMIN_AREA)],
    "admin.user_new": [("/admin/users/new", ADMIN_AREA)],
    "admin.user_detail": [("/admin/users/0", {**ADMIN_AREA, "admin": 404})],
    "admin.user_active": [],  # POST only: tests/admin/test_users.py
    "admin.user_link": [],  # POST only: tests/admin/test_users.py
    "admin.agencies": [("/admin/agencies", ADMIN_AREA)],
    "admin.agency_edit": [("/admin/agencies/new", ADMIN_AREA), ("/admin/agencies/0", {**ADMIN_AREA, "admin": 404})],
    "admin.service_archive": [("/admin/services/{service}/archive", REVIEW_AREA)],
    "admin.archive_list": [("/admin/archive", ADMIN_AREA)],
    "admin.archive_restore": [],  # POST only: tests/admin/test_archive.py
    "admin.archive_purge": [("/admin/archive/{service}/delete", {**ADMIN_AREA, "admin": 404})],  # not archived
    "admin.duplicates": [("/admin/duplicates", ADMIN_AREA)],
    "admin.duplicate_pair": [("/admin/duplicates/{service}/{draft}", {**ADMIN_AREA, "admin": 302})],  # not alike
    "admin.duplicate_dismiss": [],  # POST only: tests/admin/test_merge.py
    # casework (issue 9): {placement} is of {person} (a third agency, no consent): only admins see it
    "matching.placement_detail": [("/coordinator/placements/{placement}", OTHER_AGENCYS_PERSON)],
    "matching.placement_advance": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.placement_end": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.placement_host_notes": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.placement_check_in": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.follow_ups": [("/coordinator/follow-ups", MATCHING)],
    "matching.follow_up_record": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.follow_up_handled": [],  # POST only: tests/matching/casework/test_follow_up_rules.py
    "matching.person_plan": [("/coordinator/persons/{person}/plan", OTHER_AGENCYS_PERSON)],
    "matching.meetings": [("/coordinator/meetings", COORDINATOR_AREA)],
    "matching.meeting_new": [("/coordinator/meetings/new", MATCHING)],
    # one meeting's pages need a meeting and its members: tests/matching/meetings/test_meeting_pages.py
    "matching.meeting_detail": [],
    "matching.meeting_edit": [],
    "matching.meeting_pack": [],
    "matching.person_close": [],  # POST only: tests/matching/plans/test_plan_pages.py
    "matching.person_reopen": [],  # POST only: tests/matching/plans/test_plan_pages.py
    "matching.person_timeline_page": [("/coordinator/persons/{person}/timeline", OTHER_AGENCYS_PERSON)],
    "matching.person_note": [],  # POST only: tests/matching/casework/test_pages.py
    "matching.person_consent": [("/coordinator/persons/{person}/consent", OTHER_AGENCYS_PERSON)],
    "matching.person_consent_share": [],  # POST only: tests/matching/consent/test_pages.py
    "matching.person_consent_meeting": [],  # POST only: tests/matching/consent/test_pages.py
    "matching.person_erase": [],  # POST only: tests/matching/consent/test_erasure.py
    "matching.agency_view": [("/coordinator/agency", COORDINATOR_AREA)],
    "admin.reports": [("/admin/reports", COORDINATOR_AREA)],
    "admin.report_csv": [
        ("/admin/reports/closed_loop.csv", COORDINATOR_AREA),
        ("/admin/reports/no-such.csv", {**COORDINATOR_AREA, **dict.fromkeys(STAFF, 404)}),
    ],
    "admin.report_xlsx": [("/admin/reports/by_kind.xlsx", COORDINATOR_AREA)],
    "admin.audit_log": [("/admin/audit", ADMIN_AREA), ("/admin/audit?person=1&user=x", ADMIN_AREA)],
    # made-to-measure (issue 13): prospects and menus for coordinators only; {menu} was made by {person}'s agency
    "matching.prospect_list": [("/coordinator/hosts", MATCHING), ("/coordinator/hosts?q=店&day=wed", MATCHING)],
    "matching.prospect_new": [("/coordinator/hosts/new", MATCHING)],
    "matching.prospect_detail": [("/coordinator/hosts/{prospect}", MATCHING)],
    "matching.prospect_edit": [("/coordinator/hosts/{prospect}/edit", MATCHING)],
    "matching.prospect_contact": [],  # POST only: tests/matching/hosts/test_pages.py
    "matching.prospect_map": [("/coordinator/hosts/map", MATCHING)],
    "matching.prospect_map_embed": [("/coordinator/hosts/map/embed", MATCHING)],
    "matching.placement_brief": [("/coordinator/placements/{placement}/brief", OTHER_AGENCYS_PERSON)],
    "host.host_placements": [("/contribute/placements", GROUP_AREA)],
    "matching.menu_list": [("/coordinator/menus", MATCHING)],
    "matching.menu_new": [("/coordinator/menus/new", MATCHING)],
    "matching.menu_detail": [("/coordinator/menus/{menu}", MATCHING)],
    "matching.menu_edit": [("/coordinator/menus/{menu}/edit", OTHER_AGENCYS_PERSON)],
    "matching.menu_open": [("/coordinator/menus/{menu}/open", OTHER_AGENCYS_PERSON)],
    "matching.menu_propose": [],  # POST only: tests/matching/menus/test_custom_menus.py
    "matching.person_menus": [("/coordinator/persons/{person}/menus", OTHER_AGENCYS_PERSON)],
    "matching.development_home": [("/coordinator/development", COORDINATOR_AREA)],  # the lead agency: area counts
    "matching.case_new": [("/coordinator/development/new", MATCHING)],
    "matching.case_detail": [("/coordinator/development/{case}", MATCHING)],
    "matching.case_step": [],  # POST only: tests/matching/development/test_cases.py
    "matching.step_done": [],  # POST only: tests/matching/development/test_cases.py
    "matching.case_link_prospect": [],  # POST only: tests/matching/development/test_cases.py
    "matching.case_close": [],  # POST only: tests/matching/development/test_cases.py
    "matching.development_report_page": [("/coordinator/development/report", COORDINATOR_AREA)],
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(MATRIX), f"unlisted: {endpoints - set(MATRIX)}; stale: {set(MATRIX) - endpoints}"


def _sign_in(client, db_session, role: str, group_org) -> None:
    if role == "anonymous":
        return
    agency = make_agency(db_session, is_lead=role == "agency_lead")
    kind = {
        "group": Role.GROUP,
        "coordinator_a": Role.COORDINATOR,
        "coordinator_b": Role.COORDINATOR,
        "agency_lead": Role.AGENCY,
        "admin": Role.ADMIN,
        "volunteer": Role.VOLUNTEER,
    }[role]
    user = make_user(db_session, kind, agency=agency, organization_id=group_org.id if role == "group" else None)
    if role == "volunteer":
        make_volunteer(db_session, user_id=user.id)
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
        "person": make_person(
            db_session, make_agency(db_session), home_district="本町地区", home_point="SRID=4326;POINT(139.97 35.86)"
        ).id,
        "volunteer": make_volunteer(db_session).id,
        "location": service.at_locations[0].location_id,
    }
    values["placement"] = make_placement(db_session, db_session.get(Person, values["person"]), service).id
    prospect = make_prospect(db_session)
    values["prospect"] = prospect.id
    values["menu"] = make_custom_menu(db_session, prospect, db_session.get(Person, values["person"])).id
    values["case"] = make_development_case(db_session, make_agency(db_session)).id
    values["household"] = make_household(db_session, make_agency(db_session)).id
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
