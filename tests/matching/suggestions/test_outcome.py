"""Learning from outcomes: cold start says so; with ≥ 50 mature placements a model is trained and used."""

from __future__ import annotations

import datetime as dt

from matching.engine import parse_profile
from matching.models import FollowUp, FollowUpMilestone, FollowUpOutcome, Placement, PlacementStatus
from matching.suggestions.outcome import current_model, train_model
from matching.suggestions.queries import run_match
from tests.factories import make_agency, make_person
from tests.matching.conftest import profile_json
from tsunagu.cli import main

TODAY = dt.date(2026, 11, 23)
LONG_AGO = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def _history(db_session, town, count):
    agency = make_agency(db_session)
    for n in range(count):
        person = make_person(
            db_session,
            agency,
            birth_year=1990,
            home_district="テスト地区",
            max_distance_km=3.0,
            home_point="SRID=4326;POINT(139.97 35.86)",
            interests=["料理"] if n % 2 else ["将棋"],
            available=[{"day": "wed", "start": "14:00", "end": "18:00"}],
        )
        service = town.fit if n % 2 else town.salon
        placement = Placement(
            person_id=person.id, service_id=service.id, status=PlacementStatus.STARTED, proposed_at=LONG_AGO
        )
        reached = n % 2 == 1 or n % 5 == 0  # cooking at the 食堂 lasts; most salon placements do not
        outcome = FollowUpOutcome.GOING_WELL if reached else FollowUpOutcome.STOPPED
        placement.follow_ups = [
            FollowUp(
                milestone=FollowUpMilestone.MONTH_3,
                due_on=dt.date(2026, 8, 1),
                done_at=LONG_AGO + dt.timedelta(days=92),
                outcome=outcome,
            )
        ]
        db_session.add(placement)
    db_session.flush()


def test_too_few_placements_train_nothing_and_say_so(app, db_session, town):
    _history(db_session, town, 10)
    report = train_model(db_session, TODAY)
    assert report.version is None and "need ≥ 50" in report.note
    assert current_model(db_session) is None
    output = app.test_cli_runner().invoke(main, ["train-match-model"]).output
    assert "cold start" in output


def test_a_trained_model_scores_suggestions_and_names_its_version(db_session, town):
    _history(db_session, town, 60)
    report = train_model(db_session, TODAY)
    assert report.size == 60 and report.version is not None and 0 <= report.cv_auc <= 1
    model = current_model(db_session)
    assert model is not None and model.version == report.version
    result = run_match(db_session, parse_profile(profile_json()), today=TODAY, model=model)
    assert result.model_version == report.version and result.notes == ()
    assert all("outcome" in s.parts and s.model_version == report.version for s in result.suggestions)
