"""`tsunagu demo-data`: synthetic services that are complete, reproducible and usable by the app."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from devtools.demo import MUNICIPALITY_CODE
from devtools.demo.bulk import generate_bulk
from directory.models import (
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    service_taxonomy_terms,
)

SIZE = 200


def _max_service_id(conn: Connection) -> int:
    return conn.scalar(select(func.coalesce(func.max(Service.id), 0)))


def _digest(conn: Connection, after_id: int) -> str:
    """A fingerprint of the generated content (not of keys or timestamps)."""
    services = conn.execute(
        select(
            Service.name,
            Service.description,
            Service.status,
            Service.threshold,
            Service.minimum_age,
            Service.openings,
            Location.district,
            Location.town,
            func.ST_AsText(Location.point),
        )
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Service.id > after_id)
        .order_by(Service.id)
    ).all()
    schedules = conn.execute(
        select(
            Schedule.freq,
            Schedule.interval,
            Schedule.byday,
            Schedule.bymonthday,
            Schedule.opens_at,
            Schedule.closes_at,
            Schedule.description,
        )
        .where(Schedule.service_id > after_id)
        .order_by(Schedule.id)
    ).all()
    return hashlib.sha256(repr((services, schedules)).encode()).hexdigest()


def _generate(conn: Connection, seed: int) -> str:
    """Generate inside a savepoint, fingerprint, roll back: a run in its own throwaway transaction."""
    savepoint = conn.begin_nested()
    start = _max_service_id(conn)
    assert generate_bulk(conn, size=SIZE, seed=seed) == SIZE
    digest = _digest(conn, start)
    savepoint.rollback()
    return digest


def test_same_seed_same_data_other_seed_other_data(db_session):
    conn = db_session.connection()
    first, again, other = _generate(conn, 7), _generate(conn, 7), _generate(conn, 8)
    assert first == again
    assert other != first


def test_every_generated_service_is_complete_and_findable(db_session, dialect):
    conn = db_session.connection()
    start = _max_service_id(conn)
    organisations_before = conn.scalar(select(func.count(Organization.id)))
    assert generate_bulk(conn, size=SIZE, seed=3) == SIZE
    new = Service.id > start
    assert conn.scalar(select(func.count(Service.id)).where(new)) == SIZE
    assert conn.scalar(select(func.count(Organization.id))) - organisations_before == SIZE // 5
    for child in (ServiceAtLocation, Schedule, CostOption):
        assert conn.scalar(select(func.count(func.distinct(child.service_id))).where(child.service_id > start)) == SIZE
    kinds = conn.scalar(
        select(func.count(func.distinct(service_taxonomy_terms.c.service_id))).where(
            service_taxonomy_terms.c.service_id > start
        )
    )
    assert kinds == SIZE
    japanese = conn.scalar(
        select(func.count()).where(ServiceLanguage.service_id > start, ServiceLanguage.language == "ja")
    )
    assert japanese == SIZE
    assert conn.scalar(select(func.count(Service.id)).where(new, Service.search_text.is_(None))) == 0
    located = (
        select(func.count(Location.id))
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Location.id)
        .where(ServiceAtLocation.service_id > start, Location.point.is_not(None))
    )
    assert conn.scalar(located) == SIZE
    # small sizes stay in the demo town, so searches around it find them
    codes = conn.scalars(select(func.distinct(Service.municipality_code)).where(new)).all()
    assert codes == [MUNICIPALITY_CODE]
    if dialect == "sqlite":
        points = conn.scalar(select(func.count(Location.id)).where(Location.point.is_not(None)))
        assert conn.scalar(text("SELECT count(*) FROM idx_locations_point")) == points


def test_entries_added_after_generation_get_fresh_keys(db_session):
    generate_bulk(db_session.connection(), size=20, seed=1)
    organization = Organization(name="あとから登録した団体")
    db_session.add(organization)
    db_session.flush()  # on PostgreSQL the sequence was moved past the generated keys
    assert organization.id == db_session.scalar(select(func.max(Organization.id)))
