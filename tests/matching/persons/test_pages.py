"""Coordinator pages: intake and edits with history, suggestions, proposing, 繋ぐ先がない, who may see what."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from matching.models import ConsentTier, Person, PersonRevision, Placement, PlacementStatus, UnmetNeed
from tests.factories import make_agency, make_person, make_user, make_volunteer
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role

INTAKE = {
    "code_name": "Xさん",
    "birth_year": "1990",
    "home_district": "テスト地区",
    "interests": "料理、畑",
    "available": "水 14:00-18:00",
    "max_distance_km": "3",
    "max_cost_yen": "300",
    "languages": ["ja"],
    "gender_comfort": "any",
    "preferred_space": "",
    "preferred_threshold": "",
    "mobility": "bicycle",
}


def _sign_in(client, db_session, role=Role.COORDINATOR, agency=None):
    user = make_user(db_session, role, agency=agency or make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return user


def _intake(client, **changes):
    token = csrf_token(client, "/coordinator/persons/new")
    return client.post("/coordinator/persons/new", data={**INTAKE, **changes, "csrf_token": token})


def _audits(db_session, action, person_id):
    query = select(func.count()).select_from(AuditLog).where(AuditLog.action == action, AuditLog.object_id == person_id)
    return db_session.scalar(query)


def test_intake_creates_a_pseudonymous_record_with_history(client, db_session, town):
    user = _sign_in(client, db_session)
    response = _intake(client)
    assert response.status_code == 302
    person = db_session.scalar(select(Person).where(Person.code_name == "Xさん"))
    assert person.agency_id == user.agency_id and person.interests == ["料理", "畑"]
    assert person.available == [{"day": "wed", "start": "14:00", "end": "18:00"}]
    assert person.home_point is not None  # the district's centroid, never an address
    page = client.get(response.location).get_data(as_text=True)
    assert "同意未取得（所属機関のみ）" in page and "料理、畑" in page
    [revision] = db_session.scalars(select(PersonRevision).where(PersonRevision.person_id == person.id)).all()
    assert revision.changes["interests"] == [None, ["料理", "畑"]]
    assert _audits(db_session, "person.read", person.id) == 1


def test_edits_are_kept_and_an_unchanged_save_adds_nothing(client, db_session, town):
    _sign_in(client, db_session)
    location = _intake(client).location
    edit = location + "/edit"
    form = {**INTAKE, "interests": "料理、将棋", "csrf_token": csrf_token(client, edit)}
    assert client.post(edit, data=form).status_code == 302
    assert client.post(edit, data=form).status_code == 302
    person = db_session.scalar(select(Person).where(Person.code_name == "Xさん"))
    revisions = db_session.scalars(
        select(PersonRevision).where(PersonRevision.person_id == person.id).order_by(PersonRevision.id)
    ).all()
    assert len(revisions) == 2
    assert revisions[1].changes == {"interests": [["料理", "畑"], ["料理", "将棋"]]}
    assert "1項目を変更: 好きなこと・興味（、で区切る）" in client.get(location).get_data(as_text=True)


def test_a_form_error_re_renders_with_the_message(client, db_session, town):
    _sign_in(client, db_session)
    response = _intake(client, available="いつでも")
    assert response.status_code == 400
    assert "読み取れない行があります: いつでも" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(Person).where(Person.code_name == "Xさん")) == 0


def test_match_page_explains_and_a_proposal_creates_a_placement(client, db_session, town):
    _sign_in(client, db_session)
    person_url = _intake(client).location
    page = client.get(person_url + "/match")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "子ども食堂 ひだまり" in html and "水曜の15:00〜に開催" in html and "料理が好き → 「料理」あり" in html
    assert "定員に空きなし: 1件" in html and "満員の食堂" in html  # the near miss and why
    # two different dates, two different names: the first that suits the person, the activity's next dates
    assert "本人の都合に合う最初の日:" in html and "これからの開催日:" in html and "次回" not in html
    assert "下書きの食堂" not in html and "高い料理教室" in html  # near miss (cost) listed, not suggested
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(
        person_url.replace("/persons/", "/persons/") + "/propose",
        data={"service_id": town.fit.id, "score": "0.7", "csrf_token": token},
    )
    assert response.status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == town.fit.id))
    assert placement.status == PlacementStatus.PROPOSED and placement.match_score == 0.7
    assert [(e.from_status, e.to_status) for e in placement.events] == [(None, PlacementStatus.PROPOSED)]
    assert "提案中" in client.get(person_url).get_data(as_text=True)
    assert _audits(db_session, "person.match", placement.person_id) == 1


def test_no_match_records_an_unmet_need_with_the_failed_constraints(client, db_session, town):
    _sign_in(client, db_session)
    person_url = _intake(client, available="月 09:00-10:00").location
    html = client.get(person_url + "/match").get_data(as_text=True)
    assert "条件に合う活動が見つかりませんでした" in html
    token = csrf_token(client, person_url + "/match")
    response = client.post(
        person_url + "/unmet", data={"sought": "料理ができる場", "district": "テスト地区", "csrf_token": token}
    )
    assert response.status_code == 302
    need = db_session.scalar(select(UnmetNeed).where(UnmetNeed.sought == "料理ができる場"))
    assert need.failed_constraints[0] == "schedule" and need.district == "テスト地区"
    assert "home" not in need.profile and need.profile["district"] == "テスト地区"


def test_the_search_pages_unmet_link_lands_on_a_prefilled_form(client, db_session, town):
    _sign_in(client, db_session)
    landing = client.get(
        "/coordinator/?unmet=1&q=%E7%95%91&kind=ibasho&district=%E3%83%86%E3%82%B9%E3%83%88%E5%9C%B0%E5%8C%BA"
    )
    assert landing.status_code == 302 and "/coordinator/unmet/new" in landing.location
    form = client.get(landing.location).get_data(as_text=True)
    assert "畑</textarea>" in form and re.search(r'<input checked[^>]*value="ibasho"', form)
    token = csrf_token(client, landing.location)
    filters = re.search(r'name="filters" type="hidden" value="([^"]*)"', form).group(1)
    data = {"sought": "畑", "kinds": ["ibasho"], "district": "テスト地区", "filters": filters.replace("&amp;", "&")}
    client.post("/coordinator/unmet/new", data={**data, "csrf_token": token})
    need = db_session.scalar(select(UnmetNeed).where(UnmetNeed.sought == "畑"))
    assert need.kinds == ["ibasho"] and need.profile["filters"]["q"] == "畑"


def test_other_agencies_see_a_person_only_through_consent_and_never_edit(client, db_session, town):
    owner, other = make_agency(db_session), make_agency(db_session)
    private = make_person(db_session, owner, code_name="秘密さん")
    shared = make_person(
        db_session,
        owner,
        code_name="共有さん",
        tier=ConsentTier.SHARED,
        agencies=[owner, other],
        home_district="テスト地区",
        home_point="SRID=4326;POINT(139.97 35.86)",
    )
    _sign_in(client, db_session, agency=other)
    assert client.get(f"/coordinator/persons/{private.id}").status_code == 403
    assert client.get(f"/coordinator/persons/{private.id}/match").status_code == 403
    home = client.get("/coordinator/").get_data(as_text=True)
    assert "共有さん" in home and "秘密さん" not in home
    listed = db_session.scalar(select(AuditLog).where(AuditLog.action == "person.list"))
    assert listed.detail == {"person_ids": [shared.id]}  # the list read is audited: which records, not their data
    assert client.get(f"/coordinator/persons/{shared.id}").status_code == 200
    assert client.get(f"/coordinator/persons/{shared.id}/match").status_code == 200
    assert client.get(f"/coordinator/persons/{shared.id}/edit").status_code == 403
    token = csrf_token(client, "/")
    refused = client.post(
        f"/coordinator/persons/{shared.id}/propose", data={"service_id": town.fit.id, "csrf_token": token}
    )
    assert refused.status_code == 403
    assert _audits(db_session, "person.read", private.id) == 0  # refused reads leave no record as a read


def test_agency_staff_cannot_run_matching(client, db_session, town):
    agency = make_agency(db_session)
    person = make_person(db_session, agency, tier=ConsentTier.SHARED, agencies=[agency])
    _sign_in(client, db_session, Role.AGENCY, agency=agency)
    assert client.get(f"/coordinator/persons/{person.id}").status_code == 200
    assert client.get(f"/coordinator/persons/{person.id}/match").status_code == 403
    assert client.get("/coordinator/persons/new").status_code == 403


def test_volunteers_are_matched_to_volunteers_wanted_both_ways(client, db_session, town):
    from tests.factories import make_service, weekly

    wanted = make_service(
        db_session,
        name="調理ボランティア募集",
        kinds=("volunteers_wanted",),
        schedule=weekly("WE"),
        description="子ども食堂で料理を手伝う人を募集",
        lat=35.861,
        lon=139.97,
    )
    volunteer = make_volunteer(db_session)
    _sign_in(client, db_session)
    page = client.get(f"/coordinator/volunteers/{volunteer.id}/match").get_data(as_text=True)
    assert "調理ボランティア募集" in page and "子ども食堂 ひだまり" not in page
    listing = client.get(f"/coordinator/services/{wanted.id}/volunteers").get_data(as_text=True)
    assert volunteer.code_name in listing
