"""The open API fuzzed from its own OpenAPI document: no 500s, every response matches the schema.

schemathesis generates requests (valid and invalid parameters) for every operation in /api/v1/openapi.json and
checks the responses: no server error, documented status codes and content types, bodies that validate.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import make_organization, make_service

EXAMPLES = int(os.environ.get("TSUNAGU_FUZZ_EXAMPLES", "25"))
"""Examples per operation; CI keeps it small, a local `TSUNAGU_FUZZ_EXAMPLES=300` run digs deeper."""


@pytest.fixture
def api_schema(app, db_session):
    organization = make_organization(db_session, name="つなぐ食堂の会")
    make_service(db_session, name="つなぐ子ども食堂", organization=organization)
    make_service(db_session, name="ふれあいサロン", organization=organization)
    db_session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_api_never_fails_and_matches_its_schema(api_schema):
    # one hypothesis run per operation (schemathesis' pytest plugin does not follow our parametrised fixtures)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            # lat without lon is schema-valid (OpenAPI cannot tie two parameters) and rightly a 400 problem
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()


def test_a_nul_character_is_refused_with_a_clear_error_on_pages_and_the_api(client):
    page = client.get("/?q=%00")
    assert page.status_code == 400
    assert "NUL" in page.get_data(as_text=True)
    api = client.get("/api/v1/services?district=%00")
    assert api.status_code == 400
    assert api.mimetype == "application/problem+json"
    repeated = client.get("/api/v1/map.geojson?kind=&kind=%00")  # found by schemathesis: a second value
    assert repeated.status_code == 400 and repeated.mimetype == "application/problem+json"


def test_an_unknown_accessibility_feature_is_a_400_problem_naming_the_choices(client):
    response = client.get("/api/v1/services?accessibility=0")
    assert response.status_code == 400
    assert "wheelchair" in response.get_json()["invalid_params"][0]["reason"]
