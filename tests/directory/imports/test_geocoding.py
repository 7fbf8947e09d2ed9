"""Geocoding addresses without 緯度/経度: GSI against a local fake server (never the network), config, jageocoder."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
import types
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from directory.imports.geocoding import (
    DEFAULT_GSI_URL,
    GeocoderUnavailable,
    GsiGeocoder,
    JageocoderGeocoder,
    NullGeocoder,
    address_for,
    geocoder_from_config,
)

SLOW_SECONDS = 3.0  # the slow answer's delay; the teardown releases it early


def feature(lon: float, lat: float, title: str) -> dict[str, object]:
    return {
        "geometry": {"coordinates": [lon, lat], "type": "Point"},
        "type": "Feature",
        "properties": {"addressCode": "", "title": title},
    }


KOISHIKAWA = feature(139.7465, 35.7106, "東京都文京区小石川三丁目")
# query (after address_for) → (HTTP status, body)
CANNED: dict[str, tuple[int, bytes]] = {
    "東京都文京区小石川3-1-2": (200, json.dumps([KOISHIKAWA]).encode()),
    "東京都文京区小石川5-1": (
        200,
        json.dumps(
            [
                feature(139.7400, 35.7200, "東京都文京区小石川一丁目"),
                feature(139.7410, 35.7210, "東京都文京区小石川五丁目"),
                feature(139.7420, 35.7220, "東京都文京区小石川五丁目"),
            ]
        ).encode(),
    ),
    "どこにもない町1-1": (200, b"[]"),
    "東京都エラー区1-1": (500, b"Internal Server Error"),
    "東京都壊れ区1-1": (200, b'[{"geometry": {"coordinates": [139.7'),
    "東京都形違い区1-1": (200, json.dumps({"features": [KOISHIKAWA]}).encode()),
    "東京都遅い区1-1": (200, json.dumps([KOISHIKAWA]).encode()),
    "カリフォルニア州ロサンゼルス": (200, json.dumps([feature(-118.24, 34.05, "Los Angeles")]).encode()),
    "福岡県福岡市中央区天神1-1": (
        200,
        json.dumps([feature(130.40, 33.59, "福岡県福岡市中央区天神一丁目"), {"geometry": None}]).encode(),
    ),
}


@dataclass
class FakeGsi:
    """What the fake server saw: requests per query, arrival times, and the event that ends slow answers."""

    url: str
    counts: Counter[str] = field(default_factory=Counter)
    arrivals: list[float] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def gsi() -> Iterator[FakeGsi]:
    """A GSI-like address search on 127.0.0.1 (ephemeral port), shut down after the test."""
    state = FakeGsi(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(parsed.query).get("q", [""])[0]
            state.counts[query] += 1
            state.arrivals.append(time.monotonic())
            if "遅い" in query:
                state.release.wait(SLOW_SECONDS)
            status, body = CANNED.get(query, (200, b"[]"))
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (the timeout test): nothing to answer
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/address-search/AddressSearch"
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def geocoder(gsi: FakeGsi, **options: float) -> GsiGeocoder:
    return GsiGeocoder(url=gsi.url, timeout=options.pop("timeout", 2.0), min_interval=options.pop("min_interval", 0.0))


def test_address_for_builds_one_normalised_query() -> None:
    assert address_for("東京都", "文京区", "小石川", "３ー１－２") == "東京都文京区小石川3-1-2"
    # files that repeat the prefecture or city inside the address column
    assert address_for("東京都", "東京都文京区", "文京区小石川", "3‐1‐2") == "東京都文京区小石川3-1-2"
    assert address_for("東京都", "文京区", "本駒込センター前", "1−2") == "東京都文京区本駒込センター前1-2"
    assert address_for(None, "文京区", None, None) == "文京区"
    assert address_for(None, None, " ", None) == ""


def test_hit_gives_the_point_and_the_matched_title(gsi: FakeGsi) -> None:
    result = geocoder(gsi).geocode(address_for("東京都", "文京区", "小石川", "３－１－２"))
    assert result is not None
    assert (result.lat, result.lon) == (35.7106, 139.7465)
    assert (result.source, result.matched_address) == ("gsi", "東京都文京区小石川三丁目")
    assert result.confidence is not None and 0.5 < result.confidence <= 1.0


def test_prefers_the_first_title_sharing_the_longest_prefix(gsi: FakeGsi) -> None:
    result = geocoder(gsi).geocode("東京都文京区小石川5-1")
    assert result is not None and result.matched_address == "東京都文京区小石川五丁目"
    assert (result.lat, result.lon) == (35.7210, 139.7410)  # the first of the two 五丁目 hits


def test_skips_malformed_features_but_keeps_good_ones(gsi: FakeGsi) -> None:
    result = geocoder(gsi).geocode("福岡県福岡市中央区天神1-1")
    assert result is not None and (result.lat, result.lon) == (33.59, 130.40)


@pytest.mark.parametrize(
    ("query", "failures", "misses"),
    [
        ("どこにもない町1-1", 0, 1),  # empty list
        ("東京都エラー区1-1", 1, 0),  # HTTP 500
        ("東京都壊れ区1-1", 1, 0),  # truncated JSON
        ("東京都形違い区1-1", 1, 0),  # JSON, but not a list
        ("カリフォルニア州ロサンゼルス", 0, 1),  # a hit outside Japan
    ],
)
def test_no_point_and_no_exception_when_the_answer_is_unusable(
    gsi: FakeGsi, query: str, failures: int, misses: int
) -> None:
    coder = geocoder(gsi)
    assert coder.geocode(query) is None
    assert (coder.stats.requests, coder.stats.failures, coder.stats.misses) == (1, failures, misses)


def test_unreachable_server_gives_none() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: connection refused, no network
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    coder = GsiGeocoder(url=f"http://127.0.0.1:{port}/AddressSearch", timeout=1.0, min_interval=0.0)
    assert coder.geocode("東京都文京区小石川3-1-2") is None
    assert coder.stats.failures == 1


def test_timeout_is_honoured(gsi: FakeGsi) -> None:
    coder = geocoder(gsi, timeout=0.3)
    started = time.monotonic()
    assert coder.geocode("東京都遅い区1-1") is None
    assert time.monotonic() - started < SLOW_SECONDS - 1.0
    assert coder.stats.failures == 1


def test_same_address_is_asked_once_whatever_its_spelling(gsi: FakeGsi) -> None:
    coder = geocoder(gsi)
    first = coder.geocode("東京都文京区小石川3-1-2")
    assert coder.geocode("東京都文京区小石川３－１－２") == first
    assert coder.geocode("東京都 文京区 小石川 3ー1ー2") == first
    assert gsi.counts["東京都文京区小石川3-1-2"] == 1
    assert coder.stats.cache_hits == 2


def test_failures_are_cached_too(gsi: FakeGsi) -> None:
    coder = geocoder(gsi)
    assert coder.geocode("東京都エラー区1-1") is None
    assert coder.geocode("東京都エラー区1-1") is None
    assert gsi.counts["東京都エラー区1-1"] == 1


def test_minimum_interval_between_requests(gsi: FakeGsi) -> None:
    coder = geocoder(gsi, min_interval=0.2)
    for town in ("一", "二", "三", "四"):
        coder.geocode(f"東京都文京区小石川{town}丁目")
    gaps = [b - a for a, b in zip(gsi.arrivals, gsi.arrivals[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.17  # roughly: timers and threads are not exact


def test_gives_up_after_repeated_failures_instead_of_waiting_each_time(gsi: FakeGsi) -> None:
    coder = GsiGeocoder(url=gsi.url, timeout=1.0, min_interval=0.0, max_consecutive_failures=2)
    coder.geocode("東京都エラー区1-1")
    coder.geocode("東京都壊れ区1-1")
    assert coder.geocode("東京都文京区小石川3-1-2") is None
    assert sum(gsi.counts.values()) == 2
    assert (coder.stats.failures, coder.stats.skipped) == (2, 1)


def test_a_success_resets_the_failure_run(gsi: FakeGsi) -> None:
    coder = GsiGeocoder(url=gsi.url, timeout=1.0, min_interval=0.0, max_consecutive_failures=2)
    coder.geocode("東京都エラー区1-1")
    assert coder.geocode("東京都文京区小石川3-1-2") is not None
    coder.geocode("東京都壊れ区1-1")
    assert coder.geocode("福岡県福岡市中央区天神1-1") is not None


def test_url_must_be_http() -> None:
    with pytest.raises(ValueError, match="http"):
        GsiGeocoder(url="file:///etc/passwd")


def test_config_selects_the_geocoder(gsi: FakeGsi) -> None:
    assert isinstance(geocoder_from_config(None), NullGeocoder)
    assert isinstance(geocoder_from_config(""), NullGeocoder)
    assert geocoder_from_config("none").geocode("東京都文京区小石川3-1-2") is None
    default = geocoder_from_config("gsi")
    assert isinstance(default, GsiGeocoder) and default.url == DEFAULT_GSI_URL
    mirrored = geocoder_from_config(" GSI ", gsi_url=gsi.url)
    assert isinstance(mirrored, GsiGeocoder) and mirrored.url == gsi.url
    assert mirrored.geocode("東京都文京区小石川3-1-2") is not None


def test_unknown_geocoder_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown geocoder 'google'.*none, gsi, jageocoder"):
        geocoder_from_config("google")


def test_missing_jageocoder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jageocoder", None)  # makes `import jageocoder` fail
    with pytest.raises(GeocoderUnavailable, match="pip install jageocoder"):
        geocoder_from_config("jageocoder")


def fake_jageocoder(answers: dict[str, dict[str, object]], *, init_error: Exception | None = None) -> types.ModuleType:
    module = types.ModuleType("jageocoder")

    def init(**_: object) -> None:
        if init_error:
            raise init_error

    def search(query: str) -> dict[str, object]:
        if query == "壊れた辞書":
            raise RuntimeError("database is locked")
        return answers.get(query, {"matched": "", "candidates": []})

    module.init = init  # type: ignore[attr-defined]
    module.search = search  # type: ignore[attr-defined]
    return module


def test_jageocoder_without_dictionary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jageocoder", fake_jageocoder({}, init_error=RuntimeError("no db")))
    with pytest.raises(GeocoderUnavailable, match="dictionary"):
        geocoder_from_config("jageocoder")


def test_jageocoder_result_is_used_down_to_the_town_level(monkeypatch: pytest.MonkeyPatch) -> None:
    town = {"x": 139.7465, "y": 35.7106, "level": 6, "fullname": ["東京都", "文京区", "小石川", "三丁目"]}
    city = {"x": 139.75, "y": 35.70, "level": 3, "fullname": ["東京都", "文京区"]}
    answers: dict[str, dict[str, object]] = {
        "東京都文京区小石川3-1-2": {"matched": "東京都文京区小石川3-", "candidates": [town]},
        "東京都文京区無い町1": {"matched": "東京都文京区", "candidates": [city]},
    }
    monkeypatch.setitem(sys.modules, "jageocoder", fake_jageocoder(answers))
    coder = geocoder_from_config("jageocoder")
    assert isinstance(coder, JageocoderGeocoder)
    result = coder.geocode("東京都文京区小石川３－１－２")
    assert result is not None and (result.lat, result.lon, result.source) == (35.7106, 139.7465, "jageocoder")
    assert result.matched_address == "東京都文京区小石川三丁目"
    assert coder.geocode("東京都文京区無い町1") is None  # only the city matched: its centroid is not the place
    assert coder.geocode("壊れた辞書") is None
    assert (coder.stats.hits, coder.stats.misses, coder.stats.failures) == (1, 1, 1)
