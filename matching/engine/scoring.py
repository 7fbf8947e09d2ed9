"""Soft score in [0, 1]: a weighted mean of explainable parts, each reported with the suggestion.

The weights are the one config (WEIGHTS); a part that does not apply (no learned model yet, no stated
preference, not a first step) is left out and the others are re-weighted, so a score is always a mean of
what was actually known. The parts:

- interest   — (the heaviest part: what the person likes decides before a few hundred metres do)
               Japanese-aware: the share of the person's interests (for a role: or strengths) whose content
               words or synonyms the entry has (`matching.engine.interests`: SudachiPy + SYNONYMS), each word
               weighted by its rarity among the published entries within the person's reach
               (IDF: 将棋 counts, 一緒 hardly; `InterestStatistics`) and counted
               by where the entry has it (its name fully, one mention in its description 0.6, more for
               repeated mentions, as in BM25F), and at least the share of the entry's kind whose entries
               within reach have it strongly (`kind_affinity`: 将棋 found in most 居場所 around lifts a 居場所
               that does not say it, as pseudo-relevance feedback does in search), raised
               for the best RERANK candidates by TF-IDF cosine over character 2–3-grams (never lowered);
- distance   — exp(−d / (max_distance / 2)): 1 at the door, ~0.14 at the limit;
- schedule   — share of the person's available windows the activity meets in the next 8 weeks;
- preference — 守られた/オープンな空間 and drop-in/予約 as stated, plus the tags their profile implies
               (男性歓迎 for men-only comfort, 見学可 for a first step, 外国語対応 for non-Japanese speakers);
- step       — for a first step: 見学 1, 体験 0.7, 参加 0.4, 役割 0.2 (見学できる所 first);
- freshness  — 1 when verified within 180 days, falling linearly to 0 at two years; never verified 0;
- outcome    — a trained model's probability that such a placement reaches the 3-month 定着 follow-up.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from i18n.normalize import normalize
from matching.engine.candidate import Candidate
from matching.engine.constraints import Evaluation, great_circle_m
from matching.engine.interests import (
    PhraseMatch,
    folded,
    found_among,
    match_phrases,
    phrases,
    rarity,
    rarity_of,
    share_found,
)
from matching.engine.preferences import FIRST_STEP, MEN_WELCOME, preference_checks, states_preferences
from matching.engine.profile import Profile

WEIGHTS: dict[str, float] = {
    "interest": 0.50,
    "distance": 0.20,
    "schedule": 0.15,
    "preference": 0.10,
    "step": 0.05,
    "freshness": 0.05,
    "outcome": 0.10,
}
"""The one place the balance of the score is set; documented in the module docstring and README."""
ROLE_KINDS = frozenset({"volunteers_wanted", "work_experience"})
"""Kinds whose entries ask for what a person can do (ボランティア募集, 就労体験)."""
FEATURES: tuple[str, ...] = ("interest", "distance", "schedule", "preference", "step", "freshness")
"""Parts an outcome model reads (in this order); missing ones enter as 0.5."""
STRONG_INTEREST = 0.5
"""An interest part this high (half of what the person named, or one word in the name) counts as a strong match
when `kind_affinity` asks which kinds of activity the person's words point to."""
RERANK = 40
"""How many of the best candidates get the TF-IDF text similarity (it is the costly part)."""
STEP_FIT = {"visit": 1.0, "trial": 0.7, "join": 0.4, "role": 0.2}
FRESH_DAYS, STALE_DAYS = 180, 730
NGRAMS = (2, 3)
COSINE_FULL = 0.3
"""A character n-gram cosine this high already means a clear topical match (short query, long entry)."""


class OutcomeModel(Protocol):
    """A trained "reaches 3-month 定着" model, used as one soft part only (never to relax a constraint)."""

    @property
    def version(self) -> str: ...

    def probability(self, features: Sequence[float]) -> float: ...


def query_text(profile: Profile) -> str:
    """What the person likes, as one text: interest words plus the free text."""
    return " ".join((*profile.interests, profile.interests_text)).strip()


def is_role(candidate: Candidate) -> bool:
    """An entry that asks for help (ボランティア募集, 就労体験, a 役割): the person's strengths count there."""
    return candidate.step_level == "role" or bool(set(candidate.kinds) & ROLE_KINDS)


def interest_matches(profile: Profile, document: str) -> tuple[PhraseMatch, ...]:
    """Each interest of the person and what of it the entry's normalised text has (電車 finds 鉄道)."""
    return match_phrases(phrases(profile.interests), document)


def strength_matches(profile: Profile, candidate: Candidate, document: str) -> tuple[PhraseMatch, ...]:
    """Each strength and what of it a role asks for (運転できる finds 送迎); nothing for other entries."""
    return match_phrases(phrases(profile.strengths), document) if is_role(candidate) else ()


def interest_part(
    profile: Profile,
    candidate: Candidate,
    document: str,
    weights: Mapping[str, float] | None = None,
    affinity: Mapping[str, float] | None = None,
    own: float | None = None,
) -> float | None:
    """How much of what the person likes — or, for a role, can do — the entry has, each word weighted by
    its rarity among the candidates when `weights` are given (`interests.rarity`), and at least its primary
    kind's `affinity` when given; None when they named nothing the analyser could read (the TF-IDF
    refinement then decides alone). `own` is this entry's `own_interest` with the same `weights` when the
    caller has it already (the engine computes it once per candidate for `kind_affinity`)."""
    best = own_interest(profile, candidate, document, weights) if own is None else own
    if best is None:
        return None
    if affinity and candidate.kinds:
        best = max(best, affinity.get(candidate.kinds[0], 0.0))
    return best


def own_interest(
    profile: Profile, candidate: Candidate, document: str, weights: Mapping[str, float] | None = None
) -> float | None:
    """`interest_part` from the entry's own words only (no kind affinity); None when nothing can be read."""
    asked = phrases(profile.interests)
    strengths = phrases(profile.strengths) if profile.strengths and is_role(candidate) else ()
    if not asked and not strengths:
        return None
    name = folded(candidate.name)
    best = share_found(asked, document, weights, name)
    return max(best, share_found(strengths, document, weights, name)) if strengths else best


def own_interests(
    profile: Profile,
    candidates: Sequence[Candidate],
    documents: Sequence[str],
    weights: Mapping[str, float] | None = None,
    having: set[int] | None = None,
    known: Mapping[int, tuple[str, float | None]] | None = None,
) -> list[float | None]:
    """`own_interest` of each candidate, computed for those whose text has one of the person's words only: the
    others' share is exactly 0 (None when nothing can be read for them). `having`: the positions of the
    candidates whose text has one, when the caller has them (`interests.found_among`); `known`: service id →
    (normalised text, own interest) computed with the same `weights` (`InterestStatistics.owns`), taken for
    an entry whose text is still the same."""
    asked = phrases(profile.interests)
    strengths = phrases(profile.strengths)
    if having is None:
        having = set().union(*found_among((*asked, *strengths), documents).values())
    owns: list[float | None] = []
    for n, (candidate, document) in enumerate(zip(candidates, documents, strict=True)):
        if n not in having:
            owns.append(0.0 if asked or (strengths and is_role(candidate)) else None)
            continue
        found = known.get(candidate.service_id) if known else None
        same = found is not None and found[0] == document
        owns.append(found[1] if found is not None and same else own_interest(profile, candidate, document, weights))
    return owns


def interest_weights(profile: Profile, documents: Sequence[str]) -> dict[str, float]:
    """The rarity of each word of the person's interests and strengths among these candidates' texts."""
    return rarity((*phrases(profile.interests), *phrases(profile.strengths)), documents)


def kind_affinity(
    profile: Profile,
    candidates: Sequence[Candidate],
    documents: Sequence[str],
    weights: Mapping[str, float],
    owns: Sequence[float | None] | None = None,
) -> dict[str, float]:
    """Per primary kind, the share of its candidates whose own interest part is strong (≥ STRONG_INTEREST),
    capped at STRONG_INTEREST: which kinds of activity the person's words point to here. Empty when some
    candidate has no interest part (no interest the analyser could read; strengths alone count for roles only).

    An entry of such a kind that does not use the person's words (a 子ども食堂 that never writes ごはん) is still
    likely what they want: its interest part is at least this share (`interest_part`), and only the words
    themselves raise it further — the cap keeps an entry that has them (in its name: 1, in its description:
    0.6) above one lifted by its kind. Computed once per query over the neighbourhood (`InterestStatistics`).
    `owns`: each candidate's `own_interest` with these weights, when the caller has them (else computed here)."""
    if owns is None:
        owns = own_interests(profile, candidates, documents, weights)
    strong: dict[str, list[int]] = {}
    for candidate, own in zip(candidates, owns, strict=True):
        if own is None:
            return {}
        if candidate.kinds:
            counts = strong.setdefault(candidate.kinds[0], [0, 0])
            counts[0] += own >= STRONG_INTEREST
            counts[1] += 1
    return {kind: min(STRONG_INTEREST, hits / total) for kind, (hits, total) in strong.items()}


@dataclass(frozen=True, slots=True)
class InterestStatistics:
    """What the person's words weigh around them: each word's rarity (`interest_weights`) and each kind's share
    of strong matches (`kind_affinity`), computed over one well-defined set of entries (the published entries
    within their reach, `matching.suggestions.term_stats`) so that every match path ranks alike, whatever
    its loader narrowed before the engine saw the candidates."""

    weights: Mapping[str, float]
    affinity: Mapping[str, float]
    owns: Mapping[int, tuple[str, float | None]] = field(default_factory=dict)
    """Service id → (normalised text, `own_interest` with these weights) of the entries that have one of the
    person's words: the engine takes them instead of computing them again (`own_interests`)."""


def interest_statistics(profile: Profile, entries: Sequence[Candidate]) -> InterestStatistics:
    """`interest_weights` and `kind_affinity` over these entries (whatever constraints they fail): each word
    looked for once among all their texts (`interests.found_among`), for its rarity and for which entries'
    own interest part is worth computing (`own_interests`)."""
    documents = [folded(c.text or c.name) for c in entries]
    asked = (*phrases(profile.interests), *phrases(profile.strengths))
    found = found_among(asked, documents)
    weights = rarity_of(asked, {word: len(hits) for word, hits in found.items()}, len(documents))
    having = set().union(*found.values())
    owns = own_interests(profile, entries, documents, weights, having)
    known = {entries[n].service_id: (documents[n], owns[n]) for n in sorted(having)}
    return InterestStatistics(weights, kind_affinity(profile, entries, documents, weights, owns), known)


def wanted_tags(profile: Profile) -> tuple[str, ...]:
    """Suitable-for tags the profile implies; each present one raises the preference part."""
    tags: list[str] = []
    if profile.gender_comfort == "men_only" or profile.men_welcome:
        tags.append("men_welcome")
    if profile.first_step:
        tags.append("visit_ok")
    if not profile.speaks_japanese:
        tags.append("foreign_language")
    return tuple(tags)


def preference_part(profile: Profile, candidate: Candidate) -> float | None:
    """Share of stated preferences (space, threshold, implied tags) the entry meets; None when none stated."""
    checks: list[float] = []
    if profile.space:
        checks.append(candidate.space == profile.space)
    if profile.threshold:
        checks.append(candidate.threshold == profile.threshold)
    stated = preference_checks(profile, candidate) if states_preferences(profile) else {}
    checks.extend(value for code, value in stated.items() if code != FIRST_STEP)  # first steps: the step part
    covered = {"men_welcome"} if MEN_WELCOME in stated else set()
    checks.extend(tag in candidate.tags for tag in wanted_tags(profile) if tag not in covered)
    return sum(checks) / len(checks) if checks else None


def freshness_part(verified_at: dt.date | None, today: dt.date) -> float:
    """1 within FRESH_DAYS of the last check, linearly to 0 at STALE_DAYS; never checked 0."""
    if verified_at is None:
        return 0.0
    age = (today - verified_at).days
    if age <= FRESH_DAYS:
        return 1.0
    return max(0.0, 1 - (age - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS))


def distance_part(distance_m: float, max_distance_km: float) -> float:
    """exp(−d / (max/2)) in [0, 1]."""
    scale = max(max_distance_km, 0.1) * 500
    return math.exp(-distance_m / scale)


def base_parts(
    profile: Profile,
    candidate: Candidate,
    evaluation: Evaluation,
    document: str,
    today: dt.date,
    weights: Mapping[str, float] | None = None,
    affinity: Mapping[str, float] | None = None,
    own: float | None = None,
) -> dict[str, float]:
    """Every part except the TF-IDF refinement and the outcome model (cheap: runs for every candidate)."""
    coverage = evaluation.schedule.coverage
    return _parts(profile, candidate, evaluation.distance_m, coverage, document, today, weights, affinity, own)


def score_bound(
    profile: Profile,
    candidate: Candidate,
    document: str,
    today: dt.date,
    weights: Mapping[str, float] | None = None,
    affinity: Mapping[str, float] | None = None,
) -> float:
    """An upper bound of `combine(base_parts(…))` known before the hard constraints are checked: every part
    exact but the schedule's, which is taken as 1 (its walk over 8 weeks is the costly check). Lets the
    engine stop once no unchecked candidate can still enter the shortlist."""
    return combine(bound_parts(profile, candidate, document, today, weights, affinity))


def bound_parts(
    profile: Profile,
    candidate: Candidate,
    document: str,
    today: dt.date,
    weights: Mapping[str, float] | None = None,
    affinity: Mapping[str, float] | None = None,
    own: float | None = None,
) -> dict[str, float]:
    """The parts `score_bound` combines: `base_parts` with the schedule's taken as 1. Once the candidate
    passes, setting "schedule" to its coverage gives `base_parts` exactly (the distance is the same
    great-circle one `evaluate` measures), so the engine scores each candidate once."""
    if profile.home is None:
        raise ValueError("profile.home must be resolved (district → centroid) before matching")
    distance = great_circle_m(profile.home[0], profile.home[1], candidate.lat, candidate.lon)
    return _parts(profile, candidate, distance, 1.0, document, today, weights, affinity, own)


def _parts(
    profile: Profile,
    candidate: Candidate,
    distance_m: float,
    coverage: float,
    document: str,
    today: dt.date,
    weights: Mapping[str, float] | None,
    affinity: Mapping[str, float] | None = None,
    own: float | None = None,
) -> dict[str, float]:
    interest = interest_part(profile, candidate, document, weights, affinity, own)
    parts = {
        "interest": 0.5 if interest is None else interest,
        "distance": distance_part(distance_m, profile.max_distance_km),
        "schedule": coverage,
        "freshness": freshness_part(candidate.verified_at, today),
    }
    preference = preference_part(profile, candidate)
    if preference is not None:
        parts["preference"] = preference
    if profile.first_step:
        parts["step"] = STEP_FIT.get(candidate.step_level, 0.4)
    return parts


def combine(parts: dict[str, float]) -> float:
    """The weighted mean over the parts present, clamped to [0, 1]."""
    total = sum(WEIGHTS[name] for name in parts)
    if total == 0:
        return 0.0
    score = sum(WEIGHTS[name] * value for name, value in parts.items()) / total
    return min(1.0, max(0.0, score))


def text_similarities(query: str, documents: Sequence[str]) -> list[float]:
    """TF-IDF cosine (character 2–3-grams within words, over normalised text) of each document to the query.

    Fitted on these documents plus the query, so IDF reflects what distinguishes the candidates at hand. The
    same arithmetic as scikit-learn's `TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3),
    sublinear_tf=True)` (smooth IDF, l2 norm; tests/matching/engine/test_text_similarity.py compares the two), done
    by hand so that each entry's n-gram counts are computed once per process instead of once per query:
    the vectoriser's tokenising was most of the re-rank's cost.
    """
    folded = normalize(query)
    if not folded or not documents:
        return [0.0] * len(documents)
    weighted = [_tf_weights(document) for document in documents]
    asked = _tf_weights(folded)
    frequency: Counter[str] = Counter(asked.keys())
    for weights in weighted:
        frequency.update(weights.keys())
    total = len(weighted) + 2
    # the IDF of a gram only one text has — most grams of a document —, so a document's norm starts from all
    # of its grams at this weight (Σ tf², cached per text) and is corrected only for the grams it shares
    lone = math.log(total / 2) + 1
    idf = {gram: math.log(total / (1 + df)) + 1 for gram, df in frequency.items() if df > 1}
    query_weights = {gram: tf * idf.get(gram, lone) for gram, tf in asked.items()}
    query_norm = math.sqrt(sum(w * w for w in query_weights.values()))
    beyond_lone = {gram: value**2 - lone * lone for gram, value in idf.items()}  # once per query, not per document
    similarities = []
    for document, weights in zip(documents, weighted, strict=True):
        dot = sum(w * weights[gram] * idf[gram] for gram, w in query_weights.items() if gram in weights)
        if not dot:  # nothing in common with the query: 0 whatever the norm (its sum is the costly part)
            similarities.append(0.0)
            continue
        squared = _tf_squared(document)
        squares = lone * lone * _tf_squares(document)
        squares += sum(squared[gram] * beyond_lone[gram] for gram in weights.keys() & beyond_lone.keys())
        norm = math.sqrt(max(squares, 0.0))
        cosine = dot / (norm * query_norm) if norm and query_norm else 0.0
        similarities.append(float(min(1.0, cosine / COSINE_FULL)))
    return similarities


@lru_cache(maxsize=65536)
def _tf_weights(text: str) -> dict[str, float]:
    """Sublinear term frequency (1 + log count) of each n-gram of the text, computed once per text."""
    return {gram: 1 + math.log(count) for gram, count in _ngram_counts(text).items()}


@lru_cache(maxsize=65536)
def _tf_squared(text: str) -> dict[str, float]:
    """tf² of each n-gram of the text, computed once per text."""
    return {gram: tf**2 for gram, tf in _tf_weights(text).items()}


@lru_cache(maxsize=65536)
def _tf_squares(text: str) -> float:
    """Σ tf² over the text's n-grams (its squared norm were every IDF 1), computed once per text."""
    return sum(tf * tf for tf in _tf_weights(text).values())


def _ngram_counts(text: str) -> dict[str, int]:
    """Character 2–3-grams of each whitespace-separated word padded with one space (scikit-learn's
    "char_wb": a word shorter than n gives itself once), counted."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in NGRAMS:
            if len(padded) <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return dict(Counter(grams))


def outcome_features(parts: dict[str, float]) -> list[float]:
    """The model's input vector: FEATURES in order, 0.5 where a part does not apply."""
    return [parts.get(name, 0.5) for name in FEATURES]
