"""Preferences on the intake form: stored with the record's history, shown, read by matching, erased with it."""

from __future__ import annotations

from sqlalchemy import select

from matching.consent.services import erase_person
from matching.models import MatchPreferences, Person, PersonRevision
from matching.suggestions.profiles import person_profile_json
from tests.factories import make_service, weekly
from tests.matching.conftest import HOME
from tests.matching.persons.test_pages import _intake, _sign_in
from tsunagu.clock import today_in_japan


def test_preferences_are_saved_shown_and_matched(client, db_session, town):
    user = _sign_in(client, db_session)
    response = _intake(
        client, group_size="small", atmosphere="quiet", men_welcome="y", hard=["group_size"], strengths="運転できる"
    )
    assert response.status_code == 302
    person = db_session.scalar(select(Person).where(Person.code_name == "Xさん"))
    preferences = db_session.get(MatchPreferences, person.id)
    assert (preferences.group_size, preferences.atmosphere, preferences.men_welcome) == ("small", "quiet", True)
    assert preferences.hard == ["group_size"]
    revision = db_session.scalar(select(PersonRevision).where(PersonRevision.person_id == person.id))
    assert revision.changes["preferences.group_size"] == [None, "small"]
    page = client.get(f"/coordinator/persons/{person.id}").get_data(as_text=True)
    assert "少人数がよい（ゆずれない）" in page and "静かな所がよい" in page
    profile = person_profile_json(person, today_in_japan())
    assert profile["group_size"] == "small" and profile["hard"] == ["group_size"]
    assert profile["strengths"] == ["運転できる"]
    small = make_service(
        db_session,
        name="少人数の食堂",
        kinds=("kodomo_shokudo",),
        schedule=weekly("WE"),
        free=True,
        group_size="small",
        lat=HOME["lat"] + 0.004,
        lon=HOME["lon"],
    )
    html = client.get(f"/coordinator/persons/{person.id}/match").get_data(as_text=True)
    suggested = html.split("条件に合わず外れたもの")[0]
    assert small.name in suggested, html
    assert "子ども食堂 ひだまり" not in suggested  # no size stated: never promised as small
    assert "必須とした希望（人数・雰囲気など）に合わない" in html
    erase_person(db_session, person, user)
    db_session.flush()
    db_session.expire_all()
    assert db_session.get(MatchPreferences, person.id) is None  # preferences are personal: erased too
