"""Administration: review queue, curation, users and roles, reports, audit log, imports."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from admin import (  # noqa: E402,F401  (curation: routes on bp)  # noqa: E402,F401  (maps: boundaries, the 位置未設定 queue)  # noqa: E402,F401  (casework: reports, audit log per person and user)
    areas,
    audit,
    imports,  # noqa: E402,F401  (imports: upload, preview, confirm)
    locations,
    registrations,
    reports,
    review,
    stale,
)
