"""Casework reports: placements by kind, stage and month, 定着率, time to a first visit, unmet needs, and the
closed-loop figures against their targets — as tables of anonymous counts.

Small-cell protection lives in `ReportTable` itself: a count of 1 or 2 people becomes "<3" when the table is
built, so no page, chart or export made from a table can show it. Cells that would let one be worked out are
withheld ("—") as well: a rate or a numerator when 1–2 people are left over, a row total beside a single
small cell. Erased persons stay in the counts: their placements remain as rows without personal data.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from directory.models import Taxonomy, TaxonomyTerm, service_taxonomy_terms
from matching.casework.services import add_months
from matching.models import (
    Consent,
    EndReason,
    FollowUp,
    FollowUpMilestone,
    Person,
    PersonRevision,
    Placement,
    PlacementStatus,
    UnmetNeed,
)
from matching.suggestions.reasons import CONSTRAINT_LABELS, PLACEMENT_STATUS

SMALL = 3
SUPPRESSED = "<3"
"""Counts of 1 or 2 people are shown as this everywhere (0 is shown: it identifies nobody)."""
Cell = str | int
REACHED_VISIT = (PlacementStatus.VISIT, PlacementStatus.TRIAL, PlacementStatus.STARTED)
PROPOSAL_SETTLE_DAYS = 14
"""A proposal counts for the first-visit rate once it is two weeks old (younger ones had no chance yet)."""
TARGETS = {"first_visit": (0.60, "min"), "declined": (0.12, "max"), "one_month_recorded": (0.90, "min")}
"""Closed-loop targets: ≥ 60 % of proposals reach a first visit, ≤ 12 % declined, ≥ 90 % 1-month outcome recorded."""


def suppress(count: int) -> Cell:
    """A count as it may be shown: "<3" for 1 or 2 people."""
    return SUPPRESSED if 0 < count < SMALL else count


def rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when it would let a small cell be worked out (or there is nothing):
    a numerator or denominator of 1–2, or 1–2 people left over (5 of 6 tells that one did not)."""
    if denominator == 0 or 0 < numerator < SMALL or denominator < SMALL or 0 < denominator - numerator < SMALL:
        return None
    return numerator / denominator


HIDDEN = "—"
"""A cell withheld because, with the cells beside it, it would reveal a count under 3."""


def share_cells(numerator: int, denominator: int) -> tuple[Cell, Cell, str]:
    """(numerator, denominator, rate) as they may be shown: the numerator is withheld when the rest (denominator
    minus numerator) is 1 or 2, since both counts together would tell it."""
    leftover_small = 0 < denominator - numerator < SMALL
    return (HIDDEN if leftover_small else numerator), denominator, _percent(rate(numerator, denominator))


def with_row_total(cells: Sequence[int]) -> list[Cell]:
    """The cells and their total; the total is withheld when exactly one cell is under 3 (total minus the others
    would give it)."""
    small = sum(0 < c < SMALL for c in cells)
    return [*cells, HIDDEN if small == 1 else sum(cells)]


@dataclass(frozen=True)
class ReportTable:
    """One report table: a label column, then columns of counts (suppressed on construction) or texts."""

    key: str
    title: Any
    columns: tuple[Any, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def of(cls, key: str, title: Any, columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> ReportTable:
        """Build a table; every int cell after the first column goes through `suppress`."""
        safe = tuple(
            (str(row[0]), *(suppress(c) if isinstance(c, int) and not isinstance(c, bool) else c for c in row[1:]))
            for row in rows
        )
        return cls(key, title, tuple(columns), safe)

    def bars(self, column: int = 1) -> list[tuple[str, Cell]]:
        """(label, value) pairs of one column for a chart; suppressed cells stay "<3" (drawn without a bar)."""
        return [(str(row[0]), row[column]) for row in self.rows]


def _percent(value: float | None) -> str:
    return HIDDEN if value is None else f"{value * 100:.0f}%"


def kind_names(session: Session) -> dict[str, str]:
    """Kind code → Japanese name, in taxonomy order."""
    rows = session.execute(
        select(TaxonomyTerm.code, TaxonomyTerm.name)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.code == "kind")
        .order_by(TaxonomyTerm.sort_order, TaxonomyTerm.id)
    )
    return dict(rows.all())


def _service_kinds(session: Session) -> dict[int, str]:
    """Service id → its first kind code (placements are counted once, under their activity's main kind)."""
    rows = session.execute(
        select(service_taxonomy_terms.c.service_id, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == service_taxonomy_terms.c.term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.code == "kind")
        .order_by(service_taxonomy_terms.c.service_id, TaxonomyTerm.sort_order)
    )
    kinds: dict[int, str] = {}
    for service_id, code in rows:
        kinds.setdefault(service_id, code)
    return kinds


def _placements(session: Session) -> list[Placement]:
    return list(session.scalars(select(Placement).options(selectinload(Placement.events)).order_by(Placement.id)))


def _reached(placement: Placement, statuses: Iterable[PlacementStatus]) -> bool:
    wanted = set(statuses)
    return placement.status in wanted or any(e.to_status in wanted for e in placement.events)


def by_kind_and_stage(session: Session, placements: list[Placement]) -> ReportTable:
    """Placements by kind of activity × where they stand now."""
    names, kinds = kind_names(session), _service_kinds(session)
    counts: dict[str, Counter[str]] = {}
    for placement in placements:
        kind = kinds.get(placement.service_id, "")
        counts.setdefault(kind, Counter())[str(placement.status)] += 1
    order = [code for code in names if code in counts] + ([""] if "" in counts else [])
    statuses = list(PlacementStatus)
    rows = [
        [names.get(code, str(_l("種類なし"))), *with_row_total([counts[code][s] for s in statuses])] for code in order
    ]
    return ReportTable.of(
        "by_kind", _l("種類別・段階別のつなぎ"), [_l("種類"), *(PLACEMENT_STATUS[s] for s in statuses), _l("計")], rows
    )


def by_month(placements: list[Placement]) -> ReportTable:
    """Proposals per month, and how many of them reached a first visit, a start, an end."""
    months: dict[str, Counter[str]] = {}
    for placement in placements:
        month = months.setdefault(placement.proposed_at.strftime("%Y-%m"), Counter())
        month["proposed"] += 1
        month["visit"] += _reached(placement, REACHED_VISIT)
        month["started"] += _reached(placement, (PlacementStatus.STARTED,))
        month["ended"] += placement.status == PlacementStatus.ENDED
    rows = [[m, c["proposed"], c["visit"], c["started"], c["ended"]] for m, c in sorted(months.items())]
    columns = [_l("月"), _l("提案"), _l("見学以上に進んだ"), _l("参加を始めた"), _l("終了")]
    return ReportTable.of("by_month", _l("月別のつなぎ（提案した月）"), columns, rows)


def retention(placements: list[Placement], today: date) -> ReportTable:
    """定着率: of placements started at least N months ago, the share still going (or closed as goal met)
    N months after the start — for N = 3 and 6."""
    rows = []
    for months, label in ((3, _l("3か月")), (6, _l("6か月"))):
        due = [p for p in placements if p.started_on and add_months(p.started_on, months) <= today]
        kept = [
            p
            for p in due
            if p.end_reason == EndReason.GOAL_MET
            or p.ended_at is None
            or p.ended_at.date() >= add_months(p.started_on or today, months)
        ]
        kept_cell, due_cell, share = share_cells(len(kept), len(due))
        rows.append([label, due_cell, kept_cell, share])
    return ReportTable.of(
        "retention",
        _l("定着率（参加開始からの継続）"),
        [_l("開始からの期間"), _l("対象"), _l("続いている"), _l("定着率")],
        rows,
    )


def intake_to_first_visit(session: Session, placements: list[Placement]) -> tuple[ReportTable, float | None]:
    """Days from intake (first record, revision or consent) to the first 見学/体験/参加 of each person, in bins,
    and the median (None when fewer than 3 people)."""
    intake: dict[int, date] = {}
    revised = select(PersonRevision.person_id, func.min(PersonRevision.changed_at)).group_by(PersonRevision.person_id)
    consented = select(Consent.person_id, func.min(Consent.recorded_at)).group_by(Consent.person_id)
    for query in (select(Person.id, Person.created_at), revised, consented):
        for person_id, at in session.execute(query):
            if at is not None:
                intake[person_id] = min(intake.get(person_id, at.date()), at.date())
    first: dict[int, date] = {}
    for placement in placements:
        for event in placement.events:
            if event.to_status in REACHED_VISIT:
                day = event.at.date()
                first[placement.person_id] = min(first.get(placement.person_id, day), day)
    days = [max((first[p] - intake[p]).days, 0) for p in first if p in intake]
    bins = ((_l("2週間以内"), 0, 14), (_l("15〜30日"), 15, 30), (_l("31〜60日"), 31, 60), (_l("61日以上"), 61, 10**6))
    rows = [[label, sum(low <= d <= high for d in days)] for label, low, high in bins]
    median = statistics.median(days) if len(days) >= SMALL else None
    return ReportTable.of(
        "intake_to_visit", _l("相談から初めての見学までの日数"), [_l("日数"), _l("人数")], rows
    ), median


def unmet_needs(session: Session) -> list[ReportTable]:
    """繋ぐ先がない by 地区, by 中学校区, by missing kind and by the constraint that failed (time slot, distance…)."""
    needs = list(session.scalars(select(UnmetNeed)))
    unknown = str(_l("不明"))
    names = kind_names(session)
    by_district = Counter(n.district or unknown for n in needs)
    by_school = Counter(n.junior_high_district or unknown for n in needs)
    by_kind = Counter(names.get(k, k) for n in needs for k in (n.kinds or []))
    by_constraint = Counter(str(CONSTRAINT_LABELS.get(c, c)) for n in needs for c in (n.failed_constraints or []))
    count = _l("件数")
    return [
        ReportTable.of("unmet_district", _l("繋ぐ先がない: 地区別"), [_l("地区"), count], sorted(by_district.items())),
        ReportTable.of(
            "unmet_school", _l("繋ぐ先がない: 中学校区別"), [_l("中学校区"), count], sorted(by_school.items())
        ),
        ReportTable.of("unmet_kind", _l("繋ぐ先がない: 足りない種類"), [_l("種類"), count], by_kind.most_common()),
        ReportTable.of(
            "unmet_constraint",
            _l("繋ぐ先がない: 合わなかった条件（時間帯・距離など）"),
            [_l("条件"), count],
            by_constraint.most_common(),
        ),
    ]


LOOP_LABELS = {
    "first_visit": _l("見学まで進んだ提案（提案から2週間以上）"),
    "declined": _l("辞退された提案"),
    "one_month_recorded": _l("1か月フォローの結果を記録したつなぎ"),
}


def _loop_counts(
    session: Session, placements: list[Placement], today: date, since: date | None = None, until: date | None = None
) -> list[tuple[str, int, int]]:
    """(figure, numerator, denominator) of the closed-loop figures for proposals made and 1-month follow-ups
    falling due in (since, until]; a proposal counts once it is two weeks old."""
    until = until or today
    last = min(until, today - timedelta(days=PROPOSAL_SETTLE_DAYS))
    settled = [
        p for p in placements if p.proposed_at.date() <= last and (since is None or p.proposed_at.date() > since)
    ]
    window = [FollowUp.milestone == FollowUpMilestone.MONTH_1, FollowUp.due_on <= until]
    if since is not None:
        window.append(FollowUp.due_on > since)
    month_due = session.execute(select(func.count(), func.count(FollowUp.done_at)).where(*window)).one()
    return [
        ("first_visit", sum(_reached(p, REACHED_VISIT) for p in settled), len(settled)),
        ("declined", sum(p.end_reason == EndReason.DECLINED for p in settled), len(settled)),
        ("one_month_recorded", int(month_due[1]), int(month_due[0])),
    ]


def closed_loop_trend(session: Session, placements: list[Placement], today: date) -> ReportTable:
    """The closed-loop shares of the last six months beside the six months before: the town against its own
    past (never coordinators against each other)."""
    middle, start = today - timedelta(days=182), today - timedelta(days=364)
    recent = _loop_counts(session, placements, today, since=middle)
    before = _loop_counts(session, placements, today, since=start, until=middle)
    rows = [
        [LOOP_LABELS[key], share_cells(n, d)[2], share_cells(n0, d0)[2]]
        for (key, n, d), (_key, n0, d0) in zip(recent, before, strict=True)
    ]
    return ReportTable.of(
        "closed_loop_trend",
        _l("つなぎの結果の推移（この町の前の期間と比べる）"),
        [_l("指標"), _l("直近6か月"), _l("その前の6か月")],
        rows,
    )


def closed_loop(session: Session, placements: list[Placement], today: date) -> ReportTable:
    """The closed-loop figures, each against its target: proposals reaching a first visit, proposals declined,
    placements whose 1-month outcome was recorded."""
    rows = []
    for key, numerator, denominator in _loop_counts(session, placements, today):
        label = LOOP_LABELS[key]
        target, direction = TARGETS[key]
        value = rate(numerator, denominator)
        shown, of, share = share_cells(numerator, denominator)
        sign = "≥" if direction == "min" else "≤"
        met = None if value is None else (value >= target if direction == "min" else value <= target)
        verdict = "—" if met is None else str(_l("達成") if met else _l("未達"))
        rows.append([label, shown, of, share, f"{sign} {target * 100:.0f}%", verdict])
    return ReportTable.of(
        "closed_loop",
        _l("つなぎの結果（目標との比較）"),
        [_l("指標"), _l("該当"), _l("対象"), _l("割合"), _l("目標"), _l("判定")],
        rows,
    )


@dataclass(frozen=True)
class Reports:
    """Every casework report table, plus the median days to a first visit."""

    tables: tuple[ReportTable, ...]
    median_days_to_visit: float | None

    def table(self, key: str) -> ReportTable | None:
        return next((t for t in self.tables if t.key == key), None)


def build_reports(session: Session, today: date) -> Reports:
    """All report tables for the town as of `today` (anonymous counts; small cells already suppressed)."""
    placements = _placements(session)
    intake, median = intake_to_first_visit(session, placements)
    tables = (
        closed_loop(session, placements, today),
        closed_loop_trend(session, placements, today),
        by_kind_and_stage(session, placements),
        by_month(placements),
        retention(placements, today),
        intake,
        *unmet_needs(session),
    )
    return Reports(tables, median)
