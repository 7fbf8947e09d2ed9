"""The meeting form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from matching.models import MeetingKind
from tsunagu.forms import MultiCheckboxField

MEETING_KINDS = {
    MeetingKind.SUPPORT: _l("支援会議（守秘義務・本人同意なし）"),
    MeetingKind.MULTI_AGENCY: _l("重層的支援会議（本人同意あり）"),
}
ERRORS = {
    "case_not_allowed": _l(
        "会議で扱えないケースが含まれています（重層的支援会議では本人同意のあるケースだけを扱えます）。"
    ),
    "review_before_meeting": _l("次の見直しの日は会議の日より後にしてください。"),
    "no_agency": _l("所属機関のない利用者は会議を記録できません。"),
}


class MeetingForm(FlaskForm):
    """支援会議 / 重層的支援会議: date, kind, members, agencies, cases, decisions, next review."""

    kind = SelectField(_l("会議の種類"), choices=[SelectChoice(k.value, label) for k, label in MEETING_KINDS.items()])
    held_on = DateField(_l("開催日"), validators=[DataRequired()])
    title = StringField(_l("会議の名前"), validators=[DataRequired(), Length(max=200)])
    members = MultiCheckboxField(_l("構成員（名前を挙げた人だけが個別のケースを見られます）"), choices=[])
    agencies = MultiCheckboxField(_l("参加機関"), choices=[])
    cases = MultiCheckboxField(_l("話し合うケース"), choices=[])
    decisions = TextAreaField(_l("決まったこと（プランの見直しなど）"), validators=[Optional(), Length(max=4000)])
    next_review_on = DateField(_l("次の見直しの日"), validators=[Optional()])
