"""Reading an uploaded GeoJSON file of area boundaries (地区 / 中学校区 / 小学校区), all or nothing.

Plain data in (the file's bytes), plain data out: the areas to write, or every problem found, each with the
feature's number and name and a code the admin page turns into a sentence in the reader's language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import shapely  # type: ignore[import-untyped]
from shapely.geometry import MultiPolygon, Polygon, shape  # type: ignore[import-untyped]

KINDS = {
    "district": "district",
    "地区": "district",
    "junior_high": "junior_high",
    "中学校区": "junior_high",
    "elementary": "elementary",
    "小学校区": "elementary",
}
"""What a feature's `kind` property may say → the AreaKind value."""
NAME_KEYS = ("name", "名称", "NAME", "area_name")
KANA_KEYS = ("name_kana", "kana", "カナ", "かな", "よみ", "読み", "ふりがな", "フリガナ", "yomi", "NAME_KANA")
"""Properties that may carry the reading of the name (half-width ｶﾅ is widened)."""
KANA = re.compile(r"^[\u3041-\u309f\u30a1-\u30ffー\s・]+$")
"""A reading: ひらがな / カタカナ, spaces and ・ only."""
MAX_NAME = 50
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class BoundaryProblem:
    """One reason the file cannot be loaded; `feature` is 1-based (0 = the file itself)."""

    feature: int
    code: str
    """not_json, not_collection, empty, too_large, no_name, name_too_long, bad_kind, bad_geometry,
    not_polygon, out_of_range, invalid_shape, duplicate, bad_target, bad_kana"""
    name: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Boundary:
    """One area to write: kind (AreaKind value), name, optional code, target and reading (カナ), the MULTIPOLYGON
    as WKT."""

    kind: str
    name: str
    wkt: str
    code: str | None = None
    target_count: int | None = None
    name_kana: str | None = None


@dataclass
class BoundaryFile:
    """The outcome: boundaries when `problems` is empty, else nothing may be written."""

    boundaries: list[Boundary] = field(default_factory=list)
    problems: list[BoundaryProblem] = field(default_factory=list)


def _name(properties: dict[str, Any]) -> str:
    for key in NAME_KEYS:
        value = properties.get(key)
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""


def _kana(properties: dict[str, Any]) -> str | None:
    """The reading of the name if the feature has one (None if not); raises ValueError if it is not kana."""
    for key in KANA_KEYS:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            reading = unicodedata.normalize("NFKC", value).strip()
            if not KANA.match(reading) or len(reading) > MAX_NAME * 2:
                raise ValueError(value)
            return reading
    return None


def _in_range(geometry: MultiPolygon) -> bool:
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return bool(-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90)


def _target(value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = int(value)
    if number < 0 or number > 100_000 or number != value and str(number) != str(value).strip():
        raise ValueError(value)
    return number


def _feature(index: int, item: Any, default_kind: str | None, out: BoundaryFile) -> Boundary | None:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        out.problems.append(BoundaryProblem(index, "bad_geometry", detail="not a Feature"))
        return None
    properties = item.get("properties") or {}
    name = _name(properties)
    problems = len(out.problems)
    if not name:
        out.problems.append(BoundaryProblem(index, "no_name"))
    elif len(name) > MAX_NAME:
        out.problems.append(BoundaryProblem(index, "name_too_long", name))
    kind = KINDS.get(str(properties.get("kind") or default_kind or "").strip())
    if kind is None:
        out.problems.append(BoundaryProblem(index, "bad_kind", name, str(properties.get("kind") or "")))
    try:
        target = _target(properties.get("target_count", properties.get("target")))
    except (TypeError, ValueError):
        target = None
        out.problems.append(BoundaryProblem(index, "bad_target", name, str(properties.get("target_count"))))
    try:
        reading = _kana(properties)
    except ValueError as exc:
        reading = None
        out.problems.append(BoundaryProblem(index, "bad_kana", name, str(exc)))
    geometry = item.get("geometry")
    try:
        parsed = shape(geometry) if isinstance(geometry, dict) else None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        out.problems.append(BoundaryProblem(index, "bad_geometry", name, str(exc)))
        return None
    if not isinstance(parsed, Polygon | MultiPolygon):
        found = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        out.problems.append(BoundaryProblem(index, "not_polygon", name, str(found)))
        return None
    multi = parsed if isinstance(parsed, MultiPolygon) else MultiPolygon([parsed])
    if multi.is_empty:
        out.problems.append(BoundaryProblem(index, "bad_geometry", name, "empty"))
    elif not _in_range(multi):
        out.problems.append(BoundaryProblem(index, "out_of_range", name))
    elif not multi.is_valid:
        out.problems.append(BoundaryProblem(index, "invalid_shape", name, str(shapely.is_valid_reason(multi))))
    if len(out.problems) > problems or kind is None:
        return None
    code = properties.get("code")
    code_text = str(code).strip()[:20] if code not in (None, "") else None
    return Boundary(kind, name, multi.wkt, code_text, target, reading)


def read_boundaries(content: bytes, default_kind: str | None = None) -> BoundaryFile:
    """Parse and validate a GeoJSON FeatureCollection (or one Feature) of Polygon/MultiPolygon features.

    Each feature needs a name (`name`/`名称`) and a kind (`kind`: 地区/中学校区/小学校区 or district/
    junior_high/elementary, else `default_kind`); `code`, `target_count` and the reading (`name_kana`, `よみ`,
    `カナ` …, see KANA_KEYS) are optional. Coordinates are
    WGS 84 lon/lat as GeoJSON requires. Every feature is checked, so one upload lists every problem.
    """
    out = BoundaryFile()
    if len(content) > MAX_BYTES:
        out.problems.append(BoundaryProblem(0, "too_large", detail=str(MAX_BYTES // (1024 * 1024))))
        return out
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.problems.append(BoundaryProblem(0, "not_json", detail=str(exc)))
        return out
    if isinstance(document, dict) and document.get("type") == "Feature":
        document = {"type": "FeatureCollection", "features": [document]}
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        out.problems.append(BoundaryProblem(0, "not_collection"))
        return out
    features = document.get("features")
    if not isinstance(features, list) or not features:
        out.problems.append(BoundaryProblem(0, "empty"))
        return out
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(features, start=1):
        boundary = _feature(index, item, default_kind, out)
        if boundary is None:
            continue
        key = (boundary.kind, boundary.name)
        if key in seen:
            out.problems.append(BoundaryProblem(index, "duplicate", boundary.name, str(seen[key])))
            continue
        seen[key] = index
        out.boundaries.append(boundary)
    if out.problems:
        out.boundaries = []
    return out
