"""Reading an uploaded boundaries file: every problem listed with its feature, nothing kept on any problem."""

from __future__ import annotations

import json

from maps.boundaries import read_boundaries
from maps.coverage import STEPS, step_for

SQUARE = [[[139.9, 35.8], [140.0, 35.8], [140.0, 35.9], [139.9, 35.9], [139.9, 35.8]]]
SWAPPED = [[[35.8, 139.9], [35.9, 139.9], [35.9, 240.0], [35.8, 139.9]]]
"""lat, lon written the wrong way round."""
BOWTIE = [[[139.9, 35.8], [140.0, 35.9], [140.0, 35.8], [139.9, 35.9], [139.9, 35.8]]]


def feature(name, geometry=None, **props):
    return {
        "type": "Feature",
        "properties": {"name": name, **props},
        "geometry": geometry or {"type": "Polygon", "coordinates": SQUARE},
    }


def upload(*features, default_kind=None):
    body = json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False)
    return read_boundaries(body.encode("utf-8"), default_kind)


def test_a_good_file_gives_multipolygons_with_kind_code_and_target():
    result = upload(
        feature("第一中学校区", kind="中学校区", code="JH1", target_count=12), feature("本町地区", kind="district")
    )
    assert result.problems == []
    first, second = result.boundaries
    assert (first.kind, first.name, first.code, first.target_count) == ("junior_high", "第一中学校区", "JH1", 12)
    assert first.wkt.startswith("MULTIPOLYGON")
    assert (second.kind, second.target_count) == ("district", None)


def test_default_kind_applies_when_features_have_none():
    assert upload(feature("本町地区"), default_kind="district").boundaries[0].kind == "district"


def test_every_problem_is_listed_and_nothing_is_kept():
    result = upload(
        feature("本町地区", kind="地区"),  # fine on its own
        feature("", kind="地区"),
        feature("川辺地区", kind="町内会"),
        feature("駅前地区", {"type": "Point", "coordinates": [139.9, 35.8]}, kind="地区"),
        feature("西台地区", {"type": "Polygon", "coordinates": BOWTIE}, kind="地区"),
        feature("北台地区", {"type": "Polygon", "coordinates": SWAPPED}, kind="地区"),
        feature("本町地区", kind="地区"),
        feature("緑町地区", kind="地区", target_count="たくさん"),
    )
    assert result.boundaries == []
    codes = [(p.feature, p.code) for p in result.problems]
    assert codes == [
        (2, "no_name"),
        (3, "bad_kind"),
        (4, "not_polygon"),
        (5, "invalid_shape"),
        (6, "out_of_range"),
        (7, "duplicate"),
        (8, "bad_target"),
    ]
    assert result.problems[5].detail == "1"  # the duplicate says where the first one is


def test_not_json_and_not_a_collection():
    assert read_boundaries(b"{oops").problems[0].code == "not_json"
    assert read_boundaries(b'{"type": "Topology"}').problems[0].code == "not_collection"
    assert read_boundaries(b'{"type": "FeatureCollection", "features": []}').problems[0].code == "empty"


def test_a_single_feature_and_a_bom_are_accepted():
    body = "\ufeff" + json.dumps(feature("本町地区", kind="地区"), ensure_ascii=False)
    assert [b.name for b in read_boundaries(body.encode("utf-8")).boundaries] == ["本町地区"]


def test_coverage_steps_read_count_against_target():
    assert [step_for(n, 10).key for n in (0, 1, 4, 5, 9, 10, 25)] == [
        "none",
        "low",
        "low",
        "half",
        "half",
        "met",
        "met",
    ]
    assert step_for(3, None).key == "low"  # no target: the default of 10
    assert len({s.colour for s in STEPS}) == len(STEPS)
