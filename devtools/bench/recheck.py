"""An independent re-check of match answers: every hard constraint from ORM rows, none of the engine's code.

Dates come from `dateutil.rrule` (RFC 5545) and Japanese public holidays from the `holidays` library, not from
`directory.schedules`; distances from the spherical law of cosines, not the engine's haversine; costs, ages
and languages read straight off the rows. A household profile is checked for the members each suggestion says
attend (all of them when it names none).

Conventions the data leaves open are taken from the data model's documentation (`directory.models.Schedule`),
not the engine: a rule without a start date counts its intervals from Monday 2024-01-01; `skip_holidays` (or a
text saying 祝日 … 休み) means no meeting on public holidays, `holiday_shift` moves a holiday's meeting to the
next (1) or previous (-1) day, `except_months` ("8,12") and `except_dates` ("12-29/01-03,2027-05-05") are days
off; a `week_unknown` row (月1回・日曜) names no date, so it is met when its weekday and hours meet a window.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import holidays
from dateutil import rrule
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from directory.models import EntryStatus, HsdsStatus, Location, Schedule, Service, ServiceAtLocation
from tsunagu.spatial import lon_lat

WEEKS = 8
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
INTERVAL_ANCHOR = dt.date(2024, 1, 1)
"""DTSTART of a rule without `valid_from` (the data model's documented convention)."""
_FREQ = {"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY}
_WEEKDAY = dict(zip(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), rrule.weekdays, strict=True))
_BYDAY = re.compile(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)")
_EASY = {"ja-easy", "ja-x-easy"}


def _byweekday(row: Schedule) -> list[Any] | None:
    found = _BYDAY.findall((row.byday or "").upper())
    if not found:
        return None
    monthly = str(row.freq.value if hasattr(row.freq, "value") else row.freq) == "MONTHLY"
    return [_WEEKDAY[day](int(n)) if n and monthly else _WEEKDAY[day] for n, day in found]


def _public_holidays(start: dt.date, end: dt.date) -> set[dt.date]:
    return {
        day for day in holidays.country_holidays("JP", years=range(start.year, end.year + 1)) if start <= day <= end
    }


def _in_month_day_range(day: dt.date, first: str, last: str) -> bool:
    key, lo, hi = f"{day.month:02d}-{day.day:02d}", first.zfill(5), last.zfill(5)
    return lo <= key <= hi if lo <= hi else key >= lo or key <= hi  # 12-29/01-03 wraps the new year


def _excepted(row: Schedule, day: dt.date) -> bool:
    """A day off by the row's `except_months` / `except_dates` columns."""
    months = {int(m) for m in re.findall(r"\d+", row.except_months or "")}
    if day.month in months:
        return True
    for item in filter(None, (part.strip() for part in (row.except_dates or "").split(","))):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
            if dt.date.fromisoformat(item) == day:
                return True
            continue
        first, _, last = item.partition("/")
        if _in_month_day_range(day, first, last or first):
            return True
    return False


def _closed_days(row: Schedule, start: dt.date, end: dt.date) -> set[dt.date]:
    """Public holidays when the row skips them (its column, or its own text saying so), and 年末年始 in its text."""
    text = f"{row.description or ''} {row.notes or ''}"
    closed: set[dt.date] = set()
    if row.skip_holidays or ("祝" in text and "休" in text):
        closed |= _public_holidays(start, end)
    if "年末年始" in text:
        closed |= {d for d in _days(start, end) if (d.month, d.day) >= (12, 29) or (d.month, d.day) <= (1, 3)}
    return closed


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def meeting_dates(row: Schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates in [start, end] a schedule row meets on, by dateutil's RFC 5545 reading of it."""
    freq = str(row.freq.value if hasattr(row.freq, "value") else row.freq)
    if freq not in _FREQ:
        return []  # 不定期: no date can be named
    interval = row.interval or 1
    dtstart = row.valid_from or (start if interval == 1 and freq != "YEARLY" else INTERVAL_ANCHOR)
    monthdays = [int(d) for d in re.findall(r"-?\d+", row.bymonthday or "")] or None
    rule = rrule.rrule(
        _FREQ[freq],
        interval=interval,
        dtstart=dt.datetime.combine(dtstart, dt.time()),
        byweekday=_byweekday(row) if freq != "YEARLY" else None,
        bymonthday=monthdays if freq != "YEARLY" else None,
        until=dt.datetime.combine(min(end, row.valid_to or end), dt.time()),
        cache=False,
    )
    closed = _closed_days(row, start, end)
    found = rule.between(dt.datetime.combine(start, dt.time()), dt.datetime.combine(end, dt.time()), inc=True)
    dates = [moment.date() for moment in found]
    if row.holiday_shift:  # 祝日の場合は翌日 (1) / 前日 (-1)
        public = _public_holidays(start - dt.timedelta(days=7), end + dt.timedelta(days=7))
        shifted = []
        for date in dates:
            while date in public:
                date += dt.timedelta(days=row.holiday_shift)
            shifted.append(date)
        dates = shifted
    return [date for date in dates if date not in closed and not _excepted(row, date) and start <= date <= end]


def schedule_met(rows: list[Schedule], available: list[dict[str, str]], today: dt.date) -> bool:
    """Some meeting in the next WEEKS weeks falls on a free day and overlaps its hours."""
    windows = [
        (DAYS.index(w["day"]), dt.time.fromisoformat(w.get("start", "00:00")), _end(w.get("end", "24:00")))
        for w in available
    ] or [(day, dt.time(0), dt.time(23, 59, 59)) for day in range(7)]
    end = today + dt.timedelta(days=WEEKS * 7 - 1)
    for row in rows:
        opens, closes = row.opens_at or dt.time(0), row.closes_at or dt.time(23, 59, 59)
        if row.week_unknown:  # 月1回・日曜: no date to name; its weekday and hours must meet a window
            days = {rrule.weekdays.index(_WEEKDAY[day]) for _n, day in _BYDAY.findall((row.byday or "").upper())}
            if any(day in days and opens < stop and begin < closes for day, begin, stop in windows):
                return True
            continue
        for date in meeting_dates(row, today, end):
            if any(date.weekday() == day and opens < stop and begin < closes for day, begin, stop in windows):
                return True
    return False


def _end(value: str) -> dt.time:
    return dt.time(23, 59, 59) if value.startswith("24") else dt.time.fromisoformat(value)


def cosine_law_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle metres by the spherical law of cosines (the engine uses haversine)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6_371_008.8 * math.acos(max(-1.0, min(1.0, cos)))


def _band(age: int | None) -> str | None:
    if age is None:
        return None
    for limit, band in ((6, "infant"), (12, "elementary"), (15, "junior_high"), (18, "high_school")):
        if age < limit:
            return band
    return "adult"


def visit_cost(service: Service, ages: list[int | None]) -> int | None:
    """One visit for these people together (their band's dearest row, else every row's); None if unknown."""
    total = 0
    for age in ages:
        rows = [c for c in service.costs if str(c.age_band) == _band(age)] or list(service.costs)
        if not rows or any(not c.is_free and c.amount_yen is None for c in rows):
            return None
        total += max(0 if c.is_free else c.amount_yen or 0 for c in rows)
    return total


def _speaks(profile: dict[str, Any], service: Service) -> bool:
    langs = [lang.lower() for lang in profile.get("languages") or []]
    langs += [lang.lower() for m in profile.get("household") or [] for lang in m.get("languages") or []]
    if not langs or any(lang.split("-")[0] == "ja" and lang not in _EASY for lang in langs):
        return True
    spoken = {lang.language.lower() for lang in service.languages} or {"ja"}
    for lang in langs:
        if lang in _EASY and spoken & _EASY:
            return True
        if lang not in _EASY and any(s.split("-")[0] == lang.split("-")[0] and s not in _EASY for s in spoken):
            return True
    return False


def _ages(profile: dict[str, Any], attending: list[int] | None) -> list[int | None]:
    members = profile.get("household")
    if not members:
        return [profile.get("age")]
    chosen = attending if attending else range(len(members))
    return [members[n].get("age") for n in chosen]


def _service_rows(session: Session, ids: list[int]) -> list[Service]:
    return list(
        session.scalars(
            select(Service)
            .where(Service.id.in_(ids))
            .options(
                selectinload(Service.schedules),
                selectinload(Service.costs),
                selectinload(Service.languages),
                selectinload(Service.at_locations)
                .selectinload(ServiceAtLocation.location)
                .selectinload(Location.accessibility),
            )
        ).all()
    )


def violations(
    session: Session, profile: dict[str, Any], suggestions: list[tuple[int, list[int] | None]], today: dt.date
) -> list[str]:
    """Every hard constraint broken by a suggestion, as "service 12: cost" lines (empty: none broken).

    `suggestions` are (service id, attending member indexes or None) pairs, as `match --json` reports them.
    """
    problems = []
    attending = dict(suggestions)
    for service in _service_rows(session, list(attending)):
        broken = []
        ages = _ages(profile, attending[service.id])
        if service.status != EntryStatus.PUBLISHED or service.hsds_status != HsdsStatus.ACTIVE:
            broken.append("status")
        for age in ages:
            low, high = service.minimum_age, service.maximum_age
            if (age is None and (low is not None or high is not None)) or (
                age is not None and ((low is not None and age < low) or (high is not None and age > high))
            ):
                broken.append("age")
        home = profile["home"]
        points = [lon_lat(link.location.point) for link in service.at_locations if link.location.point is not None]
        metres = [cosine_law_m(home["lat"], home["lon"], p[1], p[0]) for p in points if p]
        if not metres or min(metres) > profile.get("max_distance_km", 10) * 1000 + 1:
            broken.append("distance")
        if service.openings is not None and service.openings <= 0:
            broken.append("capacity")
        ceiling = profile.get("max_cost_yen")
        cost = visit_cost(service, ages)
        if ceiling is not None and (cost is None or cost > ceiling):
            broken.append("cost")
        if not _speaks(profile, service):
            broken.append("language")
        features = {
            str(f.feature) for link in service.at_locations for f in getattr(link.location, "accessibility", [])
        }
        if not set(profile.get("accessibility") or []) <= features:
            broken.append("accessibility")
        if not schedule_met(list(service.schedules), profile.get("available") or [], today):
            broken.append("schedule")
        problems += [f"service {service.id}: {what}" for what in dict.fromkeys(broken)]
    return problems
