"""The 多機関協働事業者 (lead agency) reads 社会資源の開発 and the town's cases as counts of its area (both
databases): no person's identity unless the consent allows, cells of 1–2 suppressed."""

from __future__ import annotations

import re

from matching.development.services import development_report
from matching.persons.services import record_unmet_need
from tests.factories import make_agency, make_development_case, make_person, make_placement, make_service, make_user
from tests.helpers import login
from tsunagu.models import Role


def _area(db_session):
    lead = make_agency(db_session, is_lead=True, municipality_code="122999")
    owner = make_agency(db_session, municipality_code="122999")
    elsewhere = make_agency(db_session, municipality_code="131000")
    return lead, owner, elsewhere


def _needs(db_session, coordinator, sought: str, count: int) -> None:
    for _ in range(count):
        record_unmet_need(
            db_session, actor=coordinator, sought=sought, kinds=["salon"], district="本町地区", failed_constraints=[]
        )


def test_lead_agency_reads_area_counts_of_needs_and_cases_without_their_text(client, db_session):
    lead, owner, elsewhere = _area(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=owner)
    outsider = make_user(db_session, Role.COORDINATOR, agency=elsewhere)
    for n in range(4):
        person = make_person(db_session, owner)
        record_unmet_need(
            db_session,
            actor=coordinator,
            person=person,
            sought=f"秘密の希望{n}",
            kinds=["salon"],
            district=None,
            failed_constraints=[],
        )
    _needs(db_session, outsider, "よその町の希望", 5)
    make_development_case(db_session, owner)
    staff = make_user(db_session, Role.AGENCY, agency=lead)
    login(client, staff.email)
    response = client.get("/coordinator/development")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    waiting = re.search(r'id="report-development_needs".*?取り組み待ち</t[hd]>\s*<td[^>]*>(\S+?)</td>', page, re.S)
    assert waiting is not None and waiting.group(1) == "4"  # its area only: the other town's 5 are not counted
    assert "秘密の希望" not in page  # needs of persons without consent to share with the lead: counts only
    assert "取り組みを始める" not in page  # reading, not working on cases
    assert client.get("/coordinator/development/new").status_code == 403


def test_development_report_counts_only_the_given_agencies_and_suppresses_small_gaps(db_session):
    lead, owner, elsewhere = _area(db_session)
    _needs(db_session, make_user(db_session, Role.COORDINATOR, agency=owner), "見学", 2)
    _needs(db_session, make_user(db_session, Role.COORDINATOR, agency=elsewhere), "見学", 6)
    tables = {t.key: t for t in development_report(db_session, {"salon": "サロン"}, [lead.id, owner.id])}
    assert tables["development_gaps"].rows == (("本町地区", "サロン", "<3"),)
    everyone = {t.key: t for t in development_report(db_session, {"salon": "サロン"})}
    assert everyone["development_gaps"].rows == (("本町地区", "サロン", 8),)


def test_shared_cases_page_shows_the_lead_agency_town_wide_counts_with_small_cells_suppressed(client, db_session):
    lead, owner, elsewhere = _area(db_session)
    service = make_service(db_session)
    for _ in range(3):
        make_placement(db_session, make_person(db_session, owner), service)
    make_person(db_session, owner)  # no placement yet
    make_person(db_session, elsewhere)  # another town: not counted
    staff = make_user(db_session, Role.AGENCY, agency=lead)
    login(client, staff.email)
    page = client.get("/coordinator/agency").get_data(as_text=True)
    block = page.split('id="area-counts"')[1].split("</section>")[0]
    assert re.search(r'data-status="proposed">[^<]*3件', block)
    assert re.search(r'data-status="none">[^<]*&lt;3件', block)
    # a partner agency (not the lead) sees no town-wide block
    partner, other_client = make_user(db_session, Role.AGENCY, agency=owner), client.application.test_client()
    login(other_client, partner.email)
    assert 'id="area-counts"' not in other_client.get("/coordinator/agency").get_data(as_text=True)
