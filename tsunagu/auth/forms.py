"""Sign-in form (Flask-WTF: CSRF token included)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

MIN_PASSWORD_LENGTH = 12
"""The one password policy: every new password (registration, volunteer sign-up, reset) has at least this many."""
NEW_PASSWORD_LENGTH = Length(min=MIN_PASSWORD_LENGTH, max=200, message=_l("12文字以上で入力してください"))


class LoginForm(FlaskForm):
    """No e-mail syntax check here: a sign-in form answers every mismatch the same way."""

    email = EmailField(_l("メールアドレス"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("パスワード"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("メールアドレス"), validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("新しいパスワード"),
        validators=[DataRequired(), NEW_PASSWORD_LENGTH],
    )
    confirm = PasswordField(
        _l("新しいパスワード（確認）"),
        validators=[DataRequired(), EqualTo("password", message=_l("パスワードが一致しません"))],
    )
