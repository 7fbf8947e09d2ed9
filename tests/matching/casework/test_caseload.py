"""The coordinator's home as a caseload: status, next action and its date, last contact; sort, filter, search."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from matching.casework.services import advance_placement, plan_step
from matching.models import PersonStatus, PlacementStatus
from tests.factories import make_agency, make_person, make_placement, make_user
from tests.helpers import login
from tsunagu.clock import today_in_japan
from tsunagu.models import Role

TODAY = today_in_japan()


def _rows(client, query=""):
    html = client.get("/coordinator/" + query).get_data(as_text=True)
    table = html[html.index('class="persons caseload"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'<tr data-person="\d+">\s*<td><a [^>]+>([^<]+)</a>.*?</tr>', table, re.S), table


def test_the_caseload_tells_what_to_do_next_and_sorts_and_filters(client, db_session):
    agency = make_agency(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR, agency=agency)
    people = {
        name: make_person(db_session, agency, code_name=name, coordinator_id=coordinator.id, home_district=district)
        for name, district in (
            ("Aさん", "東原地区"),
            ("Bさん", "西台地区"),
            ("Cさん", "東原地区"),
            ("Dさん", "本町地区"),
        )
    }
    long_ago = datetime.now(UTC) - timedelta(days=60)
    started = make_placement(db_session, people["Aさん"], coordinator_id=coordinator.id, proposed_at=long_ago)
    advance_placement(
        db_session, started, PlacementStatus.STARTED, coordinator, expected_version=None, on=TODAY - timedelta(days=3)
    )  # its 1-week follow-up is due in 4 days
    planned = make_placement(db_session, people["Bさん"], coordinator_id=coordinator.id, proposed_at=long_ago)
    plan_step(db_session, planned, PlacementStatus.VISIT, TODAY + timedelta(days=1), expected_version=None)
    people["Dさん"].status = PersonStatus.CLOSED
    db_session.flush()
    assert login(client, coordinator.email).status_code == 302

    names, table = _rows(client)
    assert names == ["Bさん", "Aさん", "Cさん"]  # next action soonest first; nothing dated last; closed hidden
    assert "予定の見学・体験" in table and "定着のフォロー" in table and "つなぎ先を探す" in table
    assert _rows(client, "?status=closed")[0] == ["Dさん"]
    assert _rows(client, "?q=東原")[0] == ["Aさん", "Cさん"]
    assert _rows(client, "?sort=name&status=all")[0] == ["Aさん", "Bさん", "Cさん", "Dさん"]
    # who has not been heard from comes first: no contact at all, then the oldest
    assert _rows(client, "?sort=last_contact")[0][0] == "Cさん"
    assert _rows(client, "?sort=nonsense&status=nonsense")[0] == ["Bさん", "Aさん", "Cさん"]
