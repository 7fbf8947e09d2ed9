"""Forms of the host register: prospects, contacts with them, and what a host is told about a placement.
Choices are filled by the views."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from matching.models import ProspectStatus
from matching.persons.forms import parse_windows
from tsunagu.forms import PlausibleDate, choices

PROSPECT_STATUS = {
    ProspectStatus.CANDIDATE: _l("候補"),
    ProspectStatus.APPROACHING: _l("打診中"),
    ProspectStatus.WILLING: _l("協力可"),
    ProspectStatus.HOSTING: _l("受け入れ中"),
    ProspectStatus.PAUSED: _l("休止"),
}
HOST_KINDS = (_l("商店"), _l("農家"), _l("寺社"), _l("介護事業所"), _l("企業"), _l("町内会"), _l("飲食店"), _l("学校"))
"""Suggestions for the kind of host (free text: the register keeps what coordinators write)."""


class ProspectForm(FlaskForm):
    """受け入れ候補: who could host, what they could offer, on what conditions, what support they would need."""

    name = StringField(_l("名前（店名・団体名）"), validators=[DataRequired(), Length(max=200)])
    kind = StringField(_l("種類（商店、農家、寺社…）"), validators=[Optional(), Length(max=50)])
    status = SelectField(_l("状態"), choices=choices(PROSPECT_STATUS))
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

    on = DateField(_l("日付（空欄なら今日）"), validators=[Optional(), PlausibleDate()])
    note = TextAreaField(_l("やりとりの内容"), validators=[DataRequired(), Length(max=4000)])


class BriefForm(FlaskForm):
    """受け入れ先への共有事項: all the host will see about a placement."""

    nickname = StringField(
        _l("受け入れ先での呼び名（名前・ニックネーム）"), validators=[DataRequired(), Length(max=50)]
    )
    days = StringField(_l("参加する日"), validators=[Optional(), Length(max=200)])
    agreed_adjustments = TextAreaField(_l("合意した配慮事項"), validators=[Optional(), Length(max=4000)])
    host_contact_person = StringField(_l("受け入れ先の担当者"), validators=[Optional(), Length(max=100)])
