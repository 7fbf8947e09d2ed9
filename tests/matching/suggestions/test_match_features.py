"""The fast match path's feature rows follow every kind of catalog write, inside the writing transaction.

After each write the rows are compared with a rebuild from scratch (what migration 0027 backfills), and the
answer-only match (the path that narrows on them) finds or no longer finds the entry.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import time

from sqlalchemy import delete, select, update

from directory.contributions.services import approve, submit_for_review
from directory.imports.run import run_import
from directory.models import (
    EntryStatus,
    Frequency,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
)
from matching.engine import parse_profile
from matching.models.match_features import match_features
from matching.suggestions.features import refresh_features
from matching.suggestions.queries import run_match
from tests.factories import make_organization, make_service, make_user, term, weekly
from tests.matching.conftest import HOME, KM_LAT, profile_json
from tsunagu.models import Role

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def _rows(session) -> list[tuple]:
    return [tuple(row) for row in session.execute(select(match_features).order_by(*match_features.primary_key))]


def _suggested(session, **profile) -> list[int]:
    """The answer-only match's suggestions: the path that narrows on the feature rows."""
    return [s.service_id for s in run_match(session, parse_profile(profile_json(**profile)), today=TODAY).suggestions]


def _in_step(session) -> None:
    """The rows as they are equal the rows rebuilt from the catalog (the migration's backfill)."""
    session.flush()
    kept = _rows(session)
    refresh_features(session.connection(), None)
    assert _rows(session) == kept


def test_a_new_entry_has_one_row_per_place_with_its_weekday_hours(db_session):
    entry = make_service(db_session, schedule=weekly("WE", time(15), time(19)), free=True, minimum_age=18, **HOME)
    rows = db_session.execute(select(match_features).where(match_features.c.service_id == entry.id)).mappings().all()
    assert len(rows) == 1
    row = rows[0]
    assert (row["opens_we"], row["closes_we"], row["opens_tu"]) == (time(15), time(19), None)
    assert (row["status"], row["minimum_age"], row["terms"]) == ("published", 18, " ibasho ")
    assert _suggested(db_session) == [entry.id]
    _in_step(db_session)


def test_edits_of_schedule_languages_kinds_and_place_are_followed(db_session):
    entry = make_service(db_session, schedule=weekly("WE"), free=True, **HOME)
    assert _suggested(db_session) == [entry.id]

    entry.schedules[0].byday = "TH"  # moved to Thursday: no longer on the person's Wednesday
    db_session.flush()
    assert _suggested(db_session) == []
    _in_step(db_session)

    entry.schedules.append(Schedule(freq=Frequency.WEEKLY, byday="WE", opens_at=time(16), closes_at=time(17)))
    db_session.flush()
    assert _suggested(db_session) == [entry.id]
    assert _suggested(db_session, languages=["pt"]) == []
    entry.languages.append(ServiceLanguage(language="pt-BR"))
    db_session.flush()
    assert _suggested(db_session, languages=["pt"]) == [entry.id]
    _in_step(db_session)

    assert _suggested(db_session, kinds=["kodomo_shokudo"]) == []
    entry.terms.append(term(db_session, "kodomo_shokudo"))
    db_session.flush()
    assert _suggested(db_session, kinds=["kodomo_shokudo"]) == [entry.id]

    entry.at_locations[0].location.point = f"SRID=4326;POINT({HOME['lon']} {HOME['lat'] + 10 * KM_LAT})"
    db_session.flush()
    assert _suggested(db_session) == []  # 10 km away now
    _in_step(db_session)


def test_a_second_place_an_unlinked_place_and_a_deleted_entry_leave_no_stale_row(db_session):
    entry = make_service(db_session, schedule=weekly("WE"), free=True, lat=HOME["lat"] + 10 * KM_LAT, lon=HOME["lon"])
    assert _suggested(db_session) == []
    near = Location(organization=entry.organization, point=f"SRID=4326;POINT({HOME['lon']} {HOME['lat']})")
    entry.at_locations.append(ServiceAtLocation(location=near))
    db_session.flush()
    assert _suggested(db_session) == [entry.id]
    _in_step(db_session)

    entry.at_locations = [link for link in entry.at_locations if link.location is not near]
    db_session.flush()
    assert _suggested(db_session) == []
    _in_step(db_session)

    db_session.delete(entry)
    db_session.flush()
    assert db_session.scalar(select(match_features.c.service_id).where(match_features.c.service_id == entry.id)) is None
    _in_step(db_session)


def test_approving_a_new_entry_makes_it_a_suggestion(db_session):
    organization = make_organization(db_session, status=EntryStatus.DRAFT)
    group = make_user(db_session, Role.GROUP, organization_id=organization.id)
    entry = make_service(
        db_session, organization=organization, status=EntryStatus.DRAFT, schedule=weekly("WE"), free=True, **HOME
    )
    request = submit_for_review(db_session, entry, actor=group)
    assert _suggested(db_session) == []
    approve(db_session, request, reviewer=make_user(db_session, Role.COORDINATOR))
    db_session.flush()
    assert _suggested(db_session) == [entry.id]
    _in_step(db_session)


def test_an_orm_bulk_statement_is_followed(db_session):
    entry = make_service(db_session, schedule=weekly("WE"), free=True, **HOME)
    assert _suggested(db_session) == [entry.id]
    db_session.execute(update(Service).where(Service.id == entry.id).values(status=EntryStatus.ARCHIVED))
    assert _suggested(db_session) == []
    _in_step(db_session)
    db_session.execute(delete(Schedule).where(Schedule.service_id == entry.id))
    _in_step(db_session)


def test_an_hsds_import_and_its_update_are_followed(db_session, tmp_path):
    """New entries are written in bulk with Core (`bump_catalog_version`), updates through the ORM."""
    feed = {
        "id": "5d4a3b2c-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        "name": "居場所カフェ",
        "status": "active",
        "service_at_locations": [
            {
                "location": {
                    "id": "6e5d4c3b-2a1f-4b0c-9d8e-7f6a5b4c3d2e",
                    "latitude": HOME["lat"],
                    "longitude": HOME["lon"],
                }
            }
        ],
        "schedules": [{"freq": "WEEKLY", "byday": "WE", "opens_at": "15:00", "closes_at": "17:00"}],
    }
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([feed]), encoding="utf-8")
    assert not run_import(db_session, "hsds", [path]).errors
    entry = db_session.scalar(select(Service).where(Service.uuid == feed["id"]))
    assert (entry.id, entry.at_locations[0].location_id) in {row[:2] for row in _rows(db_session)}
    _in_step(db_session)

    feed["schedules"] = [{"freq": "WEEKLY", "byday": "FR", "opens_at": "15:00", "closes_at": "17:00"}]
    path.write_text(json.dumps([feed]), encoding="utf-8")
    assert not run_import(db_session, "hsds", [path]).errors
    row = db_session.execute(select(match_features).where(match_features.c.service_id == entry.id)).mappings().one()
    assert (row["opens_we"], row["opens_fr"]) == (None, time(15))
    _in_step(db_session)


def test_a_rolled_back_write_leaves_the_rows_as_they_were(db_session):
    entry = make_service(db_session, schedule=weekly("WE"), free=True, **HOME)
    before = _rows(db_session)
    nested = db_session.begin_nested()
    entry.schedules[0].byday = "TH"
    db_session.flush()
    assert _rows(db_session) != before
    nested.rollback()
    assert _rows(db_session) == before
    assert db_session.get(Organization, entry.organization_id) is not None
