"""Japanese schedule text (毎月第2・4水曜日 15時～19時, 月火水木金, 不定期) → schedule rules for `directory.schedules`.

Pure (no Flask, no session): the 子ども食堂 importer and the group registration form call `parse_schedule` with
the 開催日/開催頻度 text and, when the source has them, the separate 開催曜日, 開始時間 and 終了時間 columns.

How text is read (decisions an importer and a reviewer need to know):
- a *clause* is a day part (毎週, 第2・4, 水曜日, 15日, 不定期 …) with its times; a new clause starts when a day part
  follows a clause that already has both, so "第1土曜 10時～12時、第3水曜 15時～17時" gives two rules;
- several time ranges in one clause (1部 11:30～12:50、2部 13:00～14:20) give one rule per range;
- a count without days (月1回, 月2回, 年10回, 週2回) is IRREGULAR: claiming dates the group never promised would
  put a closed door on the map. With weekdays but no ordinal (月1回 土曜日) it stays IRREGULAR, keeping `byday`
  so the day is not lost; with ordinals (月1回 第3土曜) it is MONTHLY;
- alternatives (第3もしくは第4, 又は, 変動) make the clause IRREGULAR with its plain weekdays;
- 隔週, Nヶ月に1回 and 偶数月/奇数月 get `interval` 2 (N); the phase is unknown for 隔週/Nヶ月, so it is the
  engine's default anchor, while 偶数月/奇数月 fix it with `valid_from` 2024-02-01 / 2024-01-01;
- the `weekdays` column fills clauses whose text gives no weekday (毎週, 第2・4, 毎月第３); with no text it means
  every week, but with text that says nothing understood about frequency (a code like "5") it is IRREGULAR;
- the `start`/`end` columns fill clauses whose text gives no time: a time in the text is more specific;
- notes (年末年始休み, 祝日休み, (要問合せ), 原則 …) are not errors: every segment of the text with anything not
  understood is returned verbatim in `unparsed`, to become the schedule's note.

Errors are single strings "日本語の説明 (English explanation): detail", so one list serves both the Japanese
import report and logs. An overnight range (22時～翌1時) is an error too: a schedule row cannot cross midnight.
When the end time is wrong the rule keeps its start time and drops the end time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from directory.schedules import (
    DAILY,
    FRIDAY,
    IRREGULAR,
    MONDAY,
    MONTHLY,
    RULE_FIELDS,
    SATURDAY,
    SUNDAY,
    WEEKDAY_CODES,
    WEEKLY,
    Rule,
)
from directory.schedules.exclusions import blank, find_exclusions
from directory.schedules.rules import RuleFields
from directory.schedules.tokens import (
    Token,
    clock,
    column_time,
    normalize,
    ordinals_in,
    scan,
    to_time,
    weekdays_in,
)

ERROR_END_BEFORE_START = "終了時刻が開始時刻より前です (end time before start time)"
ERROR_BAD_TIME = "時刻として読めません (not a valid time of day)"
ERROR_OVERNIGHT = "日をまたぐ時間帯は登録できません (a time range cannot cross midnight)"

_EVEN_MONTHS_FROM = dt.date(2024, 2, 1)
_ODD_MONTHS_FROM = dt.date(2024, 1, 1)
# Words that carry no meaning of their own once the tokens around them are read (開催日は…, …まで, …頃).
_FILLER = re.compile(
    r"^\d$|開催日?時?|実施|曜日?|まで|ごろ|頃|から|より|毎|です|は|の|に|で|を|[\s、。・,/()\[\]「」【】~:.]"
)
_SEGMENT = re.compile(r"[^、。/()\s]+")
_DAY_KINDS = {"daily", "weekly", "biweekly", "monthly", "irregular", "count", "every_n_months", "parity"}
_DAY_KINDS |= {"yearly_count"}
# A frequency word after days starts another clause: 第3木・…・毎週月は18:00~21:00 is two schedules.
_FREQUENCY_KINDS = {"daily", "weekly", "biweekly", "monthly"}
_DAY_KINDS |= {"month_end", "weekdays_word", "ordinal", "monthday", "weekday", "alternative"}


@dataclass(frozen=True, slots=True)
class RuleSpec(RuleFields):
    """The fields of `directory.schedules.Rule` plus `description`, the original text the rule came from."""

    description: str | None = None

    def to_rule(self) -> Rule:
        """The engine's `Rule` (validated there: a spec from `parse_schedule` always converts)."""
        return Rule(freq=self.freq, **{name: getattr(self, name) for name in RULE_FIELDS})


@dataclass(frozen=True, slots=True)
class ParsedSchedule:
    """What a schedule text said: rules, the text not understood (verbatim, for a note) and row errors."""

    rules: tuple[RuleSpec, ...] = ()
    unparsed: str | None = None
    errors: tuple[str, ...] = ()


@dataclass
class _Clause:
    """A day part with its times, being filled token by token."""

    byday: list[tuple[int, int]] = field(default_factory=list)  # (ordinal or 0, weekday)
    pending_ordinals: list[int] = field(default_factory=list)
    monthdays: list[int] = field(default_factory=list)
    times: list[tuple[dt.time | None, dt.time | None]] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)
    interval: int = 1
    per_month: int | None = None
    either: bool = False  # the alternative was "one of" (もしくは, または), not "it varies" (変動)
    valid_from: dt.date | None = None
    ambiguous: bool = False  # weekdays with and without ordinals in a monthly clause (第3火曜日とその直後の木曜日)

    @property
    def has_days(self) -> bool:
        """Whether the clause says anything about days (a weekday, ordinal, count, 不定期 …), not only times."""
        return bool(self.kinds & _DAY_KINDS)


@lru_cache(maxsize=8192)
def parse_schedule(
    text: str | None, *, weekdays: str | None = None, start: str | None = None, end: str | None = None
) -> ParsedSchedule:
    """Rules for a Japanese schedule text and the optional 開催曜日 / 開始時間 / 終了時間 columns.

    Never raises on odd input: what is not understood goes to `unparsed` and what is wrong to `errors`
    (see the module docstring for the reading rules), because one bad row must not stop an import.
    Cached: files repeat the same few schedules thousands of times, and the result is immutable.
    """
    original = (text or "").strip()
    normalized = normalize(original)
    errors: list[str] = []
    exclusions = find_exclusions(normalized)
    covered = [False] * len(normalized)
    for begin, finish in exclusions.spans:
        covered[begin:finish] = [True] * (finish - begin)
    tokens = scan(blank(normalized, exclusions.spans))
    clauses = _clauses(tokens, normalized, covered, errors)
    notes: list[str] = []

    column_days = weekdays_in(normalize(weekdays)) if weekdays and weekdays.strip() else []
    if weekdays and weekdays.strip() and not column_days:
        notes.append(weekdays.strip())
    column_times = _column_times(start, end, notes, errors)
    understood_frequency = any(clause.has_days for clause in clauses)
    if not clauses and (column_days or column_times != (None, None) or original):
        clauses = [_Clause()]
    rules: list[RuleSpec] = []
    for clause in clauses:
        if not clause.byday and column_days and not clause.monthdays and "daily" not in clause.kinds:
            ordinals = clause.pending_ordinals or [0]
            clause.byday = [(ordinal, day) for day in column_days for ordinal in ordinals]
            clause.pending_ordinals = []
            clause.kinds.add("weekday")
            if original and not understood_frequency:
                clause.kinds.add("irregular")
        if not clause.times and column_times != (None, None):
            clause.times.append(column_times)
        rules.extend(_rules(clause, original or None))
    if exclusions.fields:
        rules = [replace(rule, **exclusions.fields) for rule in rules]  # type: ignore[arg-type]
    if any(clause.ambiguous for clause in clauses) or (original and not rules):
        notes.insert(0, original)
    else:
        notes.insert(0, _unparsed(original, normalized, covered) or "")
    unparsed = " ".join(note for note in notes if note) or None
    return ParsedSchedule(tuple(dict.fromkeys(rules)), unparsed, tuple(dict.fromkeys(errors)))


def _clauses(tokens: list[Token], text: str, covered: list[bool], errors: list[str]) -> list[_Clause]:
    """Group tokens into clauses, marking the characters they explain in `covered`."""
    clauses: list[_Clause] = []
    current = _Clause()
    previous = ""
    for token in tokens:
        kind, match = token.kind, token.match
        if kind in ("note", "date", "month"):
            previous = kind
            continue  # recognised so their 日/月 are not read as weekdays, but kept for the note
        if kind == "weekday" and not _is_weekday(token, text, previous):
            continue
        frequency_again = kind in _FREQUENCY_KINDS and (current.byday or current.monthdays or current.pending_ordinals)
        if kind in _DAY_KINDS and current.has_days and (current.times or frequency_again):
            clauses.append(current)
            current = _Clause()
        if kind in ("range", "time"):
            if kind == "range" and match.group("pause"):
                previous = kind
                continue  # (15～17時休憩) is a break inside the opening hours, not another opening
            current.times.append(_time_range(match, kind, errors))
        elif kind == "weekday":
            days = weekdays_in(match.group(0))
            if match.group("closed"):
                current.byday = [item for item in current.byday if item[1] not in days]
            else:
                ordinals = current.pending_ordinals or [0]
                current.byday.extend((ordinal, day) for day in days for ordinal in ordinals)
                current.pending_ordinals = []
        elif kind == "weekdays_word":
            days = list(range(MONDAY, FRIDAY + 1)) if match.group(0) == "平日" else [SATURDAY, SUNDAY]
            current.byday.extend((0, day) for day in days)
        elif kind == "ordinal":
            current.pending_ordinals.extend(
                ordinal for ordinal in ordinals_in(match.group(0)) if 1 <= abs(ordinal) <= 5
            )
        elif kind == "monthday":
            current.monthdays.extend(int(day) for day in re.findall(r"\d+", match.group(0)) if 1 <= int(day) <= 31)
        elif kind == "month_end":
            current.monthdays.append(-1)
        elif kind == "biweekly":
            current.interval = 2
        elif kind == "alternative":
            current.either = match.group(0) not in ("決まっておらず", "変動")
        elif kind == "every_n_months":
            if int(match.group("months_count")) == 1:
                current.interval = max(1, int(match.group("months")))
                current.per_month = 1
                kind = "count"
            else:
                kind = "count"
        elif kind == "parity":
            current.interval = 2
            current.valid_from = _EVEN_MONTHS_FROM if match.group("parity_kind") == "偶数" else _ODD_MONTHS_FROM
        elif kind == "count" and match.group("count_unit") == "週":
            kind = "weekly_count"  # 週2回 with days is every week on them; without days, IRREGULAR
        elif kind == "count" and match.group("count_unit") == "月":
            current.per_month = int(match.group("count_n"))
        elif kind == "count":
            kind = "yearly_count"  # 年10回: about monthly at best, with days a week-unknown 不定期
        current.kinds.add(kind)
        covered[token.start : token.end] = [True] * (token.end - token.start)
        previous = kind
    if current.has_days or current.times or current.pending_ordinals:
        clauses.append(current)
    return clauses


def _is_weekday(token: Token, text: str, previous: str) -> bool:
    """Whether a 月/日/火… is a weekday: 曜, several days, or right after 第N/毎週/隔週, or standing alone.

    A lone 日 or 月 is usually part of a word (開催日, 月によって), so it needs one of these signs.
    """
    value = token.match.group(0)
    if "曜" in value or len(weekdays_in(value)) > 1 or previous in ("ordinal", "weekly", "biweekly"):
        return True
    return not text[: token.start].strip() or not text[token.end :].strip()


def _time_range(match: re.Match[str], kind: str, errors: list[str]) -> tuple[dt.time | None, dt.time | None]:
    """Opening and closing time of a range token (or a lone time, read as the opening), with errors."""
    prefix = "s_" if kind == "range" else "t_"
    begin = clock(match, prefix)
    opens = to_time(begin) if begin else None
    if begin and opens is None:
        errors.append(f"{ERROR_BAD_TIME}: {match.group(0).strip()}")
    if kind != "range":
        return opens, None
    afternoon = (match.group("s_mer") or "") in ("午後", "PM", "pm")
    finish = clock(match, "e_", afternoon=afternoon)
    if finish is None:
        return opens, None
    if match.group("next_day"):
        errors.append(f"{ERROR_OVERNIGHT}: {match.group(0).strip()}")
        return opens, None
    closes = to_time(finish)
    if opens == closes == dt.time(0):
        return None, None  # 0:00～0:00: a city's way of saying "no set time"
    if closes is None:
        errors.append(f"{ERROR_BAD_TIME}: {match.group(0).strip()}")
    elif opens is not None and closes <= opens:
        errors.append(f"{ERROR_END_BEFORE_START}: {match.group(0).strip()}")
        closes = None
    return opens, closes


def _column_times(
    start: str | None, end: str | None, notes: list[str], errors: list[str]
) -> tuple[dt.time | None, dt.time | None]:
    """The 開始時間/終了時間 columns as times; a value without digits (非公開) is a note, not an error."""
    parsed: list[dt.time | None] = []
    for label, value in (("開始時刻", start), ("終了時刻", end)):
        value = (value or "").strip()
        hour_minute, rest_unread = column_time(value) if value else (None, False)
        moment = to_time(hour_minute) if hour_minute else None
        if value and moment is None and re.search(r"[0-9０-９]", value):
            errors.append(f"{ERROR_BAD_TIME}: {label} {value}")
        elif value and (moment is None or rest_unread):
            notes.append(value)
        parsed.append(moment)
    opens, closes = parsed
    if opens == closes == dt.time(0):
        return None, None  # 0:00～0:00 in the columns: no set time
    if opens is not None and closes is not None and closes <= opens:
        errors.append(f"{ERROR_END_BEFORE_START}: {start}～{end}")
        closes = None
    return opens, closes


def _rules(clause: _Clause, description: str | None) -> list[RuleSpec]:
    """The RuleSpecs of one clause: one per time range (or one without times)."""
    kinds = clause.kinds
    plain = [day for ordinal, day in clause.byday if ordinal == 0]
    with_ordinal = [(ordinal, day) for ordinal, day in clause.byday if ordinal != 0]
    interval, valid_from = clause.interval, clause.valid_from
    byday: list[tuple[int, int]] = []
    bymonthday: list[int] = []
    week_unknown = False
    per_month = clause.per_month
    weekdays_only = [(0, day) for day in dict.fromkeys(day for _o, day in clause.byday)]
    if kinds & {"irregular", "yearly_count"} or ("alternative" in kinds and not weekdays_only):
        # 不定期・土曜 / 年10回: the weekday (if any) is known, the dates are not
        freq, byday, interval, valid_from = IRREGULAR, weekdays_only, 1, None
        week_unknown = bool(byday)
    elif "alternative" in kinds:
        # 第3もしくは第4土曜 / 原則第2・4金曜日だが変動あり: about monthly on a known weekday
        freq, byday, week_unknown = MONTHLY, weekdays_only, True
        ordinals = len({ordinal for ordinal, _day in with_ordinal})
        # 第3もしくは第4: one of them (月1回); 原則第2・4だが変動あり: as many as named, the weeks may move
        per_month = per_month or ((max(1, ordinals // 2) if clause.either else ordinals) or None)
    elif "daily" in kinds:
        freq = DAILY
    elif clause.monthdays:
        freq, bymonthday = MONTHLY, clause.monthdays
    elif with_ordinal:
        freq, byday = MONTHLY, with_ordinal
        if plain:  # 第3火曜日と木曜日: which Thursday is not said, so the note keeps the whole text
            clause.ambiguous = True
    elif plain and not kinds & {"count", "monthly"}:
        freq, byday = WEEKLY, clause.byday
    elif plain:
        # 月1回・日曜 / 毎月土曜日のいずれか: the weekday and about how often are known, not the week
        freq, byday, week_unknown = MONTHLY, weekdays_only, True
        per_month = per_month or (1 if "count" in kinds else None)
    elif kinds & {"count", "weekly_count", "monthly", "weekly"} or clause.times or clause.pending_ordinals:
        freq, interval, valid_from = IRREGULAR, 1, None
    else:
        return []
    if freq not in (WEEKLY, MONTHLY):
        interval = 1
    if not week_unknown or freq == IRREGULAR:
        per_month = None  # 不定期 promises no count
    if freq == IRREGULAR or week_unknown or clause.pending_ordinals:
        clause.ambiguous = True  # the rule says less than the text: the text becomes the note
    return [
        RuleSpec(
            freq=freq,
            interval=interval,
            byday=_byday_text(byday),
            bymonthday=",".join(str(day) for day in dict.fromkeys(bymonthday)) or None,
            opens_at=opens,
            closes_at=closes,
            valid_from=valid_from,
            week_unknown=week_unknown,
            per_month=per_month,
            description=description,
        )
        for opens, closes in clause.times or [(None, None)]
    ]


def _byday_text(byday: list[tuple[int, int]]) -> str | None:
    """RFC 5545 byday ("2WE,4WE", "-1SU", "MO,TU"), sorted by weekday then ordinal (last = -1 goes last)."""
    unique = sorted(set(byday), key=lambda item: (item[1], item[0] if item[0] > 0 else 10 - item[0]))
    return ",".join(f"{ordinal or ''}{WEEKDAY_CODES[day]}" for ordinal, day in unique) or None


def _unparsed(original: str, normalized: str, covered: list[bool]) -> str | None:
    """The pieces of the original text holding anything not understood, verbatim, joined by spaces.

    Pieces end at 、。/, spaces and brackets, so "毎週水曜日（祝日休み）" leaves just "祝日休み" as the note.
    """
    kept = []
    for segment in _SEGMENT.finditer(normalized):
        rest = "".join(char for index, char in enumerate(segment.group(0), segment.start()) if not covered[index])
        if _FILLER.sub("", rest):
            kept.append(original[segment.start() : segment.end()].strip())
    return " ".join(kept) or None
