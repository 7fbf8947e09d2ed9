"""Forms of group contributions: sign-up, organisation, activity (the guided form) and residents' corrections.

Each entry form turns into the flat entry data of directory.contributions.fields (`to_data`) and is filled from it
(`from_data`), so what a group types, what a reviewer compares and what is published are one shape.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FloatField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, EqualTo, Length, NumberRange, Optional, ValidationError

from directory.catalog import labels
from directory.contributions.fields import ADDRESS_FIELDS, ORGANIZATION_KIND
from directory.models import AgeBand, Space, Threshold
from tsunagu.auth.forms import MIN_PASSWORD_LENGTH, NEW_PASSWORD_LENGTH
from tsunagu.forms import EMAIL, MultiCheckboxField, choices

MIN_PASSWORD = MIN_PASSWORD_LENGTH


class RegistrationForm(FlaskForm):
    """団体の登録: the organisation's name and kind, the contact person's account."""

    organization_name = StringField(_l("団体の名前"), validators=[DataRequired(), Length(max=200)])
    organization_kind = SelectField(_l("団体の種類"), choices=choices(ORGANIZATION_KIND))
    display_name = StringField(_l("担当者のお名前"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("メールアドレス"), validators=[DataRequired(), Length(max=254), EMAIL])
    password = PasswordField(
        _l("パスワード（%(n)s文字以上）", n=MIN_PASSWORD),
        validators=[DataRequired(), NEW_PASSWORD_LENGTH],
    )
    password_again = PasswordField(
        _l("パスワード（確認）"),
        validators=[DataRequired(), EqualTo("password", message=_l("パスワードが一致しません"))],
    )


class OrganizationForm(FlaskForm):
    """団体の情報."""

    name = StringField(_l("団体の名前"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("団体の種類"), choices=choices(ORGANIZATION_KIND))
    description = TextAreaField(_l("団体の紹介"), validators=[Optional(), Length(max=4000)])
    phone = StringField(_l("電話"), validators=[Optional(), Length(max=30)])
    email = EmailField(_l("メール"), validators=[Optional(), Length(max=254), EMAIL])
    website = StringField(_l("ウェブサイト"), validators=[Optional(), Length(max=500), URL(require_tld=True)])
    do_not_list = BooleanField(_l("掲載しない（コーディネーターだけが見られます）"))

    def to_data(self) -> dict[str, Any]:
        return {
            name: _clean(getattr(self, name).data)
            for name in ("name", "kind", "description", "phone", "email", "website", "do_not_list")
        }

    def from_data(self, data: dict[str, Any]) -> None:
        for name, value in data.items():
            if hasattr(self, name):
                getattr(self, name).data = value


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ActivityForm(FlaskForm):
    """活動の情報 — the guided form, one section per question a first-timer asks."""

    name = StringField(_l("活動の名前"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("活動の種類"), validators=[DataRequired()])
    description = TextAreaField(_l("どんな活動ですか"), validators=[Optional(), Length(max=4000)])
    eligibility_description = TextAreaField(_l("どんな人向けですか"), validators=[Optional(), Length(max=2000)])
    minimum_age = IntegerField(_l("何歳から"), validators=[Optional(), NumberRange(0, 120)])
    maximum_age = IntegerField(_l("何歳まで"), validators=[Optional(), NumberRange(0, 120)])
    schedule_text = TextAreaField(
        _l("いつ開いていますか（例: 毎月第2・4水曜日 15時～19時）"), validators=[Optional(), Length(max=500)]
    )
    capacity = IntegerField(_l("定員（人）"), validators=[Optional(), NumberRange(0, 100000)])
    how_to_join = TextAreaField(_l("参加のしかた・初めての方へ"), validators=[Optional(), Length(max=2000)])
    threshold = RadioField(_l("予約"), choices=choices(labels.THRESHOLD), default=str(Threshold.DROP_IN))
    languages = MultiCheckboxField(_l("話せる言語"), choices=choices(labels.LANGUAGE))
    accessibility = MultiCheckboxField(_l("バリアフリー"), choices=choices(labels.ACCESSIBILITY))
    space = RadioField(_l("場の雰囲気"), choices=choices(labels.SPACE), default=str(Space.OPEN))
    private_home = BooleanField(_l("個人のお宅で開いている（地図と詳細には町名までしか出ません）"))
    do_not_list = BooleanField(_l("掲載しない（一般には公開せず、コーディネーターだけが見られます）"))
    phone = StringField(_l("問い合わせ電話"), validators=[Optional(), Length(max=30)])
    email = EmailField(_l("問い合わせメール"), validators=[Optional(), Length(max=254), EMAIL])
    postal_code = StringField(_l("郵便番号"), validators=[Optional(), Length(max=8)])
    prefecture = StringField(_l("都道府県"), validators=[Optional(), Length(max=10)])
    city = StringField(_l("市区町村"), validators=[Optional(), Length(max=50)])
    town = StringField(_l("町域（〇〇町二丁目など）"), validators=[Optional(), Length(max=100)])
    block = StringField(_l("番地"), validators=[Optional(), Length(max=100)])
    building = StringField(_l("建物名・部屋番号"), validators=[Optional(), Length(max=200)])
    latitude = FloatField(
        _l("緯度"),
        validators=[Optional(), NumberRange(-90, 90)],
        render_kw={"type": "number", "step": "any", "inputmode": "decimal"},
    )
    longitude = FloatField(
        _l("経度"),
        validators=[Optional(), NumberRange(-180, 180)],
        render_kw={"type": "number", "step": "any", "inputmode": "decimal"},
    )

    def cost_fields(self) -> list[tuple[str, Any, Any]]:
        """(age band label, amount field, 無料 field) for each 参加費 row of the form."""
        return [
            (labels.AGE_BAND[band], getattr(self, f"cost_{band}"), getattr(self, f"cost_{band}_free"))
            for band in AgeBand
        ]

    def validate_maximum_age(self, field: IntegerField) -> None:
        if field.data is not None and self.minimum_age.data is not None and field.data < self.minimum_age.data:
            raise ValidationError(_l("上限は下限以上にしてください"))

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then: a point needs both coordinates (Optional() skips a field left empty)."""
        valid = super().validate(extra_validators)
        if (self.latitude.data is None) != (self.longitude.data is None) and not self.latitude.errors:
            message = _l("緯度と経度は両方入れてください（地図で選ぶと両方入ります）")
            self.longitude.errors = [*self.longitude.errors, message]
            valid = False
        return valid

    def to_data(self) -> dict[str, Any]:
        """The entry data (see directory.contributions.fields.service_snapshot for the shape)."""
        data: dict[str, Any] = {
            name: _clean(getattr(self, name).data)
            for name in (
                "name",
                "kind",
                "description",
                "eligibility_description",
                "schedule_text",
                "how_to_join",
                "threshold",
                "space",
                "phone",
                "email",
                *ADDRESS_FIELDS,
            )
        }
        for name in ("minimum_age", "maximum_age", "capacity"):
            data[name] = getattr(self, name).data
        for name in ("private_home", "do_not_list"):
            data[name] = bool(getattr(self, name).data)
        data["languages"] = sorted(self.languages.data or [])
        data["accessibility"] = sorted(self.accessibility.data or [])
        data["costs"] = {}
        for band in AgeBand:
            yen, free = getattr(self, f"cost_{band}").data, bool(getattr(self, f"cost_{band}_free").data)
            if free or yen is not None:
                data["costs"][str(band)] = {"free": free, "yen": None if free else yen}
        for name in ("latitude", "longitude"):
            value = getattr(self, name).data
            data[name] = round(value, 6) if value is not None else None
        return data

    def from_data(self, data: dict[str, Any]) -> None:
        """Fill the form from entry data (an entry's snapshot or a pending change request)."""
        for name, value in data.items():
            if name != "costs" and hasattr(self, name):
                getattr(self, name).data = value
        for band, cost in (data.get("costs") or {}).items():
            getattr(self, f"cost_{band}").data = cost.get("yen")
            getattr(self, f"cost_{band}_free").data = cost.get("free")


for _band in AgeBand:
    setattr(
        ActivityForm, f"cost_{_band}", IntegerField(_l("金額（円）"), validators=[Optional(), NumberRange(0, 100000)])
    )
    setattr(ActivityForm, f"cost_{_band}_free", BooleanField(_l("無料")))


class FlyerForm(FlaskForm):
    """チラシで登録: a photo of the paper flyer and a few words; a reviewer completes the entry from it."""

    photo = FileField(
        _l("チラシの写真"),
        validators=[FileRequired(_l("写真を選んでください"))],
        render_kw={"accept": "image/*", "capture": "environment"},
    )
    name = StringField(_l("活動の名前"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("活動の種類"), validators=[DataRequired()])
    phone = StringField(_l("問い合わせ電話"), validators=[Optional(), Length(max=30)])
    note = TextAreaField(_l("ひとこと（チラシにないこと）"), validators=[Optional(), Length(max=2000)])


class CorrectionForm(FlaskForm):
    """情報が違う？ — what is wrong, and an optional way to reach the sender."""

    message = TextAreaField(_l("どこが違っていましたか"), validators=[DataRequired(), Length(max=2000)])
    contact = StringField(_l("連絡先（任意・メールか電話）"), validators=[Optional(), Length(max=254)])


class ReviewForm(FlaskForm):
    """A reviewer's decision: 承認 or 差し戻し, with a comment (required to send back)."""

    comment = TextAreaField(
        _l("コメント（差し戻すときは必須。団体に表示されます）"), validators=[Optional(), Length(max=2000)]
    )


class ConfirmForm(FlaskForm):
    """A one-button form (CSRF only), e.g. 「まだ正しい」."""
