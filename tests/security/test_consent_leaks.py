"""Person data on pages that are not the person's own: the host's page and 社会資源の開発 (both databases).

An outside test found another agency's coordinator reading a placement's check-in text on the host page and
every unmet need's text on the development page; these pages now ask the consent rule and audit the reads.
"""

from __future__ import annotations

from sqlalchemy import select

from matching.models import HostBrief, HostCheckIn, PersonStatus, PlacementStatus, UnmetNeed
from matching.permissions import can_edit_person
from tests.factories import (
    make_agency,
    make_custom_menu,
    make_person,
    make_placement,
    make_prospect,
    make_user,
)
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


def _hosted(db_session):
    agency = make_agency(db_session)
    owner = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(db_session, agency, code_name="ケース7001")
    prospect = make_prospect(db_session, agency, name="ことり商店")
    menu = make_custom_menu(db_session, prospect, person, name="ことりの棚卸し")
    placement = make_placement(db_session, person, menu.service, status=PlacementStatus.STARTED)
    placement.check_ins.append(HostCheckIn(how_it_goes="朝が苦手な様子", host_contact_person="奥さん"))
    db_session.add(HostBrief(placement_id=placement.id, nickname="ことさん", host_contact_person="店主の妹"))
    db_session.flush()
    return owner, person, prospect


def _person_reads(db_session, person, user):
    return db_session.scalars(
        select(AuditLog).where(
            AuditLog.object_type == "person", AuditLog.object_id == person.id, AuditLog.actor_id == user.id
        )
    ).all()


def test_another_agencys_coordinator_sees_only_a_count_on_the_host_page(client, db_session):
    owner, person, prospect = _hosted(db_session)
    stranger = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    login(client, stranger.email)
    assert client.get(f"/coordinator/persons/{person.id}").status_code == 403
    html = client.get(f"/coordinator/hosts/{prospect.id}").get_data(as_text=True)
    for secret in ("朝が苦手な様子", "店主の妹", "奥さん"):
        assert secret not in html, secret
    assert 'class="hidden-placements"' in html
    db_session.expire_all()
    assert _person_reads(db_session, person, stranger) == []


def test_the_owning_coordinator_sees_the_placement_and_the_read_is_audited(client, db_session):
    owner, person, prospect = _hosted(db_session)
    login(client, owner.email)
    html = client.get(f"/coordinator/hosts/{prospect.id}").get_data(as_text=True)
    assert "朝が苦手な様子" in html and "店主の妹" in html
    assert 'class="hidden-placements"' not in html
    db_session.expire_all()
    reads = _person_reads(db_session, person, owner)
    assert [(r.action, r.detail["via"]) for r in reads] == [("person.read", "host_page")]


def test_unmet_need_text_follows_the_persons_consent(client, db_session):
    agency = make_agency(db_session)
    owner = make_user(db_session, Role.COORDINATOR, agency=agency)
    stranger = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    person = make_person(db_session, agency)
    tied = UnmetNeed(person_id=person.id, agency_id=agency.id, sought="夜だけ開く将棋の会", kinds=["salon"])
    anonymous = UnmetNeed(agency_id=agency.id, sought="駅前の囲碁クラブ", kinds=[])
    db_session.add_all([tied, anonymous])
    db_session.flush()
    login(client, stranger.email)
    html = client.get("/coordinator/development").get_data(as_text=True)
    assert "夜だけ開く将棋の会" not in html and "駅前の囲碁クラブ" in html
    assert 'class="hidden-needs"' in html
    form = client.get(f"/coordinator/development/new?need={tied.id}").get_data(as_text=True)
    assert "夜だけ開く将棋の会" not in form
    assert client.get(f"/coordinator/development/new?need={2**64}").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/coordinator/")})
    login(client, owner.email)
    assert "夜だけ開く将棋の会" in client.get("/coordinator/development").get_data(as_text=True)
    assert "夜だけ開く将棋の会" in client.get(f"/coordinator/development/new?need={tied.id}").get_data(as_text=True)


def test_nobody_edits_an_erased_person_not_even_an_admin(db_session):
    agency = make_agency(db_session)
    person = make_person(db_session, agency, status=PersonStatus.ERASED)
    admin = make_user(db_session, Role.ADMIN)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    assert not can_edit_person(admin, person) and not can_edit_person(coordinator, person)
    person.status = PersonStatus.ACTIVE
    assert can_edit_person(admin, person) and can_edit_person(coordinator, person)
