"""表示と説明の食い違い (/admin/label-conflicts): published entries whose own text contradicts their 少人数 /
静か / にぎやか label (「毎回30人以上」 on a 少人数 entry), for curation to fix the label or the text.

Matching already distrusts such a label (`matching.engine.preferences.label_conflicts`); this page is where
the contradiction gets fixed at the source.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from admin.blueprint import bp
from directory.models import EntryStatus, Service
from matching.engine.preferences import label_conflicts
from tsunagu.db import db
from tsunagu.permissions import can_review, require


@dataclass(frozen=True)
class LabelConflict:
    """One entry and the labels its text contradicts ("group_size", "atmosphere")."""

    service_id: int
    name: str
    labels: tuple[str, ...]


def conflicting_entries(session: Session) -> list[LabelConflict]:
    """Published entries with a size or atmosphere label that their description or atmosphere notes contradict."""
    rows = session.execute(
        select(
            Service.id,
            Service.name,
            Service.group_size,
            Service.atmosphere,
            Service.description,
            Service.atmosphere_notes,
        )
        .where(
            Service.status == EntryStatus.PUBLISHED,
            or_(Service.group_size.is_not(None), Service.atmosphere.is_not(None)),
        )
        .order_by(Service.id)
    )
    found = []
    for service_id, name, size, mood, description, notes in rows:
        text = " ".join(part for part in (description, notes) if part)
        labels = label_conflicts(size.value if size else None, mood.value if mood else None, text)
        if labels:
            found.append(LabelConflict(service_id, name, labels))
    return found


@bp.route("/label-conflicts")
@require(can_review)
def label_conflicts_page() -> str:
    """The entries whose text contradicts their label, with a link to fix each."""
    return render_template("admin/label_conflicts.html", conflicts=conflicting_entries(db.session))
