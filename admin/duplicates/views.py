"""重複の統合 (/admin/duplicates): possible duplicates across the catalog, compared side by side; the admin
picks the entry to keep and, field by field, the value to keep, or says 「重複ではない」 once and for all."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from admin.archive.services import service_record
from admin.blueprint import bp
from admin.curation_log import log_decision
from admin.duplicates.services import (
    FIELD_GROUPS,
    dismiss_pair,
    duplicate_pairs,
    is_candidate_pair,
    merge_services,
    pair_key,
)
from directory.contributions.fields import SERVICE_LABELS, display_value, service_snapshot
from directory.contributions.forms import ConfirmForm
from directory.contributions.queries import kind_terms
from directory.models import Service
from tsunagu.db import db
from tsunagu.permissions import can_manage_archive, require

PLACE_LABEL = _l("場所（住所・地図の位置・バリアフリー）")


def _pair(first_id: int, second_id: int) -> tuple[Service, Service]:
    first, second = db.session.get(Service, first_id), db.session.get(Service, second_id)
    if first is None or second is None or first_id == second_id:
        abort(404)
    return first, second


def _place_text(snapshot: dict[str, Any]) -> str:
    address = "".join(str(snapshot.get(name) or "") for name in FIELD_GROUPS["place"][:6])
    point = f"({snapshot['latitude']}, {snapshot['longitude']})" if snapshot.get("latitude") is not None else ""
    extras = [display_value("accessibility", snapshot.get("accessibility"))] if snapshot.get("accessibility") else []
    if snapshot.get("private_home"):
        extras.append(str(SERVICE_LABELS["private_home"]))
    return " ".join(part for part in (address, point, *extras) if part) or "—"


def comparison(first: Service, second: Service) -> list[dict[str, Any]]:
    """Rows of the side-by-side view: group, label, both values in words, whether they differ."""
    kinds = {term.code: term.name for term in kind_terms(db.session)}
    left, right = service_snapshot(first), service_snapshot(second)
    rows = []
    for group, names in FIELD_GROUPS.items():
        if group == "place":
            label, a, b = str(PLACE_LABEL), _place_text(left), _place_text(right)
        else:
            label = str(SERVICE_LABELS[group])
            a, b = display_value(group, left.get(group), kinds), display_value(group, right.get(group), kinds)
        values = [left.get(n) for n in names], [right.get(n) for n in names]
        rows.append(
            {
                "group": group,
                "label": label,
                "first": a,
                "second": b,
                "differs": values[0] != values[1],
                "first_empty": a == "—",
            }
        )
    return rows


@bp.route("/duplicates")
@require(can_manage_archive)
def duplicates() -> str:
    """Every pair still to decide."""
    return render_template("admin/duplicates.html", pairs=duplicate_pairs(db.session))


@bp.route("/duplicates/<int:first_id>/<int:second_id>", methods=["GET", "POST"])
@require(can_manage_archive)
def duplicate_pair(first_id: int, second_id: int) -> str | Response | tuple[str, int]:
    """Side by side; POST merges with the picks (keep = which entry survives, pick_<group> = first/second)."""
    first, second = _pair(*pair_key(first_id, second_id))
    form = ConfirmForm()
    if not is_candidate_pair(db.session, first, second):
        flash(_("この組み合わせは、もう重複の候補ではありません。"), "info")
        return redirect(url_for("admin.duplicates"))
    if form.validate_on_submit():
        keep_first = request.form.get("keep", "first") != "second"
        kept, other = (first, second) if keep_first else (second, first)
        side = {"first": "kept" if keep_first else "other", "second": "other" if keep_first else "kept"}
        picks = {group: side.get(request.form.get(f"pick_{group}", ""), "kept") for group in FIELD_GROUPS}
        snapshots = {"kept": service_record(kept), "other": service_record(other)}
        moved = merge_services(db.session, kept, other, picks, actor_id=current_user.id)
        log_decision("service.merge", "service", kept.id, merged_id=other.id, picks=picks, moved=moved, **snapshots)
        db.session.commit()
        flash(_("「%(other)s」を「%(kept)s」に統合しました。", other=other.name, kept=kept.name), "info")
        return redirect(url_for("directory.service_detail", service_id=kept.id))
    html = render_template(
        "admin/duplicate_pair.html", first=first, second=second, rows=comparison(first, second), form=form
    )
    return html, 400 if form.errors else 200


@bp.route("/duplicates/<int:first_id>/<int:second_id>/dismiss", methods=["POST"])
@require(can_manage_archive)
def duplicate_dismiss(first_id: int, second_id: int) -> Response:
    """「重複ではない」: the pair is never proposed again."""
    first, second = _pair(*pair_key(first_id, second_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    dismiss_pair(db.session, first, second, actor_id=current_user.id)
    log_decision("duplicate.dismiss", "service", first.id, other_id=second.id, names=[first.name, second.name])
    db.session.commit()
    flash(_("「%(name)s」の2件を、重複ではないとしました。", name=first.name), "info")
    return redirect(url_for("admin.duplicates"))
