"""確認が古い活動 (/admin/stale): entries not verified for N months, re-verified in one click."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.blueprint import bp
from directory.contributions.forms import ConfirmForm
from directory.contributions.queries import group_contacts, stale_services, verified_share
from directory.contributions.services import confirm_still_correct
from directory.models import Service
from tsunagu.db import db, utcnow
from tsunagu.permissions import can_review, require

DEFAULT_STALE_MONTHS = 12
FRESHNESS_TARGET = 0.9
FRESHNESS_TARGET_MONTHS = 12
"""Target: at least 90% of published entries verified within the last 12 months."""


def _months() -> int:
    configured = int(current_app.config.get("TSUNAGU_STALE_MONTHS", DEFAULT_STALE_MONTHS))
    requested = request.args.get("months", type=int)
    return requested if requested is not None and 1 <= requested <= 120 else configured


def freshness() -> dict[str, float | int]:
    """The freshness target and where the catalog stands (admin home and the stale queue)."""
    fresh, total = verified_share(db.session, months=FRESHNESS_TARGET_MONTHS, now=utcnow())
    return {"fresh": fresh, "total": total, "target": FRESHNESS_TARGET, "months": FRESHNESS_TARGET_MONTHS}


@bp.route("/stale")
@require(can_review)
def stale_queue() -> str:
    """Never-verified entries first, then the oldest; with the group accounts to remind."""
    months = _months()
    services = stale_services(db.session, months=months, now=utcnow())
    contacts = group_contacts(db.session, {s.organization_id for s in services})
    share = freshness()
    return render_template(
        "admin/stale.html",
        services=services,
        contacts=contacts,
        months=months,
        form=ConfirmForm(),
        fresh=share["fresh"],
        total=share["total"],
        target=share["target"],
        target_months=share["months"],
    )


@bp.route("/stale/<int:service_id>/verify", methods=["POST"])
@require(can_review)
def stale_verify(service_id: int) -> Response:
    """「まだ正しい」: the entry's 最終確認日 becomes today."""
    service = db.get_or_404(Service, service_id)
    if ConfirmForm().validate_on_submit():
        confirm_still_correct(db.session, service, actor=current_user)
        db.session.commit()
        flash(_("「%(name)s」を確認済みにしました。", name=service.name), "info")
    else:
        abort(400)
    return redirect(url_for("admin.stale_queue", months=request.args.get("months")))
