"""Hostile text a resident or a group could type into any field: every page must show it literally.

Shared by the server-side checks (tests/tsunagu/test_xss_corpus.py) and the browser run (tests/e2e). Each
payload would run script, break out of an attribute/element, inject a template, or confuse direction if it
were not escaped.
"""

from __future__ import annotations

PAYLOADS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="javascript:alert(1)">',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "{{7*7}}",
    "{% for x in range(3) %}x{% endfor %}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "\u202egnp.exe",
    "\u202dabc\u202c\u200f",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%" onclick=alert(1)>',
    '"><svg/onload=alert(1)//',
    '<base href="javascript:alert(1)//">',
    "<form action=javascript:alert(1)><button>送信</button></form>",
    '=HYPERLINK("http://evil.example","開く")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "子ども食堂" * 200,
)
MARKERS = ("<script", "onerror=", "onload=", "javascript:alert")
"""Substrings that must never reach a page unescaped (in markup, as opposed to text)."""
