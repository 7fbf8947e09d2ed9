"""Volunteer sign-up (/volunteer/signup): profile + account, validation, the e-mailed confirmation, review state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.models import Area, AreaKind, Volunteer, VolunteerStatus
from tests.factories import make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role, User
from tsunagu.spatial import lon_lat

PASSWORD = "himawari-2026-pass"  # noqa: S105 - test account
DISTRICT = "ひまわり地区"
SQUARE = "SRID=4326;MULTIPOLYGON(((139.96 35.85, 139.98 35.85, 139.98 35.87, 139.96 35.87, 139.96 35.85)))"


def add_district(db_session, name: str = DISTRICT) -> str:
    """A 地区 with a boundary around the factory services' point (35.86, 139.97)."""
    db_session.add(Area(municipality_code="122999", kind=AreaKind.DISTRICT, name=name, boundary=SQUARE))
    db_session.flush()
    return name


def signup_data(client, **overrides):
    """A complete sign-up (the profile fields also fill /volunteer/profile); the token from the sign-up page."""
    data = {
        "code_name": "ひまわり",
        "skills": ["料理", "子どもの見守り"],
        "other_skills": "手話、写真",
        "interests": "子ども、食",
        "availability": ["wed-pm", "sat-am"],
        "district": DISTRICT,
        "max_distance_km": "3",
        "languages": ["ja", "pt-BR"],
        "contact_email": "",
        "contact_phone": "090-1234-5678",
        "bio": "週末に手伝えます。",
        "email": "himawari@example.test",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **overrides,
    }
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client, "/volunteer/signup")
    return data


def sign_up(client, **overrides):
    return client.post("/volunteer/signup", data=signup_data(client, **overrides))


def last_link(app) -> str:
    text = (Path(app.instance_path) / "mail.log").read_text(encoding="utf-8")
    links = re.findall(r"http://localhost(/register/confirm/\S+)", text)
    assert links, "no confirmation link in the mail log"
    return links[-1]


def _volunteer(db_session, email: str) -> Volunteer:
    user = db_session.scalar(select(User).where(User.email == email))
    assert user is not None
    return db_session.scalars(select(Volunteer).where(Volunteer.user_id == user.id)).one()


def test_sign_up_creates_a_pending_profile_and_an_inactive_account(client, db_session):
    add_district(db_session)
    response = sign_up(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/volunteer/signup/sent")
    user = db_session.scalar(select(User).where(User.email == "himawari@example.test"))
    assert user.role == Role.VOLUNTEER and not user.active and user.email_confirmed_at is None
    assert user.display_name == "ひまわり"  # the code name: nothing signed in shows a real name
    volunteer = _volunteer(db_session, "himawari@example.test")
    assert volunteer.status == VolunteerStatus.PENDING and volunteer.code_name == "ひまわり"
    assert volunteer.skills == ["料理", "子どもの見守り", "手話", "写真"] and volunteer.interests == ["子ども", "食"]
    assert volunteer.availability == [
        {"day": "wed", "start": "13:00", "end": "17:00"},
        {"day": "sat", "start": "09:00", "end": "12:00"},
    ]
    assert volunteer.languages == ["ja", "pt-BR"] and volunteer.max_distance_km == 3.0
    # the coarse point is the district's centroid, never an address
    lon, lat = lon_lat(volunteer.home_point)
    assert (round(lon, 6), round(lat, 6)) == (139.97, 35.86) and volunteer.district == DISTRICT
    # a blank contact address defaults to the sign-in address
    assert volunteer.contact_email == "himawari@example.test" and volunteer.contact_phone == "090-1234-5678"
    assert login(client, "himawari@example.test", PASSWORD).status_code == 401  # not confirmed yet


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"code_name": ""}, "code_name", None),
        ({"availability": []}, "availability", "活動できる曜日と時間を一つ以上選んでください"),
        ({"district": ""}, "district", None),
        ({"district": "どこにもない地区"}, "district", None),
        ({"languages": []}, "languages", "話せる言語を一つ以上選んでください"),
        ({"contact_phone": "call me"}, "contact_phone", "電話番号の形が正しくありません"),
        ({"email": "not-an-address"}, "email", "メールアドレスの形が正しくありません"),
        ({"password_again": "something-else-1"}, "password_again", "パスワードが一致しません"),
        ({"password": "short", "password_again": "short"}, "password", None),
    ],
)
def test_invalid_sign_ups_re_render_the_form_with_what_was_typed(client, db_session, overrides, field, message):
    add_district(db_session)
    response = sign_up(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message is None or message in html
    after = html.rsplit(f'name="{field}"', 1)[1]
    section = after[: min(i for i in (after.find("</p>"), after.find("</fieldset>")) if i >= 0)]
    assert 'role="alert"' in section, f"no error shown beside {field}"
    assert 'value="ひまわり"' in html or overrides.get("code_name") == ""  # what was typed stays
    assert db_session.scalar(select(func.count()).select_from(Volunteer)) == 0
    assert db_session.scalar(select(User).where(User.email == "himawari@example.test")) is None


def test_the_sign_up_form_needs_the_csrf_token(client, db_session):
    add_district(db_session)
    assert sign_up(client, csrf_token="").status_code == 400
    assert db_session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_a_known_address_gets_the_same_answer_and_no_second_profile(app, client, db_session):
    add_district(db_session)
    make_user(db_session, Role.GROUP, email="taken@example.test")
    response = sign_up(client, email="taken@example.test")
    assert response.status_code == 302 and response.headers["Location"].endswith("/volunteer/signup/sent")
    assert db_session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_the_mailed_link_confirms_and_the_page_says_it_is_under_review(app, client, db_session):
    add_district(db_session)
    sign_up(client, email="confirm-v@example.test")
    link = last_link(app)
    response = client.get(link)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "volunteer" in response.headers["Location"]  # back to the volunteer's page after signing in
    assert login(client, "confirm-v@example.test", PASSWORD, next_path="/volunteer/").headers["Location"] == (
        "/volunteer/"
    )
    html = client.get("/volunteer/").get_data(as_text=True)
    assert "ボランティアセンターが確認しています" in html
    assert 'class="volunteer-matches"' not in html and 'value="interested"' not in html
    assert client.get(link).status_code == 400  # a link works once


@pytest.mark.parametrize("lang", ["ja", "ja-x-easy", "en", "pt-BR", "vi"])
def test_the_sign_up_form_answers_in_each_language(client, db_session, lang):
    add_district(db_session)
    response = client.get(f"/volunteer/signup?lang={lang}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="availability"' in html and 'name="district"' in html and DISTRICT in html
    assert 'name="viewport"' in html  # phone-friendly: the shared layout's viewport


def test_an_admin_can_pass_a_waiting_volunteer_their_link_when_mail_is_off(client, db_session):
    add_district(db_session)
    sign_up(client)
    login(client, make_user(db_session, Role.ADMIN).email)
    page = client.get("/admin/registrations").get_data(as_text=True)
    row = page.split("himawari@example.test")[0].rsplit("<tr>", 1)[1]
    assert "ボランティア" in row and "/register/confirm/" in page.split("himawari@example.test")[1]
