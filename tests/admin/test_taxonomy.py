"""Taxonomy management: labels per UI language, new terms, retiring (in use) or deleting (unused); all logged."""

from __future__ import annotations

from sqlalchemy import select

from directory.contributions.queries import kind_terms
from directory.models import TaxonomyTerm
from directory.models.curation import TermRetirement
from tests.factories import make_service, make_user, term
from tests.helpers import csrf_token, login
from tsunagu.models import AuditLog, Role


def _admin(client, db_session):
    login(client, make_user(db_session, Role.ADMIN).email)


def _logged(db_session, action):
    return db_session.scalars(select(AuditLog).where(AuditLog.action == action)).all()


def test_the_list_shows_every_language_and_how_many_entries_use_a_term(client, db_session):
    make_service(db_session, kinds=("salon",))
    _admin(client, db_session)
    html = client.get("/admin/taxonomy").get_data(as_text=True)
    assert "Community salon" in html and "Salão comunitário (encontros)" in html
    assert 'data-term="salon"' in html


def test_labels_are_edited_per_language_and_logged(client, db_session):
    salon = term(db_session, "salon")
    _admin(client, db_session)
    token = csrf_token(client, f"/admin/taxonomy/terms/{salon.id}")
    form = {"csrf_token": token, "label_ja": "サロン", "label_en": "Neighbourhood salon", "label_tl": ""}
    assert client.post(f"/admin/taxonomy/terms/{salon.id}", data=form).status_code == 302
    db_session.expire_all()
    assert salon.label("en") == "Neighbourhood salon"
    assert salon.label("tl") == "サロン"  # emptied: the Japanese name shows
    (entry,) = _logged(db_session, "taxonomy.labels")
    assert entry.detail["changes"]["en"] == ["Community salon", "Neighbourhood salon"]
    too_long = {**form, "label_en": "x" * 101}
    assert client.post(f"/admin/taxonomy/terms/{salon.id}", data=too_long).status_code == 400


def test_a_new_term_is_added_once(client, db_session):
    _admin(client, db_session)
    kind = term(db_session, "salon").taxonomy_id
    token = csrf_token(client, "/admin/taxonomy")
    data = {"csrf_token": token, "taxonomy": kind, "code": "farm_work", "name": "農作業"}
    assert client.post("/admin/taxonomy", data=data).status_code == 302
    assert db_session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == "farm_work")).name == "農作業"
    assert client.post("/admin/taxonomy", data=data).status_code == 400  # same code again
    assert len(_logged(db_session, "taxonomy.term_add")) == 1


def test_a_term_in_use_is_retired_not_deleted_and_can_come_back(client, db_session):
    service = make_service(db_session, kinds=("salon",))
    salon = term(db_session, "salon")
    _admin(client, db_session)
    token = csrf_token(client, f"/admin/taxonomy/terms/{salon.id}")
    assert "この分類を使っている活動: 1件" in client.get(f"/admin/taxonomy/terms/{salon.id}").get_data(as_text=True)
    assert client.post(f"/admin/taxonomy/terms/{salon.id}/retire", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert db_session.get(TermRetirement, salon.id) is not None
    assert salon in service.terms
    assert salon not in kind_terms(db_session)  # a group's form no longer offers it
    (entry,) = _logged(db_session, "taxonomy.term_retire")
    assert entry.detail["services"] == 1 and entry.detail["labels"]["en"] == "Community salon"
    client.post(f"/admin/taxonomy/terms/{salon.id}/reinstate", data={"csrf_token": token})
    db_session.expire_all()
    assert db_session.get(TermRetirement, salon.id) is None
    assert _logged(db_session, "taxonomy.term_reinstate")


def test_an_unused_term_is_deleted_with_its_snapshot_logged(client, db_session):
    new = TaxonomyTerm(taxonomy_id=term(db_session, "salon").taxonomy_id, code="unused_kind", name="未使用")
    db_session.add(new)
    db_session.flush()
    term_id = new.id
    _admin(client, db_session)
    token = csrf_token(client, f"/admin/taxonomy/terms/{term_id}")
    assert client.post(f"/admin/taxonomy/terms/{term_id}/retire", data={"csrf_token": token}).status_code == 302
    db_session.expire_all()
    assert db_session.get(TaxonomyTerm, term_id) is None
    assert _logged(db_session, "taxonomy.term_delete")[0].detail["code"] == "unused_kind"


def test_only_admins_manage_the_taxonomy(client, db_session):
    salon = term(db_session, "salon")
    login(client, make_user(db_session, Role.COORDINATOR).email)
    token = csrf_token(client, "/")
    assert client.get("/admin/taxonomy").status_code == 403
    assert client.post(f"/admin/taxonomy/terms/{salon.id}/retire", data={"csrf_token": token}).status_code == 403
