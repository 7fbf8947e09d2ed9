"""The parameter fuzzer: hostile values in every GET route's query parameters and every form's fields, as
anonymous and as each role, and not one 500 (both databases).

Parameter names come from the pages themselves (the inputs of their forms) plus the names the views read;
each route (one set of ids) gets three requests carrying every parameter at once, each parameter with the next
value of `HOSTILE` (cycling), then one per parameter of its own forms, and each form two posts; the run stays
bounded; TSUNAGU_FUZZ_ROUNDS=N multiplies the requests for a deeper local run. NUL is left out: the app refuses
it before any view (tests/directory/api/test_fuzz.py).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

from tests.security.crawl import body_text, signed_in, visits

HOSTILE = (
    "99999999999999999999",
    str(2**63),
    "-1",
    "0",
    "1e308",
    "NaN",
    "' OR '1'='1",
    '"; DROP TABLE persons; --',
    "ケース\u202e1234",
    "\u2066名前\u2069",
    "😀" * 50,
    "x" * 5000,
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "１２:３０",
    "2026-02-30",
    " ",
    "[]",
    '{"a": 1}',
)
"""Values that broke or could break a parser: huge and negative numbers, SQL quotes, bidi controls, long text."""

COMMON_PARAMETERS = (
    "q",
    "page",
    "time",
    "day",
    "lat",
    "lon",
    "radius",
    "kind",
    "status",
    "district",
    "person",
    "user",
    "need",
    "agency",
    "prospect",
    "months",
    "role",
    "lang",
    "next",
    "sort",
    "per_page",
    "accessibility",
    "unmet",
)
"""Query parameters the views read that not every page has a form for."""

ROUNDS = int(os.environ.get("TSUNAGU_FUZZ_ROUNDS", "1"))
SKIPPED_ACTIONS = ("/logout",)
"""Form actions the fuzzer does not post to: signing out would end the crawl."""


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    has_file: bool = False


class _Forms(HTMLParser):
    """The forms of a page: method, action, and their named inputs with default values."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(values.get("action") or self.page)
            self.forms.append(Form(values.get("method", "get").lower(), action.path or self.page))
        elif tag in ("input", "select", "textarea") and self.forms and values.get("name"):
            form = self.forms[-1]
            form.fields.setdefault(values["name"], values.get("value", ""))
            form.has_file |= values.get("type") == "file"


def forms_of(path: str, html: str) -> list[Form]:
    parser = _Forms(path)
    parser.feed(html)
    return parser.forms


def _hostile_values() -> Any:
    return itertools.cycle(HOSTILE)


def _one_page_per_route(app: Any, session: Any) -> list[Any]:
    pages: dict[str, Any] = {}
    for page in visits(app, session):
        pages.setdefault(page.endpoint, page)
    return list(pages.values())


def test_no_parameter_or_form_field_makes_a_500(app, db_session, world):
    pages = _one_page_per_route(app, db_session)
    failures: list[str] = []
    values = _hostile_values()
    # the admin goes last: its forms may deactivate or re-role the other accounts
    viewers = sorted({"anonymous": None, **world.users}.items(), key=lambda item: item[0] == "admin")
    for name, user in viewers:
        client = signed_in(app, user)
        posted: set[str] = set()
        for page in pages:
            plain = client.get(page.path)
            if plain.status_code != 200 or not plain.mimetype.startswith("text/html"):
                continue  # refused before any parameter is read, or not a page with forms
            forms = forms_of(page.path, body_text(plain))
            own = sorted({n for f in forms if f.method == "get" for n in f.fields})
            everything = sorted({*own, *COMMON_PARAMETERS})
            # every parameter at once (each with the next hostile value), then each of the page's own alone, so a
            # 400 on one does not hide a crash on another
            queries = [{parameter: next(values) for parameter in everything} for _round in range(ROUNDS * 3)]
            queries += [{parameter: next(values)} for parameter in own for _round in range(ROUNDS)]
            for query in map(urlencode, queries):
                response = client.get(f"{page.path}?{query}")
                if response.status_code >= 500:
                    failures.append(f"{name}: GET {page.path}?{query[:200]} → {response.status_code}")
            for form in forms:
                if form.method != "post" or form.has_file or form.action in posted or form.action in SKIPPED_ACTIONS:
                    continue
                posted.add(form.action)
                for _round in range(ROUNDS * 2):
                    value = next(values)
                    data = {k: (v if k == "csrf_token" else value) for k, v in form.fields.items()}
                    response = client.post(form.action, data=data)
                    if response.status_code >= 500:
                        failures.append(f"{name}: POST {form.action} {value[:30]!r} → {response.status_code}")
    assert not failures, "server errors:\n" + "\n".join(failures)
