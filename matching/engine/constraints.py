"""Hard constraints: a suggestion never breaks one of them (DESIGN.md "Match profile").

Each constraint is a small predicate with a stable code; `evaluate` runs all of them on one candidate so the
engine can both drop the failures and count, per constraint, what was excluded ("定員に空きなし: 3件").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from directory.schedules import OverlapResult, needs_confirmation, overlap, weekday_fit
from matching.engine.candidate import Candidate, Cost
from matching.engine.profile import EASY_JAPANESE, Profile, normalize_language

SCHEDULE_WEEKS = 8
"""How far ahead an occurrence must meet the person's availability."""
UNCERTAIN_SCHEDULE_WEIGHT = 0.5
"""Schedule score of a week-unknown fit (月1回・日曜, dates to confirm) relative to one with known dates."""
EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG): great-circle distances differ from the ellipsoid by < 0.5 %."""

STATUS, KIND, AGE, DISTANCE, CAPACITY, COST, LANGUAGE, ACCESSIBILITY, SCHEDULE = (
    "status",
    "kind",
    "age",
    "distance",
    "capacity",
    "cost",
    "language",
    "accessibility",
    "schedule",
)
CONSTRAINTS: tuple[str, ...] = (STATUS, KIND, AGE, DISTANCE, CAPACITY, COST, LANGUAGE, ACCESSIBILITY, SCHEDULE)
"""Every hard constraint's code, in the order the coordinator page lists them."""


def great_circle_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in metres on the mean-radius sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def age_band(age: int) -> str:
    """The 参加費 age band of the 子ども食堂 layout (values of directory.models.AgeBand) for an age."""
    if age < 6:
        return "infant"
    if age < 12:
        return "elementary"
    if age < 15:
        return "junior_high"
    if age < 18:
        return "high_school"
    return "adult"


def applicable_costs(costs: tuple[Cost, ...], age: int | None) -> tuple[Cost, ...]:
    """The cost rows that decide for this age: the row of its band, else every row (like the search filter)."""
    if age is not None:
        band = age_band(age)
        own = tuple(c for c in costs if c.age_band == band)
        if own:
            return own
    return costs


def within_cost(costs: tuple[Cost, ...], age: int | None, ceiling: int | None) -> bool:
    """Cost ≤ ceiling for the person's age band; an unknown price never passes as cheap."""
    if ceiling is None:
        return True
    rows = applicable_costs(costs, age)
    return bool(rows) and all(c.is_free or (c.amount_yen is not None and c.amount_yen <= ceiling) for c in rows)


def age_eligible(candidate: Candidate, age: int | None) -> bool:
    """Within the activity's age limits; an unknown age passes only where there are no limits."""
    if age is None:
        return candidate.minimum_age is None and candidate.maximum_age is None
    low_ok = candidate.minimum_age is None or candidate.minimum_age <= age
    return low_ok and (candidate.maximum_age is None or age <= candidate.maximum_age)


def shared_language(profile: Profile, languages: tuple[str, ...]) -> str | None:
    """The language the person can take part in, or None.

    Japanese speakers (and profiles without languages) can join anything: "ja". Others need one of their
    languages spoken there (primary subtag: "pt" meets "pt-BR"), or やさしい日本語 when they list it.
    An activity without listed languages is held in Japanese.
    """
    if profile.speaks_japanese:
        return "ja"
    offered = {normalize_language(lang) for lang in languages} or {"ja"}
    primaries = {lang.split("-")[0]: lang for lang in offered if lang != EASY_JAPANESE}
    for lang in profile.languages:
        if lang == EASY_JAPANESE:
            if EASY_JAPANESE in offered:
                return EASY_JAPANESE
        elif lang.split("-")[0] in primaries:
            return primaries[lang.split("-")[0]]
    return None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The hard-constraint verdict on one candidate, with what scoring and explanations reuse."""

    failed: tuple[str, ...]
    distance_m: float
    schedule: OverlapResult
    language: str | None
    week_unknown: bool = False
    """The schedule fits by weekday and hours only (月1回・日曜): a candidate whose dates the group confirms."""
    schedule_unknown: bool = False
    """No weekday at all (不定期, 月2回): the schedule cannot be checked — 「日程の確認が必要」, listed apart."""

    @property
    def passed(self) -> bool:
        return not self.failed


def basic_failures(profile: Profile, candidate: Candidate) -> tuple[list[str], float]:
    """The constraints a candidate's own row decides (status, kind, age, distance, capacity) and its distance.

    Cheap, so a loader can run them before fetching schedules, costs and languages; `evaluate` runs them too.
    """
    if profile.home is None:
        raise ValueError("profile.home must be resolved (district → centroid) before matching")
    failed: list[str] = []
    if not (candidate.published and candidate.active):
        failed.append(STATUS)
    if profile.kinds and not set(profile.kinds) & set(candidate.kinds):
        failed.append(KIND)
    if not age_eligible(candidate, profile.age):
        failed.append(AGE)
    distance = great_circle_m(profile.home[0], profile.home[1], candidate.lat, candidate.lon)
    if distance > profile.max_distance_km * 1000:
        failed.append(DISTANCE)
    if candidate.openings is not None and candidate.openings <= 0:
        failed.append(CAPACITY)
    return failed, distance


def evaluate(profile: Profile, candidate: Candidate, today: dt.date) -> Evaluation:
    """Every hard constraint on one candidate (all of them, so near misses can say what failed)."""
    failed, distance = basic_failures(profile, candidate)
    if not within_cost(candidate.costs, profile.age, profile.max_cost_yen):
        failed.append(COST)
    language = shared_language(profile, candidate.languages)
    if language is None:
        failed.append(LANGUAGE)
    if not set(profile.accessibility) <= candidate.accessibility:
        failed.append(ACCESSIBILITY)
    fit, week_unknown, unknown = schedule_fit(profile, candidate, today)
    if not fit.overlaps:
        failed.append(SCHEDULE)
    return Evaluation(tuple(failed), distance, fit, language, week_unknown, unknown)


def schedule_fit(profile: Profile, candidate: Candidate, today: dt.date) -> tuple[OverlapResult, bool, bool]:
    """(fit, week_unknown, schedule_unknown) of a candidate's schedule and the person's availability.

    Dates in the next `SCHEDULE_WEEKS` weeks that meet a window fit; failing that, a week-unknown rule whose
    weekday and hours meet a window fits with its coverage lowered by `UNCERTAIN_SCHEDULE_WEIGHT` (no dates
    are listed). Only a known weekday or hours that conflict exclude. An entry with no weekday at all
    does not fit and is flagged `schedule_unknown`, for the separate 「日程の確認が必要」 list.
    """
    windows = profile.windows
    fit = overlap(candidate.rules, windows, today, SCHEDULE_WEEKS)
    if fit.overlaps or not windows:
        return fit, False, False
    met = weekday_fit(candidate.rules, windows)
    if met:
        coverage = round(len(met) / len(windows) * UNCERTAIN_SCHEDULE_WEIGHT, 4)
        return OverlapResult(True, (), coverage, met), True, False
    return fit, False, needs_confirmation(candidate.rules)
