"""Override with a reason: a near miss or an entry found by search is proposed with the reason and the broken
condition recorded on the placement."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from matching.models import Placement
from tests.matching.persons.test_pages import _intake, _sign_in
from tsunagu.clock import TOKYO, today_in_japan


def _token(html):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_near_miss_is_proposed_only_with_a_reason_which_is_recorded(client, db_session, town):
    _sign_in(client, db_session)
    person_url = _intake(client).location
    html = client.get(person_url + "/match").get_data(as_text=True)
    assert "理由を記録して提案する" in html and "高い料理教室" in html
    token = _token(html)
    refused = client.post(person_url + "/propose", data={"service_id": town.pricey.id, "csrf_token": token})
    assert refused.status_code == 302 and refused.location.endswith("/match")
    assert db_session.scalar(select(Placement).where(Placement.service_id == town.pricey.id)) is None
    reason = "参加費は本人の了承済み。初回は施設が負担。"
    data = {"service_id": town.pricey.id, "override_reason": reason, "csrf_token": token}
    assert client.post(person_url + "/propose", data=data).status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == town.pricey.id))
    assert placement.override_reason == reason and placement.override_constraint == "cost"
    page = client.get(person_url).get_data(as_text=True)
    assert reason in page and "参加費が上限を超える" in page


def test_an_entry_found_by_search_can_be_proposed_with_a_reason(client, db_session, town):
    _sign_in(client, db_session)
    person_url = _intake(client).location
    html = client.get(person_url + "/match?q=遠くの食堂").get_data(as_text=True)
    assert f'data-service-id="{town.far.id}"' in html
    data = {"service_id": town.far.id, "override_reason": "送迎あり", "csrf_token": _token(html)}
    assert client.post(person_url + "/propose", data=data).status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == town.far.id))
    assert placement.override_constraint == "distance" and placement.override_reason == "送迎あり"


def test_a_proposal_is_dated_the_day_it_was_made_but_never_in_the_future(client, db_session, town):
    _sign_in(client, db_session)
    person_url = _intake(client).location
    html = client.get(person_url + "/match?q=遠くの食堂").get_data(as_text=True)
    assert 'name="proposed_on"' in html
    data = {"service_id": town.far.id, "override_reason": "送迎あり", "csrf_token": _token(html)}
    tomorrow = (today_in_japan() + timedelta(days=1)).isoformat()
    refused = client.post(person_url + "/propose", data={**data, "proposed_on": tomorrow}, follow_redirects=True)
    assert "未来の日付は記録できません" in refused.get_data(as_text=True)
    typo = client.post(person_url + "/propose", data={**data, "proposed_on": "1900-01-01"}, follow_redirects=True)
    assert "2000年1月1日から1年先までの日付を入力してください" in typo.get_data(as_text=True)
    assert db_session.scalar(select(Placement).where(Placement.service_id == town.far.id)) is None
    last_week = today_in_japan() - timedelta(days=7)
    assert client.post(person_url + "/propose", data={**data, "proposed_on": last_week.isoformat()}).status_code == 302
    placement = db_session.scalar(select(Placement).where(Placement.service_id == town.far.id))
    assert placement.proposed_at.astimezone(TOKYO).date() == last_week
    assert placement.events[0].at.astimezone(TOKYO).date() == last_week
