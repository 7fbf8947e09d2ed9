"""Admin area (/admin/…)."""

from __future__ import annotations

from flask import render_template

from admin.blueprint import bp
from admin.stale import freshness
from tsunagu.permissions import can_use_admin_area, require


@bp.route("/")
@require(can_use_admin_area)
def home() -> str:
    return render_template("admin/home.html", freshness=freshness())
