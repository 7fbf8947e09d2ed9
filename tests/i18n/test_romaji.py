"""Area names for readers of other languages: read in context, romanised (modified Hepburn), Japanese kept."""

from __future__ import annotations

import pytest

from directory.models import Area, AreaKind
from i18n.romaji import place_label, romaji

SQUARE = "SRID=4326;MULTIPOLYGON(((139.96 35.85, 139.98 35.85, 139.98 35.87, 139.96 35.87, 139.96 35.85)))"


@pytest.mark.parametrize(
    ("kana", "expected"),
    [
        ("ほんちょう", "honchō"),
        ("とうきょう", "tōkyō"),
        ("ちゅうがっこう", "chūgakkō"),
        ("まっちゃ", "matcha"),
        ("かんいち", "kan'ichi"),
        ("ラーメン", "rāmen"),
        ("いいだ", "iida"),
    ],
)
def test_hepburn(kana, expected):
    assert romaji(kana) == expected


def test_place_labels_per_language():
    assert place_label("本町地区", "ja") == "本町地区"
    assert place_label("本町地区", "ja_x_easy") == "本町地区（ほんちょうちく）"
    assert place_label("本町地区", "ja_x_easy", text=True) == "本町地区"  # page text gets furigana instead
    assert place_label("本町地区", "pt_BR") == "Honchō Chiku (本町地区)"
    assert place_label("第一中学校区", "en") == "Daiichi Chūgakkōku (第一中学校区)"
    assert place_label("緑が丘", "vi") == "Midorigaoka (緑が丘)"


def test_search_form_offers_areas_romanised_but_searches_by_their_japanese_name(client, db_session):
    db_session.add(Area(municipality_code="122999", kind=AreaKind.DISTRICT, name="東部地区", boundary=SQUARE))
    db_session.add(Area(municipality_code="122999", kind=AreaKind.JUNIOR_HIGH, name="第一中学校区", boundary=SQUARE))
    db_session.commit()
    html = client.get("/?lang=pt_BR").get_data(as_text=True)
    assert '<option value="東部地区" >Tōbu Chiku (東部地区)</option>' in html
    assert '<option value="第一中学校区" >Daiichi Chūgakkōku (第一中学校区)</option>' in html
    easy = client.get("/?lang=ja_x_easy").get_data(as_text=True)
    assert "東部地区（とうぶちく）</option>" in easy
    assert ">東部地区</option>" in client.get("/?lang=ja").get_data(as_text=True)


def test_an_admin_sets_how_an_area_is_read_and_other_languages_follow(client, db_session):
    from tests.factories import make_user
    from tests.helpers import csrf_token, login
    from tsunagu.models import Role

    area = Area(municipality_code="122999", kind=AreaKind.DISTRICT, name="東部地区", boundary=SQUARE)
    db_session.add(area)
    db_session.commit()
    login(client, make_user(db_session, Role.ADMIN).email)
    token = csrf_token(client, "/admin/areas")
    bad = client.post(f"/admin/areas/{area.id}/reading", data={"csrf_token": token, "name_kana": "Higashibe"})
    assert bad.status_code == 302 and "ひらがなかカタカナ" in client.get("/admin/areas").get_data(as_text=True)
    response = client.post(f"/admin/areas/{area.id}/reading", data={"csrf_token": token, "name_kana": "ヒガシベチク"})
    assert response.status_code == 302
    db_session.refresh(area)
    assert area.name_kana == "ヒガシベチク"
    html = client.get("/?lang=pt_BR").get_data(as_text=True)
    assert '<option value="東部地区" >Higashibe Chiku (東部地区)</option>' in html
    assert "東部地区（ひがしべちく）</option>" in client.get("/?lang=ja_x_easy").get_data(as_text=True)


def _boundary_file(*features):
    import io
    import json

    square = [[[139.96, 35.85], [139.98, 35.85], [139.98, 35.87], [139.96, 35.87], [139.96, 35.85]]]
    document = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": square}}
            for props in features
        ],
    }
    return io.BytesIO(json.dumps(document, ensure_ascii=False).encode())


def test_a_boundary_file_with_readings_sets_how_its_areas_are_read(client, db_session):
    from sqlalchemy import select

    from tests.factories import make_user
    from tests.helpers import csrf_token, login
    from tsunagu.models import Role

    login(client, make_user(db_session, Role.ADMIN).email)

    def upload(*features):
        data = {"csrf_token": csrf_token(client, "/admin/areas"), "municipality_code": "122998", "kind": ""}
        data["file"] = (_boundary_file(*features), "areas.geojson")
        return client.post("/admin/areas", data=data, content_type="multipart/form-data")

    bad = upload({"name": "東部地区", "kind": "地区", "よみ": "Higashibe"})
    assert bad.status_code == 400
    message = "読み（name_kana・よみ・カナ）は、ひらがなかカタカナで書いてください: Higashibe"
    assert message in bad.get_data(as_text=True)
    response = upload(
        {"name": "東部地区", "kind": "地区", "よみ": "ひがしべちく"},
        {"name": "第一中学校区", "kind": "中学校区", "name_kana": "ﾀﾞｲｲﾁﾁｭｳｶﾞｯｺｳｸ"},  # half-width, as in old files
        {"name": "本町地区", "kind": "地区"},
    )
    assert response.status_code == 302
    areas = {a.name: a for a in db_session.scalars(select(Area).where(Area.municipality_code == "122998"))}
    assert areas["東部地区"].name_kana == "ひがしべちく"
    assert areas["第一中学校区"].name_kana == "ダイイチチュウガッコウク"
    assert areas["本町地区"].name_kana is None
    html = client.get("/?lang=pt_BR").get_data(as_text=True)
    assert '<option value="東部地区" >Higashibe Chiku (東部地区)</option>' in html
    # a file without readings keeps the ones already set
    assert upload({"name": "東部地区", "kind": "地区"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(Area, areas["東部地区"].id).name_kana == "ひがしべちく"
