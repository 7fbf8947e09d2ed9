"""The grid of a zoomed-out map: cells sized for the zoom, views snapped to whole cells, bad views refused."""

from __future__ import annotations

import pytest

from maps.grid import MAX_CELLS, MAX_ZOOM, InvalidView, cell_degrees, grid_geojson, parse_view


def test_a_cell_halves_with_each_zoom_step_and_is_wider_than_a_blurred_home_at_the_deepest_grid():
    assert cell_degrees(0) == 90.0 and cell_degrees(1) == 45.0
    assert cell_degrees(MAX_ZOOM) * 111_000 * 0.8 > 1_500  # metres at 35°N, against a 300 m blur


def test_a_view_is_snapped_outward_so_a_map_moved_by_a_few_pixels_asks_the_same_view():
    one = parse_view("9", "139.501,35.402,140.603,36.204")
    other = parse_view("9", "139.503,35.405,140.601,36.201")
    assert one == other
    assert one.min_lon <= 139.501 and one.max_lon >= 140.603 and one.min_lat <= 35.402 and one.max_lat >= 36.204


@pytest.mark.parametrize(
    ("zoom", "bbox", "parameter"),
    [
        (None, "139,35,140,36", "zoom"),
        ("13", "139,35,140,36", "zoom"),
        ("-1", "139,35,140,36", "zoom"),
        ("nine", "139,35,140,36", "zoom"),
        ("9", "139,35,140", "bbox"),
        ("9", "140,35,139,36", "bbox"),
        ("9", "NaN,35,140,36", "bbox"),
        ("9", "1e308,35,140,36", "bbox"),
        ("9", "' OR 1=1,35,140,36", "bbox"),
        ("12", "-180,-85,180,85", "bbox"),  # the whole world in 2 km cells: refused, not counted
    ],
)
def test_views_the_grid_cannot_serve_are_refused_naming_the_parameter(zoom, bbox, parameter):
    with pytest.raises(InvalidView) as refused:
        parse_view(zoom, bbox)
    assert refused.value.parameter == parameter


def test_the_whole_world_fits_at_a_country_zoom():
    view = parse_view("5", "-180,-85,180,85")
    assert (view.max_lon - view.min_lon) / view.cell <= MAX_CELLS


def test_cells_are_drawn_at_their_centre_with_their_count():
    view = parse_view("8", "139,35,141,37")
    cell = view.cell
    body = grid_geojson(
        view, [(int(139.97 // cell), int(35.86 // cell), 7), (int(140.5 // cell), int(36.1 // cell), 2)]
    )
    assert body["total"] == 9 and len(body["features"]) == 2
    lon, lat = body["features"][0]["geometry"]["coordinates"]
    assert abs(lon - 139.97) < cell and abs(lat - 35.86) < cell
    assert (lon / cell) % 1 == pytest.approx(0.5, abs=1e-4) and body["features"][0]["properties"] == {"count": 7}
