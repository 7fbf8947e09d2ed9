"""Schedules in words for people ("毎月 第2・4 水曜 15:00–19:00"), in the request's locale."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import format_time, get_locale
from flask_babel import gettext as _

from directory.models import Frequency, Schedule
from directory.schedules import parse_byday


def _day_name(weekday: int) -> str:
    return str(get_day_names("abbreviated", locale=get_locale())[weekday])


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
        names = "・".join(_day_name(weekday) for _n, weekday in days)
        if schedule.interval == 2:
            return _("隔週 %(days)s", days=names)
        return _("毎週 %(days)s", days=names)
    if freq == Frequency.MONTHLY and days:
        by_day: dict[int, list[int]] = {}
        for ordinal, weekday in days:
            by_day.setdefault(weekday, []).append(ordinal or 1)
        parts = [
            _("第%(ordinals)s %(day)s", ordinals="・".join(_ordinal(n) for n in ords), day=_day_name(weekday))
            for weekday, ords in by_day.items()
        ]
        return _("毎月 %(rule)s", rule="、".join(parts))
    if freq == Frequency.MONTHLY and schedule.bymonthday:
        return _("毎月 %(days)s日", days="・".join(schedule.bymonthday.split(",")))
    return schedule.description or _("日程は問い合わせてください")


def describe(schedule: Schedule) -> str:
    """Rule plus opening hours, e.g. "毎週 水 15:00–19:00"."""
    rule = describe_rule(schedule)
    if schedule.opens_at and schedule.closes_at:
        return _(
            "%(rule)s %(start)s–%(end)s",
            rule=rule,
            start=format_time(schedule.opens_at, "HH:mm"),
            end=format_time(schedule.closes_at, "HH:mm"),
        )
    return rule
