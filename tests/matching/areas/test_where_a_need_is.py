"""Where a case or a need is: 地区 and 中学校区 on person records and unmet needs, derived or chosen."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import Area, AreaKind
from matching.areas.queries import junior_high_names, junior_high_of
from matching.models import Person, UnmetNeed
from tests.factories import make_agency, make_person, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

WEST = "SRID=4326;MULTIPOLYGON(((139.90 35.80, 139.95 35.80, 139.95 35.85, 139.90 35.85, 139.90 35.80)))"
EAST = "SRID=4326;MULTIPOLYGON(((139.95 35.80, 140.00 35.80, 140.00 35.85, 139.95 35.85, 139.95 35.80)))"
HIGASHI = "SRID=4326;MULTIPOLYGON(((139.96 35.81, 139.98 35.81, 139.98 35.83, 139.96 35.83, 139.96 35.81)))"


def _areas(db_session):
    for kind, name, code, shape in (
        (AreaKind.JUNIOR_HIGH, "第二中学校区", "2", EAST),
        (AreaKind.JUNIOR_HIGH, "第一中学校区", "1", WEST),
        (AreaKind.DISTRICT, "東原地区", None, HIGASHI),
    ):
        db_session.add(Area(municipality_code="122999", kind=kind, name=name, code=code, boundary=shape))
    db_session.flush()


def test_the_junior_high_of_a_district_or_a_point(db_session):
    _areas(db_session)
    assert junior_high_names(db_session) == ["第一中学校区", "第二中学校区"]
    assert junior_high_of(db_session, "東原地区") == "第二中学校区"  # its centroid lies in the east
    assert junior_high_of(db_session, None, (139.91, 35.81)) == "第一中学校区"
    assert junior_high_of(db_session, "どこにもない地区") is None and junior_high_of(db_session, None) is None


def test_intake_derives_the_junior_high_and_an_unmet_need_keeps_both(client, db_session):
    _areas(db_session)
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    assert login(client, coordinator.email).status_code == 302
    form = client.get("/coordinator/persons/new").get_data(as_text=True)
    assert 'name="home_junior_high_district"' in form and "第一中学校区" in form
    person = make_person(db_session, agency, coordinator_id=coordinator.id, home_district="東原地区")
    person.home_junior_high_district = "第二中学校区"
    db_session.flush()
    match_page = client.get(f"/coordinator/persons/{person.id}/match").get_data(as_text=True)
    assert 'name="junior_high_district"' in match_page
    # recorded from the person page without choosing a place: it goes to the person's 地区 and 中学校区
    token = csrf_token(client, f"/coordinator/persons/{person.id}/match")
    response = client.post(
        f"/coordinator/persons/{person.id}/unmet", data={"sought": "夜の居場所", "csrf_token": token}
    )
    assert response.status_code == 302
    need = db_session.scalars(select(UnmetNeed).where(UnmetNeed.person_id == person.id)).one()
    assert (need.district, need.junior_high_district) == ("東原地区", "第二中学校区")
    # from the search page: both chosen
    data = {"sought": "土日の学習支援", "junior_high_district": "第一中学校区", "csrf_token": token}
    assert client.post("/coordinator/unmet/new", data=data).status_code == 302
    need = db_session.scalars(select(UnmetNeed).where(UnmetNeed.sought == "土日の学習支援")).one()
    assert need.junior_high_district == "第一中学校区"
    assert db_session.get(Person, person.id).home_junior_high_district == "第二中学校区"
