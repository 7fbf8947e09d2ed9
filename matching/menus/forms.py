"""Forms of 個別メニュー: a menu built with a host for one person, and opening one to others. Choices are
filled by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


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
