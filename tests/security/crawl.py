"""Walking the whole HTTP surface from the URL map: every GET route, its `<arguments>` filled from real database
ids, as anonymous and as a user of each role. Shared by the leak crawler and the parameter fuzzer.

A new route is crawled without anyone listing it; a new *kind* of route argument fails the crawl until
`ARGUMENT_SOURCES` (or `TEXT_ARGUMENTS`) says where its values come from.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Rule

from directory.models import ChangeRequest, Location, Service, TaxonomyTerm, Volunteer
from matching.models import (
    CustomMenu,
    DevelopmentCase,
    HostProspect,
    Household,
    HouseholdMember,
    Meeting,
    Person,
    Placement,
)
from tests.helpers import login
from tsunagu.models import Agency, User

ARGUMENT_SOURCES: dict[str, Any] = {
    "person_id": Person.id,
    "placement_id": Placement.id,
    "prospect_id": HostProspect.id,
    "menu_id": CustomMenu.id,
    "case_id": DevelopmentCase.id,
    "service_id": Service.id,
    "first_id": Service.id,
    "second_id": Service.id,
    "volunteer_id": Volunteer.id,
    "user_id": User.id,
    "agency_id": Agency.id,
    "request_id": ChangeRequest.id,
    "location_id": Location.id,
    "term_id": TaxonomyTerm.id,
    "uuid": Service.uuid,
    "meeting_id": Meeting.id,
    "household_id": Household.id,
    "member_id": HouseholdMember.id,
}
"""Route argument → the column whose stored values fill it (the newest few rows)."""

TEXT_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "token": ("not-a-token",),
    "locale": ("en",),
    "size": ("small",),
    "name": ("missing.jpg",),
    "key": ("by_kind", "unmet_district"),
}
"""Route arguments that name no row: a few representative values."""

SKIPPED_ENDPOINTS = frozenset({"static"})
PER_ARGUMENT = 3


@dataclass(frozen=True)
class Visit:
    """One GET the crawler makes."""

    endpoint: str
    path: str


def get_rules(app: Flask) -> list[Rule]:
    """Every GET route of the app, in a stable order."""
    rules = [r for r in app.url_map.iter_rules() if "GET" in (r.methods or ()) and r.endpoint not in SKIPPED_ENDPOINTS]
    return sorted(rules, key=lambda r: (r.rule, r.endpoint))


def argument_values(session: Session, name: str) -> list[Any]:
    """Values for one route argument: stored ids (or uuids), newest first, or the fixed text values."""
    if name in TEXT_ARGUMENTS:
        return list(TEXT_ARGUMENTS[name])
    column = ARGUMENT_SOURCES.get(name)
    if column is None:
        raise LookupError(f"the crawler does not know where <{name}> comes from: add it to ARGUMENT_SOURCES")
    primary = column.class_.id
    return list(session.scalars(select(column).order_by(primary.desc()).limit(PER_ARGUMENT)))


def visits(app: Flask, session: Session) -> Iterator[Visit]:
    """Every GET route once per combination of argument values (a route without values is visited once)."""
    for rule in get_rules(app):
        names = sorted(rule.arguments)
        choices = [argument_values(session, name) for name in names]
        for values in itertools.product(*choices):
            arguments = dict(zip(names, values, strict=True))
            path = rule.build(arguments, append_unknown=False)
            assert path is not None
            yield Visit(rule.endpoint, path[1])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def linked_visits(app: Flask, html: str, seen: set[tuple[str, tuple[str, ...]]]) -> list[Visit]:
    """Same-site links with a query string (`?person=…`, `?need=…`) not seen before, one per route and set of
    parameter names: the pages the URL map alone cannot name."""
    parser = _Links()
    parser.feed(html)
    adapter = app.url_map.bind("localhost")
    found = []
    for href in parser.hrefs:
        url = urlsplit(href)
        if url.netloc or not url.query or not url.path.startswith("/"):
            continue
        try:
            endpoint, _arguments = adapter.match(url.path, method="GET")
        except HTTPException:
            continue
        key = (str(endpoint), tuple(sorted(parse_qs(url.query))))
        if key not in seen:
            seen.add(key)
            found.append(Visit(str(endpoint), f"{url.path}?{url.query}"))
    return found


def signed_in(app: Flask, user: User | None) -> FlaskClient:
    """A browser of its own, signed in as `user` (anonymous for None)."""
    client = app.test_client()
    if user is not None:
        response = login(client, user.email)
        assert response.status_code == 302, f"could not sign in as {user.role}"
    return client


def body_text(response: Any) -> str:
    """The response as text (binary bodies decoded leniently: a marker is ASCII)."""
    return response.get_data().decode("utf-8", errors="replace")


Check = Callable[[Visit, Any], None]
