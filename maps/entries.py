"""The plain data a map is built from: entries, kinds, areas, and the words the map shows.

Everything here is text and numbers, never HTML: the browser turns names into text nodes (map.js), and
the GeoJSON API serialises them as JSON strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from maps.privacy import AREA_RADIUS_M, jitter_point

OTHER_KIND = "other"
GLYPHS = {
    "home": "居",
    "coffee": "茶",
    "briefcase": "就",
    "utensils": "食",
    "book": "学",
    "hands": "ボ",
    "comments": "相",
}
"""Taxonomy icon name → the character drawn in the marker (colour is never the only cue)."""
FALLBACK_COLOUR = "#5f6b76"


@dataclass(frozen=True)
class KindStyle:
    """How one kind (居場所, 子ども食堂 …) looks: label in the reader's language, colour, glyph."""

    code: str
    label: str
    colour: str = FALLBACK_COLOUR
    glyph: str = "・"

    @classmethod
    def from_term(cls, code: str, label: str, icon: str | None, colour: str | None) -> KindStyle:
        """A style from a taxonomy term's icon name and colour (unknown icons use the label's first letter)."""
        glyph = GLYPHS.get(icon or "", label[:1] or "・")
        return cls(code, label, colour or FALLBACK_COLOUR, glyph)


class MapEntry(NamedTuple):
    """One activity on the map. `lat`/`lon` are what may be shown: for a private home, a jittered point
    drawn as an area of `AREA_RADIUS_M` (`approximate`), never the home itself.

    A named tuple rather than a dataclass: a map of 10 000 makes 10 000 of them per build."""

    id: int
    uuid: str
    name: str
    kind: str
    lat: float
    lon: float
    url: str
    approximate: bool = False
    open_today: bool = False
    next_date: str = ""
    cost: str = ""
    kind_label: str = ""

    @classmethod
    def placed(cls, *, lat: float, lon: float, private: bool, key: str, **fields: Any) -> MapEntry:
        """An entry at its shown position: the exact point, or for a private home (`private`) a point
        jittered deterministically by `key` (the location's UUID), flagged approximate."""
        if private:
            lat, lon = jitter_point(lat, lon, key)
        return cls(lat=round(lat, 6), lon=round(lon, 6), approximate=private, **fields)


@dataclass(frozen=True)
class MapArea:
    """A 地区 or 中学校区: name, GeoJSON geometry (MultiPolygon), and for coverage its count and target."""

    name: str
    kind: str
    """"district" (地区) or "junior_high" (中学校区)."""
    geometry: dict[str, Any]
    count: int | None = None
    target: int | None = None


@dataclass(frozen=True)
class MapLabels:
    """Every word the map itself shows, already translated by the caller (maps/ knows no locale)."""

    next_date: str = "次回: %(date)s"
    details: str = "詳しく見る"
    approximate: str = "おおよその場所（個人宅のため約300mの範囲で表示）"
    open_today: str = "今日開いています"
    districts: str = "地区"
    junior_highs: str = "中学校区"
    coverage: str = "居場所の数（中学校区・目標比）"
    coverage_count: str = "%(count)s 件 / 目標 %(target)s 件"
    map_label: str = "地図"
    today_badge: str = "今日"
    zoom_in: str = "拡大"
    zoom_out: str = "縮小"
    layers: str = "表示する内容"
    other: str = "その他"
    cluster: str = "%(count)s 件（クリックで拡大）"
    extra: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, str]:
        return {
            "nextDate": self.next_date,
            "details": self.details,
            "approximate": self.approximate,
            "openToday": self.open_today,
            "coverageCount": self.coverage_count,
            "cluster": self.cluster,
            "map": self.map_label,
            "todayBadge": self.today_badge,
            "zoomIn": self.zoom_in,
            "zoomOut": self.zoom_out,
            "layers": self.layers,
            **self.extra,
        }


def group_by_kind(
    entries: Sequence[MapEntry], kinds: Sequence[KindStyle], other_label: str = "その他", *, keep_empty: bool = False
) -> list[tuple[KindStyle, list[MapEntry]]]:
    """Entries per kind in the kinds' order (one map layer each); unknown kinds go to a last "other" group.
    `keep_empty`: every kind and "other" get a group, entries or not (a map filled by the browser per view)."""
    known = {k.code: k for k in kinds}
    groups: dict[str, list[MapEntry]] = {k.code: [] for k in kinds}
    others: list[MapEntry] = []
    for entry in entries:
        (groups[entry.kind] if entry.kind in known else others).append(entry)
    result = [(known[code], items) for code, items in groups.items() if items or keep_empty]
    if others or keep_empty:
        result.append((KindStyle(OTHER_KIND, other_label), others))
    return result


__all__ = ["AREA_RADIUS_M", "GLYPHS", "KindStyle", "MapArea", "MapEntry", "MapLabels", "group_by_kind"]
