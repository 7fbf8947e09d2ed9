"""The matching engine: hard constraints → soft score → diversified, explained top N.

`match(profile, candidates, today)` is the one code path behind the coordinator page, `tsunagu match` and
`POST /api/v1/match`. It takes plain data and returns plain data; no Flask, no session.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from directory.schedules import Occurrence, next_dates
from matching.engine.candidate import Candidate
from matching.engine.constraints import CONSTRAINTS, SCHEDULE, STATUS, Evaluation, evaluate
from matching.engine.explain import Reason, explain, uncertain
from matching.engine.interests import folded as _document
from matching.engine.interests import phrases
from matching.engine.profile import Profile
from matching.engine.scoring import (
    RERANK,
    STRONG_INTEREST,
    InterestStatistics,
    OutcomeModel,
    base_parts,
    bound_parts,
    combine,
    interest_statistics,
    outcome_features,
    own_interests,
    query_text,
    text_similarities,
)

PER_ORGANIZATION = 2
"""At most this many suggestions from one organisation in a list (not ten branches of one group)."""
WANTED_KINDS = 3
"""Show up to this many kinds of activity when the person allows several."""
NEAR_MISSES = 5
TO_CONFIRM = 10
"""At most this many 「日程の確認が必要」 entries are listed."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested activity with its score, the parts it is made of, and the reasons to read aloud."""

    service_id: int
    name: str
    organization_id: int
    organization_name: str
    kinds: tuple[str, ...]
    score: float
    parts: dict[str, float]
    reasons: tuple[Reason, ...]
    distance_m: float
    next_dates: tuple[Occurrence, ...] = ()
    model_version: str | None = None
    uncertain: tuple[Reason, ...] = ()
    """What to confirm with the group before proposing (月1回・日曜: which Sunday)."""
    attending: tuple[int, ...] = ()
    """For a household profile: indexes of the members the suggestion is for (all of them: the family)."""

    @property
    def distance_km(self) -> float:
        return round(self.distance_m / 1000, 2)


@dataclass(frozen=True, slots=True)
class NearMiss:
    """An entry that failed exactly one hard constraint: what a coordinator may want to ask about."""

    service_id: int
    name: str
    failed: str
    distance_m: float


@dataclass(frozen=True)
class MatchResult:
    """The ranked suggestions and, for "no match", what was excluded by which constraint."""

    suggestions: tuple[Suggestion, ...]
    excluded: dict[str, int]
    """Per hard constraint, how many entries failed it (an entry failing two counts under both)."""
    considered: int
    eligible: int
    near_misses: tuple[NearMiss, ...] = ()
    to_confirm: tuple[NearMiss, ...] = ()
    """「日程の確認が必要」: entries that pass every other constraint but name no weekday at all (不定期, 月2回),
    nearest first; `failed` is "schedule". Counted under "schedule" in `excluded` (the schedule could not be
    checked) and listed here rather than among the near misses, never mixed into the ranked suggestions."""
    model_version: str | None = None
    notes: tuple[Reason, ...] = field(default=())
    explained: bool = True
    """False on the answer-only path: `excluded`, `considered`, `eligible` and `near_misses` then cover only
    the candidates the engine had to check before it could stop (the suggestions are the same)."""

    @property
    def failed_constraints(self) -> list[str]:
        """Constraints that excluded something, most excluding first (what an UnmetNeed records)."""
        ranked = sorted((n, CONSTRAINTS.index(c), c) for c, n in self.excluded.items() if n and c != STATUS)
        return [code for _n, _i, code in sorted(ranked, key=lambda t: (-t[0], t[1]))]


@dataclass(slots=True)
class _Scored:
    candidate: Candidate
    evaluation: Evaluation
    document: str
    parts: dict[str, float]
    score: float


_Ordered = tuple[float, Candidate, str, float | None, dict[str, float] | None]
"""(bound, candidate, its normalised text, its `own_interest`, the bound's parts or None when unbounded)."""


def _unbounded(
    candidates: Sequence[Candidate], documents: Sequence[str], owns: Sequence[float | None]
) -> Iterator[_Ordered]:
    return ((math.inf, c, d, own, None) for c, d, own in zip(candidates, documents, owns, strict=True))


def _in_bound_order(
    profile: Profile,
    candidates: Sequence[Candidate],
    documents: Sequence[str],
    owns: Sequence[float | None],
    today: dt.date,
    weights: Mapping[str, float],
    affinity: Mapping[str, float],
) -> list[_Ordered]:
    """The candidates with an upper bound of their cheap score (`score_bound`) and the parts it is made of,
    best first, ties by id: the order in which the answer-only path checks them, so that it can stop early."""
    bounded: list[_Ordered] = []
    for candidate, document, own in zip(candidates, documents, owns, strict=True):
        parts = bound_parts(profile, candidate, document, today, weights, affinity, own)
        bounded.append((combine(parts), candidate, document, own, parts))
    bounded.sort(key=lambda item: (-item[0], item[1].service_id))
    return bounded


def _next_dates(profile: Profile, item: _Scored, today: dt.date) -> tuple[Occurrence, ...]:
    """Up to 3 next dates the person can come (holidays and days off respected): the dates that met their
    availability; with no availability given, the entry's next dates. A week-unknown fit has none."""
    if profile.available:
        return item.evaluation.schedule.overlapping[:3]
    return tuple(next_dates(item.candidate.rules, today, 3))


def _primary_kind(item: _Scored) -> str:
    return item.candidate.kinds[0] if item.candidate.kinds else ""


def diversify(ranked: list[_Scored], limit: int) -> list[_Scored]:
    """The top `limit`, at most PER_ORGANIZATION per organisation, with up to WANTED_KINDS kinds when the
    ranking holds several: the weakest duplicate of a kind gives way to the best entry of a missing kind, when
    that entry fits what the person said as well or strongly (its interest part no lower, or ≥ STRONG_INTEREST):
    variety among what fits, never an unrelated 体操教室 in place of a second 将棋 club for someone who named
    将棋."""
    chosen: list[_Scored] = []
    deferred: list[_Scored] = []
    per_org: Counter[int] = Counter()
    for item in ranked:
        if len(chosen) == limit:
            break
        if per_org[item.candidate.organization_id] >= PER_ORGANIZATION:
            deferred.append(item)
            continue
        chosen.append(item)
        per_org[item.candidate.organization_id] += 1
    chosen.extend(deferred[: limit - len(chosen)])
    if limit >= WANTED_KINDS:
        taken = {id(item) for item in chosen}
        for item in ranked:
            kinds = Counter(_primary_kind(c) for c in chosen)
            if len(kinds) >= WANTED_KINDS:
                break
            if id(item) in taken or _primary_kind(item) in kinds:
                continue
            doubled = [c for c in chosen if kinds[_primary_kind(c)] > 1]
            if not doubled:
                break
            weakest = min(doubled, key=lambda c: c.score)
            if item.parts["interest"] < min(weakest.parts["interest"], STRONG_INTEREST):
                continue
            chosen[chosen.index(weakest)] = item
            taken.add(id(item))
    return sorted(chosen, key=lambda c: (-c.score, c.candidate.service_id))


def _refine(profile: Profile, shortlist: list[_Scored], model: OutcomeModel | None) -> None:
    """TF-IDF text similarity and the outcome model, for the shortlist only (the costly parts). The text
    similarity can only raise the interest part of someone who named interests: a synonym found (電車 → 鉄道)
    shares no character n-gram with what they said."""
    query = query_text(profile)
    if query:
        similarities = text_similarities(query, [item.document for item in shortlist])
        named = bool(phrases(profile.interests) or phrases(profile.strengths))
        for item, similarity in zip(shortlist, similarities, strict=True):
            hits = item.parts["interest"] if named else similarity
            item.parts["interest"] = round(max(hits, (hits + similarity) / 2), 4)
    for item in shortlist:
        if model is not None:
            item.parts["outcome"] = round(min(1.0, max(0.0, model.probability(outcome_features(item.parts)))), 4)
        item.parts = {name: round(value, 4) for name, value in item.parts.items()}
        item.score = round(combine(item.parts), 4)


def match(
    profile: Profile,
    candidates: Iterable[Candidate],
    today: dt.date,
    *,
    limit: int = 10,
    model: OutcomeModel | None = None,
    prefiltered: Mapping[str, int] | None = None,
    explained: bool = True,
    statistics: InterestStatistics | None = None,
) -> MatchResult:
    """Rank the candidates for the profile; no returned suggestion breaks a hard constraint.

    `prefiltered` carries counts of entries the caller's SQL already excluded (per constraint code), so the
    excluded counts cover them too. Ties are broken by service id, so the same input gives the same list.

    `explained=False` (answers that carry suggestions only: the API, `tsunagu match --json`) checks the
    candidates best `score_bound` first and stops as soon as no unchecked one can still enter the shortlist
    of the best max(RERANK, limit): the same suggestions from a fraction of the hard-constraint checks.

    `statistics` (word rarity and kind affinity) should come from a set of entries that does not depend on
    how the caller narrowed the candidates (`matching.suggestions.term_stats`): computed over the candidates
    themselves when not given, two loaders that narrow differently would rank the same entries differently.
    """
    excluded: Counter[str] = Counter({code: 0 for code in CONSTRAINTS})
    excluded.update(dict(prefiltered or {}))
    passing: list[_Scored] = []
    misses: list[NearMiss] = []
    confirm: list[NearMiss] = []
    considered = 0
    need = max(RERANK, limit)
    worst: list[tuple[float, int]] = []
    """Min-heap of (score, −service id) of the best `need` passing so far: its head is the one to beat."""
    candidates = list(candidates)
    documents = [_document(c.text or c.name) for c in candidates]
    statistics = statistics or interest_statistics(profile, candidates)
    weights, affinity = statistics.weights, statistics.affinity
    owns = own_interests(profile, candidates, documents, weights, known=statistics.owns)
    ordered: Iterable[_Ordered] = (
        _unbounded(candidates, documents, owns)
        if explained
        else _in_bound_order(profile, candidates, documents, owns, today, weights, affinity)
    )
    for bound, candidate, document, own, bounded in ordered:
        if len(worst) >= need and (bound, -candidate.service_id) < worst[0]:
            break  # candidates come best bound first: no later one can reach the shortlist
        considered += 1
        evaluation = evaluate(profile, candidate, today)
        if evaluation.failed:
            excluded.update(evaluation.failed)
            if evaluation.failed == (SCHEDULE,) and evaluation.schedule_unknown:
                confirm.append(NearMiss(candidate.service_id, candidate.name, SCHEDULE, evaluation.distance_m))
                continue
            if len(evaluation.failed) == 1 and evaluation.failed[0] != STATUS:
                failed = evaluation.failed[0]
                misses.append(NearMiss(candidate.service_id, candidate.name, failed, evaluation.distance_m))
            continue
        if bounded is None:
            parts = base_parts(profile, candidate, evaluation, document, today, weights, affinity, own)
        else:  # the bound's parts with the schedule's real coverage: the same as base_parts, computed once
            parts = {**bounded, "schedule": evaluation.schedule.coverage}
        item = _Scored(candidate, evaluation, document, parts, combine(parts))
        passing.append(item)
        (heapq.heappush if len(worst) < need else heapq.heappushpop)(worst, (item.score, -candidate.service_id))
    passing.sort(key=lambda item: (-item.score, item.candidate.service_id))
    shortlist = passing[: max(RERANK, limit)]
    _refine(profile, shortlist, model)
    shortlist.sort(key=lambda item: (-item.score, item.candidate.service_id))
    suggestions = tuple(
        Suggestion(
            service_id=item.candidate.service_id,
            name=item.candidate.name,
            organization_id=item.candidate.organization_id,
            organization_name=item.candidate.organization_name,
            kinds=item.candidate.kinds,
            score=item.score,
            parts=item.parts,
            reasons=explain(profile, item.candidate, item.evaluation, item.parts, item.document, today),
            distance_m=round(item.evaluation.distance_m, 1),
            next_dates=_next_dates(profile, item, today),
            model_version=model.version if model is not None else None,
            uncertain=uncertain(item.evaluation, item.candidate),
            attending=item.evaluation.attending if profile.household else (),
        )
        for item in diversify(shortlist, limit)
    )
    misses.sort(key=lambda miss: (miss.distance_m, miss.service_id))
    confirm.sort(key=lambda miss: (miss.distance_m, miss.service_id))
    notes = () if model is not None else (Reason("model_none"),)
    return MatchResult(
        suggestions=suggestions,
        excluded=dict(excluded),
        considered=considered + sum((prefiltered or {}).values()),
        eligible=len(passing),
        near_misses=tuple(misses[:NEAR_MISSES]),
        to_confirm=tuple(confirm[:TO_CONFIRM]),
        model_version=model.version if model is not None else None,
        notes=notes,
        explained=explained,
    )
