"""The activity form's map picker without a geocoder: the municipality's own 町域, found by name or reading."""

from __future__ import annotations

import pytest

from directory.models import Location
from tests.factories import make_organization, make_service, make_user
from tests.helpers import login
from tsunagu.models import Role


@pytest.fixture
def group(client, db_session):
    organization = make_organization(db_session, name="すずらんの会", municipality_code="122999")
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    for town, lat, lon in (
        ("本町二丁目", 35.860, 139.970),
        ("本町二丁目", 35.862, 139.972),
        ("緑が丘一丁目", 35.87, 139.99),
    ):
        service = make_service(db_session, lat=lat, lon=lon, organization=organization)
        location: Location = service.at_locations[0].location
        location.town, location.municipality_code = town, "122999"
    db_session.commit()
    assert login(client, user.email).status_code == 302
    return organization


def test_towns_are_found_by_name_or_reading_at_the_middle_of_their_pins(client, group):
    by_name = client.get("/contribute/towns?q=本町").get_json()
    assert by_name == [{"town": "本町二丁目", "lat": pytest.approx(35.861), "lon": pytest.approx(139.971)}]
    assert [town["town"] for town in client.get("/contribute/towns?q=みどり").get_json()] == ["緑が丘一丁目"]
    assert client.get("/contribute/towns?q=ホンチョウ").get_json()[0]["town"] == "本町二丁目"
    assert client.get("/contribute/towns?q=").get_json() == []
    assert client.get("/contribute/towns?q=存在しない町").get_json() == []


def test_the_town_list_is_for_signed_in_groups_only(client, db_session):
    response = client.get("/contribute/towns?q=本町")
    assert response.status_code in (302, 401)


def test_the_activity_form_loads_the_picker_with_town_search(client, group):
    html = client.get("/contribute/activities/new").get_data(as_text=True)
    assert "js/location-picker.js" in html and "leaflet" in html
    assert 'data-town-search="/contribute/towns"' in html
    assert 'data-centre="35.86' in html  # opens over the group's own municipality
