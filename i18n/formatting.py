"""Dates, times, weekdays, numbers and yen in the request's locale (Babel's CLDR data, never hand patterns).

Japanese writes an amount as 300円 and a short date as 11月25日(水); Portuguese as JP¥ 300 and qua., 25 de nov.
Every template and label formats through these, so a new language needs no template change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

import flask_babel
from babel.dates import format_skeleton, get_day_names
from babel.lists import format_list
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _

from i18n.locales import EASY_JAPANESE
from i18n.selection import ui_locale


def _locale() -> Any:
    return get_locale() or "ja"


def format_yen(amount: int | float) -> str:
    """An amount in yen: "1,500円" in Japanese, "¥1,500" in English, "JP¥ 1.500" in Portuguese."""
    locale = _locale()
    if str(locale).split("_")[0] == "ja":
        return _("%(yen)s円", yen=format_decimal(amount))
    return str(flask_babel.format_currency(amount, "JPY"))


def format_day(day: date | datetime) -> str:
    """A short date with its weekday, the way the locale writes it: 11月25日(水), Wed, Nov 25, qua., 25 de nov."""
    return str(format_skeleton("MMMEd", day, locale=_locale()))


def format_clock(value: time | None) -> str:
    """A time of day in the locale's short form: 15:00 (ja, pt), 3:00 PM (en, tl), 오후 3:00 (ko); "" for None."""
    if value is None:
        return ""
    return str(flask_babel.format_time(value, "short", rebase=False))


def weekday_name(weekday: int, width: str = "abbreviated") -> str:
    """Monday = 0, in the locale: 月 / Mon / seg. (abbreviated) or 月曜日 / Monday (wide).

    やさしい日本語 always writes the whole word: a lone 月 reads as がつ (month), 月曜日 as げつようび.
    """
    if ui_locale() == EASY_JAPANESE:
        width = "wide"
    return str(get_day_names(width, locale=_locale())[weekday])


def join_list(items: Iterable[object], japanese_separator: str = "・") -> str:
    """Items as a list in the locale: 第2・4 (ja keeps its own separator), "2 and 4", "2 e 4", "2 và 4"."""
    texts = [str(item) for item in items]
    if str(_locale()).split("_")[0] == "ja":
        return japanese_separator.join(texts)
    return str(format_list(texts, locale=_locale()))


TEMPLATE_FORMATTERS: dict[str, Any] = {
    "format_date": flask_babel.format_date,
    "format_datetime": flask_babel.format_datetime,
    "format_decimal": flask_babel.format_decimal,
    "format_number": flask_babel.format_decimal,
    "format_yen": format_yen,
    "format_day": format_day,
    "format_clock": format_clock,
    "weekday_name": weekday_name,
    "join_list": join_list,
}
"""Jinja globals installed by i18n.setup.init_i18n."""
