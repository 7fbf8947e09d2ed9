"""Archive and restore: an archived entry leaves search, the map, the API and exports; curators still see it;
a restore returns it to its previous status; hard deletion is admin-only, confirmed and logged; imports never
republish an archived entry."""

from __future__ import annotations

from sqlalchemy import select

from admin.archive.services import archive_service
from directory.formats.drafts import EntryDraft, PlaceDraft
from directory.imports.apply import apply_drafts
from directory.models import EntryStatus, ImportRun, Service
from directory.models.curation import ServiceArchive
from matching.models import Person
from tests.factories import make_agency, make_person, make_placement, make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


def _archive(client, service, reason="閉鎖しました"):
    token = csrf_token(client, f"/admin/services/{service.id}/archive")
    return client.post(f"/admin/services/{service.id}/archive", data={"csrf_token": token, "reason": reason})


def test_a_coordinator_archives_with_a_reason_and_it_leaves_every_public_path(client, db_session, app):
    service = make_service(db_session, name="消える食堂")
    public = app.test_client()
    link = f'href="/services/{service.id}"'
    assert link in public.get("/?q=消える食堂").get_data(as_text=True)
    login(client, make_user(db_session, Role.COORDINATOR).email)
    assert _archive(client, service, reason="").status_code == 400  # a reason is required
    assert _archive(client, service).status_code == 302
    db_session.expire_all()
    assert service.status == EntryStatus.ARCHIVED
    assert db_session.get(ServiceArchive, service.id).previous_status == EntryStatus.PUBLISHED
    assert link not in public.get("/?q=消える食堂").get_data(as_text=True)
    assert public.get(f"/services/{service.id}").status_code == 404
    assert public.get(f"/api/v1/services/{service.uuid}").status_code == 404
    assert "消える食堂" not in public.get("/api/v1/services?search=消える食堂").get_data(as_text=True)
    names = [f["properties"]["name"] for f in public.get("/api/v1/map.geojson").get_json()["features"]]
    assert "消える食堂" not in names
    assert client.get(f"/services/{service.id}").status_code == 200  # curators still see it
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "service.archive"))
    assert entry.detail["reason"] == "閉鎖しました" and entry.detail["snapshot"]["name"] == "消える食堂"


def test_groups_and_agency_staff_cannot_archive(client, db_session):
    service = make_service(db_session)
    login(client, make_user(db_session, Role.AGENCY, agency=make_agency(db_session)).email)
    assert _archive(client, service).status_code == 403
    assert db_session.get(Service, service.id).status == EntryStatus.PUBLISHED


def test_an_admin_restores_to_the_previous_status(client, db_session):
    draft = make_service(db_session, name="下書きだった", status=EntryStatus.DRAFT)
    admin = make_user(db_session, Role.ADMIN)
    archive_service(db_session, draft, actor_id=admin.id, reason="重複")
    login(client, admin.email)
    html = client.get("/admin/archive").get_data(as_text=True)
    assert "下書きだった" in html and "重複" in html
    token = csrf_token(client, "/admin/archive")
    assert client.post(f"/admin/archive/{draft.id}/restore", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert draft.status == EntryStatus.DRAFT and db_session.get(ServiceArchive, draft.id) is None
    assert db_session.scalar(select(AuditLog.detail).where(AuditLog.action == "service.restore"))["status"] == "draft"


def test_hard_deletion_needs_confirmation_is_refused_while_placed_and_keeps_a_snapshot(client, db_session):
    admin = make_user(db_session, Role.ADMIN)
    placed = make_service(db_session, name="つなぎ先")
    make_placement(db_session, make_person(db_session, make_agency(db_session)), placed)
    gone = make_service(db_session, name="消す活動")
    gone_id = gone.id
    for service in (placed, gone):
        archive_service(db_session, service, actor_id=admin.id, reason="閉鎖")
    login(client, admin.email)
    assert "placements" in client.get(f"/admin/archive/{placed.id}/delete").get_data(as_text=True)
    token = csrf_token(client, f"/admin/archive/{gone.id}/delete")
    data = {"csrf_token": token, "reason": "誤登録"}
    assert client.post(f"/admin/archive/{gone.id}/delete", data=data).status_code == 400  # not confirmed
    assert client.post(f"/admin/archive/{placed.id}/delete", data={**data, "confirm": "yes"}).status_code == 400
    assert client.post(f"/admin/archive/{gone.id}/delete", data={**data, "confirm": "yes"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(Service, gone_id) is None and db_session.get(Service, placed.id) is not None
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "service.delete"))
    assert entry.detail["snapshot"]["name"] == "消す活動" and entry.detail["reason"] == "誤登録"
    assert db_session.scalars(select(Person)).first() is not None


def test_coordinators_cannot_restore_or_delete(client, db_session):
    service = make_service(db_session)
    archive_service(db_session, service, actor_id=None, reason="x")
    login(client, make_user(db_session, Role.COORDINATOR).email)
    token = csrf_token(client, "/")
    assert client.post(f"/admin/archive/{service.id}/restore", data={"csrf_token": token}).status_code == 403
    assert client.get(f"/admin/archive/{service.id}/delete").status_code == 403


def _draft(name: str, source_id: str) -> EntryDraft:
    place = PlaceDraft(
        prefecture="千葉県",
        city="つなぐ市",
        town="本町",
        block="1",
        building=None,
        lat=None,
        lon=None,
        private_home=False,
    )
    blank = dict.fromkeys(
        (
            "name_kana",
            "corporate_number",
            "phone",
            "email",
            "url",
            "description",
            "eligibility",
            "fees_note",
            "how_to_join",
            "capacity",
        )
    )
    return EntryDraft(
        row=2,
        name=name,
        organization_name="つなぐ会",
        municipality_code="122173",
        source_id=source_id,
        reservation_required=False,
        costs=[],
        place=place,
        **blank,
    )


def test_an_import_reports_an_archived_entry_instead_of_updating_it(db_session):
    service = make_service(db_session, name="閉じた食堂", municipality_code="122173", source_id="K-1")
    archive_service(db_session, service, actor_id=None, reason="閉鎖")
    run = ImportRun(format="kodomo-shokudo", files=["a.csv"])
    db_session.add(run)
    db_session.flush()
    applied = apply_drafts(db_session, [("a.csv", _draft("閉じた食堂（再開）", "K-1"))], run, "kodomo-shokudo")
    assert [(name, found) for name, _entry, found in applied.archived] == [("a.csv", service.id)]
    assert run.created == 0 and run.updated == 0
    db_session.expire_all()
    assert service.status == EntryStatus.ARCHIVED and service.name == "閉じた食堂"


def test_an_archived_entry_is_left_out_of_exports(db_session, tmp_path):
    from directory.formats.hsds.export import export_hsds

    kept, archived = make_service(db_session, name="残る食堂"), make_service(db_session, name="消えた食堂")
    archive_service(db_session, archived, actor_id=None, reason="閉鎖")
    export_hsds(db_session, tmp_path / "out")
    text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "out").rglob("*") if path.is_file())
    assert kept.name in text and archived.name not in text
