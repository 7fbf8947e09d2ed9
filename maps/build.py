"""Build the catalog map with folium: plain entries in, the map's script, its data and local assets out.

Choices (measured by `tsunagu bench map`, see docs/benchmarks.md):
- markers are clustered with folium's FastMarkerCluster, one per kind (a layer each in the layer control):
  the entries travel as one compact JSON array and the browser makes the markers, so 10 000 entries are
  well under 3 MB, against one `L.marker` statement each with folium's MarkerCluster;
- no user text ever passes through folium: branca compiles every rendered script as a Jinja template a
  second time, so a name like `{{ 7*7 }}` would be *executed* (server-side template injection). Folium
  builds the map, tiles and cluster shells from our own identifiers only; names, dates, costs, kind labels
  and area names travel in `MapParts.data`, which the page embeds with Jinja's `tojson` in a
  `<script type="application/json">` block that tsunagu/static/js/map.js reads;
- map.js makes popups, icons, layer names and area labels from that data with DOM text nodes, never from
  HTML strings, so `<img onerror=…>` stays text;
- every script and stylesheet is served by the app (maps.assets); folium's CDN defaults are replaced on
  each element, and the page's own <head> is not folium's (its header would restyle the whole page).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
from branca.element import CssLink, Figure, JavascriptLink, MacroElement
from folium.plugins import FastMarkerCluster, MarkerCluster
from folium.template import Template

from maps import coverage
from maps.assets import Assets, TileSource
from maps.entries import AREA_RADIUS_M, KindStyle, MapArea, MapEntry, MapLabels, group_by_kind

DEFAULT_CENTRE = (35.86, 139.97)
DEFAULT_ZOOM = 13
DISTRICT_STYLE = {"color": "#5f6b76", "weight": 1.5, "fillOpacity": 0.0, "dashArray": "4 3"}
JUNIOR_HIGH_STYLE = {"color": "#1f5f8b", "weight": 2.5, "fillOpacity": 0.0}
OPEN_TODAY = 1
APPROXIMATE = 2
"""Bit flags of a marker row."""


@dataclass(frozen=True)
class MapParts:
    """What a page needs to show the map: the container id, its script, the data the script reads (to be
    embedded as JSON under the id `data_id`), and the local assets to load."""

    map_id: str
    script: str
    data: dict[str, Any]
    scripts: list[str]
    stylesheets: list[str]

    @property
    def data_id(self) -> str:
        return f"{self.map_id}-data"


class _Call(MacroElement):
    """One line of our own JavaScript, `tsunaguMap.<function>("<key>", <parent>)`, at its place in the script.

    `key` is always an identifier made here (never user text): it passes through folium's templates."""

    _template = Template(
        "{% macro script(this, kwargs) %}tsunaguMap.{{ this.function }}({{ this.key|tojson }}, "
        "{{ this._parent.get_name() }});{% endmacro %}"
    )

    def __init__(self, function: str, key: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TsunaguCall"
        self.function = function
        self.key = key


def marker_row(entry: MapEntry, kind_index: int | str) -> list[Any]:
    """The compact row map.js turns into a marker: lat, lon, id, name, kind index, flags, next date, cost
    (in a view's rows, /map/view.json, the kind's code instead of its index)."""
    flags = (OPEN_TODAY if entry.open_today else 0) | (APPROXIMATE if entry.approximate else 0)
    return [entry.lat, entry.lon, entry.id, entry.name, kind_index, flags, entry.next_date, entry.cost]


def _localise(element: Any, assets: Assets) -> None:
    """Point folium's default_js/default_css (CDN URLs) at our own copies."""
    if isinstance(element, MarkerCluster):
        element.default_js = assets.folium_cluster_js
        element.default_css = []
    elif hasattr(element, "default_js"):
        element.default_js = assets.folium_js
        element.default_css = []
    for child in list(getattr(element, "_children", {}).values()):
        _localise(child, assets)


def _features(areas: Sequence[MapArea], style: dict[str, Any] | None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of areas; each carries its Leaflet style (coverage: by its count)."""
    features = []
    for area in areas:
        shade = style
        if shade is None:
            step = coverage.step_for(area.count or 0, area.target)
            shade = {"color": "#7a3a26", "weight": 2, "fillColor": step.colour, "fillOpacity": 0.7}
        properties = {"name": area.name, "count": area.count, "target": area.target, "style": shade}
        features.append({"type": "Feature", "geometry": area.geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def _area_layers(areas: Sequence[MapArea], labels: MapLabels, coverage_view: bool) -> list[dict[str, Any]]:
    junior = [a for a in areas if a.kind == "junior_high"]
    districts = [a for a in areas if a.kind == "district"]
    if coverage_view:
        return [{"name": labels.coverage, "show": True, "geojson": _features(junior, None)}] if junior else []
    layers = []
    if districts:
        layers.append({"name": labels.districts, "show": True, "geojson": _features(districts, DISTRICT_STYLE)})
    if junior:
        layers.append({"name": labels.junior_highs, "show": False, "geojson": _features(junior, JUNIOR_HIGH_STYLE)})
    return layers


def build_map(
    entries: Sequence[MapEntry],
    kinds: Sequence[KindStyle],
    areas: Sequence[MapArea],
    *,
    tiles: TileSource,
    assets: Assets,
    labels: MapLabels,
    detail_url: str = "/services/0",
    coverage_view: bool = False,
    clustering: str = "fast",
    centre: tuple[float, float] | None = None,
    compact: bool = False,
    grid: dict[str, Any] | None = None,
    bounds: list[list[float]] | None = None,
) -> MapParts:
    """The folium map of `entries` (one clustered layer per kind) with 地区 / 中学校区 layers.

    `detail_url` is the detail page of service 0 (the browser puts each id in place of the 0).
    `coverage_view` shades each 中学校区 by its count against its target instead of drawing outlines.
    `compact` (a small map beside a list) folds the layer control into its button.
    `grid` ({"url", "maxZoom"}), for a search with more entries than the map carries: zoomed out to maxZoom
    or less, the map shows the counts per cell that `url` answers (maps.grid) instead of its entries; with
    "entriesUrl" too, the map carries no entries at all and, zoomed in, fills its kinds' layers (one per kind,
    empty ones too) with the entries of the view that URL answers. `bounds` ([[south, west], [north, east]])
    is then the first view (the entries' extent, which the map cannot compute without them).
    `clustering="marker"` builds folium's MarkerCluster with one Marker per entry, without any text
    (the benchmark's baseline only).
    """
    per_view = bool(grid and grid.get("entriesUrl"))
    groups = group_by_kind(entries, kinds, labels.other, keep_empty=per_view)
    first_view = bounds or _bounds(entries, areas)
    layers: list[dict[str, Any]] = []
    for index, (kind, items) in enumerate(groups):
        name = f"{kind.glyph} {kind.label}" if per_view else f"{kind.glyph} {kind.label} ({len(items)})"
        layers.append({"key": _layer_key(index), "name": name, "rows": [marker_row(e, index) for e in items]})
    data = {
        "kinds": [{"code": k.code, "label": k.label, "colour": k.colour, "glyph": k.glyph} for k, _i in groups],
        "labels": labels.to_json(),
        "detailUrl": detail_url,
        "areaRadius": AREA_RADIUS_M,
        "areas": _area_layers(areas, labels, coverage_view),
        "layers": layers,
        "bounds": first_view,
        "compact": compact,
        "grid": grid,
    }
    where = centre or _centre(first_view)
    if clustering == "marker":
        fmap = _folium_map(where, tiles)
        for index, layer in enumerate(layers):
            _slow_cluster(layer["rows"], index).add_to(fmap)
        _Call("ready", "map").add_to(fmap)
        return _parts(fmap, assets, data)
    skeleton = _skeleton(tiles, assets, len(layers))
    script = skeleton.script.replace(_centre_json(CENTRE_MARK), _centre_json(where))
    return MapParts(skeleton.map_id, script, data, skeleton.scripts, skeleton.stylesheets)


CENTRE_MARK = (-12.3456789, -123.4567891)
"""The centre a map skeleton is built with, put in place of the real one (no map is centred in the sea there)."""


def _centre_json(centre: tuple[float, float]) -> str:
    """The centre as folium writes it into the script (it validates the location into floats)."""
    return json.dumps([float(centre[0]), float(centre[1])])


def _layer_key(index: int) -> str:
    return f"kind-{index}"


def _folium_map(centre: tuple[float, float], tiles: TileSource) -> folium.Map:
    """folium's map with its tile layer and the call that configures it, before any layer of entries."""
    fmap = folium.Map(
        location=list(centre), zoom_start=DEFAULT_ZOOM, tiles=None, control_scale=True, max_zoom=tiles.max_zoom
    )
    if tiles.url:
        folium.TileLayer(tiles.url, attr=tiles.attribution, max_zoom=tiles.max_zoom, control=False).add_to(fmap)
    _Call("configure", "areas").add_to(fmap)
    return fmap


@lru_cache(maxsize=64)
def _skeleton(tiles: TileSource, assets: Assets, layers: int) -> MapParts:
    """folium's part of a map (script, container id, assets) with `layers` empty clustered kind layers that
    map.js fills from the data, centred on CENTRE_MARK: it depends on nothing else, so it is built once per
    process for each tile source and number of kinds instead of rendering folium's templates for every map.
    (The element names in the script are folium's random ones, the same for every map built from it: each
    map is its own document.)"""
    fmap = _folium_map(CENTRE_MARK, tiles)
    for index in range(layers):
        cluster = FastMarkerCluster(  # type: ignore[no-untyped-call]
            [],
            callback="tsunaguMap.marker",
            control=False,
            icon_create_function=f"tsunaguMap.clusterIcon({index})",
            chunkedLoading=True,
            showCoverageOnHover=False,
        )
        _Call("fill", _layer_key(index)).add_to(cluster)
        cluster.add_to(fmap)
    _Call("ready", "map").add_to(fmap)
    parts = _parts(fmap, assets, {})
    if parts.script.count(_centre_json(CENTRE_MARK)) != 1:
        raise ValueError("folium no longer writes the map's centre as expected: the skeleton cannot be reused")
    return parts


def _slow_cluster(rows: list[list[Any]], index: int) -> MarkerCluster:
    """folium's MarkerCluster with one folium Marker per row (the alternative FastMarkerCluster beat).

    Coordinates only: folium would compile any text of a marker as a template (see the module docstring)."""
    cluster = MarkerCluster(control=False, icon_create_function=f"tsunaguMap.clusterIcon({index})")  # type: ignore[no-untyped-call]
    for row in rows:
        folium.Marker([row[0], row[1]]).add_to(cluster)
    _Call("register", _layer_key(index)).add_to(cluster)
    return cluster


def _centre(box: list[list[float]] | None) -> tuple[float, float]:
    if box is None:
        return DEFAULT_CENTRE
    (south, west), (north, east) = box
    return ((south + north) / 2, (west + east) / 2)


def _coordinates(geometry: dict[str, Any]) -> list[tuple[float, float]]:
    """Every (lon, lat) vertex of a Polygon or MultiPolygon."""
    polygons = geometry.get("coordinates", [])
    if geometry.get("type") == "Polygon":
        polygons = [polygons]
    return [(p[0], p[1]) for polygon in polygons for ring in polygon for p in ring]


def _bounds(entries: Sequence[MapEntry], areas: Sequence[MapArea]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the areas (the town) and the entries, for the first view."""
    lats = [e.lat for e in entries]
    lons = [e.lon for e in entries]
    for area in areas:
        for lon, lat in _coordinates(area.geometry):
            lats.append(lat)
            lons.append(lon)
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _parts(fmap: folium.Map, assets: Assets, data: dict[str, Any]) -> MapParts:
    _localise(fmap, assets)
    figure = fmap.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("a folium map renders inside a branca Figure")
    figure.render()
    links = list(figure.header._children.values())
    scripts = [link.url for link in links if isinstance(link, JavascriptLink)]
    styles = [link.url for link in links if isinstance(link, CssLink)]
    for url in scripts + styles:
        if "://" in url or url.startswith("//"):
            raise ValueError(f"external asset {url} in a map: add it to maps.assets")
    return MapParts(
        map_id=fmap.get_name(),
        script=figure.script.render(),
        data=data,
        scripts=_unique(scripts + assets.scripts),
        stylesheets=_unique(styles + assets.stylesheets),
    )


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))
