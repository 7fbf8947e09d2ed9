"""Furigana for やさしい日本語: `<ruby>` readings over kanji, read in context (`i18n.readings`), cached.

`ruby(text)` is the one place markup is made: it escapes the text first and wraps only kanji runs (whose
readings are escaped too), so whatever an entry's author typed reaches the page as text. It is the Jinja
filter `furigana`, and `rubify_html` applies it to every text node of a finished page — UI messages and entry
content alike — skipping what cannot hold ruby (`<title>`, attributes, `<select>`, scripts) and any element
marked `lang` in another language or `data-furigana="off"`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from flask import Flask, Response
from markupsafe import Markup, escape

from i18n.readings import refresh_user_readings, segments


def ruby(value: object) -> Markup:
    """Escape `value`, then add `<ruby>` readings over its kanji. Markup input keeps its tags and entities."""
    html = escape(value)
    parts = re.split(r"(<[^>]*>|&[#\w]+;)", str(html))
    out = []
    for index, part in enumerate(parts):
        if index % 2 or not part:
            out.append(part)
            continue
        for base, reading in segments(part):
            if reading:
                out.append(f"<ruby>{base}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>")
            else:
                out.append(base)
    return Markup("".join(out))  # noqa: S704 - every piece was escaped above


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_NO_RUBY = frozenset("script style title textarea select rt rp ruby code pre kbd samp template svg math".split())
_RAW_TEXT = frozenset(("script", "style"))


class _Rubifier(HTMLParser):
    """Copies an HTML document, adding furigana to the text nodes that may hold them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []
        """The skipped element's tag name, once per open element of that name (nested same-name elements)."""

    def _skips(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _NO_RUBY:
            return True
        values = dict(attrs)
        lang = values.get("lang")
        return values.get("data-furigana") == "off" or (lang is not None and not lang.lower().startswith("ja"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in _VOID:
            return
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping.append(tag)
        elif self._skips(tag, attrs):
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if self.skipping and tag == self.skipping[0]:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping and self.skipping[0] in _RAW_TEXT:
            self.out.append(data)
        elif self.skipping or not data.strip():
            self.out.append(str(escape(data)))
        else:
            self.out.append(ruby(data))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def rubify_html(html: str) -> str:
    """A whole page with furigana over the kanji of its visible text (see the module docstring)."""
    parser = _Rubifier()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def init_furigana(app: Flask, enabled: Callable[[], bool]) -> None:
    """The `furigana` filter, and furigana on every HTML page while `enabled()` (やさしい日本語, not turned off)."""

    # the known names (the catalog's カナ) are read again now and then, before a page may need them (furigana,
    # romanised area names)
    app.before_request(refresh_user_readings)

    @app.template_filter("furigana")
    def _furigana(value: object) -> Markup:
        return ruby(value) if enabled() else escape(value)

    @app.after_request
    def _add_furigana(response: Response) -> Response:
        if response.mimetype == "text/html" and not (response.direct_passthrough or response.is_streamed) and enabled():
            response.set_data(rubify_html(response.get_data(as_text=True)))
        return response
