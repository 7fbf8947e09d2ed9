"""Message catalogs: extract from code and templates, update, compile to .mo, count what is translated.

`pybabel update/compile` parse each catalog folder's name as a Babel locale, and やさしい日本語 (ja_x_easy) is
none, so `make messages` runs `python -m i18n.catalogs extract|update|compile`: the same steps through Babel's
API, with the extraction (babel.cfg, keywords) defined once here and reused by the tests. Compiled catalogs
are build products (.gitignore): `make run`/`make test` compile them, and the app compiles a stale or missing
one when it starts (see i18n.setup).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from i18n.locales import DEFAULT_LOCALE, SUPPORTED_LOCALES, babel_locale

CATALOG_DIR = Path(__file__).resolve().parent / "translations"
TEMPLATE = CATALOG_DIR / "messages.pot"
DOMAIN = "messages"
TRANSLATED_LOCALES = tuple(code for code in SUPPORTED_LOCALES if code != DEFAULT_LOCALE)
"""Japanese is the source language: its text is the msgid, so it has no catalog."""


PROJECT_ROOT = CATALOG_DIR.parents[1]
KEYWORDS: dict[str, Any] = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
"""gettext names the code uses: Flask-Babel's `_`/`gettext`/`ngettext` and the lazy `_l` of module-level labels."""
_SKIPPED_DIRS = (".*", "__pycache__", "migrations")


def extract(root: Path = PROJECT_ROOT) -> Catalog:
    """Every message of the code and templates, as babel.cfg maps them (with source locations)."""
    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]

    def keep(path: str) -> bool:
        return not any(fnmatch(part, pattern) for part in Path(path).parts for pattern in _SKIPPED_DIRS)

    catalog = Catalog(project="tsunagu", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, directory_filter=keep
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def write_template(catalog: Catalog, template: Path = TEMPLATE) -> None:
    """The .pot the catalogs are updated from: sorted, without line numbers (they would churn every diff)."""
    _write_atomically(template, write_po, catalog, width=0, omit_header=True, sort_output=True, no_location=True)


def po_path(code: str, directory: Path = CATALOG_DIR) -> Path:
    return directory / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str, directory: Path = CATALOG_DIR) -> Path:
    return po_path(code, directory).with_suffix(".mo")


def read_catalog(code: str, directory: Path = CATALOG_DIR) -> Catalog:
    """The catalog of one UI locale as Babel reads it (plural rules of the Babel locale)."""
    with po_path(code, directory).open("rb") as fh:
        return read_po(fh, locale=babel_locale(code), domain=DOMAIN)


def _write_atomically(path: Path, write: object, catalog: Catalog, **options: object) -> None:
    """Write through a temporary file and rename, so a running app never reads half a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh, catalog, **options)  # type: ignore[operator]
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update(directory: Path = CATALOG_DIR, template: Path = TEMPLATE) -> list[str]:
    """Merge the template into every locale's catalog (creating missing ones); returns the locales written.

    No fuzzy matching: a guessed translation of a changed sentence is worse than English for a reader.
    """
    with template.open("rb") as fh:
        pot = read_po(fh, domain=DOMAIN)
    written = []
    for code in TRANSLATED_LOCALES:
        path = po_path(code, directory)
        if path.exists():
            catalog = read_catalog(code, directory)
        else:
            catalog = Catalog(
                locale=babel_locale(code),
                domain=DOMAIN,
                project="tsunagu",
                fuzzy=False,
                header_comment=f"# tsunagu UI messages: {SUPPORTED_LOCALES[code]} ({code}).",
            )
        catalog.update(pot, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _write_atomically(path, write_po, catalog, width=0, omit_header=False, include_previous=False)
        written.append(code)
    return written


def compile_catalogs(directory: Path = CATALOG_DIR, *, force: bool = False) -> list[str]:
    """Compile each .po whose .mo is missing or older; returns the locales compiled.

    Untranslated and fuzzy messages stay out of the .mo, so they fall back (see i18n.locales.fallback_chain).
    """
    compiled = []
    for code in TRANSLATED_LOCALES:
        po, mo = po_path(code, directory), mo_path(code, directory)
        if not po.exists():
            continue
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        _write_atomically(mo, write_mo, read_catalog(code, directory), use_fuzzy=False)
        compiled.append(code)
    return compiled


def is_translated(message: Message) -> bool:
    """A message with every plural form filled in and not marked fuzzy (what compile puts in the .mo)."""
    text = message.string
    return not message.fuzzy and (all(text) if isinstance(text, tuple) else bool(text))


@dataclass(frozen=True)
class CatalogStats:
    locale: str
    messages: int
    translated: int


def stats(directory: Path = CATALOG_DIR) -> list[CatalogStats]:
    """How many messages each catalog has and how many of them are translated (not fuzzy, not empty)."""
    result = []
    for code in TRANSLATED_LOCALES:
        if not po_path(code, directory).exists():
            continue
        messages = [m for m in read_catalog(code, directory) if m.id]
        result.append(CatalogStats(code, len(messages), sum(map(is_translated, messages))))
    return result


PENDING_DIR = CATALOG_DIR.parent / "pending"
"""Translations written beside a change (one JSON file per branch), applied to the catalogs by `apply_pending`.

Each file is a list of `{"id": msgid, "strings": {locale: text}}` (a plural message: `"strings": {locale:
[form, ...]}`). Parallel branches each add their own file, so their catalog edits never collide; after a merge,
`python -m i18n.catalogs pending` extracts, updates and fills every catalog again from all of them.
"""


def apply_pending(directory: Path = CATALOG_DIR, pending: Path = PENDING_DIR) -> int:
    """Fill the catalogs from the pending JSON files; returns how many messages were filled in some locale."""
    import json

    entries = [entry for path in sorted(pending.glob("*.json")) for entry in json.loads(path.read_text("utf-8"))]
    if not entries:
        return 0
    filled: set[str] = set()
    for code in TRANSLATED_LOCALES:
        if not po_path(code, directory).exists():
            continue
        catalog = read_catalog(code, directory)
        changed = False
        for entry in entries:
            text = entry.get("strings", {}).get(code)
            message = catalog.get(entry["id"])
            if text is None or message is None:
                continue
            message.string = tuple(text) if isinstance(text, list) else text
            message.flags.discard("fuzzy")
            filled.add(entry["id"])
            changed = True
        if changed:
            _write_atomically(
                po_path(code, directory), write_po, catalog, width=0, omit_header=False, include_previous=False
            )
    return len(filled)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m i18n.catalogs", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("extract", "update", "compile", "stats", "pending"))
    parser.add_argument("--force", action="store_true", help="compile every catalog, stale or not")
    args = parser.parse_args(argv)
    if args.command == "extract":
        catalog = extract()
        write_template(catalog)
        print(f"extracted {len(catalog)} messages to {TEMPLATE.relative_to(PROJECT_ROOT)}")
    elif args.command == "update":
        print("updated:", " ".join(update()))
    elif args.command == "pending":
        write_template(extract())
        update()
        print(f"filled {apply_pending()} messages from {PENDING_DIR.relative_to(PROJECT_ROOT)}")
        print("compiled:", " ".join(compile_catalogs(force=True)))
    elif args.command == "compile":
        print("compiled:", " ".join(compile_catalogs(force=args.force)) or "nothing (all up to date)")
    else:
        for row in stats():
            print(f"{row.locale:10} {row.translated:4} / {row.messages} translated")


if __name__ == "__main__":
    main()
