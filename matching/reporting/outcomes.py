"""The outcome figures of a period — proposals, first visits, declines, 1-month outcomes recorded, 定着 at 3 and 6
months, unmet needs by 中学校区, coverage — computed once as exact counts; how they may be shown is decided when
they are written out (`as_json`, or the report tables in matching.casework.reports).

Definitions (each with its own denominator, so a figure is 「—」 only when that denominator is 0):
- proposals: placements proposed in the period.
- first visit / declined: of the proposals in the period that are at least two weeks old (younger ones had no
  chance yet), those that reached a 見学, 体験 or start / were declined.
- 1-month outcome recorded: of the 1-month follow-ups falling due in the period (up to today, not cancelled),
  those recorded.
- 定着 at N months: of the placements whose N-month point falls in the period (up to today), those still going
  then — or closed as goal met.
- overrides by constraint: placements proposed in the period with a recorded reason although they break a
  condition (「条件を外れても提案」), per broken condition — unmet need that a coordinator bridged by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matching.casework.services import add_months
from matching.models import (
    EndReason,
    FollowUpMilestone,
    Person,
    Placement,
    PlacementStatus,
    UnmetNeed,
)
from matching.reporting.cells import SMALL, exact_rate, rate, rate_reason
from matching.reporting.coverage import CoverageFigure, coverage_figures
from matching.reporting.period import Period

REACHED_VISIT = (PlacementStatus.VISIT, PlacementStatus.TRIAL, PlacementStatus.STARTED)
PROPOSAL_SETTLE_DAYS = 14
"""A proposal counts for the first-visit and declined rates once it is two weeks old."""
UNKNOWN_DISTRICT = "不明"


@dataclass(frozen=True)
class ReportScope:
    """Whose cases a report counts and how: `agency_ids` None counts every case; `shared` applies the small-cell
    rule (the figures leave the agency that owns the cases)."""

    agency_ids: frozenset[int] | None = None
    shared: bool = True


@dataclass(frozen=True)
class Share:
    """count of `of` (numerator and its real denominator)."""

    count: int
    of: int

    @property
    def rate(self) -> float | None:
        return exact_rate(self.count, self.of)


@dataclass(frozen=True)
class Outcomes:
    """Exact figures of one period for one scope."""

    period: Period
    proposals: int
    first_visit: Share
    declined: Share
    recorded_1m: Share
    retention_3m: Share
    retention_6m: Share
    unmet_needs_by_school_district: dict[str, int]
    coverage: list[CoverageFigure]
    overrides_by_constraint: dict[str, int]


def load_placements(session: Session, scope: ReportScope) -> list[Placement]:
    """The placements a scope counts, with their events and follow-ups."""
    query = (
        select(Placement)
        .options(selectinload(Placement.events), selectinload(Placement.follow_ups))
        .order_by(Placement.id)
    )
    if scope.agency_ids is not None:
        query = query.join(Person, Person.id == Placement.person_id).where(Person.agency_id.in_(scope.agency_ids))
    return list(session.scalars(query))


def load_unmet_needs(session: Session, scope: ReportScope, period: Period | None = None) -> list[UnmetNeed]:
    """Unmet needs a scope counts, recorded in the period (all when no period)."""
    needs = session.scalars(select(UnmetNeed).order_by(UnmetNeed.id))
    return [
        n
        for n in needs
        if (scope.agency_ids is None or n.agency_id in scope.agency_ids)
        and (period is None or period.contains(n.recorded_at.date()))
    ]


def reached(placement: Placement, statuses: Iterable[PlacementStatus]) -> bool:
    """Whether the placement is, or ever was, at one of these stages."""
    wanted = set(statuses)
    return placement.status in wanted or any(e.to_status in wanted for e in placement.events)


def kept_until(placement: Placement, day: date) -> bool:
    """Still going on `day` (not ended before it), or closed as goal met."""
    return placement.end_reason == EndReason.GOAL_MET or placement.ended_at is None or placement.ended_at.date() >= day


def retention_share(placements: list[Placement], months: int, period: Period, today: date) -> Share:
    """定着 at `months`: placements whose point `months` after the start falls in the period, and those kept."""
    points = [
        (p, point)
        for p in placements
        if p.started_on and period.contains(point := add_months(p.started_on, months)) and point <= today
    ]
    return Share(sum(kept_until(p, point) for p, point in points), len(points))


def settled_proposals(placements: list[Placement], period: Period, today: date) -> list[Placement]:
    """Proposals of the period at least two weeks old."""
    last = today - timedelta(days=PROPOSAL_SETTLE_DAYS)
    return [p for p in placements if period.contains(p.proposed_at.date()) and p.proposed_at.date() <= last]


def one_month_recorded(placements: list[Placement], period: Period, today: date) -> Share:
    """1-month follow-ups due in the period (up to today, not cancelled) and how many were recorded."""
    due = [
        f
        for p in placements
        for f in p.follow_ups
        if f.milestone == FollowUpMilestone.MONTH_1
        and f.cancelled_at is None
        and period.contains(f.due_on)
        and f.due_on <= today
    ]
    return Share(sum(f.done_at is not None for f in due), len(due))


def broken_conditions(placement: Placement) -> list[str]:
    """The condition codes an override broke (stored comma-separated on the placement); none for a suggestion."""
    return [code for code in (placement.override_constraint or "").split(",") if code]


def overrides_by_constraint(placements: list[Placement], period: Period) -> dict[str, int]:
    """Placements proposed in the period despite a broken condition, per condition code."""
    counts = Counter(code for p in placements if period.contains(p.proposed_at.date()) for code in broken_conditions(p))
    return dict(sorted(counts.items()))


def compute_outcomes(
    session: Session,
    period: Period,
    today: date,
    scope: ReportScope,
    placements: list[Placement] | None = None,
    with_coverage: bool = True,
) -> Outcomes:
    """The figures of `period` as of `today` (exact counts; see the module docstring for the definitions)."""
    placements = load_placements(session, scope) if placements is None else placements
    settled = settled_proposals(placements, period, today)
    needs = load_unmet_needs(session, scope, period)
    by_school = Counter(n.junior_high_district or UNKNOWN_DISTRICT for n in needs)
    return Outcomes(
        period=period,
        proposals=sum(period.contains(p.proposed_at.date()) for p in placements),
        first_visit=Share(sum(reached(p, REACHED_VISIT) for p in settled), len(settled)),
        declined=Share(sum(p.end_reason == EndReason.DECLINED for p in settled), len(settled)),
        recorded_1m=one_month_recorded(placements, period, today),
        retention_3m=retention_share(placements, 3, period, today),
        retention_6m=retention_share(placements, 6, period, today),
        unmet_needs_by_school_district=dict(sorted(by_school.items())),
        coverage=coverage_figures(session) if with_coverage else [],
        overrides_by_constraint=overrides_by_constraint(placements, period),
    )


def _count(value: int, shared: bool) -> int | None:
    return None if shared and 0 < value < SMALL else value


def _share_json(share: Share, shared: bool) -> dict[str, Any]:
    leftover_small = shared and 0 < share.of - share.count < SMALL
    value: dict[str, Any] = {
        "eligible": _count(share.of, shared),
        "continuing": None if leftover_small else _count(share.count, shared),
        "rate": rate(share.count, share.of, shared),
    }
    if value["rate"] is None:
        value["reason"] = rate_reason(share.count, share.of, shared)
    return value


def as_json(outcomes: Outcomes, *, shared: bool) -> dict[str, Any]:
    """The figures as `tsunagu report outcomes --json` prints them (DESIGN.md); `shared` (--public) turns counts
    of 1–2 and the rates that would reveal them into null, each with its reason under "reasons"."""
    reasons: dict[str, str] = {}
    result: dict[str, Any] = {"period": outcomes.period.as_json(), "proposals": _count(outcomes.proposals, shared)}
    if result["proposals"] is None:
        reasons["proposals"] = "suppressed: 1-2"
    for key, share in (
        ("first_visit", outcomes.first_visit),
        ("declined", outcomes.declined),
        ("outcome_recorded_1m", outcomes.recorded_1m),
    ):
        result[f"{key}_rate"] = rate(share.count, share.of, shared)
        result[key] = {"count": _count(share.count, shared), "of": _count(share.of, shared)}
        if (why := rate_reason(share.count, share.of, shared)) is not None:
            reasons[f"{key}_rate"] = why
    result["retention_3m"] = _share_json(outcomes.retention_3m, shared)
    result["retention_6m"] = _share_json(outcomes.retention_6m, shared)
    result["unmet_needs_by_school_district"] = {
        name: _count(n, shared) for name, n in outcomes.unmet_needs_by_school_district.items()
    }
    result["unmet_needs_total"] = _count(sum(outcomes.unmet_needs_by_school_district.values()), shared)
    result["overrides_by_constraint"] = {
        code: _count(n, shared) for code, n in outcomes.overrides_by_constraint.items()
    }
    result["coverage"] = [
        {"school_district": c.school_district, "count": c.count, "target": c.target, "rate": c.rate}
        for c in outcomes.coverage
    ]
    result["small_cells_suppressed"] = shared
    result["reasons"] = reasons
    return result
