"""`tsunagu bench search`: a query mix that finds things, and the app and the raw SQL agreeing on every query."""

from __future__ import annotations

from sqlalchemy import select

from devtools.bench.search import SHAPES, WORDS, disagreements, nonempty_share, query_mix, run, shape_of
from devtools.demo.bulk import NATIONAL_FROM, generate_bulk
from directory.models import Service
from i18n.normalize import normalize


def _generated(db_session):
    generate_bulk(db_session.connection(), size=NATIONAL_FROM, seed=11)


def test_every_word_of_the_mix_is_in_the_generated_texts(db_session):
    _generated(db_session)
    for word in WORDS:
        pattern = f"%{normalize(word)}%"
        assert db_session.scalar(select(Service.id).where(Service.search_text.like(pattern)).limit(1)), word
    assert any(len(w) == 1 for w in WORDS) and any(len(w) == 2 for w in WORDS)


def test_most_searches_find_something_and_the_app_agrees_with_raw_sql_on_every_one(app, db_session):
    _generated(db_session)
    mix = query_mix(db_session, seed=5, count=80)
    assert {bool(p.q) for p in mix} == {True, False} and {p.near for p in mix} == {True, False}
    assert nonempty_share(db_session, mix) >= 0.8
    with app.test_request_context():  # the page path renders a Japanese reader's plain rows
        assert disagreements(db_session, mix) == []


def test_the_json_result_reports_nonempty_share_and_mismatches(app, db_session):
    _generated(db_session)
    with app.test_request_context():
        outcome = run(db_session, NATIONAL_FROM, seed=3, queries=12)
    assert outcome["benchmark"] == "search" and outcome["mismatches"] == 0
    assert 0 <= outcome["nonempty_share"] <= 1
    assert outcome["baseline"]["name"] == "raw-sql" and outcome["app"]["runs"] == outcome["api"]["runs"] == 12
    # which kinds of search make the p95: every query counted once, under a shape of the mix, on every path
    shapes = outcome["by_shape"]
    assert set(shapes) <= set(outcome["shape_weights"]) and sum(s["queries"] for s in shapes.values()) == 12
    assert all(s["app"]["runs"] == s["api"]["runs"] == s["baseline"]["runs"] == s["queries"] for s in shapes.values())


def test_every_search_of_the_mix_is_named_by_its_shape(db_session):
    _generated(db_session)
    assert {shape_of(p) for p in query_mix(db_session, seed=5, count=200)} == set(dict(SHAPES))
