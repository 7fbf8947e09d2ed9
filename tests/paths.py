"""Where the tests find files, the same from any folder of the tests tree (no counting of `parents[n]`).

`SHARED` is ../shared beside the project (real open data and the HSDS schemas, not in this repository);
`IMPORT_FIXTURES` are the small hand-written import files described in tests/directory/data/README.md.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
KODOMO_SHOKUDO = SHARED / "data" / "kodomo-shokudo"
IMPORT_FIXTURES = PROJECT / "tests" / "directory" / "data"
