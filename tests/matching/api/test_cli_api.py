"""`tsunagu match` and `POST /api/v1/match`: the DESIGN.md shapes, problem JSON for bad input, never a 500."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_agency, make_user
from tests.helpers import csrf_token, login
from tests.matching.conftest import profile_json
from tsunagu.cli import main
from tsunagu.models import Role

KEYS = ["service_id", "name", "score", "reasons", "distance_km", "next_dates", "uncertain"]  # DESIGN.md


def _match_cli(app, tmp_path, data, *args):
    path = tmp_path / "profile.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return app.test_cli_runner().invoke(main, ["match", "--profile", str(path), *args])


def test_cli_json_prints_the_design_shape(app, db_session, town, tmp_path):
    result = _match_cli(app, tmp_path, profile_json(), "--json", "--limit", "1")
    assert result.exit_code == 0, result.output
    [first] = json.loads(result.output)
    assert list(first) == KEYS
    assert first["service_id"] == town.fit.id and first["name"] == "子ども食堂 ひだまり"
    assert first["distance_km"] == pytest.approx(1.0, abs=0.01)
    assert any("水曜の15:00〜に開催" in reason for reason in first["reasons"])
    assert "参加費300円" in first["reasons"]


def test_cli_text_says_why_when_nothing_matches(app, db_session, town, tmp_path):
    result = _match_cli(app, tmp_path, profile_json(available=[{"day": "mon", "start": "09:00", "end": "10:00"}]))
    assert result.exit_code == 0, result.output
    assert "条件に合う活動が見つかりませんでした" in result.output
    assert "都合のよい時間に開催がない（8週間以内）: 5件" in result.output


def test_cli_next_dates_and_what_to_confirm(app, db_session, town, tmp_path):
    from datetime import time

    from directory.models import Frequency
    from tests.factories import make_service

    monthly = {"freq": Frequency.MONTHLY, "byday": "WE", "week_unknown": True, "per_month": 1}
    make_service(db_session, name="月1回の水曜食堂", schedule=monthly | {"opens_at": time(15)}, free=True)
    make_service(db_session, name="不定期の食堂", schedule={"freq": Frequency.IRREGULAR}, free=True)
    answer = json.loads(_match_cli(app, tmp_path, profile_json(), "--json").output)
    by_name = {item["name"]: item for item in answer}
    assert len(by_name[town.fit.name]["next_dates"]) == 3 and by_name[town.fit.name]["uncertain"] == []
    assert by_name["月1回の水曜食堂"]["next_dates"] == []
    assert by_name["月1回の水曜食堂"]["uncertain"] == ["開催日（第何週か）を団体に確認: 月1回・水曜日 15:00～"]
    assert "不定期の食堂" not in by_name
    text = _match_cli(app, tmp_path, profile_json()).output
    assert "日程の確認が必要: 不定期の食堂" in text


@pytest.mark.parametrize(
    ("content", "message"), [("{not json", "not a JSON profile"), (json.dumps({"age": 3}), "home")]
)
def test_cli_rejects_a_bad_profile_with_exit_1(app, db_session, tmp_path, content, message):
    result = _match_cli(app, tmp_path, content)
    assert result.exit_code == 1
    assert message in result.output


def _coordinator(client, db_session, role=Role.COORDINATOR):
    user = make_user(db_session, role, agency=make_agency(db_session))
    assert login(client, user.email).status_code == 302
    return csrf_token(client, "/")


def test_a_household_profile_answers_who_attends(app, client, db_session, town, tmp_path):
    data = profile_json(household=[{"age": 38, "languages": ["pt"]}, {"age": 10}], languages=["pt", "ja"])
    del data["age"]
    data["max_cost_yen"] = 600
    [first, *_rest] = json.loads(_match_cli(app, tmp_path, data, "--json").output)
    assert first["service_id"] == town.fit.id and first["attending"] == [0, 1]  # 300 + 300 ≤ 600
    assert "家族みんなで参加できる" in first["reasons"] and "参加費600円" in first["reasons"]
    token = _coordinator(client, db_session)
    assert client.post("/api/v1/match", json=data, headers={"X-CSRFToken": token}).get_json()[0] == first


def test_api_returns_the_same_list_as_the_cli(app, client, db_session, town, tmp_path):
    token = _coordinator(client, db_session)
    response = client.post("/api/v1/match?limit=5", json=profile_json(), headers={"X-CSRFToken": token})
    assert response.status_code == 200
    cli = json.loads(_match_cli(app, tmp_path, profile_json(), "--json", "--limit", "5").output)
    assert response.get_json() == cli
    assert [item["service_id"] for item in cli] == [town.fit.id, town.salon.id]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"home": {"lat": "x", "lon": 1}}, 400, "lat"),
        ({"home": {"lat": 35.86, "lon": 139.97}, "available": "tue"}, 400, "available"),
        ({"home": {"lat": 35.86, "lon": 139.97}, "kinds": ["宇宙旅行"]}, 400, "kinds"),
        ([1, 2], 400, "profile"),
        ({"home": {"lat": 35.86, "lon": 139.97}, "household": [{"age": 38}, {"age": -1}]}, 400, "household[1].age"),
        ({"home": {"lat": 35.86, "lon": 139.97}, "group_size": "huge"}, 400, "group_size"),
    ],
)
def test_api_bad_profiles_are_problem_json(client, db_session, town, body, status, field):
    token = _coordinator(client, db_session)
    response = client.post("/api/v1/match", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["invalid_params"][0]["name"] == field


def test_api_needs_a_coordinator_session_and_the_csrf_token(client, db_session, town):
    anonymous = client.post("/api/v1/match", json=profile_json())
    assert anonymous.status_code == 401 and anonymous.mimetype == "application/problem+json"
    token = _coordinator(client, db_session, Role.GROUP)
    assert client.post("/api/v1/match", json=profile_json(), headers={"X-CSRFToken": token}).status_code == 403


def test_api_refuses_without_csrf_and_without_json(client, db_session, town):
    token = _coordinator(client, db_session)
    assert client.post("/api/v1/match", json=profile_json()).status_code == 400
    not_json = client.post("/api/v1/match", data="age=3", headers={"X-CSRFToken": token})
    assert not_json.status_code == 400 and "JSON" in not_json.get_json()["detail"]
    bad_limit = client.post("/api/v1/match?limit=0", json=profile_json(), headers={"X-CSRFToken": token})
    assert bad_limit.status_code == 400
