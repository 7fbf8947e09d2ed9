"""Exceptions and moves in Japanese schedule text: 祝日は休み, 祝日の場合は翌日, 8月はお休み, 年末年始を除く.

They qualify every rule of the text (「毎週月曜日・第2土曜日（祝日休み）」 closes both on holidays), so they are
read in one pass over the whole normalised text before the day/time tokens, and their characters are blanked
for the token scanner (the 日 of 翌日 is not a Sunday, the 8 of 8月 is not a day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directory.schedules.rules import OBON, YEAR_END

_CLOSED = r"(?:お?休み|お休み|休業|休館|休止|除く|除き|以外|開催しません|開催なし|なし)"
_HOLIDAY = r"(?:国民の祝日|祝祭日|祝休日|祝日|祭日)"
_JOIN = r"\s*(?:[・、,&と]|及び|および)?\s*"
_PATTERN = re.compile(
    "|".join(
        [
            rf"(?P<shift>(?:{_HOLIDAY}|休日)\s*(?:の|に)?\s*(?:場合|とき|時|重なる場合|あたる場合)\s*[はの]?\s*(?P<direction>翌日|前日))",
            rf"(?P<both>(?:{_HOLIDAY}{_JOIN}年末年始|年末年始{_JOIN}{_HOLIDAY})\s*[はをもの]?\s*{_CLOSED})",
            rf"(?P<holiday>{_HOLIDAY}(?:{_JOIN}(?:休日|日曜))?\s*[はをもの]?\s*{_CLOSED})",
            rf"(?P<breaks>(?:年末年始|お盆)(?:{_JOIN}(?:年末年始|お盆))*\s*[はをもの]?\s*(?:{_CLOSED}|休業期間))",
            rf"(?P<months>\d{{1,2}}\s*月(?:\s*[・、,と]\s*\d{{1,2}}\s*月?)*)\s*[はをもの]?\s*{_CLOSED}",
        ]
    )
)


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What a text excludes or moves, as `Rule` field values, and the spans of text it was read from."""

    skip_holidays: bool = False
    holiday_shift: int = 0
    except_months: str | None = None
    except_dates: str | None = None
    spans: tuple[tuple[int, int], ...] = field(default=())

    @property
    def fields(self) -> dict[str, object]:
        """The rule fields to set (only the ones the text said something about)."""
        values: dict[str, object] = {}
        if self.skip_holidays:
            values["skip_holidays"] = True
        if self.holiday_shift:
            values["holiday_shift"] = self.holiday_shift
        if self.except_months:
            values["except_months"] = self.except_months
        if self.except_dates:
            values["except_dates"] = self.except_dates
        return values


def find_exclusions(normalized: str) -> Exclusions:
    """The exceptions in a normalised schedule text (see `tokens.normalize`)."""
    skip, shift = False, 0
    months: list[int] = []
    year_end = obon = False
    spans: list[tuple[int, int]] = []
    for match in _PATTERN.finditer(normalized):
        if match.group("shift"):
            shift = 1 if match.group("direction") == "翌日" else -1
        elif match.group("both"):
            skip, year_end = True, True
        elif match.group("holiday"):
            skip = True
        elif match.group("breaks"):
            year_end = year_end or "年末年始" in match.group("breaks")
            obon = obon or "お盆" in match.group("breaks")
        elif match.group("months"):
            found = [int(n) for n in re.findall(r"\d+", match.group("months"))]
            if not found or not all(1 <= n <= 12 for n in found):
                continue
            months.extend(found)
        else:  # pragma: no cover - every alternative is named
            continue
        spans.append((match.start(), match.end()))
    if shift:
        skip = False  # 祝日の場合は翌日 moves the date: it is not dropped
    return Exclusions(
        skip_holidays=skip,
        holiday_shift=shift,
        except_months=",".join(str(m) for m in sorted(set(months))) or None,
        except_dates=",".join(item for item, wanted in ((YEAR_END, year_end), (OBON, obon)) if wanted) or None,
        spans=tuple(spans),
    )


def blank(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` with the spans replaced by spaces (same length, so offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
