"""The demo town's two 年度 of casework give the reports real shapes (issue #22 targets)."""

from __future__ import annotations

from sqlalchemy import func, select

from matching.models import CaseClosure, FollowUp, Meeting, MeetingKind, UnmetNeed
from matching.reporting.outcomes import ReportScope, compute_outcomes
from matching.reporting.period import Period
from tsunagu.clock import today_in_japan


def test_each_fiscal_year_has_real_denominators(demo_session):
    today = today_in_japan()
    current = Period.fiscal_year_of(today)
    for year in (current - 1, current):
        outcomes = compute_outcomes(demo_session, Period.fiscal(year), today, ReportScope(shared=False))
        assert outcomes.proposals >= 40, year
        assert outcomes.retention_3m.of >= 10, year  # 定着率 at 3 months over at least ten placements
        assert 0.5 < outcomes.retention_3m.rate < 1, year  # some stop: a real shape, not 100 %
        assert outcomes.first_visit.rate >= 0.6 and outcomes.declined.rate <= 0.12, year
        assert outcomes.recorded_1m.of >= 10


def test_unmet_needs_are_located_and_cases_closed_and_discussed(demo_session):
    needs = demo_session.scalar(select(func.count(UnmetNeed.id)))
    unlocated = demo_session.scalar(select(func.count(UnmetNeed.id)).where(UnmetNeed.junior_high_district.is_(None)))
    assert needs >= 40 and unlocated / needs <= 0.2
    assert demo_session.scalar(select(func.count(CaseClosure.id))) >= 10
    kinds = set(demo_session.scalars(select(Meeting.kind)))
    assert kinds == {MeetingKind.SUPPORT, MeetingKind.MULTI_AGENCY}
    # follow-ups after an end are cancelled with a reason, never missing
    cancelled = demo_session.scalars(select(FollowUp).where(FollowUp.cancelled_at.is_not(None))).all()
    assert cancelled and all(f.cancel_reason for f in cancelled)
