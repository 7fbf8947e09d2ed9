"""Forms of made-to-measure participation: prospects and contacts, custom menus, opening one to others,
development cases, and what a host is told about a placement. Choices are filled by the views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from directory.forms import MultiCheckboxField, _choices
from matching.development import OUTCOME_LABELS
from matching.forms import parse_windows
from matching.models import ProspectStatus

PROSPECT_STATUS = {
    ProspectStatus.CANDIDATE: _l("候補"),
    ProspectStatus.APPROACHING: _l("打診中"),
    ProspectStatus.WILLING: _l("協力可"),
    ProspectStatus.HOSTING: _l("受け入れ中"),
    ProspectStatus.PAUSED: _l("休止"),
}
HOST_KINDS = (_l("商店"), _l("農家"), _l("寺社"), _l("介護事業所"), _l("企業"), _l("町内会"), _l("飲食店"), _l("学校"))
"""Suggestions for the kind of host (free text: the register keeps what coordinators write)."""
_NONE = [SelectChoice("", _l("選んでください"))]


class ProspectForm(FlaskForm):
    """受け入れ候補: who could host, what they could offer, on what conditions, what support they would need."""

    name = StringField(_l("名前（店名・団体名）"), validators=[DataRequired(), Length(max=200)])
    kind = StringField(_l("種類（商店、農家、寺社…）"), validators=[Optional(), Length(max=50)])
    status = SelectField(_l("状態"), choices=_choices(PROSPECT_STATUS))
    coordinator_id = SelectField(_l("担当コーディネーター"), choices=[], validators=[Optional()])
    offer = TextAreaField(_l("お願いできそうなこと（作業・役割）"), validators=[Optional(), Length(max=4000)])
    days = TextAreaField(_l("受け入れできる曜日と時間（1行に1つ、例: 火 10:00-12:00）"), validators=[Optional()])
    places = IntegerField(_l("受け入れできる人数"), validators=[Optional(), NumberRange(min=0, max=1000)])
    conditions = TextAreaField(_l("条件"), validators=[Optional(), Length(max=4000)])
    support_needed = TextAreaField(_l("受け入れ先が必要とする支援"), validators=[Optional(), Length(max=4000)])
    district = SelectField(_l("地区"), choices=[], validators=[Optional()])
    latitude = FloatField(_l("緯度"), validators=[Optional(), NumberRange(min=-90, max=90)])
    longitude = FloatField(_l("経度"), validators=[Optional(), NumberRange(min=-180, max=180)])

    def validate_days(self, field: Any) -> None:
        try:
            parse_windows(field.data or "")
        except ValueError as exc:
            raise ValidationError(_l("読み取れない行があります: %(line)s", line=str(exc))) from None


class ContactForm(FlaskForm):
    """A dated contact note."""

    on = DateField(_l("日付（空欄なら今日）"), validators=[Optional()])
    note = TextAreaField(_l("やりとりの内容"), validators=[DataRequired(), Length(max=4000)])


class MenuForm(FlaskForm):
    """個別メニュー: what the person will do, where, when, who goes along at first, what the host agreed to."""

    prospect_id = SelectField(_l("受け入れ先（受け入れ候補から）"), choices=[], validators=[DataRequired()])
    person_id = SelectField(_l("誰のためのメニューか"), choices=[], validators=[Optional()])
    name = StringField(_l("メニューの名前"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("活動の種類"), choices=[], validators=[Optional()])
    description = TextAreaField(
        _l("本人がすること（個人が分かることは書かず、配慮事項は下の欄へ）"),
        validators=[DataRequired(), Length(max=4000)],
    )
    place = StringField(_l("場所"), validators=[Optional(), Length(max=200)])
    schedule_text = StringField(_l("日時（例: 毎週火曜日 10時～12時）"), validators=[DataRequired(), Length(max=200)])
    accompaniment = TextAreaField(_l("同行（最初は誰が一緒に行くか）"), validators=[Optional(), Length(max=2000)])
    host_agreements = TextAreaField(_l("受け入れ先と合意した配慮事項"), validators=[Optional(), Length(max=4000)])
    review_on = DateField(_l("見直しの日"), validators=[Optional()])


class OpenForm(FlaskForm):
    """他の人にも開く: the public wording, and the host's agreement (required)."""

    host_agreed = BooleanField(_l("受け入れ先が、他の人にも開くことに同意しています"), validators=[DataRequired()])
    name = StringField(_l("公開する名前"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("公開する説明"), validators=[DataRequired(), Length(max=4000)])
    schedule_text = StringField(_l("開催日時"), validators=[Optional(), Length(max=200)])
    how_to_join = TextAreaField(_l("参加のしかた"), validators=[Optional(), Length(max=2000)])
    private_home = BooleanField(_l("個人のお宅・敷地（地図は約300mの範囲で表示）"))


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

    outcome = SelectField(_l("結果"), choices=_choices(OUTCOME_LABELS))
    service_id = SelectField(_l("生まれた活動・メニュー"), choices=[], validators=[Optional()])
    note = TextAreaField(_l("メモ（見送りの場合は理由）"), validators=[Optional(), Length(max=2000)])


class BriefForm(FlaskForm):
    """受け入れ先への共有事項: all the host will see about a placement."""

    nickname = StringField(
        _l("受け入れ先での呼び名（名前・ニックネーム）"), validators=[DataRequired(), Length(max=50)]
    )
    days = StringField(_l("参加する日"), validators=[Optional(), Length(max=200)])
    agreed_adjustments = TextAreaField(_l("合意した配慮事項"), validators=[Optional(), Length(max=4000)])
    host_contact_person = StringField(_l("受け入れ先の担当者"), validators=[Optional(), Length(max=100)])


def choice_list(items: Sequence[Any], *, blank: bool = True) -> list[SelectChoice]:
    """Select options from (value, label) pairs, values as text, optionally with an empty first option."""
    return (_NONE if blank else []) + [SelectChoice(str(value), label) for value, label in items]
