"""Where the map's scripts, stylesheets and tiles come from: the app itself, never a CDN.

Municipal networks (LGWAN) are often closed to the internet, so every script and stylesheet a map needs is
vendored under tsunagu/static/vendor/ (see its README) and referenced by a local URL. Tiles are pictures, not
code: they come from `TSUNAGU_TILES` and, when unreachable, the map still draws markers and boundaries on a
plain background.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
CLUSTER_JS = "vendor/leaflet.markercluster/leaflet.markercluster.js"
CLUSTER_CSS = (
    "vendor/leaflet.markercluster/MarkerCluster.css",
    "vendor/leaflet.markercluster/MarkerCluster.Default.css",
)
MAP_JS = "js/map.js"
MAP_CSS = "css/map.css"
PICKER_JS = "js/location-picker.js"

OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank">OpenStreetMap</a> contributors'
)
GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank">地理院タイル</a>'


@dataclass(frozen=True)
class TileSource:
    """A tile layer: URL template ({z}/{x}/{y}), attribution HTML (ours, never user data), zoom limit.

    `url` is empty for `none`: no tile layer at all, the plain background only (fully closed networks).
    """

    key: str
    url: str
    attribution: str
    max_zoom: int = 18

    @property
    def origin(self) -> str | None:
        """scheme://host of the tiles, for the page's Content-Security-Policy img-src."""
        if not self.url:
            return None
        parts = urlsplit(self.url.replace("{s}", "a"))
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


TILE_SOURCES = {
    "osm": TileSource("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_ATTRIBUTION, 19),
    "gsi-pale": TileSource("gsi-pale", "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png", GSI_ATTRIBUTION),
    "none": TileSource("none", "", ""),
}
"""`TSUNAGU_TILES` values: OpenStreetMap (default), 地理院タイル 淡色地図, or none."""


class InvalidTiles(ValueError):
    """A TSUNAGU_TILES value that names no tile source and is not a usable URL template."""


def tile_source(setting: str | None) -> TileSource:
    """The tile source for a `TSUNAGU_TILES` value.

    A name from TILE_SOURCES (`gsi` is accepted for `gsi-pale`), or a URL template of a tile server of one's
    own (a mirror inside a closed network) as `URL` or `URL|attribution`.
    """
    value = (setting or "osm").strip()
    key = "gsi-pale" if value in ("gsi", "gsi_pale", "pale") else value
    if key in TILE_SOURCES:
        return TILE_SOURCES[key]
    url, _sep, attribution = value.partition("|")
    if not (url.startswith(("http://", "https://", "/")) and "{z}" in url and "{x}" in url and "{y}" in url):
        raise InvalidTiles(
            f"TSUNAGU_TILES={value!r}: use osm, gsi-pale, none, or a tile URL template with {{z}}/{{x}}/{{y}}"
        )
    return TileSource("custom", url, attribution.strip())


@dataclass(frozen=True)
class Assets:
    """Local URLs of everything a map page loads, built from the static URL prefix (e.g. "/static/")."""

    static_url: str = "/static/"

    def url(self, path: str) -> str:
        return self.static_url.rstrip("/") + "/" + path

    @property
    def scripts(self) -> list[str]:
        """In load order: Leaflet, the cluster plugin, then our own map code."""
        return [self.url(LEAFLET_JS), self.url(CLUSTER_JS), self.url(MAP_JS)]

    @property
    def stylesheets(self) -> list[str]:
        return [self.url(LEAFLET_CSS), *(self.url(p) for p in CLUSTER_CSS), self.url(MAP_CSS)]

    @property
    def folium_js(self) -> list[tuple[str, str]]:
        """Replacement for folium's `default_js` (CDN URLs) on every element we use."""
        return [("leaflet", self.url(LEAFLET_JS))]

    @property
    def folium_cluster_js(self) -> list[tuple[str, str]]:
        return [("markerclusterjs", self.url(CLUSTER_JS))]
