"""Administration: review queue, curation, users and roles, reports, audit log, imports."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
