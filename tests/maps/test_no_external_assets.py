"""No page of the app loads a script or stylesheet from another host (LGWAN and other closed networks).

Every GET route of the URL map is requested, with the demo town loaded, as an anonymous visitor and as the
demo admin; every <script src>, <link rel=stylesheet href>, CSS @import/url() and JS module import in the
answers (and in the app's own static CSS) must point at the app itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.routing import IntegerConverter

from devtools.demo import DEMO_PASSWORD, load_demo
from directory.models import Area, Location, Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from tests.helpers import login
from tsunagu.config import PROJECT_ROOT

SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)
LINK = re.compile(r"<link\b[^>]*>", re.I)
HREF = re.compile(r"\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.I)
CSS_URL = re.compile(r"@import\s+(?:url\()?[\"']?([^\"')\s;]+)|url\(\s*[\"']?([^\"')]+)", re.I)
STYLESHEET = re.compile(r"rel\s*=\s*[\"']?[^\"'>]*stylesheet", re.I)
PRELOAD = re.compile(r"\bas\s*=\s*[\"']?(script|style)", re.I)
EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def external_assets(text: str) -> list[str]:
    """Script and stylesheet URLs in an HTML or CSS text that leave the app."""
    found = SCRIPT.findall(text)
    for tag in LINK.findall(text):
        if STYLESHEET.search(tag) or PRELOAD.search(tag):
            found += HREF.findall(tag)
    for imported, url in CSS_URL.findall(text):
        found.append(imported or url)
    return [url for url in found if EXTERNAL.match(url.strip())]


def test_the_checker_itself_finds_cdn_references():
    html = (
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/x.css"><script src="//code.jquery.com/j.js">'
        '</script><style>@import url("https://fonts.googleapis.com/css");</style><script src="/static/a.js">'
    )
    assert external_assets(html) == [
        "//code.jquery.com/j.js",
        "https://cdn.jsdelivr.net/x.css",
        "https://fonts.googleapis.com/css",
    ]


def _values(session) -> dict[str, object]:
    """A real value for each URL argument name (a 404 page is still a page, and is checked too)."""
    service = session.scalar(select(Service).order_by(Service.id))
    link = session.scalar(select(ServiceAtLocation).order_by(ServiceAtLocation.id))
    return {
        "service_id": service.id,
        "organization_id": session.scalar(select(Organization.id).order_by(Organization.id)),
        "location_id": session.scalar(select(Location.id).where(Location.point.is_(None))) or link.location_id,
        "area_id": session.scalar(select(Area.id).order_by(Area.id)),
        "uuid": service.uuid,
        "id": service.id,
        "filename": "css/tsunagu.css",
        "taxonomy_id": session.scalar(select(Taxonomy.uuid)),
        "term_id": session.scalar(select(TaxonomyTerm.uuid)),
        # the same names as integer keys, for routes that take `<int:…>` (admin pages) rather than a UUID
        "int:taxonomy_id": session.scalar(select(Taxonomy.id)),
        "int:term_id": session.scalar(select(TaxonomyTerm.id)),
    }


def _get_paths(app, values) -> list[str]:
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        integer = {n for n, c in rule._converters.items() if isinstance(c, IntegerConverter)}
        arguments = {n: values.get(f"int:{n}" if n in integer else n, values.get(n, 1)) for n in rule.arguments}
        path = rule.build(arguments, append_unknown=False)[1]
        paths.append(path)
    # the map in each of its views, and the search with filters (the map panel beside the results)
    return paths + ["/map/embed?view=coverage", "/map/embed?compact=1&kind=ibasho", "/?kind=ibasho&day=wed"]


# this test is about where assets come from; a library deprecation on some page is another test's business
@pytest.mark.filterwarnings("default::DeprecationWarning")
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_page_references_an_external_script_or_stylesheet(app, client, db_session, who):
    load_demo(db_session)
    db_session.flush()
    if who == "admin":
        assert login(client, "admin@example.jp", DEMO_PASSWORD).status_code == 302
    values = _values(db_session)
    checked, offenders = 0, []
    for path in _get_paths(app, values):
        if path.startswith("/logout"):
            continue
        response = client.get(path)
        body = response.get_data(as_text=True) if response.mimetype in ("text/html", "text/css") else ""
        response.close()
        checked += bool(body)
        offenders += [f"{path}: {url}" for url in external_assets(body)]
    assert checked >= 10, "the crawl fetched too few pages to mean anything"
    assert not offenders, "\n".join(offenders)


def test_no_static_stylesheet_imports_from_another_host():
    static = Path(PROJECT_ROOT) / "tsunagu" / "static"
    offenders = [
        f"{css.relative_to(static)}: {url}"
        for css in static.rglob("*.css")
        for url in external_assets(css.read_text(encoding="utf-8"))
    ]
    assert not offenders, "\n".join(offenders)
