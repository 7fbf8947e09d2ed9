"""Dated events (イベント一覧: 開始日/終了日/開始時間/終了時間) → rules, multi-day events included.

A multi-day exhibition from 9/16 13:00 to 9/20 12:00 is not an error although its end time is before its
start time: the times belong to the first and the last day. It becomes up to three DAILY rules — the first
day from the opening time, the days in between without hours, the last day until the closing time — so next
dates, "open today" and matching see every day of it with the right hours. A one-day event keeps the usual
check (終了時刻が開始時刻より前です), and 0:00～0:00 means no set time, as in `text.parse_schedule`.
"""

from __future__ import annotations

import datetime as dt

from directory.schedules.text import ParsedSchedule, RuleSpec, parse_schedule

ERROR_END_DATE_BEFORE_START = "終了日が開始日より前です (end date before start date)"


def event_schedule(
    start_date: dt.date, end_date: dt.date | None, start: str | None = None, end: str | None = None
) -> ParsedSchedule:
    """Rules of an event held from `start_date` to `end_date` (None: the same day) with its time columns."""
    last = end_date or start_date
    if last < start_date:
        return ParsedSchedule(errors=(f"{ERROR_END_DATE_BEFORE_START}: {start_date}～{last}",))
    if last == start_date:
        times = parse_schedule(None, start=start, end=end)
        first = times.rules[0] if times.rules else RuleSpec("DAILY")
        rule = RuleSpec(
            "DAILY", opens_at=first.opens_at, closes_at=first.closes_at, valid_from=start_date, valid_to=last
        )
        return ParsedSchedule((rule,), times.unparsed, times.errors)
    opening = parse_schedule(None, start=start)
    closing = parse_schedule(None, end=end)
    opens = opening.rules[0].opens_at if opening.rules else None
    closes = closing.rules[0].closes_at if closing.rules else None
    if opens == closes == dt.time(0):
        opens = closes = None  # 0:00～0:00: no set time
    rules = [RuleSpec("DAILY", opens_at=opens, valid_from=start_date, valid_to=start_date)]
    if (last - start_date).days > 1:
        rules.append(
            RuleSpec("DAILY", valid_from=start_date + dt.timedelta(days=1), valid_to=last - dt.timedelta(days=1))
        )
    rules.append(RuleSpec("DAILY", closes_at=closes, valid_from=last, valid_to=last))
    notes = " ".join(n for n in (opening.unparsed, closing.unparsed) if n) or None
    return ParsedSchedule(tuple(rules), notes, opening.errors + closing.errors)
