"""A group's pages: the guided activity form, drafts, submission, edits of published entries, permissions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.contributions.services import NotAllowed, create_activity, update_activity
from directory.models import ChangeKind, ChangeRequest, EntryStatus, ReviewState, Service
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

NEW = "/contribute/activities/new"


def activity_form(client, path: str = NEW, **overrides):
    """What a group types into the guided form (a phone user's answers), with the page's CSRF token."""
    data = {
        "name": "みんなの食堂ひだまり",
        "kind": "kodomo_shokudo",
        "description": "地域のだれでも来られる食堂です。",
        "eligibility_description": "子どもと親、地域の方",
        "schedule_text": "毎月第2・4水曜日 15時～19時",
        "cost_elementary_free": "y",
        "cost_adult": "300",
        "capacity": "30",
        "how_to_join": "予約はいりません。",
        "threshold": "drop-in",
        "space": "open",
        "languages": ["ja", "ja-x-easy"],
        "accessibility": ["wheelchair"],
        "prefecture": "千葉県",
        "city": "つなぐ市",
        "town": "本町二丁目",
        "block": "3-5",
        "latitude": "35.861",
        "longitude": "139.971",
        "action": "draft",
        "csrf_token": csrf_token(client, path),
    }
    data.update(overrides)
    return data


@pytest.fixture
def group(client, db_session):
    organization = make_organization(db_session, name="ひだまりの会")
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    assert login(client, user.email).status_code == 302
    return user, organization


def _only_service(db_session, organization) -> Service:
    return db_session.scalars(select(Service).where(Service.organization_id == organization.id)).one()


def test_a_group_saves_a_draft_with_every_field_of_the_guided_form(client, db_session, group):
    _user, organization = group
    response = client.post(NEW, data=activity_form(client))
    assert response.status_code == 302
    service = _only_service(db_session, organization)
    assert service.status == EntryStatus.DRAFT and service.name == "みんなの食堂ひだまり"
    assert [t.code for t in service.terms] == ["kodomo_shokudo"]
    assert {(str(c.age_band), c.is_free, c.amount_yen) for c in service.costs} == {
        ("elementary", True, None),
        ("adult", False, 300),
    }
    assert [(s.byday, s.opens_at.hour, s.closes_at.hour) for s in service.schedules] == [("2WE,4WE", 15, 19)]
    assert service.capacity == 30 and sorted(lang.language for lang in service.languages) == ["ja", "ja-x-easy"]
    location = service.at_locations[0].location
    assert [str(a.feature) for a in location.accessibility] == ["wheelchair"] and location.town == "本町二丁目"
    page = client.get("/contribute/").get_data(as_text=True)
    assert "みんなの食堂ひだまり" in page and "下書き" in page
    # a draft is nobody else's business
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert client.get(f"/services/{service.id}").status_code == 404


def test_the_schedule_is_read_back_for_confirmation_before_saving(client, db_session, group):
    _user, organization = group
    response = client.post(NEW, data=activity_form(client, action="preview"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "このように読み取りました" in html and "第2・4" in html and "15:00–19:00" in html
    assert db_session.scalars(select(Service).where(Service.organization_id == organization.id)).first() is None


def test_the_location_picker_markup_holds_plain_number_inputs(client, group):
    html = client.get(NEW).get_data(as_text=True)
    picker = html.split("data-location-picker", 1)[1].split("</div>", 1)[0]
    assert 'name="latitude"' in picker and 'name="longitude"' in picker and 'type="number"' in picker
    assert 'name="town"' in picker


def test_submitting_sends_the_entry_to_the_review_queue(client, db_session, group):
    _user, organization = group
    client.post(NEW, data=activity_form(client, action="submit"))
    service = _only_service(db_session, organization)
    assert service.status == EntryStatus.PENDING
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).one()
    assert request.kind == ChangeKind.NEW and request.state == ReviewState.PENDING
    assert request.after["name"] == "みんなの食堂ひだまり"
    assert "審査中" in client.get("/contribute/").get_data(as_text=True)


def test_form_errors_re_render_the_form(client, db_session, group):
    _user, organization = group
    response = client.post(
        NEW, data=activity_form(client, name="", latitude="35.8", longitude="", minimum_age="10", maximum_age="5")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "緯度と経度は両方入れてください" in html and "上限は下限以上にしてください" in html
    assert db_session.scalars(select(Service).where(Service.organization_id == organization.id)).first() is None


def test_an_edit_of_a_published_entry_waits_for_review_and_the_public_keeps_the_old_version(client, db_session, group):
    _user, organization = group
    service = make_service(db_session, organization=organization, name="ひだまりサロン")
    path = f"/contribute/activities/{service.id}"
    form = activity_form(client, path, name="ひだまりサロン（新）", action="submit")
    assert client.post(path, data=form).status_code == 302
    db_session.expire_all()
    assert db_session.get(Service, service.id).name == "ひだまりサロン"
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).one()
    assert request.kind == ChangeKind.EDIT and request.before["name"] == "ひだまりサロン"
    assert request.after["name"] == "ひだまりサロン（新）"
    public = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "ひだまりサロン" in public and "（新）" not in public
    dashboard = client.get("/contribute/").get_data(as_text=True)
    assert "公開中" in dashboard and "変更を審査中" in dashboard
    # the form shows the pending proposal, and a second edit updates it rather than queueing another
    assert "ひだまりサロン（新）" in client.get(path).get_data(as_text=True)
    client.post(path, data=activity_form(client, path, name="ひだまりサロン（新2）", action="submit"))
    db_session.expire_all()
    requests = db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).all()
    assert len(requests) == 1 and requests[0].after["name"] == "ひだまりサロン（新2）"


def test_asking_not_to_be_listed_hides_a_published_entry_at_once(client, db_session, group):
    _user, organization = group
    service = make_service(db_session, organization=organization, name="ひっそり教室")
    path = f"/contribute/activities/{service.id}"
    client.post(path, data=activity_form(client, path, name="ひっそり教室", do_not_list="y", action="submit"))
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert client.get(f"/services/{service.id}").status_code == 404
    assert "ひっそり教室" not in client.get("/?q=ひっそり").get_data(as_text=True)
    coordinator = make_user(db_session, Role.COORDINATOR)
    login(client, coordinator.email)
    assert client.get(f"/services/{service.id}").status_code == 200


def test_a_group_cannot_touch_another_groups_entries(client, db_session, group):
    user, _organization = group
    other = make_service(db_session, organization=make_organization(db_session), status=EntryStatus.DRAFT)
    path = f"/contribute/activities/{other.id}"
    assert client.get(path).status_code == 404
    assert client.post(path, data=activity_form(client, NEW)).status_code == 404
    with pytest.raises(NotAllowed):
        update_activity(db_session, other, {"name": "乗っ取り"}, actor=user)
    with pytest.raises(NotAllowed):
        create_activity(db_session, other.organization, {"name": "乗っ取り"}, actor=user)


def test_agency_staff_and_anonymous_users_have_no_group_pages(client, db_session):
    service = make_service(db_session)
    assert client.get("/contribute/").status_code == 302
    staff = make_user(db_session, Role.AGENCY)
    login(client, staff.email)
    assert client.get("/contribute/").status_code == 403
    with pytest.raises(NotAllowed):
        update_activity(db_session, service, {"name": "x"}, actor=staff)


def test_organisation_changes_of_a_published_group_wait_for_review(client, db_session, group):
    _user, organization = group
    path = "/contribute/organization"
    token = csrf_token(client, path)
    data = {"name": "ひだまりの会（新）", "kind": "npo", "website": "https://hidamari.example.jp", "csrf_token": token}
    assert client.post(path, data=data).status_code == 302
    db_session.expire_all()
    assert organization.name == "ひだまりの会"
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.organization_id == organization.id)).one()
    assert request.service_id is None and request.after["name"] == "ひだまりの会（新）"


@pytest.mark.parametrize("path", [NEW, "/contribute/organization"])
def test_group_forms_need_the_csrf_token(client, db_session, group, path):
    data = activity_form(client, csrf_token="") if path == NEW else {"name": "x", "kind": "npo"}
    assert client.post(path, data=data).status_code == 400
    _user, organization = group
    assert db_session.scalars(select(Service).where(Service.organization_id == organization.id)).first() is None
    requests = select(ChangeRequest).where(ChangeRequest.organization_id == organization.id)
    assert db_session.scalars(requests).first() is None


@pytest.mark.parametrize(
    ("role", "own", "other", "pages", "registrations"),
    [
        (Role.GROUP, True, False, True, False),
        (Role.COORDINATOR, True, True, True, False),
        (Role.ADMIN, True, True, True, True),
        (Role.AGENCY, False, False, False, False),
    ],
)
def test_contribution_permissions_per_role(db_session, role, own, other, pages, registrations):
    from directory.permissions import can_add_activity, can_edit_organization, can_edit_service
    from tsunagu.permissions import can_edit_entries, can_manage_registrations

    mine, theirs = make_organization(db_session), make_organization(db_session)
    user = make_user(db_session, role, organization_id=mine.id if role == Role.GROUP else None)
    their_service = make_service(db_session, organization=theirs)
    assert (can_add_activity(user, mine), can_edit_organization(user, mine)) == (own, own)
    assert (can_add_activity(user, theirs), can_edit_organization(user, theirs)) == (other, other)
    assert can_edit_service(user, their_service) == other
    assert can_edit_entries(user) == pages and can_manage_registrations(user) == registrations
