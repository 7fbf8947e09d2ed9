"""The catalog: organisations, services, locations, schedules, taxonomy, public pages, API, imports.

The blueprint lives in `directory.blueprint` and is handed out lazily as `directory.bp`, so importing a pure
subpackage (directory.schedules for the matching engine) does not import Flask.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "bp":
        from directory.blueprint import bp

        return bp
    raise AttributeError(f"module 'directory' has no attribute {name!r}")
