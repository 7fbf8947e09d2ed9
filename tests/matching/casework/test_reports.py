"""Casework reports: small-cell suppression, 定着率, time to a first visit, unmet needs, the closed-loop figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from matching.casework.reports import SUPPRESSED, ReportTable, build_reports, rate, suppress
from matching.casework.services import advance_placement, end_placement, record_follow_up, schedule_follow_ups
from matching.models import EndReason, FollowUpMilestone, FollowUpOutcome, PlacementStatus, UnmetNeed
from matching.reporting.period import Period
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

S = PlacementStatus
TODAY = today_in_japan()


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, SUPPRESSED), (2, SUPPRESSED), (3, 3), (40, 40)])
def test_counts_under_three_are_suppressed(count, shown):
    assert suppress(count) == shown


def test_rates_that_would_reveal_a_small_cell_are_hidden():
    assert rate(2, 50) is None and rate(5, 2) is None and rate(0, 0) is None
    assert rate(0, 10) == 0 and rate(6, 10) == 0.6
    assert rate(5, 6) is None and rate(8, 10) is None  # one or two left over would be told as well


def test_a_table_suppresses_on_construction():
    table = ReportTable.of("t", "t", ["label", "n", "text"], [["a", 1, "x"], ["b", 7, "y"], ["c", 2, "1"]])
    assert table.rows == (("a", SUPPRESSED, "x"), ("b", 7, "y"), ("c", SUPPRESSED, "1"))
    assert table.bars() == [("a", SUPPRESSED), ("b", 7), ("c", SUPPRESSED)]


@pytest.fixture
def town(db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    salon, ibasho = make_service(db_session, kinds=("salon",)), make_service(db_session, kinds=("ibasho",))

    def placement(service, days_ago, *steps, end=None):
        person = make_person(db_session, agency, coordinator_id=coordinator.id)
        p = make_placement(
            db_session,
            person,
            service,
            coordinator_id=coordinator.id,
            proposed_at=datetime.now(UTC) - timedelta(days=days_ago),
        )
        for status, on in steps:
            advance_placement(db_session, p, status, coordinator, expected_version=None, on=on)
        if end:
            end_placement(db_session, p, end, coordinator, expected_version=None)
        return p

    long_ago = TODAY - timedelta(days=200)
    # five salon placements started 200 days ago (past 3 and 6 months), one of them ended after 2 months
    started = [placement(salon, 220, (S.VISIT, long_ago - timedelta(days=5)), (S.STARTED, long_ago)) for _ in range(5)]
    started[0].ended_at = datetime.now(UTC) - timedelta(days=140)
    started[0].status, started[0].end_reason = S.ENDED, EndReason.NOT_A_FIT
    for p in started[1:]:
        record_follow_up(
            db_session,
            next(f for f in p.follow_ups if f.milestone == FollowUpMilestone.MONTH_1),
            FollowUpOutcome.GOING_WELL,
            coordinator,
        )
    # two ibasho proposals declined, one still open: small cells for ibasho
    declined = [placement(ibasho, 30, end=EndReason.DECLINED) for _ in range(2)]
    placement(ibasho, 20)
    for district in ("東原地区", "東原地区", "東原地区", "西台地区"):
        db_session.add(
            UnmetNeed(sought="夜の居場所", district=district, kinds=["ibasho"], failed_constraints=["schedule"])
        )
    db_session.flush()
    return started, declined


def test_reports_of_a_small_town(db_session, town):
    reports = build_reports(db_session, TODAY)
    by_kind = {row[0]: row for row in reports.table("by_kind").rows}
    # salon: 4 started + 1 ended = 5; ibasho: 1 proposed, 2 ended — both small cells
    # one small cell in a row: its total would give it away, so the total is withheld
    assert by_kind["サロン"][1:] == (0, 0, 0, 4, SUPPRESSED, "—")
    assert by_kind["居場所"][1:] == (SUPPRESSED, 0, 0, 0, SUPPRESSED, 3)
    retention = {row[0]: row for row in reports.table("retention").rows}
    # 4 of 5 kept would tell that one person stopped: the count kept and the rate are withheld
    assert retention["3か月"][1:] == (5, "—", "—") and retention["6か月"][1:] == (5, "—", "—")
    loop = {row[0]: row for row in reports.table("closed_loop").rows}
    first_visit = next(v for k, v in loop.items() if k.startswith("見学まで"))
    assert first_visit[1:] == (5, 8, "62%", "≥ 60%", "達成")
    declined = next(v for k, v in loop.items() if k.startswith("辞退"))
    assert declined[1:] == (SUPPRESSED, 8, "—", "≤ 12%", "—")  # 2 of 8: the rate would reveal the count
    recorded = next(v for k, v in loop.items() if k.startswith("1か月"))
    # the one that ended after 2 months missed its 1-month follow-up: 4 of 5, the 4 withheld (1 left over)
    assert recorded[1:4] == ("—", 5, "—")
    districts = dict(reports.table("unmet_district").rows)
    assert districts == {"東原地区": 3, "西台地区": SUPPRESSED}
    assert reports.table("unmet_constraint").rows[0][1] == 4
    visits = dict(reports.table("intake_to_visit").rows)
    assert sum(v for v in visits.values() if isinstance(v, int)) == 5
    assert reports.median_days_to_visit is not None


def test_no_small_count_in_any_table(db_session, town):
    for table in build_reports(db_session, TODAY).tables:
        for row in table.rows:
            assert not any(isinstance(c, int) and 0 < c < 3 for c in row[1:]), (table.key, row)


def test_one_month_share_counts_only_due_follow_ups(db_session, town):
    started, _ = town
    late = make_placement(db_session, started[1].person, started[1].service, status=S.STARTED)
    schedule_follow_ups(late, TODAY - timedelta(days=5))  # its 1-month follow-up is not due yet
    db_session.flush()
    loop = build_reports(db_session, TODAY).table("closed_loop").rows
    assert next(r for r in loop if r[0].startswith("1か月"))[1:3] == ("—", 5)


def test_retention_is_shown_when_no_small_cell_can_be_worked_out(db_session, town):
    started, _ = town
    for placement in started[1:4]:  # three more stop before 3 months: 1 of 5 kept, a small cell
        placement.status, placement.end_reason = S.ENDED, EndReason.NOT_A_FIT
        placement.ended_at = started[0].ended_at
    db_session.flush()
    retention = dict((row[0], row[1:]) for row in build_reports(db_session, TODAY).table("retention").rows)
    assert retention["3か月"] == (5, SUPPRESSED, "—")
    for placement in started[1:4]:
        placement.status, placement.end_reason, placement.ended_at = S.STARTED, None, None
    started[0].status, started[0].end_reason, started[0].ended_at = S.STARTED, None, None
    db_session.flush()
    retention = dict((row[0], row[1:]) for row in build_reports(db_session, TODAY).table("retention").rows)
    assert retention["3か月"] == (5, 5, "100%")


def test_the_trend_compares_the_town_with_its_own_past(db_session, town):
    half_year = Period(TODAY - timedelta(days=181), TODAY)  # the period before: the 182 days before that
    trend = {row[0]: row[1:] for row in build_reports(db_session, TODAY, half_year).table("closed_loop_trend").rows}
    first_visit = next(v for k, v in trend.items() if k.startswith("見学まで"))
    # the 5 salon proposals (220 days ago) fall in the earlier half-year, all reached a visit; the 3 recent ones
    # did not (0 of 3)
    assert first_visit == ("0%", "100%")
    declined = next(v for k, v in trend.items() if k.startswith("辞退"))
    assert declined == ("—", "0%")  # 2 of 3 recent: a small count, withheld
