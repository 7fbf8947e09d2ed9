"""A rule in Japanese words (毎月第2・第4土曜日 10:00～12:00（祝日は休み）), for `tsunagu schedule` and matching.

The words are the catalog's own wording of a rule, generated from its fields (not the source text), so a clerk
can check how tsunagu read a 開催日 text and a coordinator can read a week-unknown schedule aloud
(月1回・日曜日 11:00～15:00（日程は団体に確認）).
"""

from __future__ import annotations

import datetime as dt

from directory.schedules.rules import (
    DAILY,
    IRREGULAR,
    JAPANESE_WEEKDAYS,
    MONTHLY,
    OBON,
    WEEKLY,
    YEAR_END,
    YEARLY,
    Rule,
    parse_byday,
    parse_except_months,
)

TO_CONFIRM = "日程は団体に確認"
"""What a week-unknown rule adds: the dates are the group's to tell."""


def _weekday_names(days: list[int]) -> str:
    return "・".join(f"{JAPANESE_WEEKDAYS[day]}曜日" for day in dict.fromkeys(days))


def _ordinal(n: int) -> str:
    return "最終" if n == -1 else (f"第{n}" if n > 0 else f"最後から{-n}番目の")


def _clock(value: dt.time | None) -> str:
    return "" if value is None else f"{value:%H:%M}"


def hours(rule: Rule) -> str:
    """ "11:00～15:00", "11:00～" or "" (no set time)."""
    if rule.opens_at is None and rule.closes_at is None:
        return ""
    return f"{_clock(rule.opens_at)}～{_clock(rule.closes_at)}"


def _days(rule: Rule) -> str:
    days = parse_byday(rule.byday)
    names = _weekday_names([day for _o, day in days])
    if rule.week_unknown:
        if rule.freq == IRREGULAR:
            how = "不定期"
        elif rule.interval > 1:
            how = f"{rule.interval}か月に{rule.per_month or 1}回"
        else:
            how = f"月{rule.per_month}回" if rule.per_month else "月に数回"
        return f"{how}・{names}" if names else how
    if rule.freq == DAILY:
        return "毎日" + (f"（{names}）" if names else "")
    if rule.freq == WEEKLY:
        return ("毎週" if rule.interval == 1 else ("隔週" if rule.interval == 2 else f"{rule.interval}週ごと")) + names
    if rule.freq == MONTHLY:
        every = "毎月" if rule.interval == 1 else f"{rule.interval}か月ごと"
        if rule.interval == 2 and rule.valid_from is not None:
            every = "偶数月" if rule.valid_from.month % 2 == 0 else "奇数月"
        if days:
            by_day: dict[int, list[int]] = {}
            for ordinal, day in days:
                by_day.setdefault(day, []).append(ordinal)
            parts = ["・".join(_ordinal(n) for n in ns) + f"{JAPANESE_WEEKDAYS[day]}曜日" for day, ns in by_day.items()]
            return every + "・".join(parts)
        monthdays = [int(d) for d in (rule.bymonthday or "").split(",") if d.strip()]
        if monthdays:
            return every + "・".join("月末" if d == -1 else f"{d}日" for d in monthdays)
        return every
    if rule.freq == YEARLY:
        return f"毎年{rule.valid_from:%-m月%-d日}" if rule.valid_from is not None else "毎年"
    return "不定期"


def exceptions(rule: Rule) -> list[str]:
    """The rule's exceptions in words: 祝日は休み, 祝日の場合は翌日, 8月は休み, 年末年始（12/29～1/3）は休み."""
    found: list[str] = []
    if rule.skip_holidays:
        found.append("祝日は休み")
    if rule.holiday_shift:
        found.append("祝日の場合は" + ("翌日" if rule.holiday_shift > 0 else "前日"))
    months = sorted(parse_except_months(rule.except_months))
    if months:
        found.append("・".join(f"{m}月" for m in months) + "は休み")
    for item in (rule.except_dates or "").split(","):
        item = item.strip()
        if not item:
            continue
        if item == YEAR_END:
            found.append("年末年始（12/29～1/3）は休み")
        elif item == OBON:
            found.append("お盆（8/13～8/16）は休み")
        else:
            found.append(f"{item.replace('/', '～')}は休み")
    return found


def describe(rule: Rule, *, with_confirm: bool = True) -> str:
    """The rule in words: days, hours, then exceptions and (week-unknown) 日程は団体に確認 in brackets."""
    words = _days(rule)
    span = hours(rule)
    if span:
        words += f" {span}"
    extra = exceptions(rule)
    if rule.week_unknown and with_confirm:
        extra.append(TO_CONFIRM)
    if rule.valid_from is not None and rule.freq != YEARLY and not (rule.freq == MONTHLY and rule.interval == 2):
        extra.append(f"{rule.valid_from:%Y/%m/%d}から")
    if rule.valid_to is not None:
        extra.append(f"{rule.valid_to:%Y/%m/%d}まで")
    if extra:
        words += "（" + "、".join(extra) + "）"
    return words
