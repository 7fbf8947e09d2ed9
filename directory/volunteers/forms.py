"""Forms of the volunteer pages: sign-up (account + profile), profile edit, 興味あり, the coordinator's review.

Availability is a grid of weekday × time band checkboxes (easy on a phone); it becomes the match profile's
`[{"day": "tue", "start": "09:00", "end": "12:00"}, …]`, the shape the engine reads.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp, ValidationError

from directory.catalog import labels
from directory.contributions.forms import RegistrationForm
from directory.volunteers.services import SKILL_WORDS
from i18n.normalize import split_words
from tsunagu.forms import EMAIL, MultiCheckboxField, choices

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BANDS = {"am": ("09:00", "12:00"), "pm": ("13:00", "17:00"), "eve": ("18:00", "21:00")}
BAND_LABELS = {"am": _l("午前（9〜12時）"), "pm": _l("午後（13〜17時）"), "eve": _l("夜（18〜21時）")}
SKILLS = dict(
    zip(
        SKILL_WORDS,
        (
            _l("料理"),
            _l("子どもの見守り"),
            _l("勉強を教える"),
            _l("車の運転・送迎"),
            _l("話し相手・傾聴"),
            _l("通訳・翻訳"),
            _l("力仕事・片付け"),
            _l("パソコン・事務"),
            _l("楽器・歌"),
            _l("花・畑の手入れ"),
        ),
        strict=True,
    )
)
"""Common skills as checkboxes; the stored word is the Japanese one the engine matches against entries."""
INTEREST_ACTIONS = ("interested", "share", "withdraw")


def grid_context() -> dict[str, Any]:
    """What the availability grid needs: (weekday code, label) rows and (band code, label) columns."""
    return {"days": list(zip(DAYS, labels.WEEKDAY_LABELS, strict=True)), "bands": list(BAND_LABELS.items())}


def describe_availability(windows: list[dict[str, str]]) -> list[str]:
    """Windows read back in words: "火曜 午前（9〜12時）", or "火曜 10:00–15:00" for other times."""
    names = dict(zip(DAYS, labels.WEEKDAY_LABELS, strict=True))
    by_times = {times: BAND_LABELS[band] for band, times in BANDS.items()}
    lines = []
    for window in windows or []:
        day = names.get(window.get("day", ""), window.get("day", ""))
        times = (window.get("start", ""), window.get("end", ""))
        lines.append(f"{day} {by_times[times]}" if times in by_times else f"{day} {times[0]}–{times[1]}")
    return lines


def _slot_choices() -> list[SelectChoice]:
    return [SelectChoice(f"{day}-{band}", f"{day} {band}") for day in DAYS for band in BANDS]


def slots_to_availability(slots: list[str]) -> list[dict[str, str]]:
    """Checked "tue-am" boxes → match-profile windows, in weekday order."""
    windows = []
    for day in DAYS:
        for band, (start, end) in BANDS.items():
            if f"{day}-{band}" in slots:
                windows.append({"day": day, "start": start, "end": end})
    return windows


def availability_to_slots(windows: list[dict[str, str]]) -> list[str]:
    """The inverse of slots_to_availability (windows of another shape are not shown as boxes)."""
    by_times = {times: band for band, times in BANDS.items()}
    return [
        f"{w['day']}-{by_times[(w['start'], w['end'])]}"
        for w in windows
        if (w.get("start"), w.get("end")) in by_times and w.get("day") in DAYS
    ]


class VolunteerProfileForm(FlaskForm):
    """ボランティアのプロフィール: public under the code name, contact details for coordinators only."""

    code_name = StringField(_l("呼び名（ニックネーム）"), validators=[DataRequired(), Length(max=50)])
    skills = MultiCheckboxField(_l("得意なこと"), choices=choices(SKILLS))
    other_skills = StringField(_l("そのほかの得意なこと（、で区切る）"), validators=[Optional(), Length(max=300)])
    interests = StringField(_l("関心のあること（、で区切る）"), validators=[Optional(), Length(max=300)])
    availability = MultiCheckboxField(_l("活動できる曜日と時間"), choices=_slot_choices())
    district = SelectField(_l("住んでいる地区"), choices=[], validators=[DataRequired()])
    max_distance_km = SelectField(
        _l("行ける距離"), choices=[SelectChoice(str(km), f"{km} km") for km in labels.RADII_KM], default="3"
    )
    languages = MultiCheckboxField(_l("話せる言語"), choices=choices(labels.LANGUAGE), default=["ja"])
    contact_email = EmailField(_l("連絡先メールアドレス"), validators=[Optional(), Length(max=254), EMAIL])
    contact_phone = StringField(
        _l("連絡先電話番号"),
        validators=[
            Optional(),
            Length(max=30),
            Regexp(r"^[0-9０-９+\-‐－() ]+$", message=_l("電話番号の形が正しくありません")),
        ],
    )
    bio = TextAreaField(_l("ひとこと（任意）"), validators=[Optional(), Length(max=1000)])

    def with_districts(self, districts: list[str]) -> VolunteerProfileForm:
        """Offer the town's 地区 (the area picker); a coarse area is all the profile keeps of where one lives."""
        self.district.choices = [SelectChoice("", _l("選んでください"))] + [SelectChoice(d, d) for d in districts]
        return self

    def validate_availability(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("活動できる曜日と時間を一つ以上選んでください"))

    def validate_languages(self, field: Any) -> None:
        if not field.data:
            raise ValidationError(_l("話せる言語を一つ以上選んでください"))

    def to_values(self) -> dict[str, Any]:
        """The Volunteer attribute values this form sets."""
        return {
            "code_name": (self.code_name.data or "").strip(),
            "skills": list(dict.fromkeys([*(self.skills.data or []), *split_words(self.other_skills.data)])),
            "interests": split_words(self.interests.data),
            "availability": slots_to_availability(list(self.availability.data or [])),
            "district": self.district.data,
            "max_distance_km": float(self.max_distance_km.data or 3),
            "languages": list(self.languages.data or []),
            "contact_email": (self.contact_email.data or "").strip().lower() or None,
            "contact_phone": (self.contact_phone.data or "").strip() or None,
            "bio": (self.bio.data or "").strip() or None,
        }

    def fill(self, volunteer: Any) -> None:
        """Fill the form from a profile (GET of the edit page)."""
        self.code_name.data = volunteer.code_name
        known = [skill for skill in volunteer.skills or [] if skill in SKILLS]
        self.skills.data = known
        self.other_skills.data = "、".join(skill for skill in volunteer.skills or [] if skill not in SKILLS)
        self.interests.data = "、".join(volunteer.interests or [])
        self.availability.data = availability_to_slots(volunteer.availability or [])
        self.district.data = volunteer.district or ""
        distance = volunteer.max_distance_km or 3
        self.max_distance_km.data = str(int(distance)) if float(distance).is_integer() else str(distance)
        self.languages.data = list(volunteer.languages or [])
        self.contact_email.data = volunteer.contact_email
        self.contact_phone.data = volunteer.contact_phone
        self.bio.data = volunteer.bio


class VolunteerSignupForm(VolunteerProfileForm):
    """ボランティア登録: the profile plus the account (the same e-mail and password fields as a group's)."""

    email = RegistrationForm.email
    password = RegistrationForm.password
    password_again = RegistrationForm.password_again


class InterestForm(FlaskForm):
    """興味あり / 団体に連絡先を伝える / 取り下げる for one entry (the button pressed names the action)."""

    action = StringField(validators=[DataRequired(), AnyOf(INTEREST_ACTIONS)])


class VolunteerReviewForm(FlaskForm):
    """承認 or 差し戻し of a sign-up; a comment is required to send one back (the volunteer reads it)."""

    decision = StringField(validators=[DataRequired(), AnyOf(("approve", "reject"))])
    comment = TextAreaField(_l("コメント（ボランティアに伝わります）"), validators=[Length(max=2000)])

    def validate_comment(self, field: Any) -> None:
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_l("差し戻すときは理由を書いてください"))
