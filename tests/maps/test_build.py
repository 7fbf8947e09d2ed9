"""The pure map builder: local assets only, hostile text stays data, private homes only as areas."""

from __future__ import annotations

import json
import re

import pytest

from maps.assets import Assets, InvalidTiles, tile_source
from maps.build import APPROXIMATE, CENTRE_MARK, OPEN_TODAY, build_map, marker_row
from maps.entries import KindStyle, MapArea, MapEntry, MapLabels, group_by_kind
from maps.geojson import feature_collection
from maps.privacy import AREA_RADIUS_M

HOSTILE = "<img src=x onerror=alert(1)></script><script>alert(1)</script>"
KINDS = [
    KindStyle.from_term("ibasho", "居場所", "home", "#b4432b"),
    KindStyle.from_term("salon", "サロン", "coffee", None),
]
SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [[[[139.9, 35.8], [140.0, 35.8], [140.0, 35.9], [139.9, 35.9], [139.9, 35.8]]]],
}


def entry(i: int = 1, **kw: object) -> MapEntry:
    fields = {"id": i, "uuid": f"u{i}", "name": f"活動{i}", "kind": "ibasho", "url": f"/services/{i}"}
    fields.update(kw)
    return MapEntry.placed(lat=35.85, lon=139.95, private=bool(fields.pop("private", False)), key=f"loc{i}", **fields)


def build(entries: list[MapEntry], **kw: object):
    return build_map(
        entries,
        KINDS,
        [MapArea("本町地区", "district", SQUARE)],
        tiles=tile_source("osm"),
        assets=Assets("/static/"),
        labels=MapLabels(),
        **kw,
    )


@pytest.mark.parametrize("clustering", ["fast", "marker"])
def test_every_asset_is_served_by_the_app(clustering):
    parts = build([entry()], clustering=clustering)
    assert parts.scripts[0] == "/static/vendor/leaflet/leaflet.js"
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in parts.scripts
    assert all(url.startswith("/static/") for url in parts.scripts + parts.stylesheets)
    assert not re.search(r"\.js\b|\.css\b|cdn|jsdelivr|cdnjs|unpkg|jquery|bootstrap", parts.script, re.I)
    assert not re.search(r"https?://(?!tile\.openstreetmap|www\.openstreetmap)", parts.script)


def test_no_user_text_passes_through_folium_templates():
    # branca compiles folium's rendered script as a Jinja template again: text in it would be executed
    kinds = [KindStyle("ibasho", "{{ 'kin' ~ 'dz' }}居場所")]
    name = "{{ 'na' ~ 'mez' }}{% for x in range(3) %}Q{% endfor %}" + HOSTILE
    hostile = [entry(name=name, cost=HOSTILE, next_date="{{ 'da' ~ 'tez' }}")]
    area = MapArea("{{ 'ar' ~ 'eaz' }}地区", "district", SQUARE)
    parts = build_map(hostile, kinds, [area], tiles=tile_source("osm"), assets=Assets(), labels=MapLabels())
    for evaluated in ("kindz", "namez", "QQQ", "datez", "areaz"):
        assert evaluated not in parts.script
    assert "'na' ~ 'mez'" not in parts.script and "<img" not in parts.script and "</script" not in parts.script.lower()
    text = json.dumps(parts.data, ensure_ascii=False)
    assert name in text  # the data keeps it, as text
    assert "{{ 'ar' ~ 'eaz' }}地区" in text and "{{ 'kin' ~ 'dz' }}居場所" in text


def test_one_clustered_layer_per_kind_with_its_count():
    parts = build([entry(1), entry(2), entry(3, kind="salon"), entry(4, kind="unknown")])
    assert parts.script.count("L.markerClusterGroup(") == 3
    assert [layer["name"] for layer in parts.data["layers"]] == ["居 居場所 (2)", "茶 サロン (1)", "・ その他 (1)"]
    assert [len(layer["rows"]) for layer in parts.data["layers"]] == [2, 1, 1]
    assert parts.script.count('tsunaguMap.fill("kind-') == 3 and 'tsunaguMap.ready("map"' in parts.script
    assert [a["name"] for a in parts.data["areas"]] == ["地区"]


def test_marker_rows_carry_today_and_approximate_flags():
    today = marker_row(entry(open_today=True, next_date="11月23日(月)", cost="無料"), 0)
    assert today[5] == OPEN_TODAY and today[6:] == ["11月23日(月)", "無料"]
    assert marker_row(entry(private=True), 0)[5] == APPROXIMATE


def test_private_home_is_jittered_150_to_300_m_and_flagged():
    exact = MapEntry.placed(lat=35.85, lon=139.95, private=False, key="a", id=1, uuid="u", name="n", kind="", url="")
    home = MapEntry.placed(lat=35.85, lon=139.95, private=True, key="a", id=1, uuid="u", name="n", kind="", url="")
    assert (exact.lat, exact.lon) == (35.85, 139.95) and not exact.approximate
    assert home.approximate
    metres = ((home.lat - 35.85) * 111_320) ** 2 + ((home.lon - 139.95) * 111_320 * 0.81) ** 2
    assert 140 <= metres**0.5 <= 310
    assert home == MapEntry.placed(
        lat=35.85, lon=139.95, private=True, key="a", id=1, uuid="u", name="n", kind="", url=""
    )  # deterministic: reloading cannot average it away


def test_no_tiles_means_no_tile_layer_but_markers_and_boundaries():
    parts = build_map(
        [entry()],
        KINDS,
        [MapArea("本町地区", "district", SQUARE)],
        tiles=tile_source("none"),
        assets=Assets(),
        labels=MapLabels(),
    )
    assert "L.tileLayer" not in parts.script
    assert parts.data["areas"][0]["geojson"]["features"] and "markerClusterGroup" in parts.script


def test_coverage_view_shades_junior_high_areas_by_count_against_target():
    areas = [
        MapArea("第一中学校区", "junior_high", SQUARE, count=10, target=10),
        MapArea("第二中学校区", "junior_high", SQUARE, count=0, target=10),
    ]
    parts = build_map(
        [], KINDS, areas, tiles=tile_source("none"), assets=Assets(), labels=MapLabels(), coverage_view=True
    )
    shades = [f["properties"]["style"]["fillColor"] for f in parts.data["areas"][0]["geojson"]["features"]]
    assert shades == ["#b4432b", "#f2f0eb"]


@pytest.mark.parametrize(
    ("setting", "key", "host"),
    [
        (None, "osm", "tile.openstreetmap.org"),
        ("gsi-pale", "gsi-pale", "cyberjapandata.gsi.go.jp"),
        ("gsi", "gsi-pale", "cyberjapandata.gsi.go.jp"),
        ("none", "none", None),
        ("http://tiles.lg.local/{z}/{x}/{y}.png|庁内地図", "custom", "tiles.lg.local"),
    ],
)
def test_tile_sources(setting, key, host):
    source = tile_source(setting)
    assert source.key == key
    assert (source.origin or "").endswith(host or "")
    if key in ("osm", "gsi-pale"):
        assert source.attribution  # attribution is required by both providers


def test_a_bad_tile_setting_says_what_to_use():
    with pytest.raises(InvalidTiles, match="osm, gsi-pale, none"):
        tile_source("google")


def test_kinds_group_in_taxonomy_order_with_the_rest_last():
    groups = group_by_kind([entry(1, kind="x"), entry(2, kind="salon"), entry(3)], KINDS, "その他")
    assert [(k.code, [e.id for e in items]) for k, items in groups] == [("ibasho", [3]), ("salon", [2]), ("other", [1])]


def test_geojson_gives_private_homes_as_approximate_points_with_radius():
    body = feature_collection([entry(1), entry(2, private=True)], KINDS, total=2)
    assert body["type"] == "FeatureCollection" and body["total"] == 2
    public, private = body["features"]
    assert public["geometry"]["coordinates"] == [139.95, 35.85]
    assert private["properties"]["approximate"] is True and private["properties"]["radius_m"] == AREA_RADIUS_M
    assert private["geometry"]["coordinates"] != [139.95, 35.85]
    json.dumps(body)  # serialisable as it is


def test_maps_share_folium_s_script_but_each_keeps_its_own_centre_and_kind_layers():
    town = build([entry(1)])
    north = build([entry(2), entry(3, kind="salon")], centre=(43.06, 141.35))
    assert "center: [43.06, 141.35]" in north.script and "141.35" not in town.script
    assert str(CENTRE_MARK[1]) not in town.script + north.script
    assert re.search(r"center: \[35\.\d+, 139\.\d+\]", town.script)  # around the town and its entry
    # one clustered layer per kind shown, filled by map.js from the data
    assert town.script.count("tsunaguMap.fill(") == len(town.data["layers"]) == 1
    assert north.script.count("tsunaguMap.fill(") == len(north.data["layers"]) == 2
    plain = build_map([entry(1)], KINDS, [], tiles=tile_source("none"), assets=Assets("/static/"), labels=MapLabels())
    assert "L.tileLayer" in town.script and "L.tileLayer" not in plain.script
