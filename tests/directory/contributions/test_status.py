"""The group's activity list shows each entry's real state; coordinators' 個別メニュー are not the group's listing."""

from __future__ import annotations

import re

from sqlalchemy import select

from directory.contributions.queries import group_entries
from directory.contributions.services import approve, create_activity, submit_for_review
from directory.models import ChangeRequest, EntryStatus, Visibility
from tests.factories import make_custom_menu, make_prospect, make_service, make_user
from tests.helpers import login
from tsunagu.models import Role


def _states(client) -> dict[str, str]:
    """Entry name → the state tag shown on /contribute/."""
    html = client.get("/contribute/").get_data(as_text=True)
    items = re.findall(r'<li class="result" data-state="(\w+)">\s*<h3><a [^>]*>([^<]+)</a>', html)
    return {name: state for state, name in items}


def test_a_coordinators_custom_menu_at_the_groups_place_is_not_listed_as_public(client, db_session):
    menu = make_custom_menu(db_session, make_prospect(db_session, name="八百屋さん"), name="Aさんの店番体験")
    organization = menu.service.organization
    organization.status = EntryStatus.PUBLISHED  # the host also registered itself as a group
    leader = make_user(db_session, Role.GROUP, organization_id=organization.id)
    own = make_service(db_session, organization=organization, name="朝市のお手伝い")
    login(client, leader.email)

    states = _states(client)
    assert states == {"朝市のお手伝い": "published"}  # the menu made for one person is not the group's listing
    assert "Aさんの店番体験" not in client.get("/contribute/").get_data(as_text=True)
    assert [s.id for s, _state in group_entries(db_session, organization.id)] == [own.id]


def test_the_groups_own_entry_made_coordinators_only_shows_as_not_public(client, db_session):
    leader_org = make_service(db_session).organization
    leader = make_user(db_session, Role.GROUP, organization_id=leader_org.id)
    reviewer = make_user(db_session, Role.COORDINATOR)
    service = create_activity(db_session, leader_org, {"name": "ひみつの相談会", "kind": "consultation"}, actor=leader)
    approve(db_session, submit_for_review(db_session, service, actor=leader), reviewer=reviewer)
    service.visibility = Visibility.COORDINATORS  # a coordinator took it off the public listing
    db_session.flush()
    login(client, leader.email)

    html = client.get("/contribute/").get_data(as_text=True)
    assert _states(client)["ひみつの相談会"] == "coordinators"
    item = html.split("ひみつの相談会")[1].split("</li>")[0]
    assert "非公開（コーディネーターのみ）" in item and "公開中" not in item
    assert "公開ページを見る" not in item and "この内容で正しい" not in item
    assert db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).first()


def test_the_host_group_cannot_open_a_custom_menu_by_its_address(client, db_session):
    menu = make_custom_menu(db_session, make_prospect(db_session, name="八百屋さん"), name="Bさんの店番体験")
    leader = make_user(db_session, Role.GROUP, organization_id=menu.service.organization_id)
    login(client, leader.email)

    for path in (f"/services/{menu.service_id}", f"/contribute/activities/{menu.service_id}"):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "Bさんの店番体験" not in response.get_data(as_text=True)


def test_an_entry_unconfirmed_for_18_months_is_not_shown_as_public_and_confirming_brings_it_back(client, db_session):
    from datetime import timedelta

    from tsunagu.db import utcnow

    service = make_service(db_session, name="ながいきサロン")
    service.verified_at = utcnow() - timedelta(days=600)
    leader = make_user(db_session, Role.GROUP, organization_id=service.organization.id)
    db_session.commit()
    assert "ながいきサロン</a>" not in client.get("/?q=ながいき").get_data(as_text=True)  # out of search
    login(client, leader.email)
    html = client.get("/contribute/").get_data(as_text=True)
    assert _states(client) == {"ながいきサロン": "unconfirmed"}
    assert "確認待ち（検索に出ていません）" in html and ">公開中<" not in html
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post(f"/contribute/activities/{service.id}/confirm", data={"csrf_token": token})
    assert _states(client) == {"ながいきサロン": "published"}
    assert "ながいきサロン</a>" in client.get("/?q=ながいき").get_data(as_text=True)


def test_the_activity_page_of_an_entry_unconfirmed_for_18_months_does_not_say_it_is_public(client, db_session):
    from datetime import timedelta

    from tsunagu.db import utcnow

    service = make_service(db_session, name="ながいき体操")
    service.verified_at = utcnow() - timedelta(days=600)
    leader = make_user(db_session, Role.GROUP, organization_id=service.organization.id)
    db_session.commit()
    login(client, leader.email)
    html = client.get(f"/contribute/activities/{service.id}").get_data(as_text=True)
    assert "確認待ち（検索に出ていません）" in html and "この活動は公開中です" not in html
    confirm = html.split(f'action="/contribute/activities/{service.id}/confirm"')[1].split("</form>")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', confirm).group(1)
    client.post(f"/contribute/activities/{service.id}/confirm", data={"csrf_token": token})
    html = client.get(f"/contribute/activities/{service.id}").get_data(as_text=True)
    assert "この活動は公開中です" in html and "確認待ち" not in html
    assert "ながいき体操</a>" in client.get("/?q=ながいき").get_data(as_text=True)
