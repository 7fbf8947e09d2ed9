"""The data model behaves the same on SpatiaLite and PostGIS: constraints, enums, time zones, locking."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from geoalchemy2.shape import to_shape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from directory.models import (
    AccessibilityFeature,
    AgeBand,
    CostOption,
    EntryStatus,
    Frequency,
    LocationAccessibility,
    Schedule,
    Service,
    ServiceLanguage,
    ServiceTranslation,
)
from matching.models import FollowUp, FollowUpMilestone, Placement, PlacementEvent, PlacementStatus
from tests.factories import make_agency, make_person, make_service, weekly
from tsunagu.db import utcnow


def test_service_round_trip_with_its_parts(db_session):
    service = make_service(db_session, name="みんなの食堂 ひだまり", kinds=("kodomo_shokudo",), schedule=weekly())
    service.costs = [
        CostOption(age_band=AgeBand.ELEMENTARY, is_free=True),
        CostOption(age_band=AgeBand.ADULT, amount_yen=300),
    ]
    service.languages = [ServiceLanguage(language="ja"), ServiceLanguage(language="pt-BR")]
    service.translations = [ServiceTranslation(locale="pt-BR", field="name", value="Refeitório Hidamari")]
    service.at_locations[0].location.accessibility = [LocationAccessibility(feature=AccessibilityFeature.WHEELCHAIR)]
    db_session.flush()
    db_session.expire_all()

    loaded = db_session.get(Service, service.id)
    assert loaded.name == "みんなの食堂 ひだまり"
    assert [t.code for t in loaded.terms] == ["kodomo_shokudo"]
    assert loaded.terms[0].label("pt-BR").startswith("Refeitório")
    assert {c.age_band for c in loaded.costs} == {AgeBand.ELEMENTARY, AgeBand.ADULT}
    assert {lang.language for lang in loaded.languages} == {"ja", "pt-BR"}
    assert loaded.schedules[0].opens_at == time(15)
    location = loaded.at_locations[0].location
    point = to_shape(location.point)
    assert (round(point.x, 4), round(point.y, 4)) == (139.97, 35.86)
    assert location.accessibility[0].feature == AccessibilityFeature.WHEELCHAIR


def test_timestamps_come_back_timezone_aware(db_session):
    service = make_service(db_session, verified_at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    db_session.expire_all()
    loaded = db_session.get(Service, service.id)
    assert loaded.verified_at == datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    assert loaded.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(db_session):
    service = make_service(db_session)
    service.verified_at = datetime(2026, 4, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError, match="naive datetime"):
        db_session.flush()


def test_unknown_enum_value_is_refused(db_session):
    service = make_service(db_session)
    service.status = "shown"
    with pytest.raises(StatementError):
        db_session.flush()


@pytest.mark.parametrize(
    "change",
    [
        {"minimum_age": -1},
        {"minimum_age": 20, "maximum_age": 10},
        {"capacity": -5},
    ],
)
def test_check_constraints_hold_on_both_databases(db_session, change):
    service = make_service(db_session)
    with db_session.begin_nested():
        for key, value in change.items():
            setattr(service, key, value)
        with pytest.raises(IntegrityError):
            db_session.flush()


def test_schedule_must_close_after_it_opens(db_session):
    service = make_service(db_session)
    with db_session.begin_nested():
        db_session.add(
            Schedule(service=service, freq=Frequency.WEEKLY, byday="MO", opens_at=time(19), closes_at=time(15))
        )
        with pytest.raises(IntegrityError):
            db_session.flush()


def test_one_cost_per_age_band(db_session):
    service = make_service(db_session)
    with db_session.begin_nested():
        service.costs = [CostOption(age_band=AgeBand.ADULT, amount_yen=100), CostOption(age_band=AgeBand.ADULT)]
        with pytest.raises(IntegrityError):
            db_session.flush()


def test_concurrent_edit_of_a_service_is_detected(db_session):
    """Optimistic locking: a stale version never silently overwrites a newer one."""
    service = make_service(db_session)
    db_session.execute(Service.__table__.update().where(Service.id == service.id).values(version_id=99))
    service.name = "上書き"
    with pytest.raises(StaleDataError):
        db_session.flush()


def test_placement_history_and_follow_ups(db_session):
    agency = make_agency(db_session)
    person = make_person(db_session, agency)
    service = make_service(db_session)
    started = utcnow().date()
    placement = Placement(person=person, service=service, status=PlacementStatus.STARTED, started_on=started)
    placement.events = [
        PlacementEvent(from_status=None, to_status=PlacementStatus.PROPOSED),
        PlacementEvent(from_status=PlacementStatus.PROPOSED, to_status=PlacementStatus.STARTED),
    ]
    placement.follow_ups = [
        FollowUp(milestone=FollowUpMilestone.WEEK_1, due_on=started + timedelta(days=7)),
        FollowUp(milestone=FollowUpMilestone.MONTH_1, due_on=started + timedelta(days=30)),
    ]
    db_session.add(placement)
    db_session.flush()
    db_session.expire_all()
    loaded = db_session.get(Placement, placement.id)
    assert [e.to_status for e in loaded.events] == [PlacementStatus.PROPOSED, PlacementStatus.STARTED]
    assert [f.milestone for f in loaded.follow_ups] == [FollowUpMilestone.WEEK_1, FollowUpMilestone.MONTH_1]
    assert loaded.person.placements == [loaded]


def test_draft_services_are_stored_but_not_counted_as_published(db_session):
    make_service(db_session, status=EntryStatus.DRAFT, name="下書きの活動")
    published = db_session.scalars(select(Service.name).where(Service.status == EntryStatus.PUBLISHED)).all()
    assert "下書きの活動" not in published


def test_hsds_identifiers_are_uuids_and_builtin_terms_are_stable(db_session):
    import uuid

    from directory.catalog.taxonomy import builtin_uuid
    from tests.factories import term

    service = make_service(db_session)
    assert uuid.UUID(service.uuid).version == 4
    assert uuid.UUID(service.organization.uuid) != uuid.UUID(service.uuid)
    assert term(db_session, "kodomo_shokudo").uuid == builtin_uuid("kind", "kodomo_shokudo")


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_starts_from_a_clean_database(db_session, attempt):
    """Rows written by one test are rolled back before the next (run twice to prove it)."""
    assert db_session.scalar(select(Service.id).where(Service.name == "isolation-probe")) is None
    make_service(db_session, name="isolation-probe")
