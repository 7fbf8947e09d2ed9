"""The first public pages: the list shows what the public may see, the detail page hides private homes."""

from __future__ import annotations

import re

from directory.models import EntryStatus, Frequency, Visibility
from tests.factories import make_service


def test_home_lists_published_services_only(client, db_session):
    make_service(db_session, name="駅前ユースカフェ")
    make_service(db_session, name="下書きの活動", status=EntryStatus.DRAFT)
    make_service(db_session, name="Aさんの個別メニュー", visibility=Visibility.COORDINATORS)
    make_service(db_session, name="掲載しない活動", do_not_list=True)
    html = client.get("/").get_data(as_text=True)
    assert "駅前ユースカフェ" in html
    for hidden in ("下書きの活動", "Aさんの個別メニュー", "掲載しない活動"):
        assert hidden not in html


def test_home_is_japanese_by_default(client, db_session):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "地域の居場所・活動" in html


def test_detail_page_shows_schedule_in_words(client, db_session):
    service = make_service(
        db_session,
        name="本町ふれあいサロン",
        schedule={"freq": Frequency.MONTHLY, "byday": "2WE,4WE", "opens_at": None, "closes_at": None},
        description="お茶を飲みながらおしゃべりする会です。",
    )
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "本町ふれあいサロン" in html
    assert "毎月 第2・4 水" in html
    assert "お茶を飲みながら" in html


def test_hidden_services_have_no_detail_page(client, db_session):
    draft = make_service(db_session, status=EntryStatus.DRAFT)
    custom = make_service(db_session, visibility=Visibility.COORDINATORS)
    assert client.get(f"/services/{draft.id}").status_code == 404
    assert client.get(f"/services/{custom.id}").status_code == 404
    assert client.get("/services/999999").status_code == 404


def test_private_home_shows_the_town_only(client, db_session):
    service = make_service(db_session, private_home=True, name="おうち食堂")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "本町二丁目" in html
    assert "山田様方" not in html
    assert "3-5" not in html


def test_user_text_is_escaped(client, db_session):
    service = make_service(db_session, name="<script>alert(1)</script>", description='"><img src=x onerror=alert(1)>')
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


def test_detail_page_has_a_small_offline_map(client, db_session):
    service = make_service(db_session, name="地図のある活動")
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert f'src="/services/{service.id}/map.svg"' in html
    response = client.get(f"/services/{service.id}/map.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<circle" in svg and "地図のある活動" in svg
    assert "<script" not in svg


def test_locator_map_escapes_names_and_hides_private_points(client, db_session):
    service = make_service(db_session, name='<script>alert(1)</script>"', private_home=True)
    svg = client.get(f"/services/{service.id}/map.svg").get_data(as_text=True)
    assert "<script>" not in svg
    assert "stroke-dasharray" in svg  # drawn as an approximate area, not a pin
    hidden = make_service(db_session, status=EntryStatus.DRAFT)
    assert client.get(f"/services/{hidden.id}/map.svg").status_code == 404


def test_prices_and_schedules_are_in_each_readers_language_page_after_page(client, db_session):
    """The price and schedule lines are kept per process once worded: never in the language of whoever
    asked first."""
    from directory.models import AgeBand, CostOption
    from tests.factories import weekly

    for name in ("言語の食堂A", "言語の食堂B"):
        service = make_service(db_session, name=name, schedule=weekly("WE"))
        service.costs = [
            CostOption(age_band=AgeBand.ELEMENTARY, is_free=True),
            CostOption(age_band=AgeBand.ADULT, is_free=False, amount_yen=300),
        ]
    db_session.flush()

    def lines(query):
        html = client.get("/?q=言語の食堂" + query).get_data(as_text=True)
        return re.findall(r'<p class="cost">([^<]*)</p>', html), re.findall(r'<p class="when">([^<]*)</p>', html)

    japanese = lines("&lang=ja")
    assert japanese == (["小学生 無料・大人 300円"] * 2, ["毎週 水 15:00–19:00"] * 2)
    english = lines("&lang=en")
    assert english[0] == [english[0][0]] * 2 and "¥300" in english[0][0] and "円" not in english[0][0]
    assert "Wed" in english[1][0] and "毎週" not in english[1][0]
    assert lines("&lang=ja") == japanese
