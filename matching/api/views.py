"""`POST /api/v1/match`: the coordinator page's engine for a profile sent as JSON.

Two ways in, one permission (`can_match`) and one audit entry per call:
- a personal API token (`Authorization: Bearer <token>`, matching.api.tokens): no cookie, so no CSRF;
  a revoked or unknown token is 401;
- a coordinator's session cookie plus the CSRF token in an `X-CSRFToken` header (the read API blueprint is
  CSRF-exempt for its open GET endpoints).
Rate limited with the rest of the API (tsunagu.limits). Every error is problem JSON, never a 500.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_login import current_user
from flask_wtf.csrf import ValidationError, validate_csrf
from werkzeug.wrappers import Response

from directory.search.params import InvalidParameter, parse_int_param
from matching.api.tokens import bearer_user
from matching.blueprint import match_api
from matching.engine import ProfileError, parse_profile
from matching.suggestions.outcome import current_model
from matching.suggestions.queries import run_match
from matching.suggestions.reasons import suggestion_json
from tsunagu.audit import record, request_ip_digest
from tsunagu.db import db
from tsunagu.permissions import can_match
from tsunagu.web import problem


def _unauthorized(detail: str) -> Response:
    response = problem(401, detail)
    response.headers["WWW-Authenticate"] = 'Bearer realm="tsunagu"'
    return response


def _caller() -> tuple[Any, int | None] | Response:
    """(user, token id — None for the session) for this request, or the 401 that refuses it. A request
    that sends an Authorization header is judged by it alone, even with a session cookie."""
    if request.headers.get("Authorization"):
        found = bearer_user(db.session, request.headers["Authorization"])
        if found is None:
            return _unauthorized("unknown or revoked API token (send Authorization: Bearer <token>)")
        user, token = found
        return user, token.id
    if not current_user.is_authenticated:
        return _unauthorized("sign in as a coordinator, or send a personal API token")
    return current_user, None


@match_api.post("/match")
def match() -> Response:
    """Ranked suggestions for a match profile:
    [{"service_id","name","score","reasons","distance_km","next_dates","uncertain"}]."""
    caller = _caller()
    if isinstance(caller, Response):
        return caller
    user, token_id = caller
    if not can_match(user):
        return problem(403, "matching is for coordinators")
    if token_id is None:  # the session cookie rides along on any request: ask for the CSRF token too
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
        except ValidationError:
            return problem(400, "CSRF token missing or invalid: send it in the X-CSRFToken header")
    try:
        limit = parse_int_param(request.args, "limit", 1, 100) or 10
    except InvalidParameter as exc:
        return problem(400, exc.message, invalid_params=[{"name": exc.name, "reason": exc.message}])
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the JSON parser goes: not a profile either
        data = None
    if data is None:
        return problem(400, "the body must be a JSON match profile (Content-Type: application/json)")
    try:
        result = run_match(db.session, parse_profile(data), limit=limit, model=current_model(db.session))
    except ProfileError as exc:
        return problem(400, str(exc), invalid_params=[{"name": exc.field, "reason": exc.message}])
    record(
        db.session,
        actor_id=user.id,
        action="match.api",
        object_type="api_token" if token_id is not None else "session",
        object_id=token_id,
        page=request.path,
        ip_digest=request_ip_digest(),
        detail={"suggestions": len(result.suggestions)},
    )
    db.session.commit()
    return jsonify([suggestion_json(s) for s in result.suggestions])
