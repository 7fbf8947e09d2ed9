"""興味あり: the volunteer's matching ボランティア募集 entries, interest, sharing contact details, and what a group
(and everyone else) sees of it. Contact details reach a group only when the volunteer shares them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from directory.models import EntryStatus, InterestStatus, Service, VolunteerInterest, VolunteerStatus
from tests.directory.volunteers.test_signup import add_district
from tests.factories import make_organization, make_service, make_user, make_volunteer, weekly
from tests.helpers import csrf_token, login
from tsunagu.models import Role, User

CONTACT = "secret-kaede@example.test"
PHONE = "080-2222-3333"


@dataclass
class Setting:
    group: User
    wanted: Service
    other_kind: Service
    volunteer: Any
    volunteer_user: User


@pytest.fixture
def setting(db_session) -> Setting:
    add_district(db_session)
    organization = make_organization(db_session, name="こども食堂ひだまり")
    group = make_user(db_session, Role.GROUP, organization_id=organization.id)
    wanted = make_service(
        db_session,
        name="調理ボランティア募集",
        organization=organization,
        kinds=("volunteers_wanted",),
        schedule=weekly("WE"),
        description="子ども食堂で料理を手伝う人を募集",
        lat=35.861,
        lon=139.97,
    )
    other_kind = make_service(db_session, name="水曜の居場所", kinds=("ibasho",), schedule=weekly("WE"))
    user = make_user(db_session, Role.VOLUNTEER)
    volunteer = make_volunteer(
        db_session,
        user_id=user.id,
        code_name="かえで",
        district="ひまわり地区",
        contact_email=CONTACT,
        contact_phone=PHONE,
        bio="料理が好きです",
    )
    return Setting(group, wanted, other_kind, volunteer, user)


def _say(client, service_id: int, action: str, token: str | None = None):
    token = csrf_token(client, "/logout") if token is None else token
    return client.post(f"/volunteer/interests/{service_id}", data={"csrf_token": token, "action": action})


def _switch(client, user: User) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    assert login(client, user.email).status_code == 302


def _status(db_session, setting: Setting) -> InterestStatus | None:
    db_session.expire_all()
    interest = db_session.scalars(
        select(VolunteerInterest).where(VolunteerInterest.volunteer_id == setting.volunteer.id)
    ).first()
    return interest.status if interest else None


def test_the_volunteer_sees_matching_volunteers_wanted_entries_with_reasons(client, db_session, setting):
    login(client, setting.volunteer_user.email)
    html = client.get("/volunteer/").get_data(as_text=True)
    assert "調理ボランティア募集" in html and "水曜の居場所" not in html
    entry = html.split(f'id="service-{setting.wanted.id}"', 1)[1].split("</li>\n    \n", 1)[0]
    assert '<ul class="reasons"><li>' in entry  # the engine's reasons, read aloud
    assert 'value="interested"' in entry


def test_interest_then_sharing_then_withdrawing_is_what_the_group_sees(client, db_session, setting):
    login(client, setting.volunteer_user.email)
    assert _say(client, setting.wanted.id, "interested").status_code == 302
    assert _status(db_session, setting) == InterestStatus.INTERESTED

    _switch(client, setting.group)
    page = client.get("/contribute/").get_data(as_text=True)
    section = page.split(f'class="volunteer-interests" data-service-id="{setting.wanted.id}"', 1)[1]
    assert "関心のあるボランティア" in page and "かえで" in section and "料理" in section
    assert "水曜 14:00–18:00" in section  # availability read back
    assert CONTACT not in page and PHONE not in page  # not shared yet

    _switch(client, setting.volunteer_user)
    assert _say(client, setting.wanted.id, "share").status_code == 302
    assert _status(db_session, setting) == InterestStatus.CONTACT_SHARED
    _switch(client, setting.group)
    page = client.get("/contribute/").get_data(as_text=True)
    assert CONTACT in page and PHONE in page

    _switch(client, setting.volunteer_user)
    assert _say(client, setting.wanted.id, "withdraw").status_code == 302
    assert _status(db_session, setting) == InterestStatus.DECLINED
    _switch(client, setting.group)
    page = client.get("/contribute/").get_data(as_text=True)
    assert "かえで" not in page and CONTACT not in page and PHONE not in page


def test_contact_details_never_reach_public_pages_or_other_groups(client, db_session, setting):
    login(client, setting.volunteer_user.email)
    _say(client, setting.wanted.id, "share")
    other_org = make_organization(db_session)
    other_group = make_user(db_session, Role.GROUP, organization_id=other_org.id)
    make_service(db_session, organization=other_org, kinds=("volunteers_wanted",))
    _switch(client, other_group)
    page = client.get("/contribute/").get_data(as_text=True)
    assert "かえで" not in page and CONTACT not in page
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    for path in (f"/services/{setting.wanted.id}", "/?q=調理ボランティア", f"/api/v1/services/{setting.wanted.uuid}"):
        html = client.get(path).get_data(as_text=True)
        assert "かえで" not in html and CONTACT not in html and PHONE not in html, path


def test_interest_needs_the_csrf_token(client, db_session, setting):
    login(client, setting.volunteer_user.email)
    assert _say(client, setting.wanted.id, "interested", token="").status_code == 400
    assert _status(db_session, setting) is None


def test_only_approved_volunteers_say_interested_and_only_to_visible_volunteers_wanted(client, db_session, setting):
    draft = make_service(
        db_session, organization=setting.wanted.organization, kinds=("volunteers_wanted",), status=EntryStatus.DRAFT
    )
    login(client, setting.volunteer_user.email)
    assert _say(client, setting.other_kind.id, "interested").status_code == 404  # not a ボランティア募集
    assert _say(client, draft.id, "interested").status_code == 404  # not public
    assert _say(client, 999_999, "interested").status_code == 404
    assert _say(client, setting.wanted.id, "bogus").status_code == 400
    setting.volunteer.status = VolunteerStatus.PENDING
    db_session.flush()
    assert _say(client, setting.wanted.id, "interested").status_code == 403
    assert _status(db_session, setting) is None
    _switch(client, setting.group)
    assert _say(client, setting.wanted.id, "interested", token=csrf_token(client, "/logout")).status_code == 403
