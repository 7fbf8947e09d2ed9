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
