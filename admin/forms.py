"""Forms of the admin curation pages: taxonomy, accounts, agencies, archive (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from tsunagu.forms import EMAIL
from tsunagu.models import Role

ROLE_LABELS = {
    Role.ADMIN: _l("管理者"),
    Role.COORDINATOR: _l("コーディネーター"),
    Role.AGENCY: _l("支援機関の職員"),
    Role.GROUP: _l("登録団体"),
}


AGENCY_KIND_LABELS = {
    "shakyo": _l("社会福祉協議会"),
    "municipality": _l("市区町村（役所）"),
    "comprehensive_care_center": _l("地域包括支援センター"),
    "welfare_office": _l("福祉事務所"),
    "employment_support": _l("就労支援機関"),
    "npo": _l("NPO法人"),
    "international_association": _l("国際交流協会"),
    "medical": _l("医療機関"),
    "school": _l("学校・教育委員会"),
    "other": _l("その他"),
}
"""Agency kinds (Agency.kind holds the code): what the admin pages show instead of npo, shakyo, municipality."""


def agency_kind_label(kind: str | None) -> str:
    """The label of an agency kind; a code this list does not know is shown as it is."""
    return str(AGENCY_KIND_LABELS.get(kind or "other", kind))


def _optional_id(value: object) -> int | None:
    return int(str(value)) if value not in (None, "", "None") else None


class TermForm(FlaskForm):
    """A new taxonomy term: its code (letters, digits, _) and its Japanese name."""

    taxonomy = SelectField(_l("分類体系"), coerce=int)
    code = StringField(
        _l("コード（英小文字・数字・_）"), validators=[DataRequired(), Length(max=50), Regexp(r"^[a-z0-9_]+$")]
    )
    name = StringField(_l("名前（日本語）"), validators=[DataRequired(), Length(max=100)])


class ReasonForm(FlaskForm):
    """A decision that must say why (アーカイブ, 完全に削除)."""

    reason = TextAreaField(_l("理由"), validators=[DataRequired(), Length(max=2000)])


class AgencyForm(FlaskForm):
    """An agency's name, kind, municipality code and whether it is the lead agency (多機関協働事業者)."""

    name = StringField(_l("機関の名前"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("種類"), default="other", validators=[Optional(), Length(max=50)])
    municipality_code = StringField(
        _l("全国地方公共団体コード"), validators=[Optional(), Regexp(r"^\d{6}$", message=_l("6桁の数字です。"))]
    )
    is_lead = BooleanField(_l("多機関協働事業者"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [SelectChoice(code, label) for code, label in AGENCY_KIND_LABELS.items()]
        current = getattr(kwargs.get("obj"), "kind", None)
        if current and current not in AGENCY_KIND_LABELS:  # a kind typed before the list existed stays choosable
            choices.append(SelectChoice(str(current), str(current)))
        self.kind.choices = choices


class AccountForm(FlaskForm):
    """Role and affiliation of an account (the fields a change and a creation share)."""

    role = SelectField(_l("役割"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    agency_id = SelectField(_l("所属機関"), coerce=_optional_id, validators=[Optional()])
    organization_id = SelectField(_l("団体（登録団体のとき）"), coerce=_optional_id, validators=[Optional()])


class NewUserForm(AccountForm):
    """A new account; the person sets their own password through the link."""

    email = EmailField(_l("メールアドレス"), validators=[DataRequired(), Length(max=254), EMAIL])
    display_name = StringField(_l("表示名"), validators=[DataRequired(), Length(max=100)])
