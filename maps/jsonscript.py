"""JSON for a `<script type="application/json">` block: compact, UTF-8, and unable to close the script.

What Jinja's `tojson` does, cheaper for a map of 10 000 entries: no key sorting, no `\\uXXXX` for every kana
(the document is UTF-8, so Japanese text is half the bytes), and orjson when it is installed. `<`, `>`, `&`
and `'` are still written as JSON escapes, so `</script>` or `<!--` in a name stays inside the string.
"""

from __future__ import annotations

import json
from typing import Any

try:  # optional: about 5× faster than the standard library on a large map
    import orjson  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None


def dumps(value: Any) -> str:
    """`value` as compact JSON text (not HTML-safe: see `script_json`)."""
    if orjson is not None:
        return bytes(orjson.dumps(value)).decode("utf-8")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def script_json(value: Any) -> str:
    """`value` as JSON that can be placed inside a `<script>` element (or an HTML attribute) as it is."""
    # four str.replace passes: much faster than one str.translate on megabytes of text
    text = dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
