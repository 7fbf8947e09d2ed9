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
from matching.engine.constraints import Evaluation
from matching.engine.household import member_ages, total_price
from matching.engine.interests import PhraseMatch
from matching.engine.preferences import ATMOSPHERE, GROUP_SIZE, label_conflicts, preference_checks
from matching.engine.profile import Profile
from matching.engine.scoring import FRESH_DAYS, interest_matches, strength_matches, wanted_tags


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


def cost_reason(profile: Profile, candidate: Candidate, members: tuple[int, ...] = (0,)) -> Reason | None:
    """無料, or what one visit costs: the highest price of the person's age band, or for a household the sum
    over the members who attend."""
    total = total_price(candidate.costs, member_ages(profile.members, members or (0,)))
    if total is None:
        return None
    return Reason("free") if total == 0 else Reason("cost", {"yen": total})


def _found(code: str, matches: tuple[PhraseMatch, ...]) -> Reason | None:
    hits = [m for m in matches if m.found]
    if not hits:
        return None
    found = list(dict.fromkeys(word for m in hits for word in m.found))
    return Reason(code, {"words": [m.phrase for m in hits], "found": found})


def interest_reasons(
    profile: Profile, candidate: Candidate, parts: dict[str, float], document: str
) -> list[Reason | None]:
    """Which of the person's interests and strengths the entry has, naming the words found in its text."""
    interest = _found("interest", interest_matches(profile, document))
    if interest is None and parts.get("interest", 0) >= 0.3 and profile.interests:
        interest = Reason("interest_related", {"words": list(profile.interests)})
    return [interest, _found("strength", strength_matches(profile, candidate, document))]


def preference_reasons(profile: Profile, candidate: Candidate) -> list[Reason]:
    """少人数 / 静か / にぎやか when the person asked for it and the entry has it, and a warning when the entry's
    own text contradicts its label (「毎回30人以上」 on a 少人数 entry)."""
    checks = preference_checks(profile, candidate)
    reasons = [
        Reason("preference", {"preference": code, "value": getattr(profile, code)})
        for code in (GROUP_SIZE, ATMOSPHERE)
        if checks.get(code) == 1.0
    ]
    conflicts = label_conflicts(candidate.group_size, candidate.atmosphere, candidate.text or candidate.name)
    if conflicts:
        reasons.append(Reason("label_conflict", {"labels": list(conflicts)}))
    return reasons


def members_reason(profile: Profile, members: tuple[int, ...]) -> Reason | None:
    """For a household: the whole family, or which members (by age) the entry is for."""
    if not profile.household:
        return None
    if len(members) == len(profile.household):
        return Reason("for_family", {"members": list(members)})
    return Reason("for_members", {"members": list(members), "ages": list(member_ages(profile.members, members))})


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
        members_reason(profile, evaluation.attending),
        schedule_reason(evaluation, candidate),
        Reason("distance", {"km": round(evaluation.distance_m / 1000, 1)}),
    ]
    reasons.extend(interest_reasons(profile, candidate, parts, document))
    reasons.append(cost_reason(profile, candidate, evaluation.attending))
    if evaluation.language not in (None, "ja"):
        reasons.append(Reason("language", {"language": evaluation.language}))
    if profile.space and candidate.space == profile.space:
        reasons.append(Reason("space", {"space": candidate.space}))
    if profile.threshold and candidate.threshold == profile.threshold:
        reasons.append(Reason("threshold", {"threshold": candidate.threshold}))
    reasons.extend(Reason("tag", {"tag": tag}) for tag in wanted_tags(profile) if tag in candidate.tags)
    reasons.extend(preference_reasons(profile, candidate))
    if profile.first_step and candidate.step_level == "visit":
        reasons.append(Reason("step_visit"))
    if candidate.verified_at is not None and (today - candidate.verified_at).days <= FRESH_DAYS:
        reasons.append(Reason("verified", {"date": candidate.verified_at.isoformat()}))
    elif parts.get("freshness", 0) < 0.5:
        reasons.append(Reason("stale", {"date": candidate.verified_at.isoformat() if candidate.verified_at else None}))
    if "outcome" in parts:
        reasons.append(Reason("outcome", {"percent": round(parts["outcome"] * 100)}))
    return tuple(r for r in reasons if r is not None)
