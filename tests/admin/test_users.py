"""Accounts, roles and agencies: creation with a password-set link, role changes, deactivation, the guards."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.factories import PASSWORD, make_agency, make_organization, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Agency, AuditLog, Role, User


def _actions(db_session, object_id=None):
    query = select(AuditLog.action).where(AuditLog.object_type.in_(("user", "agency")))
    if object_id is not None:
        query = query.where(AuditLog.object_id == object_id)
    return list(db_session.scalars(query))


def test_an_admin_creates_a_user_who_sets_a_password_through_the_link(client, db_session, app):
    agency = make_agency(db_session, name="つなぐ市社協")
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    token = csrf_token(client, "/admin/users/new")
    app.config["TSUNAGU_MAIL"] = "none"
    try:
        response = client.post(
            "/admin/users/new",
            data={
                "csrf_token": token,
                "email": "New.Coordinator@example.test",
                "display_name": "新しい人",
                "role": "coordinator",
                "agency_id": str(agency.id),
                "organization_id": "None",
            },
        )
    finally:
        app.config.pop("TSUNAGU_MAIL")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "TSUNAGU_MAIL=none" in html
    link = re.search(r'value="(http://[^"]+/password/reset/[^"]+)"', html).group(1)
    user = db_session.scalar(select(User).where(User.email == "new.coordinator@example.test"))
    assert user.role == Role.COORDINATOR and user.agency_id == agency.id and user.active
    assert "user.create" in _actions(db_session, user.id)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    path = link.split("localhost", 1)[1]
    reset = csrf_token(client, path)
    new_password = "a brand new passphrase"  # noqa: S105
    client.post(path, data={"csrf_token": reset, "password": new_password, "confirm": new_password})
    assert login(client, user.email, new_password).status_code == 302


def test_a_group_account_needs_its_organisation_and_addresses_are_unique(client, db_session):
    make_user(db_session, Role.GROUP, email="taken@example.test", organization_id=make_organization(db_session).id)
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, "/admin/users/new")
    data = {
        "csrf_token": token,
        "email": "g@example.test",
        "display_name": "団体の人",
        "role": "group",
        "agency_id": "None",
        "organization_id": "None",
    }
    assert "団体を選んでください" in client.post("/admin/users/new", data=data).get_data(as_text=True)
    data.update(email="TAKEN@example.test", organization_id=str(make_organization(db_session).id))
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400 and "すでに登録されています" in response.get_data(as_text=True)


def test_role_and_agency_change_is_logged(client, db_session):
    agency = make_agency(db_session)
    user = make_user(db_session, Role.AGENCY, agency=agency)
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, f"/admin/users/{user.id}")
    data = {"csrf_token": token, "role": "coordinator", "agency_id": str(agency.id), "organization_id": "None"}
    assert client.post(f"/admin/users/{user.id}", data=data).status_code == 302
    db_session.expire_all()
    assert user.role == Role.COORDINATOR
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "user.change"))
    assert entry.detail == {"changes": {"role": ["agency", "coordinator"]}}


def test_a_deactivated_user_cannot_sign_in_and_is_signed_out(client, db_session, app):
    user = make_user(db_session, Role.COORDINATOR)
    admin = make_user(db_session, Role.ADMIN)
    other = app.test_client()
    assert login(other, user.email).status_code == 302
    assert other.get("/coordinator/").status_code == 200
    login(client, admin.email)
    token = csrf_token(client, f"/admin/users/{user.id}")
    assert client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token, "active": "0"}).status_code == 302
    db_session.expire_all()
    assert not user.active
    assert other.get("/coordinator/").status_code == 302  # the open session ends
    assert login(app.test_client(), user.email, PASSWORD).status_code == 401
    client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token, "active": "1"})
    db_session.expire_all()
    assert user.active and login(app.test_client(), user.email).status_code == 302
    assert _actions(db_session, user.id) == ["user.deactivate", "user.reactivate"]


def test_an_admin_cannot_demote_or_deactivate_themselves(client, db_session):
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    token = csrf_token(client, f"/admin/users/{admin.id}")
    data = {"csrf_token": token, "role": "coordinator", "agency_id": "None", "organization_id": "None"}
    assert client.post(f"/admin/users/{admin.id}", data=data).status_code == 400
    client.post(f"/admin/users/{admin.id}/active", data={"csrf_token": token, "active": "0"})
    db_session.expire_all()
    assert admin.role == Role.ADMIN and admin.active
    assert _actions(db_session, admin.id) == []


def test_the_last_active_admin_is_never_removed(db_session):
    from admin.accounts.services import removes_last_admin

    for other in db_session.scalars(select(User).where(User.role == Role.ADMIN)):
        other.active = False
    admin = make_user(db_session, Role.ADMIN)
    assert removes_last_admin(db_session, admin, new_role=Role.COORDINATOR)
    assert removes_last_admin(db_session, admin, active=False)
    assert not removes_last_admin(db_session, admin, new_role=Role.ADMIN)
    make_user(db_session, Role.ADMIN)
    assert not removes_last_admin(db_session, admin, active=False)


def test_the_list_filters_by_role_agency_status_and_text(client, db_session):
    agency = make_agency(db_session)
    make_user(db_session, Role.COORDINATOR, agency=agency, display_name="山田コーディ")
    make_user(db_session, Role.GROUP, display_name="停止中の団体").active = False
    login(client, make_user(db_session, Role.ADMIN).email)
    assert "山田コーディ" in client.get(f"/admin/users?agency={agency.id}").get_data(as_text=True)
    html = client.get("/admin/users?role=coordinator&status=inactive").get_data(as_text=True)
    assert "山田コーディ" not in html and "停止中の団体" not in html
    assert "停止中の団体" in client.get("/admin/users?q=停止中").get_data(as_text=True)


def test_agencies_are_created_and_edited_with_unique_names(client, db_session):
    make_agency(db_session, name="既存の機関")
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, "/admin/agencies/new")
    data = {
        "csrf_token": token,
        "name": "地域包括支援センター北",
        "kind": "comprehensive_care_center",
        "municipality_code": "122173",
    }
    assert client.post("/admin/agencies/new", data=data).status_code == 302
    agency = db_session.scalar(select(Agency).where(Agency.name == "地域包括支援センター北"))
    data.update(is_lead="y")
    assert client.post(f"/admin/agencies/{agency.id}", data=data).status_code == 302
    db_session.expire_all()
    assert agency.is_lead
    assert client.post("/admin/agencies/new", data={**data, "name": "既存の機関"}).status_code == 400
    assert _actions(db_session, agency.id) == ["agency.create", "agency.change"]


def test_agency_kinds_are_shown_by_name_not_code(client, db_session):
    make_agency(db_session, name="つなぐ市社協", kind="shakyo")
    make_agency(db_session, name="昔の機関", kind="houkatsu")  # typed freely before the list existed
    login(client, make_user(db_session, Role.ADMIN).email)
    html = client.get("/admin/agencies").get_data(as_text=True)
    assert "<td>社会福祉協議会</td>" in html and "<td>shakyo</td>" not in html
    assert "<td>houkatsu</td>" in html
    old = db_session.scalar(select(Agency).where(Agency.name == "昔の機関"))
    form = client.get(f"/admin/agencies/{old.id}").get_data(as_text=True)
    assert '<option selected value="houkatsu">houkatsu</option>' in form
    assert '<option value="municipality">市区町村（役所）</option>' in form
    token = csrf_token(client, "/admin/agencies/new")
    bad = client.post("/admin/agencies/new", data={"csrf_token": token, "name": "新しい機関", "kind": "nonsense"})
    assert bad.status_code == 400


def test_only_admins_change_accounts(client, db_session):
    user = make_user(db_session, Role.COORDINATOR)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    token = csrf_token(client, "/")
    assert client.post(f"/admin/users/{user.id}/active", data={"csrf_token": token, "active": "0"}).status_code == 403
    assert client.post(f"/admin/users/{user.id}/link", data={"csrf_token": token}).status_code == 403
    assert client.post("/admin/agencies/new", data={"csrf_token": token, "name": "x"}).status_code == 403
    db_session.expire_all()
    assert user.active


def test_a_fresh_password_link_is_shown_when_mail_only_goes_to_the_log(client, db_session):
    user = make_user(db_session, Role.AGENCY, agency=make_agency(db_session))
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, f"/admin/users/{user.id}")
    html = client.post(f"/admin/users/{user.id}/link", data={"csrf_token": token}).get_data(as_text=True)
    assert "/password/reset/" in html and "instance/mail.log" in html
    assert "user.password_link" in _actions(db_session, user.id)
