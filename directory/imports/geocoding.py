"""Addresses → points for rows that come without 緯度/経度: a pluggable geocoder chosen by `TSUNAGU_GEOCODER`.

- `none` (default): never geocodes; imports work offline exactly as before.
- `gsi`: 国土地理院's address search (one HTTP GET per distinct address, standard library only). Municipal
  networks often reach the internet through a proxy or a mirror: `TSUNAGU_GSI_URL` points elsewhere, and
  urllib honours the usual `https_proxy` variables.
- `jageocoder`: offline, when the `jageocoder` package and its address dictionary are installed.

Pure apart from the HTTP call: no Flask, no session, no project imports, so imports, the CLI and tests can
use it alike. A geocoder never raises on a bad answer: an address it cannot place is simply left without a
point (the entry is still listed; the map just cannot show it), and `stats` says how often that happened.
"""

from __future__ import annotations

import importlib
import json
import re
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any, Protocol

DEFAULT_GSI_URL = "https://msearch.gsi.go.jp/address-search/AddressSearch"
GEOCODERS = ("none", "gsi", "jageocoder")
USER_AGENT = "tsunagu-geocoder/0.1 (community resource directory; municipal open-data import)"

# Japan's extreme points (与那国島 122.93°E, 南鳥島 153.99°E, 沖ノ鳥島 20.42°N, 択捉島 45.56°N) with a margin:
# a hit outside is a homonym abroad or a swapped lat/lon, never the place a municipal file means.
JAPAN_LAT = (20.0, 46.0)
JAPAN_LON = (122.0, 154.5)

_HYPHENS = re.compile(r"[\u2010-\u2015\u2043\u2212\u2796\ufe58\ufe63\uff0d]")
# ー (long vowel mark) is a hyphen only after a digit (3ー1); elsewhere it belongs to a name (センター)
_LONG_VOWEL_AFTER_DIGIT = re.compile(r"(?<=\d)ー")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CHOME = re.compile(r"([〇一二三四五六七八九十]+|\d+)丁目")


@dataclass(frozen=True)
class GeocodeResult:
    """A point for an address: where it came from and what the geocoder thinks it matched."""

    lat: float
    lon: float
    source: str
    matched_address: str
    confidence: float | None = None  # share of the query the match covers (0–1), when the geocoder can tell


class Geocoder(Protocol):
    """Anything that turns a Japanese address into a point, or None when it cannot (never raises)."""

    def geocode(self, address: str) -> GeocodeResult | None: ...


class GeocoderUnavailable(ValueError):
    """The configured geocoder cannot run here (a missing package or dictionary); the message says what to do."""


@dataclass
class GeocoderStats:
    """What a geocoder did in this process: for the import summary and for the log."""

    requests: int = 0  # calls that went to the service
    cache_hits: int = 0
    hits: int = 0  # requests that returned a usable point
    misses: int = 0  # the service answered, but nothing usable (no result, outside Japan)
    failures: int = 0  # network errors, HTTP errors, timeouts, malformed answers
    skipped: int = 0  # not asked because the service failed too often in a row


def normalize_address(text: str) -> str:
    """NFKC (全角→半角 digits), every hyphen/dash/minus variant as "-", no spaces: one spelling per address."""
    text = unicodedata.normalize("NFKC", text)
    text = _HYPHENS.sub("-", text)
    text = _LONG_VOWEL_AFTER_DIGIT.sub("-", text)
    return "".join(text.split())


def address_for(prefecture: str | None, city: str | None, town: str | None, block: str | None) -> str:
    """The query for one place: 都道府県 + 市区町村 + 町域 + 番地, normalised, each part once.

    Files sometimes repeat the city inside the address column (町域 "文京区小石川"); a part that already
    starts the query so far is not added twice. The building (方書) is left out: geocoders do not know it
    and it only lowers the match.
    """
    query = ""
    added: list[str] = []
    for part in (prefecture, city, town, block):
        piece = normalize_address(part or "")
        for before in (query, *added):
            if before and piece.startswith(before):
                piece = piece[len(before) :]
        if piece:
            added.append(piece)
            query += piece
    return query


def _kanji_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23 (丁目 numbers stay below 100)."""
    if "十" not in text:
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)


def _comparable(address: str) -> str:
    """Form for prefix comparison: 小石川三丁目 and 小石川3-1-2 agree up to the 丁目."""

    def chome(match: re.Match[str]) -> str:
        number = match.group(1)
        return f"{number if number.isdigit() else _kanji_number(number)}-"

    return _CHOME.sub(chome, normalize_address(address))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def in_japan(lat: float, lon: float) -> bool:
    """Inside Japan's bounding box (see JAPAN_LAT / JAPAN_LON)."""
    return JAPAN_LAT[0] <= lat <= JAPAN_LAT[1] and JAPAN_LON[0] <= lon <= JAPAN_LON[1]


class NullGeocoder:
    """`TSUNAGU_GEOCODER=none`: places nothing, asks no one."""

    name = "none"

    def __init__(self) -> None:
        self.stats = GeocoderStats()

    def geocode(self, address: str) -> GeocodeResult | None:
        return None


class GsiGeocoder:
    """国土地理院 address search: polite (cache, minimum interval, short timeout) and never raising.

    One instance per import (or per process) holds the cache: the same address is asked once, whatever the
    answer, failures included, so a file listing one 公民館 for ten activities costs one request. After
    `max_consecutive_failures` failures in a row the service is taken to be unreachable (no internet on the
    municipal network, a proxy refusing) and later addresses are skipped instead of each waiting for the
    timeout. Safe to share between threads: requests are serialised, which the interval requires anyway.
    """

    name = "gsi"

    def __init__(
        self,
        url: str = DEFAULT_GSI_URL,
        timeout: float = 5.0,
        min_interval: float = 0.2,
        *,
        max_consecutive_failures: int = 5,
        cache_size: int = 20_000,
        max_response_bytes: int = 2_000_000,
    ) -> None:
        scheme = urllib.parse.urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"geocoder URL must be http(s), not {url!r}")
        self.url = url
        self.timeout = timeout
        self.min_interval = min_interval
        self.max_consecutive_failures = max_consecutive_failures
        self.cache_size = cache_size
        self.max_response_bytes = max_response_bytes
        self.stats = GeocoderStats()
        self._cache: OrderedDict[str, GeocodeResult | None] = OrderedDict()
        self._lock = threading.Lock()
        self._last_request: float | None = None
        self._failures_in_a_row = 0

    def geocode(self, address: str) -> GeocodeResult | None:
        """The best point for `address`, or None (no match, outside Japan, or the service failed)."""
        query = normalize_address(address)
        if not query:
            return None
        with self._lock:
            if query in self._cache:
                self._cache.move_to_end(query)
                self.stats.cache_hits += 1
                return self._cache[query]
            if self._failures_in_a_row >= self.max_consecutive_failures:
                self.stats.skipped += 1
                return None
            features = self._fetch(query)
            result = None if features is None else self._best(query, features)
            if features is not None:
                self._failures_in_a_row = 0
                if result is None:
                    self.stats.misses += 1
                else:
                    self.stats.hits += 1
            self._cache[query] = result
            if len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            return result

    def _fetch(self, query: str) -> list[Any] | None:
        """The service's JSON list, or None after counting a failure (never raises)."""
        if self._last_request is not None:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        separator = "&" if urllib.parse.urlsplit(self.url).query else "?"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked to be http(s) in __init__
            f"{self.url}{separator}{urllib.parse.urlencode({'q': query})}",
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self.stats.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - as above
                body = response.read(self.max_response_bytes + 1)
            if len(body) > self.max_response_bytes:
                raise ValueError("response too large")
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, list):
                raise ValueError("not a JSON list")
        # OSError covers URLError/HTTPError, timeouts and resets; ValueError covers bad JSON and bad UTF-8
        except (OSError, HTTPException, ValueError):
            self.stats.failures += 1
            self._failures_in_a_row += 1
            return None
        finally:
            self._last_request = time.monotonic()
        return data

    def _best(self, query: str, features: list[Any]) -> GeocodeResult | None:
        """The first feature inside Japan whose title shares the longest prefix with the query."""
        wanted = _comparable(query)
        best: tuple[int, float, float, str] | None = None
        for feature in features:
            point = _feature_point(feature)
            if point is None or not in_japan(point[0], point[1]):
                continue
            lat, lon, title = point
            shared = _common_prefix(wanted, _comparable(title))
            if best is None or shared > best[0]:
                best = (shared, lat, lon, title)
        if best is None:
            return None
        shared, lat, lon, title = best
        return GeocodeResult(lat, lon, self.name, title, round(min(shared / len(wanted), 1.0), 3))


def _feature_point(feature: Any) -> tuple[float, float, str] | None:
    """(lat, lon, title) of one GSI feature, or None when it is not the documented shape."""
    try:
        lon, lat = feature["geometry"]["coordinates"][:2]
        title = feature["properties"]["title"]
        if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(title, str):
            return None
        return float(lat), float(lon), title
    except (KeyError, TypeError, ValueError, IndexError):
        return None


class JageocoderGeocoder:
    """Offline geocoding with jageocoder (https://github.com/t-sagara/jageocoder) and its address dictionary.

    Only matches down to at least the 大字/町域 level are used: a prefecture or city centroid would put the
    entry on the map somewhere it is not.
    """

    name = "jageocoder"
    MIN_LEVEL = 5  # jageocoder levels: 1 都道府県, 3 市区町村, 5 大字・町域, 6 字・丁目, 7 街区/番地

    def __init__(self, db_dir: str | None = None) -> None:
        try:
            self._module: Any = importlib.import_module("jageocoder")
        except ImportError as exc:
            raise GeocoderUnavailable(
                "TSUNAGU_GEOCODER=jageocoder needs the jageocoder package: "
                "`pip install jageocoder`, then `python -m jageocoder install-dictionary` "
                "(or set TSUNAGU_GEOCODER=gsi or none)"
            ) from exc
        try:
            self._module.init(db_dir=db_dir) if db_dir else self._module.init()
        except Exception as exc:  # jageocoder raises its own error types; any of them means "not usable here"
            raise GeocoderUnavailable(
                f"jageocoder is installed but its address dictionary could not be opened ({exc}): "
                "run `python -m jageocoder install-dictionary` or set JAGEOCODER_DB2_DIR"
            ) from exc
        self.stats = GeocoderStats()
        self._cache: dict[str, GeocodeResult | None] = {}

    def geocode(self, address: str) -> GeocodeResult | None:
        """The deepest dictionary node matching `address`, or None (never raises)."""
        query = normalize_address(address)
        if not query:
            return None
        if query in self._cache:
            self.stats.cache_hits += 1
            return self._cache[query]
        self.stats.requests += 1
        result: GeocodeResult | None = None
        try:
            found = self._module.search(query)
            candidates = found.get("candidates") or []
            if candidates and int(candidates[0].get("level") or 0) >= self.MIN_LEVEL:
                node = candidates[0]
                lat, lon = float(node["y"]), float(node["x"])
                if in_japan(lat, lon):
                    matched = str(found.get("matched") or "")
                    name = "".join(node.get("fullname") or []) or matched
                    result = GeocodeResult(lat, lon, self.name, name, round(len(matched) / len(query), 3))
        except Exception:  # a dictionary problem must not stop an import; it is counted instead
            self.stats.failures += 1
        else:
            if result is None:
                self.stats.misses += 1
            else:
                self.stats.hits += 1
        self._cache[query] = result
        return result


def geocoder_from_config(name: str | None, *, gsi_url: str | None = None) -> Geocoder:
    """The geocoder `TSUNAGU_GEOCODER` names (none when unset); ValueError with the known names otherwise.

    GeocoderUnavailable (a ValueError) when the name is known but cannot run here, e.g. jageocoder missing.
    """
    key = (name or "none").strip().lower()
    if key == "none":
        return NullGeocoder()
    if key == "gsi":
        return GsiGeocoder(url=gsi_url or DEFAULT_GSI_URL)
    if key == "jageocoder":
        return JageocoderGeocoder()
    raise ValueError(f"unknown geocoder {name!r} (TSUNAGU_GEOCODER); known: {', '.join(GEOCODERS)}")
