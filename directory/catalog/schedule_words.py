"""Schedules in words for people ("毎月 第2・4 水曜 15:00–19:00"), in the request's locale."""

from __future__ import annotations

from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from flask_babel import gettext as _

from directory.models import Frequency, Schedule
from directory.schedules import parse_byday
from i18n.formatting import format_clock, join_list, weekday_name
from i18n.selection import ui_locale


def _day_name(weekday: int) -> str:
    return weekday_name(weekday)


def _ordinal(n: int) -> str:
    return _("最終") if n == -1 else str(n)


def describe_rule(schedule: Schedule) -> str:
    """The recurrence part of a schedule in words."""
    freq = schedule.freq
    if freq == Frequency.IRREGULAR:
        return _("不定期")
    if freq == Frequency.DAILY:
        return _("毎日")
    days = parse_byday(schedule.byday)
    if freq == Frequency.WEEKLY:
        names = join_list(_day_name(weekday) for _n, weekday in days)
        if schedule.interval == 2:
            return _("隔週 %(days)s", days=names)
        return _("毎週 %(days)s", days=names)
    if freq == Frequency.MONTHLY and days:
        by_day: dict[int, list[int]] = {}
        for ordinal, weekday in days:
            by_day.setdefault(weekday, []).append(ordinal or 1)
        parts = [
            _("第%(ordinals)s %(day)s", ordinals=join_list(_ordinal(n) for n in ords), day=_day_name(weekday))
            for weekday, ords in by_day.items()
        ]
        return _("毎月 %(rule)s", rule=join_list(parts, "、"))
    if freq == Frequency.MONTHLY and schedule.bymonthday:
        return _("毎月 %(days)s日", days=join_list(schedule.bymonthday.split(",")))
    return schedule.description or _("日程は問い合わせてください")


DESCRIBED_FIELDS = ("freq", "interval", "byday", "bymonthday", "description", "opens_at", "closes_at")
"""What `describe` reads of a schedule row (an ORM Schedule or a result list's plain row)."""


def describe(schedule: Schedule) -> str:
    """Rule plus opening hours, e.g. "毎週 水 15:00–19:00"; once per distinct rule and UI locale in a process
    (a page of results or a review asks for dozens, and real schedules repeat a few patterns)."""
    return _described(ui_locale(), tuple(getattr(schedule, name) for name in DESCRIBED_FIELDS))


@lru_cache(maxsize=4096)
def _described(_locale: str, fields: tuple[object, ...]) -> str:
    # only the fields of the key are readable here: a describe that came to read another would fail, not
    # answer from a key that leaves it out
    schedule: Any = SimpleNamespace(**dict(zip(DESCRIBED_FIELDS, fields, strict=True)))
    rule = describe_rule(schedule)
    if schedule.opens_at and schedule.closes_at:
        return _(
            "%(rule)s %(start)s–%(end)s",
            rule=rule,
            start=format_clock(schedule.opens_at),
            end=format_clock(schedule.closes_at),
        )
    return rule
