"""Readings in context for furigana: what a reader who depends on them would see wrong with per-kanji readings."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from devtools.furigana_corpus import CORPUS, NAMES, SETS, evaluate, load_names, read_corpus
from directory.catalog.name_readings import catalog_name_readings
from i18n.counters import counter_reading
from i18n.readings import refresh_user_readings, segments, set_user_readings, use_reading_source
from tests.factories import make_service

REAL = Path(__file__).resolve().parent.parent / "data" / "real"


def _read(text: str) -> str:
    return "".join(f"{base}({reading})" if reading else base for base, reading in segments(text))


@pytest.fixture(autouse=True)
def _no_known_names():
    set_user_readings([])
    yield
    set_user_readings([])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("お金はいりません", "お金(かね)はいりません"),  # not きん
        ("小さい子ども", "小(ちい)さい子(こ)ども"),  # okurigana split off, not ちー
        ("9日水曜日", "9日水曜日(ここのかすいようび)"),  # not にっすい
        ("毎月1日と2日と20日", "毎月1日(まいつきついたち)と2日(ふつか)と20日(はつか)"),
        ("1日3回", "1日(にち)3回(かい)"),  # a number of days: いちにち
        ("1人でも2人でも3人でも", "1人(ひとり)でも2人(ふたり)でも3人(にん)でも"),
        ("4時から10分", "4時(よじ)から10分(じゅっぷん)"),
        ("4月と9月と12月", "4月(しがつ)と9月(くがつ)と12月(がつ)"),
        ("(月)(木)(水)(土)", "(月(げつ))(木(もく))(水(すい))(土(ど))"),
        ("毎週月・水・金", "毎週月(まいしゅうげつ)・水(すい)・金(きん)"),
        ("生年月日と料金", "生年月日(せいねんがっぴ)と料金(りょうきん)"),  # no weekdays in 年月日, 料金
        ("NPO法人きらら", "NPO法人(ほうじん)きらら"),
        ("方書", "方書(かたがき)"),
        ("今日開いている", "今日開(きょうあ)いている"),
        ("だれでも入れる場所", "だれでも入(はい)れる場所(ばしょ)"),
        ("休館日と開所日", "休館日(きゅうかんび)と開所日(かいしょび)"),  # not ひ after a noun
        ("雨の日", "雨(あめ)の日(ひ)"),
        ("作品作りとパン作り", "作品作(さくひんづく)りとパン作(づく)り"),
        ("お菓子の家作り", "お菓子(かし)の家作(いえづく)り"),
        ("月～金の午前", "月(げつ)～金(きん)の午前(ごぜん)"),  # a range of weekdays, not つき～かね
        ("12月、土日は休み", "12月(がつ)、土日(どにち)は休(やす)み"),  # the month stays a month
        ("毎週月は会食、第3木", "毎週月(まいしゅうげつ)は会食(かいしょく)、第(だい)3木(もく)"),
        ("(株)テンポ（有）山田", "(株(かぶ))テンポ（有(ゆう)）山田(やまだ)"),  # not か (かぶしきがいしゃ cut short)
        ("受付は行っていない", "受付(うけつけ)は行(おこな)っていない"),
        ("学校へ行っている", "学校(がっこう)へ行(い)っている"),
        ("日本文化", "日本文化(にほんぶんか)"),
        ("夕食付、一部有。", "夕食付(ゆうしょくつき)、一部有(いちぶあり)。"),
        ("国際色豊か、桜色", "国際色豊(こくさいしょくゆた)か、桜色(さくらいろ)"),
        ("盲導犬・聴導犬", "盲導犬(もうどうけん)・聴導犬(ちょうどうけん)"),
        ("本人（ほごしゃ）の どうい", "本人(ほんにん)（ほごしゃ）の どうい"),  # the gloss is not read, not 本人(ほ)
        ("わからなければ 空で いいです", "わからなければ 空(から)で いいです"),
        ("水 13:00-19:00\n土 10:00-15:00", "水(すい) 13:00-19:00\n土(ど) 10:00-15:00"),
        ("ぜんぶ 訳が あります", "ぜんぶ 訳(やく)が あります"),
        ("かいさい日として", "かいさい日(び)として"),
        ("住民が主となり、家の主", "住民(じゅうみん)が主(しゅ)となり、家(いえ)の主(ぬし)"),
        ("バスで行って、調理を行って", "バスで行(い)って、調理(ちょうり)を行(おこな)って"),
        # ruby only over kanji, even inside one word: not 小・中学(しょうちゅうがく), not か月(かげつ)
        ("小・中学生", "小(しょう)・中学生(ちゅうがくせい)"),
        ("3か月ごと、1か月、2カ所", "3か月(げつ)ごと、1か月(げつ)、2カ所(しょ)"),
        ("阿佐ケ谷、霞ケ関", "阿佐(あさ)ケ谷(や)、霞(かすみ)ケ関(せき)"),  # the ケ read が takes none
        ("2024年2月から", "2024年(ねん)2月(がつ)から"),  # four digits: the counter only
        ("午後4時頃、6時頃、中旬頃", "午後4時頃(ごごよじごろ)、6時頃(じごろ)、中旬頃(ちゅうじゅんごろ)"),
        ("子どもの頃、その頃", "子(こ)どもの頃(ころ)、その頃(ころ)"),  # after の and その it stays ころ
        ("3本柱と木の柱", "3本柱(ぼんばしら)と木(き)の柱(はしら)"),
        ("奇数月と偶数月", "奇数月(きすうづき)と偶数月(ぐうすうづき)"),
        ("毎月、隔月、今月、4月", "毎月(まいつき)、隔月(かくげつ)、今月(こんげつ)、4月(しがつ)"),
        # 方 after a verb is a person (かた), but ほう when compared (方が + a word of quality)
        ("すべて満たす方、参加したい方", "すべて満(み)たす方(かた)、参加(さんか)したい方(かた)"),
        ("した方がいい、行く方が早い", "した方(ほう)がいい、行(い)く方(ほう)が早(はや)い"),
        ("他館から、他市、その他", "他館(たかん)から、他市(たし)、その他(ほか)"),  # た before a kanji
        ("駐車場:無、無料", "駐車場(ちゅうしゃじょう):無(なし)、無料(むりょう)"),  # 無 alone is なし
        ("スキー場まで", "スキー場(じょう)まで"),  # after a loanword
        ("鍋島家と田中家", "鍋島家(なべしまけ)と田中家(たなかけ)"),  # a family after a name
        ("お粥開き、2回開きます", "お粥開(かゆびら)き、2回開(かいひら)きます"),  # voiced as a noun only
        ("最初の一歩、三歩", "最初(さいしょ)の一歩(いっぽ)、三歩(さんぽ)"),  # kanji numerals with counters
        ("一日中、1年中、一晩中", "一日中(いちにちじゅう)、1年中(ねんじゅう)、一晩中(ひとばんじゅう)"),
        ("会議中、受付中", "会議中(かいぎちゅう)、受付中(うけつけちゅう)"),  # during: ちゅう
        ("設立10周年、1周年", "設立10周年(せつりつじゅっしゅうねん)、1周年(いっしゅうねん)"),
        ("身近、間近、鼻血、目次", "身近(みぢか)、間近(まぢか)、鼻血(はなぢ)、目次(もくじ)"),  # ぢ as written
        ("有酸素運動、一部有", "有酸素運動(ゆうさんそうんどう)、一部有(いちぶあり)"),  # ゆう before a kanji
        # bound for (ゆき) after a run of nouns with a place name or after a bracket; a line (ぎょう) otherwise
        (
            "多摩川住宅行で、新宿行、データ行",
            "多摩川住宅行(たまがわじゅうたくゆき)で、新宿行(しんじゅくゆき)、データ行(ぎょう)",
        ),
        ("「多摩川住宅」行きバス", "「多摩川住宅(たまがわじゅうたく)」行(ゆ)きバス"),
        # rendaku where the dictionary gives the voiced form, at the end of a compound or after a proper name
        (
            "飾り寿司を作る、さくら通りを歩く、オープン組で",
            "飾(かざ)り寿司(ずし)を作(つく)る、さくら通(どお)りを歩(ある)く、オープン組(ぐみ)で",
        ),
        ("多摩川流域、子ども部屋", "多摩川流域(たまがわりゅういき)、子(こ)ども部屋(べや)"),
        ("有料貸スペース", "有料貸(ゆうりょうかし)スペース"),  # 貸 begins 貸スペース: not がし
        # not after an address unit (the next place begins), nor where kana go on with the word: 地内 stays ち (the
        # dictionary's ジ is another reading, not a voiced ち), 子まもり こ
        (
            "丸岡町霞、2丁目地内、馬込子まもり",
            "丸岡町霞(まるおかちょうかすみ)、2丁目地内(ちょうめちない)、馬込子(まごめこ)まもり",
        ),
        # 要 (needs) stands alone where the kanji after it begins a word with the next: not 要事 (ようじ) + 前 (まえ)
        ("要事前申込、要点、要望書", "要事前申込(ようじぜんもうしこみ)、要点(ようてん)、要望書(ようぼうしょ)"),
        ("【第1期】、1通のみ、30分1枠", "【第1期(だいいっき)】、1通(いっつう)のみ、30分1枠(さんじゅっぷんひとわく)"),
    ],
)
def test_reads_words_in_context(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("digits", "counter", "expected"),
    [
        ("1", "日", ("1日", "ついたち")),
        ("14", "日", ("14日", "じゅうよっか")),
        ("15", "日", ("日", "にち")),
        ("3", "階", ("階", "がい")),
        ("20", "歳", ("20歳", "はたち")),
        ("6", "歳", ("歳", "さい")),
        ("1,500", "円", ("円", "えん")),
        ("2", "日間", ("2日間", "ふつかかん")),
        ("19", "時", ("19時", "じゅうくじ")),
        ("１", "ヶ月", ("１ヶ月", "いっかげつ")),
        ("2024", "年", ("年", "ねん")),
        ("10", "周年", ("10周年", "じゅっしゅうねん")),
        ("3", "周年", ("周年", "しゅうねん")),
        ("1", "歩", ("1歩", "いっぽ")),
        ("3", "歩", ("歩", "ぽ")),
        ("1", "通", ("1通", "いっつう")),  # letters: the number's sound changes before つ
        ("3", "通", ("通", "つう")),
        ("1", "期", ("1期", "いっき")),  # terms: 第1期 だいいっき
        ("6", "期", ("6期", "ろっき")),
        ("1", "枠", ("1枠", "ひとわく")),  # slots: native numbers for one and two
        ("2", "枠", ("2枠", "ふたわく")),
        ("3", "枠", ("枠", "わく")),
    ],
)
def test_numbers_with_counters(digits, counter, expected):
    assert counter_reading(digits, counter) == expected


def test_kana_symbols_and_latin_take_no_reading_and_pieces_join_back():
    text = "こんにちは、Tsunagu です！ 10:00〜 ☆"
    assert segments(text) == ((text, ""),)
    long = "子ども食堂は毎週水曜日に開きます。" * 400  # longer than SudachiPy takes at once
    assert "".join(base for base, _ in segments(long)) == long


def test_a_groups_name_is_read_as_its_kana_says():
    assert _read("大久野みつぼし食堂") == "大久野(おおくの)みつぼし食堂(しょくどう)"  # the analyser's guess
    set_user_readings([("大久野みつぼし食堂", "オオグノミツボシショクドウ"), ("ぐるぐる食堂", "グルグルショクドウ")])
    assert _read("大久野みつぼし食堂へ") == "大久野(おおぐの)みつぼし食堂(しょくどう)へ"
    set_user_readings(
        [("SOMPO流子ども食堂（そんぽの家S　羽田）", "ソンポリュウコドモショクドウ（ソンポノイエエス　ハネダ）")]
    )
    assert _read("SOMPO流子ども食堂（そんぽの家S　羽田）").endswith("S　羽田(はねだ)）")  # spelled letters skipped


def test_a_kana_that_does_not_fit_the_name_is_not_used():
    set_user_readings([("恵比寿じもと食堂", "エビスジモトコドモショクドウ")])  # the カナ reads more than the name
    assert _read("恵比寿じもと食堂") == "恵比寿(えびす)じもと食堂(しょくどう)"


def test_the_catalogs_names_are_known_on_the_pages(client, db_session):
    service = make_service(db_session, name="動坂ごはん")
    service.name_kana = "ドウザカゴハン"
    db_session.commit()
    assert _read("動坂ごはん") == "動坂(どうさか)ごはん"  # the analyser alone
    use_reading_source(catalog_name_readings)  # due now: the next page in やさしい日本語 reads the names again
    html = client.get(f"/services/{service.id}?lang=ja_x_easy").get_data(as_text=True)
    assert "<ruby>動坂<rp>(</rp><rt>どうざか</rt>" in html
    assert _read("動坂ごはん") == "動坂(どうざか)ごはん"


def test_corpus_accuracy_is_at_least_98_percent():
    if NAMES.exists():
        load_names(NAMES)
    sentences = read_corpus(CORPUS)
    result = evaluate(sentences)
    assert len(sentences) >= 200
    assert result.accuracy >= 0.98, result.misses
    assert evaluate(read_corpus(CORPUS.with_name("furigana_unseen.tsv"))).accuracy >= 0.95


@pytest.mark.parametrize(
    ("name", "size", "exact"),
    [
        # U1: real entry text and やさしい日本語 UI strings that were not in the corpus (304 sentences); 275 were
        # right before the fixes they led to
        ("u1", 300, 0.99),
        # U2: 84 sentences of real entry text, held out until it was measured once (76 right, 77 with word
        # boundaries ignored); its misses led to ruby over kanji only, 頃 ごろ, 柱 ばしら and 月 づき, so it is now
        # a development set
        ("u2", 80, 0.99),
        # U3: 132 sentences, held out until measured once (111 right, 122 with word boundaries ignored); it led to
        # school names read through their カナ, 29日, 何も and 【休館日】, so it is now a development set. What is
        # left: school names of 学区 columns that no file of the project gives a カナ for (加計塚, 長谷戸 …)
        ("u3", 130, 0.94),
        # U4: 200 sentences, held out until measured once (146 right as annotated, 188 with word boundaries
        # ignored); it led to the ruby rule, 方 after a verb, 周年, 身近, 一日中, 無 なし, 一歩, 他館, スキー場, 家 け
        # and お粥開き. Left: proper nouns (全但, 佐嘉, 佐賀錦)
        ("u4", 200, 0.98),
        # U5: 209 sentences of four municipalities' イベント texts, held out until measured once (188 right); its
        # 4年 notation was corrected, and it led to the counters 通, 期 and 枠, 有 ゆう before a kanji, 行 ゆき after a
        # place name, rendaku where the dictionary gives it and the prefix 要. Left: 本田 ほんでん (a proper noun)
        ("u5", 200, 0.99),
    ],
)
def test_development_sets_are_read_right(name, size, exact):
    """Exactly right under the ruby rule (touching ruby are one, applied to the expected and the output alike)."""
    if NAMES.exists():
        load_names(NAMES)
    sentences = read_corpus(SETS[name])
    result = evaluate(sentences)
    assert len(sentences) >= size
    assert result.accuracy >= exact, result.misses


def test_furigana_command_prints_readings_and_json(app):
    from tsunagu.cli import main

    runner = app.test_cli_runner()
    plain = runner.invoke(main, ["furigana", "お金は9日に"], catch_exceptions=False)
    assert plain.output.strip() == "お金(かね)は9日(ここのか)に"
    out = runner.invoke(main, ["furigana", "お金はいりません", "--json"], catch_exceptions=False)
    assert json.loads(out.output) == [
        {"text": "お", "reading": None},
        {"text": "金", "reading": "かね"},
        {"text": "はいりません", "reading": None},
    ]


def test_reading_source_failure_leaves_the_analyser(monkeypatch):
    use_reading_source(lambda: iter(()))
    refresh_user_readings(force=True)
    assert _read("お金") == "お金(かね)"


def test_ruby_stands_over_kanji_only_in_every_real_file():
    """Every text of the real open-data files (and of the Tokyo files when ../shared has them), read as a page
    would: no reading ever stands over kana or symbols (小・中学, か月, 阿佐ケ谷 each stood under one before); a
    number whose sound changes may join its counter (4時 よじ)."""
    kanji_only = re.compile("(?:[0-9０-９,，]*[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+)+")
    files = sorted(REAL.glob("*.csv")) + sorted((NAMES.parent / "tokyo").glob("*.csv"))
    texts: set[str] = set()
    for path in files:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            texts.update(
                value.strip() for row in csv.DictReader(file) for value in row.values() if isinstance(value, str)
            )
    wrong = [
        (base, text) for text in texts for base, reading in segments(text) if reading and not kanji_only.fullmatch(base)
    ]
    assert len(texts) > 500
    assert wrong == []
