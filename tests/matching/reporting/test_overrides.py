"""Placements proposed despite a broken condition (with a reason) count beside the unmet needs: in the report
tables on /admin/reports and in `tsunagu report outcomes --json` (both databases)."""

from __future__ import annotations

import json
from datetime import timedelta

from matching.casework.reports import build_reports
from matching.reporting.outcomes import ReportScope, as_json, compute_outcomes
from matching.reporting.period import Period
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tests.helpers import login
from tsunagu.cli import main
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

TODAY = today_in_japan()


def _overrides(db_session):
    agency, service = make_agency(db_session), make_service(db_session)
    for n in range(4):
        person = make_person(db_session, agency, home_junior_high_district="第一中学校区")
        constraint = "distance,cost" if n == 0 else "distance"
        make_placement(db_session, person, service, override_reason="送迎あり", override_constraint=constraint)
    make_placement(db_session, make_person(db_session, agency), service)  # a plain suggestion: not counted
    return agency


def test_overrides_are_counted_per_broken_condition_exact_inside_and_suppressed_outside(db_session):
    agency = _overrides(db_session)
    period = Period(TODAY - timedelta(days=30), TODAY)
    inside = compute_outcomes(db_session, period, TODAY, ReportScope(frozenset({agency.id}), shared=False))
    assert inside.overrides_by_constraint == {"cost": 1, "distance": 4}
    assert as_json(inside, shared=False)["overrides_by_constraint"] == {"cost": 1, "distance": 4}
    assert as_json(inside, shared=True)["overrides_by_constraint"] == {"cost": None, "distance": 4}
    table = build_reports(db_session, TODAY, period, ReportScope(shared=False)).table("unmet_override")
    assert any(row[0] == "行ける距離より遠い" and row[2] == "第一中学校区" and row[3] == 4 for row in table.rows)
    shared = build_reports(db_session, TODAY, period, ReportScope(shared=True)).table("unmet_override")
    assert any(row[0] == "参加費が上限を超える" and row[3] == "<3" for row in shared.rows)


def test_the_admin_report_and_the_command_show_the_overrides(app, client, db_session):
    _overrides(db_session)
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    page = client.get("/admin/reports").get_data(as_text=True)
    assert "条件を外れても提案したつなぎ（理由あり）" in page and "行ける距離より遠い" in page
    result = app.test_cli_runner().invoke(main, ["report", "outcomes", "--fiscal-year", "2000", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["overrides_by_constraint"] == {}
    start = (TODAY - timedelta(days=7)).isoformat()
    args = ["report", "outcomes", "--from", start, "--to", TODAY.isoformat(), "--json"]
    data = json.loads(app.test_cli_runner().invoke(main, args).output)
    assert data["overrides_by_constraint"] == {"cost": 1, "distance": 4}
