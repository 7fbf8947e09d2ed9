"""Forms of 社会資源の開発: development cases, their steps and how a case closes. Choices are filled by the
views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from matching.development.services import OUTCOME_LABELS
from tsunagu.forms import MultiCheckboxField, choices


class CaseForm(FlaskForm):
    """社会資源の開発: the gap, where, what kind, the unmet needs it answers and candidate hosts."""

    title = StringField(_l("取り組みの名前"), validators=[DataRequired(), Length(max=200)])
    gap = TextAreaField(
        _l("足りないもの（何が、どこで、誰のために、どの条件が合わなかったか）"),
        validators=[Optional(), Length(max=4000)],
    )
    kind = SelectField(_l("活動の種類"), choices=[], validators=[Optional()])
    district = SelectField(_l("地区"), choices=[], validators=[Optional()])
    need_ids = MultiCheckboxField(_l("この取り組みで応える「繋ぐ先がない」"), choices=[])
    prospect_ids = MultiCheckboxField(_l("受け入れ候補"), choices=[])


class StepForm(FlaskForm):
    """A step of a development case and its date."""

    description = StringField(_l("すること"), validators=[DataRequired(), Length(max=500)])
    due_on = DateField(_l("いつまでに"), validators=[Optional()])


class CloseForm(FlaskForm):
    """How a development case ended."""

    outcome = SelectField(_l("結果"), choices=choices(OUTCOME_LABELS))
    service_id = SelectField(_l("生まれた活動・メニュー"), choices=[], validators=[Optional()])
    note = TextAreaField(_l("メモ（見送りの場合は理由）"), validators=[Optional(), Length(max=2000)])
