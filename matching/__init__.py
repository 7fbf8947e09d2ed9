"""Matching and casework: persons, consent, placements, unmet needs, coordinator pages.

The blueprint lives in `matching.blueprint` and is handed out lazily as `matching.bp`, so the pure engine
(matching.engine) imports without Flask.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "bp":
        from matching.blueprint import bp

        return bp
    raise AttributeError(f"module 'matching' has no attribute {name!r}")
