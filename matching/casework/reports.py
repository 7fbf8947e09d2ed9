"""Casework reports: placements by kind, stage and month, 定着率, time to a first visit, unmet needs, the
closed-loop figures against their targets and their trend — as tables over a period, for one scope.

The closed-loop and 定着 figures come from matching.reporting.outcomes (the same computation as
`tsunagu report outcomes`). How a count is shown follows the scope (matching.reporting.cells): exactly for the
agency that owns the cases; with cells of 1–2 suppressed ("<3", or withheld "—" when the cells beside them would
tell) in anything shared outside. `ReportTable.of` applies it when the table is built, so no page, chart or
export made from a shared table can show a small cell. Erased persons stay in the counts: their placements
remain as rows without personal data.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.catalog.labels import LADDER
from directory.models import LadderStage, Service, Taxonomy, TaxonomyTerm, service_taxonomy_terms
from matching.models import Consent, Person, PersonRevision, Placement, PlacementStatus
from matching.reporting.cells import (
    HIDDEN,
    SMALL,
    SUPPRESSED,
    Cell,
    percent,
    rate,
    share_cells,
    suppress,
    with_row_total,
)
from matching.reporting.outcomes import (
    REACHED_VISIT,
    UNKNOWN_DISTRICT,
    Outcomes,
    ReportScope,
    broken_conditions,
    compute_outcomes,
    load_placements,
    load_unmet_needs,
    reached,
)
from matching.reporting.period import Period
from matching.suggestions.reasons import CONSTRAINT_LABELS, PLACEMENT_STATUS

__all__ = ["HIDDEN", "SUPPRESSED", "ReportScope", "ReportTable", "Reports", "build_reports", "rate", "suppress"]

TARGETS = {"first_visit": (0.60, "min"), "declined": (0.12, "max"), "one_month_recorded": (0.90, "min")}
"""Closed-loop targets: ≥ 60 % of proposals reach a first visit, ≤ 12 % declined, ≥ 90 % 1-month outcome recorded."""
ALL_TIME_START = date(2000, 1, 1)


@dataclass(frozen=True)
class ReportTable:
    """One report table: a label column, then columns of counts (suppressed on construction when shared) or texts."""

    key: str
    title: Any
    columns: tuple[Any, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @classmethod
    def of(
        cls, key: str, title: Any, columns: Sequence[Any], rows: Iterable[Sequence[Any]], shared: bool = True
    ) -> ReportTable:
        """Build a table; when shared, every int cell after the first column goes through `suppress`."""
        safe = tuple(
            (
                str(row[0]),
                *(suppress(c, shared) if isinstance(c, int) and not isinstance(c, bool) else c for c in row[1:]),
            )
            for row in rows
        )
        return cls(key, title, tuple(columns), safe)

    def bars(self, column: int = 1) -> list[tuple[str, Cell]]:
        """(label, value) pairs of one column for a chart; suppressed cells stay "<3" (drawn without a bar)."""
        return [(str(row[0]), row[column]) for row in self.rows]


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


def by_kind_and_stage(session: Session, placements: list[Placement], shared: bool) -> ReportTable:
    """Placements proposed in the period by kind of activity × where they stand now."""
    names, kinds = kind_names(session), _service_kinds(session)
    counts: dict[str, Counter[str]] = {}
    for placement in placements:
        kind = kinds.get(placement.service_id, "")
        counts.setdefault(kind, Counter())[str(placement.status)] += 1
    order = [code for code in names if code in counts] + ([""] if "" in counts else [])
    statuses = list(PlacementStatus)
    rows = [
        [names.get(code, str(_l("種類なし"))), *with_row_total([counts[code][s] for s in statuses], shared)]
        for code in order
    ]
    columns = [_l("種類"), *(PLACEMENT_STATUS[s] for s in statuses), _l("計")]
    return ReportTable.of("by_kind", _l("種類別・段階別のつなぎ"), columns, rows, shared)


def by_ladder_stage(session: Session, placements: list[Placement], shared: bool) -> ReportTable:
    """Placements proposed in the period by the activity's participation-ladder stage (交流 → 趣味 → ボランティア →
    就労): proposed, started, still going."""
    ladder = dict(session.execute(select(Service.id, Service.ladder_stage)).all())
    counts: dict[LadderStage, Counter[str]] = {stage: Counter() for stage in LADDER}
    for placement in placements:
        stage = counts[ladder.get(placement.service_id, LadderStage.SOCIAL)]
        stage["proposed"] += 1
        stage["started"] += reached(placement, (PlacementStatus.STARTED,))
        stage["going"] += placement.status == PlacementStatus.STARTED
    rows = [[LADDER[s], c["proposed"], c["started"], c["going"]] for s, c in counts.items()]
    columns = [_l("段階"), _l("提案"), _l("参加を始めた"), _l("参加中")]
    return ReportTable.of(
        "by_ladder", _l("参加の段階別のつなぎ（交流・趣味・ボランティア・就労）"), columns, rows, shared
    )


def by_month(placements: list[Placement], shared: bool) -> ReportTable:
    """Proposals per month, and how many of them reached a first visit, a start, an end."""
    months: dict[str, Counter[str]] = {}
    for placement in placements:
        month = months.setdefault(placement.proposed_at.strftime("%Y-%m"), Counter())
        month["proposed"] += 1
        month["visit"] += reached(placement, REACHED_VISIT)
        month["started"] += reached(placement, (PlacementStatus.STARTED,))
        month["ended"] += placement.status == PlacementStatus.ENDED
    rows = [[m, c["proposed"], c["visit"], c["started"], c["ended"]] for m, c in sorted(months.items())]
    columns = [_l("月"), _l("提案"), _l("見学以上に進んだ"), _l("参加を始めた"), _l("終了")]
    return ReportTable.of("by_month", _l("月別のつなぎ（提案した月）"), columns, rows, shared)


def retention(outcomes: Outcomes, shared: bool) -> ReportTable:
    """定着率: of placements whose 3- (6-) month point falls in the period, the share still going then (or closed as
    goal met). 「—」 with 対象 0 means nothing was eligible."""
    rows = []
    for share, label in ((outcomes.retention_3m, _l("3か月")), (outcomes.retention_6m, _l("6か月"))):
        kept_cell, due_cell, shown = share_cells(share.count, share.of, shared)
        rows.append([label, due_cell, kept_cell, shown])
    columns = [_l("開始からの期間"), _l("対象"), _l("続いている"), _l("定着率")]
    return ReportTable.of("retention", _l("定着率（参加開始からの継続）"), columns, rows, shared)


def intake_to_first_visit(
    session: Session, placements: list[Placement], period: Period, shared: bool
) -> tuple[ReportTable, float | None]:
    """Days from intake (first record, revision or consent) to the first 見学/体験/参加 of each person whose first
    visit fell in the period, in bins, and the median (None when fewer than 3 people, if shared)."""
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
    days = [max((first[p] - intake[p]).days, 0) for p in first if p in intake and period.contains(first[p])]
    bins = ((_l("2週間以内"), 0, 14), (_l("15〜30日"), 15, 30), (_l("31〜60日"), 31, 60), (_l("61日以上"), 61, 10**6))
    rows = [[label, sum(low <= d <= high for d in days)] for label, low, high in bins]
    median = statistics.median(days) if days and (len(days) >= SMALL or not shared) else None
    table = ReportTable.of(
        "intake_to_visit", _l("相談から初めての見学までの日数"), [_l("日数"), _l("人数")], rows, shared
    )
    return table, median


def unmet_needs(session: Session, scope: ReportScope, period: Period) -> list[ReportTable]:
    """繋ぐ先がない by 地区, by 中学校区, by missing kind and by the constraint that failed (time slot, distance…)."""
    needs = load_unmet_needs(session, scope, period)
    unknown = str(_l(UNKNOWN_DISTRICT))
    names = kind_names(session)
    by_district = Counter(n.district or unknown for n in needs)
    by_school = Counter(n.junior_high_district or unknown for n in needs)
    by_kind = Counter(names.get(k, k) for n in needs for k in (n.kinds or []))
    by_constraint = Counter(str(CONSTRAINT_LABELS.get(c, c)) for n in needs for c in (n.failed_constraints or []))
    count, shared = _l("件数"), scope.shared
    return [
        ReportTable.of(
            "unmet_district", _l("繋ぐ先がない: 地区別"), [_l("地区"), count], sorted(by_district.items()), shared
        ),
        ReportTable.of(
            "unmet_school", _l("繋ぐ先がない: 中学校区別"), [_l("中学校区"), count], sorted(by_school.items()), shared
        ),
        ReportTable.of(
            "unmet_kind", _l("繋ぐ先がない: 足りない種類"), [_l("種類"), count], by_kind.most_common(), shared
        ),
        ReportTable.of(
            "unmet_constraint",
            _l("繋ぐ先がない: 合わなかった条件（時間帯・距離など）"),
            [_l("条件"), count],
            by_constraint.most_common(),
            shared,
        ),
    ]


def overrides(session: Session, placements: list[Placement], shared: bool) -> ReportTable:
    """Placements proposed despite a broken condition (with a reason), by condition × kind × the person's
    中学校区: needs the catalog does not meet, bridged by hand — they belong beside the unmet needs."""
    names, kinds = kind_names(session), _service_kinds(session)
    unknown = str(_l(UNKNOWN_DISTRICT))
    counts: Counter[tuple[str, str, str]] = Counter()
    for placement in placements:
        for code in broken_conditions(placement):
            kind = names.get(kinds.get(placement.service_id, ""), str(_l("種類なし")))
            school = placement.person.home_junior_high_district or unknown
            counts[(str(CONSTRAINT_LABELS.get(code, code)), kind, school)] += 1
    return ReportTable.of(
        "unmet_override",
        _l("条件を外れても提案したつなぎ（理由あり）"),
        [_l("外れた条件"), _l("種類"), _l("中学校区"), _l("件数")],
        [(*key, n) for key, n in sorted(counts.items())],
        shared,
    )


LOOP_LABELS = {
    "first_visit": _l("見学まで進んだ提案（提案から2週間以上）"),
    "declined": _l("辞退された提案"),
    "one_month_recorded": _l("1か月フォローの結果を記録したつなぎ"),
}


def _loop(outcomes: Outcomes) -> list[tuple[str, int, int]]:
    return [
        ("first_visit", outcomes.first_visit.count, outcomes.first_visit.of),
        ("declined", outcomes.declined.count, outcomes.declined.of),
        ("one_month_recorded", outcomes.recorded_1m.count, outcomes.recorded_1m.of),
    ]


def closed_loop_trend(current: Outcomes, before: Outcomes, shared: bool) -> ReportTable:
    """The closed-loop shares of the period beside the period before: the town against its own past (never
    coordinators against each other)."""
    rows = [
        [LOOP_LABELS[key], share_cells(n, d, shared)[2], share_cells(n0, d0, shared)[2]]
        for (key, n, d), (_key, n0, d0) in zip(_loop(current), _loop(before), strict=True)
    ]
    return ReportTable.of(
        "closed_loop_trend",
        _l("つなぎの結果の推移（この町の前の期間と比べる）"),
        [_l("指標"), _l("この期間"), _l("前の期間")],
        rows,
        shared,
    )


def closed_loop(outcomes: Outcomes, shared: bool) -> ReportTable:
    """The closed-loop figures, each against its target: proposals reaching a first visit, proposals declined,
    placements whose 1-month outcome was recorded."""
    rows = []
    for key, numerator, denominator in _loop(outcomes):
        target, direction = TARGETS[key]
        value = rate(numerator, denominator, shared)
        shown, of, share = share_cells(numerator, denominator, shared)
        sign = "≥" if direction == "min" else "≤"
        met = None if value is None else (value >= target if direction == "min" else value <= target)
        verdict = HIDDEN if met is None else str(_l("達成") if met else _l("未達"))
        rows.append([LOOP_LABELS[key], shown, of, share, f"{sign} {target * 100:.0f}%", verdict])
    return ReportTable.of(
        "closed_loop",
        _l("つなぎの結果（目標との比較）"),
        [_l("指標"), _l("該当"), _l("対象"), _l("割合"), _l("目標"), _l("判定")],
        rows,
        shared,
    )


def coverage_table(outcomes: Outcomes) -> ReportTable:
    """Entries counted as 居場所 (the town's own definition) per 中学校区 against the target (catalog counts, not
    people: never suppressed)."""
    rows = [[c.school_district, c.count, c.target, percent(c.rate)] for c in outcomes.coverage]
    columns = [_l("中学校区"), _l("居場所の数"), _l("目標"), _l("達成率")]
    return ReportTable.of("coverage", _l("中学校区ごとの居場所（目標との比較）"), columns, rows, shared=False)


@dataclass(frozen=True)
class Reports:
    """Every casework report table of one period and scope, plus the median days to a first visit."""

    tables: tuple[ReportTable, ...]
    median_days_to_visit: float | None
    period: Period
    scope: ReportScope

    def table(self, key: str) -> ReportTable | None:
        return next((t for t in self.tables if t.key == key), None)


def build_reports(
    session: Session, today: date, period: Period | None = None, scope: ReportScope | None = None
) -> Reports:
    """All report tables of `period` (everything up to today when None) as of `today`, for `scope` (every case,
    small cells suppressed, when None)."""
    scope = scope or ReportScope()
    period = period or Period(ALL_TIME_START, today)
    everything = load_placements(session, scope)
    current = compute_outcomes(session, period, today, scope, everything)
    before = compute_outcomes(session, period.previous(), today, scope, everything, with_coverage=False)
    proposed = [p for p in everything if period.contains(p.proposed_at.date())]
    intake, median = intake_to_first_visit(session, everything, period, scope.shared)
    tables = (
        closed_loop(current, scope.shared),
        closed_loop_trend(current, before, scope.shared),
        by_kind_and_stage(session, proposed, scope.shared),
        by_ladder_stage(session, proposed, scope.shared),
        by_month(proposed, scope.shared),
        retention(current, scope.shared),
        intake,
        *unmet_needs(session, scope, period),
        overrides(session, proposed, scope.shared),
        coverage_table(current),
    )
    return Reports(tables, median, period, scope)
