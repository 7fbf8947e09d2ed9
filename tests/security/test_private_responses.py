"""No browser or proxy keeps a page or file that carries personal data; public pages stay cacheable."""

from __future__ import annotations

from directory.models import Visibility
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role


def test_person_timeline_placement_and_report_files_are_never_stored(client, db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    person = make_person(db_session, agency)
    placement = make_placement(db_session, person)
    login(client, coordinator.email)
    for path in (
        f"/coordinator/persons/{person.id}",
        f"/coordinator/persons/{person.id}/timeline",
        f"/coordinator/placements/{placement.id}",
        "/coordinator/volunteers",
        "/coordinator/persons/999999",  # a 404 from the private area too
    ):
        response = client.get(path)
        assert "no-store" in response.headers.get("Cache-Control", ""), path
    admin = make_user(db_session, Role.ADMIN)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, admin.email)
    for path in ("/admin/reports/by_kind.csv", "/admin/reports/by_kind.xlsx", "/admin/users"):
        response = client.get(path)
        assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"], path


def test_a_coordinators_only_entrys_locator_map_is_not_public(client, db_session):
    hidden = make_service(db_session, name="ケース3001さんの個別メニュー", visibility=Visibility.COORDINATORS)
    public = make_service(db_session)
    assert client.get(f"/services/{hidden.id}/map.svg").status_code == 404
    anonymous = client.get(f"/services/{public.id}/map.svg")
    assert anonymous.headers["Cache-Control"] == "public, max-age=3600"
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client, make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session)).email)
    response = client.get(f"/services/{hidden.id}/map.svg")
    assert response.status_code == 200
    assert "public" not in response.headers["Cache-Control"] and "no-store" in response.headers["Cache-Control"]
