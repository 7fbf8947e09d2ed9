"""Household pages: a coordinator creates a family, records each member's consent, matches for the family or
one member, and proposes per member; other agencies cannot see it."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from matching.models import Household, HouseholdMember, Placement
from tests.factories import make_agency, make_person, make_user
from tests.helpers import csrf_token, login
from tests.matching.conftest import make_study_support
from tsunagu.clock import TOKYO, today_in_japan
from tsunagu.models import AuditLog, Role

HOUSEHOLD = {
    "code": "世帯A",
    "home_district": "テスト地区",
    "languages": ["pt-BR", "ja"],
    "available": "水 14:00-18:00",
    "max_distance_km": "3",
    "max_cost_yen": "900",
}


def _sign_in(client, db_session, agency=None):
    user = make_user(db_session, Role.COORDINATOR, agency=agency or make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return user


def _post(client, path, data, form_path=None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, form_path or path)})


def _family(client, db_session, user):
    """The household of the issue: a Portuguese-speaking mother (a case record) and two children."""
    response = _post(client, "/coordinator/households/new", HOUSEHOLD)
    assert response.status_code == 302
    household = db_session.scalar(select(Household).where(Household.code == "世帯A"))
    mother = make_person(db_session, user.agency, code_name="母A", birth_year=1988, languages=["pt-BR"])
    mother.household_id = household.id
    db_session.flush()
    base = f"/coordinator/households/{household.id}"
    for label, age in (("長女", 10), ("長男", 13)):
        member = {"label": label, "age": str(age), "consent_tier": "shared"}
        assert _post(client, base + "/members/new", member).status_code == 302
    no_consent = {"label": "祖母", "age": "70", "consent_tier": ""}
    assert _post(client, base + "/members/new", no_consent).status_code == 302
    db_session.expire_all()
    return household, mother


def test_a_family_is_matched_together_and_proposed_per_member(client, db_session, town):
    user = _sign_in(client, db_session)
    household, mother = _family(client, db_session, user)
    study = make_study_support(db_session)
    page = client.get(f"/coordinator/households/{household.id}/match")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "学習支援教室" in html and "10歳・13歳の家族が対象" in html
    assert "子ども食堂 ひだまり" in html and "家族みんなで参加できる" in html  # 300 × 3 ≤ 900
    assert "同意が未記録の家族はマッチングに入っていません: 祖母" in html
    [elder, younger] = sorted(
        (m for m in household.light_members if m.consent_tier is not None), key=lambda m: m.birth_year
    )
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/coordinator/households/{household.id}/propose",
        data={"service_id": study.id, "members": [f"member-{elder.id}", f"member-{younger.id}"], "csrf_token": token},
    )
    assert response.status_code == 302
    placements = db_session.scalars(select(Placement).where(Placement.service_id == study.id)).all()
    assert sorted(p.household_member_id for p in placements) == sorted([elder.id, younger.id])
    assert {p.person_id for p in placements} == {mother.id}  # recorded on the household's case record
    audits = select(func.count()).select_from(AuditLog).where(AuditLog.object_type == "household")
    assert db_session.scalar(audits) >= 3


def test_bad_member_input_re_renders_with_an_error(client, db_session, town):
    user = _sign_in(client, db_session)
    assert _post(client, "/coordinator/households/new", HOUSEHOLD).status_code == 302
    household = db_session.scalar(select(Household).where(Household.agency_id == user.agency_id))
    bad_age = {"label": "子", "age": "-3", "consent_tier": ""}
    response = _post(client, f"/coordinator/households/{household.id}/members/new", bad_age)
    assert response.status_code == 400
    assert db_session.scalar(select(func.count()).select_from(HouseholdMember)) == 0
    bad = _post(client, "/coordinator/households/new", {**HOUSEHOLD, "code": "B", "available": "いつでも"})
    assert bad.status_code == 400 and "読み取れない行があります" in bad.get_data(as_text=True)


def test_another_agencys_coordinator_cannot_see_the_household(client, db_session):
    owner = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    household = Household(code="世帯Z", agency_id=owner.agency_id, languages=[], available=[])
    db_session.add(household)
    db_session.flush()
    _sign_in(client, db_session)
    for path in ("", "/edit", "/match", "/members/new"):
        assert client.get(f"/coordinator/households/{household.id}{path}").status_code == 403
    assert "世帯Z" not in client.get("/coordinator/households").get_data(as_text=True)


def test_a_household_proposal_can_be_dated_earlier_but_not_in_the_future(client, db_session, town):
    user = _sign_in(client, db_session)
    household, mother = _family(client, db_session, user)
    study = make_study_support(db_session)
    html = client.get(f"/coordinator/households/{household.id}/match").get_data(as_text=True)
    assert 'name="proposed_on"' in html
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"service_id": study.id, "members": f"person-{mother.id}", "csrf_token": token}
    future = (today_in_japan() + timedelta(days=3)).isoformat()
    url = f"/coordinator/households/{household.id}/propose"
    refused = client.post(url, data={**data, "proposed_on": future}, follow_redirects=True)
    assert "未来の日付は記録できません" in refused.get_data(as_text=True)
    assert db_session.scalar(select(Placement).where(Placement.service_id == study.id)) is None
    day = today_in_japan() - timedelta(days=2)
    assert client.post(url, data={**data, "proposed_on": day.isoformat()}).status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == study.id))
    assert placement.proposed_at.astimezone(TOKYO).date() == day


def test_a_household_can_be_proposed_an_entry_found_by_search_with_a_reason(client, db_session, town):
    user = _sign_in(client, db_session)
    household, mother = _family(client, db_session, user)
    html = client.get(f"/coordinator/households/{household.id}/match?q=遠くの食堂").get_data(as_text=True)
    hit = re.search(rf'<li data-service-id="{town.far.id}">.*?</li>', html, re.S)
    assert hit is not None and "理由を記録して提案する" in hit.group(0)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"service_id": town.far.id, "members": f"person-{mother.id}", "override_reason": "送迎あり"}
    response = client.post(f"/coordinator/households/{household.id}/propose", data={**data, "csrf_token": token})
    assert response.status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == town.far.id))
    assert placement.override_reason == "送迎あり" and "distance" in placement.override_constraint.split(",")
