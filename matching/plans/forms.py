"""Forms of the plan page: the 支援プラン and the case's 終結."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from matching.models import ClosureEvaluation

EVALUATIONS = {
    ClosureEvaluation.GOAL_MET: _l("目標達成"),
    ClosureEvaluation.OWN_WISH: _l("本人の意思"),
    ClosureEvaluation.MOVED: _l("転出"),
    ClosureEvaluation.NO_CONTACT: _l("連絡不能"),
    ClosureEvaluation.OTHER: _l("その他"),
}
ERRORS = {
    "goals_required": _l("目標を書いてください。"),
    "case_not_active": _l("このケースはすでに終結しています。"),
    "case_not_closed": _l("このケースは終結していません。"),
    "note_required": _l("「その他」のときは理由を書いてください。"),
    "future_date": _l("未来の日付は記録できません。"),
}


class PlanForm(FlaskForm):
    """支援プラン: goals, steps (one a line), the responsible agency, the review date."""

    goals = TextAreaField(_l("目標"), validators=[DataRequired(), Length(max=2000)])
    steps = TextAreaField(_l("取り組むこと（1行に1つ）"), validators=[Optional(), Length(max=4000)])
    responsible_agency_id = SelectField(_l("担当機関"), choices=[], validators=[Optional()])
    review_on = DateField(_l("見直しの日"), validators=[Optional()])


class ClosureForm(FlaskForm):
    """終結 of the whole case with an evaluation."""

    evaluation = SelectField(
        _l("終結の評価"), choices=[SelectChoice(e.value, label) for e, label in EVALUATIONS.items()]
    )
    on = DateField(_l("終結の日"), validators=[Optional()])
    note = TextAreaField(_l("メモ（「その他」のときは必須）"), validators=[Optional(), Length(max=2000)])


class ReopenForm(FlaskForm):
    """Reopen a closed case: the button alone (CSRF)."""
