"""Every payload of tests/xss_corpus.py, stored in every text field of an entry, comes out of every public page
as text: no event-handler attribute, no javascript: URL, no injected element or script, no template evaluated.

The browser run (tests/e2e/test_xss_browser.py) checks the same in Chromium, where a dialog would fire.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.factories import make_organization, make_service, weekly
from tests.xss_corpus import PAYLOADS

URL_ATTRIBUTES = {"href", "src", "action", "data", "formaction", "xlink:href", "content"}
PAYLOAD_MARKS = ("alert(", "evil.example")
"""Every payload that could act carries one of these; our own markup never does."""


class _MarkupAudit(HTMLParser):
    """Collects what only markup (never text) could have produced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            lowered = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and ("javascript:" in lowered or lowered.startswith("data:text")):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            elif any(mark in lowered for mark in PAYLOAD_MARKS) and name not in ("value", "title", "aria-label", "alt"):
                self.problems.append(f"{name}={value!r} on <{tag}>")
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and any(mark in data for mark in PAYLOAD_MARKS):
            self.problems.append(f"payload inside a <script>/<style>: {data[:60]!r}")
        elif not self._in_script:
            self.text.append(data)


def audit(html: str) -> _MarkupAudit:
    parser = _MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture
def hostile_entries(db_session):
    """One published entry per payload, the payload in every free-text field a group or an import can fill."""
    services = []
    for n, payload in enumerate(PAYLOADS):
        organization = make_organization(
            db_session, name=f"{payload[:150]} 会{n}", description=payload, website=payload[:500]
        )
        service = make_service(
            db_session,
            name=f"{payload[:150]} {n}",
            organization=organization,
            schedule={**weekly(), "notes": payload, "description": payload[:500]},
            description=payload,
            how_to_join=payload,
            atmosphere_notes=payload,
            eligibility_description=payload,
            fees_description=payload,
            alternate_name=payload[:200],
            url=payload[:500],  # a javascript: "URL" must never become a link
        )
        services.append(service)
    db_session.commit()
    return services


def _pages(services) -> list[str]:
    pages = ["/", "/?q=alert", "/?q=%7B%7B7*7%7D%7D", "/map", "/api/v1/map.geojson"]
    return pages + [f"/services/{service.id}" for service in services]


def test_every_payload_stays_text_on_every_public_page(client, hostile_entries):
    for path in _pages(hostile_entries):
        response = client.get(path)
        if response.status_code == 404 and path == "/map":
            continue  # the map page is optional in this build
        assert response.status_code == 200, path
        if response.mimetype != "text/html":
            continue
        found = audit(response.get_data(as_text=True))
        assert found.problems == [], f"{path}: {found.problems[:5]}"


def test_templates_in_user_text_are_shown_not_evaluated(client, hostile_entries):
    template = next(s for s in hostile_entries if s.description == "{{7*7}}")
    text = "".join(audit(client.get(f"/services/{template.id}").get_data(as_text=True)).text)
    assert "{{7*7}}" in text
