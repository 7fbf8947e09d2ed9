"""Withdrawal of consent / deletion request: nothing personal is left anywhere — no table, no search text,
no export — while the placements stay as anonymous counts and the audit log keeps the fact of the erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import JSON, String, Text, select

from directory.catalog.indexing import refresh_search_text
from directory.models import Visibility
from matching.casework.services import add_case_note, advance_placement, record_follow_up
from matching.models import (
    ConsentTier,
    CustomMenu,
    FollowUpOutcome,
    HostBrief,
    HostCheckIn,
    Person,
    PersonStatus,
    Placement,
    PlacementStatus,
    UnmetNeed,
)
from matching.persons.services import save_person
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.clock import today_in_japan
from tsunagu.db import Base
from tsunagu.models import AuditLog, Role

CODE = "消去テストさん"
SECRETS = (
    CODE,
    "ひみつの強み",
    "ひみつのメモ",
    "ひみつの配慮",
    "ひみつの様子",
    "ひみつのあだ名",
    "ひみつの同行",
    "ひみつの記録",
)


def _every_text(db_session) -> str:
    """Every string and JSON value in every table, as one text (the search index included)."""
    parts = []
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if columns:
            parts += [repr(tuple(row)) for row in db_session.execute(select(*columns))]
    return "\n".join(parts)


@pytest.fixture
def case(db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(
        db_session,
        agency,
        tier=ConsentTier.SHARED,
        agencies=[agency],
        code_name=CODE,
        coordinator_id=coordinator.id,
        birth_year=1990,
        home_district="本町地区",
    )
    save_person(db_session, person, {"strengths": "ひみつの強み", "notes": "ひみつのメモ"}, coordinator)
    menu = make_service(db_session, name=f"{CODE}のための 農園作業（個別）", description=f"{CODE}の希望からつくった")
    menu.visibility = Visibility.COORDINATORS
    refresh_search_text(db_session, [menu.id])
    db_session.add(
        CustomMenu(service_id=menu.id, person_id=person.id, agency_id=agency.id, accompaniment="ひみつの同行")
    )
    proposed_at = datetime.now(UTC) - timedelta(days=30)
    placement = make_placement(
        db_session,
        person,
        menu,
        coordinator_id=coordinator.id,
        host_support_notes="ひみつの配慮",
        proposed_at=proposed_at,
    )
    advance_placement(
        db_session,
        placement,
        PlacementStatus.STARTED,
        coordinator,
        expected_version=None,
        on=today_in_japan() - timedelta(days=10),
        note="ひみつのメモ",
    )
    record_follow_up(db_session, placement.follow_ups[0], FollowUpOutcome.GOING_WELL, coordinator, note="ひみつの様子")
    placement.check_ins.append(HostCheckIn(how_it_goes="ひみつの様子", host_contact_person="農園の人"))
    db_session.add(HostBrief(placement_id=placement.id, nickname="ひみつのあだ名", agreed_adjustments="ひみつの配慮"))
    db_session.add(UnmetNeed(person_id=person.id, agency_id=agency.id, sought="畑", district="本町地区"))
    add_case_note(db_session, person.id, coordinator, "ひみつの記録", placement_id=placement.id)
    db_session.flush()
    return coordinator, person, placement


def test_erasure_leaves_no_personal_field_anywhere(client, db_session, case):
    coordinator, person, placement = case
    assert login(client, coordinator.email).status_code == 302
    for page in (
        f"/coordinator/persons/{person.id}",
        f"/coordinator/persons/{person.id}/timeline",
        f"/coordinator/placements/{placement.id}",
        "/coordinator/agency",
    ):
        assert client.get(page).status_code == 200
    assert all(secret in _every_text(db_session) for secret in SECRETS)  # the scan can see them

    token = csrf_token(client, f"/coordinator/persons/{person.id}/consent")
    refused = client.post(f"/coordinator/persons/{person.id}/erase", data={"confirm": "ちがう", "csrf_token": token})
    assert refused.status_code == 400 and "呼び名が一致しません" in refused.get_data(as_text=True)
    response = client.post(f"/coordinator/persons/{person.id}/erase", data={"confirm": CODE, "csrf_token": token})
    assert response.status_code == 302

    db_session.expire_all()
    text = _every_text(db_session)
    assert [secret for secret in SECRETS if secret in text] == []
    erased = db_session.get(Person, person.id)
    assert erased.status == PersonStatus.ERASED and erased.erased_at and erased.code_name is None
    assert all(c.withdrawn_at for c in erased.consents)
    # the placement stays as an anonymous count: kind, stage and dates, no notes
    kept = db_session.get(Placement, placement.id)
    assert kept.status == PlacementStatus.ENDED and kept.started_on and kept.service_id == placement.service_id
    assert db_session.scalar(select(UnmetNeed.person_id).where(UnmetNeed.sought == "畑")) is None
    # the audit log records the erasure, not the erased data
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "person.erase"))
    assert entry.object_id == person.id and entry.actor_id == coordinator.id
    assert entry.detail["placements_kept"] == 1 and entry.detail["placements_closed"] == 1

    # nobody but admins can open what is left, and the coordinator's lists no longer show the case
    assert client.get(f"/coordinator/persons/{person.id}").status_code == 403
    assert f'data-person="{person.id}"' not in client.get("/coordinator/agency").get_data(as_text=True)
    # the exports show the placement only as a count
    for key in ("by_kind", "by_month", "closed_loop"):
        export = client.get(f"/admin/reports/{key}.csv").get_data(as_text=True)
        assert not any(secret in export for secret in SECRETS)


def test_only_the_owning_agency_may_erase(client, db_session, case):
    _, person, _ = case
    other = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    assert login(client, other.email).status_code == 302
    token = csrf_token(client, "/coordinator/")
    response = client.post(f"/coordinator/persons/{person.id}/erase", data={"confirm": CODE, "csrf_token": token})
    assert response.status_code == 403
    db_session.expire_all()
    assert db_session.get(Person, person.id).code_name == CODE
