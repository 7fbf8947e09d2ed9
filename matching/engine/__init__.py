"""The pure matching engine: plain data in (a `Profile`, `Candidate`s), plain data out (a `MatchResult`).

No Flask, no session: `matching.suggestions.queries` loads candidates, the coordinator page, `tsunagu match` and
`POST /api/v1/match` call `match` and render its reason codes. Type-checked with mypy --strict.
"""

from matching.engine.candidate import Candidate, Cost
from matching.engine.constraints import CONSTRAINTS, Evaluation, evaluate, great_circle_m
from matching.engine.explain import Reason
from matching.engine.match import MatchResult, NearMiss, Suggestion, match
from matching.engine.profile import Profile, ProfileError, parse_profile
from matching.engine.scoring import WEIGHTS, OutcomeModel

__all__ = [
    "CONSTRAINTS",
    "WEIGHTS",
    "Candidate",
    "Cost",
    "Evaluation",
    "MatchResult",
    "NearMiss",
    "OutcomeModel",
    "Profile",
    "ProfileError",
    "Reason",
    "Suggestion",
    "evaluate",
    "great_circle_m",
    "match",
    "parse_profile",
]
