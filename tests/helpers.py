"""Small helpers for driving the app like a browser does (CSRF token included)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.factories import PASSWORD

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD, next_path: str | None = None) -> TestResponse:
    token = csrf_token(client)
    url = "/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


@cache
def _hsds_validator(shared: str, name: str) -> Any:
    with open(f"{shared}/hsds/schema/compiled/{name}.json", encoding="utf-8") as fh:
        schema = json.load(fh)
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(shared_dir: Path, name: str, obj: dict[str, Any]) -> None:
    """Fail with the first errors when `obj` does not validate against HSDS compiled schema `name`."""
    errors = sorted(_hsds_validator(str(shared_dir), name).iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
