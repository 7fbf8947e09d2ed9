"""The leak crawler: unique markers in every kind of personal record (tests/security/conftest.py), every GET
route of the URL map crawled as anonymous and as each role (then the links with a query string it finds), and a
failure wherever a marker shows to someone the permissions keep it from, or a person's data shows without an
audit row of that read (both databases).

New routes are crawled because the crawler reads the URL map; new kinds of records are seeded in conftest.py.
"""

from __future__ import annotations

from typing import Any

from flask_login import AnonymousUserMixin
from sqlalchemy import func, select

from tests.security.crawl import Visit, body_text, linked_visits, signed_in, visits
from tsunagu.models import AuditLog
from tsunagu.web import PRIVATE_BLUEPRINTS


def _audited_persons(session, user, since: int) -> set[int]:
    """Persons whose reads (or listings) by `user` were audited after audit row `since`."""
    rows = session.scalars(select(AuditLog).where(AuditLog.actor_id == user.id, AuditLog.id > since))
    persons: set[int] = set()
    for row in rows:
        if row.object_type == "person" and row.object_id is not None:
            persons.add(row.object_id)
        persons.update((row.detail or {}).get("person_ids", []))
    return persons


def test_no_page_shows_personal_data_to_a_role_the_permissions_keep_it_from(app, db_session, world):
    viewers: dict[str, Any] = {"anonymous": None, **world.users}
    pages = list(visits(app, db_session))
    leaks: list[str] = []
    unaudited: list[str] = []
    errors: list[str] = []
    for name, user in viewers.items():
        client = signed_in(app, user)
        viewer = user if user is not None else AnonymousUserMixin()
        forbidden = [m for m in world.markers if not m.may_see(viewer)]
        audited = [m for m in world.markers if m.audited and m.may_see(viewer)]
        queue, seen = list(pages), set()
        for page in queue:
            since = db_session.scalar(select(func.coalesce(func.max(AuditLog.id), 0)))
            response = client.get(page.path)
            text = body_text(response)
            if response.status_code >= 500:
                errors.append(f"{name}: {page.path} → {response.status_code}")
            leaks += [f"{name}: {page.path} shows {m.text}" for m in forbidden if m.text in text]
            shown = {m.person.id for m in audited if m.text in text}
            if user is not None and shown and response.status_code == 200:
                missing = shown - _audited_persons(db_session, user, since)
                unaudited += [f"{name}: {page.path} shows person {pid} without an audit row" for pid in missing]
            _check_visit(page, response)
            if response.status_code == 200 and response.mimetype == "text/html":
                queue += linked_visits(app, text, seen)
    assert not errors, "\n".join(errors)
    assert not leaks, "personal data shown to a role that may not see it:\n" + "\n".join(sorted(set(leaks)))
    assert not unaudited, "\n".join(sorted(set(unaudited)))


def _check_visit(page: Visit, response: Any) -> None:
    """Every private response is kept out of caches (no-store), whatever the status."""
    if page.endpoint.split(".")[0] in PRIVATE_BLUEPRINTS:
        assert "no-store" in response.headers.get("Cache-Control", ""), page.path
