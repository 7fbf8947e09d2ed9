"""`tsunagu bench load` can run again on the same database, and its server runs the production settings."""

from __future__ import annotations

from devtools.bench.load import GUNICORN_CONF
from devtools.bench.load_writers import prepare_coordinators


def test_coordinators_can_be_prepared_twice_on_one_database(db_session):
    first = prepare_coordinators(db_session, 2, persons_each=1)
    second = prepare_coordinators(db_session, 2, persons_each=1)
    emails = [email for email, _persons in first + second]
    assert len(set(emails)) == 4


def test_the_benchmark_server_uses_the_deployment_config():
    assert GUNICORN_CONF.name == "gunicorn.conf.py"
    assert GUNICORN_CONF.exists()


def test_the_measured_window_and_the_timeline_count_each_request_once_by_when_it_was_sent():
    from devtools.bench.load import Tally, timeline

    tally = Tally()
    # (sent at, latency, status): a slow cold start with an outage's 503, then a settled server
    for at, ms, code in [
        (0.5, 900.0, 200),
        (3.0, 700.0, 503),
        (9.9, 400.0, 200),
        (12.0, 20.0, 200),
        (15.0, 10.0, 200),
        (25.0, 12.0, 200),
    ]:
        tally.add_sent(code, ms, at)
    ramp, measured = tally.between(0, 10), tally.between(10)
    assert ramp.latencies_ms == [900.0, 700.0, 400.0]
    assert measured.figures()["requests"] == 3 and measured.figures()["p95_ms"] < 25
    windows = timeline(tally, 0, 30)
    assert [w["from_s"] for w in windows] == [0, 10, 20]
    assert [w["requests"] for w in windows] == [3, 2, 1]
    assert [w["server_errors"] for w in windows] == [1, 0, 0]  # the timeline shows when it recovered
    assert sum(w["requests"] for w in windows) == len(tally.latencies_ms)


def test_the_report_keeps_the_whole_run_p95_beside_the_judged_one():
    from devtools.bench.load import Tally, judged

    tally = Tally()
    for at, ms in [(1.0, 900.0), (2.0, 800.0), (11.0, 20.0), (12.0, 30.0), (13.0, 25.0)]:
        tally.add_sent(200, ms, at)
    figures = judged(tally, measured_from=10)
    assert figures["p95_ms"] < 31 and figures["requests"] == 3
    assert figures["p95_ms_whole_run"] > 800 and figures["requests_whole_run"] == 5


def test_the_crowd_asks_thousands_of_distinct_urls_the_app_understands_some_much_more_than_others():
    import random
    from collections import Counter
    from urllib.parse import parse_qs, urlsplit

    from devtools.bench.load import Clicks, Targets, frame_of, resident_request, url_pool
    from directory.search.params import parse_search_params

    places = [(35.0 + n / 100, 139.0 + n / 100) for n in range(300)]
    targets = Targets(list(range(1, 3001)), [f"u{n}" for n in range(3000)], True, places)
    pool = url_pool(targets, seed=7)
    assert sum(len(paths) for paths in pool.values()) >= 5000
    for kind in ("search", "map", "api_search"):
        assert len(set(pool[kind])) == len(pool[kind]) > 500
        for path in pool[kind][:200]:
            query = {k: v for k, v in parse_qs(urlsplit(path).query).items()}
            parse_search_params(_MultiDict(query))  # raises on anything the app would refuse
    clicks, rng = Clicks.of(pool), random.Random(1)
    drawn = [resident_request(rng, clicks) for _ in range(5000)]
    asked = Counter(path for _kind, path in drawn)
    assert len(asked) > 1500  # many distinct pages in one crowd's minute…
    top, _n = asked.most_common(1)[0]
    assert asked[top] > 10 * (5000 / len(asked))  # …and a few far more asked than the rest (Zipf)
    assert {kind for kind, _path in drawn} == {"search", "detail", "map", "api_search", "api_detail"}
    assert frame_of("/map?q=%E8%8C%B6&page=2") == "/map/embed?q=%E8%8C%B6"


class _MultiDict(dict):
    def getlist(self, key):
        return self.get(key, [])

    def get(self, key, default=None):
        found = super().get(key)
        return found[0] if isinstance(found, list) and found and default is None else found or default


def test_the_server_says_whether_a_page_came_from_the_catalog_cache(client, db_session):
    first = client.get("/?q=%E9%A3%9F%E5%A0%82")
    again = client.get("/?q=%E9%A3%9F%E5%A0%82")
    assert first.headers["X-Cache"] == "miss" and again.headers["X-Cache"] == "hit"
    static = client.get("/static/css/tsunagu.css")
    static.close()
    assert "X-Cache" not in static.headers


def test_errors_and_cache_outcomes_are_counted_per_window():
    from devtools.bench.load import Tally, timeline

    tally = Tally()
    tally.add_sent(200, 10.0, 1.0, "miss")
    tally.add_sent(200, 5.0, 2.0, "hit")
    tally.add_sent(503, 5.0, 12.0, None)
    tally.fail(13.0, "TimeoutError()")
    assert tally.cache_figures()["hit_ratio"] == 0.5
    by_cache = tally.by_cache()  # a built page's latency apart from a cached one's
    assert by_cache["built"]["requests"] == by_cache["cached"]["requests"] == 1
    assert by_cache["built"]["p95_ms"] == 10.0 and by_cache["cached"]["p95_ms"] == 5.0
    assert Tally().by_cache()["built"]["p95_ms"] is None
    assert [w["errors"] for w in timeline(tally, 0, 20)] == [0, 2]
    assert tally.between(10).failures == 1 and tally.summary()["errors"] == 2


def test_the_curator_approves_pending_changes_through_the_review_page(client, db_session):
    import asyncio

    from devtools.bench.load_writers import prepare_curation
    from directory.models import ChangeRequest, ReviewState
    from tests.factories import make_service
    from tests.helpers import csrf_token, login

    services = [make_service(db_session, name=f"公開中の活動{n}", description="毎週の集まりです。") for n in range(2)]
    curation = prepare_curation(db_session, [s.id for s in services], 2)
    assert len(curation.pending) == 2
    change_id, service_id, wanted = curation.pending[0]
    assert db_session.get(ChangeRequest, change_id).state == ReviewState.PENDING
    assert wanted.startswith("毎週の集まりです。") and wanted != "毎週の集まりです。"
    # what the writer posts, sent through the app: the approval changes the entry the public sees
    login(client, curation.email, "load-test-coordinator")
    page = f"/admin/review/{change_id}"
    response = client.post(page, data={"csrf_token": csrf_token(client, page), "comment": "", "decision": "approve"})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(ChangeRequest, change_id).state == ReviewState.APPROVED
    assert "開催場所の案内を更新しました" in client.get(f"/services/{service_id}").get_data(as_text=True)
    assert asyncio.iscoroutinefunction(curation.writer())
