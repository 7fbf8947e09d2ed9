"""Input an outside tester sent that ended in a 500: now a 4xx or an ignored parameter (both databases)."""

from __future__ import annotations

import pytest

from tests.factories import make_agency, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

HUGE = "99999999999999999999"


@pytest.fixture
def admin(client, db_session):
    user = make_user(db_session, Role.ADMIN, agency=make_agency(db_session))
    login(client, user.email)
    return user


@pytest.mark.parametrize("path", ["/", "/api/v1/services", "/map/embed", "/api/v1/map.geojson"])
def test_a_huge_time_is_a_clear_400(client, path):
    response = client.get(f"{path}?time={HUGE}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/audit?person={2**64}",
        f"/admin/audit?user={HUGE}",
        f"/admin/users?agency={2**64}",
        f"/coordinator/development/new?need={2**64}",
        "/coordinator/hosts?status=no-such-status",
        "/coordinator/hosts/map?status=no-such-status",
    ],
)
def test_ids_beyond_the_database_range_and_unknown_filters_are_ignored(client, admin, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [f"/coordinator/persons/{2**64}", f"/services/{2**64}", f"/services/{2**64}/map.svg", f"/admin/users/{HUGE}"],
)
def test_ids_beyond_the_database_range_in_the_path_are_not_found(client, admin, path):
    assert client.get(path).status_code == 404


def test_deeply_nested_json_to_the_match_api_is_a_problem_400(client, db_session):
    coordinator = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    login(client, coordinator.email)
    token = csrf_token(client, "/coordinator/")
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/match", data=body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
