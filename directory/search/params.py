"""Search parameters of the public search page and the open API: parsed once, validated, kept in URLs.

The same `SearchParams` drives `/`, `/map`, `/api/v1/services` and `/api/v1/map.geojson`, so a coordinator
can bookmark or share any search and get the same answer from the page and the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l

from directory import schedules
from directory.models.location import AccessibilityFeature
from tsunagu.clock import today_in_japan

WEEKDAYS = schedules.WEEKDAY_NAMES
SORTS = ("relevance", "distance", "next")
THRESHOLDS = ("drop-in", "reservation", "referral")
SPACES = ("protected", "open")
ACCESSIBILITY = tuple(feature.value for feature in AccessibilityFeature)
MAX_RADIUS_KM = 100.0
MAX_PER_PAGE = 100


URL_NAMES = {"kinds": "kind", "tags": "tag"}
"""Field → URL parameter where they differ (a repeated parameter reads better singular)."""


class InvalidParameter(ValueError):
    """A search parameter that cannot be understood; `name` is the parameter, `message` says why."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class SearchParams:
    """What a person asked for. Empty fields mean "no filter"."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    district: str | None = None
    junior_high_district: str | None = None
    elementary_district: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    day: int | None = None
    """0 = Monday … 6 = Sunday."""
    at: time | None = None
    age: int | None = None
    free: bool = False
    max_cost: int | None = None
    language: str | None = None
    """A language spoken there (BCP 47, e.g. pt-BR, ja-x-easy); `lang` is the UI locale, not a filter."""
    accessibility: tuple[str, ...] = ()
    threshold: str | None = None
    space: str | None = None
    taxonomy_term_id: str | None = None
    """HSDS filter: the UUID of a taxonomy term."""
    organization_id: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    extra: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def has_filters(self) -> bool:
        """True when anything beyond the text box narrows the search (the filter panel then opens)."""
        blank = SearchParams(q=self.q, sort=self.sort, page=self.page, per_page=self.per_page)
        return self != blank

    @property
    def near(self) -> bool:
        return self.lat is not None and self.lon is not None

    def with_changes(self, **changes: Any) -> SearchParams:
        return replace(self, **changes)

    def to_query(self) -> dict[str, Any]:
        """URL query arguments that reproduce this search (for links, pagination, bookmarks)."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key == "extra" or value in (None, "", (), False):
                continue
            if key == "page" and value == 1 or key == "sort" and value == "relevance":
                continue
            if key == "per_page" and value == SearchParams.per_page:
                continue
            if key == "day":
                out[key] = WEEKDAYS[value]
            elif key == "at":
                out["time"] = value.strftime("%H:%M")
            elif isinstance(value, tuple):
                out[URL_NAMES.get(key, key)] = list(value)
            elif isinstance(value, bool):
                out[key] = "1"
            else:
                out[key] = value
        return out


def _first(args: Mapping[str, Any], name: str) -> str | None:
    value = args.get(name)
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _many(args: Any, name: str) -> tuple[str, ...]:
    """Repeated (?kind=a&kind=b) or comma-separated (?kind=a,b) values, de-duplicated in order."""
    raw = args.getlist(name) if hasattr(args, "getlist") else [args.get(name)] if args.get(name) else []
    values: list[str] = []
    for item in raw:
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in values:
                values.append(part)
    return tuple(values)


def _many_choices(args: Any, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = _many(args, name)
    for value in values:
        if value not in allowed:
            raise _not_one_of(name, allowed)
    return values


def _number(args: Mapping[str, Any], name: str, cast: type, low: float, high: float) -> Any:
    raw = _first(args, name)
    if raw is None:
        return None
    try:
        value = cast(raw)
    except ValueError:
        raise InvalidParameter(name, str(_l("数値で指定してください"))) from None
    if value != value or not low <= value <= high:  # NaN or out of range
        raise InvalidParameter(name, str(_l("%(low)s から %(high)s の範囲で指定してください", low=low, high=high)))
    return value


def parse_int_param(args: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    """An optional whole-number parameter within [low, high]."""
    value = _number(args, name, int, low, high)
    return int(value) if value is not None else None


def _choice(args: Mapping[str, Any], name: str, allowed: tuple[str, ...]) -> str | None:
    value = _first(args, name)
    if value is not None and value not in allowed:
        raise _not_one_of(name, allowed)
    return value


def _not_one_of(name: str, allowed: tuple[str, ...]) -> InvalidParameter:
    return InvalidParameter(name, str(_l("次のいずれかを指定してください: %(choices)s", choices=", ".join(allowed))))


def parse_weekday(value: str | None) -> int | None:
    """ "wed", "Wednesday", "WE", "水曜" → 2 (Monday = 0); "today"/"今日" in Japan time."""
    if value is None:
        return None
    if value.strip().lower() in ("today", "今日", "きょう"):
        return today_in_japan().weekday()
    try:
        return schedules.parse_weekday(value)
    except ValueError:
        raise InvalidParameter("day", str(_l("曜日は mon〜sun で指定してください"))) from None


def parse_time(value: str | None) -> time | None:
    """ "15:00", "15", "9:30" → time; anything else is an InvalidParameter."""
    if value is None:
        return None
    parts = value.strip().replace("：", ":").split(":")
    try:
        hour = int(parts[0])
        minute = int(parts[1]) if len(parts) > 1 else 0
        return time(hour, minute)
    except (ValueError, IndexError, OverflowError):
        raise InvalidParameter("time", str(_l("時刻は HH:MM で指定してください"))) from None


def parse_search_params(args: Any, *, default_per_page: int = 20) -> SearchParams:
    """Read and validate request arguments; raises InvalidParameter on the first bad one."""
    lat = _number(args, "lat", float, -90, 90)
    lon = _number(args, "lon", float, -180, 180)
    if (lat is None) != (lon is None):
        raise InvalidParameter("lat" if lat is None else "lon", str(_l("lat と lon は両方指定してください")))
    radius = _number(args, "radius_km", float, 0.01, MAX_RADIUS_KM)
    sort = _choice(args, "sort", SORTS) or "relevance"
    if sort == "distance" and lat is None:
        raise InvalidParameter("sort", str(_l("距離順には lat と lon が必要です")))
    return SearchParams(
        q=(_first(args, "q") or _first(args, "search") or "")[:200],
        kinds=_many(args, "kind"),
        tags=_many(args, "tag"),
        district=_first(args, "district"),
        junior_high_district=_first(args, "junior_high_district"),
        elementary_district=_first(args, "elementary_district"),
        lat=lat,
        lon=lon,
        radius_km=radius,
        day=parse_weekday(_first(args, "day")),
        at=parse_time(_first(args, "time")),
        age=_number(args, "age", int, 0, 120),
        free=_first(args, "free") in ("1", "true", "on", "yes"),
        max_cost=_number(args, "max_cost", int, 0, 1_000_000),
        language=_first(args, "language"),
        accessibility=_many_choices(args, "accessibility", ACCESSIBILITY),
        threshold=_choice(args, "threshold", THRESHOLDS),
        space=_choice(args, "space", SPACES),
        taxonomy_term_id=_first(args, "taxonomy_term_id"),
        organization_id=_first(args, "organization_id"),
        sort=sort,
        page=_number(args, "page", int, 1, 100_000) or 1,
        per_page=_number(args, "per_page", int, 1, MAX_PER_PAGE) or default_per_page,
    )
