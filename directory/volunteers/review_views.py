"""ボランティアセンター: the coordinator's review of volunteer sign-ups (/coordinator/volunteers…).

The only pages besides the volunteer's own that show contact details; each detail view is audited.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from directory.blueprint import bp
from directory.catalog import labels
from directory.models import Volunteer, VolunteerStatus
from directory.volunteers.forms import VolunteerReviewForm
from directory.volunteers.services import interested_services, latest_review, review_volunteer, volunteers_by_status
from tsunagu.audit import record
from tsunagu.db import db
from tsunagu.models import User
from tsunagu.permissions import can_review_volunteers, require

STATUS_LABELS = {
    VolunteerStatus.PENDING: _l("確認待ち"),
    VolunteerStatus.ACTIVE: _l("活動中"),
    VolunteerStatus.INACTIVE: _l("差し戻し・休止"),
}


@bp.route("/coordinator/volunteers")
@require(can_review_volunteers)
def volunteer_review_list() -> str:
    """Sign-ups waiting for review (oldest first); ?status=active|inactive for the others."""
    try:
        status = VolunteerStatus(request.args.get("status", VolunteerStatus.PENDING.value))
    except ValueError:
        status = VolunteerStatus.PENDING
    return render_template(
        "directory/volunteer/review_list.html",
        rows=volunteers_by_status(db.session, status),
        status=status,
        status_labels=STATUS_LABELS,
    )


@bp.route("/coordinator/volunteers/<int:volunteer_id>", methods=["GET", "POST"])
@require(can_review_volunteers)
def volunteer_review(volunteer_id: int) -> str | Response | tuple[str, int]:
    """One sign-up with its contact details: approve, or send back with a comment the volunteer reads."""
    volunteer = db.get_or_404(Volunteer, volunteer_id)
    form = VolunteerReviewForm()
    if form.validate_on_submit():
        approve = form.decision.data == "approve"
        review_volunteer(db.session, volunteer, reviewer=current_user, approve=approve, comment=form.comment.data or "")
        db.session.commit()
        flash(
            _("%(name)s さんを承認しました。", name=volunteer.code_name)
            if approve
            else _("%(name)s さんの登録を差し戻しました。", name=volunteer.code_name),
            "success",
        )
        return redirect(url_for("directory.volunteer_review_list"))
    record(
        db.session,
        actor_id=current_user.id,
        action="volunteer.read",
        object_type="volunteer",
        object_id=volunteer.id,
        page=request.endpoint,
    )
    db.session.commit()
    html = render_template(
        "directory/volunteer/review_detail.html",
        volunteer=volunteer,
        account=db.session.get(User, volunteer.user_id) if volunteer.user_id else None,
        review=latest_review(db.session, volunteer.id),
        interested=interested_services(db.session, volunteer.id),
        form=form,
        status_labels=STATUS_LABELS,
        languages=[labels.LANGUAGE.get(code, code) for code in volunteer.languages or []],
    )
    return html, 400 if form.errors else 200
