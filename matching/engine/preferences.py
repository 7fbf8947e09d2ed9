"""Preferences a coordinator hears every day: 少人数 / 大人数でもよい, 静か / にぎやか, 男性が参加しやすい, and the
first step on the participation ladder (somewhere one can just 見学). Each is soft — it raises the score — unless
the profile lists its code in `hard`; then an entry that does not meet it is excluded (constraint "preference").

An entry's label is trusted only when its own text does not contradict it: a 少人数 entry whose description says
「毎回30人以上」 is not small, and `label_conflicts` names the contradiction so curation can fix the label.
"""

from __future__ import annotations

import re
import unicodedata

from matching.engine.candidate import Candidate
from matching.engine.profile import Profile

SMALL_MAX = 15
"""A text naming this many people or more contradicts a 少人数 label."""
_CROWD = re.compile(r"(\d+)\s*(?:人|名)\s*(?:以上|超|を超え|ほど|くらい|ぐらい|程度|前後|が参加|が集ま)")
_MANY = ("大人数", "大勢", "たくさんの人", "にぎやか", "賑やか", "大盛況")
_CALM = ("静か", "しずか", "落ち着いた", "ゆったり", "のんびり")

GROUP_SIZE, ATMOSPHERE, MEN_WELCOME, FIRST_STEP = "group_size", "atmosphere", "men_welcome", "first_step"


def named_crowd(text: str) -> int | None:
    """The largest number of people the text says come (「毎回30人以上」 → 30), if any."""
    numbers = [int(n) for n in _CROWD.findall(unicodedata.normalize("NFKC", text))]
    return max(numbers) if numbers else None


def label_conflicts(group_size: str | None, atmosphere: str | None, text: str) -> tuple[str, ...]:
    """Where the entry's own text contradicts its labels: "group_size" (少人数 but 30人以上 / 大人数) and
    "atmosphere" (静か but にぎやか, or the reverse)."""
    conflicts = []
    crowd = named_crowd(text)
    if group_size == "small" and ((crowd is not None and crowd >= SMALL_MAX) or any(w in text for w in _MANY[:3])):
        conflicts.append(GROUP_SIZE)
    if (atmosphere == "quiet" and any(w in text for w in _MANY[3:])) or (
        atmosphere == "lively" and any(w in text for w in _CALM)
    ):
        conflicts.append(ATMOSPHERE)
    return tuple(conflicts)


def states_preferences(profile: Profile) -> bool:
    """Whether the profile states any preference `preference_checks` judges (most do not: skip the work)."""
    return bool(
        profile.group_size == "small"
        or profile.atmosphere
        or profile.men_welcome
        or profile.first_step
        or profile.gender_comfort == "men_only"
    )


def preference_checks(profile: Profile, candidate: Candidate) -> dict[str, float]:
    """How well the entry meets each stated preference, 0–1 by code (a contradicted label counts as unknown)."""
    checks: dict[str, float] = {}
    wants_label = profile.group_size == "small" or profile.atmosphere is not None
    text = candidate.text or candidate.name
    conflicts = label_conflicts(candidate.group_size, candidate.atmosphere, text) if wants_label else ()
    if profile.group_size == "small":
        size = None if GROUP_SIZE in conflicts else candidate.group_size
        checks[GROUP_SIZE] = {"small": 1.0, "medium": 0.5, "large": 0.0}.get(size or "", 0.3)
    if profile.atmosphere:
        mood = None if ATMOSPHERE in conflicts else candidate.atmosphere
        checks[ATMOSPHERE] = 1.0 if mood == profile.atmosphere else 0.3 if mood is None else 0.0
    if profile.men_welcome or profile.gender_comfort == "men_only":
        checks[MEN_WELCOME] = 1.0 if "men_welcome" in candidate.tags else 0.0
    if profile.first_step:
        checks[FIRST_STEP] = 1.0 if candidate.step_level == "visit" or "visit_ok" in candidate.tags else 0.0
    return checks


def unmet_hard(profile: Profile, candidate: Candidate) -> tuple[str, ...]:
    """The preferences marked hard that the entry does not fully meet (an unknown label never passes)."""
    if not profile.hard or not states_preferences(profile):
        return ()
    checks = preference_checks(profile, candidate)
    return tuple(code for code in profile.hard if code in checks and checks[code] < 1.0)
