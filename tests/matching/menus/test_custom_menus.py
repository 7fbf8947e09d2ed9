"""個別メニュー: coordinators-only everywhere public, suggested by the engine to coordinators, proposed to the
person, and opened to others only through the review queue with its history kept (both databases)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from directory.contributions.fields import schedule_text_of
from directory.formats.hsds.export import export_hsds
from directory.formats.kodomo_shokudo.export import export_kodomo_shokudo
from directory.models import ChangeKind, ChangeRequest, EntryStatus, Service, Visibility
from matching.engine import parse_profile
from matching.menus.services import create_menu, forget_person, menu_suggestions
from matching.models import CustomMenu, HostBrief, Placement, PlacementStatus, ProspectStatus
from matching.suggestions.queries import resolve_profile, run_match
from tests.factories import (
    make_agency,
    make_organization,
    make_person,
    make_placement,
    make_prospect,
    make_service,
    make_user,
    term,
)
from tests.helpers import csrf_token, login
from tsunagu.models import Role

SECRET_NAME = "ひみつの畑しごと"
SECRET_WORD = "ないしょの作業ことば"
PROFILE = {
    "age": 40,
    "home": {"lat": 35.86, "lon": 139.97},
    "max_distance_km": 3,
    "languages": ["ja"],
    "available": [{"day": "wed", "start": "09:00", "end": "13:00"}],
    "interests": ["畑"],
}


@pytest.fixture
def desk(db_session):
    """A coordinator, a person of the coordinator's agency, a prospect, and a menu made through the service."""
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(
        db_session,
        agency,
        code_name="Kさん",
        home_district="本町地区",
        home_point="SRID=4326;POINT(139.97 35.86)",
        notes="家族との関係に悩み",
    )
    prospect = make_prospect(db_session, agency, name="みどり農園")
    values = {
        "name": SECRET_NAME,
        "kind": "ibasho",
        "description": f"畑の草取り {SECRET_WORD}",
        "schedule_text": "毎週水曜日 10時～12時",
        "place": "みどり農園の畑",
        "accompaniment": "最初の2回は担当が同行",
        "host_agreements": "休憩を多めに",
        "review_on": dt.date(2027, 1, 15),
    }
    menu = create_menu(db_session, prospect=prospect, person=person, values=values, actor=coordinator)
    return {"agency": agency, "coordinator": coordinator, "person": person, "prospect": prospect, "menu": menu}


def test_a_menu_is_a_published_coordinators_only_service_and_the_prospect_becomes_willing(db_session, desk):
    service = desk["menu"].service
    assert (service.visibility, service.status) == (Visibility.COORDINATORS, EntryStatus.PUBLISHED)
    assert service.organization.status == EntryStatus.DRAFT  # a new host is not published with it
    assert desk["prospect"].status == ProspectStatus.WILLING
    assert "協力可" in desk["prospect"].contacts[-1].note
    assert desk["menu"].host_agreements == "休憩を多めに" and SECRET_WORD not in (desk["menu"].host_agreements or "")


def _text(response) -> str:
    """The body as a reader sees it (JSON decoded, so Japanese is not hidden behind \\u escapes)."""
    if response.is_json:
        return json.dumps(response.get_json(), ensure_ascii=False)
    return response.get_data(as_text=True)


def _public_texts(client, service: Service, uuid: str) -> dict[str, str]:
    pages = {
        "search": "/?q=畑しごと",  # part of the name (the page echoes the query itself)
        "search-word": "/?q=作業ことば",
        "list": "/",
        "map": "/map",
        "map-embed": "/map/embed?kind=ibasho",
        "geojson": "/api/v1/map.geojson",
        "api-services": "/api/v1/services?per_page=100",
        "api-search": "/api/v1/services?search=畑しごと",
        "api-organizations": "/api/v1/organizations?per_page=100",
        "api-links": "/api/v1/service_at_locations?per_page=100",
    }
    texts = {}
    for key, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        texts[key] = _text(response)
    for path in (f"/services/{service.id}", f"/services/{service.id}/map.svg", f"/services/{service.id}/correction"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/api/v1/services/{uuid}").status_code == 404
    return texts


@pytest.mark.parametrize("who", ["anonymous", "group", "agency"])
def test_a_menu_never_appears_on_any_public_page_search_map_or_api(client, db_session, desk, who):
    make_service(db_session, name="みんなの畑", description="公開の畑")  # the public catalog is not empty
    if who == "group":
        login(client, make_user(db_session, Role.GROUP, organization_id=make_organization(db_session).id).email)
    elif who == "agency":
        login(client, make_user(db_session, Role.AGENCY, agency=make_agency(db_session)).email)
    service = desk["menu"].service
    texts = _public_texts(client, service, service.uuid)
    assert "みんなの畑" in texts["list"]  # the pages do list public entries
    for key, text in texts.items():
        assert SECRET_NAME not in text, key
        assert SECRET_WORD not in text, key
        assert service.uuid not in text, key
        assert f'/services/{service.id}"' not in text, key
    geojson = json.loads(texts["geojson"])
    assert service.id not in [f["properties"].get("id") for f in geojson["features"]]


def test_a_menu_is_in_no_export(db_session, desk, tmp_path):
    make_service(db_session, name="みんなの子ども食堂", kinds=("kodomo_shokudo",))
    export_hsds(db_session, tmp_path / "hsds")
    text = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "hsds").rglob("*") if p.is_file())
    assert "みんなの子ども食堂" in text
    assert SECRET_NAME not in text and desk["menu"].service.uuid not in text
    desk["menu"].service.terms = [term(db_session, "kodomo_shokudo")]  # so that only visibility keeps it out
    db_session.flush()
    export_kodomo_shokudo(db_session, tmp_path / "kodomo.csv")
    assert SECRET_NAME not in (tmp_path / "kodomo.csv").read_text(encoding="utf-8-sig")


def test_the_engine_suggests_menus_to_coordinators_only_through_the_menu_path(db_session, desk):
    profile = resolve_profile(db_session, parse_profile(PROFILE))
    today = dt.date(2026, 11, 23)
    public = run_match(db_session, profile, today=today)
    assert desk["menu"].service_id not in [s.service_id for s in public.suggestions]
    menus = menu_suggestions(db_session, profile, today)
    assert [s.service_id for s in menus.suggestions] == [desk["menu"].service_id]
    # the same hard constraints: a person free only on Thursdays gets no menu held on Wednesdays
    thursday = resolve_profile(
        db_session, parse_profile({**PROFILE, "available": [{"day": "thu", "start": "09:00", "end": "13:00"}]})
    )
    assert menu_suggestions(db_session, thursday, today).suggestions == ()


def test_the_coordinator_creates_a_menu_and_proposes_it_on_the_pages(client, db_session, desk):
    login(client, desk["coordinator"].email)
    token = csrf_token(client, "/coordinator/menus/new")
    response = client.post(
        "/coordinator/menus/new",
        data={
            "csrf_token": token,
            "prospect_id": str(desk["prospect"].id),
            "person_id": str(desk["person"].id),
            "name": "店先の掃除",
            "kind": "ibasho",
            "description": "朝の掃除",
            "schedule_text": "毎週水曜日 10時～11時",
            "accompaniment": "初回は同行",
            "host_agreements": "声かけは店長から",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    menu = db_session.scalars(select(CustomMenu).order_by(CustomMenu.id.desc())).first()
    assert menu.service.name == "店先の掃除" and menu.service.visibility == Visibility.COORDINATORS
    detail = client.get(f"/coordinator/menus/{menu.id}").get_data(as_text=True)
    assert "声かけは店長から" in detail and "Kさん" in detail
    token = csrf_token(client, f"/coordinator/menus/{menu.id}")
    data = {"csrf_token": token, "service_id": str(menu.service_id)}
    assert client.post(f"/coordinator/menus/{menu.id}/propose", data=data).status_code == 302
    placement = db_session.scalars(select(Placement).where(Placement.service_id == menu.service_id)).one()
    assert (placement.person_id, placement.status) == (desk["person"].id, PlacementStatus.PROPOSED)


def test_another_agencys_coordinator_sees_the_menu_but_not_who_it_is_for(client, db_session, desk):
    other = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    login(client, other.email)
    html = client.get(f"/coordinator/menus/{desk['menu'].id}").get_data(as_text=True)
    assert SECRET_NAME in html
    assert "Kさん" not in html and "休憩を多めに" not in html and "最初の2回は担当が同行" not in html
    assert client.get(f"/coordinator/menus/{desk['menu'].id}/edit").status_code == 403
    assert client.get(f"/coordinator/menus/{desk['menu'].id}/open").status_code == 403


def _open(client, menu_id: int, **extra):
    token = csrf_token(client, f"/coordinator/menus/{menu_id}/open")
    data = {
        "csrf_token": token,
        "name": "みどり農園の畑しごと体験",
        "description": "畑の草取りを一緒に",
        "schedule_text": "毎週水曜日 10時～12時",
        "how_to_join": "電話で予約",
        **extra,
    }
    return client.post(f"/coordinator/menus/{menu_id}/open", data=data)


def test_opening_to_others_needs_the_hosts_agreement_and_goes_through_review(client, db_session, desk):
    menu = desk["menu"]
    login(client, desk["coordinator"].email)
    refused = _open(client, menu.id)
    assert refused.status_code == 400
    assert db_session.scalar(select(ChangeRequest).where(ChangeRequest.kind == ChangeKind.NEW)) is None

    assert _open(client, menu.id, host_agreed="y").status_code == 302
    db_session.expire_all()
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.kind == ChangeKind.NEW)).one()
    public = db_session.get(Service, request.service_id)
    assert (public.status, public.visibility) == (EntryStatus.PENDING, Visibility.PUBLIC)
    assert public.id != menu.service_id
    assert "休憩を多めに" not in json.dumps(request.after, ensure_ascii=False)  # the arrangement is not copied
    assert "みどり農園の畑しごと体験" not in _text(client.get("/api/v1/services?search=みどり農園"))
    assert _open(client, menu.id, host_agreed="y").status_code == 302  # a second request is refused
    assert len(db_session.scalars(select(ChangeRequest).where(ChangeRequest.kind == ChangeKind.NEW)).all()) == 1

    admin = make_user(db_session, Role.ADMIN)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, admin.email)
    token = csrf_token(client, f"/admin/review/{request.id}")
    approved = client.post(f"/admin/review/{request.id}", data={"csrf_token": token, "decision": "approve"})
    assert approved.status_code == 302
    db_session.expire_all()
    assert "みどり農園の畑しごと体験" in _text(client.get("/api/v1/services?search=畑しごと体験"))
    kept = db_session.get(CustomMenu, menu.id)
    assert kept.service.visibility == Visibility.COORDINATORS  # the person's menu itself stays private
    assert kept.public_service_id == public.id
    history = client.get(f"/coordinator/menus/{menu.id}").get_data(as_text=True)
    for step in ("作成", "他の人にも開く（審査へ）", "審査で承認（公開）"):
        assert step in history
    assert SECRET_NAME not in _text(client.get("/api/v1/services?per_page=100"))


def test_a_rejected_opening_is_kept_in_the_history_and_can_be_sent_again(client, db_session, desk):
    menu = desk["menu"]
    login(client, desk["coordinator"].email)
    assert _open(client, menu.id, host_agreed="y").status_code == 302
    db_session.expire_all()
    request = db_session.get(CustomMenu, menu.id).open_request
    token = csrf_token(client, f"/admin/review/{request.id}")
    client.post(
        f"/admin/review/{request.id}",
        data={"csrf_token": token, "decision": "reject", "comment": "場所を町域までにしてください"},
    )
    history = client.get(f"/coordinator/menus/{menu.id}").get_data(as_text=True)
    assert "審査で差し戻し" in history and "場所を町域までにしてください" in history
    assert _open(client, menu.id, host_agreed="y", private_home="y").status_code == 302
    db_session.expire_all()
    again = db_session.get(CustomMenu, menu.id)
    assert again.public_service.status == EntryStatus.PENDING
    assert again.open_request.state == "pending" and again.open_request.id != request.id


def test_erasure_forgets_the_arrangement_and_what_the_host_was_told(db_session, desk):
    placement = make_placement(db_session, desk["person"], desk["menu"].service)
    db_session.add(HostBrief(placement_id=placement.id, nickname="Kくん", agreed_adjustments="休憩を多めに"))
    db_session.flush()
    assert forget_person(db_session, desk["person"]) == 1
    assert db_session.scalars(select(HostBrief)).all() == []
    db_session.expire_all()
    menu = db_session.get(CustomMenu, desk["menu"].id)
    assert (menu.person_id, menu.accompaniment, menu.host_agreements) == (None, None, None)
    assert menu.service.name == SECRET_NAME  # the activity with the host stays


def test_editing_a_menu_keeps_it_coordinators_only(client, db_session, desk):
    menu_id = desk["menu"].id
    login(client, desk["coordinator"].email)
    page = client.get(f"/coordinator/menus/{menu_id}/edit").get_data(as_text=True)
    assert "休憩を多めに" in page and SECRET_NAME in page
    token = csrf_token(client, f"/coordinator/menus/{menu_id}/edit")
    response = client.post(
        f"/coordinator/menus/{menu_id}/edit",
        data={
            "csrf_token": token,
            "name": "畑しごと（水・金）",
            "kind": "ibasho",
            "description": "草取りと収穫",
            "schedule_text": "毎週水・金曜日 10時～12時",
            "host_agreements": "休憩を多めに、暑い日は室内作業",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    menu = db_session.get(CustomMenu, menu_id)
    assert menu.service.name == "畑しごと（水・金）" and menu.service.visibility == Visibility.COORDINATORS
    assert menu.host_agreements == "休憩を多めに、暑い日は室内作業" and menu.person_id == desk["person"].id
    assert schedule_text_of(menu.service) == "毎週水・金曜日 10時～12時"
    assert "変更" in client.get(f"/coordinator/menus/{menu_id}").get_data(as_text=True)
