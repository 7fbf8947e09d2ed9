"""Freshness from the group's side: the six-monthly reminder and the 「この内容で正しい」 button."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from directory.contributions.reminders import due_reminders, send_reminders
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


def test_the_remind_groups_command_mails_or_lists_who_to_phone(app, db_session):
    from tsunagu.cli import main

    now = utcnow()
    mailed = make_organization(db_session, name="メールの会")
    make_user(db_session, Role.GROUP, organization_id=mailed.id, email="cli-remind@example.test")
    make_service(db_session, organization=mailed, name="メールで確認する活動", verified_at=now - SEVEN_MONTHS)
    phoned = make_organization(db_session, name="電話の会", phone="04-1111-2222")
    make_service(db_session, organization=phoned, verified_at=None)  # never verified: due as well
    make_service(db_session, organization=make_organization(db_session, name="最近の会"), verified_at=now)

    runner = app.test_cli_runner()
    dry = runner.invoke(main, ["remind-groups", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "0 groups mailed; 2 to contact by hand" in dry.output and "最近の会" not in dry.output
    mail_log = Path(app.instance_path) / "mail.log"
    before = mail_log.read_text(encoding="utf-8") if mail_log.exists() else ""

    result = runner.invoke(main, ["remind-groups", "--base-url", "https://tsunagu.example.jp/"])
    assert result.exit_code == 0, result.output
    assert "1 groups mailed; 1 to contact by hand" in result.output
    assert "電話の会\t04-1111-2222\t1 entries" in result.output
    sent = mail_log.read_text(encoding="utf-8")[len(before) :]
    assert "cli-remind@example.test" in sent and "https://tsunagu.example.jp/contribute/" in sent


def test_the_freshness_share_counts_published_entries_verified_within_twelve_months(db_session):
    from directory.contributions.queries import verified_share
    from directory.models import EntryStatus, Visibility

    now = utcnow()
    for days in (1, 100, 200, 300, 330, 350, 360, 364, 365):  # 9 inside the twelve months (365 days)…
        make_service(db_session, verified_at=now - timedelta(days=days))
    make_service(db_session, verified_at=now - timedelta(days=380))  # …one outside: 90%, on target
    make_service(db_session, verified_at=now, status=EntryStatus.DRAFT)  # drafts are not counted
    make_service(db_session, verified_at=None, status=EntryStatus.ARCHIVED)
    make_service(db_session, verified_at=None, do_not_list=True)  # 掲載しない: not in the public catalog
    make_service(db_session, verified_at=None, visibility=Visibility.COORDINATORS)  # a custom menu
    fresh, total = verified_share(db_session, months=12, now=now)
    assert (fresh, total) == (9, 10) and fresh / total >= 0.9
    make_service(db_session, verified_at=None)  # a never-verified entry pulls the share under the target
    fresh, total = verified_share(db_session, months=12, now=now)
    assert (fresh, total) == (9, 11) and fresh / total < 0.9


def test_the_admin_home_shows_the_freshness_target(client, db_session):
    make_service(db_session, verified_at=utcnow() - timedelta(days=500))
    login(client, make_user(db_session, Role.ADMIN).email)
    html = client.get("/admin/").get_data(as_text=True)
    assert 'class="freshness" data-on-target="no"' in html and "目標 90% 以上" in html
