"""Coordinator area (/coordinator/…)."""

from __future__ import annotations

from flask import render_template

from matching import bp
from tsunagu.permissions import can_use_coordinator_area, require


@bp.route("/")
@require(can_use_coordinator_area)
def home() -> str:
    return render_template("matching/home.html")
