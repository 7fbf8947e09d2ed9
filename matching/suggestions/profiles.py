"""Person and volunteer records as match profiles (DESIGN.md's JSON), so every entry point shares one format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from directory.models import Volunteer
from matching.engine import Profile, parse_profile
from matching.models import Household, HouseholdMember, MatchPreferences, Person, PersonStatus, PlacementStatus
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
    preferences = person.match_preferences
    return {
        **preference_json(preferences),
        "strengths": [person.strengths] if person.strengths else [],
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
        "first_step": not started or bool(preferences and preferences.first_step),
        "gender_comfort": person.gender_comfort.value if person.gender_comfort else "any",
    }


def preference_json(preferences: MatchPreferences | None) -> dict[str, Any]:
    """The profile's preference keys (group_size, atmosphere, men_welcome, hard) from a person's preferences."""
    if preferences is None:
        return {}
    return {
        "group_size": preferences.group_size.value if preferences.group_size else None,
        "atmosphere": preferences.atmosphere.value if preferences.atmosphere else None,
        "men_welcome": preferences.men_welcome,
        "hard": list(preferences.hard or []),
    }


def person_profile(person: Person, today: dt.date) -> Profile:
    """The person's match profile (raises ProfileError when the record lacks a home area)."""
    return parse_profile(person_profile_json(person, today))


def household_members(household: Household) -> list[Person | HouseholdMember]:
    """Who is matched for a household, in profile order: its active persons, then the lighter members whose
    consent is recorded (a member without one is never matched)."""
    persons: list[Person | HouseholdMember] = [p for p in household.members if p.status == PersonStatus.ACTIVE]
    return persons + [m for m in household.light_members if m.consent_tier is not None]


def household_profile_json(household: Household, today: dt.date) -> dict[str, Any]:
    """The household's match profile (DESIGN.md: `household` replaces `age`; the cost limit is per visit for
    everyone together); members in the order of `household_members`."""
    members = []
    for member in household_members(household):
        needs = member.accessibility if isinstance(member, Person) else member.needs
        members.append(
            {
                "age": today.year - member.birth_year if member.birth_year else None,
                "languages": list(member.languages or []),
                "needs": list(needs or []),
            }
        )
    return {
        "household": members,
        "home": {"district": household.home_district or ""},
        "max_distance_km": household.max_distance_km,
        "available": list(household.available or []),
        "languages": list(household.languages or []),
        "interests": list(dict.fromkeys(i for p in household.members for i in p.interests or [])),
        "max_cost_yen": household.max_cost_yen,
    }


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
