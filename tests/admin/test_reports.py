"""The report pages and exports, and the audit log per person and per user (admin)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from matching.models import ConsentTier, UnmetNeed
from tests.factories import make_agency, make_person, make_user
from tests.helpers import login
from tsunagu.models import Role

EVIL = '=HYPERLINK("http://evil.example","地区")'


@pytest.fixture
def needs(db_session):
    for district in ("東原地区", "東原地区", "東原地区", "西台地区", EVIL, EVIL, EVIL):
        db_session.add(
            UnmetNeed(sought="夜の居場所", district=district, kinds=["ibasho"], failed_constraints=["schedule"])
        )
    db_session.flush()


def _sign_in(client, db_session, role=Role.ADMIN):
    user = make_user(db_session, role, agency=make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return user


def test_the_lead_agency_page_shows_tables_charts_and_never_a_small_count(client, db_session, needs):
    lead = make_user(db_session, Role.AGENCY, agency=make_agency(db_session, is_lead=True))
    assert login(client, lead.email).status_code == 302
    html = client.get("/admin/reports").get_data(as_text=True)
    table = html[html.index('data-report="unmet_district"') :]
    table = table[: table.index("</table>")]
    assert re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table) == [
        ("=HYPERLINK(&#34;http://evil.example&#34;,&#34;地区&#34;)", "3"),
        ("東原地区", "3"),
        ("西台地区", "&lt;3"),
    ]
    assert "<svg" in html and "つなぎの結果（目標との比較）" in html
    # the chart writes "<3" as a label and draws no bar for it
    chart = html[html.index('aria-label="繋ぐ先がない: 地区別') :]
    chart = chart[: chart.index("</svg>")]
    assert chart.count("<rect") == 2 and "&lt;3" in chart


def test_the_owning_agency_sees_its_exact_counts(client, db_session):
    coordinator = _sign_in(client, db_session, Role.COORDINATOR)
    other = make_agency(db_session)
    for district, agency_id in (("東原地区", coordinator.agency_id), ("西台地区", other.id)):
        db_session.add(UnmetNeed(sought="夜の居場所", district=district, agency_id=agency_id, kinds=["ibasho"]))
    db_session.flush()
    html = client.get("/admin/reports").get_data(as_text=True)
    table = html[html.index('data-report="unmet_district"') :]
    table = table[: table.index("</table>")]
    # its own one need, exactly; the other agency's need is not in its view
    assert re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table) == [("東原地区", "1")]
    # the export leaves the agency: suppressed
    rows = list(csv.reader(io.StringIO(client.get("/admin/reports/unmet_district.csv").get_data(as_text=True))))
    assert rows[1] == ["東原地区", "<3"]


def test_a_period_is_a_fiscal_year_or_two_dates(client, db_session):
    _sign_in(client, db_session)
    assert "2024年度" in client.get("/admin/reports?fy=2024").get_data(as_text=True)
    html = client.get("/admin/reports?from=2025-01-01&to=2025-01-31").get_data(as_text=True)
    assert 'id="report-period"' in html and "2025" in html
    for bad in ("?from=2025-02-01&to=2025-01-01", "?from=yesterday&to=2025-01-01", "?fy=abc"):
        response = client.get(f"/admin/reports{bad}")
        assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)


def test_csv_export_suppresses_and_neutralises(client, db_session, needs):
    _sign_in(client, db_session)
    response = client.get("/admin/reports/unmet_district.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["地区", "件数"], ["'" + EVIL, "3"], ["東原地区", "3"], ["西台地区", "<3"]]


def test_xlsx_export_is_the_same_table(client, db_session, needs):
    _sign_in(client, db_session)
    response = client.get("/admin/reports/unmet_district.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["地区", "件数"],
        ["'" + EVIL, "3"],
        ["東原地区", "3"],
        ["西台地区", "<3"],
    ]
    assert client.get("/admin/reports/nothing.xlsx").status_code == 404


def test_audit_log_per_person_and_per_user(client, app, db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(db_session, agency, tier=ConsentTier.SHARED, agencies=[agency], code_name="監査さん")
    other = make_person(db_session, agency, code_name="別の人")
    reader = app.test_client()
    assert login(reader, coordinator.email).status_code == 302
    assert reader.get(f"/coordinator/persons/{person.id}/timeline").status_code == 200
    assert reader.get(f"/coordinator/persons/{other.id}").status_code == 200
    assert reader.get("/coordinator/agency").status_code == 200

    _sign_in(client, db_session)
    html = client.get(f"/admin/audit?person={person.id}").get_data(as_text=True)
    actions = re.findall(r'<tr data-action="([\w.]+)">', html)
    assert sorted(actions) == ["person.list", "person.read"]
    assert f"/coordinator/persons/{person.id}/timeline" in html and coordinator.display_name in html
    assert "監査さん" not in html  # the log never shows the record's data
    by_user = client.get(f"/admin/audit?user={coordinator.id}").get_data(as_text=True)
    assert len(re.findall(r"<tr data-action=", by_user)) >= 3 and f"/coordinator/persons/{other.id}" in by_user
