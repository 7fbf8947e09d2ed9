"""Reasons a coordinator can read aloud, as codes with parameters; the web edge renders them with Babel.

Codes are stable (tests and the JSON API carry them); `matching.suggestions.reasons` holds the Japanese msgids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from directory.schedules import weekday_fit
from directory.schedules.words import describe
from matching.engine.candidate import Candidate
from matching.engine.constraints import Evaluation, applicable_costs
from matching.engine.profile import Profile
from matching.engine.scoring import FRESH_DAYS, interest_hits, wanted_tags


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a code (e.g. "distance") and its parameters (e.g. {"km": 1.2})."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, **self.params}


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def schedule_reason(evaluation: Evaluation, candidate: Candidate | None = None) -> Reason | None:
    """The first date in the period that meets the person's availability: "水曜 15:00〜 (11/26)"; for a
    week-unknown fit, the rule in words with 日程は団体に確認 (「月1回・日曜日 11:00～15:00（日程は団体に確認）」)."""
    if evaluation.week_unknown and candidate is not None:
        return Reason("held_uncertain", {"schedule": uncertain_schedule(evaluation, candidate)})
    if not evaluation.schedule.overlapping:
        return None
    first = evaluation.schedule.overlapping[0]
    return Reason(
        "held",
        {
            "weekday": first.weekday,
            "date": first.date.isoformat(),
            "opens": _time(first.opens_at),
            "closes": _time(first.closes_at),
        },
    )


def uncertain_schedule(evaluation: Evaluation, candidate: Candidate, *, with_confirm: bool = True) -> str:
    """The week-unknown rules that meet the person's windows, in words:
    「月1回・日曜日 11:00～15:00（日程は団体に確認）」, without the bracket when `with_confirm` is False."""
    covered = evaluation.schedule.covered
    rules = [rule for rule in candidate.rules if weekday_fit((rule,), covered)]
    return "、".join(dict.fromkeys(describe(rule, with_confirm=with_confirm) for rule in rules or candidate.rules))


def uncertain(evaluation: Evaluation, candidate: Candidate) -> tuple[Reason, ...]:
    """What a coordinator should confirm with the group before proposing (issue #21 item 6)."""
    found: list[Reason] = []
    if evaluation.week_unknown:
        schedule = uncertain_schedule(evaluation, candidate, with_confirm=False)
        found.append(Reason("confirm_dates", {"schedule": schedule}))
    elif evaluation.schedule_unknown:
        found.append(Reason("confirm_schedule"))
    return tuple(found)


def cost_reason(profile: Profile, candidate: Candidate) -> Reason | None:
    """無料, or the highest price that applies to the person's age band."""
    rows = applicable_costs(candidate.costs, profile.age)
    if not rows:
        return None
    if all(c.is_free for c in rows):
        return Reason("free")
    amounts = [c.amount_yen for c in rows if not c.is_free and c.amount_yen is not None]
    return Reason("cost", {"yen": max(amounts)}) if amounts else None


def explain(
    profile: Profile,
    candidate: Candidate,
    evaluation: Evaluation,
    parts: dict[str, float],
    document: str,
    today: dt.date,
) -> tuple[Reason, ...]:
    """Why this entry is suggested, in the order a coordinator would say it: when, where, what, how."""
    reasons: list[Reason | None] = [
        schedule_reason(evaluation, candidate),
        Reason("distance", {"km": round(evaluation.distance_m / 1000, 1)}),
    ]
    hits = interest_hits(profile, document)
    if hits:
        reasons.append(Reason("interest", {"words": list(hits)}))
    elif parts.get("interest", 0) >= 0.3 and profile.interests:
        reasons.append(Reason("interest_related", {"words": list(profile.interests)}))
    reasons.append(cost_reason(profile, candidate))
    if evaluation.language not in (None, "ja"):
        reasons.append(Reason("language", {"language": evaluation.language}))
    if profile.space and candidate.space == profile.space:
        reasons.append(Reason("space", {"space": candidate.space}))
    if profile.threshold and candidate.threshold == profile.threshold:
        reasons.append(Reason("threshold", {"threshold": candidate.threshold}))
    reasons.extend(Reason("tag", {"tag": tag}) for tag in wanted_tags(profile) if tag in candidate.tags)
    if profile.first_step and candidate.step_level == "visit":
        reasons.append(Reason("step_visit"))
    if candidate.verified_at is not None and (today - candidate.verified_at).days <= FRESH_DAYS:
        reasons.append(Reason("verified", {"date": candidate.verified_at.isoformat()}))
    elif parts.get("freshness", 0) < 0.5:
        reasons.append(Reason("stale", {"date": candidate.verified_at.isoformat() if candidate.verified_at else None}))
    if "outcome" in parts:
        reasons.append(Reason("outcome", {"percent": round(parts["outcome"] * 100)}))
    return tuple(r for r in reasons if r is not None)
