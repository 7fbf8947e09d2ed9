"""Volunteer pages: sign-up (/volunteer/signup), the volunteer's own page (/volunteer/) with matching
ボランティア募集 entries and 興味あり, and what a group sees of the volunteers interested in its entries.

The e-mail confirmation is the groups' one (directory.accounts.registration): the same token, link and route.
The volunteer's page is where the catalog meets the matching engine, so it lives in matching/ (which may
import directory/), on matching's own `volunteer` blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.accounts.services import confirmation_link
from directory.catalog.queries import filter_options
from directory.models import InterestStatus, Organization, Service, Volunteer, VolunteerStatus
from directory.permissions import can_view_service, can_view_volunteer_interests
from directory.volunteers.forms import (
    InterestForm,
    VolunteerProfileForm,
    VolunteerSignupForm,
    describe_availability,
    grid_context,
)
from directory.volunteers.services import (
    interested_services,
    interested_volunteers,
    interests_of,
    is_volunteers_wanted,
    latest_review,
    set_interest,
    sign_up_volunteer,
    update_volunteer_profile,
    volunteer_of,
    volunteers_wanted_ids,
)
from matching.blueprint import volunteer_bp
from matching.engine import ProfileError, Suggestion, parse_profile
from matching.suggestions.profiles import volunteer_profile_json
from matching.suggestions.queries import district_centroid, run_match
from matching.suggestions.reasons import render_reason
from tsunagu.clock import today_in_japan
from tsunagu.db import db
from tsunagu.mail import send_mail
from tsunagu.models import User
from tsunagu.permissions import can_use_volunteer_area, require

INTEREST_STATUS = {
    "interested": InterestStatus.INTERESTED,
    "share": InterestStatus.CONTACT_SHARED,
    "withdraw": InterestStatus.DECLINED,
}
SUGGESTIONS = 20


def _districts() -> list[str]:
    return filter_options(db.session).districts


def _send_confirmation(user: User) -> None:
    body = _(
        "%(name)s 様\n\nつなぐへのボランティア登録ありがとうございます。\n"
        "次のリンクを開くとメールアドレスの確認が終わります（7日間有効）。"
        "そのあと、ボランティアセンターが登録の内容を確認します。\n\n%(link)s\n\n"
        "お心当たりのない場合は、このメールを破棄してください。",
        name=user.display_name,
        link=confirmation_link(user),
    )
    send_mail(user.email, _("【つなぐ】ボランティア登録の確認"), body)


def _own_volunteer() -> Volunteer:
    volunteer = volunteer_of(db.session, current_user.id)
    if volunteer is None:
        abort(404)
    return volunteer


@volunteer_bp.route("/volunteer/signup", methods=["GET", "POST"])
def volunteer_signup() -> str | Response | tuple[str, int]:
    """ボランティア登録: the same answer whether or not the address is known, so the form reveals no accounts."""
    if current_user.is_authenticated:
        return redirect(url_for("directory.index"))
    form = VolunteerSignupForm().with_districts(_districts())
    if form.validate_on_submit():
        values = form.to_values()
        values["contact_email"] = values["contact_email"] or (form.email.data or "").strip().lower()
        home = district_centroid(db.session, values["district"])
        volunteer = sign_up_volunteer(
            db.session, email=form.email.data or "", password=form.password.data or "", values=values, home_point=home
        )
        db.session.commit()
        user = db.session.get(User, volunteer.user_id) if volunteer is not None else None
        if user is not None:
            _send_confirmation(user)
        return redirect(url_for("volunteer.volunteer_signup_sent"))
    return render_template("directory/volunteer/signup.html", form=form, **grid_context()), 400 if form.errors else 200


@volunteer_bp.route("/volunteer/signup/sent")
def volunteer_signup_sent() -> str:
    return render_template("directory/volunteer/signup_sent.html")


@volunteer_bp.route("/volunteer/")
@require(can_use_volunteer_area)
def volunteer_home() -> str:
    """The volunteer's page: review state, then matching ボランティア募集 entries and their 興味あり."""
    volunteer = _own_volunteer()
    suggestions: tuple[Suggestion, ...] = ()
    profile_error = False
    if volunteer.status == VolunteerStatus.ACTIVE:
        today = today_in_japan()
        try:
            profile = parse_profile(volunteer_profile_json(volunteer, today))
            suggestions = run_match(db.session, profile, today=today, limit=SUGGESTIONS).suggestions
        except ProfileError:
            profile_error = True
    return render_template(
        "directory/volunteer/home.html",
        volunteer=volunteer,
        review=latest_review(db.session, volunteer.id),
        suggestions=suggestions,
        profile_error=profile_error,
        interests=interests_of(db.session, volunteer.id),
        interested=interested_services(db.session, volunteer.id),
        interest_form=InterestForm(),
        render_reason=render_reason,
    )


@volunteer_bp.route("/volunteer/profile", methods=["GET", "POST"])
@require(can_use_volunteer_area)
def volunteer_profile() -> str | Response | tuple[str, int]:
    """The volunteer changes their profile (a declined sign-up is sent to review again)."""
    volunteer = _own_volunteer()
    form = VolunteerProfileForm().with_districts(_districts())
    if request.method == "GET":
        form.fill(volunteer)
    elif form.validate_on_submit():
        values = form.to_values()
        update_volunteer_profile(db.session, volunteer, values, district_centroid(db.session, values["district"]))
        db.session.commit()
        flash(_("プロフィールを保存しました。"), "info")
        return redirect(url_for("volunteer.volunteer_home"))
    return render_template("directory/volunteer/profile.html", form=form, **grid_context()), 400 if form.errors else 200


@volunteer_bp.post("/volunteer/interests/<int:service_id>")
@require(can_use_volunteer_area)
def volunteer_interest(service_id: int) -> Response:
    """興味あり, 団体に連絡先を伝える or 取り下げる for one ボランティア募集 entry the volunteer can see."""
    volunteer = _own_volunteer()
    form = InterestForm()
    if not form.validate_on_submit():
        abort(400)
    if volunteer.status != VolunteerStatus.ACTIVE:
        abort(403)
    service = db.session.get(Service, service_id)
    if service is None or not can_view_service(current_user, service) or not is_volunteers_wanted(service):
        abort(404)
    status = INTEREST_STATUS[form.action.data]
    set_interest(db.session, volunteer, service, status)
    db.session.commit()
    messages = {
        InterestStatus.INTERESTED: _("「%(name)s」に興味ありと伝えました。", name=service.name),
        InterestStatus.CONTACT_SHARED: _("「%(name)s」の団体に連絡先を伝えました。", name=service.name),
        InterestStatus.DECLINED: _("「%(name)s」への興味ありを取り下げました。", name=service.name),
    }
    flash(messages[status], "info")
    return redirect(url_for("volunteer.volunteer_home") + f"#service-{service.id}")


volunteer_bp.add_app_template_global(describe_availability, "volunteer_availability")


@volunteer_bp.app_template_global()
def group_volunteer_interests(organization: Organization) -> dict[int, Any]:
    """関心のあるボランティア per ボランティア募集 entry of the organisation, for its group page.

    A template global so the group page (directory.contributions.views) needs no change; each entry is still checked
    with can_view_volunteer_interests, and contact details with can_view_volunteer_contact in the template.
    """
    ids = volunteers_wanted_ids(db.session, organization.id)
    if not ids:
        return {}
    services = {service.id: service for service in db.session.scalars(db.select(Service).where(Service.id.in_(ids)))}
    allowed = [i for i in ids if can_view_volunteer_interests(current_user, services[i])]
    return interested_volunteers(db.session, allowed)
