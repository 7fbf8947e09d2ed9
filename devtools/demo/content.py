"""Generated catalog content shared by the demo town and the bulk generator.

Every function takes a seeded `random.Random` and returns plain dicts of column values, so the demo can
build ORM objects from them and the bulk generator can hand them straight to a Core executemany.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from devtools.demo.kinds import EXTRA_SENTENCES, RULES_BY_KIND, Variant
from devtools.demo.words import ATMOSPHERE_NOTES, HOW_TO_JOIN, NICKNAMES, ROOMS, VENUE_SUFFIXES
from directory.models import (
    AccessibilityFeature,
    AgeBand,
    Atmosphere,
    Frequency,
    GroupSize,
    Space,
    StepLevel,
    Threshold,
)

UUID_NAMESPACE = uuid.UUID("0b7f3a52-4c1e-5d8a-9f60-2a1b3c4d5e6f")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_JA = dict(zip(WEEKDAYS, "月火水木金土日", strict=True))
DAY_WEIGHTS = (3, 3, 4, 3, 3, 4, 1)
"""Sundays are rare for community activities; Wednesdays and Saturdays are common."""
BIWEEKLY_ANCHOR = date(2025, 4, 7)
"""A Monday: 隔週 rules count their fortnights from the first matching weekday after it (RFC 5545 DTSTART)."""
FOREIGN_LANGUAGES = ("en", "pt-BR", "vi", "zh-Hans", "tl", "ko")
CHILD_BANDS = (AgeBand.INFANT, AgeBand.ELEMENTARY, AgeBand.JUNIOR_HIGH, AgeBand.HIGH_SCHOOL)
BAND_JA = {
    AgeBand.INFANT: "幼児",
    AgeBand.ELEMENTARY: "小学生",
    AgeBand.JUNIOR_HIGH: "中学生",
    AgeBand.HIGH_SCHOOL: "高校生",
    AgeBand.ADULT: "大人",
}
BAND_AGES = {
    AgeBand.INFANT: (0, 5),
    AgeBand.ELEMENTARY: (6, 12),
    AgeBand.JUNIOR_HIGH: (12, 15),
    AgeBand.HIGH_SCHOOL: (15, 18),
    AgeBand.ADULT: (18, 200),
}


def stable_uuid(*parts: object) -> str:
    """An HSDS identifier derived from what a generated row is, so a regenerated row keeps its UUID."""
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(map(str, parts))))


def service_name(rng: random.Random, variant: Variant, *, place: str, town: str) -> str:
    """A name like 本町ふれあいサロン or みんなの食堂 ひだまり."""
    return rng.choice(variant.names).format(place=place, town=town, nick=rng.choice(NICKNAMES))


def describe(rng: random.Random, variant: Variant) -> str:
    """Two or three sentences: what happens, for whom, and sometimes a practical detail."""
    sentences = [rng.choice(variant.what), rng.choice(variant.whom)]
    if rng.random() < 0.5:
        sentences.append(rng.choice(EXTRA_SENTENCES[variant.kind]))
    return "".join(sentences)


def service_fields(rng: random.Random, variant: Variant) -> dict[str, Any]:
    """The profile columns of a service (threshold, space, step, ages, atmosphere, capacity…)."""
    atmosphere = variant.atmosphere or rng.choice((Atmosphere.QUIET, Atmosphere.LIVELY))
    group_size = rng.choice(
        (GroupSize.SMALL, GroupSize.MEDIUM) if atmosphere == Atmosphere.QUIET else (GroupSize.MEDIUM, GroupSize.LARGE)
    )
    threshold = (
        variant.threshold
        or rng.choices((Threshold.DROP_IN, Threshold.RESERVATION, Threshold.REFERRAL), (55, 35, 10))[0]
    )
    capacity = rng.choice((None, None, 5, 8, 10, 15, 20, 30, 40))
    openings = None if capacity is None else (0 if rng.random() < 0.12 else rng.randint(1, max(1, capacity // 2)))
    transport_odds = 0.25 if "older_people" in variant.suitable or variant.key == "farm" else 0.03
    return {
        "threshold": threshold,
        "space": variant.space or rng.choices((Space.OPEN, Space.PROTECTED), (65, 35))[0],
        "step_level": variant.step or rng.choices((StepLevel.VISIT, StepLevel.JOIN), (40, 60))[0],
        "ladder_stage": variant.ladder,
        "transport_offered": rng.random() < transport_odds,
        "atmosphere": atmosphere,
        "group_size": group_size,
        "atmosphere_notes": rng.choice(ATMOSPHERE_NOTES[(atmosphere, group_size)]),
        "how_to_join": rng.choice(HOW_TO_JOIN[threshold]),
        "minimum_age": variant.ages[0],
        "maximum_age": variant.ages[1],
        "capacity": capacity,
        "openings": openings,
    }


def clock_ja(t: time) -> str:
    """15時, 13時30分: how Japanese listings write times."""
    return f"{t.hour}時{t.minute}分" if t.minute else f"{t.hour}時"


def _weekday(rng: random.Random, exclude: tuple[str, ...] = ()) -> str:
    days = [d for d in WEEKDAYS if d not in exclude]
    return rng.choices(days, [DAY_WEIGHTS[WEEKDAYS.index(d)] for d in days])[0]


def _rule(rng: random.Random, rule: str) -> dict[str, Any]:
    """Recurrence columns and the Japanese wording of one rule (without the hours)."""
    if rule == "weekdays":
        return {"freq": Frequency.WEEKLY, "byday": "MO,TU,WE,TH,FR", "text": "平日（月～金）"}
    if rule == "two_days":
        first = _weekday(rng, ("SU",))
        second = _weekday(rng, ("SU", first))
        pair = sorted((first, second), key=WEEKDAYS.index)
        return {
            "freq": Frequency.WEEKLY,
            "byday": ",".join(pair),
            "text": f"毎週{'・'.join(WEEKDAY_JA[d] for d in pair)}曜日",
        }
    if rule == "biweekly":
        day = _weekday(rng)
        start = BIWEEKLY_ANCHOR + timedelta(days=WEEKDAYS.index(day))
        return {
            "freq": Frequency.WEEKLY,
            "interval": 2,
            "byday": day,
            "valid_from": start,
            "text": f"隔週{WEEKDAY_JA[day]}曜日",
        }
    if rule == "monthly_nth":
        day, nth = _weekday(rng), rng.randint(1, 4)
        return {"freq": Frequency.MONTHLY, "byday": f"{nth}{day}", "text": f"毎月第{nth}{WEEKDAY_JA[day]}曜日"}
    if rule == "twice_monthly":
        day, nths = _weekday(rng, ("SU",)), rng.choice(((2, 4), (1, 3)))
        return {
            "freq": Frequency.MONTHLY,
            "byday": ",".join(f"{n}{day}" for n in nths),
            "text": f"毎月第{'・'.join(map(str, nths))}{WEEKDAY_JA[day]}曜日",
        }
    if rule == "monthday":
        day_of_month = rng.choice((5, 10, 15, 20, 25))
        return {"freq": Frequency.MONTHLY, "bymonthday": str(day_of_month), "text": f"毎月{day_of_month}日"}
    if rule == "irregular":
        return {
            "freq": Frequency.IRREGULAR,
            "text": "不定期",
            "notes": rng.choice(
                (
                    "月1～2回。日程はホームページと掲示板でお知らせします。",
                    "季節や天候に合わせて開催します。お問い合わせください。",
                    "参加者と相談して日程を決めています。",
                )
            ),
        }
    if rule == "saturday":
        nth = rng.randint(1, 4)
        return {"freq": Frequency.MONTHLY, "byday": f"{nth}SA", "text": f"毎月第{nth}土曜日"}
    day = _weekday(rng)
    return {"freq": Frequency.WEEKLY, "byday": day, "text": f"毎週{WEEKDAY_JA[day]}曜日"}


def schedules_for(rng: random.Random, variant: Variant) -> list[dict[str, Any]]:
    """One schedule, sometimes two (e.g. weekday evenings plus a Saturday lunch), as Schedule columns.

    `description` holds the text as a listing would print it (毎月第2・4水曜日 15時～19時).
    """
    rows = [_rule(rng, rng.choice(RULES_BY_KIND[variant.kind]))]
    # The usual second session is a monthly Saturday for those who work or go to school on weekdays.
    if rows[0]["freq"] != Frequency.IRREGULAR and "SA" not in (rows[0].get("byday") or "") and rng.random() < 0.2:
        rows.append(_rule(rng, "saturday"))
    return [schedule_row(rule, *rng.choice(variant.hours)) for rule in rows]


def schedule_row(rule: dict[str, Any], opens: time, closes: time) -> dict[str, Any]:
    """Schedule columns from a rule (as `_rule` returns it) and opening hours, with the listing's wording."""
    row = {"interval": 1, "byday": None, "bymonthday": None, "valid_from": None, "notes": None, **rule}
    row["description"] = f"{row.pop('text')} {clock_ja(opens)}～{clock_ja(closes)}"
    row.update(opens_at=opens, closes_at=closes)
    return row


def _bands(variant: Variant) -> list[AgeBand]:
    low, high = variant.ages[0] or 0, variant.ages[1] or 200
    return [band for band, (a, b) in BAND_AGES.items() if a <= high and b >= low]


def costs_for(rng: random.Random, variant: Variant) -> list[dict[str, Any]]:
    """Cost options per age band: 子ども食堂 children free or 100円 and adults 300円; most others free."""
    bands = _bands(variant)
    if variant.kind == "kodomo_shokudo":
        child_free = rng.random() < 0.6
        rows: list[dict[str, Any]] = [
            {"age_band": b, "is_free": child_free, "amount_yen": None if child_free else 100, "note": None}
            for b in CHILD_BANDS
        ]
        adult_free = child_free and rng.random() < 0.25
        rows.append(
            {
                "age_band": AgeBand.ADULT,
                "is_free": adult_free,
                "amount_yen": None if adult_free else rng.choice((300, 300, 500)),
                "note": "カンパ制" if adult_free else None,
            }
        )
        return rows
    paid = {"salon": (0.6, (100, 200)), "ibasho": (0.35, (100, 200, 300))}.get(variant.kind)
    if paid is not None and rng.random() < paid[0]:
        amount = rng.choice(paid[1])
        return [{"age_band": b, "is_free": False, "amount_yen": amount, "note": "お茶代"} for b in bands]
    return [{"age_band": b, "is_free": True, "amount_yen": None, "note": None} for b in bands]


def fees_text(costs: list[dict[str, Any]]) -> str:
    """参加費 in words, grouping bands with the same price: 「幼児・小学生・中学生・高校生 無料／大人 300円」."""
    groups: dict[str, list[str]] = {}
    for cost in costs:
        price = "無料" if cost["is_free"] else f"{cost['amount_yen']}円"
        if cost["note"]:
            price += f"（{cost['note']}）"
        groups.setdefault(price, []).append(BAND_JA[AgeBand(cost["age_band"])])
    if len(groups) == 1:
        return next(iter(groups))
    return "／".join(f"{'・'.join(bands)} {price}" for price, bands in groups.items())


def languages_for(rng: random.Random, variant: Variant) -> list[str]:
    """BCP 47 tags spoken there: always ja; sometimes やさしい日本語 or another language."""
    languages = ["ja", *variant.languages]
    if "ja-x-easy" not in languages and rng.random() < 0.25:
        languages.append("ja-x-easy")
    if not variant.languages and rng.random() < 0.08:
        languages.append(rng.choice(FOREIGN_LANGUAGES))
    return languages


def suitable_for(rng: random.Random, variant: Variant, languages: list[str]) -> list[str]:
    """One to three suitable-for codes from the variant's own; 外国語対応 among them when a foreign language is spoken."""
    chosen = rng.sample(variant.suitable, rng.randint(1, min(3, len(variant.suitable))))
    if any(lang in FOREIGN_LANGUAGES for lang in languages) and "foreign_language" not in chosen:
        chosen = [*chosen[:2], "foreign_language"]
    return chosen


def public_venue(rng: random.Random, variant: Variant, place: str) -> tuple[str, str | None]:
    """(location name, 方書) of a public venue: the variant's own (a 市民農園) or a hall and a room in it."""
    if variant.venue is not None:
        return variant.venue.format(place=place), None
    return f"{place}{rng.choice(VENUE_SUFFIXES)}", rng.choice(ROOMS)


def accessibility_for(rng: random.Random, *, public_venue: bool) -> list[AccessibilityFeature]:
    """Accessibility features of a venue: public halls usually have some, private homes rarely."""
    odds = (
        {
            "wheelchair": 0.6,
            "accessible_toilet": 0.5,
            "elevator": 0.3,
            "parking": 0.5,
            "hearing_loop": 0.1,
            "quiet_room": 0.2,
            "sign_language": 0.05,
        }
        if public_venue
        else {"quiet_room": 0.3, "parking": 0.2}
    )
    return [AccessibilityFeature(name) for name, p in odds.items() if rng.random() < p]


def verified_at(rng: random.Random, now: datetime, *, stale: bool) -> datetime:
    """最終確認日 relative to now, so a stale entry (over 12 months) stays stale whenever the demo is loaded."""
    days = rng.randint(400, 900) if stale else rng.randint(3, 200)
    return now - timedelta(days=days, minutes=rng.randint(0, 1439))
