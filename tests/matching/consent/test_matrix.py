"""Who sees which person under each consent tier — before and after none → shared, and after withdrawal.

The matrix is asked of tsunagu.permissions.can_view_person (the one place that decides) and then checked
through the pages a user would open: the record, the timeline, and the agency view's list.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask_login import AnonymousUserMixin

from matching.consent.services import erase_person, hold_support_meeting, share_with_consent
from matching.models import ConsentTier, Person
from matching.permissions import can_view_person
from tests.factories import make_agency, make_person, make_users
from tests.helpers import login
from tsunagu.models import Role

USERS = (
    "owner",
    "owner_staff",
    "partner_coordinator",
    "partner_staff",
    "lead_staff",
    "member",
    "outsider",
    "outsider_staff",
    "admin",
    "group",
    "anonymous",
)
SEES = {
    # no consent yet: only the owning agency's coordinators (and admins)
    "no_consent": {"owner", "admin"},
    # 支援会議 (tier none): the named member too, nobody else — not even the owner's other staff
    "support_meeting": {"owner", "member", "admin"},
    # 本人同意 shared with the partner agency and the lead agency: their users, and the owner's staff
    "shared": {"owner", "owner_staff", "partner_coordinator", "partner_staff", "lead_staff", "admin"},
    # withdrawal: erased; nobody but admins (who see an empty record, audited)
    "withdrawn": {"admin"},
}


@dataclass
class World:
    person: Person
    users: dict[str, object]
    partner: object
    lead: object


@pytest.fixture
def world(db_session) -> World:
    owner_agency, partner, lead, outside = (make_agency(db_session, is_lead=n == 2) for n in range(4))
    users: dict[str, object] = dict(
        make_users(
            db_session,
            {
                "owner": (Role.COORDINATOR, owner_agency),
                "owner_staff": (Role.AGENCY, owner_agency),
                "partner_coordinator": (Role.COORDINATOR, partner),
                "partner_staff": (Role.AGENCY, partner),
                "lead_staff": (Role.AGENCY, lead),
                "member": (Role.COORDINATOR, outside),
                "outsider": (Role.COORDINATOR, outside),
                "outsider_staff": (Role.AGENCY, outside),
                "admin": (Role.ADMIN, None),
                "group": (Role.GROUP, None),
            },
        )
    )
    users["anonymous"] = AnonymousUserMixin()
    person = make_person(db_session, owner_agency, code_name="マトリクスさん", coordinator_id=users["owner"].id)
    return World(person, users, partner, lead)


def _seen_by(world: World) -> set[str]:
    return {name for name, user in world.users.items() if can_view_person(user, world.person)}


def _go(world: World, db_session, state: str) -> None:
    owner = world.users["owner"]
    if state in ("support_meeting", "shared", "withdrawn"):
        hold_support_meeting(db_session, world.person, [world.users["member"]], owner, meeting_name="支援会議 第1回")
    if state in ("shared", "withdrawn"):
        share_with_consent(db_session, world.person, [world.partner, world.lead], owner, form_reference="同意書-0001")
    if state == "withdrawn":
        erase_person(db_session, world.person, owner)


@pytest.mark.parametrize("state", list(SEES))
def test_consent_matrix(world, db_session, state):
    _go(world, db_session, state)
    assert _seen_by(world) == SEES[state]


def test_moving_from_none_to_shared_records_who_when_and_the_form(world, db_session):
    owner = world.users["owner"]
    hold_support_meeting(db_session, world.person, [world.users["member"]], owner, meeting_name="支援会議")
    before = _seen_by(world)
    consent = share_with_consent(db_session, world.person, [world.lead], owner, form_reference="同意書-0042")
    assert before == SEES["support_meeting"]
    assert consent.tier == ConsentTier.SHARED and consent.recorded_by_id == owner.id and consent.recorded_at
    assert consent.form_reference == "同意書-0042"
    assert world.person.current_consent is consent
    # the owning agency is always among the listed ones; the member of the earlier meeting no longer sees it
    assert {a.id for a in consent.agencies} == {world.person.agency_id, world.lead.id}
    assert _seen_by(world) == {"owner", "owner_staff", "lead_staff", "admin"}
    with pytest.raises(ValueError, match="form_reference"):
        share_with_consent(db_session, world.person, [world.partner], owner, form_reference="  ")


@pytest.mark.parametrize("state", ["support_meeting", "shared", "withdrawn"])
def test_pages_follow_the_matrix(world, app, db_session, state):
    _go(world, db_session, state)
    person_id = world.person.id
    for name in ("owner", "owner_staff", "partner_staff", "lead_staff", "member", "outsider_staff", "admin"):
        user = world.users[name]
        client = app.test_client()
        assert login(client, user.email).status_code == 302
        expected = 200 if name in SEES[state] else 403
        assert client.get(f"/coordinator/persons/{person_id}").status_code == expected, name
        timeline = client.get(f"/coordinator/persons/{person_id}/timeline").status_code
        assert timeline == (expected if state != "withdrawn" else 403), name
        listing = client.get("/coordinator/agency").get_data(as_text=True)
        # every other agency sees nothing of the person, not even that the case exists
        assert (f'data-person="{person_id}"' in listing) == (name in SEES[state] and state != "withdrawn"), name
