"""The account rules, straight through the services: affiliations, unique addresses and agency names, an
admin's own account, the last active admin, deactivation ending sessions; every change logged once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from admin.accounts.services import (
    AccountInactive,
    AgencyMissing,
    AgencyNameTaken,
    EmailTaken,
    LastAdmin,
    OrganizationMissing,
    OwnAccount,
    change_account,
    create_account,
    record_password_link,
    save_agency,
    set_account_active,
)
from admin.curation_log import Actor
from tests.factories import PASSWORD, make_agency, make_organization, make_user
from tsunagu.auth import _load_user
from tsunagu.auth.services import authenticate
from tsunagu.db import utcnow
from tsunagu.models import Agency, AuditLog, Role, User


@pytest.fixture
def actor(db_session):
    return Actor(user=make_user(db_session, Role.ADMIN))


def _actions(db_session, object_type, object_id):
    query = select(AuditLog.action).where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
    return list(db_session.scalars(query.order_by(AuditLog.id)))


def _only_active_admins(db_session, *admins):
    for other in db_session.scalars(select(User).where(User.role == Role.ADMIN)):
        other.active = other in admins
    db_session.flush()


def _sign_in(db_session, user, password=PASSWORD):
    return authenticate(db_session, user.email, password, max_failures=5, lock_minutes=15)


def test_a_new_account_is_confirmed_logged_and_has_no_password_anyone_knows(db_session, actor):
    agency = make_agency(db_session)
    user = create_account(
        db_session,
        actor,
        email=" New.Person@Example.test ",
        display_name=" 新しい人 ",
        role=Role.COORDINATOR,
        agency_id=agency.id,
        organization_id=make_organization(db_session).id,
    )
    assert (user.email, user.display_name) == ("new.person@example.test", "新しい人")
    assert user.active and user.email_confirmed_at is not None
    assert user.agency_id == agency.id and user.organization_id is None  # only group accounts act for one
    assert _sign_in(db_session, user) is None
    (entry,) = db_session.scalars(select(AuditLog).where(AuditLog.object_type == "user", AuditLog.object_id == user.id))
    assert entry.action == "user.create" and entry.actor_id == actor.user.id
    assert entry.detail == {"role": "coordinator", "agency_id": agency.id, "organization_id": None}


@pytest.mark.parametrize(
    ("role", "refusal"), [(Role.GROUP, OrganizationMissing), (Role.AGENCY, AgencyMissing)], ids=["group", "agency"]
)
def test_an_account_needs_the_affiliation_its_role_works_through(db_session, actor, role, refusal):
    with pytest.raises(refusal):
        create_account(
            db_session, actor, email="x@example.test", display_name="x", role=role, agency_id=None, organization_id=None
        )
    account = make_user(db_session, Role.COORDINATOR)
    with pytest.raises(refusal):
        change_account(db_session, actor, account, role=role, agency_id=None, organization_id=None)
    assert account.role == Role.COORDINATOR
    assert db_session.scalar(select(User).where(User.email == "x@example.test")) is None


def test_an_address_has_one_account_whatever_its_case(db_session, actor):
    make_user(db_session, Role.COORDINATOR, email="taken@example.test")
    with pytest.raises(EmailTaken):
        create_account(
            db_session,
            actor,
            email="TAKEN@example.test",
            display_name="二人目",
            role=Role.COORDINATOR,
            agency_id=None,
            organization_id=None,
        )
    assert not db_session.scalars(select(AuditLog).where(AuditLog.action == "user.create")).all()


def test_a_change_of_role_and_affiliation_is_logged_only_when_something_changed(db_session, actor):
    organization = make_organization(db_session)
    account = make_user(db_session, Role.GROUP, organization_id=organization.id)
    agency = make_agency(db_session)
    same = {"role": Role.GROUP, "agency_id": None, "organization_id": organization.id}
    assert change_account(db_session, actor, account, **same) == {}
    changes = change_account(
        db_session, actor, account, role=Role.AGENCY, agency_id=agency.id, organization_id=organization.id
    )
    assert changes == {
        "role": ["group", "agency"],
        "agency_id": [None, agency.id],
        "organization_id": [organization.id, None],  # an agency account acts for no organisation
    }
    assert (account.role, account.agency_id, account.organization_id) == (Role.AGENCY, agency.id, None)
    assert _actions(db_session, "user", account.id) == ["user.change"]


def test_an_admin_keeps_their_own_role_and_account_but_may_change_their_agency(db_session, actor):
    me = actor.user
    with pytest.raises(OwnAccount):
        change_account(db_session, actor, me, role=Role.COORDINATOR, agency_id=None, organization_id=None)
    with pytest.raises(OwnAccount):
        set_account_active(db_session, actor, me, active=False)
    assert me.role == Role.ADMIN and me.active
    agency = make_agency(db_session)
    change_account(db_session, actor, me, role=Role.ADMIN, agency_id=agency.id, organization_id=None)
    assert me.agency_id == agency.id


def test_the_last_active_admin_is_kept_when_two_admins_remove_each_other_at_once(db_session):
    first, second = make_user(db_session, Role.ADMIN), make_user(db_session, Role.ADMIN)
    _only_active_admins(db_session, first, second)
    # the first admin's request deactivates the second while the second's request, which loaded its admin
    # as active, goes on: the update bypasses the second request's copy of its own account
    deactivate = update(User).where(User.id == second.id).values(active=False)
    db_session.execute(deactivate, execution_options={"synchronize_session": False})
    as_second = Actor(user=second)
    with pytest.raises(LastAdmin):
        set_account_active(db_session, as_second, first, active=False)
    with pytest.raises(LastAdmin):
        change_account(db_session, as_second, first, role=Role.COORDINATOR, agency_id=None, organization_id=None)
    assert first.active and first.role == Role.ADMIN
    assert _actions(db_session, "user", first.id) == []


def test_deactivation_ends_sessions_and_sign_in_and_reactivation_lifts_a_lockout(db_session, actor, app):
    account = make_user(db_session, Role.COORDINATOR)
    account.failed_logins, account.locked_until = 3, utcnow() + timedelta(minutes=10)
    assert set_account_active(db_session, actor, account, active=False)
    assert not set_account_active(db_session, actor, account, active=False)  # already so: nothing logged
    with app.app_context():
        assert _load_user(str(account.id)) is None  # an open session ends at its next request
    assert _sign_in(db_session, account) is None
    assert set_account_active(db_session, actor, account, active=True)
    assert (account.failed_logins, account.locked_until) == (0, None)
    assert _sign_in(db_session, account) is account
    assert _actions(db_session, "user", account.id) == ["user.deactivate", "user.reactivate"]


def test_a_password_link_goes_to_active_accounts_only(db_session, actor):
    account = make_user(db_session, Role.AGENCY, agency=make_agency(db_session))
    record_password_link(db_session, actor, account)
    account.active = False
    with pytest.raises(AccountInactive):
        record_password_link(db_session, actor, account)
    assert _actions(db_session, "user", account.id) == ["user.password_link"]


def test_an_agency_is_created_with_defaults_and_changes_are_logged(db_session, actor):
    fields = {"kind": " ", "municipality_code": "", "is_lead": False}
    agency = save_agency(db_session, actor, None, name=" 地域包括支援センター北 ", **fields)
    assert (agency.name, agency.kind, agency.municipality_code) == ("地域包括支援センター北", "other", None)
    save_agency(db_session, actor, agency, name=agency.name, **fields)  # nothing changed: not logged
    save_agency(db_session, actor, agency, name=agency.name, **{**fields, "is_lead": True})
    assert agency.is_lead
    assert _actions(db_session, "agency", agency.id) == ["agency.create", "agency.change"]
    change = db_session.scalar(select(AuditLog).where(AuditLog.action == "agency.change"))
    assert change.detail == {"changes": {"is_lead": [False, True]}}


def test_two_agencies_never_share_a_name(db_session, actor):
    make_agency(db_session, name="既存の機関")
    fields = {"kind": "", "municipality_code": None, "is_lead": False}
    with pytest.raises(AgencyNameTaken):
        save_agency(db_session, actor, None, name="既存の機関 ", **fields)
    other = make_agency(db_session, name="別の機関")
    with pytest.raises(AgencyNameTaken):
        save_agency(db_session, actor, other, name="既存の機関", **fields)
    assert other.name == "別の機関"
    assert db_session.scalars(select(Agency).where(Agency.name == "既存の機関")).all()
