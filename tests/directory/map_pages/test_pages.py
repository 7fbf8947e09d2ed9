"""The map pages and /api/v1/map.geojson on both databases: same filters as search, privacy, 位置未設定, CSP."""

from __future__ import annotations

import json
import re

from directory.map_pages.entries import map_entries
from directory.models import Area, AreaKind, EntryStatus, Frequency
from directory.search.params import SearchParams
from tests.factories import make_service, weekly
from tsunagu.clock import today_in_japan

EXACT_LAT, EXACT_LON = 35.861234, 139.971234
"""A private home's real point: digits distinctive enough that any leak of it is found in a page."""


def _geojson(client, query=""):
    response = client.get("/api/v1/map.geojson" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    return response.get_json()


def embed_data(html):
    """The JSON data block of a map document (what map.js reads)."""
    block = re.search(r'<script type="application/json" id="[^"]+-data">(.*?)</script>', html, re.S)
    assert block, "no map data in the document"
    return json.loads(block.group(1))


def embed_names(html):
    """The names on a map document: the rows of its data, one layer per kind."""
    return [row[3] for layer in embed_data(html)["layers"] for row in layer["rows"]]


def test_geojson_finds_what_the_search_finds_with_the_same_parameters(client, db_session):
    make_service(db_session, name="本町の居場所", kinds=("ibasho",))
    make_service(db_session, name="本町の食堂", kinds=("kodomo_shokudo",))
    make_service(db_session, name="遠くの居場所", kinds=("ibasho",), lat=35.95, lon=140.10)
    make_service(db_session, name="下書きの居場所", kinds=("ibasho",), status=EntryStatus.DRAFT)
    query = "?kind=ibasho&lat=35.86&lon=139.97&radius_km=2"
    names = {f["properties"]["name"] for f in _geojson(client, query)["features"]}
    listed = {s["name"] for s in client.get("/api/v1/services" + query + "&per_page=100").get_json()["contents"]}
    assert names == listed == {"本町の居場所"}


def test_the_map_shows_kind_next_date_cost_and_open_today(client, db_session):
    make_service(
        db_session,
        name="毎日カフェ",
        kinds=("salon",),
        free=True,
        schedule={"freq": Frequency.DAILY, "opens_at": None, "closes_at": None},
    )
    feature = _geojson(client)["features"][0]["properties"]
    assert feature["kind"] == "salon" and feature["kind_label"] == "サロン"
    assert feature["open_today"] is True and feature["next_date"]
    assert feature["cost"] == "無料"
    assert re.search(r"/services/\d+$", feature["url"])


def test_entries_without_a_point_are_kept_off_the_map_but_counted(client, db_session):
    make_service(db_session, name="位置のある活動")
    make_service(db_session, name="位置未設定の活動", lat=None, lon=None)
    body = _geojson(client)
    assert [f["properties"]["name"] for f in body["features"]] == ["位置のある活動"]
    assert body["unplaced"] == 1
    html = client.get("/map/embed").get_data(as_text=True)
    assert embed_names(html) == ["位置のある活動"]
    assert "位置未設定の 1 件は地図に出ていません" in html
    assert "位置未設定の活動" in client.get("/map").get_data(as_text=True)  # the list still has it


def test_a_private_home_never_shows_its_exact_point(client, db_session):
    service = make_service(db_session, name="山田さんち食堂", private_home=True, lat=EXACT_LAT, lon=EXACT_LON)
    pages = {
        "geojson": client.get("/api/v1/map.geojson").get_data(as_text=True),
        "embed": client.get("/map/embed").get_data(as_text=True),
        "coverage": client.get("/map/embed?view=coverage&kind=ibasho").get_data(as_text=True),
        "map": client.get("/map").get_data(as_text=True),
        "index": client.get("/").get_data(as_text=True),
        "detail": client.get(f"/services/{service.id}").get_data(as_text=True),
    }
    for name, text in pages.items():
        # both coordinates together (the jitter may move the point due north, leaving the longitude's digits)
        assert not ("35.8612" in text and "139.9712" in text), f"exact point of a private home in {name}"
    feature = _geojson(client)["features"][0]
    assert feature["properties"]["approximate"] is True and feature["properties"]["radius_m"] == 300
    lon, lat = feature["geometry"]["coordinates"]
    metres = (((lat - EXACT_LAT) * 111_320) ** 2 + ((lon - EXACT_LON) * 90_200) ** 2) ** 0.5
    assert 140 < metres < 310
    assert _geojson(client)["features"][0]["geometry"] == feature["geometry"]  # the same jitter every time


def test_map_document_runs_only_its_own_nonce_script_and_local_files(client, db_session):
    make_service(db_session)
    response = client.get("/map/embed")
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert "frame-ancestors 'self'" in csp and response.headers["X-Frame-Options"] == "SAMEORIGIN"
    scripts = re.findall(r"<script([^>]*)>", html)
    inline = [attrs for attrs in scripts if "src=" not in attrs and "application/json" not in attrs]
    assert inline == [f' nonce="{nonce}"']  # the data block is JSON, not script: the browser never runs it
    assert all('src="/static/' in attrs for attrs in scripts if "src=" in attrs)
    assert client.get("/map/embed").headers["Content-Security-Policy"] != csp  # a fresh nonce per response
    # the other pages keep the strict policy: no inline script at all
    assert "'nonce-" not in client.get("/map").headers["Content-Security-Policy"]


def test_bad_parameters(client, db_session):
    response = client.get("/api/v1/map.geojson?lat=north&lon=1")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert response.get_json()["invalid_params"][0]["name"] == "lat"
    assert client.get("/map?day=someday").status_code == 400
    assert client.get("/map/embed?day=someday").status_code == 400


def _junior_high(west: float) -> dict[str, object]:
    """A 中学校区 boundary: the square 0.1° wide from `west`, between 35.8 and 35.9 N."""
    east = west + 0.1
    square = f"SRID=4326;MULTIPOLYGON((({west} 35.8,{east} 35.8,{east} 35.9,{west} 35.9,{west} 35.8)))"
    return {"municipality_code": "129992", "kind": AreaKind.JUNIOR_HIGH, "boundary": square}


def _coverage_rows(client, query=""):
    html = client.get("/map/coverage" + query).get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]+)</a></th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>', html)


def test_coverage_counts_an_entry_where_its_point_lies_and_by_its_field_without_a_point(client, db_session):
    db_session.add_all(
        [Area(name="第九中学校区", **_junior_high(139.9)), Area(name="第十中学校区", **_junior_high(140.0))]
    )
    moved = make_service(db_session, name="引っ越した居場所", lat=35.86, lon=139.97)  # inside 第九
    moved.at_locations[0].location.junior_high_district = "第十中学校区"  # a field left over from before
    unplaced = make_service(db_session, name="位置未設定の居場所", lat=None, lon=None)
    unplaced.at_locations[0].location.junior_high_district = "第十中学校区"
    outside = make_service(db_session, name="町の外の居場所", lat=35.5, lon=139.5)  # in no boundary
    outside.at_locations[0].location.junior_high_district = "第九中学校区"
    db_session.flush()
    rows = _coverage_rows(client)
    assert ("第九中学校区", "1", "10") in rows and ("第十中学校区", "1", "10") in rows


def test_coverage_counts_ibasho_per_junior_high_against_the_target(client, db_session):
    db_session.add_all(
        [
            Area(name="第九中学校区", target_count=4, **_junior_high(139.9)),
            Area(name="第十中学校区", **_junior_high(140.0)),
        ]
    )
    for name, kinds in (("居場所A", ("ibasho",)), ("居場所B", ("ibasho",)), ("食堂", ("kodomo_shokudo",))):
        make_service(db_session, name=name, kinds=kinds).at_locations[0].location.junior_high_district = "第九中学校区"
    db_session.flush()
    html = client.get("/map/coverage").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="[^"]*">([^<]+)</a></th>\s*<td>(\d+)</td>\s*<td>(\d+)</td>', html)
    assert ("第九中学校区", "2", "4") in rows
    assert ("第十中学校区", "0", "10") in rows  # no target: the default 10
    shokudo = re.findall(
        r'<th scope="row"><a[^>]*>第九中学校区</a></th>\s*<td>(\d+)</td>',
        client.get("/map/coverage?kind=kodomo_shokudo").get_data(as_text=True),
    )
    assert shokudo == ["1"]
    embed = client.get("/map/embed?view=coverage").get_data(as_text=True)
    shaded = {f["properties"]["name"]: f["properties"] for f in embed_data(embed)["areas"][0]["geojson"]["features"]}
    assert shaded["第九中学校区"]["count"] == 2 and shaded["第九中学校区"]["target"] == 4


def test_search_page_has_the_map_panel_with_the_same_filters(client, db_session):
    make_service(db_session, schedule=weekly("WE"))
    html = client.get("/?kind=ibasho&day=wed").get_data(as_text=True)
    frame = re.search(r'<iframe class="map-frame" src="([^"]+)" title="([^"]+)"', html)
    assert frame and frame.group(2) == "検索結果の地図"
    src = frame.group(1).replace("&amp;", "&")
    assert src.startswith("/map/embed?") and "kind=ibasho" in src and "day=wed" in src
    assert client.get(src).status_code == 200
    assert 'href="/map?' in html


def test_a_map_shows_at_most_its_limit_and_says_how_many_matched(app, db_session):
    for _ in range(3):
        make_service(db_session)
    with app.test_request_context():
        data = map_entries(db_session, SearchParams(), today=today_in_japan(), format_date=str, detail_url=str, limit=2)
    assert len(data.entries) == 2 and data.total == 3 and data.truncated


def test_an_unknown_tile_setting_draws_the_map_without_tiles(app, client, db_session):
    make_service(db_session)
    app.config["TSUNAGU_TILES"] = "google"
    try:
        response = client.get("/map/embed")
    finally:
        app.config["TSUNAGU_TILES"] = "osm"
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "L.tileLayer" not in html and "map-no-tiles" in html and "markerClusterGroup" in html


def test_tiles_setting_reaches_the_map_and_its_csp(app, client, db_session):
    make_service(db_session)
    app.config["TSUNAGU_TILES"] = "gsi-pale"
    try:
        response = client.get("/map/embed")
    finally:
        app.config["TSUNAGU_TILES"] = "osm"
    assert "cyberjapandata.gsi.go.jp/xyz/pale" in response.get_data(as_text=True)
    assert "\\u5730\\u7406\\u9662\\u30bf\\u30a4\\u30eb" in response.get_data(as_text=True)  # 地理院タイル credit
    assert "https://cyberjapandata.gsi.go.jp" in response.headers["Content-Security-Policy"]


def test_a_town_map_runs_the_search_once_for_its_markers_and_shows_them_all_up_to_its_cap(
    app, client, db_session, monkeypatch
):
    from directory.map_pages import entries as map_entries_module
    from tests.directory.public.test_entry_page_statements import statements

    for n in range(2):
        make_service(db_session, name=f"ひまわり広場{n}", lat=35.86 + n * 0.001, lon=139.97)
    make_service(db_session, name="あさがおサロン", lat=35.70, lon=140.40)
    monkeypatch.setattr(map_entries_module, "MARKER_CAP", 2)
    client.get("/map/embed?q=あさがお")  # the process's own first-request work
    map_entries_module.MAP_CACHE.clear()
    with statements(app) as seen:
        html = client.get("/map/embed?q=ひまわり").get_data(as_text=True)
    assert sorted(embed_names(html)) == ["ひまわり広場0", "ひまわり広場1"]  # exactly the cap: all shown
    # the word's filter: once for the entries without a point (counted), once for the markers
    assert len([s for s in seen if "LIKE" in s]) == 2, seen
    data = embed_data(client.get("/map/embed").get_data(as_text=True))  # one more than the cap
    assert [row for layer in data["layers"] for row in layer["rows"]] == [] and data["grid"]
