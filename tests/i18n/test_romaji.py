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
