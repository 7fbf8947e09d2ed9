"""Japanese schedule text → rules, on the patterns of the 子ども食堂 open data and on real strings from it.

Rules are compared as one-line summaries "FREQ interval byday bymonthday opens-closes" ("-" for None) so a
table row reads like the schedule it describes; the Japanese exceptions follow only when set: "week?N"
(week unknown, about N times a month), "-holidays" (祝日は休み), "holiday+1" (祝日の場合は翌日),
"-months:8", "-dates:12-29/01-03".
"""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directory.schedules import IRREGULAR, JAPANESE_WEEKDAYS, WEEKDAY_CODES, Rule, occurrences, parse_byday
from directory.schedules.text import (
    ERROR_BAD_TIME,
    ERROR_END_BEFORE_START,
    ERROR_OVERNIGHT,
    ParsedSchedule,
    RuleSpec,
    parse_schedule,
)


def _clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def summary(spec: RuleSpec) -> str:
    times = f"{_clock(spec.opens_at)}-{_clock(spec.closes_at)}"
    extras = []
    if spec.week_unknown:
        extras.append(f"week?{spec.per_month or ''}")
    if spec.skip_holidays:
        extras.append("-holidays")
    if spec.holiday_shift:
        extras.append(f"holiday{spec.holiday_shift:+d}")
    if spec.except_months:
        extras.append(f"-months:{spec.except_months}")
    if spec.except_dates:
        extras.append(f"-dates:{spec.except_dates}")
    return " ".join([f"{spec.freq} {spec.interval} {spec.byday or '-'} {spec.bymonthday or '-'} {times}", *extras])


def summaries(parsed: ParsedSchedule) -> list[str]:
    return [summary(spec) for spec in parsed.rules]


# --- the patterns the importer and the registration form must understand -------------------------------------

PATTERNS = [
    ("毎週水曜日", "WEEKLY 1 WE - -"),
    ("毎週月・水・金", "WEEKLY 1 MO,WE,FR - -"),
    ("月火水木金", "WEEKLY 1 MO,TU,WE,TH,FR - -"),
    ("月〜金", "WEEKLY 1 MO,TU,WE,TH,FR - -"),
    ("月～金", "WEEKLY 1 MO,TU,WE,TH,FR - -"),
    ("平日", "WEEKLY 1 MO,TU,WE,TH,FR - -"),
    ("土日", "WEEKLY 1 SA,SU - -"),
    ("土・日", "WEEKLY 1 SA,SU - -"),
    ("毎日", "DAILY 1 - - -"),
    ("第2・4水曜日", "MONTHLY 1 2WE,4WE - -"),
    ("第2、第4水曜", "MONTHLY 1 2WE,4WE - -"),
    ("第２・第４水曜日", "MONTHLY 1 2WE,4WE - -"),
    ("毎月第3土曜日", "MONTHLY 1 3SA - -"),
    ("毎月第三水曜日", "MONTHLY 1 3WE - -"),
    ("最終日曜日", "MONTHLY 1 -1SU - -"),
    ("第4・最終土曜", "MONTHLY 1 4SA,-1SA - -"),
    ("毎月15日", "MONTHLY 1 - 15 -"),
    ("毎月1日・15日", "MONTHLY 1 - 1,15 -"),
    ("月末", "MONTHLY 1 - -1 -"),
    ("隔週土曜日", "WEEKLY 2 SA - -"),
    ("毎週水曜 15時～19時", "WEEKLY 1 WE - 15:00-19:00"),
    ("毎週水曜 15:00〜19:00", "WEEKLY 1 WE - 15:00-19:00"),
    ("毎週水曜 １５：００－１９：００", "WEEKLY 1 WE - 15:00-19:00"),
    ("毎週水曜 午後3時から7時", "WEEKLY 1 WE - 15:00-19:00"),
    ("毎週水曜 10時半～12時", "WEEKLY 1 WE - 10:30-12:00"),
    ("毎週水曜 17:00~", "WEEKLY 1 WE - 17:00-"),
    ("月〜金（水曜休み）", "WEEKLY 1 MO,TU,TH,FR - -"),
    ("週2回(火・金)", "WEEKLY 1 TU,FR - -"),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS)
def test_patterns_give_one_rule_and_nothing_left_over(text: str, expected: str) -> None:
    parsed = parse_schedule(text)
    assert summaries(parsed) == [expected]
    assert parsed.unparsed is None
    assert parsed.errors == ()
    assert parsed.rules[0].description == text


@pytest.mark.parametrize("text", ["月1回", "月2回", "不定期", "年10回", "月1～2回"])
def test_counts_without_days_are_irregular_and_keep_the_text(text: str) -> None:
    parsed = parse_schedule(text)
    assert summaries(parsed) == ["IRREGULAR 1 - - -"]
    assert parsed.unparsed == text
    assert parsed.errors == ()


def test_a_count_with_a_weekday_is_week_unknown_it_keeps_the_day_but_promises_no_date() -> None:
    parsed = parse_schedule("月1回 土曜日 10時30分～")
    assert summaries(parsed) == ["MONTHLY 1 SA - 10:30- week?1"]
    assert parsed.unparsed == "月1回 土曜日 10時30分～"
    rule = parsed.rules[0].to_rule()
    assert list(occurrences(rule, date(2026, 1, 1), date(2026, 12, 31))) == []
    assert rule.weekdays == {5}


def test_a_count_with_an_ordinal_is_monthly() -> None:
    assert summaries(parse_schedule("月1回 第3土曜日")) == ["MONTHLY 1 3SA - -"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("毎週水曜日 年末年始休み", "WEEKLY 1 WE - - -dates:12-29/01-03"),
        ("毎週水曜日（祝日休み）", "WEEKLY 1 WE - - -holidays"),
        ("毎週月曜日（祝日・年末年始は休み）", "WEEKLY 1 MO - - -holidays -dates:12-29/01-03"),
        ("毎週月曜日 祝日の場合は翌日", "WEEKLY 1 MO - - holiday+1"),
        ("第1土曜日（8月はお休み）", "MONTHLY 1 1SA - - -months:8"),
        ("第1日曜日 8月・12月はお休み", "MONTHLY 1 1SU - - -months:8,12"),
    ],
)
def test_closures_are_rules_not_notes(text: str, expected: str) -> None:
    parsed = parse_schedule(text)
    assert summaries(parsed) == [expected]
    assert parsed.unparsed is None
    assert parsed.errors == ()


@pytest.mark.parametrize(("text", "note"), [("原則第3日曜日（要問合せ）", "原則第3日曜日 要問合せ")])
def test_closures_and_remarks_are_notes_not_errors(text: str, note: str) -> None:
    parsed = parse_schedule(text)
    assert parsed.rules and parsed.rules[0].freq != IRREGULAR
    assert parsed.unparsed == note
    assert parsed.errors == ()


@pytest.mark.parametrize("separator", ["、", "／", "。", "\n"])
def test_several_schedules_in_one_text_keep_their_own_times(separator: str) -> None:
    parsed = parse_schedule(f"第1土曜 10時～12時{separator}第3水曜 15時～17時")
    assert summaries(parsed) == ["MONTHLY 1 1SA - 10:00-12:00", "MONTHLY 1 3WE - 15:00-17:00"]


def test_a_second_frequency_word_starts_a_second_schedule() -> None:
    parsed = parse_schedule("開催日は第3木・毎週月は18:00~21:00に会食も実施")
    assert summaries(parsed) == ["MONTHLY 1 3TH - -", "WEEKLY 1 MO - 18:00-21:00"]


# --- the separate 開催曜日 / 開始時間 / 終了時間 columns ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weekdays", "expected"),
    [
        ("毎週", "月火水木金", "WEEKLY 1 MO,TU,WE,TH,FR - -"),
        ("毎週", "日", "WEEKLY 1 SU - -"),
        (None, "土・日", "WEEKLY 1 SA,SU - -"),
        ("", "水曜日", "WEEKLY 1 WE - -"),
        ("第2・4", "水", "MONTHLY 1 2WE,4WE - -"),
        ("毎月第３", "水曜日", "MONTHLY 1 3WE - -"),
        ("月2", "日", "MONTHLY 1 SU - - week?2"),
        ("毎週水曜日", "金", "WEEKLY 1 WE - -"),  # the text names the day: it is more specific than the column
    ],
)
def test_weekday_column_fills_the_text(text: str | None, weekdays: str, expected: str) -> None:
    assert summaries(parse_schedule(text, weekdays=weekdays)) == [expected]


def test_weekday_column_with_a_frequency_not_understood_claims_no_dates() -> None:
    parsed = parse_schedule("5", weekdays="土")  # a 開催頻度 code the parser cannot know the meaning of
    assert summaries(parsed) == ["IRREGULAR 1 SA - - week?"]  # the day is known, the dates are not
    assert parsed.unparsed == "5"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("15:00", "19:00"),
        ("15時", "19時"),
        ("1500", "1900"),
        ("15:00:00", "19:00:00"),
        ("１５：００", "１９時"),
        ("午後3時", "午後7時"),
    ],
)
def test_time_columns_in_every_spelling(start: str, end: str) -> None:
    parsed = parse_schedule(None, weekdays="水", start=start, end=end)
    assert summaries(parsed) == ["WEEKLY 1 WE - 15:00-19:00"]
    assert parsed.errors == ()


def test_empty_time_columns_mean_no_times() -> None:
    assert summaries(parse_schedule("毎週水曜日", start="", end=None)) == ["WEEKLY 1 WE - -"]


def test_times_in_the_text_win_over_the_columns() -> None:
    parsed = parse_schedule("第2・4水曜日 15時～19時", start="10:00", end="12:00")
    assert summaries(parsed) == ["MONTHLY 1 2WE,4WE - 15:00-19:00"]


def test_a_time_column_with_an_alternative_keeps_it_as_a_note() -> None:
    parsed = parse_schedule(None, weekdays="土", start="午前10時(又は午後5時)", end="午後1時(又は午後7時)")
    assert summaries(parsed) == ["WEEKLY 1 SA - 10:00-13:00"]
    assert parsed.unparsed == "午前10時(又は午後5時) 午後1時(又は午後7時)"


def test_a_time_column_without_digits_is_a_note() -> None:
    parsed = parse_schedule("毎週", weekdays="水", end="非公開")
    assert summaries(parsed) == ["WEEKLY 1 WE - -"]
    assert parsed.unparsed == "非公開"
    assert parsed.errors == ()


# --- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "expected"),
    [
        ({"text": "毎週水曜 19時～15時"}, ERROR_END_BEFORE_START, "WEEKLY 1 WE - 19:00-"),
        ({"text": "毎週水曜 22時～翌1時"}, ERROR_OVERNIGHT, "WEEKLY 1 WE - 22:00-"),
        ({"text": "毎週水曜 25時～26時"}, ERROR_BAD_TIME, "WEEKLY 1 WE - -"),
        ({"text": "第3水曜日", "start": "18:00", "end": "17:30"}, ERROR_END_BEFORE_START, "MONTHLY 1 3WE - 18:00-"),
        ({"text": "第3水曜日", "start": "15時", "end": "15時"}, ERROR_END_BEFORE_START, "MONTHLY 1 3WE - 15:00-"),
        ({"text": "第3水曜日", "start": "15:00", "end": "25:00"}, ERROR_BAD_TIME, "MONTHLY 1 3WE - 15:00-"),
    ],
)
def test_errors_are_reported_and_the_rule_keeps_what_is_right(
    kwargs: dict[str, str], error: str, expected: str
) -> None:
    parsed = parse_schedule(**kwargs)
    assert summaries(parsed) == [expected]
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith(error)
    parsed.rules[0].to_rule()  # still a valid rule


def test_error_messages_are_japanese_with_english_in_parentheses() -> None:
    for message in (ERROR_BAD_TIME, ERROR_END_BEFORE_START, ERROR_OVERNIGHT):
        japanese, english = message.split(" (")
        assert japanese and english.endswith(")") and english.isascii()


@pytest.mark.parametrize("text", [None, "", "   ", "非公開", "要問合せ"])
def test_nothing_understood_gives_no_rule_and_keeps_the_text(text: str | None) -> None:
    parsed = parse_schedule(text)
    assert parsed.rules == ()
    assert parsed.unparsed == ((text or "").strip() or None)


def test_even_months_are_anchored_on_an_even_month() -> None:
    spec = parse_schedule("偶数月の第３土曜日").rules[0]
    assert summary(spec) == "MONTHLY 2 3SA - -"
    months = {o.date.month for o in occurrences(spec.to_rule(), date(2026, 1, 1), date(2026, 12, 31))}
    assert months == {2, 4, 6, 8, 10, 12}


# --- real strings from /work/shared/data/kodomo-shokudo/tokyo (開催日 and 開催日時特記事項 columns) -----------------
# (text, 開催曜日 column, expected rules, whether a note is left). Of the 89 distinct 開催日 strings, 59 give at least
# one rule that is not IRREGULAR on their own (61 with their row's 開催曜日: 毎週 + 月, 毎月第３ + 水曜日); 88 give
# some rule; the rest are counts (月1回…), 不定期 or alternatives, kept as notes.

REAL = [
    ("第2・4水曜日 15時～19時", None, ["MONTHLY 1 2WE,4WE - 15:00-19:00"], False),
    ("第3水曜日 17時30分～19時30分", None, ["MONTHLY 1 3WE - 17:30-19:30"], False),
    ("毎週月曜・木曜\u300017時～19時", None, ["WEEKLY 1 MO,TH - 17:00-19:00"], False),
    ("第4金曜日\u300017時30分～18時", None, ["MONTHLY 1 4FR - 17:30-18:00"], False),
    ("第2火曜・第4木曜\u300014時～", None, ["MONTHLY 1 2TU,4TH - 14:00-"], False),
    ("平日\u300015時30分～", None, ["WEEKLY 1 MO,TU,WE,TH,FR - 15:30-"], False),
    ("2ヶ月に1回\u3000第2火曜日\u300016時～18時", None, ["MONTHLY 2 2TU - 16:00-18:00"], False),
    ("第2・第4土曜日\u300013時～", None, ["MONTHLY 1 2SA,4SA - 13:00-"], False),
    ("第1水曜日\u300017時00分～", None, ["MONTHLY 1 1WE - 17:00-"], False),
    ("第1火曜日\u300015時50分～17時30分", None, ["MONTHLY 1 1TU - 15:50-17:30"], False),
    ("第2水曜日他\u300015時～17時", None, ["MONTHLY 1 2WE - 15:00-17:00"], True),
    ("第2水曜・第4水曜\u300015時～", None, ["MONTHLY 1 2WE,4WE - 15:00-"], False),
    ("第3日曜日\u300012時～15時30分", None, ["MONTHLY 1 3SU - 12:00-15:30"], False),
    ("毎月第三水曜日", "水", ["MONTHLY 1 3WE - -"], False),
    ("毎月第二火曜日、第四木曜日", "火木", ["MONTHLY 1 2TU,4TH - -"], False),
    ("毎週月、水、金曜日", "月水金", ["WEEKLY 1 MO,WE,FR - -"], False),
    ("毎月第三火曜日とその直後の木曜日", "火木", ["MONTHLY 1 3TU - -"], True),
    ("毎月最終金曜日", "金", ["MONTHLY 1 -1FR - -"], False),
    ("毎月第一火曜日", "火", ["MONTHLY 1 1TU - -"], False),
    ("毎月第2・第4土曜日", "土", ["MONTHLY 1 2SA,4SA - -"], False),
    ("毎月第１第３木曜日", None, ["MONTHLY 1 1TH,3TH - -"], False),
    ("第２金曜日", None, ["MONTHLY 1 2FR - -"], False),
    ("毎日", None, ["DAILY 1 - - -"], False),
    ("偶数月の第３土曜日", "木", ["MONTHLY 2 3SA - -"], False),
    ("奇数月の第2水曜日", None, ["MONTHLY 2 2WE - -"], False),
    ("毎月第2・4火曜日", None, ["MONTHLY 1 2TU,4TU - -"], False),
    ("いちごの日と肉の日(15日・29日）", None, ["MONTHLY 1 - 15,29 -"], True),
    ("毎月最終土曜日", None, ["MONTHLY 1 -1SA - -"], False),
    ("第1～3土曜日", None, ["MONTHLY 1 1SA,2SA,3SA - -"], False),
    ("原則第3日曜日（要問合せ）", None, ["MONTHLY 1 3SU - -"], True),
    ("第１土曜日\n第3土曜日", "土", ["MONTHLY 1 1SA,3SA - -"], False),
    ("第２日曜日、第４土曜日", "日土", ["MONTHLY 1 4SA,2SU - -"], False),
    ("毎月12日", None, ["MONTHLY 1 - 12 -"], False),
    ("毎週水曜日", "水", ["WEEKLY 1 WE - -"], False),
    ("開催日は毎月第1土曜日", None, ["MONTHLY 1 1SA - -"], False),
    ("土曜日は、10:00～19:00", None, ["WEEKLY 1 SA - 10:00-19:00"], False),
    (
        "第2火曜日 17：30～\u3000第2金曜日 18：00～\u3000第3土曜日 10：00～\u3000第4土曜日 12：00～",
        None,
        ["MONTHLY 1 2TU - 17:30-", "MONTHLY 1 2FR - 18:00-", "MONTHLY 1 3SA - 10:00-", "MONTHLY 1 4SA - 12:00-"],
        False,
    ),
    (
        "毎週火曜日～木曜日 11：30～18：00\u3000毎週金曜日～土曜日 11：30～20：00(15～17時休憩）\u3000"
        "第4日曜日 12：00～(お弁当配布のみ)",
        None,
        ["WEEKLY 1 TU,WE,TH - 11:30-18:00", "WEEKLY 1 FR,SA - 11:30-20:00", "MONTHLY 1 4SU - 12:00-"],
        True,
    ),
    (
        "第2火曜日\u3000(1)17：00～18：00\u3000(2)18：00～19：00",
        None,
        ["MONTHLY 1 2TU - 17:00-18:00", "MONTHLY 1 2TU - 18:00-19:00"],
        False,
    ),
    (
        "毎月第3火曜日二部制 1回目午後5:30～6:15 2回目午後6:30～7:15",
        None,
        ["MONTHLY 1 3TU - 17:30-18:15", "MONTHLY 1 3TU - 18:30-19:15"],
        True,
    ),
    # counts, 不定期 and alternatives: week-unknown with a weekday, else IRREGULAR; the text kept as the note
    ("月1回\u300017時～19時", None, ["IRREGULAR 1 - - 17:00-19:00"], True),
    ("月1回土曜日\u300016時～19時", None, ["MONTHLY 1 SA - 16:00-19:00 week?1"], True),
    ("月2回日曜日\u300013時～", None, ["MONTHLY 1 SU - 13:00- week?2"], True),
    ("月1、2回\u300010時～", None, ["IRREGULAR 1 - - 10:00-"], True),
    ("月１回金曜日\u300017時30分～", None, ["MONTHLY 1 FR - 17:30- week?1"], True),
    ("年10回\u300016時～19時", None, ["IRREGULAR 1 - - 16:00-19:00"], True),
    ("不定期開催\u300010時～", None, ["IRREGULAR 1 - - 10:00-"], True),
    ("月2回不定期\u300016時30分～18時", None, ["IRREGULAR 1 - - 16:30-18:00"], True),
    ("土曜の不定期開催", None, ["IRREGULAR 1 SA - - week?"], True),
    ("毎月第４または第５金曜日", None, ["MONTHLY 1 FR - - week?1"], True),
    ("木曜日（第3もしくは第4）", "木", ["MONTHLY 1 TH - - week?1"], True),
    ("第3水曜日もしくは木曜日", None, ["MONTHLY 1 WE,TH - - week?1"], True),
    ("原則第2・4金曜日だが変動あり", None, ["MONTHLY 1 FR - - week?2"], True),
    ("月2", "日", ["MONTHLY 1 SU - - week?2"], True),
    ("不定", "水木", ["IRREGULAR 1 WE,TH - - week?"], True),
    ("午前11:30～午後2:00 午後4:00～7:30", None, ["IRREGULAR 1 - - 11:30-14:00", "IRREGULAR 1 - - 16:00-19:30"], True),
    ("非公開", None, [], True),
    ("要問合せ", None, [], True),
    ("固定された開催曜日及び日時はないものの、月に１回のペースで開催", None, [], True),
]


@pytest.mark.parametrize(("text", "weekdays", "expected", "has_note"), REAL)
def test_real_open_data_strings(text: str, weekdays: str | None, expected: list[str], has_note: bool) -> None:
    parsed = parse_schedule(text, weekdays=weekdays)
    assert summaries(parsed) == expected
    assert (parsed.unparsed is not None) == has_note
    assert parsed.errors == ()
    for spec in parsed.rules:
        spec.to_rule()


def test_real_end_before_start_row_is_an_error() -> None:
    parsed = parse_schedule("毎月第３", weekdays="水曜日", start="18:00", end="17:30")  # 開催日/曜日/時間 as published
    assert summaries(parsed) == ["MONTHLY 1 3WE - 18:00-"]
    assert parsed.errors == (f"{ERROR_END_BEFORE_START}: 18:00～17:30",)


# --- properties ---------------------------------------------------------------------------------------------------

_DAY = st.sampled_from(list(JAPANESE_WEEKDAYS))
_DAYS = st.lists(_DAY, min_size=1, max_size=4, unique=True).map("・".join)
_ORDINALS = st.lists(st.sampled_from(["1", "2", "3", "4", "5", "最終", "２", "三"]), min_size=1, max_size=3).map(
    lambda items: "第" + "・".join(items)
)
_HOUR = st.integers(min_value=0, max_value=30)
_TIMES = st.one_of(
    st.just(""),
    st.builds(lambda a, b: f" {a}時～{b}時", _HOUR, _HOUR),
    st.builds(lambda a, m, b: f" {a}:{m:02d}〜{b}:00", _HOUR, st.integers(0, 59), _HOUR),
    st.builds(lambda a: f" 午後{a}時から", st.integers(0, 12)),
)
_DAY_PART = st.one_of(
    st.builds(lambda d: f"毎週{d}曜日", _DAYS),
    st.builds(lambda d: f"隔週{d}曜", _DAYS),
    st.builds(lambda o, d: f"毎月{o}{d}曜日", _ORDINALS, _DAY),
    st.builds(lambda d: f"毎月{d}日", st.integers(1, 31)),
    st.sampled_from(["毎日", "平日", "月〜金", "土日", "月1回", "不定期", "月末"]),
)
_TEXT = st.lists(st.builds(str.__add__, _DAY_PART, _TIMES), min_size=1, max_size=3).map("、".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.one_of(st.none(), _DAYS))
def test_every_parsed_rule_is_valid_and_falls_on_its_weekdays(text: str, weekdays: str | None) -> None:
    parsed = parse_schedule(text, weekdays=weekdays)
    assert parsed.rules
    for spec in parsed.rules:
        rule = spec.to_rule()
        assert isinstance(rule, Rule)
        allowed = {weekday for _ordinal, weekday in parse_byday(spec.byday)}
        for occurrence in occurrences(rule, date(2026, 1, 1), date(2026, 12, 31)):
            assert not allowed or occurrence.date.weekday() in allowed
        if spec.byday:
            assert all(code[-2:] in WEEKDAY_CODES for code in spec.byday.split(","))


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("第1234５毎週月火水木金土日曜隔不定期回時分半～:、・／ 午後から翌")), max_size=30
    )
)
def test_any_text_parses_without_raising_into_valid_rules(text: str) -> None:
    parsed = parse_schedule(text, start="15:00", end="19:00")
    for spec in parsed.rules:
        spec.to_rule()
