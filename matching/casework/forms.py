"""Casework forms: stage changes, ending, follow-ups, host-side notes, consent changes and erasure.

Every placement form carries the version the editor saw (optimistic locking, see matching.casework.services).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from matching.models import EndReason, FollowUpOutcome, PlacementStatus
from tsunagu.clock import today_in_japan
from tsunagu.forms import MultiCheckboxField, PlausibleDate


class NotInFuture:
    """A date that has already come (today in Japan at the latest): what was done, such as a proposal."""

    message = _l("未来の日付は記録できません。")

    def __call__(self, _form: Any, field: Any) -> None:
        if field.data is not None and field.data > today_in_japan():
            raise ValidationError(str(self.message))


def done_on_field(label: Any) -> DateField:
    """The day something was done, today when left empty: a plausible date, not in the future."""
    return DateField(label, validators=[Optional(), PlausibleDate(), NotInFuture()])


STAGE_LABELS = {
    PlacementStatus.VISIT: _l("見学した"),
    PlacementStatus.TRIAL: _l("体験した"),
    PlacementStatus.STARTED: _l("参加を始めた"),
}
END_REASONS = {
    EndReason.GOAL_MET: _l("目標達成で終結"),
    EndReason.MOVED: _l("転居"),
    EndReason.NOT_A_FIT: _l("合わなかった"),
    EndReason.HOST_CAPACITY: _l("受け入れ先の事情（人手・定員）"),
    EndReason.NO_LONGER_INTERESTED: _l("本人の関心が変わった"),
    EndReason.COULD_NOT_CONTACT: _l("連絡がつかない"),
    EndReason.DECLINED: _l("本人が提案を辞退"),
    EndReason.OTHER: _l("その他"),
}
FOLLOW_UP_OUTCOMES = {
    FollowUpOutcome.GOING_WELL: _l("順調"),
    FollowUpOutcome.CONCERN: _l("気になることあり"),
    FollowUpOutcome.STOPPED: _l("通わなくなった"),
    FollowUpOutcome.NO_CONTACT: _l("連絡がつかない"),
}
ERRORS = {
    "stale": _l("ほかの人が先にこのつなぎを更新しました。最新の内容を確認してからもう一度操作してください。"),
    "future_date": _l("未来の日付は記録できません。"),
    "bad_step": _l("この段階からは進められません。"),
    "before_previous": _l("前の段階より前の日付は記録できません。"),
    "already_ended": _l("このつなぎはすでに終了しています。"),
    "note_required": _l("「その他」のときは理由を書いてください。"),
    "already_recorded": _l("このフォローはすでに記録されています。"),
    "not_running": _l("参加中のつなぎだけフォローを記録できます。"),
    "empty_check_in": _l("受け入れ先との話の内容を書いてください。"),
    "empty_note": _l("記録の内容を書いてください。"),
    "early_needs_reason": _l("予定日より前に記録するときは、理由をひとことに書いてください。"),
    "reason_required": _l("理由を書いてください。"),
    "no_open_concern": _l("対応待ちの「気になることあり」はありません。"),
    "past_plan": _l("予定は今日以降の日付で入力してください。"),
}
"""What a casework write that was refused tells the coordinator (matching.casework.services.CaseworkError codes)."""
MILESTONES = {"1w": _l("1週間"), "1m": _l("1か月"), "3m": _l("3か月"), "6m": _l("6か月")}


class _Versioned(FlaskForm):
    version = IntegerField(validators=[InputRequired()])


class AdvanceForm(_Versioned):
    """見学・体験・参加開始 as a dated step."""

    to = SelectField(_l("次の段階"), choices=[SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()])
    on = DateField(_l("日付"), validators=[Optional(), PlausibleDate()])
    accompanied = BooleanField(_l("見学に同行した"))
    planned = BooleanField(_l("予定として登録する（見学・体験の日が先のとき）"))
    note = TextAreaField(_l("メモ"), validators=[Optional(), Length(max=2000)])


class EndForm(_Versioned):
    """終了 with a reason."""

    reason = SelectField(_l("終了の理由"), choices=[SelectChoice(r.value, label) for r, label in END_REASONS.items()])
    on = DateField(_l("日付"), validators=[Optional(), PlausibleDate()])
    note = TextAreaField(_l("メモ（「その他」のときは必須）"), validators=[Optional(), Length(max=2000)])
    still_going = BooleanField(_l("本人はこれからも通う（定着フォローを続ける）"))


class HostNotesForm(_Versioned):
    """受け入れ先の支援: what the host needs, agreed adjustments."""

    host_support_notes = TextAreaField(_l("受け入れ先の支援（必要なこと・配慮事項）"), validators=[Length(max=4000)])


class CheckInForm(FlaskForm):
    """A dated check-in with the host."""

    on = DateField(_l("日付"), validators=[Optional(), PlausibleDate()])
    host_contact_person = StringField(_l("受け入れ先の担当者"), validators=[Optional(), Length(max=100)])
    how_it_goes = TextAreaField(_l("様子"), validators=[Optional(), Length(max=2000)])
    worries = TextAreaField(_l("心配なこと"), validators=[Optional(), Length(max=2000)])
    adjustments = TextAreaField(_l("調整したこと"), validators=[Optional(), Length(max=2000)])


class NoteForm(FlaskForm):
    """ケース記録: a dated note on the case."""

    body = TextAreaField(_l("記録"), validators=[DataRequired(), Length(max=4000)])


class FollowUpForm(FlaskForm):
    """One tap from 今週のフォロー: the outcome is the button pressed."""

    outcome = HiddenField(validators=[DataRequired()])
    note = StringField(_l("ひとこと"), validators=[Optional(), Length(max=500)])
    next = HiddenField()


class HandledForm(FlaskForm):
    """「気になることあり」 dealt with: what was done (goes on the timeline)."""

    note = StringField(_l("対応したこと"), validators=[DataRequired(), Length(max=500)])


class ShareForm(FlaskForm):
    """本人同意 for 重層的支援会議: the agencies to share with and the consent form's reference."""

    agencies = MultiCheckboxField(_l("共有する機関"), choices=[], coerce=int)
    form_reference = StringField(_l("同意書の番号"), validators=[DataRequired(), Length(max=100)])
    meeting_name = StringField(_l("会議の名前"), validators=[Optional(), Length(max=200)])


class MeetingForm(FlaskForm):
    """支援会議 (法106条の6) without 本人同意: the named members, bound by 守秘義務."""

    members = MultiCheckboxField(_l("構成員"), choices=[], coerce=int, validators=[DataRequired()])
    meeting_name = StringField(_l("会議の名前"), validators=[DataRequired(), Length(max=200)])


class EraseForm(FlaskForm):
    """同意の撤回・削除の申し出: typed confirmation, because it cannot be undone."""

    confirm = StringField(_l("確認のため、この人の呼び名を入力してください"), validators=[DataRequired()])
