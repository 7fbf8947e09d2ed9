"""社会資源の開発: development cases opened from unmet needs, their steps and outcome, and the report.

A case gathers the 繋ぐ先がない records it answers, candidate hosts from the 受け入れ候補 register, dated steps,
and ends as a new public activity, a custom menu, or closed with a reason. The report counts gaps by area and
kind (needs stand for people: small cells suppressed as in matching.casework.reports), cases open and closed, and
resources developed per year — the 社会資源の開発 figure of the 重層的支援体制整備事業 plans.

Writes flush and never commit.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matching.casework.reports import ReportTable
from matching.models import DevelopmentCase, DevelopmentOutcome, DevelopmentStep, HostProspect, UnmetNeed
from tsunagu.db import utcnow
from tsunagu.forms import record_ids
from tsunagu.models import User

OUTCOME_LABELS = {
    DevelopmentOutcome.NEW_PUBLIC_ACTIVITY: _l("新しい公開の活動"),
    DevelopmentOutcome.CUSTOM_MENU: _l("個別メニュー"),
    DevelopmentOutcome.CLOSED: _l("見送り（理由あり）"),
}
NO_AREA = "—"


class CaseError(ValueError):
    """A development-case write that cannot be done as asked (`code` names why)."""


def open_case(
    session: Session, *, values: dict[str, Any], needs: list[UnmetNeed], prospects: list[HostProspect], actor: User
) -> DevelopmentCase:
    """A development case for a gap, linked to the unmet needs it answers and candidate hosts."""
    case = DevelopmentCase(
        title=values["title"].strip(),
        gap=(values.get("gap") or "").strip() or None,
        kind=values.get("kind") or None,
        district=values.get("district") or None,
        agency_id=actor.agency_id if actor.agency_id is not None else _first_agency(needs),
        opened_by_id=actor.id,
        prospects=list(prospects),
    )
    session.add(case)
    session.flush()
    for need in needs:
        need.development_case_id = case.id
    session.flush()
    return case


def _first_agency(needs: list[UnmetNeed]) -> int:
    agency = next((n.agency_id for n in needs if n.agency_id is not None), None)
    if agency is None:
        raise CaseError("no_agency")
    return agency


def link(session: Session, case: DevelopmentCase, *, needs: list[UnmetNeed], prospects: list[HostProspect]) -> None:
    """Add unmet needs and candidate hosts to a case (already linked ones stay once)."""
    for need in needs:
        need.development_case_id = case.id
    case.prospects = list(dict.fromkeys([*case.prospects, *prospects]))
    session.flush()


def add_step(session: Session, case: DevelopmentCase, description: str, due_on: date | None) -> DevelopmentStep:
    """A planned step with its date (声をかける, 見学に行く, 条件を調整する…)."""
    if case.closed_at is not None:
        raise CaseError("closed")
    step = DevelopmentStep(description=description.strip(), due_on=due_on)
    case.steps.append(step)
    session.flush()
    return step


def complete_step(session: Session, step: DevelopmentStep) -> None:
    """Mark a step done (now); doing it twice keeps the first time."""
    step.done_at = step.done_at or utcnow()
    session.flush()


def close_case(
    session: Session, case: DevelopmentCase, outcome: DevelopmentOutcome, *, note: str | None, service_id: int | None
) -> None:
    """End a case: a new public activity or a custom menu (the resulting entry), or closed with a reason."""
    if case.closed_at is not None:
        raise CaseError("closed")
    if outcome == DevelopmentOutcome.CLOSED and not (note or "").strip():
        raise CaseError("reason_required")
    if outcome != DevelopmentOutcome.CLOSED and service_id is None:
        raise CaseError("service_required")
    case.outcome, case.outcome_note, case.resulting_service_id = outcome, (note or "").strip() or None, service_id
    case.closed_at = utcnow()
    session.flush()


def open_needs(session: Session) -> list[UnmetNeed]:
    """Unmet needs no case answers yet, newest first: the material a case is opened from."""
    return list(
        session.scalars(
            select(UnmetNeed)
            .where(UnmetNeed.development_case_id.is_(None))
            .order_by(UnmetNeed.recorded_at.desc(), UnmetNeed.id.desc())
        )
    )


def needs_by_ids(session: Session, ids: list[str] | None) -> list[UnmetNeed]:
    """The unmet needs whose ids a form or link sent (non-numbers ignored)."""
    wanted = record_ids(ids)
    return list(session.scalars(select(UnmetNeed).where(UnmetNeed.id.in_(wanted)))) if wanted else []


def list_cases(session: Session) -> list[DevelopmentCase]:
    """Every case, open ones first, newest first, with steps, needs and prospects loaded."""
    rows = session.scalars(
        select(DevelopmentCase)
        .options(
            selectinload(DevelopmentCase.steps),
            selectinload(DevelopmentCase.unmet_needs),
            selectinload(DevelopmentCase.prospects),
        )
        .order_by(DevelopmentCase.opened_at.desc(), DevelopmentCase.id.desc())
    )
    return sorted(rows, key=lambda case: case.closed_at is not None)


def development_report(
    session: Session, kind_names: dict[str, str], agency_ids: list[int] | None = None
) -> list[ReportTable]:
    """Gaps by area and kind (suppressed: needs stand for people), needs waiting or taken up, cases open/closed,
    resources per year; `agency_ids` limits it to the needs and cases those agencies recorded (a lead agency's
    area), None counts every one."""
    need_query, case_query = select(UnmetNeed), select(DevelopmentCase)
    if agency_ids is not None:
        need_query = need_query.where(UnmetNeed.agency_id.in_(agency_ids))
        case_query = case_query.where(DevelopmentCase.agency_id.in_(agency_ids))
    gaps: Counter[tuple[str, str]] = Counter()
    taken_up: Counter[bool] = Counter()
    for need in session.scalars(need_query):
        taken_up[need.development_case_id is not None] += 1
        for kind in need.kinds or [""]:
            gaps[(need.district or NO_AREA, kind_names.get(kind, kind) or NO_AREA)] += 1
    cases = list(session.scalars(case_query))
    states = Counter("open" if c.closed_at is None else str(c.outcome) for c in cases)
    years: dict[int, Counter[str]] = {}
    for case in cases:
        if case.closed_at is not None and case.outcome != DevelopmentOutcome.CLOSED:
            years.setdefault(case.closed_at.year, Counter())[str(case.outcome)] += 1
    developed = [
        (str(year), years[year][DevelopmentOutcome.NEW_PUBLIC_ACTIVITY], years[year][DevelopmentOutcome.CUSTOM_MENU])
        for year in sorted(years)
    ]
    # cases and resources are not people: their counts are shown as they are
    return [
        ReportTable.of(
            "development_gaps",
            _l("足りないもの: 地区 × 種類"),
            [_l("地区"), _l("種類"), _l("件数")],
            [(area, kind, n) for (area, kind), n in sorted(gaps.items())],
        ),
        ReportTable.of(
            "development_needs",
            _l("「繋ぐ先がない」の記録"),
            [_l("状態"), _l("件数")],
            [(_l("取り組み待ち"), taken_up[False]), (_l("取り組みにつながった"), taken_up[True])],
        ),
        ReportTable(
            "development_cases",
            _l("開発の取り組み"),
            (_l("状態"), _l("件数")),
            (
                (str(_l("取り組み中")), states["open"]),
                *((str(label), states[str(outcome)]) for outcome, label in OUTCOME_LABELS.items()),
            ),
        ),
        ReportTable(
            "development_years",
            _l("開発できた資源（年別）"),
            (_l("年"), _l("新しい公開の活動"), _l("個別メニュー")),
            tuple(developed),
        ),
    ]
