"""Form pieces every package's forms share (Flask-WTF / WTForms)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp
from wtforms.widgets import CheckboxInput, ListWidget

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("メールアドレスの形が正しくありません"))
"""An e-mail address as people type it: something@somewhere.tld, no spaces."""


def choices(words: Mapping[Any, Any]) -> list[SelectChoice]:
    """Options from a code → words mapping (directory.catalog.labels, matching's labels), codes as plain strings."""
    return choice_list(list(words.items()), blank=False)


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes (easier on a phone than a multi-select list)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


NO_CHOICE = [SelectChoice("", _l("選んでください"))]


def choice_list(items: Sequence[Any], *, blank: bool = True) -> list[SelectChoice]:
    """Select options from (value, label) pairs, values as text, optionally with an empty first option."""
    return (NO_CHOICE if blank else []) + [SelectChoice(str(value), label) for value, label in items]
