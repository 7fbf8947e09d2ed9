"""The seeded world the leak crawler and the parameter fuzzer walk: two agencies, a user of every role, persons
under each consent tier with unique markers in every kind of personal record.

Seeding is table-driven (`PERSON_SEEDS`, `OTHER_SEEDS`): a new kind of personal record is one function returning
its markers, each with the rule (from the permissions modules) that decides who may see it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from matching.models import (
    CaseNote,
    ConsentTier,
    FollowUp,
    FollowUpMilestone,
    HostBrief,
    HostCheckIn,
    Household,
    HouseholdMember,
    Meeting,
    MeetingKind,
    Person,
    PlacementStatus,
    SupportPlan,
    UnmetNeed,
)
from matching.permissions import (
    can_edit_household,
    can_view_host_brief,
    can_view_meeting,
    can_view_person,
    can_view_plan,
    can_view_unmet_need,
)
from tests.factories import (
    make_agency,
    make_custom_menu,
    make_person,
    make_placement,
    make_prospect,
    make_users,
    make_volunteer,
)
from tsunagu.clock import today_in_japan
from tsunagu.models import Role
from tsunagu.permissions import can_review_volunteers

_numbers = itertools.count(1)


def marker(kind: str) -> str:
    """A string no page shows by chance (ASCII letters only: unchanged by escaping and JSON)."""
    return f"zqx{kind}{next(_numbers)}qz"


@dataclass
class Marker:
    """One seeded string, who may see it, and whether showing it is a read of a person record to audit."""

    text: str
    may_see: Callable[[Any], bool]
    person: Person | None = None

    @property
    def audited(self) -> bool:
        return self.person is not None


@dataclass
class World:
    """The seeded records: two agencies, one user per role (two coordinators), persons under each consent tier."""

    session: Any
    users: dict[str, Any]
    agency: Any
    other_agency: Any
    markers: list[Marker] = field(default_factory=list)


def _person_markers(person: Person, *texts: str) -> list[Marker]:
    return [Marker(text, lambda user, p=person: can_view_person(user, p), person) for text in texts]


def seed_person(world: World, person: Person) -> list[Marker]:
    """The case record's own fields."""
    texts = [marker("code"), marker("notes"), marker("strengths"), marker("tries")]
    person.code_name, person.notes, person.strengths, person.wants_to_try = texts
    return _person_markers(person, *texts)


def seed_consent(world: World, person: Person) -> list[Marker]:
    """本人同意 / 支援会議: the consent's note and meeting name."""
    consent = person.current_consent
    consent.note, consent.meeting_name = marker("consentnote"), marker("meeting")
    return _person_markers(person, consent.note, consent.meeting_name)


def seed_household(world: World, person: Person) -> list[Marker]:
    """世帯: its code and note, as sensitive as its members' records."""
    household = Household(code=marker("hh"), agency_id=person.agency_id, note=marker("hhnote"))
    world.session.add(household)
    world.session.flush()
    person.household_id = household.id
    # the code is the household's pseudonymous label (the agency's pickers list it); the note is the record
    label = Marker(household.code, lambda user, p=person: can_view_person(user, p) or _same_agency(user, p))
    member = HouseholdMember(household_id=household.id, label=marker("member"), needs=[marker("need")])
    world.session.add(member)
    world.session.flush()
    members = [  # a lighter member record: kept as close as the household itself
        Marker(text, lambda user, h=household: can_edit_household(user, h)) for text in (member.label, *member.needs)
    ]
    return [label, *_person_markers(person, household.note), *members]


def seed_placement(world: World, person: Person) -> list[Marker]:
    """A running placement at a host's custom menu: notes, a status event, a host check-in, a follow-up, a case
    note; and the host brief, which the host also sees."""
    prospect = make_prospect(world.session, world.agency)
    menu = make_custom_menu(world.session, prospect, person)
    placement = make_placement(world.session, person, menu.service, status=PlacementStatus.STARTED)
    placement.host_support_notes = marker("hostsupport")
    placement.events[0].note = marker("event")
    placement.check_ins.append(HostCheckIn(how_it_goes=marker("checkin"), worries=marker("worry")))
    placement.follow_ups.append(
        FollowUp(milestone=FollowUpMilestone.WEEK_1, due_on=today_in_japan(), note=marker("fu"))
    )
    note = CaseNote(person_id=person.id, placement_id=placement.id, body=marker("casenote"))
    brief = HostBrief(placement_id=placement.id, nickname=marker("nick"), agreed_adjustments=marker("agreed"))
    world.session.add_all([note, brief])
    world.session.flush()
    if person.code_name and person.code_name.startswith("zqxcode") and "host" not in world.users:
        world.users["host"] = _host_user(world, menu.service.organization_id)
    texts = [placement.host_support_notes, placement.events[0].note, note.body]
    texts += [c.how_it_goes for c in placement.check_ins] + [c.worries for c in placement.check_ins]
    texts += [f.note for f in placement.follow_ups]
    host_sees = [  # what the host is told: the brief, not the record (not a read of the person to audit)
        Marker(text, lambda user, p=placement: can_view_host_brief(user, p) or can_view_person(user, p.person))
        for text in (brief.nickname, brief.agreed_adjustments)
    ]
    return _person_markers(person, *texts) + host_sees


def seed_unmet_need(world: World, person: Person) -> list[Marker]:
    """繋ぐ先がない tied to the person: the text follows the consent (not audited: material, not the record)."""
    need = UnmetNeed(person_id=person.id, agency_id=person.agency_id, sought=marker("sought"), kinds=["salon"])
    world.session.add(need)
    world.session.flush()
    return [Marker(need.sought, lambda user, n=need: can_view_unmet_need(user, n))]


def seed_plan(world: World, person: Person) -> list[Marker]:
    """支援プラン: goals and steps are the case record (read through the person, audited)."""
    plan = SupportPlan(
        person_id=person.id, goals=marker("goals"), steps=[marker("step")], responsible_agency_id=person.agency_id
    )
    world.session.add(plan)
    world.session.flush()
    return [Marker(text, lambda user, p=person: can_view_plan(user, p), person) for text in (plan.goals, *plan.steps)]


def seed_meeting(world: World, person: Person) -> list[Marker]:
    """A meeting that discussed the person: 支援会議 (named members only) when there is no consent to share,
    重層的支援会議 with the agencies of the consent otherwise; its decisions follow can_view_meeting."""
    shared = person.current_consent is not None and person.current_consent.tier == ConsentTier.SHARED
    meeting = Meeting(
        agency_id=person.agency_id,
        kind=MeetingKind.MULTI_AGENCY if shared else MeetingKind.SUPPORT,
        held_on=today_in_japan(),
        title=marker("meetingtitle"),
        decisions=marker("decisions"),
    )
    meeting.members = [world.users["coordinator"]]
    meeting.agencies = [world.agency, world.other_agency] if shared else [world.agency]
    meeting.cases = [person]
    world.session.add(meeting)
    world.session.flush()
    return [
        Marker(text, lambda user, m=meeting: can_view_meeting(user, m)) for text in (meeting.title, meeting.decisions)
    ]


PERSON_SEEDS: list[Callable[[World, Person], list[Marker]]] = [
    seed_person,
    seed_consent,
    seed_household,
    seed_placement,
    seed_unmet_need,
    seed_plan,
    seed_meeting,
]
"""Every kind of personal record hanging off a person; add a function here when a new kind appears."""


def seed_volunteer(world: World) -> list[Marker]:
    """A volunteer's contact details: reviewers (coordinators, admins) and the volunteer."""
    volunteer_user = world.users["volunteer"]
    volunteer = make_volunteer(
        world.session, user_id=volunteer_user.id, contact_email=f"{marker('volmail')}@example.test"
    )
    contact = volunteer.contact_email.split("@")[0]
    return [Marker(contact, lambda user: can_review_volunteers(user) or user is volunteer_user)]


OTHER_SEEDS: list[Callable[[World], list[Marker]]] = [seed_volunteer]


def _same_agency(user: Any, person: Person) -> bool:
    return user.is_authenticated and user.role == Role.COORDINATOR and user.agency_id == person.agency_id


def _host_user(world: World, organization_id: int) -> Any:
    (host,) = make_users(world.session, {"host": (Role.GROUP, None)}).values()
    host.organization_id = organization_id
    world.session.flush()
    return host


@pytest.fixture
def world(db_session) -> World:
    agency, other = make_agency(db_session), make_agency(db_session)
    users = make_users(
        db_session,
        {
            "admin": (Role.ADMIN, None),
            "coordinator": (Role.COORDINATOR, agency),
            "other_coordinator": (Role.COORDINATOR, other),
            "agency": (Role.AGENCY, agency),
            "other_agency": (Role.AGENCY, other),
            "volunteer": (Role.VOLUNTEER, None),
        },
    )
    world = World(db_session, users, agency, other)
    persons = [
        make_person(db_session, agency, tier=ConsentTier.NONE),  # 支援会議 without members: the owners only
        make_person(db_session, agency, tier=ConsentTier.SHARED, agencies=[other]),  # shared with the other agency
    ]
    for person in persons:
        for seed in PERSON_SEEDS:
            world.markers += seed(world, person)
    for seed in OTHER_SEEDS:
        world.markers += seed(world)
    db_session.flush()
    assert set(Role) <= {user.role for user in world.users.values()}, "a role the crawler does not sign in as"
    return world
