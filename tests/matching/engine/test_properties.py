"""Property test: random profiles and entries never produce a suggestion that breaks a hard constraint.

The checks below are written apart from the engine (a day-by-day walk of 8 weeks, the spherical law of
cosines, the DESIGN.md language rule spelled out), so a bug shared by both would have to be made twice.
"""

from __future__ import annotations

import datetime as dt
import math
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.schedules import Rule, occurrences
from matching.engine import Candidate, Cost, match, parse_profile

TODAY = dt.date(2026, 11, 23)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LANGS = ("ja", "ja-x-easy", "en", "pt-BR", "vi", "zh-Hans")
FEATURES = ("wheelchair", "elevator", "quiet_room")
KINDS = ("ibasho", "salon", "kodomo_shokudo")
BANDS = ("infant", "elementary", "junior_high", "high_school", "adult")

hours = st.integers(6, 21).flatmap(lambda h: st.tuples(st.just(h), st.integers(h + 1, 22)))


@st.composite
def rules(draw):
    opens, closes = draw(hours)
    kind = draw(st.sampled_from(("weekly", "nth", "daily", "monthday", "irregular")))
    valid_to = draw(st.none() | st.dates(TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=90)))
    times = {"opens_at": dt.time(opens), "closes_at": dt.time(closes), "valid_to": valid_to}
    if kind == "weekly":
        return Rule("WEEKLY", byday=",".join(draw(st.sets(st.sampled_from(CODES), min_size=1))), **times)
    if kind == "nth":
        return Rule(
            "MONTHLY", byday=f"{draw(st.sampled_from((1, 2, 3, 4, -1)))}{draw(st.sampled_from(CODES))}", **times
        )
    if kind == "daily":
        return Rule("DAILY", **times)
    if kind == "monthday":
        return Rule("MONTHLY", bymonthday=str(draw(st.integers(1, 28))), **times)
    return Rule("IRREGULAR")


@st.composite
def candidates(draw, service_id):
    min_age = draw(st.none() | st.integers(0, 60))
    return Candidate(
        service_id=service_id,
        name=f"活動{service_id}",
        organization_id=draw(st.integers(1, 4)),
        lat=35.86 + draw(st.floats(-0.05, 0.05)),
        lon=139.97 + draw(st.floats(-0.05, 0.05)),
        published=draw(st.booleans()),
        active=draw(st.booleans()),
        kinds=(draw(st.sampled_from(KINDS)),),
        text=draw(st.sampled_from(("料理 畑", "将棋", "手芸 カラオケ", ""))),
        minimum_age=min_age,
        maximum_age=draw(st.none() | st.integers(min_age or 0, 99)),
        rules=tuple(draw(st.lists(rules(), max_size=2))),
        costs=tuple(
            Cost(band, draw(st.none() | st.integers(0, 800)), draw(st.booleans()))
            for band in draw(st.sets(st.sampled_from(BANDS), max_size=3))
        ),
        languages=tuple(draw(st.sets(st.sampled_from(LANGS), max_size=2))),
        accessibility=frozenset(draw(st.sets(st.sampled_from(FEATURES)))),
        openings=draw(st.none() | st.integers(0, 5)),
    )


@st.composite
def profiles(draw):
    windows = []
    for day in draw(st.sets(st.sampled_from(DAYS), max_size=3)):
        start, end = draw(hours)
        windows.append({"day": day, "start": f"{start:02d}:00", "end": f"{end:02d}:00"})
    return {
        "age": draw(st.none() | st.integers(0, 90)),
        "home": {"lat": 35.86, "lon": 139.97},
        "max_distance_km": draw(st.floats(0.5, 6)),
        "available": windows,
        "languages": sorted(draw(st.sets(st.sampled_from(("ja", "ja-easy", "en", "pt", "vi")), max_size=2))),
        "interests": draw(st.lists(st.sampled_from(("料理", "畑", "将棋")), max_size=2)),
        "max_cost_yen": draw(st.none() | st.integers(0, 600)),
        "accessibility": sorted(draw(st.sets(st.sampled_from(FEATURES), max_size=1))),
        "kinds": sorted(draw(st.sets(st.sampled_from(KINDS), max_size=2))),
        "space": draw(st.sampled_from((None, "protected", "open"))),
    }


def _metres(lat1, lon1, lat2, lon2):
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6_371_008.8 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def _band(age):
    return (
        "infant"
        if age < 6
        else "elementary"
        if age < 12
        else "junior_high"
        if age < 15
        else ("high_school" if age < 18 else "adult")
    )


def broken_constraints(data, c):
    broken = []
    if not (c.published and c.active):
        broken.append("status")
    if data["kinds"] and c.kinds[0] not in data["kinds"]:
        broken.append("kind")
    age = data["age"]
    if (
        age is None
        and (c.minimum_age is not None or c.maximum_age is not None)
        or age is not None
        and ((c.minimum_age is not None and age < c.minimum_age) or (c.maximum_age is not None and age > c.maximum_age))
    ):
        broken.append("age")
    if _metres(35.86, 139.97, c.lat, c.lon) > data["max_distance_km"] * 1000 + 0.5:
        broken.append("distance")
    if c.openings == 0:
        broken.append("capacity")
    if data["max_cost_yen"] is not None:
        rows = [x for x in c.costs if age is not None and x.age_band == _band(age)] or list(c.costs)
        if not rows or any(
            not x.is_free and (x.amount_yen is None or x.amount_yen > data["max_cost_yen"]) for x in rows
        ):
            broken.append("cost")
    spoken = set(c.languages) or {"ja"}
    langs = data["languages"]
    if langs and "ja" not in langs:
        ok = ("ja-easy" in langs and "ja-x-easy" in spoken) or any(
            s.split("-")[0] == lang for lang in langs if lang != "ja-easy" for s in spoken if s != "ja-x-easy"
        )
        if not ok:
            broken.append("language")
    if not set(data["accessibility"]) <= c.accessibility:
        broken.append("accessibility")
    windows = [(DAYS.index(w["day"]), int(w["start"][:2]), int(w["end"][:2])) for w in data["available"]] or [
        (d, 0, 24) for d in range(7)
    ]
    met = any(
        o.date.weekday() == day and o.opens_at.hour < end and start < o.closes_at.hour
        for rule in c.rules
        for n in range(56)
        for o in occurrences(rule, TODAY + dt.timedelta(days=n), TODAY + dt.timedelta(days=n))
        for day, start, end in windows
    )
    if not met:
        broken.append("schedule")
    return broken


@settings(max_examples=150, deadline=None)
@given(
    data=profiles(),
    entries=st.lists(st.integers(1, 10_000), min_size=1, max_size=12, unique=True).flatmap(
        lambda ids: st.tuples(*(candidates(i) for i in ids))
    ),
)
def test_no_suggestion_ever_breaks_a_hard_constraint(data, entries):
    result = match(parse_profile(data), list(entries), TODAY, limit=10)
    by_id = {c.service_id: c for c in entries}
    for suggestion in result.suggestions:
        assert broken_constraints(data, by_id[suggestion.service_id]) == [], suggestion
        assert 0 <= suggestion.score <= 1
    # every entry is either suggested-eligible or counted under each constraint it breaks
    failing = [broken_constraints(data, c) for c in entries]
    assert result.eligible == sum(not f for f in failing)
    for code in ("kind", "age", "capacity", "cost", "language", "accessibility", "schedule"):
        assert result.excluded[code] == sum(code in f for f in failing), code


@settings(max_examples=150, deadline=None)
@given(
    data=profiles(),
    entries=st.lists(st.integers(1, 10_000), min_size=1, max_size=14, unique=True).flatmap(
        lambda ids: st.tuples(*(candidates(i) for i in ids))
    ),
    limit=st.integers(1, 4),
)
def test_the_answer_only_path_stops_early_but_suggests_exactly_the_same(data, entries, limit):
    """`explained=False` checks candidates best score bound first and stops when none left can reach the
    shortlist; a shortlist of 3 (instead of 40) makes it stop within a dozen entries."""
    profile = parse_profile(data)
    with patch("matching.engine.match.RERANK", 3):
        full = match(profile, list(entries), TODAY, limit=limit)
        fast = match(profile, list(entries), TODAY, limit=limit, explained=False)
    assert fast.suggestions == full.suggestions
    assert fast.considered <= full.considered
