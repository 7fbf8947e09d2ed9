"""情報が違う？ — residents' corrections: no account, CSRF, rate limit, into the review queue."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import ChangeKind, ChangeRequest, EntryStatus, ReviewState
from tests.factories import make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role


def _send(client, service_id: int, message: str = "開催日が第3土曜日に変わりました", contact: str = ""):
    path = f"/services/{service_id}/correction"
    return client.post(path, data={"message": message, "contact": contact, "csrf_token": csrf_token(client, path)})


def test_the_detail_page_links_to_the_correction_form(client, db_session):
    service = make_service(db_session)
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert f'href="/services/{service.id}/correction"' in html and "mailto:?subject" not in html


def test_an_anonymous_correction_reaches_the_review_queue(client, db_session):
    service = make_service(db_session, name="こども食堂ひまわり")
    response = _send(client, service.id, contact="090-0000-0000")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/services/{service.id}")
    request = db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).one()
    assert request.kind == ChangeKind.CORRECTION and request.state == ReviewState.PENDING
    assert request.message == "開催日が第3土曜日に変わりました" and request.submitter_contact == "090-0000-0000"
    assert request.submitted_by_id is None
    login(client, make_user(db_session, Role.COORDINATOR).email)
    queue = client.get("/admin/review?kind=correction").get_data(as_text=True)
    assert "こども食堂ひまわり" in queue and "開催日が第3土曜日に変わりました" in queue
    detail = client.get(f"/admin/review/{request.id}").get_data(as_text=True)
    assert "090-0000-0000" in detail and "対応済みにする" in detail


def test_an_empty_message_re_renders_the_form(client, db_session):
    service = make_service(db_session)
    response = _send(client, service.id, message="")
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert db_session.scalars(select(ChangeRequest)).first() is None


def test_corrections_are_rate_limited_per_client(client, db_session):
    service = make_service(db_session)
    for _ in range(5):
        assert _send(client, service.id).status_code == 302
    response = _send(client, service.id)
    assert response.status_code == 429 and "送信が多すぎます" in response.get_data(as_text=True)
    count = len(db_session.scalars(select(ChangeRequest).where(ChangeRequest.service_id == service.id)).all())
    assert count == 5


def test_the_correction_form_needs_the_csrf_token(client, db_session):
    service = make_service(db_session)
    response = client.post(f"/services/{service.id}/correction", data={"message": "違います"})
    assert response.status_code == 400
    assert db_session.scalars(select(ChangeRequest)).first() is None


def test_no_corrections_for_entries_the_public_cannot_see(client, db_session):
    draft = make_service(db_session, status=EntryStatus.DRAFT)
    assert client.get(f"/services/{draft.id}/correction").status_code == 404
