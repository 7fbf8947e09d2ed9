"""Hard constraints: a suggestion never breaks one of them (DESIGN.md "Match profile").

Each constraint is a small predicate with a stable code; `evaluate` runs all of them on one candidate so the
engine can both drop the failures and count, per constraint, what was excluded ("定員に空きなし: 3件").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

from directory.schedules import OverlapResult, Rule, Window, needs_confirmation, overlap, weekday_fit
from matching.engine.candidate import Candidate
from matching.engine.household import (
    attending,
    member_ages,
    member_needs,
    within_cost,
)
from matching.engine.preferences import unmet_hard
from matching.engine.profile import EASY_JAPANESE, Profile, normalize_language

SCHEDULE_WEEKS = 8
"""How far ahead an occurrence must meet the person's availability."""
UNCERTAIN_SCHEDULE_WEIGHT = 0.5
"""Schedule score of a week-unknown fit (月1回・日曜, dates to confirm) relative to one with known dates."""
EARTH_RADIUS_M = 6_371_008.8
"""Mean Earth radius (IUGG): great-circle distances differ from the ellipsoid by < 0.5 %."""

PREFERENCE = "preference"
"""A preference the person marked as a hard condition (少人数 only, …): see `matching.engine.preferences`."""
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
CONSTRAINTS: tuple[str, ...] = (
    STATUS,
    KIND,
    AGE,
    DISTANCE,
    CAPACITY,
    COST,
    LANGUAGE,
    ACCESSIBILITY,
    SCHEDULE,
    PREFERENCE,
)
"""Every hard constraint's code, in the order the coordinator page lists them."""


@lru_cache(maxsize=65536)
def great_circle_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in metres on the mean-radius sphere (kept per pair of points: the loader, the bound
    ordering and the constraint check each ask it for the same person and entry)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


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
    attending: tuple[int, ...] = ()
    """Which of `profile.members` would attend (for a single person: (0,) when their age fits)."""

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
    if not attending(profile.members, candidate):
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
    members = attending(profile.members, candidate) or tuple(range(len(profile.members)))
    if not within_cost(candidate.costs, member_ages(profile.members, members), profile.max_cost_yen):
        failed.append(COST)
    language = shared_language(profile, candidate.languages)
    if language is None:
        failed.append(LANGUAGE)
    if not set(profile.accessibility) | member_needs(profile.members, members) <= candidate.accessibility:
        failed.append(ACCESSIBILITY)
    if unmet_hard(profile, candidate):
        failed.append(PREFERENCE)
    fit, week_unknown, unknown = schedule_fit(profile, candidate, today)
    if not fit.overlaps:
        failed.append(SCHEDULE)
    return Evaluation(
        tuple(failed), distance, fit, language, week_unknown=week_unknown, schedule_unknown=unknown, attending=members
    )


def schedule_fit(profile: Profile, candidate: Candidate, today: dt.date) -> tuple[OverlapResult, bool, bool]:
    """(fit, week_unknown, schedule_unknown) of a candidate's schedule and the person's availability.

    Dates in the next `SCHEDULE_WEEKS` weeks that meet a window fit; failing that, a week-unknown rule whose
    weekday and hours meet a window fits with its coverage lowered by `UNCERTAIN_SCHEDULE_WEIGHT` (no dates
    are listed). Only a known weekday or hours that conflict exclude. An entry with no weekday at all
    does not fit and is flagged `schedule_unknown`, for the separate 「日程の確認が必要」 list.
    """
    return _schedule_fit(candidate.rules, profile.windows, today)


@lru_cache(maxsize=32768)
def _schedule_fit(
    rules: tuple[Rule, ...], windows: tuple[Window, ...], today: dt.date
) -> tuple[OverlapResult, bool, bool]:
    """`schedule_fit` per distinct (rules, windows, day): a pure function of them, and entries share a few
    schedule patterns (毎週土曜 10:00–12:00, 第2・第4火曜 …), so most candidates of a query reuse a walk already
    made for another (the rules are the loader's shared `Rule` objects: hashed and compared cheaply)."""
    fit = overlap(rules, windows, today, SCHEDULE_WEEKS)
    if fit.overlaps or not windows:
        return fit, False, False
    met = weekday_fit(rules, windows)
    if met:
        coverage = round(len(met) / len(windows) * UNCERTAIN_SCHEDULE_WEIGHT, 4)
        return OverlapResult(True, (), coverage, met), True, False
    return fit, False, needs_confirmation(rules)
