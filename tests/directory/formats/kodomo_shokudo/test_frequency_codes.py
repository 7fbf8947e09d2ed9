"""開催頻度 codes (directory.schedules.frequency): most real rows (code 5, 月1回) get a usable week-unknown rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory.formats.kodomo_shokudo.layout import RawRecord, detect_layout, records
from directory.formats.kodomo_shokudo.read import draft
from directory.formats.tabular import read_table
from directory.schedules.frequency import FREQUENCY_CODES, frequency_code
from tests.paths import KODOMO_SHOKUDO, PROJECT


def _rules(**values):
    entry, problems = draft(RawRecord(2, {"name": "食堂", **values}), file_name="131059_bunkyo.csv")
    assert problems == []
    return entry.place.rules, entry.place.schedule_note


def test_every_code_has_a_meaning_and_its_source_is_documented():
    import directory.schedules.frequency as module

    assert sorted(FREQUENCY_CODES) == [str(n) for n in range(1, 9)]
    assert "むすびえ" in (module.__doc__ or "")
    assert frequency_code("５") == FREQUENCY_CODES["5"]
    assert frequency_code("9") is None and frequency_code(None) is None


def test_code_5_with_a_weekday_is_monthly_on_that_weekday_with_the_week_to_confirm():
    [rule], note = _rules(frequency="5", weekdays="日", start_time="11:00", end_time="13:00")
    assert (rule.freq, rule.byday, rule.week_unknown, rule.per_month) == ("MONTHLY", "SU", True, 1)
    assert (str(rule.opens_at), str(rule.closes_at)) == ("11:00:00", "13:00:00")
    assert note.endswith("開催頻度コード 5")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1", ("WEEKLY", "MO,WE,FR", False, None)),
        ("2", ("WEEKLY", "MO,WE,FR", False, None)),
        ("3", ("WEEKLY", "MO,WE,FR", False, None)),
        ("4", ("MONTHLY", "MO,WE,FR", True, 2)),
        ("6", ("MONTHLY", "MO,WE,FR", True, 1)),
        ("8", ("IRREGULAR", "MO,WE,FR", True, None)),
    ],
)
def test_each_code_with_weekdays(code, expected):
    [rule], _note = _rules(frequency=code, weekdays="月水金")
    assert (rule.freq, rule.byday, rule.week_unknown, rule.per_month) == expected


def test_a_code_without_weekday_needs_confirming():
    [rule], _note = _rules(frequency="5", start_time="11:30", end_time="13:30")
    assert (rule.freq, rule.byday, rule.week_unknown) == ("IRREGULAR", None, False)


def test_a_date_text_that_names_the_days_wins_over_the_code():
    [rule], _note = _rules(frequency="5", weekdays="水", dates="毎月第三水曜日")
    assert (rule.freq, rule.byday, rule.week_unknown) == ("MONTHLY", "3WE", False)


def test_a_date_text_without_a_frequency_is_read_after_the_code():
    [rule], _note = _rules(frequency="5", weekdays="土", dates="非公開")
    assert (rule.freq, rule.byday, rule.week_unknown, rule.description) == ("MONTHLY", "SA", True, "非公開")


def test_most_real_code_5_rows_get_a_usable_weekday():
    """The Tokyo merged file: code-5 rows with a 開催曜日 all become rules with a weekday (dates or week-unknown)."""
    path = Path(KODOMO_SHOKUDO / "tokyo-merged-geocoded.csv")
    coded = usable = 0
    for record in records(read_table(path)):
        if record.values.get("frequency") != "5":
            continue
        entry, _problems = draft(record, file_name=path.name)
        if entry is None:
            continue
        coded += 1
        usable += any(rule.byday for rule in entry.place.rules)
    assert coded > 100
    assert usable / coded > 0.8, (usable, coded)


def test_a_note_with_the_days_dates_a_week_unknown_rule_and_stays_the_note():
    [rule], note = _rules(frequency="5", weekdays="火", schedule_notes="・開催日は第4火・社員食堂を活用")
    assert (rule.freq, rule.byday, rule.week_unknown) == ("MONTHLY", "4TU", False)
    assert "開催日は第4火" in note and note.endswith("開催頻度コード 5")
    [rule], _note = _rules(frequency="5", start_time="10:00", notes="毎月第2土曜日に開催します。")
    assert (rule.byday, str(rule.opens_at)) == ("2SA", "10:00:00")  # 備考 too, the times from their columns


@pytest.mark.parametrize(
    "values",
    [
        {"frequency": "5", "weekdays": "水", "schedule_notes": "開催日は第4火"},  # another weekday
        {"frequency": "8", "weekdays": "火", "schedule_notes": "開催日は第4火"},  # 不定期 stays 不定期
        {"frequency": "4", "weekdays": "水", "schedule_notes": "毎月第3水曜日+2回"},  # 月2回: one day is not enough
        {"frequency": "6", "weekdays": "水", "schedule_notes": "第2水曜日"},  # every other month: phase unknown
        {"frequency": "5", "weekdays": "水", "schedule_notes": "第2水曜日または第3水曜日"},
    ],
)
def test_a_note_that_does_not_fit_leaves_the_week_unknown(values):
    rules, note = _rules(**values)
    assert rules and all(rule.week_unknown or rule.freq == "IRREGULAR" for rule in rules)
    assert values["schedule_notes"] in note


def test_real_rows_with_the_days_in_their_notes_get_dates():
    """Toshima writes 「開催日は第4火」 in 開催日時特記事項 next to code 5; Saitama 「毎月第2、第4火曜日」 (code 4)."""
    dated = {}
    files = [KODOMO_SHOKUDO / "tokyo" / "131164_toshimaku_kodomosyokudo.csv"]
    files.append(PROJECT / "tests" / "data" / "real" / "11_saitama_kodomoshokudo.csv")
    for path in files:
        for record in records(read_table(path)):
            entry, _problems = draft(record, file_name=path.name)
            if entry and not record.values.get("dates") and record.values.get("frequency") in ("3", "4", "5"):
                if all(rule.freq == "MONTHLY" and not rule.week_unknown for rule in entry.place.rules):
                    dated[entry.name] = {rule.byday for rule in entry.place.rules}
    assert len(dated) >= 15, dated
    assert {"4TU"} in dated.values() and {"2TU,4TU"} in dated.values()


KANAGAWA = PROJECT / "tests" / "data" / "real" / "140007_kanagawa_kodomoshokudo.xlsx"


def _kanagawa_rows() -> list[tuple[RawRecord, object]]:
    table = read_table(Path(KANAGAWA))
    layout = detect_layout(table.header)
    found = []
    for record in records(table, layout):
        entry, _problems = draft(record, file_name=KANAGAWA.name)
        found.append((record, entry))
    return found


def test_codes_read_as_the_real_rows_of_a_second_prefecture_say():
    """神奈川県's published workbook (tests/data/real/SOURCES.md): its 開催日時特記事項 names the days of most
    coded rows, which is how the meanings in directory.schedules.frequency were checked (code 3 = 週に1回)."""
    rows = [(r.values.get("frequency"), r.values.get("schedule_notes") or "", e) for r, e in _kanagawa_rows()]
    weekly_3 = [(text, e) for code, text, e in rows if code == "3" and text.startswith("毎週")]
    assert len(weekly_3) == 7
    for _text, entry in weekly_3:
        [rule] = entry.place.rules
        assert (rule.freq, rule.week_unknown) == ("WEEKLY", False)
        assert "月2回" not in (entry.place.schedule_note or "")  # the code no longer contradicts the text
    twice = [e for code, text, e in rows if code == "4" and text.count("第") == 2]
    assert len(twice) == 20 and all(len(e.place.rules[0].byday.split(",")) == 2 for e in twice)
    # 「第4木曜日、開催時間不定期」: the hours vary, the day does not
    [rule] = next(e for _code, text, e in rows if text == "第4木曜日、開催時間不定期").place.rules
    assert (rule.freq, rule.byday, rule.week_unknown) == ("MONTHLY", "4TH", False)
