"""`tsunagu bench match`: the matching path against nearest-first, for speed, safety and ranking quality.

- Latency: `run_match` (SQL prefilter + pure engine) per persona, beside the best hand-written nearest-first
  SQL (published, within the radius, ORDER BY distance LIMIT 10) on the same data.
- Violations: every returned suggestion is re-checked against every hard constraint by code written apart
  from the engine (ORM rows, a day-by-day walk of the 8 weeks, the spherical law of cosines); must be 0.
- Quality: synthetic personas with a hidden preference — one activity variant of the generator (e.g. 将棋
  クラブ) — and interest words taken from that variant's description. Graded relevance: 2 for an entry of the
  hidden variant, 1 for its kind, 0 otherwise. NDCG@10 of the engine and of nearest-first over the same
  eligible entries (both honour the hard constraints; only the order differs).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from devtools.bench.common import paired_timings, result
from devtools.demo.kinds import VARIANTS, Variant
from directory.models import EntryStatus, HsdsStatus, Location, Service, ServiceAtLocation
from directory.schedules import Rule, occurrences, parse_byday
from matching.engine import MatchResult, Profile, evaluate, parse_profile
from matching.suggestions.candidates import load_candidates
from matching.suggestions.queries import resolve_profile, run_match
from tsunagu.clock import today_in_japan
from tsunagu.spatial import BoundingBox

QUERIES = 200
VERIFIED = 60
"""Personas whose every suggestion is re-checked independently (the check loads full ORM rows)."""
_WORD = re.compile(r"[ァ-ヴー]{2,}|[一-龥々]{2,}")
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOTS = (("09:00", "12:00"), ("10:00", "15:00"), ("13:00", "17:00"), ("14:00", "20:00"), ("17:00", "21:00"))


def _variant_of() -> dict[str, Variant]:
    """First sentence of a generated description → the variant that wrote it."""
    return {sentence: variant for variant in VARIANTS for sentence in variant.what}


def persona(rng: random.Random, lat: float, lon: float, variant: Variant) -> dict[str, Any]:
    """A match profile near (lat, lon) whose interest words come from the hidden variant's descriptions."""
    words = sorted({w for sentence in variant.what for w in _WORD.findall(sentence)})
    dlat, dlon = rng.uniform(-0.006, 0.006), rng.uniform(-0.007, 0.007)
    days = rng.sample(_DAYS, rng.randint(2, 4))
    return {
        "age": rng.randint(20, 75),
        "home": {"lat": round(lat + dlat, 6), "lon": round(lon + dlon, 6)},
        "max_distance_km": rng.choice((2, 3, 5)),
        "available": [dict(zip(("day", "start", "end"), (d, *rng.choice(_SLOTS)), strict=True)) for d in days],
        "languages": ["ja"] if rng.random() < 0.85 else rng.choice((["pt-BR", "ja-easy"], ["vi"], ["en", "ja-easy"])),
        "interests": rng.sample(words, min(2, len(words))),
        "max_cost_yen": rng.choice((None, 0, 300, 500)),
    }


def personas(session: Session, seed: int, count: int = QUERIES) -> list[tuple[dict[str, Any], Variant]]:
    """Reproducible personas living near real entries, each with its hidden variant."""
    rng = random.Random(f"match:{seed}")
    sample = session.execute(
        text(
            "SELECT ST_Y(l.point), ST_X(l.point) FROM services s JOIN service_at_locations sl ON sl.service_id = s.id "
            "JOIN locations l ON l.id = sl.location_id WHERE l.point IS NOT NULL ORDER BY s.id LIMIT 3000"
        )
    ).all()
    return [(persona(rng, *rng.choice(sample), variant := rng.choice(VARIANTS)), variant) for _ in range(count)]


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


def _cosine_law_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6_371_008.8 * math.acos(max(-1.0, min(1.0, cos)))


def violations(session: Session, profile: dict[str, Any], found: MatchResult, today: dt.date) -> list[str]:
    """Every hard constraint re-checked for each suggestion from ORM rows, independently of the engine."""
    problems = []
    ids = [s.service_id for s in found.suggestions]
    services = session.scalars(
        select(Service)
        .where(Service.id.in_(ids))
        .options(
            selectinload(Service.schedules),
            selectinload(Service.costs),
            selectinload(Service.languages),
            selectinload(Service.terms),
            selectinload(Service.at_locations)
            .selectinload(ServiceAtLocation.location)
            .selectinload(Location.accessibility),
        )
    ).all()
    windows = [
        (_DAYS.index(w["day"]), dt.time.fromisoformat(w["start"]), dt.time.fromisoformat(w["end"]))
        for w in profile["available"]
    ]
    age, ceiling, langs = profile.get("age"), profile.get("max_cost_yen"), profile["languages"]
    for service in services:

        def fail(what: str, service: Service = service) -> None:
            problems.append(f"service {service.id}: {what}")

        if service.status != EntryStatus.PUBLISHED or service.hsds_status != HsdsStatus.ACTIVE:
            fail("not published/active")
        if (service.minimum_age or 0) > age or (service.maximum_age is not None and service.maximum_age < age):
            fail("age")
        points = [link.location for link in service.at_locations if link.location.point is not None]
        from tsunagu.spatial import lon_lat

        distances = [
            _cosine_law_m(profile["home"]["lat"], profile["home"]["lon"], p[1], p[0])
            for p in (lon_lat(loc.point) for loc in points)
            if p
        ]
        if not distances or min(distances) > profile["max_distance_km"] * 1000 + 1:
            fail("distance")
        if service.openings is not None and service.openings <= 0:
            fail("capacity")
        if ceiling is not None:
            band = [
                c for c in service.costs if c.age_band == ("adult" if age >= 18 else "high_school")
            ] or service.costs
            if not band or any(not c.is_free and (c.amount_yen is None or c.amount_yen > ceiling) for c in band):
                fail("cost")
        spoken = {lang.language.lower() for lang in service.languages} or {"ja"}
        if "ja" not in langs and not any(
            (lang.lower() in ("ja-easy", "ja-x-easy") and "ja-x-easy" in spoken)
            or any(s.split("-")[0] == lang.lower().split("-")[0] and s != "ja-x-easy" for s in spoken)
            for lang in langs
        ):
            fail("language")
        met = False
        for row in service.schedules:
            rule = Rule.from_row(row)
            if rule.week_unknown:  # 月1回・日曜: its weekday and hours must meet a window (dates to confirm)
                opens, closes = rule.opens_at or dt.time(0), rule.closes_at or dt.time(23, 59, 59)
                days = {weekday for _ordinal, weekday in parse_byday(rule.byday)}
                met = met or any(w in days and opens < end and start < closes for w, start, end in windows)
                continue
            for day in range(56):
                date = today + dt.timedelta(days=day)
                for occurrence in occurrences(rule, date, date):
                    for weekday, start, end in windows:
                        opens, closes = occurrence.opens_at or dt.time(0), occurrence.closes_at or dt.time(23, 59, 59)
                        met = met or (date.weekday() == weekday and opens < end and start < closes)
        if not met:
            fail("schedule")
    return problems


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
    variant: Variant,
    today: dt.date,
    variant_of: dict[str, Variant],
    rng: random.Random,
) -> tuple[float, float, float] | None:
    """(engine, nearest-first, random) NDCG@10 over the persona's eligible entries; None when none is relevant."""
    resolved = resolve_profile(session, profile)
    candidates, _ = load_candidates(session, resolved)
    eligible = [(evaluate(resolved, c, today), c) for c in candidates]
    eligible = [(e, c) for e, c in eligible if e.passed]
    relevance = {}
    descriptions = dict(
        session.execute(
            select(Service.id, Service.description).where(Service.id.in_([c.service_id for _e, c in eligible]))
        ).all()
    )
    for _e, c in eligible:
        written_by = next(
            (v for s, v in variant_of.items() if (descriptions.get(c.service_id) or "").startswith(s)), None
        )
        relevance[c.service_id] = 2 if written_by is variant else int(variant.kind in c.kinds)
    if not any(relevance.values()):
        return None
    nearest = [c.service_id for e, c in sorted(eligible, key=lambda ec: (ec[0].distance_m, ec[1].service_id))]
    shuffled = rng.sample(nearest, len(nearest))
    engine = [s.service_id for s in found.suggestions]
    return ndcg10(engine, relevance), ndcg10(nearest, relevance), ndcg10(shuffled, relevance)


def run(session: Session, size: int, seed: int) -> dict[str, Any]:
    """Time both paths over the same personas, re-check every suggestion, and compare rankings."""
    dialect = session.get_bind().dialect.name
    today = today_in_japan()
    mix = personas(session, seed)
    profiles = [parse_profile(p) for p, _v in mix]
    statement = text(nearest_sql(dialect))
    app, baseline = paired_timings(
        lambda pair: run_match(session, pair[1], today=today),
        lambda pair: session.execute(statement, _bind(pair[0])).all(),
        [(data, profile) for (data, _v), profile in zip(mix, profiles, strict=True)],
    )
    variant_of = _variant_of()
    problems: list[str] = []
    scores: list[tuple[float, float, float]] = []
    rng = random.Random(f"match-random:{seed}")
    for (data, variant), profile in zip(mix[:VERIFIED], profiles[:VERIFIED], strict=True):
        found = run_match(session, profile, today=today)
        problems += violations(session, data, found, today)
        pair = quality(session, profile, found, variant, today, variant_of, rng)
        if pair is not None:
            scores.append(pair)
    engine_ndcg, nearest_ndcg, random_ndcg = (
        (round(sum(s[n] for s in scores) / len(scores), 3) if scores else None) for n in range(3)
    )
    return result(
        "match",
        size,
        dialect,
        app,
        baseline,
        "nearest-first-sql",
        queries=len(mix),
        violations=len(problems),
        violation_examples=problems[:5],
        ndcg10=engine_ndcg,
        baseline_ndcg10=nearest_ndcg,
        random_ndcg10=random_ndcg,
        judged=len(scores),
    )
