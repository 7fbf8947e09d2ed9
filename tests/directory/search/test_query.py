"""Search finds what residents mean however they write it, and every filter narrows as a user expects."""

from __future__ import annotations

from datetime import time

import pytest

from directory.models import AccessibilityFeature, AgeBand, CostOption, LocationAccessibility, ServiceLanguage
from directory.search.params import SearchParams, parse_search_params
from directory.search.query import search_services
from tests.factories import make_organization, make_service, weekly


def names(db_session, **params) -> set[str]:
    result = search_services(db_session, SearchParams(per_page=100, **params))
    return {hit.service.name for hit in result.hits}


@pytest.mark.parametrize("query", ["子ども食堂", "こども食堂", "子供食堂", "ｺﾄﾞﾓ食堂", "食堂", "コドモショクドウ"])
def test_spelling_variants_find_the_same_entry(db_session, query):
    make_service(db_session, name="ひだまり子ども食堂", kinds=("kodomo_shokudo",))
    make_service(db_session, name="本町ふれあいサロン", kinds=("salon",))
    assert names(db_session, q=query) == {"ひだまり子ども食堂"}


@pytest.mark.parametrize("query", ["food", "comida", "Refeitório", "cơm", "儿童食堂"])
def test_other_languages_find_entries_through_taxonomy_labels(db_session, query):
    make_service(db_session, name="みんなの食卓", kinds=("kodomo_shokudo",))
    make_service(db_session, name="将棋の会", kinds=("salon",))
    found = names(db_session, q=query)
    assert "みんなの食卓" in found
    assert "将棋の会" not in found


def test_organisation_name_and_description_are_searched(db_session):
    make_service(db_session, name="午後のひととき", organization=make_organization(db_session, name="NPO法人 ひかり"))
    make_service(db_session, name="畑の会", description="季節の野菜を育てて、みんなで収穫します。")
    assert names(db_session, q="ひかり") == {"午後のひととき"}
    assert names(db_session, q="野菜") == {"畑の会"}


def test_all_terms_must_match(db_session):
    make_service(db_session, name="駅前の子ども食堂", kinds=("kodomo_shokudo",))
    make_service(db_session, name="川辺の子ども食堂", kinds=("kodomo_shokudo",))
    assert names(db_session, q="子ども食堂　駅前") == {"駅前の子ども食堂"}


def test_kind_and_tag_filters(db_session):
    make_service(db_session, name="サロンA", kinds=("salon", "men_welcome"))
    make_service(db_session, name="サロンB", kinds=("salon",))
    make_service(db_session, name="食堂C", kinds=("kodomo_shokudo",))
    assert names(db_session, kinds=("salon",)) >= {"サロンA", "サロンB"}
    assert "食堂C" not in names(db_session, kinds=("salon",))
    assert names(db_session, kinds=("salon", "kodomo_shokudo"), q="") >= {"サロンA", "サロンB", "食堂C"}
    assert names(db_session, tags=("men_welcome",)) == {"サロンA"}


def test_radius_filter_and_distance_sort(db_session):
    make_service(db_session, name="近い", lat=35.8610, lon=139.9700)
    make_service(db_session, name="少し遠い", lat=35.8750, lon=139.9700)
    make_service(db_session, name="遠い", lat=35.9500, lon=139.9700)
    result = search_services(db_session, SearchParams(lat=35.86, lon=139.97, radius_km=3, sort="distance"))
    assert [h.service.name for h in result.hits] == ["近い", "少し遠い"]
    assert result.hits[0].distance_m == pytest.approx(111, rel=0.05)


def test_zero_results_suggest_a_wider_radius(db_session):
    make_service(db_session, name="4km先", lat=35.8960, lon=139.9700)
    result = search_services(db_session, SearchParams(lat=35.86, lon=139.97, radius_km=3), suggest=True)
    assert result.total == 0
    assert result.relaxation.kind == "radius"
    assert result.relaxation.params.radius_km == 5
    assert result.relaxation.total >= 1


def test_open_on_a_weekday_and_time(db_session):
    make_service(db_session, name="水曜夕方", schedule=weekly("WE", time(15), time(19)))
    make_service(
        db_session,
        name="第2・4水曜",
        schedule={"freq": "MONTHLY", "byday": "2WE,4WE", "opens_at": time(10), "closes_at": time(12)},
    )
    make_service(db_session, name="平日", schedule=weekly("MO,TU,WE,TH,FR", time(9), time(17)))
    make_service(db_session, name="土曜", schedule=weekly("SA", time(10), time(15)))
    make_service(db_session, name="不定期", schedule={"freq": "IRREGULAR", "notes": "月1回程度"})
    wednesday = names(db_session, day=2)
    assert {"水曜夕方", "第2・4水曜", "平日"} <= wednesday
    assert not {"土曜", "不定期"} & wednesday
    assert names(db_session, day=2, at=time(16)) >= {"水曜夕方", "平日"}
    assert "第2・4水曜" not in names(db_session, day=2, at=time(16))
    assert "水曜夕方" not in names(db_session, day=2, at=time(19))  # closing time is not open


def test_age_filter(db_session):
    make_service(db_session, name="中学生の学習会", minimum_age=12, maximum_age=15)
    make_service(db_session, name="シニアサロン", minimum_age=65)
    make_service(db_session, name="だれでも")
    assert names(db_session, age=13) >= {"中学生の学習会", "だれでも"}
    assert "シニアサロン" not in names(db_session, age=13)
    assert "中学生の学習会" not in names(db_session, age=70)


def test_free_and_cost_ceiling_per_age_band(db_session):
    shokudo = make_service(db_session, name="子ども無料の食堂")
    shokudo.costs = [
        CostOption(age_band=AgeBand.JUNIOR_HIGH, is_free=True),
        CostOption(age_band=AgeBand.ADULT, amount_yen=300),
    ]
    make_service(db_session, name="全部無料", free=True)
    make_service(db_session, name="有料", free=False)
    db_session.flush()
    assert names(db_session, free=True, age=13) >= {"子ども無料の食堂", "全部無料"}
    assert "子ども無料の食堂" not in names(db_session, free=True, age=40)
    assert "有料" not in names(db_session, free=True)
    assert "有料" in names(db_session, max_cost=300)
    assert "有料" not in names(db_session, max_cost=200)


def test_language_accessibility_threshold_space(db_session):
    pt = make_service(db_session, name="ポルトガル語OK", threshold="reservation", space="protected")
    pt.languages = [ServiceLanguage(language="pt-BR")]
    pt.at_locations[0].location.accessibility = [LocationAccessibility(feature=AccessibilityFeature.WHEELCHAIR)]
    make_service(db_session, name="日本語だけ", threshold="drop-in", space="open")
    db_session.flush()
    assert names(db_session, language="pt-BR") == {"ポルトガル語OK"}
    assert names(db_session, accessibility=("wheelchair",)) == {"ポルトガル語OK"}
    assert "ポルトガル語OK" in names(db_session, threshold="reservation", space="protected")
    assert "ポルトガル語OK" not in names(db_session, threshold="drop-in")


def test_private_home_address_cannot_be_probed(db_session):
    make_service(db_session, name="おうちサロン", private_home=True)
    assert names(db_session, q="山田様方") == set()
    assert names(db_session, q="本町二丁目") == {"おうちサロン"}


def test_parameters_round_trip_through_the_url():
    params = parse_search_params(
        _args("q=子ども食堂&kind=salon&kind=ibasho&day=wed&time=15:00&age=13&free=1&lat=35.8&lon=139.9&radius_km=3")
    )
    assert params.kinds == ("salon", "ibasho") and params.day == 2 and params.at == time(15)
    assert parse_search_params(_args_from(params.to_query())) == params


def _args(query: str):
    from urllib.parse import parse_qsl

    from werkzeug.datastructures import MultiDict

    return MultiDict(parse_qsl(query))


def _args_from(mapping: dict):
    from werkzeug.datastructures import MultiDict

    items = []
    for key, value in mapping.items():
        items += [(key, v) for v in value] if isinstance(value, list) else [(key, str(value))]
    return MultiDict(items)


def test_entries_unconfirmed_for_18_months_leave_public_search_until_re_verified(client, db_session):
    from datetime import timedelta

    from tsunagu.db import utcnow

    fresh = make_service(db_session, name="確認済みの居場所", verified_at=utcnow() - timedelta(days=300))
    stale = make_service(db_session, name="確認切れの居場所", verified_at=utcnow() - timedelta(days=600))
    db_session.commit()
    page = client.get("/?q=居場所").get_data(as_text=True)
    assert fresh.name in page and stale.name not in page
    assert client.get(f"/api/v1/services/{stale.uuid}").status_code == 404
    stale.verified_at = utcnow()  # 「まだ正しい」 in the stale queue
    db_session.commit()
    assert stale.name in client.get("/?q=居場所").get_data(as_text=True)
