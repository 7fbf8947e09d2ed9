"""Matching and casework: persons, consent, placements, unmet needs, coordinator pages."""

from flask import Blueprint

bp = Blueprint("matching", __name__)
