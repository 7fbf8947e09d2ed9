"""The match profile (DESIGN.md's JSON) as plain data, parsed and validated once.

`parse_profile` accepts exactly the documented JSON shape — a person's (`age`) or a household's (`household`,
a list of members `{"age", "languages", "needs"}`) — plus optional keys the coordinator page fills from the
person record: `interests_text`, `strengths` (list), `first_step`, `gender_comfort`, and the preferences
`group_size` ("small" | "large_ok"), `atmosphere` ("quiet" | "lively"), `men_welcome` (bool) and `hard` (which
of group_size, atmosphere, men_welcome, first_step are hard conditions); anything malformed raises
`ProfileError` naming the field, which the CLI prints and the API returns as problem JSON.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from directory.schedules import WEEKDAY_NAMES, Window, parse_weekday
from matching.engine.household import Member

DEFAULT_MAX_DISTANCE_KM = 10.0
"""Used when a profile gives a home but no `max_distance_km`: a limit is always applied (and reported)."""
MAX_DISTANCE_KM = 100.0
SPACES = ("protected", "open")
THRESHOLDS = ("drop-in", "reservation", "referral")
GENDER_COMFORTS = ("any", "men_only", "women_only")
GROUP_SIZES = ("small", "large_ok")
ATMOSPHERES = ("quiet", "lively")
HARD_PREFERENCES = ("group_size", "atmosphere", "men_welcome", "first_step")
EASY_JAPANESE = "ja-x-easy"
_EASY_SPELLINGS = frozenset({"ja-easy", "ja-x-easy", "easy-ja", "ja-x-yasashii", "やさしい日本語"})
ALL_DAY = (dt.time(0, 0), dt.time(23, 59, 59))


class ProfileError(ValueError):
    """A profile field is missing or malformed; `field` names it (JSON path such as "available[0].day")."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


def normalize_language(code: str) -> str:
    """Lower-cased BCP 47 tag with every spelling of やさしい日本語 folded to "ja-x-easy"."""
    lowered = code.strip().lower().replace("_", "-")
    return EASY_JAPANESE if lowered in _EASY_SPELLINGS else lowered


@dataclass(frozen=True, slots=True)
class Profile:
    """What a person can attend and likes, in the engine's terms (see DESIGN.md "Match profile").

    `home` is (lat, lon): the person's coarse point, or the centroid of `district` resolved by the caller.
    `available` empty means "any time" (the engine then only asks for some date in the period).
    `kinds` are taxonomy codes (the caller resolves Japanese names such as 居場所).
    """

    home: tuple[float, float] | None
    district: str | None = None
    age: int | None = None
    max_distance_km: float = DEFAULT_MAX_DISTANCE_KM
    available: tuple[Window, ...] = ()
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    interests_text: str = ""
    strengths: tuple[str, ...] = ()
    """What the person can do or is good at (運転できる, 子どもと遊ぶのが得意): counts for roles."""
    max_cost_yen: int | None = None
    accessibility: tuple[str, ...] = ()
    space: str | None = None
    threshold: str | None = None
    kinds: tuple[str, ...] = ()
    first_step: bool = False
    """True for someone taking a first step: 見学できる所 come first."""
    gender_comfort: str = "any"
    group_size: str | None = None
    """"small" (少人数がよい) or "large_ok" (大人数でもよい)."""
    atmosphere: str | None = None
    """"quiet" (静か) or "lively" (にぎやか)."""
    men_welcome: bool = False
    """男性が参加しやすい所がよい."""
    hard: tuple[str, ...] = ()
    """Preferences (group_size, atmosphere, men_welcome, first_step) the person will not go without."""
    household: tuple[Member, ...] = ()
    """The members of a household profile (then `age` is None and `languages` pools everyone's)."""

    @property
    def members(self) -> tuple[Member, ...]:
        """Who may attend: the household's members, or the one person."""
        return self.household or _alone(self.age)

    @property
    def windows(self) -> tuple[Window, ...]:
        """The availability the schedule constraint checks: the given windows, or every day all day."""
        if self.available:
            return self.available
        return tuple(Window(day, *ALL_DAY) for day in range(7))

    @property
    def speaks_japanese(self) -> bool:
        """ja speakers (and profiles without languages) can join anything; see `constraints.shared_language`."""
        spoken = (lang for lang in self.languages if lang != EASY_JAPANESE)
        return not self.languages or any(lang.split("-")[0] == "ja" for lang in spoken)


@lru_cache(maxsize=256)
def _alone(age: int | None) -> tuple[Member, ...]:
    """A one-person household (cached: the constraints ask for it once per candidate)."""
    return (Member(age),)


def _number(
    data: Mapping[str, Any], name: str, *, integer: bool = False, low: float = 0, high: float = math.inf
) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not float(value).is_integer()):
        raise ProfileError(name, "must be an integer" if integer else "must be a number")
    if not math.isfinite(value) or not low <= value <= high:
        raise ProfileError(name, f"must be between {low:g} and {high:g}")
    return float(value)


def _strings(data: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = data.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, str) for v in value):
        raise ProfileError(name, "must be a list of strings")
    return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))


def _choice(data: Mapping[str, Any], name: str, allowed: Sequence[str]) -> str | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ProfileError(name, f"must be one of {', '.join(allowed)} or null")
    return str(value)


def _time(value: Any, where: str) -> dt.time:
    if not isinstance(value, str):
        raise ProfileError(where, 'must be a time such as "10:00"')
    if value.strip() in ("24:00", "24:00:00"):
        return ALL_DAY[1]
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise ProfileError(where, 'must be a time such as "10:00"') from None


def _windows(data: Mapping[str, Any]) -> tuple[Window, ...]:
    value = data.get("available")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ProfileError("available", 'must be a list of {"day","start","end"}')
    windows = []
    for n, item in enumerate(value):
        where = f"available[{n}]"
        if not isinstance(item, Mapping):
            raise ProfileError(where, 'must be an object {"day","start","end"}')
        try:
            day = parse_weekday(item.get("day", ""))
        except (ValueError, AttributeError):
            raise ProfileError(f"{where}.day", f"must be one of {', '.join(WEEKDAY_NAMES)}") from None
        start = _time(item.get("start", "00:00"), f"{where}.start")
        end = _time(item.get("end", "24:00"), f"{where}.end")
        if end <= start:
            raise ProfileError(f"{where}.end", "must be after start")
        windows.append(Window(day, start, end))
    return tuple(dict.fromkeys(windows))


def _home(data: Mapping[str, Any]) -> tuple[tuple[float, float] | None, str | None]:
    home = data.get("home")
    if not isinstance(home, Mapping):
        raise ProfileError("home", 'required: {"lat":…,"lon":…} or {"district":"…"}')
    if home.get("district") not in (None, ""):
        if not isinstance(home["district"], str):
            raise ProfileError("home.district", "must be a district name")
        return None, home["district"].strip()
    lat = _number(home, "lat", low=-90, high=90)
    lon = _number(home, "lon", low=-180, high=180)
    if lat is None or lon is None:
        raise ProfileError("home", 'required: {"lat":…,"lon":…} or {"district":"…"}')
    return (lat, lon), None


def _household(data: Mapping[str, Any]) -> tuple[Member, ...]:
    value = data.get("household")
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise ProfileError("household", 'must be a non-empty list of {"age","languages"}')
    if data.get("age") is not None:
        raise ProfileError("age", "a household profile gives each member's age instead")
    members = []
    for n, item in enumerate(value):
        where = f"household[{n}]"
        if not isinstance(item, Mapping):
            raise ProfileError(where, 'must be an object {"age","languages"}')
        try:
            age = _number(item, "age", integer=True, high=130)
            languages = _strings(item, "languages")
            needs = _strings(item, "needs")
        except ProfileError as exc:
            raise ProfileError(f"{where}.{exc.field}", exc.message) from None
        members.append(
            Member(
                age=None if age is None else int(age),
                languages=tuple(dict.fromkeys(normalize_language(v) for v in languages)),
                needs=needs,
            )
        )
    return tuple(members)


def _hard(data: Mapping[str, Any]) -> tuple[str, ...]:
    hard = _strings(data, "hard")
    unknown = [code for code in hard if code not in HARD_PREFERENCES]
    if unknown:
        raise ProfileError("hard", f"must list only {', '.join(HARD_PREFERENCES)}")
    return hard


def parse_profile(data: Any) -> Profile:
    """A `Profile` from DESIGN.md's JSON object; raises ProfileError naming the first bad field."""
    if not isinstance(data, Mapping):
        raise ProfileError("profile", "must be a JSON object")
    home, district = _home(data)
    age = _number(data, "age", integer=True, high=130)
    distance = _number(data, "max_distance_km", low=0.05, high=MAX_DISTANCE_KM)
    cost = _number(data, "max_cost_yen", integer=True, high=1_000_000)
    gender = _choice(data, "gender_comfort", GENDER_COMFORTS) or "any"
    household = _household(data)
    languages = [*_strings(data, "languages"), *(lang for member in household for lang in member.languages)]
    text = data.get("interests_text") or ""
    if not isinstance(text, str):
        raise ProfileError("interests_text", "must be a string")
    return Profile(
        home=home,
        district=district,
        age=None if age is None else int(age),
        max_distance_km=DEFAULT_MAX_DISTANCE_KM if distance is None else distance,
        available=_windows(data),
        languages=tuple(dict.fromkeys(normalize_language(v) for v in languages)),
        interests=_strings(data, "interests"),
        interests_text=text.strip(),
        strengths=_strings(data, "strengths"),
        max_cost_yen=None if cost is None else int(cost),
        accessibility=_strings(data, "accessibility"),
        space=_choice(data, "space", SPACES),
        threshold=_choice(data, "threshold", THRESHOLDS),
        kinds=_strings(data, "kinds"),
        first_step=bool(data.get("first_step", False)),
        gender_comfort=gender,
        household=household,
        group_size=_choice(data, "group_size", GROUP_SIZES),
        atmosphere=_choice(data, "atmosphere", ATMOSPHERES),
        men_welcome=bool(data.get("men_welcome", False)),
        hard=_hard(data),
    )
