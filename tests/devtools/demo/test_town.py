"""The demo town's codes and geometry, without a database."""

from __future__ import annotations

import pytest
import shapely

from devtools.demo import MUNICIPALITY_CODE, municipality_code_with_check_digit
from devtools.demo.organizations import corporate_number_with_check_digit
from devtools.demo.town import build_town


@pytest.mark.parametrize(
    ("five", "six"),
    [("13101", "131016"), ("13105", "131059"), ("01100", "011002"), ("12100", "121002"), ("14100", "141003")],
)
def test_check_digit_matches_real_municipality_codes(five, six):
    assert municipality_code_with_check_digit(five) == six


def test_demo_town_code_is_fictional_chiba_and_valid():
    assert MUNICIPALITY_CODE == "129992"
    assert municipality_code_with_check_digit(MUNICIPALITY_CODE[:5]) == MUNICIPALITY_CODE


@pytest.mark.parametrize("bad", ["1310", "131010", "13a01", ""])
def test_check_digit_rejects_malformed_codes(bad):
    with pytest.raises(ValueError, match="five digits"):
        municipality_code_with_check_digit(bad)


def test_corporate_number_check_digit_matches_a_real_one():
    assert corporate_number_with_check_digit("000012050002") == "7000012050002"  # 国税庁


def test_districts_tile_the_town_without_gaps_or_overlaps():
    town = build_town()
    polygons = [d.polygon for d in town.districts]
    union = shapely.union_all(polygons)
    assert union.geom_type == "Polygon"  # one piece, no holes between districts
    assert union.area == pytest.approx(sum(p.area for p in polygons), rel=1e-9)
    km2 = union.area * 111.0 * 90.2
    assert 40 < km2 < 56  # about 8 km × 6 km
    assert all(p.is_valid for p in polygons) and len(town.junior_highs) == 4
