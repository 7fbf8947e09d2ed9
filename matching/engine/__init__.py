"""The pure matching engine: plain data in (a `Profile`, `Candidate`s), plain data out (a `MatchResult`).

`profile` (the match profile), `candidate`, `constraints` (hard constraints, never broken), `scoring` (the soft
score), `outcome` (a trained model as arithmetic), `explain` (reason codes) and `match` (constraints → score →
explained top N). `matching.suggestions.candidates` loads the candidates, and `matching.suggestions.queries.run_match`
— the one path behind the coordinator page, `tsunagu match` and `POST /api/v1/match` — calls `match`;
`matching.suggestions.reasons` puts its reason codes into words.

Imports only the other pure parts, `directory.schedules` and `i18n.normalize`: no Flask, no SQLAlchemy, no
`tsunagu` (import-linter checks it). Type-checked with mypy --strict.
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
