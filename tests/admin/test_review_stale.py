"""The stale queue: entries not verified for N months, never-verified first, re-verified in one click."""

from __future__ import annotations

from datetime import timedelta

from directory.models import EntryStatus
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.db import utcnow
from tsunagu.models import AuditLog, Role


def test_stale_entries_are_listed_oldest_first_with_whom_to_remind(client, db_session):
    now = utcnow()
    organization = make_organization(db_session, name="古い会")
    make_user(db_session, Role.GROUP, organization_id=organization.id, email="furui@example.test")
    two_years = now - timedelta(days=730)
    old = make_service(db_session, name="二年前の活動", organization=organization, verified_at=two_years)
    never = make_service(db_session, name="未確認の活動", verified_at=None)
    make_service(db_session, name="先月の活動", verified_at=now - timedelta(days=30))
    make_service(db_session, name="下書きの活動", verified_at=None, status=EntryStatus.DRAFT)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    html = client.get("/admin/stale").get_data(as_text=True)
    assert "先月の活動" not in html and "下書きの活動" not in html
    assert html.index(never.name) < html.index(old.name)
    assert "furui@example.test" in html
    # 1 of the 3 published entries was verified within 12 months: 33%, under the 90% target
    assert 'data-on-target="no"' in html and "1 / 3 件（33%）— 目標 90% 以上" in html
    assert "先月の活動" in client.get("/admin/stale?months=1").get_data(as_text=True)


def test_still_correct_re_verifies_in_one_click(client, db_session):
    service = make_service(db_session, name="二年前の活動", verified_at=utcnow() - timedelta(days=730))
    coordinator = make_user(db_session, Role.COORDINATOR)
    login(client, coordinator.email)
    token = csrf_token(client, "/admin/stale")
    response = client.post(f"/admin/stale/{service.id}/verify", data={"csrf_token": token})
    assert response.status_code == 302
    db_session.expire_all()
    assert utcnow() - service.verified_at < timedelta(minutes=1)
    client.get("/admin/stale")  # the flash message names it once
    assert "二年前の活動" not in client.get("/admin/stale").get_data(as_text=True)
    entry = db_session.query(AuditLog).filter_by(action="service.verify", object_id=service.id).one()
    assert entry.actor_id == coordinator.id


def test_verifying_needs_a_reviewer_and_the_csrf_token(client, db_session):
    stale = utcnow() - timedelta(days=730)
    service = make_service(db_session, verified_at=stale)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    assert client.post(f"/admin/stale/{service.id}/verify").status_code == 400
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    staff = make_user(db_session, Role.AGENCY)
    login(client, staff.email)
    token = csrf_token(client, "/")
    assert client.post(f"/admin/stale/{service.id}/verify", data={"csrf_token": token}).status_code == 403
    db_session.expire_all()
    assert service.verified_at == stale
