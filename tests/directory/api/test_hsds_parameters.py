"""The HSDS API reference's list parameters: minimal, full and format (ndjson)."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_organization, make_service


@pytest.fixture
def catalog(db_session):
    organization = make_organization(db_session, name="つなぐ食堂の会")
    services = [make_service(db_session, name=f"つなぐ子ども食堂{n}", organization=organization) for n in range(1, 4)]
    db_session.commit()
    return services


def test_minimal_lists_every_service_with_only_id_name_and_modified_date(client, catalog):
    body = client.get("/api/v1/services?minimal=true&per_page=1").get_json()
    assert body["total_items"] == 3 and len(body["contents"]) == 3  # all in one call, whatever per_page says
    for item in body["contents"]:
        assert set(item) == {"id", "name", "modified_date"}
        assert item["modified_date"].endswith("Z")
    assert {item["id"] for item in body["contents"]} == {s.uuid for s in catalog}


def test_minimal_follows_the_search(client, catalog):
    body = client.get("/api/v1/services?minimal=true&search=つなぐ子ども食堂2").get_json()
    assert [item["name"] for item in body["contents"]] == ["つなぐ子ども食堂2"]


def test_full_false_leaves_nested_objects_out_and_full_true_nests(client, catalog):
    flat = client.get("/api/v1/services?full=false").get_json()["contents"][0]
    assert "organization" not in flat and "service_at_locations" not in flat and flat["name"]
    nested = client.get("/api/v1/services").get_json()["contents"][0]
    assert nested["organization"]["name"] == "つなぐ食堂の会"
    organizations = client.get("/api/v1/organizations?full=true").get_json()["contents"]
    assert len(organizations[0]["services"]) == 3
    assert "services" not in client.get("/api/v1/organizations").get_json()["contents"][0]
    links = client.get("/api/v1/service_at_locations?full=true").get_json()["contents"]
    assert links and all(link["service"]["name"].startswith("つなぐ") for link in links)


def test_ndjson_streams_every_result_one_object_a_line(client, catalog):
    response = client.get("/api/v1/services?format=ndjson&per_page=1")
    assert response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert sorted(line["name"] for line in lines) == [f"つなぐ子ども食堂{n}" for n in range(1, 4)]
    minimal = client.get("/api/v1/services?format=ndjson&minimal=true").get_data(as_text=True).splitlines()
    assert len(minimal) == 3 and set(json.loads(minimal[0])) == {"id", "name", "modified_date"}
    organizations = client.get("/api/v1/organizations?format=ndjson").get_data(as_text=True).splitlines()
    assert [json.loads(line)["name"] for line in organizations] == ["つなぐ食堂の会"]


@pytest.mark.parametrize("query", ["format=xml", "minimal=yes please", "full=2"])
def test_undefined_values_are_400_problems(client, catalog, query):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["invalid_params"][0]["name"] in query


def test_openapi_documents_the_parameters(client, catalog):
    document = client.get("/api/v1/openapi.json").get_json()
    names = {p["name"] for p in document["paths"]["/services"]["get"]["parameters"]}
    assert {"minimal", "full", "format"} <= names
    assert "full" in {p["name"] for p in document["paths"]["/organizations"]["get"]["parameters"]}


def test_openapi_describes_the_schedule_extension(client, catalog):
    """Each schedule's tsunagu_profile (holiday closures, 年末年始, 「8月はお休み」…) is documented field by field."""
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["Service"]["properties"]["schedules"]["items"] == {"$ref": "#/components/schemas/Schedule"}
    profile = schemas["ScheduleProfile"]["properties"]
    assert {"week_unknown", "per_month", "skip_holidays", "holiday_shift", "except_months", "except_dates"} <= set(
        profile
    )
    assert "12-29/01-03" in profile["except_dates"]["description"]
