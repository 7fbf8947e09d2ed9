"""Exporting 子ども食堂 entries in the 49-column standard layout: round trip, privacy, the real header."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select

from directory.formats.kodomo_shokudo.export import export_kodomo_shokudo
from directory.imports.run import run_import
from directory.models import AddressVisibility, EntryStatus, Service, TaxonomyTerm
from tests.paths import KODOMO_SHOKUDO

TOKYO = KODOMO_SHOKUDO / "tokyo"
FILES = [
    TOKYO / "131059_bunkyo_kodomosyokudo.csv",
    TOKYO / "131164_toshimaku_kodomosyokudo.csv",  # no IDs, and a private home (山田様方)
    TOKYO / "132152_kunitachishi_kodomosyokudo.csv",
    TOKYO / "132152_kunitachishi_kodomosyokudo_tsuika.csv",
]
CODES = ("131059", "131164", "132152")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _snapshot(session) -> dict[int, tuple]:
    """Everything of an imported entry a reader of the catalog would notice, as plain data."""
    session.expire_all()
    services = session.scalars(select(Service).where(Service.municipality_code.in_(CODES))).all()
    return {
        s.id: (
            s.name,
            s.municipality_code,
            s.source_id,
            s.capacity,
            s.threshold,
            s.how_to_join,
            sorted((str(c.age_band), c.amount_yen, c.is_free, c.note) for c in s.costs),
            sorted((str(x.freq), x.byday or "", str(x.opens_at), str(x.closes_at)) for x in s.schedules),
            sorted((loc.location.public_address, str(loc.location.address_visibility)) for loc in s.at_locations),
        )
        for s in services
    }


def test_import_export_import_changes_nothing(db_session, tmp_path):
    first = run_import(db_session, "kodomo-shokudo", FILES, skip_invalid=True)
    assert first.created > 20 and not first.errors
    before = _snapshot(db_session)
    exported = tmp_path / "kodomo.csv"
    summary = export_kodomo_shokudo(db_session, exported)
    assert summary.rows >= len(before)

    again = run_import(db_session, "kodomo-shokudo", [exported], skip_invalid=True)
    assert (again.created, again.errors) == (0, [])
    assert _snapshot(db_session) == before

    second = tmp_path / "again.csv"
    export_kodomo_shokudo(db_session, second)
    assert second.read_bytes() == exported.read_bytes()


def test_header_encoding_and_line_ends_match_the_municipal_files(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", FILES[:1])
    exported = tmp_path / "kodomo.csv"
    export_kodomo_shokudo(db_session, exported)
    data = exported.read_bytes()
    real = (TOKYO / "131059_bunkyo_kodomosyokudo.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.split(b"\r\n", 1)[0] == real.split(b"\r\n", 1)[0]
    assert data.count(b"\r\n") == len(_rows(exported)) + 1  # no cell of 文京区 holds a line break
    row = next(r for r in _rows(exported) if r["名称"] == "おもてなし食堂")
    assert (row["全国地方公共団体コード"], row["ID"], row["住所"]) == ("131059", "1", "東京都文京区小石川3-4-14")
    assert (row["開催曜日"], row["開催開始時間"], row["開催終了時間"], row["定員"]) == ("木", "17:00", "18:00", "60")
    assert (row["参加費_小学生"], row["参加費_大人"]) == ("0", "300")


def test_private_home_is_written_up_to_the_town_only(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", [TOKYO / "131164_toshimaku_kodomosyokudo.csv"])
    home = db_session.scalar(select(Service).where(Service.name == "要町あさやけ子ども食堂"))
    location = home.at_locations[0].location
    location.point = "SRID=4326;POINT(139.6951 35.7324)"  # a pin a curator placed: must not leak either
    db_session.flush()
    exported = tmp_path / "kodomo.csv"
    export_kodomo_shokudo(db_session, exported)
    row = next(r for r in _rows(exported) if r["名称"] == "要町あさやけ子ども食堂")
    assert row["住所"] == "東京都豊島区要町"
    assert (row["方書"], row["緯度"], row["経度"]) == ("個人宅", "", "")
    text = exported.read_bytes().decode("utf-8-sig")
    assert "山田" not in text and "1-39-4" not in text and "139.695" not in text
    # read back, it is still a private home: the stored exact pin stays off the public map
    run_import(db_session, "kodomo-shokudo", [exported])
    db_session.refresh(location)
    assert location.address_visibility == AddressVisibility.AREA


def test_only_public_kodomo_shokudo_entries_are_written(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", FILES[:1])
    services = db_session.scalars(select(Service).where(Service.municipality_code == "131059")).all()
    draft, unlisted, other_kind = services[0], services[1], services[2]
    draft.status = EntryStatus.DRAFT
    unlisted.do_not_list = True
    other_kind.terms = [t for t in other_kind.terms if t.code != "kodomo_shokudo"]
    other_kind.terms.append(db_session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code != "kodomo_shokudo")))
    db_session.flush()
    exported = tmp_path / "kodomo.csv"
    summary = export_kodomo_shokudo(db_session, exported)
    names = [r["名称"] for r in _rows(exported)]
    assert summary.rows == len(names) == len(services) - 3
    assert not {draft.name, unlisted.name, other_kind.name} & set(names)


def test_formula_cells_are_neutralised_for_spreadsheets_and_read_back_unchanged(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", FILES[:1])
    service = db_session.scalar(select(Service).where(Service.municipality_code == "131059"))
    formula = '=HYPERLINK("http://evil.example/","開く")'
    service.name = formula
    service.how_to_join = "@SUM(1+1)"
    db_session.flush()
    exported = tmp_path / "kodomo.csv"
    export_kodomo_shokudo(db_session, exported)
    row = next(r for r in _rows(exported) if r["名称"].endswith(formula))
    assert row["名称"] == "'" + formula  # Excel shows it as text, never evaluates it
    assert not [cell for r in _rows(exported) for cell in r.values() if cell and cell[0] in "=@"]

    run_import(db_session, "kodomo-shokudo", [exported])
    db_session.refresh(service)
    assert (service.name, service.how_to_join) == (formula, "@SUM(1+1)")


def test_numbers_and_telephone_numbers_are_not_prefixed():
    from directory.formats.spreadsheet import neutralise, restore

    for harmless in ("-", "-5", "+81 3-1234-5678", "03-1234-5678", "(03) 1234-5678", "名前", ""):
        assert neutralise(harmless) == harmless
    for dangerous in ("=1+1", "+SUM(A1)", "-2+cmd|' /C calc'!A0", "@A1", "\t=1"):
        assert neutralise(dangerous) == "'" + dangerous
        assert restore(neutralise(dangerous)) == dangerous


def test_the_merged_tokyo_file_round_trips_with_nothing_updated(db_session, tmp_path):
    """602 entries, among them times the parser cannot read (「非公開」, 「午後4時30分（夏季は午後5時）」)."""
    merged = TOKYO.parent / "tokyo-merged-geocoded.csv"
    first = run_import(db_session, "kodomo-shokudo", [merged], skip_invalid=True)
    assert first.created > 500
    before = _snapshot_all(db_session)
    exported = tmp_path / "kodomo.csv"
    export_kodomo_shokudo(db_session, exported)
    again = run_import(db_session, "kodomo-shokudo", [exported], skip_invalid=True)
    assert (again.created, again.updated, again.errors) == (0, 0, [])
    assert _snapshot_all(db_session) == before


def _snapshot_all(session) -> dict[int, tuple]:
    session.expire_all()
    return {
        s.id: sorted(
            (str(x.freq), x.byday or "", str(x.opens_at), str(x.closes_at), x.notes or "", x.description or "")
            for x in s.schedules
        )
        for s in session.scalars(select(Service))
    }
