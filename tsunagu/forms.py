"""Form pieces every package's forms share (Flask-WTF / WTForms)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from tsunagu.clock import today_in_japan

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("メールアドレスの形が正しくありません"))
"""An e-mail address as people type it: something@somewhere.tld, no spaces."""


def choices(words: Mapping[Any, Any]) -> list[SelectChoice]:
    """Options from a code → words mapping (directory.catalog.labels, matching's labels), codes as plain strings."""
    return choice_list(list(words.items()), blank=False)


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes (easier on a phone than a multi-select list)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


MAX_RECORD_ID = 2**63 - 1
"""The largest id a BIGINT column holds; a larger number names no record on either database."""


def record_id(value: Any) -> int | None:
    """A record id from a query parameter or form: ASCII digits within the database's integer range, else None.

    Ids above 2⁶³ overflow SQLite's (and psycopg's) integer binding; such a parameter names nothing and is ignored.
    """
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_RECORD_ID)):
        return None
    number = int(text)
    return number if number <= MAX_RECORD_ID else None


def record_ids(values: Sequence[Any] | None) -> list[int]:
    """The valid record ids among several parameter values (see `record_id`), others dropped."""
    return [number for number in map(record_id, values or []) if number is not None]


EARLIEST_RECORD_DATE = date(2000, 1, 1)
LATEST_RECORD_DAYS_AHEAD = 366


class PlausibleDate:
    """A date a case record can carry: from 2000 to a year ahead (typos such as 1900 or 9999 are refused)."""

    message = _l("2000年1月1日から1年先までの日付を入力してください")

    def __call__(self, _form: Any, field: Any) -> None:
        latest = today_in_japan() + timedelta(days=LATEST_RECORD_DAYS_AHEAD)
        if field.data is not None and not EARLIEST_RECORD_DATE <= field.data <= latest:
            raise ValidationError(str(self.message))


NO_CHOICE = [SelectChoice("", _l("選んでください"))]


def choice_list(items: Sequence[Any], *, blank: bool = True) -> list[SelectChoice]:
    """Select options from (value, label) pairs, values as text, optionally with an empty first option."""
    return (NO_CHOICE if blank else []) + [SelectChoice(str(value), label) for value, label in items]
