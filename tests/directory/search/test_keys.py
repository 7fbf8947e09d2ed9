"""PostgreSQL's narrow side table of what a word search reads (migration 0029, directory.search.keys) follows every
write of a service, and a word answered by the pairs alone never reads the wide services table."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import not_, text
from sqlalchemy.dialects import postgresql

from directory.catalog.indexing import refresh_search_text
from directory.catalog.queries import public_filter
from directory.models import EntryStatus, Service
from directory.search.keys import through_keys
from directory.search.params import SearchParams
from directory.search.query import _base, _list_order, search_services
from tests.factories import make_service
from tsunagu.db import utcnow


@pytest.fixture
def postgresql_only(dialect):
    if dialect != "postgresql":
        pytest.skip("the side table is PostgreSQL's (SQLite has its FTS5 pair table)")


def _found(db_session, word: str) -> list[int]:
    found = search_services(db_session, SearchParams(q=word, per_page=50), cached=False, count_limit=1000)
    return [h.service.id for h in found.hits]


def _row(db_session, service_id: int):
    return db_session.execute(
        text("SELECT name, name_kana, status, verified_at FROM services_search_keys WHERE id = :id"),
        {"id": service_id},
    ).one_or_none()


def test_the_side_table_follows_every_write_of_a_service(db_session, postgresql_only):
    service = make_service(db_session, name="将棋の会", description="毎週土曜")
    db_session.flush()
    assert _row(db_session, service.id).name == "将棋の会"
    assert _found(db_session, "将棋") == [service.id]

    service.name, service.name_kana, service.description = "囲碁の会", "いごのかい", "毎週日曜"
    refresh_search_text(db_session, [service.id])
    db_session.flush()
    assert tuple(_row(db_session, service.id)[:2]) == ("囲碁の会", "いごのかい")
    assert _found(db_session, "囲碁") == [service.id] and _found(db_session, "将棋") == []

    # a change of what the public may see, without any change of the text
    service.status = EntryStatus.DRAFT
    db_session.flush()
    assert _found(db_session, "囲碁") == []
    service.status = EntryStatus.PUBLISHED
    service.verified_at = utcnow() - timedelta(days=3650)  # long unconfirmed: hidden from the public
    db_session.flush()
    assert _found(db_session, "囲碁") == []
    service.verified_at = utcnow()
    db_session.flush()
    assert _found(db_session, "囲碁") == [service.id]

    for table in ("service_at_locations", "service_taxonomy_terms", "services"):
        column = "id" if table == "services" else "service_id"
        db_session.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": service.id})  # noqa: S608
    assert _row(db_session, service.id) is None and _found(db_session, "囲碁") == []


def test_the_list_order_and_the_name_come_from_the_side_table(db_session, postgresql_only):
    """Entries named after the word first, then by reading (name_kana) or name, as on services."""
    later = make_service(db_session, name="茶話会あおい", name_kana="わ")
    first = make_service(db_session, name="茶の湯", name_kana="あ")
    mentioned = make_service(db_session, name="ひなた", description="お茶を飲みます")
    make_service(db_session, name="ほかの会", description="体操")
    assert _found(db_session, "茶") == [first.id, later.id, mentioned.id]


def _plan_relations(db_session, statement) -> set[str]:
    compiled = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    plan = db_session.scalar(text(f"EXPLAIN (FORMAT JSON) {str(compiled).replace('%%', '%')}"))
    plan = plan if isinstance(plan, list) else json.loads(plan)
    found: set[str] = set()

    def walk(node):
        if "Relation Name" in node:
            found.add(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def test_a_short_word_without_a_place_never_reads_services(db_session, postgresql_only):
    make_service(db_session, name="お茶会")
    db_session.flush()
    for word, reads_services in (("茶", False), ("食堂", False), ("子ども食堂", True)):
        base = _base(SearchParams(q=word), "postgresql", public_filter())
        named = Service.name_normalized.like(f"%{word}%")
        for statement in (base, base.where(not_(named)).order_by(*_list_order()).limit(20)):
            relations = _plan_relations(db_session, through_keys(statement))
            assert "services_search_keys" in relations, word
            # a longer word keeps the LIKE on the search document, which only services holds
            assert ("services" in relations) == reads_services, (word, relations)


def test_a_kind_without_a_place_never_reads_services(db_session, postgresql_only):
    make_service(db_session, name="ふれあいサロン", kinds=("salon",))
    db_session.flush()
    for listed in (False, True):  # walked in list order, or from the kinds' index (directory.search.plan)
        base = _base(SearchParams(kinds=("salon",)), "postgresql", public_filter(), kinds_listed=listed)
        for statement in (base, base.order_by(*_list_order()).limit(20)):
            relations = _plan_relations(db_session, through_keys(statement))
            assert "services_search_keys" in relations and "services" not in relations, (listed, relations)
