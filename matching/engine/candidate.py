"""A candidate activity as the engine sees it: plain data loaded by `matching.suggestions.candidates` (or built
by a test)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from directory.schedules import Rule


@dataclass(frozen=True, slots=True)
class Cost:
    """参加費 for one age band ("infant" … "adult"); `amount_yen` None with `is_free` False is "unknown"."""

    age_band: str
    amount_yen: int | None
    is_free: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """One service at one place, with every fact a hard constraint or a score part reads.

    `kinds` and `tags` are taxonomy codes (ibasho, men_welcome…); `text` is the searchable text (name,
    description, kind and tag names, atmosphere) — the engine normalises it. `languages` empty means the
    activity is held in Japanese only.
    """

    service_id: int
    name: str
    organization_id: int
    lat: float
    lon: float
    organization_name: str = ""
    published: bool = True
    active: bool = True
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    text: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    rules: tuple[Rule, ...] = ()
    costs: tuple[Cost, ...] = ()
    languages: tuple[str, ...] = ()
    accessibility: frozenset[str] = frozenset()
    openings: int | None = None
    space: str = "open"
    threshold: str = "drop-in"
    step_level: str = "join"
    verified_at: dt.date | None = None
    district: str | None = None
    group_size: str | None = None
    """Its label: "small" (少人数), "medium", "large"; None when not stated."""
    atmosphere: str | None = None
    """Its label: "quiet" (静か) or "lively" (にぎやか); None when not stated."""
