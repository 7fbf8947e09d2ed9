"""Synthetic catalog data at scale (`tsunagu demo-data --size N --seed S`) for benchmarks and load tests.

Rows are built in Python with the same generators as the demo town and written with Core executemany in
chunks; primary keys are computed here (after the current maximum of each table) so children can refer
to their parents without a round trip. Small sizes (below `NATIONAL_FROM`) land in つなぐ市 itself; larger
ones spread over real municipalities (devtools/bench/data/municipalities.csv: 全国地方公共団体コード, 役場
coordinates, population), each with its own 地区 and 中学校区, in proportion to their population and at the
national density (`ENTRIES_PER_PERSON`): a catalog of N entries covers the municipalities nearest つなぐ市 that
hold N / density people, as a deployment grows from a region to the country; from about 150 000 entries on it
covers all of Japan. Kinds come in national proportions
(`KIND_WEIGHTS`): サロン/通いの場 by far the most, then 居場所, 子ども食堂 and the rest.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from devtools.demo import content
from devtools.demo.kinds import VARIANTS, Variant
from devtools.demo.organizations import GENERATED_FORMS
from devtools.demo.town import (
    CENTRE_LAT,
    CENTRE_LON,
    KM_PER_DEGREE_LAT,
    KM_PER_DEGREE_LON,
    MUNICIPALITY_CODE,
    build_town,
    municipality_code_with_check_digit,
    point_ewkt,
    random_point_in,
)
from devtools.demo.words import NICKNAMES
from directory.catalog.bulk_rows import copy_rows_postgresql, search_columns, term_stand_ins
from directory.catalog.taxonomy import ensure_taxonomy
from directory.models import (
    CostOption,
    EntryStatus,
    HsdsStatus,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Visibility,
    service_taxonomy_terms,
)
from tsunagu.catalog_cache import bump_catalog_version
from tsunagu.db import Base, utcnow

GENERATOR_VERSION = 1
"""Bumped whenever the same size and seed would generate other rows: kept benchmark databases
(`tsunagu bench --reuse`) are named after it, so an old one is never reused for new data."""
CHUNK = 5000
"""Services per executemany round: large enough to amortise, small enough to keep memory flat."""
SERVICES_PER_ORGANIZATION = 5
SECTORS = ("東部", "北東部", "北部", "北西部", "西部", "南西部", "南部", "南東部")
TOWNS = (
    "本町",
    "栄町",
    "旭町",
    "緑町",
    "若葉町",
    "桜台",
    "松が丘",
    "富士見",
    "日の出町",
    "東町",
    "西町",
    "宮前",
    "天神",
)
CHOME = "一二三四五"
ORGANIZATIONS, LOCATIONS, SERVICES, LINKS, SCHEDULES, COSTS, LANGUAGES = (
    Base.metadata.tables[model.__tablename__]
    for model in (Organization, Location, Service, ServiceAtLocation, Schedule, CostOption, ServiceLanguage)
)
WRITE_ORDER: tuple[Table, ...] = (
    ORGANIZATIONS,
    LOCATIONS,
    SERVICES,
    LINKS,
    SCHEDULES,
    COSTS,
    LANGUAGES,
    service_taxonomy_terms,
)
"""Parents before children."""
KEYED = WRITE_ORDER[:6]
"""Tables whose integer keys are chosen here."""
Rows = dict[Table, list[dict[str, Any]]]
STATUSES = (EntryStatus.PUBLISHED, EntryStatus.DRAFT, EntryStatus.PENDING, EntryStatus.ARCHIVED)
STATUS_WEIGHTS = (95, 2, 2, 1)


@dataclass(frozen=True)
class Municipality:
    """A city with a centre and a radius over which its activities spread."""

    code5: str
    prefecture: str
    city: str
    lat: float
    lon: float
    radius_km: float

    @cached_property
    def code(self) -> str:
        """The 6-digit 全国地方公共団体コード."""
        return municipality_code_with_check_digit(self.code5)


MUNICIPALITIES = (
    Municipality("12999", "千葉県", "つなぐ市", CENTRE_LAT, CENTRE_LON, 4.0),
    *(
        Municipality(*row)
        for row in (
            ("12207", "千葉県", "松戸市", 35.7876, 139.9032, 4.0),
            ("12224", "千葉県", "鎌ケ谷市", 35.7767, 140.0006, 2.5),
            ("12208", "千葉県", "野田市", 35.9552, 139.8747, 4.0),
            ("12231", "千葉県", "印西市", 35.8324, 140.1455, 4.0),
            ("12204", "千葉県", "船橋市", 35.6947, 139.9826, 4.0),
            ("12203", "千葉県", "市川市", 35.7219, 139.9310, 3.5),
            ("12227", "千葉県", "浦安市", 35.6531, 139.9019, 2.0),
            ("12100", "千葉県", "千葉市", 35.6073, 140.1063, 6.0),
            ("11222", "埼玉県", "越谷市", 35.8911, 139.7909, 3.5),
            ("11203", "埼玉県", "川口市", 35.8078, 139.7241, 3.5),
            ("11100", "埼玉県", "さいたま市", 35.8617, 139.6455, 6.0),
            ("11201", "埼玉県", "川越市", 35.9251, 139.4858, 4.0),
            ("11208", "埼玉県", "所沢市", 35.7995, 139.4686, 4.0),
            ("13121", "東京都", "足立区", 35.7750, 139.8044, 3.0),
            ("13120", "東京都", "練馬区", 35.7356, 139.6517, 3.0),
            ("13112", "東京都", "世田谷区", 35.6464, 139.6533, 3.0),
            ("13206", "東京都", "府中市", 35.6689, 139.4776, 2.5),
            ("13201", "東京都", "八王子市", 35.6664, 139.3160, 5.0),
            ("13209", "東京都", "町田市", 35.5484, 139.4466, 4.0),
            ("14130", "神奈川県", "川崎市", 35.5308, 139.7029, 4.0),
            ("14100", "神奈川県", "横浜市", 35.4437, 139.6380, 7.0),
            ("14150", "神奈川県", "相模原市", 35.5714, 139.3733, 5.0),
            ("14205", "神奈川県", "藤沢市", 35.3390, 139.4902, 3.5),
            ("14201", "神奈川県", "横須賀市", 35.2813, 139.6722, 4.0),
            ("08220", "茨城県", "つくば市", 36.0835, 140.0764, 5.0),
            ("08201", "茨城県", "水戸市", 36.3659, 140.4712, 4.0),
            ("09201", "栃木県", "宇都宮市", 36.5551, 139.8828, 5.0),
            ("10201", "群馬県", "前橋市", 36.3895, 139.0634, 4.0),
            ("10202", "群馬県", "高崎市", 36.3220, 139.0032, 4.0),
        )
    ),
)
"""Kanto cities with their centres (the import benchmark's addresses)."""

NATIONAL_FROM = 1000
ENTRIES_PER_PERSON = 150_000 / 124_000_000
"""About 150 000 サロン/通いの場, 居場所, 子ども食堂 and the like for 124 million people."""
"""From this many services on, entries spread over the whole country; below it they stay in つなぐ市."""
MUNICIPALITY_LIST = Path(__file__).resolve().parents[1] / "bench" / "data" / "municipalities.csv"
KIND_WEIGHTS = {
    "salon": 120_000,
    "ibasho": 20_000,
    "kodomo_shokudo": 10_000,
    "volunteers_wanted": 10_000,
    "study_support": 5_000,
    "consultation": 3_000,
    "work_experience": 2_000,
}
"""Rough national counts by kind (通いの場 ~140 000 in the 介護予防 survey, 子ども食堂 ~10 000 in the
むすびえ count; the others are estimates): the generator draws kinds in these proportions."""


@dataclass(frozen=True)
class Populated:
    """A municipality of the national list and its population (the weight of its share of entries)."""

    city: Municipality
    population: int


@cache
def national_municipalities() -> tuple[Populated, ...]:
    """Every municipality of devtools/bench/data/municipalities.csv, with a radius that grows with its
    population (a village's activities sit near its centre, a big ward's spread over several km)."""
    with MUNICIPALITY_LIST.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Populated(
                Municipality(
                    row["code"][:5],
                    row["prefecture"],
                    row["city"],
                    float(row["lat"]),
                    float(row["lon"]),
                    round(min(8.0, 1.5 + math.sqrt(int(row["population"])) / 150), 1),
                ),
                int(row["population"]),
            )
            for row in csv.DictReader(handle)
        )


def covered_municipalities(size: int) -> tuple[Populated, ...]:
    """The municipalities nearest つなぐ市 whose population holds `size` entries at the national density."""

    def distance(p: Populated) -> float:
        return math.hypot((p.city.lat - CENTRE_LAT) * KM_PER_DEGREE_LAT, (p.city.lon - CENTRE_LON) * KM_PER_DEGREE_LON)

    people, covered = size / ENTRIES_PER_PERSON, []
    for place in sorted(national_municipalities(), key=distance):
        covered.append(place)
        people -= place.population
        if people <= 0:
            break
    return tuple(covered)


def _weighted_variants() -> tuple[list[Variant], list[float]]:
    """Every variant with its cumulative weight: a kind's weight is shared evenly among its variants."""
    per_kind = {kind: sum(v.kind == kind for v in VARIANTS) for kind in KIND_WEIGHTS}
    weights = [KIND_WEIGHTS.get(v.kind, 0) / max(1, per_kind.get(v.kind, 1)) for v in VARIANTS]
    return list(VARIANTS), list(itertools.accumulate(weights))


def _place(rng: random.Random, city: Municipality) -> dict[str, Any]:
    """A point and its area names: つなぐ市 uses its real 地区 polygons, other cities compass sectors."""
    if city.code == MUNICIPALITY_CODE:
        district = rng.choice(build_town().districts)
        lon, lat = random_point_in(district, rng)
        spec = district.spec
        return {
            "point": point_ewkt(lon, lat),
            "district": spec.name,
            "junior_high_district": spec.junior_high,
            "elementary_district": spec.elementary,
            "town": rng.choice(spec.towns),
            "place": spec.short,
        }
    # Radius drawn as r = R·sqrt(u) spreads points evenly over the disc, like a town's activities.
    r, angle = city.radius_km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat = round(city.lat + r * math.sin(angle) / KM_PER_DEGREE_LAT, 6)
    lon = round(city.lon + r * math.cos(angle) / KM_PER_DEGREE_LON, 6)
    sector = SECTORS[int((angle + math.pi / 8) / (math.pi / 4)) % 8]
    place, ring = ("中央", 0) if r < city.radius_km * 0.35 else (sector, 1 + (r > city.radius_km * 0.7))
    # 第1中学校区 is the centre; then one zone per quarter of the compass in the inner ring, four more outside.
    number = 1 if ring == 0 else 2 + SECTORS.index(sector) // 2 + 4 * (ring - 1)
    return {
        "point": point_ewkt(lon, lat),
        "district": f"{place}地区",
        "junior_high_district": f"第{number}中学校区",
        "elementary_district": f"{place}小学校区",
        "place": place,
        "town": f"{rng.choice(TOWNS)}{rng.choice(CHOME)}丁目",
    }


class _Ids:
    """Next primary key of each table, starting after what is already there."""

    def __init__(self, conn: Connection, tables: tuple[Table, ...]):
        self.next = {t.name: (conn.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tables}

    def take(self, table: Table) -> int:
        value = self.next[table.name]
        self.next[table.name] = value + 1
        return value


def _uuid(seed: int, table: Table, row_id: int) -> str:
    # From seed and key: reproducible, and unique across repeated runs into the same database.
    return content.stable_uuid("bulk", seed, table.name, row_id)


class _Generator:
    """Produces the rows of one chunk of services at a time."""

    def __init__(self, conn: Connection, size: int, seed: int):
        self.size, self.seed = size, seed
        self.rng = random.Random(f"bulk:{seed}")
        self.now = utcnow()
        with Session(bind=conn) as session:  # joins the caller's transaction, never commits it
            self.term_ids = {code: term.id for code, term in ensure_taxonomy(session).items()}
        self.terms = term_stand_ins(conn)
        if size >= NATIONAL_FROM:
            national = covered_municipalities(size)
            self.cities: tuple[Municipality, ...] = tuple(p.city for p in national)
            self.city_weights = list(itertools.accumulate(p.population for p in national))
        else:
            self.cities, self.city_weights = MUNICIPALITIES[:1], [1]
        self.variants, self.variant_weights = _weighted_variants()
        self.ids = _Ids(conn, KEYED)
        self.org: dict[str, Any] = {}
        self.city = self.cities[0]

    def chunks(self) -> Iterator[Rows]:
        """The rows of CHUNK services at a time, by table."""
        for start in range(0, self.size, CHUNK):
            rows: Rows = {table: [] for table in WRITE_ORDER}
            for n in range(start, min(start + CHUNK, self.size)):
                if n % SERVICES_PER_ORGANIZATION == 0:
                    self.new_organization(rows)
                self.service(rows, n)
            yield rows

    def new_organization(self, rows: Rows) -> None:
        """Start a new host organisation in a randomly chosen municipality; its services follow it."""
        rng = self.rng
        self.city = self.cities[bisect.bisect_right(self.city_weights, rng.random() * self.city_weights[-1])]
        org_id = self.ids.take(ORGANIZATIONS)
        name = rng.choice(GENERATED_FORMS).format(nick=rng.choice(NICKNAMES))
        self.org = {
            "id": org_id,
            "uuid": _uuid(self.seed, ORGANIZATIONS, org_id),
            "name": f"{name}（{self.city.city}）",
            "kind": "npo" if "NPO" in name else "other",
            "status": EntryStatus.PUBLISHED,
            "do_not_list": False,
            "email": f"bulk{org_id}@example.jp",
            **self.provenance(f"org{org_id}"),
        }
        rows[ORGANIZATIONS].append(self.org)

    def provenance(self, source_id: str) -> dict[str, Any]:
        """Where a generated row says it came from: `demo-data`, so it can be told apart and removed."""
        return {
            "municipality_code": self.city.code,
            "source": "demo-data",
            "source_id": f"bulk-{self.seed}-{source_id}",
            "created_at": self.now,
            "updated_at": self.now,
        }

    def location(self, variant: Variant, loc_id: int) -> tuple[dict[str, Any], str]:
        """A location row and the short area name activities there are named after (本町, 北部…)."""
        rng, city = self.rng, self.city
        place = _place(rng, city)
        short = place.pop("place")
        venue, room = content.public_venue(rng, variant, short)
        row = {
            "id": loc_id,
            "uuid": _uuid(self.seed, LOCATIONS, loc_id),
            "organization_id": self.org["id"],
            "name": venue,
            "prefecture": city.prefecture,
            "city": city.city,
            "block": f"{rng.randint(1, 30)}-{rng.randint(1, 20)}",
            "building": room,
            "address_visibility": "public",
            "geocode_source": "demo-data",
            **place,
            **self.provenance(f"loc{loc_id}"),
        }
        return row, short

    def service(self, rows: Rows, n: int) -> None:
        """One service with its location, link, schedules, costs, languages and taxonomy terms."""
        rng = self.rng
        variant = self.variants[bisect.bisect_right(self.variant_weights, rng.random() * self.variant_weights[-1])]
        loc_id, svc_id, sal_id = self.ids.take(LOCATIONS), self.ids.take(SERVICES), self.ids.take(LINKS)
        location, short = self.location(variant, loc_id)
        costs = content.costs_for(rng, variant)
        languages = content.languages_for(rng, variant)
        codes = list(dict.fromkeys([variant.kind, *content.suitable_for(rng, variant, languages)]))
        service = {
            "id": svc_id,
            "uuid": _uuid(self.seed, SERVICES, svc_id),
            "organization_id": self.org["id"],
            "name": content.service_name(rng, variant, place=short, town=location["town"]),
            "description": content.describe(rng, variant),
            "status": rng.choices(STATUSES, STATUS_WEIGHTS)[0],
            "hsds_status": HsdsStatus.ACTIVE,
            "visibility": Visibility.PUBLIC,
            "do_not_list": False,
            "version_id": 1,
            "verified_at": content.verified_at(rng, self.now, stale=rng.random() < 0.1),
            "fees_description": content.fees_text(costs),
            **content.service_fields(rng, variant),
            **self.provenance(str(n)),
        }
        service.update(search_columns(service, self.org, location, [self.terms[self.term_ids[c]] for c in codes]))
        rows[LOCATIONS].append(location)
        rows[SERVICES].append(service)
        rows[LINKS].append(
            {"id": sal_id, "uuid": _uuid(self.seed, LINKS, sal_id), "service_id": svc_id, "location_id": loc_id}
        )
        for schedule in content.schedules_for(rng, variant):
            rows[SCHEDULES].append({"id": self.ids.take(SCHEDULES), "service_id": svc_id, **schedule})
        for cost in costs:
            rows[COSTS].append({"id": self.ids.take(COSTS), "service_id": svc_id, **cost})
        rows[LANGUAGES] += [{"service_id": svc_id, "language": lang, "note": None} for lang in languages]
        rows[service_taxonomy_terms] += [{"service_id": svc_id, "term_id": self.term_ids[c]} for c in codes]


def generate_bulk(conn: Connection, *, size: int, seed: int) -> int:
    """Add `size` synthetic services with organisations, locations, schedules, costs, languages and kinds.

    Same seed, same rows (names, points, schedules…); runs inside the caller's transaction and prints
    nothing. Returns the number of services created.
    """
    generator = _Generator(conn, size, seed)
    postgresql = conn.dialect.name == "postgresql"
    for rows in generator.chunks():
        for table in WRITE_ORDER:
            if not rows[table]:
                continue
            if postgresql:
                copy_rows_postgresql(conn, table, rows[table])
            else:
                # SpatiaLite: plain executemany through GeoAlchemy2's EWKT bind; its triggers keep the R*Tree.
                conn.execute(insert(table), rows[table])
    if postgresql:
        # Keys were chosen here, so the sequences must be moved past them for later ORM inserts.
        for table in KEYED:
            latest = select(func.max(table.c.id)).scalar_subquery()
            conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), latest)))
    bump_catalog_version(conn)  # Core inserts: no ORM flush tells the map cache (tsunagu.catalog_cache)
    return size
