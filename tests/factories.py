"""Factories for test data: one place that knows how to make a valid row of each kind."""

from __future__ import annotations

import itertools
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.catalog.indexing import refresh_search_text
from directory.models import (
    AddressVisibility,
    CostOption,
    EntryStatus,
    Frequency,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from matching.models import Consent, ConsentTier, Household, Person
from tsunagu.auth.services import create_user
from tsunagu.models import Agency, Role, User

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"  # noqa: S105 - test accounts only


def make_agency(session: Session, **kw: Any) -> Agency:
    agency = Agency(name=kw.pop("name", f"テスト機関{next(_seq)}"), **kw)
    session.add(agency)
    session.flush()
    return agency


def make_user(session: Session, role: Role, agency: Agency | None = None, **kw: Any) -> User:
    n = next(_seq)
    return create_user(
        session,
        email=kw.pop("email", f"user{n}@example.test"),
        password=kw.pop("password", PASSWORD),
        display_name=kw.pop("display_name", f"利用者{n}"),
        role=role,
        agency=agency,
        **kw,
    )


def make_organization(session: Session, **kw: Any) -> Organization:
    org = Organization(name=kw.pop("name", f"つなぐ会{next(_seq)}"), **kw)
    session.add(org)
    session.flush()
    return org


def term(session: Session, code: str) -> TaxonomyTerm:
    found = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == code))
    assert found is not None, f"taxonomy term {code} missing"
    return found


def make_service(
    session: Session,
    *,
    name: str | None = None,
    organization: Organization | None = None,
    status: EntryStatus = EntryStatus.PUBLISHED,
    lat: float | None = 35.86,
    lon: float | None = 139.97,
    kinds: tuple[str, ...] = ("ibasho",),
    private_home: bool = False,
    schedule: dict[str, Any] | None = None,
    free: bool | None = None,
    **kw: Any,
) -> Service:
    """A service with an organisation, one location (point unless lat is None) and optionally a schedule."""
    org = organization or make_organization(session)
    terms = [term(session, code) for code in kinds]
    service = Service(name=name or f"テスト活動{next(_seq)}", organization=org, status=status, terms=terms, **kw)
    session.add(service)
    location = Location(
        organization=org,
        prefecture="千葉県",
        city="つなぐ市",
        town="本町二丁目",
        block="3-5",
        building="山田様方" if private_home else "公民館2階",
        district="本町地区",
        address_visibility=AddressVisibility.AREA if private_home else AddressVisibility.PUBLIC,
        point=f"SRID=4326;POINT({lon} {lat})" if lat is not None and lon is not None else None,
    )
    service.at_locations = [ServiceAtLocation(location=location)]
    if schedule is not None:
        service.schedules = [Schedule(**schedule)]
    if free is not None:
        service.costs = [CostOption(age_band="adult", is_free=free, amount_yen=None if free else 300)]
    session.add(service)
    session.flush()
    refresh_search_text(session, [service.id])
    return service


def weekly(byday: str = "WE", opens: time = time(15), closes: time = time(19)) -> dict[str, Any]:
    return {"freq": Frequency.WEEKLY, "byday": byday, "opens_at": opens, "closes_at": closes}


def make_person(
    session: Session,
    agency: Agency,
    *,
    tier: ConsentTier | None = None,
    members: list[User] | None = None,
    agencies: list[Agency] | None = None,
    **kw: Any,
) -> Person:
    person = Person(code_name=kw.pop("code_name", f"Aさん{next(_seq)}"), agency_id=agency.id, **kw)
    session.add(person)
    session.flush()
    if tier is not None:
        consent = Consent(person=person, tier=tier, members=members or [], agencies=agencies or [])
        session.add(consent)
        session.flush()
    return person


def make_household(session: Session, agency: Agency, **kw: Any) -> Any:
    """A household of the agency in テスト地区 (members are added by the test)."""
    kw.setdefault("code", f"世帯{next(_seq)}")
    household = Household(agency_id=agency.id, home_district="テスト地区", languages=[], available=[], **kw)
    session.add(household)
    session.flush()
    return household


def make_volunteer(session: Session, **kw: Any) -> Any:
    """An active volunteer near the factory services' point, free on Wednesday afternoons."""
    from directory.models import Volunteer, VolunteerStatus

    values: dict[str, Any] = {
        "code_name": f"ひまわり{next(_seq)}",
        "status": VolunteerStatus.ACTIVE,
        "home_point": "SRID=4326;POINT(139.972 35.861)",
        "max_distance_km": 3.0,
        "availability": [{"day": "wed", "start": "14:00", "end": "18:00"}],
        "skills": ["料理"],
        "languages": ["ja"],
        **kw,
    }
    volunteer = Volunteer(**values)
    session.add(volunteer)
    session.flush()
    return volunteer


def make_placement(session: Session, person: Person, service: Service | None = None, **kw: Any) -> Any:
    """A placement of `person` (status proposed unless given) with its first event row, as a proposal makes."""
    from matching.models import Placement, PlacementEvent, PlacementStatus

    status = kw.pop("status", PlacementStatus.PROPOSED)
    placement = Placement(person_id=person.id, service_id=(service or make_service(session)).id, status=status, **kw)
    first = PlacementEvent(actor_id=kw.get("coordinator_id"), to_status=PlacementStatus.PROPOSED)
    first.at = kw.get("proposed_at") or first.at
    placement.events.append(first)
    session.add(placement)
    session.flush()
    return placement


def make_prospect(session: Session, agency: Agency | None = None, **kw: Any) -> Any:
    """A 受け入れ候補 near the factory services' point, free on Wednesday mornings."""
    from matching.models import HostProspect

    values: dict[str, Any] = {
        "name": f"候補の店{next(_seq)}",
        "kind": "商店",
        "agency_id": (agency or make_agency(session)).id,
        "offer": "品出しと店先の掃除",
        "days": [{"day": "wed", "start": "10:00", "end": "12:00"}],
        "district": "本町地区",
        "point": "SRID=4326;POINT(139.971 35.861)",
        **kw,
    }
    prospect = HostProspect(**values)
    session.add(prospect)
    session.flush()
    return prospect


def make_custom_menu(session: Session, prospect: Any, person: Person | None = None, **kw: Any) -> Any:
    """A 個別メニュー: a coordinators-only published service at the prospect's pin, and the arrangement."""
    from directory.models import Visibility
    from matching.models import CustomMenu

    organization = make_organization(session, name=prospect.name, status=EntryStatus.DRAFT)
    prospect.organization_id = organization.id
    service = make_service(
        session,
        name=kw.pop("name", f"個別メニュー{next(_seq)}"),
        organization=organization,
        visibility=Visibility.COORDINATORS,
        lat=35.861,
        lon=139.971,
        schedule=kw.pop("schedule", weekly("WE", time(10), time(12))),
    )
    menu = CustomMenu(
        service_id=service.id,
        prospect_id=prospect.id,
        person_id=person.id if person else None,
        agency_id=person.agency_id if person else prospect.agency_id,
        **kw,
    )
    session.add(menu)
    session.flush()
    return menu


def make_development_case(session: Session, agency: Agency, **kw: Any) -> Any:
    """A 社会資源の開発 case (open) of `agency`."""
    from matching.models import DevelopmentCase

    case = DevelopmentCase(title=kw.pop("title", f"取り組み{next(_seq)}"), agency_id=agency.id, **kw)
    session.add(case)
    session.flush()
    return case


def make_users(session: Session, specs: dict[str, tuple[Role, Agency | None]]) -> dict[str, User]:
    """Several accounts sharing one argon2 hash of PASSWORD (hashing is slow by design; matrices need many)."""
    first = make_user(session, Role.ADMIN)
    users = {}
    for name, (role, agency) in specs.items():
        n = next(_seq)
        users[name] = User(
            email=f"user{n}@example.test",
            display_name=f"利用者{n}",
            role=role,
            agency_id=agency.id if agency else None,
            password_hash=first.password_hash,
        )
        session.add(users[name])
    session.flush()
    return users
