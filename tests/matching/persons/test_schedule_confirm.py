"""The coordinator's match page: a week-unknown entry is suggested with what to confirm, and entries without
a weekday are listed under 「日程の確認が必要」 (issue #21 item 1)."""

from __future__ import annotations

from datetime import time

from directory.models import Frequency
from tests.factories import make_agency, make_service, make_user
from tests.helpers import csrf_token, login
from tests.matching.persons.test_pages import INTAKE
from tsunagu.models import Role

PERSON = {**INTAKE, "code_name": "Yさん", "interests": "料理"}


def test_the_match_page_shows_uncertain_dates_and_the_entries_to_confirm(client, db_session, town):
    monthly = {
        "freq": Frequency.MONTHLY,
        "byday": "WE",
        "week_unknown": True,
        "per_month": 1,
        "opens_at": time(15),
        "closes_at": time(17),
    }
    make_service(db_session, name="月1回の水曜食堂", kinds=("kodomo_shokudo",), schedule=monthly, free=True)
    make_service(
        db_session, name="不定期の食堂", kinds=("kodomo_shokudo",), schedule={"freq": Frequency.IRREGULAR}, free=True
    )
    user = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    assert login(client, user.email).status_code == 302
    token = csrf_token(client, "/coordinator/persons/new")
    person_url = client.post("/coordinator/persons/new", data={**PERSON, "csrf_token": token}).location
    html = client.get(person_url + "/match").get_data(as_text=True)
    assert "月1回の水曜食堂" in html
    assert "月1回・水曜日 15:00～17:00（日程は団体に確認）" in html
    assert "開催日（第何週か）を団体に確認" in html
    section = html.split("日程の確認が必要", 1)[1]
    assert "不定期の食堂" in section.split("</ul>", 1)[0]
