"""The demo town つなぐ市 as a visitor, a coordinator and an admin would find it after `init-db --demo`."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from devtools.demo import DEMO_LOGINS, DEMO_PASSWORD, MUNICIPALITY_CODE, load_demo
from directory.catalog.taxonomy import KINDS
from directory.models import (
    AddressVisibility,
    Area,
    AreaKind,
    ChangeKind,
    ChangeRequest,
    EntryStatus,
    LadderStage,
    Location,
    LocationAccessibility,
    ReviewState,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceTranslation,
    Space,
    StepLevel,
    TaxonomyTerm,
    Threshold,
    Visibility,
    Volunteer,
    service_taxonomy_terms,
)
from matching.casework.services import follow_up_due
from matching.models import (
    Consent,
    ConsentTier,
    DevelopmentCase,
    EndReason,
    FollowUp,
    HostProspect,
    Person,
    PersonStatus,
    Placement,
    PlacementEvent,
    PlacementStatus,
    UnmetNeed,
)
from tsunagu.auth.services import authenticate
from tsunagu.db import utcnow
from tsunagu.models import Role


def test_load_reports_what_it_added_and_a_second_load_adds_nothing(demo):
    session, summary = demo
    assert summary is not None
    assert "services" in summary and "volunteers" in summary
    services_before = session.scalar(select(func.count(Service.id)))
    assert load_demo(session) is None
    assert session.scalar(select(func.count(Service.id))) == services_before


def test_at_least_150_services_and_12_of_every_kind(demo_session):
    kind = aliased(TaxonomyTerm)
    rows = demo_session.execute(
        select(kind.code, func.count(service_taxonomy_terms.c.service_id))
        .join(kind, kind.id == service_taxonomy_terms.c.term_id)
        .group_by(kind.code)
    ).all()
    counts = dict(rows)
    assert demo_session.scalar(select(func.count(Service.id))) >= 150
    for code, *_ in KINDS:
        assert counts.get(code, 0) >= 12, code


def test_four_junior_high_zones_and_eight_districts_with_boundaries(demo_session, dialect):
    areas = demo_session.scalars(select(Area).where(Area.municipality_code == MUNICIPALITY_CODE)).all()
    junior_highs = [a for a in areas if a.kind == AreaKind.JUNIOR_HIGH]
    districts = [a for a in areas if a.kind == AreaKind.DISTRICT]
    assert len(junior_highs) == 4 and len(districts) == 8
    assert all(a.boundary is not None for a in areas)
    assert {a.target_count for a in junior_highs} == {10}
    # each 地区 lies in one 中学校区 (shared borders allowed), as the 見える化 layers show them
    district, zone = aliased(Area), aliased(Area)
    # SpatiaLite answers NULL, PostGIS an empty geometry, for zones that do not meet
    shared = func.coalesce(func.ST_Area(func.ST_Intersection(district.boundary, zone.boundary)), 0)
    overlap = shared / func.ST_Area(district.boundary)
    rows = demo_session.execute(
        select(district.name, zone.name, overlap)
        .join(zone, zone.municipality_code == district.municipality_code)
        .where(district.kind == AreaKind.DISTRICT, zone.kind == AreaKind.JUNIOR_HIGH)
        .where(district.municipality_code == MUNICIPALITY_CODE)
    ).all()
    homes = Counter(d for d, _z, share in rows if share > 0.999)
    assert sorted(homes) == sorted(a.name for a in districts)
    assert set(homes.values()) == {1}


def test_every_service_point_lies_inside_its_district_polygon(demo_session):
    rows = demo_session.execute(
        select(Service.id, func.ST_Contains(Area.boundary, Location.point))
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .join(Area, (Area.name == Location.district) & (Area.kind == AreaKind.DISTRICT))
        .where(Service.municipality_code == MUNICIPALITY_CODE)
    ).all()
    assert len(rows) == demo_session.scalar(select(func.count(Service.id)))
    assert all(inside == 1 for _id, inside in rows)  # SpatiaLite answers -1 for invalid input


def test_placements_at_every_stage_with_an_event_per_change(demo_session):
    placements = demo_session.scalars(select(Placement)).all()
    assert {p.status for p in placements} == set(PlacementStatus)
    reasons = {p.end_reason for p in placements if p.status == PlacementStatus.ENDED}
    assert len(reasons) >= 4 and EndReason.GOAL_MET in reasons
    for placement in placements:
        events = demo_session.scalars(
            select(PlacementEvent).where(PlacementEvent.placement_id == placement.id).order_by(PlacementEvent.at)
        ).all()
        assert events[0].from_status is None and events[0].to_status == PlacementStatus.PROPOSED
        assert events[-1].to_status == placement.status
        assert all(a.to_status == b.from_status for a, b in zip(events, events[1:], strict=False))
        assert all(e.actor_id is not None for e in events)


def test_follow_ups_fall_due_after_the_start_and_some_are_overdue(demo_session):
    rows = demo_session.execute(select(FollowUp, Placement.started_on).join(Placement)).all()
    assert rows
    for follow_up, started_on in rows:
        # the same rule as real placements (1 week, then calendar months)
        assert follow_up.due_on == follow_up_due(started_on, follow_up.milestone)
        assert follow_up.due_on > started_on
    today = utcnow().date()
    assert any(f.done_at is None and f.due_on < today for f, _ in rows)  # overdue
    assert any(f.done_at is not None and f.outcome is not None for f, _ in rows)
    assert any(f.done_at is None and f.due_on > today for f, _ in rows)  # upcoming


def test_forty_volunteers_and_thirty_pseudonymous_persons(demo_session):
    assert demo_session.scalar(select(func.count(Volunteer.id))) == 40
    everyone = demo_session.scalars(select(Person)).all()
    # thirty current cases, and 150 earlier ones (ケース101…) behind two 年度 of reports (devtools.demo.history)
    persons = [p for p in everyone if p.id not in {q.id for q in everyone if (q.code_name or "") >= "ケース101"}]
    assert len(persons) == 30 and len(everyone) == 180
    year = utcnow().year
    ages = [year - p.birth_year for p in persons if p.birth_year is not None]
    assert min(ages) == 16 and max(ages) == 80
    assert any(p.household_id is not None for p in persons)
    assert any("pt-BR" in p.languages for p in persons)


def test_both_consent_tiers_a_withdrawal_and_an_erased_person(demo_session):
    consents = demo_session.scalars(select(Consent)).all()
    tiers = {c.tier for c in consents if c.withdrawn_at is None}
    assert tiers == {ConsentTier.NONE, ConsentTier.SHARED}
    assert all(c.members for c in consents if c.tier == ConsentTier.NONE)
    assert all(c.agencies for c in consents if c.tier == ConsentTier.SHARED)
    assert any(c.withdrawn_at is not None for c in consents)
    erased = demo_session.scalars(select(Person).where(Person.status == PersonStatus.ERASED)).all()
    assert len(erased) == 1
    assert erased[0].code_name is None and erased[0].birth_year is None and erased[0].erased_at is not None
    assert erased[0].interests == [] and erased[0].home_point is None


def test_every_role_signs_in_with_the_demo_password(demo_session):
    roles = set()
    for email, role, _who in DEMO_LOGINS:
        user = authenticate(demo_session, email, DEMO_PASSWORD, max_failures=5, lock_minutes=15)
        assert user is not None, email
        assert user.role == role
        roles.add(role)
        if role == Role.GROUP:
            assert user.organization_id is not None
        if role in (Role.COORDINATOR, Role.AGENCY):
            assert user.agency_id is not None
        if role == Role.VOLUNTEER:  # an approved profile, so /volunteer/ shows suggestions at once
            volunteer = demo_session.scalars(select(Volunteer).where(Volunteer.user_id == user.id)).one()
            assert volunteer.status.value == "active" and user.display_name == volunteer.code_name
    assert roles == set(Role)
    assert authenticate(demo_session, DEMO_LOGINS[0][0], "wrong", max_failures=5, lock_minutes=15) is None


def test_stale_entries_need_checking(demo_session):
    year_ago = utcnow() - timedelta(days=365)
    assert demo_session.scalar(select(func.count(Service.id)).where(Service.verified_at < year_ago)) >= 15
    assert demo_session.scalar(select(func.count(Service.id)).where(Service.verified_at >= year_ago)) >= 100


def test_private_homes_show_only_their_area(demo_session):
    homes = demo_session.scalars(select(Location).where(Location.building.like("%様方"))).all()
    assert len(homes) >= 10
    for home in homes:
        assert home.address_visibility == AddressVisibility.AREA
        assert home.building not in home.public_address and home.town in home.public_address


def test_custom_menus_unlisted_groups_and_editorial_states(demo_session):
    services = demo_session.scalars(select(Service)).all()
    custom = [s for s in services if s.visibility == Visibility.COORDINATORS]
    assert 3 <= len(custom) <= 4 and all("のための" in s.name for s in custom)
    assert 2 <= sum(s.do_not_list for s in services) <= 3
    states = Counter(s.status for s in services)
    assert set(states) == set(EntryStatus) and states[EntryStatus.PUBLISHED] > 0.8 * len(services)


def test_translations_in_four_languages_for_twenty_services(demo_session):
    rows = demo_session.execute(
        select(ServiceTranslation.service_id, ServiceTranslation.locale, ServiceTranslation.field)
    )
    fields: dict[int, set[tuple[str, str]]] = {}
    for service_id, locale, field in rows:
        fields.setdefault(service_id, set()).add((locale, field))
    wanted = {(locale, field) for locale in ("en", "pt-BR", "vi", "zh-Hans") for field in ("name", "description")}
    assert sum(wanted <= have for have in fields.values()) >= 20


def test_unmet_needs_feed_a_development_case_with_prospects(demo_session):
    needs = demo_session.scalars(select(UnmetNeed)).all()
    assert len(needs) >= 3 and all(n.failed_constraints for n in needs)
    case = demo_session.scalars(select(DevelopmentCase)).one()
    assert case.unmet_needs and case.prospects and case.steps
    assert len({p.status for p in demo_session.scalars(select(HostProspect))}) == 3


def test_a_residents_correction_and_a_groups_edit_wait_for_review(demo_session):
    pending = demo_session.scalars(select(ChangeRequest).where(ChangeRequest.state == ReviewState.PENDING)).all()
    assert {r.kind for r in pending} >= {ChangeKind.CORRECTION, ChangeKind.EDIT}
    assert all(r.before and r.after and r.service_id for r in pending)


def test_profiles_use_every_threshold_space_step_and_ladder_value_and_many_languages(demo_session):
    services = demo_session.scalars(select(Service)).all()
    assert {s.threshold for s in services} == set(Threshold)
    assert {s.space for s in services} == set(Space)
    assert {s.step_level for s in services} == set(StepLevel)
    assert {s.ladder_stage for s in services} == set(LadderStage)
    assert any(s.transport_offered for s in services)
    assert any(s.openings == 0 for s in services)
    languages = set(demo_session.scalars(select(ServiceLanguage.language)))
    assert languages >= {"ja", "ja-x-easy", "en", "pt-BR", "vi", "zh-Hans", "tl", "ko"}
    assert demo_session.scalar(select(func.count()).select_from(LocationAccessibility)) > 50


def test_demo_households_have_shared_fields_and_a_portuguese_mother_with_two_children(demo_session):
    from matching.engine import parse_profile
    from matching.models import Household
    from matching.suggestions.profiles import household_profile_json
    from tsunagu.clock import today_in_japan

    households = demo_session.scalars(select(Household).order_by(Household.code)).all()
    assert len(households) >= 5
    assert all(h.home_district and h.languages and h.available and h.max_cost_yen is not None for h in households)
    family = next(h for h in households if len(h.light_members) == 2)
    [mother] = family.members
    assert mother.languages[0] == "pt-BR" and 30 <= today_in_japan().year - mother.birth_year <= 45
    ages = sorted(today_in_japan().year - m.birth_year for m in family.light_members)
    assert ages == [10, 13] and all(m.consent_tier is not None for m in family.light_members)
    profile = parse_profile(household_profile_json(family, today_in_japan()))  # matchable as a family
    assert len(profile.household) == 3
