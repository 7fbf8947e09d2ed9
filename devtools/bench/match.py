"""`tsunagu bench match`: the matching path against baselines, for speed, safety and ranking quality.

- Latency: `run_match` (SQL prefilter + pure engine) per persona, beside the best hand-written nearest-first
  SQL (published, within the radius, ORDER BY distance LIMIT 10) on the same data.
- Violations: every returned suggestion is re-checked against every hard constraint by `devtools.bench.recheck`
  (ORM rows, dateutil.rrule with the holidays library, the spherical law of cosines): none of the engine's
  code; must be 0.
- Quality: personas whose interests (and, for helping, strengths) come from a fixed vocabulary of hobbies and
  needs (`devtools.bench.topics`), written apart from the generator's descriptions; relevance by the topic's
  hand-made list of activity variants (2: made from one of them, 1: same kind, 0: other). NDCG@10 of the
  engine, of nearest-first over the entries that pass every hard constraint, and of text-only (BM25 over the
  same interests, `devtools.bench.bm25`, over every entry loaded around home, constraints ignored: an entry
  the person cannot attend counts as irrelevant; `text_only_eligible_ndcg10` is the same BM25 order over the
  entries that pass every hard constraint, the ranking alone compared). One persona in HOUSEHOLD_EVERY is a
  family.
- Agreement: `paths_differing` counts the judged personas whose suggestions (ids and order) on the explaining
  path (`explain=True`, the coordinator page) differ from the fast path's (the API): must be 0.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from devtools.bench.bm25 import bm25_scores
from devtools.bench.common import paired_timings, result
from devtools.bench.recheck import DAYS, violations
from devtools.bench.topics import TOPICS, Topic, relevance
from devtools.demo.kinds import VARIANTS, Variant
from directory.models import Service
from matching.engine import MatchResult, Profile, evaluate, parse_profile
from matching.suggestions.candidates import load_candidates
from matching.suggestions.queries import resolve_profile, run_match
from tsunagu.clock import today_in_japan
from tsunagu.spatial import BoundingBox

QUERIES = 200
VERIFIED = 60
"""Personas whose every suggestion is re-checked independently (the check loads full ORM rows)."""
JUDGED = QUERIES
"""Personas whose ranking is judged: all of them. Judging only the first 60 (~45 with a relevant entry in
reach) moved the engine's NDCG@10 by ±0.03 from one sample to the next, more than the differences measured."""
HOUSEHOLD_EVERY = 8
_SLOTS = (("09:00", "12:00"), ("10:00", "15:00"), ("13:00", "17:00"), ("14:00", "20:00"), ("17:00", "21:00"))
_FAMILY_TOPICS = ("meals", "study", "japanese", "chat")


def _variant_of() -> dict[str, Variant]:
    """First sentence of a generated description → the variant that wrote it."""
    return {sentence: variant for variant in VARIANTS for sentence in variant.what}


def persona(rng: random.Random, lat: float, lon: float, topic: Topic, *, family: bool = False) -> dict[str, Any]:
    """A match profile near (lat, lon) saying what the topic says, in the topic's words."""
    dlat, dlon = rng.uniform(-0.006, 0.006), rng.uniform(-0.007, 0.007)
    days = rng.sample(DAYS, rng.randint(2, 4))
    data: dict[str, Any] = {
        "home": {"lat": round(lat + dlat, 6), "lon": round(lon + dlon, 6)},
        "max_distance_km": rng.choice((2, 3, 5)),
        "available": [dict(zip(("day", "start", "end"), (d, *rng.choice(_SLOTS)), strict=True)) for d in days],
        "languages": ["ja"] if rng.random() < 0.85 else rng.choice((["pt-BR", "ja-easy"], ["vi"], ["en", "ja-easy"])),
        "interests": rng.sample(topic.interests, min(rng.randint(1, 2), len(topic.interests))),
        "max_cost_yen": rng.choice((None, 0, 300, 500)),
    }
    if topic.strengths:
        data["strengths"] = [rng.choice(topic.strengths)]
    if family:
        parent = {"age": rng.randint(28, 48), "languages": data.pop("languages")}
        children = [{"age": rng.randint(4, 15)} for _ in range(rng.randint(1, 2))]
        data["household"] = [parent, *children]
        data["languages"] = ["ja"] if rng.random() < 0.5 else []
        data["max_cost_yen"] = rng.choice((None, 500, 900))
    else:
        data["age"] = rng.randint(*topic.ages)
    return data


def personas(session: Session, seed: int, count: int = QUERIES) -> list[tuple[dict[str, Any], Topic]]:
    """Reproducible personas living near real entries, each with the topic it was written from."""
    rng = random.Random(f"match:{seed}")
    sample = session.execute(
        text(
            "SELECT ST_Y(l.point), ST_X(l.point) FROM services s JOIN service_at_locations sl ON sl.service_id = s.id "
            "JOIN locations l ON l.id = sl.location_id WHERE l.point IS NOT NULL ORDER BY s.id LIMIT 3000"
        )
    ).all()
    family_topics = [t for t in TOPICS if t.key in _FAMILY_TOPICS]
    mix = []
    for n in range(count):
        family = n % HOUSEHOLD_EVERY == HOUSEHOLD_EVERY - 1
        topic = rng.choice(family_topics if family else TOPICS)
        mix.append((persona(rng, *rng.choice(sample), topic, family=family), topic))
    return mix


def nearest_sql(dialect: str) -> str:
    """Nearest-first: published entries within the radius by distance (the baseline a plain map gives)."""
    if dialect == "postgresql":
        near = (
            "l.point && ST_MakeEnvelope(:min_lon, :min_lat, :max_lon, :max_lat, 4326) AND "
            "ST_DWithin(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :metres)"
        )
        distance = "ST_Distance(l.point::geography, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography)"
    else:
        near = (
            "l.id IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'locations' AND f_geometry_column = "
            "'point' AND search_frame = BuildMbr(:min_lon, :min_lat, :max_lon, :max_lat, 4326)) "
            "AND PtDistWithin(l.point, MakePoint(:lon, :lat, 4326), :metres, 1) = 1"
        )
        distance = "ST_Distance(l.point, MakePoint(:lon, :lat, 4326), 1)"
    return (
        f"SELECT s.id, {distance} AS d FROM services s JOIN service_at_locations sl ON sl.service_id = s.id "
        f"JOIN locations l ON l.id = sl.location_id WHERE s.status = 'published' AND s.visibility = 'public' "
        f"AND s.hsds_status = 'active' AND {near} ORDER BY d LIMIT 10"
    )


def _bind(profile: dict[str, Any]) -> dict[str, Any]:
    lat, lon, metres = profile["home"]["lat"], profile["home"]["lon"], profile["max_distance_km"] * 1000
    box = BoundingBox.around(lat, lon, metres)
    return {
        "lat": lat,
        "lon": lon,
        "metres": metres,
        "min_lon": box.min_lon,
        "min_lat": box.min_lat,
        "max_lon": box.max_lon,
        "max_lat": box.max_lat,
    }


def ndcg10(ranked: list[int], relevance: dict[int, int]) -> float:
    """NDCG@10 with graded relevance (2^rel − 1 gains), ideal order from every eligible entry."""
    gains = [(2 ** relevance.get(i, 0) - 1) / math.log2(n + 2) for n, i in enumerate(ranked[:10])]
    ideal = sorted(relevance.values(), reverse=True)[:10]
    best = sum((2**r - 1) / math.log2(n + 2) for n, r in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def quality(
    session: Session,
    profile: Profile,
    found: MatchResult,
    topic: Topic,
    today: dt.date,
    variant_of: dict[str, Variant],
) -> tuple[float, ...] | None:
    """(engine, nearest-first, text-only, text-only over the entries that pass every hard constraint) NDCG@10;
    None when no entry the persona can attend is relevant."""
    resolved = resolve_profile(session, profile)
    candidates, _ = load_candidates(session, resolved)
    checked = [(evaluate(resolved, c, today), c) for c in candidates]
    eligible = [(e, c) for e, c in checked if e.passed]
    descriptions = dict(
        session.execute(
            select(Service.id, Service.description).where(Service.id.in_([c.service_id for c in candidates]))
        ).all()
    )
    kind_of = {variant.key: variant.kind for variant in VARIANTS}

    def variant_key(service_id: int) -> str | None:
        description = descriptions.get(service_id) or ""
        return next((v.key for s, v in variant_of.items() if description.startswith(s)), None)

    graded = {c.service_id: relevance(topic, variant_key(c.service_id), c.kinds, kind_of) for _e, c in eligible}
    if not any(graded.values()):
        return None
    nearest = [c.service_id for e, c in sorted(eligible, key=lambda ec: (ec[0].distance_m, ec[1].service_id))]
    query = " ".join((*profile.interests, *profile.strengths))
    scores = bm25_scores(query, [c.text or c.name for _e, c in checked])
    by_text = sorted(zip(scores, checked, strict=True), key=lambda t: (-t[0], t[1][0].distance_m, t[1][1].service_id))
    text_only = [c.service_id for _score, (_e, c) in by_text]
    text_eligible = [c.service_id for _score, (e, c) in by_text if e.passed]
    engine = [s.service_id for s in found.suggestions]
    return tuple(ndcg10(ranking, graded) for ranking in (engine, nearest, text_only, text_eligible))


def run(session: Session, size: int, seed: int) -> dict[str, Any]:
    """Time both paths over the same personas, re-check every suggestion, and compare rankings."""
    dialect = session.get_bind().dialect.name
    today = today_in_japan()
    mix = personas(session, seed)
    profiles = [parse_profile(p) for p, _t in mix]
    statement = text(nearest_sql(dialect))
    app, baseline = paired_timings(
        lambda pair: run_match(session, pair[1], today=today),
        lambda pair: session.execute(statement, _bind(pair[0])).all(),
        [(data, profile) for (data, _t), profile in zip(mix, profiles, strict=True)],
    )
    variant_of = _variant_of()
    problems: list[str] = []
    scores: list[tuple[float, ...]] = []
    differing = 0
    for n, ((data, topic), profile) in enumerate(zip(mix[:JUDGED], profiles[:JUDGED], strict=True)):
        found = run_match(session, profile, today=today)
        explained = run_match(session, profile, today=today, explain=True)
        differing += [s.service_id for s in found.suggestions] != [s.service_id for s in explained.suggestions]
        if n < VERIFIED:
            answered = [(s.service_id, list(s.attending) or None) for s in found.suggestions]
            problems += violations(session, data, answered, today)
        triple = quality(session, profile, found, topic, today, variant_of)
        if triple is not None:
            scores.append(triple)
    app_ndcg, nearest_ndcg, text_ndcg, text_eligible_ndcg = (
        (round(sum(s[n] for s in scores) / len(scores), 3) if scores else None) for n in range(4)
    )
    return result(
        "match",
        size,
        dialect,
        app,
        baseline,
        "nearest-first-sql",
        queries=len(mix),
        verified=min(VERIFIED, len(mix)),
        households=sum(1 for data, _t in mix if "household" in data),
        violations=len(problems),
        violation_examples=problems[:5],
        ndcg={"app": app_ndcg, "nearest_first": nearest_ndcg, "text_only": text_ndcg},
        text_only_eligible_ndcg10=text_eligible_ndcg,
        ndcg10=app_ndcg,
        paths_differing=differing,
        baseline_ndcg10=nearest_ndcg,
        judged=len(scores),
    )
