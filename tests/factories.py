"""Factories for test data: one place that knows how to make a valid row of each kind."""

from __future__ import annotations

import itertools
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.indexing import refresh_search_text
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
from matching.models import Consent, ConsentTier, Person
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
