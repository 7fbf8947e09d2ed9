"""Person and volunteer records as match profiles (DESIGN.md's JSON), so every entry point shares one format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from directory.models import Volunteer
from matching.engine import Profile, parse_profile
from matching.models import Person, PlacementStatus
from tsunagu.spatial import lon_lat

VOLUNTEERS_WANTED = "volunteers_wanted"
"""The ボランティア募集 kind volunteers are matched to."""


def _home(point: Any, district: str | None) -> dict[str, Any]:
    found = lon_lat(point)
    if found is not None:
        return {"lat": round(found[1], 6), "lon": round(found[0], 6)}
    return {"district": district or ""}


def person_profile_json(person: Person, today: dt.date) -> dict[str, Any]:
    """The person's match profile as JSON; `first_step` is true until a placement got past the proposal."""
    started = any(p.status != PlacementStatus.PROPOSED for p in person.placements)
    text = " ".join(part for part in (person.interests_text, person.wants_to_try) if part)
    return {
        "age": today.year - person.birth_year if person.birth_year else None,
        "home": _home(person.home_point, person.home_district),
        "max_distance_km": person.max_distance_km,
        "available": list(person.available or []),
        "languages": list(person.languages or []),
        "interests": list(person.interests or []),
        "interests_text": text,
        "max_cost_yen": person.max_cost_yen,
        "accessibility": list(person.accessibility or []),
        "space": person.preferred_space.value if person.preferred_space else None,
        "threshold": person.preferred_threshold.value if person.preferred_threshold else None,
        "kinds": list(person.kinds or []),
        "first_step": not started,
        "gender_comfort": person.gender_comfort.value if person.gender_comfort else "any",
    }


def person_profile(person: Person, today: dt.date) -> Profile:
    """The person's match profile (raises ProfileError when the record lacks a home area)."""
    return parse_profile(person_profile_json(person, today))


def anonymous_snapshot(profile_json: dict[str, Any], district: str | None) -> dict[str, Any]:
    """What an UnmetNeed keeps of a profile: no point (only the district), no free text; survives erasure."""
    snapshot = {k: v for k, v in profile_json.items() if k not in ("home", "interests_text")}
    snapshot["district"] = district or profile_json.get("home", {}).get("district")
    return snapshot


def volunteer_profile_json(volunteer: Volunteer, today: dt.date) -> dict[str, Any]:
    """A volunteer as a profile for ボランティア募集 entries: skills count as interests."""
    return {
        "age": today.year - volunteer.birth_year if volunteer.birth_year else None,
        "home": _home(volunteer.home_point, volunteer.district),
        "max_distance_km": volunteer.max_distance_km,
        "available": list(volunteer.availability or []),
        "languages": list(volunteer.languages or []),
        "interests": list(dict.fromkeys([*(volunteer.skills or []), *(volunteer.interests or [])])),
        "interests_text": volunteer.bio or "",
        "kinds": [VOLUNTEERS_WANTED],
    }
