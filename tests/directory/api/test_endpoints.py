"""The open API: HSDS 3.1 shapes validated against the official schema, filters, CORS, problem JSON."""

from __future__ import annotations

import json

import pytest

from directory.models import AgeBand, CostOption, EntryStatus, ServiceLanguage, ServiceTranslation, Visibility
from tests.factories import make_service, weekly
from tests.helpers import assert_valid


def test_root_says_hsds_version(client):
    body = client.get("/api/v1/").get_json()
    assert body["version"] == "3.1"


def test_service_object_validates_and_carries_the_japanese_profile(client, db_session, shared_dir):
    service = make_service(db_session, name="みんなの食堂", kinds=("kodomo_shokudo",), schedule=weekly("2WE"))
    service.costs = [
        CostOption(age_band=AgeBand.ELEMENTARY, is_free=True),
        CostOption(age_band=AgeBand.ADULT, amount_yen=300),
    ]
    service.languages = [ServiceLanguage(language="ja"), ServiceLanguage(language="pt-BR")]
    db_session.flush()
    response = client.get(f"/api/v1/services/{service.uuid}")
    assert response.status_code == 200
    body = response.get_json()
    assert_valid(shared_dir, "service", body)
    assert body["name"] == "みんなの食堂"
    assert body["tsunagu_profile"]["kinds"] == ["kodomo_shokudo"]
    assert {c["option"]: c["amount"] for c in body["cost_options"]} == {"elementary": 0, "adult": 300}
    assert body["attributes"][0]["taxonomy_term"]["code"] == "kodomo_shokudo"


def test_private_home_is_jittered_and_has_no_street_address(client, db_session, shared_dir):
    service = make_service(db_session, private_home=True, lat=35.86, lon=139.97)
    body = client.get(f"/api/v1/services/{service.uuid}").get_json()
    assert_valid(shared_dir, "service", body)
    location = body["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) != (35.86, 139.97)
    assert abs(location["latitude"] - 35.86) < 0.004 and abs(location["longitude"] - 139.97) < 0.004
    assert "山田様方" not in json.dumps(body, ensure_ascii=False)
    address = location["addresses"][0]
    assert address["address_1"] == "本町二丁目"
    assert "3-5" not in (address.get("address_1", "") + address.get("address_2", ""))


def test_translated_fields_follow_lang(client, db_session):
    service = make_service(db_session, name="ひだまり食堂")
    service.translations = [ServiceTranslation(locale="pt-BR", field="name", value="Refeitório Hidamari")]
    db_session.flush()
    assert client.get(f"/api/v1/services/{service.uuid}?lang=pt-BR").get_json()["name"] == "Refeitório Hidamari"
    assert client.get(f"/api/v1/services/{service.uuid}?lang=ja").get_json()["name"] == "ひだまり食堂"
    fallback = client.get(f"/api/v1/services/{service.uuid}?lang=vi").get_json()
    assert fallback["name"] == "ひだまり食堂"
    assert fallback["tsunagu_locale"]["name"] == "ja"


@pytest.mark.parametrize(
    "hidden", [{"status": EntryStatus.DRAFT}, {"visibility": Visibility.COORDINATORS}, {"do_not_list": True}]
)
def test_hidden_services_are_not_in_the_api(client, db_session, hidden):
    service = make_service(db_session, name="見せない活動", **hidden)
    assert client.get(f"/api/v1/services/{service.uuid}").status_code == 404
    listed = client.get("/api/v1/services?per_page=100&search=見せない活動").get_json()
    assert listed["total_items"] == 0


def test_services_page_object_and_filters(client, db_session, shared_dir):
    make_service(db_session, name="水曜のこども食堂", kinds=("kodomo_shokudo",), schedule=weekly("WE"))
    make_service(db_session, name="土曜のサロン", kinds=("salon",), schedule=weekly("SA"))
    page = client.get("/api/v1/services?search=こども食堂&day=wed&time=16:00").get_json()
    assert set(page) == {
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    }
    assert [s["name"] for s in page["contents"]] == ["水曜のこども食堂"]
    for item in page["contents"]:
        assert_valid(shared_dir, "service", item)


@pytest.mark.parametrize(
    "query",
    [
        "radius_km=-1&lat=35&lon=139",
        "page=abc",
        "per_page=0",
        "lat=91&lon=0",
        "lat=35",
        "day=someday",
        "time=25:99",
        "sort=distance",
        "threshold=maybe",
        "age=-3",
    ],
)
def test_bad_parameters_are_400_problem_json(client, db_session, query):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 400 and body["invalid_params"]


def test_unknown_ids_and_routes_are_404_problem_json(client, db_session):
    for path in ("/api/v1/services/00000000-0000-4000-8000-000000000000", "/api/v1/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_cors_is_open_for_reads(client, db_session):
    response = client.get("/api/v1/taxonomies")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_taxonomy_terms_have_labels_in_the_requested_language(client, db_session):
    terms = client.get("/api/v1/taxonomy_terms?per_page=100&lang=en").get_json()["contents"]
    names = {t["code"]: t["name"] for t in terms}
    assert names["kodomo_shokudo"].startswith("Children")
    taxonomies = client.get("/api/v1/taxonomies").get_json()["contents"]
    kind = next(t for t in taxonomies if t["name"] == "活動の種類")
    only_kinds = client.get(f"/api/v1/taxonomy_terms?taxonomy_id={kind['id']}&per_page=100").get_json()
    assert only_kinds["total_items"] == 7


def test_organization_and_service_at_location_validate(client, db_session, shared_dir):
    service = make_service(db_session)
    org = client.get(f"/api/v1/organizations/{service.organization.uuid}").get_json()
    assert_valid(shared_dir, "organization", {k: v for k, v in org.items() if k != "services"})
    link = client.get(f"/api/v1/service_at_locations/{service.at_locations[0].uuid}").get_json()
    assert_valid(shared_dir, "service_at_location", {k: v for k, v in link.items() if k != "service"})
