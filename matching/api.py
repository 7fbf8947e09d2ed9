"""`POST /api/v1/match`: the coordinator page's engine for a profile sent as JSON.

Signed-in coordinators only (session cookie plus the CSRF token in an `X-CSRFToken` header, since the read
API blueprint is CSRF-exempt for its open GET endpoints). Every error is problem JSON, never a 500.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf
from werkzeug.wrappers import Response

from directory.api import api
from directory.search_params import InvalidParameter, parse_int_param
from matching.engine import ProfileError, parse_profile
from matching.outcome import current_model
from matching.queries import run_match
from matching.reasons import suggestion_json
from tsunagu.db import db
from tsunagu.permissions import can_match
from tsunagu.web import problem


@api.post("/match")
def match() -> Response:
    """Ranked suggestions for a match profile: [{"service_id","name","score","reasons","distance_km"}]."""
    if not current_user.is_authenticated:
        return problem(401, "sign in as a coordinator")
    if not can_match(current_user):
        return problem(403, "matching is for coordinators")
    try:
        validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
    except ValidationError:
        return problem(400, "CSRF token missing or invalid: send it in the X-CSRFToken header")
    try:
        limit = parse_int_param(request.args, "limit", 1, 100) or 10
    except InvalidParameter as exc:
        return problem(400, exc.message, invalid_params=[{"name": exc.name, "reason": exc.message}])
    data = request.get_json(silent=True)
    if data is None:
        return problem(400, "the body must be a JSON match profile (Content-Type: application/json)")
    try:
        result = run_match(db.session, parse_profile(data), limit=limit, model=current_model(db.session))
    except ProfileError as exc:
        return problem(400, str(exc), invalid_params=[{"name": exc.field, "reason": exc.message}])
    return jsonify([suggestion_json(s) for s in result.suggestions])
