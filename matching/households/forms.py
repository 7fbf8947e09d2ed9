"""Forms of the household pages: the household's shared matching fields and one lighter member record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from directory.catalog import labels
from matching.casework.forms import done_on_field
from matching.engine.profile import MAX_DISTANCE_KM
from matching.models import ConsentTier
from matching.persons.forms import format_windows, parse_windows, readable_windows
from tsunagu.forms import MultiCheckboxField, choices

MEMBER_CONSENT = {
    "shared": _l("本人（保護者）の同意あり"),
    "none": _l("支援会議で共有（同意なし）"),
}
"""Consent recorded for a member without a case record; a member without one is not matched."""


class HouseholdForm(FlaskForm):
    """世帯: a pseudonymous code and what the family shares for matching."""

    code = StringField(_l("世帯の呼び名（仮名・ケース番号）"), validators=[DataRequired(), Length(max=30)])
    home_district = SelectField(_l("住んでいる地区"), choices=[], validators=[DataRequired()])
    languages = MultiCheckboxField(_l("家族で話せる言語"), choices=choices(labels.LANGUAGE))
    available = TextAreaField(
        _l("家族で参加できる曜日と時間（1行に1つ、例: 土 10:00-15:00）"), validators=[Optional(), readable_windows]
    )
    max_distance_km = FloatField(
        _l("行ける距離（km）"), validators=[Optional(), NumberRange(min=0.1, max=MAX_DISTANCE_KM)]
    )
    max_cost_yen = IntegerField(
        _l("1回の参加費の上限（家族全員の合計、円）"), validators=[Optional(), NumberRange(min=0, max=100_000)]
    )
    note = TextAreaField(_l("メモ（マッチングには使いません）"), validators=[Optional(), Length(max=2000)])

    def to_values(self) -> dict[str, Any]:
        """The Household attribute values this form sets."""
        return {
            "code": self.code.data.strip(),
            "home_district": self.home_district.data or None,
            "languages": list(self.languages.data or []),
            "available": parse_windows(self.available.data or ""),
            "max_distance_km": self.max_distance_km.data,
            "max_cost_yen": self.max_cost_yen.data,
            "note": self.note.data or None,
        }

    def fill(self, household: Any) -> None:
        """Fill the form from a household (GET of the edit page)."""
        for name in ("code", "home_district", "max_distance_km", "max_cost_yen", "note"):
            getattr(self, name).data = getattr(household, name)
        self.languages.data = list(household.languages or [])
        self.available.data = format_windows(household.available or [])


class MemberForm(FlaskForm):
    """A household member without a case record of their own: age, languages, needs and their consent."""

    label = StringField(_l("呼び名（例: 長女、子A）"), validators=[DataRequired(), Length(max=50)])
    age = IntegerField(_l("年齢"), validators=[DataRequired(), NumberRange(min=0, max=120)])
    languages = MultiCheckboxField(_l("話せる言語"), choices=choices(labels.LANGUAGE))
    needs = MultiCheckboxField(_l("必要なバリアフリー"), choices=choices(labels.ACCESSIBILITY))
    consent_tier = SelectField(
        _l("この人の同意"), choices=[SelectChoice("", _l("まだ記録していない")), *choices(MEMBER_CONSENT)]
    )

    def to_values(self, today: dt.date) -> dict[str, Any]:
        """The HouseholdMember attribute values (the age is kept as a birth year, never a date)."""
        return {
            "label": self.label.data.strip(),
            "birth_year": today.year - self.age.data,
            "languages": list(self.languages.data or []),
            "needs": list(self.needs.data or []),
            "consent_tier": ConsentTier(self.consent_tier.data) if self.consent_tier.data else None,
        }

    def fill(self, member: Any, today: dt.date) -> None:
        self.label.data = member.label
        self.age.data = today.year - member.birth_year if member.birth_year else None
        self.languages.data = list(member.languages or [])
        self.needs.data = list(member.needs or [])
        self.consent_tier.data = member.consent_tier.value if member.consent_tier else ""


class HouseholdProposeForm(FlaskForm):
    """提案する for the members a suggestion is for (one placement per member)."""

    service_id = HiddenField(validators=[DataRequired()])
    members = MultiCheckboxField(_l("参加する人"), choices=[], validators=[DataRequired()])
    proposed_on = done_on_field(_l("提案した日（空欄なら今日）"))
    override_reason = TextAreaField(validators=[Optional(), Length(max=2000)])
    """Why the coordinator proposes an entry the engine did not suggest (a near miss or a search hit)."""
