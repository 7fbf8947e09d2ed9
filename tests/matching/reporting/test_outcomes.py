"""Outcome figures over a period: 年度 boundaries, real denominators, exact inside the agency, suppressed outside,
and `tsunagu report outcomes` printing the same numbers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from matching.casework.services import end_placement, schedule_follow_ups
from matching.models import EndReason, PlacementEvent, PlacementStatus, UnmetNeed
from matching.reporting.outcomes import ReportScope, as_json, compute_outcomes
from matching.reporting.period import Period
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tsunagu.cli import main
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

S = PlacementStatus
TODAY = today_in_japan()
KEYS = {
    "period",
    "proposals",
    "first_visit_rate",
    "declined_rate",
    "outcome_recorded_1m_rate",
    "retention_3m",
    "retention_6m",
    "unmet_needs_by_school_district",
    "coverage",
}


def test_a_fiscal_year_runs_april_to_march():
    period = Period.fiscal(2025)
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert Period.fiscal_year_of(date(2026, 3, 31)) == 2025 and Period.fiscal_year_of(date(2026, 4, 1)) == 2026
    assert period.previous() == Period.fiscal(2024)
    assert Period(date(2025, 1, 11), date(2025, 1, 20)).previous() == Period(date(2025, 1, 1), date(2025, 1, 10))
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def _at(day: date) -> datetime:
    return datetime.combine(day, time(3), tzinfo=UTC)


@pytest.fixture
def town(db_session):
    agency, other = make_agency(db_session), make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    service = make_service(db_session)

    def placement(days_ago, *steps, owner=agency):
        person = make_person(db_session, owner, coordinator_id=coordinator.id)
        p = make_placement(db_session, person, service, proposed_at=_at(TODAY - timedelta(days=days_ago)))
        for status, on in steps:
            p.events.append(PlacementEvent(at=_at(on), from_status=p.status, to_status=status))
            p.status = status
            if status == S.STARTED:
                p.started_on = on
                schedule_follow_ups(p, on)
        db_session.flush()
        return p

    # four settled proposals: three went to a visit, one was declined; one proposal too young to count
    visited = [placement(60, (S.VISIT, TODAY - timedelta(days=50))) for _ in range(3)]
    declined = placement(60)
    end_placement(db_session, declined, EndReason.DECLINED, coordinator, expected_version=None)
    placement(5)
    # started 120 days ago: one still going, one stopped after a month, one closed as goal met after a month
    started_on = TODAY - timedelta(days=120)
    going, stopped, met = (placement(130, (S.STARTED, started_on)) for _ in range(3))
    for p, reason in ((stopped, EndReason.NOT_A_FIT), (met, EndReason.GOAL_MET)):
        end_placement(db_session, p, reason, coordinator, expected_version=None, on=started_on + timedelta(days=40))
    placement(130, owner=other)  # another agency's case
    for district, agency_id in (("第一中学校区", agency.id), ("第一中学校区", agency.id), (None, agency.id)):
        db_session.add(UnmetNeed(sought="夜の居場所", junior_high_district=district, agency_id=agency_id))
    db_session.add(UnmetNeed(sought="夜の居場所", junior_high_district="第二中学校区", agency_id=other.id))
    db_session.flush()
    return agency, visited, going


def test_figures_have_real_denominators_and_exact_counts_inside(db_session, town):
    agency = town[0]
    period = Period(TODAY - timedelta(days=200), TODAY)
    outcomes = compute_outcomes(db_session, period, TODAY, ReportScope(frozenset({agency.id}), shared=False))
    assert outcomes.proposals == 8  # the other agency's proposal is not counted
    assert (outcomes.first_visit.count, outcomes.first_visit.of) == (6, 7)  # 3 visited + 3 started of 7 settled
    assert (outcomes.declined.count, outcomes.declined.of) == (1, 7)
    # the 3-month point of the three started placements fell in the period: the goal met counts as kept
    assert (outcomes.retention_3m.count, outcomes.retention_3m.of) == (2, 3)
    assert outcomes.retention_6m.of == 0 and outcomes.retention_6m.rate is None
    assert outcomes.unmet_needs_by_school_district == {"不明": 1, "第一中学校区": 2}
    data = as_json(outcomes, shared=False)
    assert KEYS <= set(data)
    assert data["declined_rate"] == pytest.approx(1 / 7) and data["retention_3m"] == {
        "eligible": 3,
        "continuing": 2,
        "rate": pytest.approx(2 / 3),
    }
    assert data["retention_6m"]["rate"] is None and "denominator is 0" in data["retention_6m"]["reason"]


def test_shared_figures_suppress_cells_of_one_or_two(db_session, town):
    period = Period(TODAY - timedelta(days=200), TODAY)
    data = as_json(compute_outcomes(db_session, period, TODAY, ReportScope()), shared=True)
    # 1 declined of 8 settled: the count and the rate would name one person
    assert data["declined"]["count"] is None and data["declined_rate"] is None
    assert "suppressed" in data["reasons"]["declined_rate"]
    # 6 of 8 reached a visit: 2 left over would be told, so the rate is withheld as well
    assert data["first_visit_rate"] is None
    assert data["retention_3m"]["continuing"] is None and data["retention_3m"]["eligible"] == 3
    assert data["unmet_needs_by_school_district"] == {"不明": None, "第一中学校区": None, "第二中学校区": None}
    assert not any(isinstance(v, int) and 0 < v < 3 for v in data["unmet_needs_by_school_district"].values())


def test_the_command_prints_the_same_figures(app, db_session, town):
    runner = app.test_cli_runner()
    start, end = (TODAY - timedelta(days=200)).isoformat(), TODAY.isoformat()
    result = runner.invoke(main, ["report", "outcomes", "--from", start, "--to", end, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert KEYS <= set(data) and data["period"] == {"from": start, "to": end, "fiscal_year": None}
    assert data["proposals"] == 9 and data["retention_3m"]["eligible"] == 3
    public = json.loads(
        runner.invoke(main, ["report", "outcomes", "--from", start, "--to", end, "--public", "--json"]).output
    )
    assert public["declined_rate"] is None and public["small_cells_suppressed"] is True
    year = Period.fiscal_year_of(TODAY)
    text = runner.invoke(main, ["report", "outcomes", "--fiscal-year", str(year)]).output
    assert f"period: {year}-04-01 .. {year + 1}-03-31" in text and "retention_3m" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--fiscal-year", "2025", "--from", "2025-04-01", "--to", "2025-05-01"],
        ["--from", "2025-04-01"],
        ["--from", "2025-05-01", "--to", "2025-04-01"],
        ["--from", "yesterday", "--to", "2025-04-01"],
        [],
    ],
)
def test_the_command_refuses_an_unclear_period(app, args):
    result = app.test_cli_runner().invoke(main, ["report", "outcomes", *args])
    assert result.exit_code == 2 and "Error" in result.output
