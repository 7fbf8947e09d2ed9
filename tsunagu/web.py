"""Shared web plumbing: CSRF, error pages, security headers, template helpers."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter
from werkzeug.wrappers import Response

from tsunagu import permissions
from tsunagu.catalog_cache import request_outcome, track_request
from tsunagu.db import db
from tsunagu.forms import MAX_RECORD_ID

csrf = CSRFProtect()

_ERROR_TITLES = {
    400: _l("リクエストが正しくありません"),
    401: _l("ログインが必要です"),
    403: _l("このページを見る権限がありません"),
    404: _l("ページが見つかりません"),
    405: _l("この操作はできません"),
    413: _l("送られたデータが大きすぎます"),
    429: _l("リクエストが多すぎます"),
    500: _l("エラーが発生しました"),
    503: _l("ただいま利用できません"),
}


PRIVATE_BLUEPRINTS = frozenset({"matching", "volunteer", "host", "match_api", "admin"})
"""Blueprints whose every response may carry personal data (casework, volunteers, hosts, administration)."""


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Bidirectional formatting characters: they reorder how the text around them is displayed."""
NAME_FIELD_SUFFIX = "name"
"""Form fields whose key ends so are names (name, code_name, display_name, nickname, organization_name …)."""


def problem(status: int, detail: str | None = None, **extra: Any) -> Response:
    """An RFC 9457 problem+json response (the API's only error shape)."""
    body = {"type": "about:blank", "title": str(_ERROR_TITLES.get(status, _ERROR_TITLES[500])), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _error_page(code: int, detail: str | None = None) -> Response | tuple[str, int]:
    if request.path.startswith("/api/"):
        return problem(code, detail)
    title = str(_ERROR_TITLES.get(code, _ERROR_TITLES[500]))
    return render_template("errors/error.html", code=code, title=title, detail=detail), code


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in routes: an id a BIGINT column can hold, so a larger number is a plain 404 (SQLite and psycopg
    cannot even bind it)."""

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, *args, **kwargs)


def init_web(app: Flask) -> None:
    """CSRF on every form, error pages in the user's language, headers on every response."""
    app.url_map.converters["int"] = RecordIdConverter
    csrf.init_app(app)
    app.before_request(track_request)

    @app.after_request
    def _cache_outcome(response: Response) -> Response:
        # X-Cache, as caching proxies send it: whether the page or API body came from the catalog cache
        # (hit, shared = another worker built it, miss, bypass); what `tsunagu bench load` counts
        outcome = request_outcome()
        if outcome is not None:
            response.headers["X-Cache"] = outcome
        return response

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response | tuple[str, int]:
        code = exc.code or 500
        return _error_page(code, exc.description if code < 500 and request.path.startswith("/api/") else None)

    @app.errorhandler(CSRFError)
    def _csrf_error(_exc: CSRFError) -> Response | tuple[str, int]:
        return _error_page(400)

    @app.errorhandler(OperationalError)
    def _db_down(_exc: OperationalError) -> Response | tuple[str, int]:
        try:
            db.session.rollback()
        except SQLAlchemyError:  # the connection died with the server: nothing to roll back
            db.session.remove()
        # the page must not need the database: no user to load (the locale then comes from the browser)
        g._login_user = AnonymousUserMixin()
        return _error_page(503)

    @app.before_request
    def _refuse_control_characters() -> Response | tuple[str, int] | None:
        # NUL cannot be stored in PostgreSQL text and has no meaning in a form or a search: refuse it up front
        # every value of a repeated key (?kind=&kind=%00): MultiDict.values() gives only the first of each
        values = [*request.args.keys(), *(v for _key, vs in request.args.lists() for v in vs)]
        names: list[str] = []
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += [*request.form.keys(), *(v for _key, vs in request.form.lists() for v in vs)]
            names = [v for key, vs in request.form.lists() if key.endswith(NAME_FIELD_SUFFIX) for v in vs]
        if any("\x00" in value for value in values):
            return _error_page(400, str(_l("入力に使えない文字（NUL）が含まれています")))
        # a right-to-left override in a name makes it display as other text than it holds (another code name)
        if any(BIDI_CONTROLS.search(value) for value in names):
            return _error_page(400, str(_l("名前に使えない文字（文字の向きを変える制御文字）が含まれています")))
        return None

    permissions.expose_to_templates(app, permissions)

    @app.after_request
    def _private_pages_are_not_stored(response: Response) -> Response:
        # what a signed-in user sees (persons, timelines, placements, volunteers, reports, the admin area) and
        # anything from the private areas is kept by no browser or proxy cache; static files stay cacheable
        if request.endpoint == "static" or "no-store" in (response.headers.get("Cache-Control") or ""):
            return response
        private_area = request.blueprint in PRIVATE_BLUEPRINTS
        if private_area or current_user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        return response
