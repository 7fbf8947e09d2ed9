"""Issue #20: an entry imported with a 開催頻度 code and no 開催日 exports the same code back, not 開催日 text,
for every row of the real corpus (tests/data/real) and the Tokyo files in ../shared/data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.formats.kodomo_shokudo.export import export_kodomo_shokudo
from directory.formats.kodomo_shokudo.layout import records
from directory.formats.kodomo_shokudo.read import draft
from directory.formats.tabular import read_table
from directory.imports.run import run_import
from directory.models import Service
from tests.paths import KODOMO_SHOKUDO, PROJECT

REAL = PROJECT / "tests" / "data" / "real"
FILES = {
    "real": sorted(p for p in [*REAL.glob("*.csv"), *REAL.glob("*.xlsx")] if "kodomo" in p.name),
    "tokyo": sorted((KODOMO_SHOKUDO / "tokyo").glob("*.csv")),
}


def _rows(path: Path) -> list[dict[str, str | None]]:
    return [record.values for record in records(read_table(path))]


def _coded(path: Path) -> Counter[tuple[str, str]]:
    """(name, code) of the rows that import and have a 開催頻度 code and no 開催日."""
    found: Counter[tuple[str, str]] = Counter()
    for record in records(read_table(path)):
        values = record.values
        if values.get("frequency") and not values.get("dates") and draft(record, file_name=path.name)[0]:
            found[(values["name"], values["frequency"])] += 1
    return found


@pytest.mark.parametrize("corpus", list(FILES))
def test_a_code_without_dates_exports_the_same_code(db_session, tmp_path, corpus):
    coded: Counter[tuple[str, str]] = Counter()
    for path in FILES[corpus]:
        run_import(db_session, "kodomo-shokudo", [path], skip_invalid=True)
        if "tsuika" not in path.name:  # 追加情報 rows add places, not entries
            coded += _coded(path)
    # an entry with the places of a 追加情報 file has their rules too, which no single row can hold
    several = {s.name for s in db_session.scalars(select(Service)) if len(s.at_locations) > 1}
    coded = Counter({key: n for key, n in coded.items() if key[0] not in several})
    assert coded.total() > (20 if corpus == "real" else 150), "the corpus has rows with a code and no 開催日"
    exported = tmp_path / "export.csv"
    export_kodomo_shokudo(db_session, exported)
    rows = _rows(exported)
    written = Counter((row["name"], row.get("frequency")) for row in rows if not row.get("dates"))
    missing = coded - written
    found = [(r["name"], r.get("frequency"), r.get("dates")) for r in rows if (r["name"], r["frequency"]) in missing]
    assert missing == Counter(), f"{missing.total()} of {coded.total()} rows, written as {found}"
    weekly = Counter({key: n for key, n in coded.items() if key[1] in ("1", "2")})
    assert weekly and weekly - written == Counter()  # 1 and 2 both read as 毎週: the code was kept
