"""Duplicates across the catalog: listed, compared, merged (references move, the other is archived with a
pointer, both snapshots logged) or dismissed for good."""

from __future__ import annotations

from sqlalchemy import select

from directory.models import (
    ChangeKind,
    ChangeRequest,
    EntryStatus,
    ImportChange,
    ServiceTranslation,
    VolunteerInterest,
)
from directory.models.curation import ServiceArchive
from tests.factories import make_agency, make_person, make_placement, make_service, make_user, make_volunteer
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


def _pair(db_session):
    first = make_service(db_session, name="みんなの食堂", phone="04-1111-1111", kinds=("kodomo_shokudo",))
    second = make_service(
        db_session,
        name="みんなの食堂",
        phone="04-2222-2222",
        description="毎週水曜日",
        lat=35.8601,
        lon=139.9701,
        kinds=("kodomo_shokudo", "solo_ok"),
    )
    make_service(db_session, name="みんなの食堂", lat=34.0, lon=135.0)  # same name far away: not a duplicate
    return first, second


def test_pairs_are_listed_and_compared_field_by_field(client, db_session):
    first, second = _pair(db_session)
    login(client, make_user(db_session, Role.ADMIN).email)
    html = client.get("/admin/duplicates").get_data(as_text=True)
    assert f'data-pair="{first.id}-{second.id}"' in html and html.count("data-pair=") == 1
    page = client.get(f"/admin/duplicates/{second.id}/{first.id}").get_data(as_text=True)
    assert "04-1111-1111" in page and "04-2222-2222" in page and 'data-field="phone" class="differs"' in page


def test_merging_moves_references_archives_the_other_and_logs_both(client, db_session):
    first, second = _pair(db_session)
    person = make_person(db_session, make_agency(db_session))
    placement = make_placement(db_session, person, second)
    volunteer = make_volunteer(db_session)
    db_session.add_all(
        [
            VolunteerInterest(volunteer_id=volunteer.id, service_id=second.id),
            ServiceTranslation(service_id=second.id, locale="en", field="name", value="Everyone's diner"),
            ChangeRequest(kind=ChangeKind.CORRECTION, service_id=second.id, message="電話番号が違います"),
            ImportChange(service_id=second.id, changes={"phone": ["x", "y"]}),
        ]
    )
    db_session.flush()
    admin = make_user(db_session, Role.ADMIN)
    login(client, admin.email)
    path = f"/admin/duplicates/{first.id}/{second.id}"
    token = csrf_token(client, path)
    data = {"csrf_token": token, "keep": "first", "pick_phone": "second", "pick_description": "second"}
    assert client.post(path, data=data).status_code == 302
    db_session.expire_all()
    assert first.phone == "04-2222-2222" and first.description == "毎週水曜日"
    assert {t.code for t in first.terms} == {"kodomo_shokudo", "solo_ok"}  # tags are joined
    assert second.status == EntryStatus.ARCHIVED
    assert db_session.get(ServiceArchive, second.id).merged_into_id == first.id
    assert placement.service_id == first.id
    for model in (VolunteerInterest, ServiceTranslation, ChangeRequest, ImportChange):
        assert db_session.scalar(select(model.service_id).where(model.service_id.is_not(None))) == first.id
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "service.merge"))
    assert entry.object_id == first.id and entry.actor_id == admin.id
    assert entry.detail["other"]["phone"] == "04-2222-2222" and entry.detail["kept"]["phone"] == "04-1111-1111"
    assert entry.detail["moved"]["placements.service_id"] == 1
    assert "data-pair" not in client.get("/admin/duplicates").get_data(as_text=True)


def test_a_clashing_reference_stays_with_the_archived_entry(client, db_session):
    first, second = _pair(db_session)
    volunteer = make_volunteer(db_session)
    for service in (first, second):
        db_session.add(VolunteerInterest(volunteer_id=volunteer.id, service_id=service.id))
    db_session.flush()
    login(client, make_user(db_session, Role.ADMIN).email)
    path = f"/admin/duplicates/{first.id}/{second.id}"
    assert client.post(path, data={"csrf_token": csrf_token(client, path), "keep": "second"}).status_code == 302
    ids = sorted(db_session.scalars(select(VolunteerInterest.service_id)))
    assert ids == sorted([first.id, second.id])  # one interest per volunteer and entry: nothing lost


def test_not_a_duplicate_dismisses_the_pair_for_good(client, db_session):
    first, second = _pair(db_session)
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, "/admin/duplicates")
    response = client.post(f"/admin/duplicates/{second.id}/{first.id}/dismiss", data={"csrf_token": token})
    assert response.status_code == 302
    assert "data-pair" not in client.get("/admin/duplicates").get_data(as_text=True)
    assert client.get(f"/admin/duplicates/{first.id}/{second.id}").status_code == 302
    assert db_session.scalar(select(AuditLog).where(AuditLog.action == "duplicate.dismiss")) is not None


def test_only_admins_merge(client, db_session):
    first, second = _pair(db_session)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    token = csrf_token(client, "/")
    path = f"/admin/duplicates/{first.id}/{second.id}"
    assert client.post(path, data={"csrf_token": token, "keep": "first"}).status_code == 403
    assert db_session.get(type(second), second.id).status == EntryStatus.PUBLISHED
