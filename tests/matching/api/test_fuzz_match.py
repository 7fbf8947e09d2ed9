"""POST /api/v1/match fuzzed from the OpenAPI document as a signed-in caller (a personal token), so the profile
parser itself meets schemathesis' bodies: no 500, every answer as documented (both databases). The anonymous
operations are fuzzed in tests/directory/api/test_fuzz.py."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from matching.api.tokens import create_token
from tests.directory.api.test_fuzz import EXAMPLES
from tests.factories import make_agency, make_user
from tests.matching.conftest import profile_json
from tsunagu.models import Role


def test_the_match_api_never_fails_on_any_body(app, db_session, town):
    user = make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))
    _token, secret = create_token(db_session, user, "fuzz")
    db_session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema["/match"]["POST"]
    headers = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().post("/api/v1/match", json=profile_json(), headers=headers).status_code == 200

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        # an object that is not a valid profile is schema-valid (the schema says "object") and rightly a 400
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    check()
