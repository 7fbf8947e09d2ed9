"""Rate limits (Flask-Limiter): sign-in attempts per address, anonymous forms, and the open API.

The per-account lockout in tsunagu.auth.services stops guessing one password; these limits stop one address
from trying many accounts, flooding the public correction/registration forms, or scraping the API. All limits
are listed here, in one table, and read from the config at request time, so an operator tunes them with
TSUNAGU_RATE_* without code changes. Behind a reverse proxy set TSUNAGU_PROXY_COUNT so the client address
(not the proxy's) is what is counted.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

POST_LIMITS = {
    "auth.login": "TSUNAGU_RATE_LOGIN",
    "auth.forgot_password": "TSUNAGU_RATE_FORMS",
    "auth.reset_password": "TSUNAGU_RATE_FORMS",
    "directory.register": "TSUNAGU_RATE_FORMS",
    "volunteer.volunteer_signup": "TSUNAGU_RATE_FORMS",
    "directory.service_correction": "TSUNAGU_RATE_FORMS",
    "directory.request_entry_translation": "TSUNAGU_RATE_FORMS",
}
"""Endpoint → config key of its limit on POST (submissions; looking at the form is never limited)."""
BLUEPRINT_LIMITS = {"api": "TSUNAGU_RATE_API", "match_api": "TSUNAGU_RATE_API"}
"""Blueprint → config key of its limit on every request."""


def _configured(key: str) -> Callable[[], str]:
    return lambda: str(current_app.config[key])


def init_limits(app: Flask) -> Limiter:
    """One limiter per app, attached after the blueprints are registered; trusts the configured proxies."""
    proxies = int(app.config.get("TSUNAGU_PROXY_COUNT", 0))
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    limiter = Limiter(key_func=get_remote_address, app=app)
    # the decorated views hold the limiter weakly, and a disabled limiter registers nowhere: keep it alive here
    app.extensions["tsunagu_limiter"] = limiter
    for endpoint, key in POST_LIMITS.items():
        if endpoint in app.view_functions:
            view = app.view_functions[endpoint]
            app.view_functions[endpoint] = limiter.limit(_configured(key), methods=["POST"])(view)
    for name, key in BLUEPRINT_LIMITS.items():
        limiter.limit(_configured(key))(app.blueprints[name])
    return limiter
