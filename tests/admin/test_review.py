"""The review queue: only reviewers decide; approval publishes or applies, 差し戻し returns with a comment."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.contributions.fields import service_snapshot
from directory.contributions.services import NotAllowed, approve, reject, submit_for_review, update_activity
from directory.models import ChangeRequest, EntryStatus, Organization, Review, ReviewState, Service
from directory.search.params import SearchParams
from directory.search.query import search_services
from tests.factories import make_organization, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


@pytest.fixture
def group_user(db_session):
    organization = make_organization(db_session, name="ひだまりの会", status=EntryStatus.DRAFT)
    return make_user(db_session, Role.GROUP, organization_id=organization.id)


def _submitted(db_session, group_user, name="ひだまり食堂") -> tuple[Service, ChangeRequest]:
    organization = db_session.get(Organization, group_user.organization_id)
    service = make_service(db_session, organization=organization, name=name, status=EntryStatus.DRAFT)
    return service, submit_for_review(db_session, service, actor=group_user)


def _decide(client, request_id: int, decision: str, comment: str = ""):
    path = f"/admin/review/{request_id}"
    return client.post(path, data={"decision": decision, "comment": comment, "csrf_token": csrf_token(client, path)})


def test_a_coordinator_approves_and_the_entry_is_public_and_searchable(client, db_session, group_user):
    service, request = _submitted(db_session, group_user)
    coordinator = make_user(db_session, Role.COORDINATOR)
    login(client, coordinator.email)
    queue = client.get("/admin/review").get_data(as_text=True)
    assert "ひだまり食堂" in queue and "新規" in queue
    detail = client.get(f"/admin/review/{request.id}").get_data(as_text=True)
    assert "申請された内容" in detail and "ひだまり食堂" in detail
    assert _decide(client, request.id, "approve").status_code == 302
    db_session.expire_all()
    assert service.status == EntryStatus.PUBLISHED and service.verified_at is not None
    assert service.organization.status == EntryStatus.PUBLISHED
    assert request.state == ReviewState.APPROVED
    review = db_session.scalars(select(Review).where(Review.change_request_id == request.id)).one()
    assert review.reviewer_id == coordinator.id and review.snapshot["name"] == "ひだまり食堂"
    assert db_session.scalars(select(AuditLog).where(AuditLog.action == "review.approved")).first() is not None
    assert [h.service.id for h in search_services(db_session, SearchParams(q="ひだまり食堂")).hits] == [service.id]


def test_sending_back_needs_a_comment_and_the_group_sees_it(client, db_session, group_user):
    service, request = _submitted(db_session, group_user)
    login(client, make_user(db_session, Role.ADMIN).email)
    response = _decide(client, request.id, "reject")
    assert response.status_code == 400 and "コメントを書いてください" in response.get_data(as_text=True)
    assert _decide(client, request.id, "reject", "開催場所の住所を書いてください").status_code == 302
    db_session.expire_all()
    assert service.status == EntryStatus.DRAFT and request.state == ReviewState.REJECTED
    client.post("/logout", data={"csrf_token": csrf_token(client, "/logout")})
    login(client, group_user.email)
    page = client.get("/contribute/").get_data(as_text=True)
    assert "差し戻し" in page and "開催場所の住所を書いてください" in page


def test_an_approved_edit_changes_only_the_fields_the_group_changed(db_session, group_user):
    organization = db_session.get(Organization, group_user.organization_id)
    service = make_service(db_session, organization=organization, name="ひだまりサロン", capacity=10)
    proposal = {**service_snapshot(service), "name": "ひだまりサロン（火曜）"}
    request = update_activity(db_session, service, proposal, actor=group_user)
    assert request is not None and service.name == "ひだまりサロン"
    # meanwhile a coordinator corrects the capacity directly
    coordinator = make_user(db_session, Role.COORDINATOR)
    update_activity(db_session, service, {**service_snapshot(service), "capacity": 12}, actor=coordinator)
    assert db_session.query(AuditLog).filter_by(action="service.edit", object_id=service.id).count() == 1
    approve(db_session, request, reviewer=coordinator)
    assert (service.name, service.capacity) == ("ひだまりサロン（火曜）", 12)
    assert service.status == EntryStatus.PUBLISHED


def test_a_rejected_edit_leaves_the_published_entry_as_it_was(db_session, group_user):
    organization = db_session.get(Organization, group_user.organization_id)
    service = make_service(db_session, organization=organization, name="ひだまりサロン")
    request = update_activity(db_session, service, {**service_snapshot(service), "name": "別の名前"}, actor=group_user)
    reject(db_session, request, reviewer=make_user(db_session, Role.COORDINATOR), comment="名前は変えられません")
    assert service.name == "ひだまりサロン" and service.status == EntryStatus.PUBLISHED


def test_only_reviewers_decide(client, db_session, group_user):
    _service, request = _submitted(db_session, group_user)
    for role in (Role.GROUP, Role.AGENCY):
        user = make_user(db_session, role, organization_id=group_user.organization_id if role == Role.GROUP else None)
        with pytest.raises(NotAllowed):
            approve(db_session, request, reviewer=user)
    login(client, group_user.email)
    assert client.get("/admin/review").status_code == 403
    token = csrf_token(client, "/contribute/")
    assert (
        client.post(f"/admin/review/{request.id}", data={"decision": "approve", "csrf_token": token}).status_code == 403
    )
    db_session.expire_all()
    assert request.state == ReviewState.PENDING


def test_a_decided_request_cannot_be_decided_again(db_session, group_user):
    _service, request = _submitted(db_session, group_user)
    reviewer = make_user(db_session, Role.COORDINATOR)
    approve(db_session, request, reviewer=reviewer)
    with pytest.raises(ValueError, match="pending"):
        reject(db_session, request, reviewer=reviewer, comment="遅すぎ")


def test_the_edit_diff_shows_before_and_after_side_by_side(client, db_session, group_user):
    organization = db_session.get(Organization, group_user.organization_id)
    service = make_service(db_session, organization=organization, name="ひだまりサロン")
    proposal = {
        **service_snapshot(service),
        "name": "ひだまりサロン（火曜）",
        "costs": {"adult": {"free": True, "yen": None}},
    }
    request = update_activity(db_session, service, proposal, actor=group_user)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    html = client.get(f"/admin/review/{request.id}").get_data(as_text=True)
    row = html.split('data-field="name"', 1)[1].split("</tr>", 1)[0]
    assert "<del>ひだまりサロン</del>" in row and "<ins>ひだまりサロン（火曜）</ins>" in row
    costs = html.split('data-field="costs"', 1)[1].split("</tr>", 1)[0]
    assert "<ins>大人 無料</ins>" in costs
    assert 'data-field="town"' not in html  # unchanged fields are not listed


def test_the_review_form_needs_the_csrf_token(client, db_session, group_user):
    _service, request = _submitted(db_session, group_user)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    assert client.post(f"/admin/review/{request.id}", data={"decision": "approve"}).status_code == 400
    db_session.expire_all()
    assert request.state == ReviewState.PENDING


def test_the_reviewer_is_warned_of_a_likely_duplicate_nearby(client, db_session, group_user):
    existing = make_service(db_session, name="こども食堂ひまわり", lat=35.8600, lon=139.9700)
    make_service(db_session, name="こども食堂ひまわり", lat=35.9000, lon=139.9700)  # same name, 4 km away
    organization = db_session.get(Organization, group_user.organization_id)
    new = make_service(
        db_session,
        organization=organization,
        name="子ども食堂ひまわり",
        status=EntryStatus.DRAFT,
        lat=35.8605,
        lon=139.9702,
    )
    request = submit_for_review(db_session, new, actor=group_user)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    html = client.get(f"/admin/review/{request.id}").get_data(as_text=True)
    warning = html.split('class="duplicates', 1)[1].split("</section>", 1)[0]
    assert f'href="/services/{existing.id}"' in warning and warning.count("<li>") == 1


def test_a_reviewer_completes_a_submission_before_approving_and_keeps_the_flyer(db_session, group_user):
    service, request = _submitted(db_session, group_user, name="チラシ食堂")
    request.after = {**request.after, "flyer": "0" * 32 + ".jpg"}
    coordinator = make_user(db_session, Role.COORDINATOR)
    completed = {**service_snapshot(service), "schedule_text": "毎週土曜日 11時～14時", "capacity": 25}
    assert update_activity(db_session, service, completed, actor=coordinator) is None  # written at once
    assert request.after["capacity"] == 25 and request.after["flyer"] == "0" * 32 + ".jpg"
    assert service.status == EntryStatus.PENDING
    approve(db_session, request, reviewer=coordinator)
    assert service.status == EntryStatus.PUBLISHED and [s.byday for s in service.schedules] == ["SA"]


def test_an_edit_approved_after_the_entry_was_archived_does_not_republish_it(db_session, group_user):
    organization = db_session.get(Organization, group_user.organization_id)
    service = make_service(db_session, organization=organization, name="終わった活動")
    request = update_activity(db_session, service, {**service_snapshot(service), "capacity": 5}, actor=group_user)
    service.status = EntryStatus.ARCHIVED
    approve(db_session, request, reviewer=make_user(db_session, Role.ADMIN))
    assert service.status == EntryStatus.ARCHIVED and service.capacity == 5
