"""The taxonomy rules, straight through the services: unique codes per vocabulary, new terms at the end,
labels per language, retire a term in use or delete an unused one, reinstate; every change logged once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from admin.curation_log import Actor
from admin.taxonomy.queries import is_retired
from admin.taxonomy.services import (
    TermCodeTaken,
    TermHasNarrowerTerms,
    add_term,
    reinstate_term,
    remove_term,
    set_term_labels,
)
from directory.models import EntryStatus, TaxonomyTerm
from directory.models.curation import TermRetirement
from tests.factories import make_service, make_user, term
from tsunagu.models import AuditLog, Role


@pytest.fixture
def actor(db_session):
    return Actor(user=make_user(db_session, Role.ADMIN))


def _logged(db_session, action, term_id):
    query = select(AuditLog).where(AuditLog.action == action, AuditLog.object_id == term_id)
    return db_session.scalars(query).all()


def _unused_term(db_session, code="unused_kind", **kw):
    new = TaxonomyTerm(taxonomy_id=term(db_session, "salon").taxonomy_id, code=code, name="未使用", **kw)
    db_session.add(new)
    db_session.flush()
    return new


def test_a_new_term_goes_last_in_its_vocabulary(db_session, actor):
    kind = term(db_session, "salon").taxonomy_id
    last = max(t.sort_order for t in db_session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.taxonomy_id == kind)))
    first = add_term(db_session, actor, taxonomy_id=kind, code=" farm_work ", name=" 農作業 ")
    second = add_term(db_session, actor, taxonomy_id=kind, code="fishing", name="漁業")
    assert (first.code, first.name) == ("farm_work", "農作業")
    assert (first.sort_order, second.sort_order) == (last + 1, last + 2)
    (entry,) = _logged(db_session, "taxonomy.term_add", first.id)
    assert entry.actor_id == actor.user.id and entry.detail == {"code": "farm_work", "name": "農作業"}


def test_a_code_is_refused_twice_in_one_vocabulary_but_not_in_another(db_session, actor):
    salon = term(db_session, "salon")
    with pytest.raises(TermCodeTaken):
        add_term(db_session, actor, taxonomy_id=salon.taxonomy_id, code="salon", name="もうひとつのサロン")
    assert db_session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code == "salon")).all() == [salon]
    assert not db_session.scalars(select(AuditLog).where(AuditLog.action == "taxonomy.term_add")).all()
    other = next(t for t in db_session.scalars(select(TaxonomyTerm)) if t.taxonomy_id != salon.taxonomy_id)
    assert add_term(db_session, actor, taxonomy_id=other.taxonomy_id, code="salon", name="サロン").id != salon.id


def test_labels_change_per_language_and_an_empty_one_falls_back_to_japanese(db_session, actor):
    salon = term(db_session, "salon")
    wanted = {"ja": "", "en": "Neighbourhood salon", "tl": "", "xx": "unknown"}
    changes = set_term_labels(db_session, actor, salon, wanted)
    assert changes == {"en": ["Community salon", "Neighbourhood salon"], "tl": ["Salon ng komunidad", ""]}
    assert salon.name == "サロン"  # an empty Japanese name is ignored: every language falls back to it
    assert salon.label("en") == "Neighbourhood salon" and salon.label("tl") == "サロン"
    (entry,) = _logged(db_session, "taxonomy.labels", salon.id)
    assert entry.detail == {"code": "salon", "changes": changes}
    assert set_term_labels(db_session, actor, salon, {"en": "Neighbourhood salon"}) == {}
    assert len(_logged(db_session, "taxonomy.labels", salon.id)) == 1  # nothing changed, nothing logged
    assert set_term_labels(db_session, actor, salon, {"ja": "地域サロン"}) == {"ja": ["サロン", "地域サロン"]}
    assert salon.name == "地域サロン"


def test_a_term_in_use_is_retired_once_and_stays_on_its_entries(db_session, actor):
    service = make_service(db_session, kinds=("salon",))
    salon = term(db_session, "salon")
    removal = remove_term(db_session, actor, salon)
    assert removal.retired and removal.services == 1 and removal.name == "サロン"
    assert is_retired(db_session, salon.id)
    assert db_session.get(TermRetirement, salon.id).retired_by_id == actor.user.id
    db_session.expire_all()
    assert salon in service.terms
    assert remove_term(db_session, actor, salon).retired  # again: still retired, not deleted
    (entry,) = _logged(db_session, "taxonomy.term_retire", salon.id)
    assert entry.detail["services"] == 1 and entry.detail["labels"]["en"] == "Community salon"


def test_an_entry_of_any_status_keeps_a_term_in_use(db_session, actor):
    make_service(db_session, kinds=("salon",), status=EntryStatus.ARCHIVED)
    assert remove_term(db_session, actor, term(db_session, "salon")).retired


def test_an_unused_term_is_deleted_with_a_snapshot(db_session, actor):
    unused = _unused_term(db_session)
    set_term_labels(db_session, actor, unused, {"en": "Unused"})
    term_id = unused.id
    removal = remove_term(db_session, actor, unused)
    assert not removal.retired and removal.name == "未使用"
    db_session.expire_all()
    assert db_session.get(TaxonomyTerm, term_id) is None
    (entry,) = _logged(db_session, "taxonomy.term_delete", term_id)
    assert entry.detail["code"] == "unused_kind" and entry.detail["labels"]["en"] == "Unused"


def test_an_unused_term_with_narrower_terms_is_not_deleted(db_session, actor):
    parent = _unused_term(db_session, code="parent_kind")
    _unused_term(db_session, code="child_kind", parent_id=parent.id)
    with pytest.raises(TermHasNarrowerTerms):
        remove_term(db_session, actor, parent)
    assert db_session.get(TaxonomyTerm, parent.id) is parent
    assert not _logged(db_session, "taxonomy.term_delete", parent.id)


def test_a_retired_term_is_reinstated_once(db_session, actor):
    make_service(db_session, kinds=("salon",))
    salon = term(db_session, "salon")
    assert not reinstate_term(db_session, actor, salon)  # not retired: nothing to do
    remove_term(db_session, actor, salon)
    assert reinstate_term(db_session, actor, salon)
    assert not is_retired(db_session, salon.id)
    assert not reinstate_term(db_session, actor, salon)
    assert len(_logged(db_session, "taxonomy.term_reinstate", salon.id)) == 1
