"""The plan chosen by a term's or a kind's frequency (directory.search.plan) changes what a search costs, never what
it finds: a frequent word and a rare one, a frequent kind and a rare one, list the same entries in the same order
(named after the word first, then by name), without drafts, with the right total, page after page."""

from __future__ import annotations

from directory.models import EntryStatus
from directory.search.params import SearchParams
from directory.search.plan import frequent, frequent_kinds
from directory.search.query import search_services
from tests.factories import make_service

ENTRIES = [
    # (name, description, kinds)
    ("あおば茶話会", "毎月の集まり", ("salon",)),
    ("いろは", "お茶を飲みながら", ("salon",)),
    ("うめの会", "碁を打つ", ("salon",)),
    ("えがお茶房", "手作りのお菓子", ("salon",)),
    ("おおぞら", "抹茶と和菓子", ("salon",)),
    ("かえで", "体操とおしゃべり", ("salon",)),
    ("きらり", "麦茶を用意します", ("ibasho",)),
    ("くすのき", "子どもの宿題", ("ibasho", "consultation")),
    ("けやき茶屋", "囲碁も将棋も", ("salon",)),
    ("こもれび", "お茶会", ("salon",)),
]


def _ids(db_session, params: SearchParams) -> tuple[list[int], int]:
    found = search_services(db_session, params, cached=False, count_limit=1000, list_rows=True)
    return [h.service.id for h in found.hits], found.total


def _catalog(db_session):
    services = [
        make_service(db_session, name=name, description=description, kinds=kinds)
        for name, description, kinds in ENTRIES
    ]
    make_service(db_session, name="あ茶の下書き", description="お茶", status=EntryStatus.DRAFT, kinds=("salon",))
    db_session.flush()
    return services


def _expected(services, word: str) -> list[int]:
    holding = [s for s in services if word in s.search_text]
    named = sorted((s for s in holding if word in s.name_normalized), key=lambda s: (s.name, s.id))
    others = sorted((s for s in holding if word not in s.name_normalized), key=lambda s: (s.name, s.id))
    return [s.id for s in named + others]


def test_a_frequent_word_and_a_rare_one_list_the_same_way(db_session, dialect):
    services = _catalog(db_session)
    if dialect == "sqlite":  # the choice is SQLite's; PostgreSQL's planner has the index's statistics
        assert frequent(db_session, ["茶"]) and not frequent(db_session, ["宿題"])
    for word in ("茶", "碁", "宿題"):
        expected = _expected(services, word)
        assert expected, word
        pages = [_ids(db_session, SearchParams(q=word, per_page=3, page=page)) for page in (1, 2, 3)]
        assert [i for ids, _total in pages for i in ids] == expected[:9], word
        assert all(total == len(expected) for _ids_, total in pages), word


def test_a_frequent_kind_and_a_rare_one_list_the_same_way(db_session, dialect):
    services = _catalog(db_session)
    if dialect == "sqlite":  # max(id) is this catalog's on SQLite; PostgreSQL's sequences outlive rolled-back tests
        assert frequent_kinds(db_session, ("salon",)) and not frequent_kinds(db_session, ("consultation",))
    for kinds in (("salon",), ("consultation",), ("ibasho",), ("consultation", "ibasho")):
        expected = [
            s.id for s in sorted(services, key=lambda s: (s.name, s.id)) if set(kinds) & {t.code for t in s.terms}
        ]
        ids, total = _ids(db_session, SearchParams(kinds=kinds, per_page=5))
        assert ids == expected[:5] and total == len(expected), kinds
        # the API's question: full objects and an exact count
        found = search_services(db_session, SearchParams(kinds=kinds, per_page=5, page=2), cached=False)
        assert [h.service.id for h in found.hits] == expected[5:10] and found.total == len(expected), kinds
