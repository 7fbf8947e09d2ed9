"""Coordinator forms: person intake/edit (matching fields only), proposing, and recording an unmet need."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from directory.catalog import labels
from directory.schedules import JAPANESE_WEEKDAYS, parse_weekday
from i18n.normalize import split_words
from matching.casework.forms import done_on_field
from matching.engine.profile import MAX_DISTANCE_KM
from matching.models import AtmospherePreference, GenderComfort, GroupSizePreference, Mobility
from tsunagu.forms import MultiCheckboxField, choices

MOBILITY = {
    Mobility.WALK: _l("徒歩"),
    Mobility.BICYCLE: _l("自転車"),
    Mobility.PUBLIC_TRANSPORT: _l("バス・電車"),
    Mobility.CAR: _l("車"),
    Mobility.ESCORTED: _l("同行が必要"),
}
GENDER_COMFORT = {
    GenderComfort.ANY: _l("こだわりなし"),
    GenderComfort.MEN_ONLY: _l("男性だけの場が安心"),
    GenderComfort.WOMEN_ONLY: _l("女性だけの場が安心"),
}
_NONE = [SelectChoice("", _l("指定なし"))]
GROUP_SIZE = {"small": _l("少人数がよい"), "large_ok": _l("大人数でもよい")}
ATMOSPHERE = {"quiet": _l("静かな所がよい"), "lively": _l("にぎやかな所がよい")}
HARD_PREFERENCES = {
    "group_size": _l("人数"),
    "atmosphere": _l("雰囲気"),
    "men_welcome": _l("男性が参加しやすい"),
    "first_step": _l("見学から始められる"),
}
PREFERENCE_FIELDS = ("group_size", "atmosphere", "men_welcome", "first_step", "hard")
_WINDOW = re.compile(r"^\s*(\S+?)\s*(\d{1,2}:\d{2})\s*[-〜~～–]\s*(\d{1,2}:\d{2})\s*$")


def parse_windows(text: str) -> list[dict[str, str]]:
    """ "火 10:00-15:00" per line → [{"day": "tue", "start": "10:00", "end": "15:00"}]; ValueError names the line."""
    windows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _WINDOW.match(line)
        if match is None:
            raise ValueError(line.strip())
        day, start, end = match.groups()
        try:
            weekday = parse_weekday(day)
            opens, closes = dt.time.fromisoformat(start.zfill(5)), dt.time.fromisoformat(end.zfill(5))
        except ValueError:
            raise ValueError(line.strip()) from None
        if closes <= opens:
            raise ValueError(line.strip())
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        windows.append({"day": names[weekday], "start": opens.strftime("%H:%M"), "end": closes.strftime("%H:%M")})
    return windows


def readable_windows(_form: Any, field: Any) -> None:
    """WTForms validator: every line of a free-times field reads as a window (see `parse_windows`)."""
    try:
        parse_windows(field.data or "")
    except ValueError as exc:
        raise ValidationError(_l("読み取れない行があります: %(line)s", line=str(exc))) from None


def format_windows(windows: list[dict[str, str]]) -> str:
    """The inverse of parse_windows, for filling the form."""
    lines = []
    for window in windows or []:
        try:
            day = JAPANESE_WEEKDAYS[parse_weekday(window["day"])]
        except (KeyError, ValueError):
            continue
        lines.append(f"{day} {window.get('start', '00:00')}-{window.get('end', '24:00')}")
    return "\n".join(lines)


class PersonForm(FlaskForm):
    """本人の情報: only what matching needs, pseudonymous (a code name, birth year, district)."""

    code_name = StringField(_l("呼び名（仮名・ケース番号）"), validators=[DataRequired(), Length(max=50)])
    birth_year = IntegerField(_l("生まれ年（西暦）"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    home_district = SelectField(_l("住んでいる地区"), choices=[], validators=[DataRequired()])
    home_junior_high_district = SelectField(
        _l("中学校区（空欄なら地区から決めます）"), choices=[], validators=[Optional()]
    )
    household_id = SelectField(_l("世帯"), choices=[], validators=[Optional()])
    interests = StringField(_l("好きなこと・興味（、で区切る）"), validators=[Optional(), Length(max=500)])
    interests_text = TextAreaField(_l("好きなこと（自由記述）"), validators=[Optional(), Length(max=2000)])
    strengths = TextAreaField(_l("強み・のりしろ"), validators=[Optional(), Length(max=2000)])
    wants_to_try = TextAreaField(_l("やってみたいこと"), validators=[Optional(), Length(max=2000)])
    available = TextAreaField(_l("参加できる曜日と時間（1行に1つ、例: 火 10:00-15:00）"), validators=[Optional()])
    max_distance_km = FloatField(
        _l("行ける距離（km）"), validators=[Optional(), NumberRange(min=0.1, max=MAX_DISTANCE_KM)]
    )
    mobility = SelectField(_l("移動手段"), choices=_NONE + choices(MOBILITY), validators=[Optional()])
    max_cost_yen = IntegerField(_l("参加費の上限（円）"), validators=[Optional(), NumberRange(min=0, max=100_000)])
    languages = MultiCheckboxField(_l("話せる言語"), choices=choices(labels.LANGUAGE))
    accessibility = MultiCheckboxField(_l("必要なバリアフリー"), choices=choices(labels.ACCESSIBILITY))
    preferred_space = SelectField(_l("空間の希望"), choices=_NONE + choices(labels.SPACE_SHORT))
    preferred_threshold = SelectField(_l("参加のしかた"), choices=_NONE + choices(labels.THRESHOLD_SHORT))
    with_family = BooleanField(_l("家族と一緒に参加したい"))
    gender_comfort = SelectField(_l("安心できる場"), choices=choices(GENDER_COMFORT))
    group_size = SelectField(_l("人数の希望"), choices=_NONE + choices(GROUP_SIZE), validators=[Optional()])
    atmosphere = SelectField(_l("雰囲気の希望"), choices=_NONE + choices(ATMOSPHERE), validators=[Optional()])
    men_welcome = BooleanField(_l("男性が参加しやすい所がよい"))
    first_step = BooleanField(_l("最初の一歩として見学から始めたい"))
    hard = MultiCheckboxField(_l("ゆずれない希望（合わない所は提案しない）"), choices=choices(HARD_PREFERENCES))
    kinds = MultiCheckboxField(_l("関心のある活動の種類（空欄ならすべて）"), choices=[])
    notes = TextAreaField(_l("メモ（マッチングには使いません）"), validators=[Optional(), Length(max=4000)])

    def validate_available(self, field: Any) -> None:
        readable_windows(self, field)

    def to_values(self) -> dict[str, Any]:
        """The Person attribute values this form sets (enums and lists as the model stores them)."""
        return {
            "code_name": self.code_name.data.strip(),
            "birth_year": self.birth_year.data,
            "home_district": self.home_district.data or None,
            "home_junior_high_district": self.home_junior_high_district.data or None,
            "household_id": int(self.household_id.data) if self.household_id.data else None,
            "interests": split_words(self.interests.data),
            "interests_text": self.interests_text.data or None,
            "strengths": self.strengths.data or None,
            "wants_to_try": self.wants_to_try.data or None,
            "available": parse_windows(self.available.data or ""),
            "max_distance_km": self.max_distance_km.data,
            "mobility": Mobility(self.mobility.data) if self.mobility.data else None,
            "max_cost_yen": self.max_cost_yen.data,
            "languages": list(self.languages.data or []),
            "accessibility": list(self.accessibility.data or []),
            "preferred_space": self.preferred_space.data or None,
            "preferred_threshold": self.preferred_threshold.data or None,
            "with_family": bool(self.with_family.data),
            "gender_comfort": GenderComfort(self.gender_comfort.data or "any"),
            "kinds": list(self.kinds.data or []),
            "notes": self.notes.data or None,
            "preferences": {
                "group_size": GroupSizePreference(self.group_size.data) if self.group_size.data else None,
                "atmosphere": AtmospherePreference(self.atmosphere.data) if self.atmosphere.data else None,
                "men_welcome": bool(self.men_welcome.data),
                "first_step": bool(self.first_step.data),
                "hard": list(self.hard.data or []),
            },
        }

    def fill(self, person: Any) -> None:
        """Fill the form from a person record (GET of the edit page)."""
        for name in (
            "code_name",
            "birth_year",
            "home_district",
            "home_junior_high_district",
            "interests_text",
            "strengths",
            "wants_to_try",
            "max_distance_km",
            "max_cost_yen",
            "with_family",
            "notes",
        ):
            getattr(self, name).data = getattr(person, name)
        self.household_id.data = str(person.household_id) if person.household_id else ""
        self.interests.data = "、".join(person.interests or [])
        self.available.data = format_windows(person.available or [])
        for name in ("mobility", "preferred_space", "preferred_threshold", "gender_comfort"):
            value = getattr(person, name)
            getattr(self, name).data = value.value if value is not None else ""
        self.languages.data = list(person.languages or [])
        self.accessibility.data = list(person.accessibility or [])
        self.kinds.data = list(person.kinds or [])
        preferences = person.match_preferences
        if preferences is not None:
            self.group_size.data = preferences.group_size.value if preferences.group_size else ""
            self.atmosphere.data = preferences.atmosphere.value if preferences.atmosphere else ""
            self.men_welcome.data, self.first_step.data = preferences.men_welcome, preferences.first_step
            self.hard.data = list(preferences.hard or [])


class ProposeForm(FlaskForm):
    """提案する: one suggestion becomes a placement in status proposed."""

    service_id = HiddenField(validators=[DataRequired()])
    score = HiddenField()
    model_version = HiddenField()
    override_reason = TextAreaField(validators=[Optional(), Length(max=2000)])
    """Why the coordinator proposes an entry the engine did not suggest: required when it breaks a condition."""
    proposed_on = done_on_field(_l("提案した日（空欄なら今日）"))


class UnmetNeedForm(FlaskForm):
    """繋ぐ先がない: what was sought and where (from a match or from the search page)."""

    sought = TextAreaField(_l("求めていたもの"), validators=[DataRequired(), Length(max=2000)])
    district = SelectField(_l("地区"), choices=[], validators=[Optional()])
    junior_high_district = SelectField(_l("中学校区"), choices=[], validators=[Optional()])
    kinds = MultiCheckboxField(_l("活動の種類"), choices=[])
    filters = HiddenField()
    """The search page's filters when the form was opened from there (kept with the need)."""


def preference_lines(preferences: Any) -> list[str]:
    """A person's match preferences in words, "（ゆずれない）" after the hard ones."""
    hard = set(preferences.hard or [])
    stated = [
        ("group_size", GROUP_SIZE.get(preferences.group_size or "")),
        ("atmosphere", ATMOSPHERE.get(preferences.atmosphere or "")),
        ("men_welcome", HARD_PREFERENCES["men_welcome"] if preferences.men_welcome else None),
        ("first_step", HARD_PREFERENCES["first_step"] if preferences.first_step else None),
    ]
    return [
        str(_l("%(what)s（ゆずれない）", what=label)) if code in hard else str(label)
        for code, label in stated
        if label is not None
    ]


def field_labels() -> dict[str, Any]:
    """Person field → its form label, for the record's change history (plus the coarse home point)."""
    labels_by_field: dict[str, Any] = {
        name: field.args[0] for name, field in vars(PersonForm).items() if isinstance(field, UnboundField)
    }
    labels_by_field["home_point"] = _l("自宅のおおよその位置（地区の中心）")
    for name in PREFERENCE_FIELDS:
        labels_by_field[f"preferences.{name}"] = labels_by_field[name]
    return labels_by_field
