"""`tsunagu schedule TEXT [--from] [--count] [--json]` (DESIGN.md): how tsunagu reads a 開催日 text."""

from __future__ import annotations

import json

import pytest

from tsunagu.cli import main


def run(app, *args):
    return app.test_cli_runner().invoke(main, ["schedule", *args])


def as_json(app, *args):
    result = run(app, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_json_gives_the_rule_in_words_and_the_next_dates_from_the_start_inclusive(app):
    answer = as_json(app, "第2・4土曜 10:00～12:00", "--from", "2027-01-09", "--count", "3")
    assert answer == {
        "rule": "毎月第2・第4土曜日 10:00～12:00",
        "dates": ["2027-01-09", "2027-01-23", "2027-02-13"],
        "notes": [],
    }


@pytest.mark.parametrize(
    ("text", "start", "rule", "dates"),
    [
        # 2027-01-11 is 成人の日
        (
            "毎週月曜日（祝日休み）",
            "2027-01-01",
            "毎週月曜日（祝日は休み）",
            ["2027-01-04", "2027-01-18", "2027-01-25"],
        ),
        (
            "毎週月曜日（祝日の場合は翌日）",
            "2027-01-01",
            "毎週月曜日（祝日の場合は翌日）",
            ["2027-01-04", "2027-01-12", "2027-01-18"],
        ),
        ("毎週水曜日 8月はお休み", "2027-07-25", "毎週水曜日（8月は休み）", ["2027-07-28", "2027-09-01", "2027-09-08"]),
        (
            "毎週土曜日（年末年始を除く）",
            "2026-12-26",
            "毎週土曜日（年末年始（12/29～1/3）は休み）",
            ["2026-12-26", "2027-01-09", "2027-01-16"],
        ),
        ("毎月1日と15日", "2027-01-02", "毎月1日・15日", ["2027-01-15", "2027-02-01", "2027-02-15"]),
        ("最終金曜 0:00～0:00", "2027-01-01", "毎月最終金曜日", ["2027-01-29", "2027-02-26", "2027-03-26"]),
    ],
)
def test_holidays_months_off_and_year_end_are_applied(app, text, start, rule, dates):
    answer = as_json(app, text, "--from", start, "--count", "3")
    assert (answer["rule"], answer["dates"], answer["notes"]) == (rule, dates, [])


def test_a_week_unknown_text_gives_no_dates_and_says_so(app):
    answer = as_json(app, "月1回・日曜 11:00～15:00", "--from", "2027-01-01")
    assert answer["rule"] == "月1回・日曜日 11:00～15:00（日程は団体に確認）"
    assert answer["dates"] == []
    assert any("日程は団体に確認" in note for note in answer["notes"])


def test_text_not_understood_is_a_note_and_no_rule(app):
    answer = as_json(app, "要問合せ", "--from", "2027-01-01")
    assert answer["dates"] == []
    assert any("要問合せ" in note for note in answer["notes"])


def test_plain_output_lists_the_dates_with_weekdays(app):
    result = run(app, "毎週水曜日 15時～19時", "--from", "2027-01-01", "--count", "2")
    assert result.exit_code == 0, result.output
    assert "毎週水曜日 15:00～19:00" in result.output
    assert "2027-01-06（水）" in result.output and "2027-01-13（水）" in result.output
    assert "2027-01-20" not in result.output


def test_the_default_start_is_today_in_japan(app, monkeypatch):
    import datetime as dt

    monkeypatch.setattr("directory.schedule_command.today_in_japan", lambda: dt.date(2027, 1, 1))
    assert as_json(app, "毎日", "--count", "2")["dates"] == ["2027-01-01", "2027-01-02"]


def test_a_bad_start_date_is_a_usage_error(app):
    result = run(app, "毎日", "--from", "2027-13-01")
    assert result.exit_code == 2
    assert "--from" in result.output
