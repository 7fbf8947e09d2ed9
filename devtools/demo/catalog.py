"""The demo town's catalog: about 60 host organisations and 160 activities of every kind, with locations.

Which organisation runs what is fixed by `runs` (a temple runs the temple 子ども食堂, a farm the 畑 work
experience), so names, descriptions and hosts agree; everything else is drawn from a seeded generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sqlalchemy.orm import Session

from devtools.demo import content
from devtools.demo.kinds import BY_KEY, BY_KIND, Variant
from devtools.demo.organizations import OrgSpec, demo_organizations
from devtools.demo.town import CITY, MUNICIPALITY_CODE, PREFECTURE, District, Town, point_ewkt, random_point_in
from devtools.demo.translations import LOCALES, TEMPLATES, Template, place_name
from directory.models import (
    AddressVisibility,
    AgeBand,
    CostOption,
    Eligibility,
    EligibilityKind,
    EntryStatus,
    Frequency,
    HsdsStatus,
    LadderStage,
    Location,
    LocationAccessibility,
    Organization,
    OrganizationKind,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceTranslation,
    Space,
    StepLevel,
    TaxonomyTerm,
    Threshold,
    Visibility,
)

SOURCE = "つなぐ市デモデータ"
SERVICES_PER_KIND = 23


@dataclass(frozen=True)
class CustomMenu:
    """オーダーメイドの個別メニュー: an activity built with a host for one person, seen by coordinators only."""

    person: str
    name: str
    kind: str
    variant: str
    host: str
    description: str
    schedule: tuple[dict[str, Any], time, time]
    """The rule agreed with the host, its opening and closing time (see content.schedule_row)."""


CUSTOM_MENUS = (
    CustomMenu(
        "Aさん",
        "Aさんのための 農園作業（個別）",
        "work_experience",
        "farm",
        "佐々木農園",
        "Aさんの「土にさわる仕事がしたい」という希望から、佐々木農園さんと一緒につくったメニューです。"
        "毎週火曜の午前中、収穫と袋詰めを2時間行います。",
        ({"freq": Frequency.WEEKLY, "byday": "TU", "text": "毎週火曜日"}, time(9), time(11)),
    ),
    CustomMenu(
        "Bさん",
        "Bさんのための パン工房 仕込み体験（個別）",
        "work_experience",
        "cafe_work",
        "パン工房 むぎのいえ",
        "開店前の静かな時間に、生地の計量や型入れを体験します。Bさんのペースに合わせて、最初は30分から始めます。",
        ({"freq": Frequency.WEEKLY, "byday": "MO", "text": "毎週月曜日"}, time(7), time(7, 30)),
    ),
    CustomMenu(
        "Cさん",
        "Cさんのための 教会図書室の整理（個別）",
        "work_experience",
        "light_work",
        "つなぐ聖愛教会",
        "教会の図書室で本の整理と貸出カードの準備をします。人の出入りが少ない平日の午後に、一人で作業できます。",
        ({"freq": Frequency.WEEKLY, "byday": "WE", "text": "毎週水曜日"}, time(13), time(15)),
    ),
    CustomMenu(
        "Dさん",
        "Dさんのための 将棋の対局相手（個別）",
        "volunteers_wanted",
        "shogi",
        "つなぐ市老人クラブ連合会",
        "将棋が得意なDさんが、サロン参加者の対局相手をつとめる役割です。月2回、ボランティアとして活動します。",
        ({"freq": Frequency.MONTHLY, "byday": "2WE,4WE", "text": "毎月第2・4水曜日"}, time(13), time(16)),
    ),
)


@dataclass
class Catalog:
    """What the rest of the demo needs to refer to: organisations and services by how they are known."""

    organizations: dict[str, Organization] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)
    custom_menus: dict[str, Service] = field(default_factory=dict)
    """Custom menu by the code name of the person it was built for."""
    locations: int = 0

    def by_kind(self, kind: str, *, public_only: bool = True) -> list[Service]:
        """Services of a kind, by default only the ones a resident could find."""
        return [
            s
            for s in self.services
            if any(t.code == kind for t in s.terms)
            and (not public_only or (s.status == EntryStatus.PUBLISHED and s.visibility == Visibility.PUBLIC))
        ]


def _organization(spec: OrgSpec, index: int) -> Organization:
    slug = f"org{index:03d}"
    return Organization(
        uuid=content.stable_uuid("demo", slug),
        name=spec.name,
        name_kana=spec.kana,
        kind=spec.kind,
        description=spec.description,
        corporate_number=spec.corporate_number,
        email=None if spec.kind == OrganizationKind.INDIVIDUAL else f"{slug}@example.jp",
        phone=spec.phone,
        website=f"https://example.jp/{slug}/" if spec.website else None,
        status=EntryStatus.PUBLISHED,
        source=SOURCE,
        source_id=slug,
        municipality_code=MUNICIPALITY_CODE,
    )


def _location(
    rng: random.Random, spec: OrgSpec, org: Organization, district: District, variant: Variant, source_id: str
) -> Location:
    """Where the activity takes place: the host's own premises, a public venue, or a private home."""
    lon, lat = random_point_in(district, rng)
    town = rng.choice(district.spec.towns)
    private = spec.kind == OrganizationKind.INDIVIDUAL
    name: str | None
    if private:
        name, building = None, f"{spec.name.split()[0]}様方"
    elif spec.kind in (OrganizationKind.RELIGIOUS, OrganizationKind.COMPANY):
        name, building = spec.name, None
    else:
        name, building = content.public_venue(rng, variant, district.spec.short)
    location = Location(
        uuid=content.stable_uuid("demo", source_id, "location"),
        organization=org,
        name=name,
        postal_code=f"299-{7100 + 10 * (district.spec.column + 4 * district.spec.row) + rng.randint(0, 9)}",
        prefecture=PREFECTURE,
        city=CITY,
        town=town,
        block=f"{rng.randint(1, 28)}-{rng.randint(1, 20)}" + (f"-{rng.randint(1, 12)}" if rng.random() < 0.5 else ""),
        building=building,
        district=district.spec.name,
        junior_high_district=district.spec.junior_high,
        elementary_district=district.spec.elementary,
        point=point_ewkt(lon, lat),
        geocode_source="demo",
        address_visibility=AddressVisibility.AREA if private else AddressVisibility.PUBLIC,
        access_notes=None
        if private
        else rng.choice(
            ("つなぐ駅から徒歩8分", "市内循環バス「市役所前」下車すぐ", "駐車場は3台まで", "正面玄関の左手が入口です")
        ),
        municipality_code=MUNICIPALITY_CODE,
        source=SOURCE,
    )
    location.accessibility = [
        LocationAccessibility(feature=f) for f in content.accessibility_for(rng, public_venue=not private)
    ]
    return location


class _Builder:
    """Creates services one by one, keeping names unique and the random draws in a fixed order."""

    def __init__(self, session: Session, rng: random.Random, town: Town, terms: dict[str, TaxonomyTerm], now: datetime):
        self.session, self.rng, self.town, self.terms, self.now = session, rng, town, terms, now
        self.catalog = Catalog()
        self.names: set[str] = set()

    def district_for(self, spec: OrgSpec) -> District:
        """The 地区 of the host's next activity."""
        # Neighbourhood groups and homes stay in their 地区; town-wide bodies run activities everywhere.
        if spec.district and (spec.local or self.rng.random() < 0.6):
            return next(d for d in self.town.districts if d.spec.short == spec.district)
        return self.rng.choice(self.town.districts)

    def unique_name(self, variant: Variant, district: District) -> str:
        # Two entries with one name confuse residents and the upsert key of re-imports alike.
        for _ in range(20):
            town = self.rng.choice(district.spec.towns)
            name = content.service_name(self.rng, variant, place=district.spec.short, town=town)
            if name not in self.names:
                return name
        return f"{name}（{district.spec.short}）"

    def add(
        self,
        spec: OrgSpec,
        variant: Variant,
        *,
        kind: str | None = None,
        name: str | None = None,
        description: str | None = None,
        template: Template | None = None,
    ) -> Service:
        """One service of `variant` run by `spec`, with its location, schedules, costs and languages.

        With a `template`, name and description come from it and its translations are attached.
        """
        rng, org = self.rng, self.catalog.organizations[spec.name]
        source_id = f"svc{len(self.catalog.services) + 1:03d}"
        district = self.district_for(spec)
        if template is not None:
            name = template.name["ja"].format(place=district.spec.short)
            description = template.description["ja"]
        name = name or self.unique_name(variant, district)
        self.names.add(name)
        fields = content.service_fields(rng, variant)
        costs = content.costs_for(rng, variant)
        languages = content.languages_for(rng, variant)
        suitable = content.suitable_for(rng, variant, languages)
        service = Service(
            organization=org,
            name=name,
            description=description or content.describe(rng, variant),
            status=EntryStatus.PUBLISHED,
            visibility=Visibility.PUBLIC,
            hsds_status=HsdsStatus.ACTIVE,
            do_not_list=False,
            verified_at=content.verified_at(rng, self.now, stale=False),
            fees_description=content.fees_text(costs),
            terms=[self.terms[kind or variant.kind], *(self.terms[code] for code in suitable)],
            costs=[CostOption(**cost) for cost in costs],
            languages=[ServiceLanguage(language=lang) for lang in languages],
            schedules=[Schedule(**row) for row in content.schedules_for(rng, variant)],
            at_locations=[
                ServiceAtLocation(
                    uuid=content.stable_uuid("demo", source_id, "at"),
                    location=_location(rng, spec, org, district, variant, source_id),
                )
            ],
            uuid=content.stable_uuid("demo", source_id),
            source=SOURCE,
            source_id=source_id,
            municipality_code=MUNICIPALITY_CODE,
            **fields,
        )
        if rng.random() < 0.4:
            service.phone = spec.phone
            service.email = org.email
        if variant.eligibility is not None:
            service.eligibilities.append(Eligibility(kind=variant.eligibility))
        elif variant.kind == "salon" and rng.random() < 0.3:
            service.eligibilities.append(Eligibility(kind=EligibilityKind.RESIDENTS_ONLY, description="市内在住の方"))
        if template is not None:
            self.translate(service, template, district)
        self.session.add(service)
        self.catalog.services.append(service)
        self.catalog.locations += 1
        return service

    def translate(self, service: Service, template: Template, district: District) -> None:
        """Hand-written translations of name and description; every other locale reviewed, to show both."""
        for n, locale in enumerate(LOCALES):
            reviewed = (len(self.catalog.services) + n) % 2 == 0
            for field_name, texts in (("name", template.name), ("description", template.description)):
                value = texts[locale].format(place=place_name(locale, district.spec))
                service.translations.append(
                    ServiceTranslation(
                        locale=locale, field=field_name, value=value, is_machine=False, reviewed=reviewed
                    )
                )


def _runner(specs: list[OrgSpec], variant: str, turn: int) -> OrgSpec:
    """Take turns among the organisations able to run `variant`, so translated entries spread over hosts."""
    hosts = [s for s in specs if variant in s.runs and s.kind != OrganizationKind.INDIVIDUAL]
    return hosts[turn % len(hosts)]


def _mark_exceptions(rng: random.Random, services: list[Service], now: datetime) -> None:
    """A realistic share of entries that are not simply "published and fresh"."""
    pool = rng.sample(services, 38)
    for service in pool[:18]:
        service.verified_at = content.verified_at(rng, now, stale=True)
    for service, status in zip(
        pool[18:26], [EntryStatus.DRAFT] * 3 + [EntryStatus.PENDING] * 3 + [EntryStatus.ARCHIVED] * 2, strict=True
    ):
        service.status = status
    for service in pool[26:29]:
        service.do_not_list = True  # the group asked not to be listed publicly
    pool[29].hsds_status = HsdsStatus.TEMPORARILY_CLOSED
    pool[29].atmosphere_notes = "会場の改修工事のため、しばらくお休みしています。"
    for service in pool[30:38]:
        if service.capacity is None:
            service.capacity = rng.choice((8, 10, 12))
        service.openings = 0


def load_catalog(
    session: Session, rng: random.Random, town: Town, terms: dict[str, TaxonomyTerm], now: datetime
) -> Catalog:
    """Add the organisations and services of the town (flushes nothing itself)."""
    builder = _Builder(session, rng, town, terms, now)
    specs = demo_organizations(rng)
    for index, spec in enumerate(specs, start=1):
        builder.catalog.organizations[spec.name] = _organization(spec, index)
        session.add(builder.catalog.organizations[spec.name])
    by_name = {s.name: s for s in specs}

    for menu in CUSTOM_MENUS:
        service = builder.add(
            by_name[menu.host], BY_KEY[menu.variant], kind=menu.kind, name=menu.name, description=menu.description
        )
        service.visibility = Visibility.COORDINATORS
        service.threshold, service.space = Threshold.REFERRAL, Space.PROTECTED
        service.capacity, service.openings = 1, 0  # built for one person, who already holds the place
        service.schedules = [Schedule(**content.schedule_row(*menu.schedule))]
        service.costs = [CostOption(age_band=AgeBand.ADULT, is_free=True)]
        service.fees_description = "無料"
        if menu.kind == "volunteers_wanted":
            service.ladder_stage, service.step_level = LadderStage.VOLUNTEER, StepLevel.ROLE
        builder.catalog.custom_menus[menu.person] = service
    for turn, template in enumerate(TEMPLATES):
        builder.add(_runner(specs, template.variant, turn), BY_KEY[template.variant], template=template)
    for spec in (s for s in specs if s.kind == OrganizationKind.INDIVIDUAL):
        builder.add(spec, BY_KEY[spec.runs[0]])
    _fill_quotas(builder, specs)
    # Translated entries stay published and fresh: they are what a visitor in another language is shown.
    ordinary = [s for s in builder.catalog.services if s.visibility == Visibility.PUBLIC and not s.translations]
    _mark_exceptions(rng, ordinary, now)
    return builder.catalog


def _fill_quotas(builder: _Builder, specs: list[OrgSpec]) -> None:
    """Top every kind up to SERVICES_PER_KIND, spreading the work over the organisations able to host it."""
    counts: dict[str, int] = {}
    for service in builder.catalog.services:
        kind = next(t.code for t in service.terms if t.code in BY_KIND)
        counts[kind] = counts.get(kind, 0) + 1
    for kind, variants in BY_KIND.items():
        pairs: list[tuple[OrgSpec, Variant]] = [
            (spec, v)
            for v in variants
            for spec in specs
            if v.key in spec.runs and spec.kind != OrganizationKind.INDIVIDUAL
        ]
        builder.rng.shuffle(pairs)
        for turn in range(SERVICES_PER_KIND - counts.get(kind, 0)):
            spec, variant = pairs[turn % len(pairs)]
            builder.add(spec, variant)


def describe_counts(catalog: Catalog) -> dict[str, int]:
    """Counts for the one-line summary of `load_demo`."""
    return {
        "organisations": len(catalog.organizations),
        "services": len(catalog.services),
        "locations": catalog.locations,
    }
