"""/map/grid.geojson on both databases: the search's entries counted per cell by SQL, no private home's point,
the same filters as the search, and a map too full to carry its entries asks for it when zoomed out."""

from __future__ import annotations

from directory.map_pages import entries as map_entries_module
from tests.directory.map_pages.test_pages import EXACT_LAT, EXACT_LON, embed_data
from tests.factories import make_service

PREFECTURE = "zoom=9&bbox=139.5,35.4,140.6,36.2"


def _grid(client, query):
    response = client.get("/map/grid.geojson?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/geo+json"
    return response.get_json()


def test_entries_are_counted_per_cell_of_the_view_with_the_searchs_filters(client, db_session):
    for n in range(3):
        make_service(db_session, name=f"本町の居場所{n}", kinds=("ibasho",), lat=35.86 + n * 0.001, lon=139.97)
    make_service(db_session, name="隣町の食堂", kinds=("kodomo_shokudo",), lat=35.70, lon=140.40)
    make_service(db_session, name="県外の居場所", kinds=("ibasho",), lat=34.70, lon=135.50)
    body = _grid(client, PREFECTURE)
    assert body["total"] == 4
    assert sorted(f["properties"]["count"] for f in body["features"]) == [1, 3]
    only_ibasho = _grid(client, PREFECTURE + "&kind=ibasho")
    assert only_ibasho["total"] == 3 and len(only_ibasho["features"]) == 1
    country = _grid(client, "zoom=5&bbox=128,30,146,46")
    assert country["total"] == 5


def test_a_private_home_is_never_placed_by_the_grid(client, db_session):
    make_service(db_session, name="山田さんの家", private_home=True, lat=EXACT_LAT, lon=EXACT_LON)
    text = client.get("/map/grid.geojson?zoom=12&bbox=139.9,35.8,140.0,35.9").get_data(as_text=True)
    assert '"count":1' in text
    assert "35.8612" not in text and "139.9712" not in text


def test_a_bad_view_is_a_400_naming_the_parameter(client, db_session):
    response = client.get("/map/grid.geojson?zoom=20&bbox=139,35,140,36")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == "zoom"
    assert client.get("/map/grid.geojson?zoom=9&bbox=x").status_code == 400
    assert client.get("/map/grid.geojson?zoom=9&bbox=139,35,140,36&age=-5").status_code == 400


def test_a_map_with_more_entries_than_it_carries_asks_for_the_grid(client, db_session, monkeypatch):
    for n in range(3):
        make_service(db_session, name=f"居場所{n}", lat=35.86 + n * 0.01, lon=139.97)
    assert embed_data(client.get("/map/embed").get_data(as_text=True))["grid"] is None
    monkeypatch.setattr(map_entries_module, "MARKER_CAP", 2)  # a national search, in three entries
    grid = embed_data(client.get("/map/embed?kind=ibasho").get_data(as_text=True))["grid"]
    assert grid["url"].startswith("/map/grid.geojson") and "kind=ibasho" in grid["url"]
    assert _grid(client, grid["url"].partition("?")[2] + "&" + PREFECTURE)["total"] == 3


def test_a_map_past_its_marker_cap_carries_no_markers_and_serves_the_entries_of_a_view(client, db_session, monkeypatch):
    for n in range(3):
        make_service(db_session, name=f"本町の居場所{n}", kinds=("ibasho",), lat=35.86 + n * 0.001, lon=139.97)
    make_service(db_session, name="隣町の食堂", kinds=("kodomo_shokudo",), lat=35.70, lon=140.40)
    monkeypatch.setattr(map_entries_module, "MARKER_CAP", 2)
    data = embed_data(client.get("/map/embed").get_data(as_text=True))
    assert [len(layer["rows"]) for layer in data["layers"]] == [0] * len(data["layers"])  # no markers built
    assert {"居場所", "子ども食堂"} <= {kind["label"] for kind in data["kinds"]}  # every kind has its layer
    (south, west), (north, east) = data["bounds"]  # the first view: around all four entries
    assert south <= 35.70 and north >= 35.862 and west <= 139.97 and east >= 140.40
    url = data["grid"]["entriesUrl"]
    assert url.startswith("/map/view.json")
    url += "&" if "?" in url else "?"
    town = client.get(url + "zoom=14&bbox=139.95,35.85,139.99,35.87")
    assert town.status_code == 200
    body = town.get_json()
    assert sorted(row[3] for row in body["rows"]) == ["本町の居場所0", "本町の居場所1"]  # at most the cap…
    assert body["truncated"] is True and body["total"] == 3  # …and says so
    other = client.get(url + "zoom=14&bbox=140.38,35.69,140.42,35.71").get_json()
    assert [(row[3], row[4]) for row in other["rows"]] == [("隣町の食堂", "kodomo_shokudo")]
    assert other["truncated"] is False


def test_a_view_too_wide_or_unreadable_is_a_400_naming_the_parameter(client, db_session):
    for query in ("bbox=139,35,141,36", "bbox=x", "bbox=139.9,35.8,140.0,35.9&age=-5"):
        response = client.get("/map/view.json?" + query)
        assert response.status_code == 400, query
    assert client.get("/map/view.json?bbox=139,35,141,36").get_json()["parameter"] == "bbox"
