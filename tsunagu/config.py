"""Configuration from the environment (TSUNAGU_*), with safe development defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def _secret_key(instance: Path) -> str:
    """TSUNAGU_SECRET_KEY, else a random key kept in the instance folder so sessions survive restarts."""
    from_env = os.environ.get("TSUNAGU_SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def instance_path() -> Path:
    """Folder for the SQLite database, the secret key and uploads."""
    return Path(os.environ.get("TSUNAGU_INSTANCE_PATH", DEFAULT_INSTANCE)).resolve()


def from_environment(instance: Path) -> dict[str, Any]:
    """Flask config built from TSUNAGU_* variables."""
    database_url = os.environ.get("TSUNAGU_DATABASE_URL") or f"sqlite:///{instance / 'tsunagu.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "TSUNAGU_READ_DATABASE_URL": os.environ.get("TSUNAGU_READ_DATABASE_URL") or None,
        "TSUNAGU_CACHE_URL": os.environ.get("TSUNAGU_CACHE_URL") or None,
        "TSUNAGU_REDIS_URL": os.environ.get("TSUNAGU_REDIS_URL") or None,  # background imports (RQ)
        "SECRET_KEY": _secret_key(instance),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("TSUNAGU_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "BABEL_DEFAULT_LOCALE": "ja",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tokyo",
        "TSUNAGU_TILES": os.environ.get("TSUNAGU_TILES", "osm"),
        "TSUNAGU_COVERAGE_TARGET": int(os.environ.get("TSUNAGU_COVERAGE_TARGET", "10")),
        "TSUNAGU_GEOCODER": os.environ.get("TSUNAGU_GEOCODER", "none"),
        "TSUNAGU_GSI_URL": os.environ.get("TSUNAGU_GSI_URL") or None,
        "TSUNAGU_LOGIN_MAX_FAILURES": int(os.environ.get("TSUNAGU_LOGIN_MAX_FAILURES", "5")),
        "TSUNAGU_LOGIN_LOCK_MINUTES": int(os.environ.get("TSUNAGU_LOGIN_LOCK_MINUTES", "15")),
        # staff (admin, coordinator, agency) sessions end after this many idle minutes; 0 turns it off
        "TSUNAGU_STAFF_IDLE_MINUTES": int(os.environ.get("TSUNAGU_STAFF_IDLE_MINUTES", "30")),
        "TSUNAGU_PAGE_SIZE": 50,
        # no request body beyond this reaches a view (imports and photos have their own, smaller limits)
        "MAX_CONTENT_LENGTH": int(os.environ.get("TSUNAGU_MAX_REQUEST_MB", "25")) * 1024 * 1024,
        "RATELIMIT_ENABLED": os.environ.get("TSUNAGU_RATELIMIT", "on") != "off",
        "RATELIMIT_STORAGE_URI": os.environ.get("TSUNAGU_RATELIMIT_STORAGE", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "TSUNAGU_RATE_LOGIN": os.environ.get("TSUNAGU_RATE_LOGIN", "10 per minute; 50 per hour"),
        "TSUNAGU_RATE_FORMS": os.environ.get("TSUNAGU_RATE_FORMS", "5 per minute; 30 per hour"),
        "TSUNAGU_RATE_API": os.environ.get("TSUNAGU_RATE_API", "300 per minute"),
        "TSUNAGU_PROXY_COUNT": int(os.environ.get("TSUNAGU_PROXY_COUNT", "0")),
    }
