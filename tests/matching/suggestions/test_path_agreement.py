"""The coordinator page and the API give the same list for the same profile.

The explaining path (`run_match(..., explain=True)`: the coordinator page) loads everything in reach and
counts what was excluded; the fast path (the API, `tsunagu match --json`) narrows in SQL first. Both must
return the same suggestions in the same order with the same scores: the word statistics the score depends on
come from the neighbourhood (`matching.suggestions.term_stats`), never from what a path happened to load.
Checked for varied profiles — the match benchmark's personas (interests from a fixed vocabulary, strengths,
households, other languages, cost limits) and a few with kinds, free text or no interests — on the demo town
and on a generated catalog.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from devtools.bench.match import personas
from devtools.demo import load_demo
from devtools.demo.bulk import generate_bulk
from matching.engine import parse_profile
from matching.suggestions.queries import run_match

TODAY = dt.date(2026, 11, 23)
PERSONAS = 40


def _varied(session: Session, seed: int) -> list[dict[str, Any]]:
    """The benchmark's personas around the entries there, and variants of some of them that ask for kinds,
    describe themselves in free text only, or name nothing at all."""
    profiles = [data for data, _topic in personas(session, seed, PERSONAS)]
    variants = []
    for n, data in enumerate(profiles[:12]):
        changed = dict(data)
        if n % 3 == 0:
            changed["kinds"] = ["ibasho", "居場所", "volunteers_wanted", "salon"][n % 4 :][:2]
        elif n % 3 == 1:
            changed["interests_text"] = "、".join(changed.pop("interests", ()))
        else:
            changed.pop("interests", None)
            changed.pop("strengths", None)
        variants.append(changed)
    return profiles + variants


def _answers(session: Session, data: dict[str, Any], *, explain: bool) -> list[tuple[int, float]]:
    result = run_match(session, parse_profile(data), today=TODAY, explain=explain)
    return [(s.service_id, s.score) for s in result.suggestions]


def _assert_paths_agree(session: Session, profiles: list[dict[str, Any]]) -> None:
    differing = [
        n
        for n, data in enumerate(profiles)
        if _answers(session, data, explain=False) != _answers(session, data, explain=True)
    ]
    assert differing == []
    suggested = sum(bool(_answers(session, data, explain=False)) for data in profiles)
    assert suggested >= len(profiles) // 2  # the comparison is about real lists, not empty ones


def test_same_suggestions_on_the_demo_town(db_session):
    load_demo(db_session)
    db_session.flush()
    _assert_paths_agree(db_session, _varied(db_session, seed=3))


def test_same_suggestions_on_a_generated_catalog(db_session):
    generate_bulk(db_session.connection(), size=600, seed=11)
    _assert_paths_agree(db_session, _varied(db_session, seed=5))


def test_the_places_in_reach_are_those_the_exact_distance_keeps():
    """The vectorised distance over the kept places (`term_stats.Places`) keeps exactly the places
    `great_circle_m` puts within reach, those a hair inside or outside the edge included."""
    import math
    import random

    import numpy as np

    from matching.engine import great_circle_m
    from matching.suggestions.term_stats import Places

    rng = random.Random(4)
    home, reach = (35.86, 139.97), 2_000.0
    points = [(home[0] + rng.uniform(-0.03, 0.03), home[1] + rng.uniform(-0.03, 0.03)) for _ in range(3000)]
    for bearing in range(0, 360, 5):  # on the edge itself, as near as floats allow
        for metres in (reach - 1e-4, reach, reach + 1e-4):
            dlat = metres * math.cos(math.radians(bearing)) / 111_195.0
            dlon = metres * math.sin(math.radians(bearing)) / (111_195.0 * math.cos(math.radians(home[0])))
            points.append((home[0] + dlat, home[1] + dlon))
    points.sort()
    places = Places(
        np.arange(len(points), dtype=np.int64),
        np.array([p[0] for p in points]),
        np.array([p[1] for p in points]),
    )
    expected = [n for n, (lat, lon) in enumerate(points) if great_circle_m(*home, lat, lon) <= reach]
    assert places.within(*home, reach) == expected
    assert 100 < len(expected) < len(points)
