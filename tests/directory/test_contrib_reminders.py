"""Freshness from the group's side: the six-monthly reminder and the 「この内容で正しい」 button."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from directory.reminders import due_reminders, send_reminders
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.db import utcnow
from tsunagu.models import Role

SEVEN_MONTHS = timedelta(days=213)


def test_groups_with_entries_unconfirmed_for_six_months_are_reminded_once(app, db_session):
    now = utcnow()
    organization = make_organization(db_session, name="リマインドの会")
    make_user(db_session, Role.GROUP, organization_id=organization.id, email="remind@example.test")
    due = make_service(db_session, organization=organization, name="半年以上前の活動", verified_at=now - SEVEN_MONTHS)
    make_service(db_session, organization=organization, name="先週の活動", verified_at=now - timedelta(days=7))
    phone_only = make_organization(db_session, name="電話だけの会", phone="04-0000-0000")
    make_service(db_session, organization=phone_only, verified_at=now - SEVEN_MONTHS)

    reminders = {r.organization.name: r for r in due_reminders(db_session, now=now)}
    assert [s.id for s in reminders["リマインドの会"].services] == [due.id]
    assert [u.email for u in reminders["リマインドの会"].recipients] == ["remind@example.test"]
    with app.app_context():
        unsent = send_reminders(db_session, list(reminders.values()), page_url="https://tsunagu.example.jp/contribute/")
    assert [r.organization.name for r in unsent] == ["電話だけの会"]  # no account: a coordinator phones
    mail = (Path(app.instance_path) / "mail.log").read_text(encoding="utf-8")
    last = mail.split("To: remind@example.test")[-1]
    assert "半年以上前の活動" in last and "先週の活動" not in last
    # run again tomorrow: the mailed group is not reminded twice
    names = [r.organization.name for r in due_reminders(db_session, now=now + timedelta(days=1))]
    assert "リマインドの会" not in names and "電話だけの会" in names


def test_the_group_confirms_an_entry_in_one_click(client, db_session):
    organization = make_organization(db_session)
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    service = make_service(db_session, organization=organization, verified_at=utcnow() - SEVEN_MONTHS)
    login(client, user.email)
    assert "この内容で正しい" in client.get("/contribute/").get_data(as_text=True)
    token = csrf_token(client, "/contribute/")
    assert client.post(f"/contribute/activities/{service.id}/confirm", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert utcnow() - service.verified_at < timedelta(minutes=1)


def test_confirming_needs_the_csrf_token_and_ones_own_entry(client, db_session):
    organization = make_organization(db_session)
    user = make_user(db_session, Role.GROUP, organization_id=organization.id)
    stale = utcnow() - SEVEN_MONTHS
    own = make_service(db_session, organization=organization, verified_at=stale)
    other = make_service(db_session, verified_at=stale)
    login(client, user.email)
    assert client.post(f"/contribute/activities/{own.id}/confirm").status_code == 400
    token = csrf_token(client, "/contribute/")
    assert client.post(f"/contribute/activities/{other.id}/confirm", data={"csrf_token": token}).status_code == 404
    db_session.expire_all()
    assert own.verified_at == stale and other.verified_at == stale
