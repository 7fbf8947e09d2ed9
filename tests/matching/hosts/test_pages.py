"""受け入れ候補 (coordinators only) and the host's own page (only what the coordinator briefed), both databases."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from matching.casework.services import schedule_follow_ups
from matching.hosts.services import ProspectFilters, milestone_checks, search_prospects
from matching.models import HostBrief, HostCheckIn, HostProspect, PlacementStatus, ProspectStatus
from tests.factories import (
    make_agency,
    make_custom_menu,
    make_organization,
    make_person,
    make_placement,
    make_prospect,
    make_user,
)
from tests.helpers import csrf_token, login
from tsunagu.models import Role

PROSPECT_PAGES = (
    "/coordinator/hosts",
    "/coordinator/hosts/{id}",
    "/coordinator/hosts/{id}/edit",
    "/coordinator/hosts/map",
    "/coordinator/hosts/map/embed",
    "/coordinator/hosts/new",
)


@pytest.fixture
def coordinator(db_session):
    return make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))


@pytest.mark.parametrize("role", [None, Role.GROUP, Role.AGENCY])
def test_prospects_are_invisible_to_groups_agency_staff_and_the_public(client, db_session, role):
    prospect = make_prospect(db_session, name="やおや丸三", offer="野菜の袋づめ")
    if role is not None:
        org = make_organization(db_session).id if role == Role.GROUP else None
        login(client, make_user(db_session, role, agency=make_agency(db_session), organization_id=org).email)
    for template in PROSPECT_PAGES:
        response = client.get(template.format(id=prospect.id))
        assert response.status_code == (302 if role is None else 403), template
        assert "やおや丸三" not in response.get_data(as_text=True)
    for path in ("/?q=やおや", "/map", "/api/v1/services?search=やおや", "/api/v1/organizations"):
        body = client.get(path)
        text = json.dumps(body.get_json(), ensure_ascii=False) if body.is_json else body.get_data(as_text=True)
        assert "やおや丸三" not in text.replace('value="やおや"', ""), path


def test_a_coordinator_registers_a_prospect_and_its_status_changes_are_kept(client, db_session, coordinator):
    login(client, coordinator.email)
    token = csrf_token(client, "/coordinator/hosts/new")
    form = {
        "csrf_token": token,
        "name": "光明寺",
        "kind": "寺社",
        "status": "candidate",
        "offer": "境内の掃き掃除",
        "days": "土 09:00-11:00",
        "places": "2",
        "conditions": "雨の日は休み",
        "support_needed": "最初は同行してほしい",
        "latitude": "35.861",
        "longitude": "139.971",
    }
    assert client.post("/coordinator/hosts/new", data={**form, "days": "いつでも"}).status_code == 400
    response = client.post("/coordinator/hosts/new", data=form)
    assert response.status_code == 302
    prospect = db_session.scalars(select(HostProspect).where(HostProspect.name == "光明寺")).one()
    assert prospect.days == [{"day": "sat", "start": "09:00", "end": "11:00"}]
    assert prospect.coordinator_id == coordinator.id
    token = csrf_token(client, f"/coordinator/hosts/{prospect.id}/edit")
    assert (
        client.post(
            f"/coordinator/hosts/{prospect.id}/edit", data={**form, "csrf_token": token, "status": "approaching"}
        ).status_code
        == 302
    )
    token = csrf_token(client, f"/coordinator/hosts/{prospect.id}")
    client.post(
        f"/coordinator/hosts/{prospect.id}/contacts",
        data={"csrf_token": token, "on": "2026-11-20", "note": "住職に電話、来月見学OK"},
    )
    html = client.get(f"/coordinator/hosts/{prospect.id}").get_data(as_text=True)
    assert "候補 → 打診中" in html and "住職に電話、来月見学OK" in html and "境内の掃き掃除" in html
    db_session.expire_all()
    assert db_session.get(HostProspect, prospect.id).status == ProspectStatus.APPROACHING


def test_the_register_is_searched_with_the_catalogs_filters(client, db_session, coordinator):
    shop = make_prospect(db_session, name="ｶﾌｪ ひなた", kind="飲食店", district="本町地区")
    make_prospect(
        db_session,
        name="山田農園",
        kind="農家",
        district="北地区",
        days=[{"day": "sat", "start": "08:00", "end": "10:00"}],
        status=ProspectStatus.WILLING,
    )
    names = lambda f: [p.name for p in search_prospects(db_session, f)]  # noqa: E731
    assert "ｶﾌｪ ひなた" in names(ProspectFilters(q="カフェ"))  # the catalog's normalisation (half-width kana)
    assert names(ProspectFilters(day="sat", kind="農家")) == ["山田農園"]
    assert "ｶﾌｪ ひなた" not in names(ProspectFilters(status="willing"))
    login(client, coordinator.email)
    html = client.get("/coordinator/hosts?district=本町地区").get_data(as_text=True)
    assert "ｶﾌｪ ひなた" in html and "山田農園" not in html
    embed = client.get("/coordinator/hosts/map/embed?q=ひなた")
    assert embed.status_code == 200 and embed.headers["Cache-Control"] == "private, no-store"
    data = json.loads(
        re.search(
            r'<script type="application/json" id="[^"]+">(.*?)</script>', embed.get_data(as_text=True), re.S
        ).group(1)
    )
    assert [row[3] for layer in data["layers"] for row in layer["rows"]] == [shop.name]


@pytest.fixture
def hosted(db_session):
    """A running placement at a host's custom menu, briefed, with a check-in and the case's private notes."""
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency, display_name="担当の佐藤")
    person = make_person(db_session, agency, code_name="ケース2041", notes="借金の相談中", strengths="几帳面")
    prospect = make_prospect(db_session, agency, name="はなや")
    menu = make_custom_menu(db_session, prospect, person, name="花の水やり", host_agreements="大きな声を出さない")
    placement = make_placement(
        db_session,
        person,
        menu.service,
        status=PlacementStatus.STARTED,
        coordinator_id=coordinator.id,
        host_support_notes="本人は人混みが苦手",
    )
    placement.check_ins.append(HostCheckIn(how_it_goes="順調", worries="遅刻が心配", host_contact_person="店長"))
    db_session.add(
        HostBrief(
            placement_id=placement.id,
            nickname="たけしさん",
            days="火・木の午前",
            agreed_adjustments="作業は一つずつ伝える",
            host_contact_person="店長",
        )
    )
    db_session.flush()
    host = make_user(db_session, Role.GROUP, organization_id=menu.service.organization_id)
    return {"coordinator": coordinator, "person": person, "placement": placement, "host": host, "menu": menu}


def test_the_host_sees_only_the_brief_never_the_case_record(client, db_session, hosted):
    login(client, hosted["host"].email)
    html = client.get("/contribute/placements").get_data(as_text=True)
    for shown in ("たけしさん", "火・木の午前", "作業は一つずつ伝える", "店長", "担当の佐藤", "花の水やり"):
        assert shown in html, shown
    for hidden in ("ケース2041", "借金の相談中", "几帳面", "本人は人混みが苦手", "遅刻が心配", "大きな声を出さない"):
        assert hidden not in html, hidden
    assert client.get(f"/coordinator/placements/{hosted['placement'].id}").status_code == 403
    assert client.get(f"/coordinator/persons/{hosted['person'].id}").status_code == 403


def test_other_hosts_and_ended_placements_show_nothing(client, db_session, hosted):
    other = make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id)
    login(client, other.email)
    assert "たけしさん" not in client.get("/contribute/placements").get_data(as_text=True)
    hosted["placement"].status = PlacementStatus.ENDED
    db_session.flush()
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, hosted["host"].email)
    assert "たけしさん" not in client.get("/contribute/placements").get_data(as_text=True)


def test_the_placements_coordinator_writes_the_brief_others_may_not(client, db_session, hosted):
    placement_id = hosted["placement"].id
    stranger = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    login(client, stranger.email)
    assert client.get(f"/coordinator/placements/{placement_id}/brief").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, hosted["coordinator"].email)
    token = csrf_token(client, f"/coordinator/placements/{placement_id}/brief")
    assert (
        client.post(
            f"/coordinator/placements/{placement_id}/brief", data={"csrf_token": token, "nickname": ""}
        ).status_code
        == 400
    )
    response = client.post(
        f"/coordinator/placements/{placement_id}/brief",
        data={
            "csrf_token": token,
            "nickname": "タケさん",
            "days": "火曜の午前",
            "agreed_adjustments": "",
            "host_contact_person": "副店長",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    brief = db_session.scalars(select(HostBrief).where(HostBrief.placement_id == placement_id)).one()
    assert (brief.nickname, brief.agreed_adjustments, brief.host_contact_person) == ("タケさん", None, "副店長")
    html = client.get(f"/coordinator/hosts/{hosted['menu'].prospect_id}").get_data(as_text=True)
    assert "副店長" in html and "順調" in html


def test_the_host_page_shows_which_milestones_had_a_host_check_in(client, db_session, hosted):
    placement = hosted["placement"]
    schedule_follow_ups(placement, date(2026, 9, 1))  # 1w: 9/8, 1m: 10/1, 3m: 12/1, 6m: 2027/3/1
    placement.check_ins = [HostCheckIn(at=datetime(2026, 9, 10, 3, tzinfo=UTC), how_it_goes="慣れてきた")]
    db_session.flush()
    checks = {c.milestone: c for c in milestone_checks(placement, date(2026, 11, 23))}
    assert checks["1w"].checked and not checks["1m"].checked and checks["1m"].due
    assert not checks["3m"].due
    login(client, hosted["coordinator"].email)
    html = client.get(f"/coordinator/hosts/{hosted['menu'].prospect_id}").get_data(as_text=True)
    assert 'data-milestone="1w" data-checked="1"' in html and 'data-milestone="1m" data-checked="0"' in html
