"""The geography of the demo town つなぐ市: its code, its 中学校区/地区 boundaries, and points inside them.

The town is a 4 × 2 grid of 地区 cells around (35.86, 139.97), about 8 km × 6 km, whose corners and edges
are jittered so the boundaries look drawn rather than ruled. Neighbouring cells share every edge vertex,
so the 地区 tile the town exactly and each 中学校区 is the union of two of them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

import shapely
from shapely.geometry import MultiPolygon, Point, Polygon
from sqlalchemy.orm import Session

from directory.catalog.municipality import municipality_code_with_check_digit
from directory.models import Area, AreaKind

PREFECTURE = "千葉県"
CITY = "つなぐ市"
# 12 = 千葉県; 999 is not the number of any real city, so the demo can never be mistaken for real data.
MUNICIPALITY_CODE = municipality_code_with_check_digit("12999")
CENTRE_LAT = 35.86
CENTRE_LON = 139.97
WIDTH_KM = 8.0
HEIGHT_KM = 6.0
KM_PER_DEGREE_LAT = 111.0
KM_PER_DEGREE_LON = 90.2
"""At 35.86° N one degree of longitude is about 90 km; good enough for placing a fictional town."""

COLUMNS = 4
ROWS = 2
JUNIOR_HIGH_TARGET = 10
"""目標: 10 居場所 per 中学校区, the coverage goal of the 見える化 view."""


@dataclass(frozen=True)
class DistrictSpec:
    """One 地区 of the town: its names in the languages the demo shows and its place in the grid."""

    name: str
    short: str
    """The 地区 without 「地区」, used to name activities (本町ふれあいサロン)."""
    romaji: str
    junior_high: str
    elementary: str
    column: int
    row: int
    """0 = south, 1 = north."""
    towns: tuple[str, ...]
    """町域 (what the public sees of a private home's address)."""


DISTRICTS: tuple[DistrictSpec, ...] = (
    DistrictSpec(
        "西台地区", "西台", "Nishidai", "第二中学校区", "西台小学校区", 0, 1, ("西台一丁目", "西台二丁目", "桜台")
    ),
    DistrictSpec(
        "北台地区", "北台", "Kitadai", "第二中学校区", "北台小学校区", 1, 1, ("北台一丁目", "北台二丁目", "若葉町")
    ),
    DistrictSpec(
        "本町地区",
        "本町",
        "Honcho",
        "第一中学校区",
        "本町小学校区",
        2,
        1,
        ("本町一丁目", "本町二丁目", "本町三丁目", "栄町"),
    ),
    DistrictSpec(
        "駅前地区", "駅前", "Ekimae", "第一中学校区", "駅前小学校区", 3, 1, ("駅前一丁目", "駅前二丁目", "旭町")
    ),
    DistrictSpec("川辺地区", "川辺", "Kawabe", "第三中学校区", "川辺小学校区", 0, 0, ("川辺町", "中洲", "舟戸")),
    DistrictSpec(
        "南が丘地区",
        "南が丘",
        "Minamigaoka",
        "第三中学校区",
        "南が丘小学校区",
        1,
        0,
        ("南が丘一丁目", "南が丘二丁目", "松葉町"),
    ),
    DistrictSpec(
        "緑町地区", "緑町", "Midoricho", "第四中学校区", "緑町小学校区", 2, 0, ("緑町一丁目", "緑町二丁目", "藤ケ谷")
    ),
    DistrictSpec(
        "東原地区", "東原", "Higashihara", "第四中学校区", "東原小学校区", 3, 0, ("東原一丁目", "東原二丁目", "新田")
    ),
)
JUNIOR_HIGHS = ("第一中学校区", "第二中学校区", "第三中学校区", "第四中学校区")


@dataclass(frozen=True)
class District:
    """A 地区 with its boundary and the inner area where demo points are placed."""

    spec: DistrictSpec
    polygon: Polygon
    inner: Polygon = field(repr=False)
    """The polygon shrunk by ~200 m, so a point drawn from it is clearly inside on every database."""

    @property
    def centroid(self) -> tuple[float, float]:
        """(lon, lat) of the district's centre: where coarse home points of residents gather."""
        point = self.polygon.centroid
        return round(point.x, 6), round(point.y, 6)


@dataclass(frozen=True)
class Town:
    """The demo town's districts and school zones."""

    districts: tuple[District, ...]
    junior_highs: dict[str, Polygon]

    def district(self, name: str) -> District:
        """The district called `name` (本町地区 …)."""
        return next(d for d in self.districts if d.spec.name == name)


def _degrees(km_east: float, km_north: float) -> tuple[float, float]:
    return km_east / KM_PER_DEGREE_LON, km_north / KM_PER_DEGREE_LAT


def _grid_nodes(rng: random.Random) -> dict[tuple[int, int], tuple[float, float]]:
    """Corner nodes of the grid, each moved up to 300 m so no boundary is a ruler line."""
    nodes = {}
    for i in range(COLUMNS + 1):
        for j in range(ROWS + 1):
            east = (i / COLUMNS - 0.5) * WIDTH_KM + rng.uniform(-0.3, 0.3)
            north = (j / ROWS - 0.5) * HEIGHT_KM + rng.uniform(-0.3, 0.3)
            dlon, dlat = _degrees(east, north)
            nodes[(i, j)] = (CENTRE_LON + dlon, CENTRE_LAT + dlat)
    return nodes


def _wiggle(a: tuple[float, float], b: tuple[float, float], rng: random.Random) -> list[tuple[float, float]]:
    """Three intermediate vertices between a and b, nudged sideways by up to ~150 m (roads and streams)."""
    points = []
    for t in (0.25, 0.5, 0.75):
        dlon, dlat = _degrees(rng.uniform(-0.15, 0.15), rng.uniform(-0.15, 0.15))
        points.append((a[0] + (b[0] - a[0]) * t + dlon, a[1] + (b[1] - a[1]) * t + dlat))
    return points


def _rounded(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    # Six decimals (~0.1 m) keep the stored EWKT short and identical on both databases.
    return [(round(x, 6), round(y, 6)) for x, y in points]


@cache
def build_town(seed: int = 12999) -> Town:
    """The town's district polygons (deterministic for a seed; cached because it never changes)."""
    rng = random.Random(seed)
    nodes = _grid_nodes(rng)
    edges: dict[tuple[tuple[int, int], tuple[int, int]], list[tuple[float, float]]] = {}

    def edge(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[float, float]]:
        key = (min(a, b), max(a, b))
        if key not in edges:
            edges[key] = _wiggle(nodes[key[0]], nodes[key[1]], rng)
        return edges[key] if a == key[0] else edges[key][::-1]

    districts = []
    for spec in DISTRICTS:
        c, r = spec.column, spec.row
        corners = [(c, r), (c + 1, r), (c + 1, r + 1), (c, r + 1)]
        ring: list[tuple[float, float]] = []
        for k, corner in enumerate(corners):
            ring += [nodes[corner], *edge(corner, corners[(k + 1) % 4])]
        polygon = Polygon(_rounded(ring))
        inner = polygon.buffer(-0.002)
        districts.append(District(spec, polygon, inner))
    junior_highs = {
        name: shapely.union_all([d.polygon for d in districts if d.spec.junior_high == name]) for name in JUNIOR_HIGHS
    }
    return Town(tuple(districts), junior_highs)


def random_point_in(district: District, rng: random.Random) -> tuple[float, float]:
    """A (lon, lat) drawn uniformly from the district's inner area, rounded to ~0.1 m."""
    min_x, min_y, max_x, max_y = district.inner.bounds
    while True:
        lon, lat = round(rng.uniform(min_x, max_x), 6), round(rng.uniform(min_y, max_y), 6)
        if district.inner.contains(Point(lon, lat)):
            return lon, lat


def near(lon: float, lat: float, rng: random.Random, metres: float = 400) -> tuple[float, float]:
    """A coarse point up to `metres` from (lon, lat), rounded to ~100 m: never someone's actual home."""
    dlon, dlat = _degrees(rng.uniform(-metres, metres) / 1000, rng.uniform(-metres, metres) / 1000)
    return round(lon + dlon, 3), round(lat + dlat, 3)


def point_ewkt(lon: float, lat: float) -> str:
    """EWKT of a WGS 84 point, the form GeoAlchemy2 binds on SpatiaLite and PostGIS alike."""
    return f"SRID=4326;POINT({lon:.6f} {lat:.6f})"


def multipolygon_ewkt(geometry: Polygon | MultiPolygon) -> str:
    """EWKT of a boundary as MULTIPOLYGON (the column type of Area.boundary)."""
    multi = geometry if isinstance(geometry, MultiPolygon) else MultiPolygon([geometry])
    return f"SRID=4326;{shapely.to_wkt(multi, rounding_precision=6)}"


def load_areas(session: Session, town: Town) -> list[Area]:
    """Add the 中学校区, 地区 and 小学校区 of the town; the 小学校区 coincide with the 地区 here."""
    areas = [
        Area(
            municipality_code=MUNICIPALITY_CODE,
            kind=AreaKind.JUNIOR_HIGH,
            name=name,
            code=f"JH{index}",
            boundary=multipolygon_ewkt(polygon),
            target_count=JUNIOR_HIGH_TARGET,
        )
        for index, (name, polygon) in enumerate(town.junior_highs.items(), start=1)
    ]
    for index, district in enumerate(town.districts, start=1):
        boundary = multipolygon_ewkt(district.polygon)
        areas.append(
            Area(
                municipality_code=MUNICIPALITY_CODE,
                kind=AreaKind.DISTRICT,
                name=district.spec.name,
                code=f"D{index}",
                boundary=boundary,
            )
        )
        areas.append(
            Area(
                municipality_code=MUNICIPALITY_CODE,
                kind=AreaKind.ELEMENTARY,
                name=district.spec.elementary,
                code=f"E{index}",
                boundary=boundary,
            )
        )
    session.add_all(areas)
    return areas
