"""Re-imports: only real changes count as updated and leave history, which coordinators see on the detail page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.imports.run import run_import
from directory.models import ImportChange, Service
from tests.factories import make_user
from tests.helpers import login
from tests.paths import KODOMO_SHOKUDO
from tsunagu.models import Role

BUNKYO = KODOMO_SHOKUDO / "tokyo" / "131059_bunkyo_kodomosyokudo.csv"


def _changed_copy(tmp_path: Path) -> Path:
    """The 文京区 file with おもてなし食堂's 定員 60 → 80 and its start 17:00 → 17:30 (row 2)."""
    text = BUNKYO.read_bytes().decode("utf-8-sig")
    lines = text.split("\n")
    lines[1] = lines[1].replace(",17:00,18:00,", ",17:30,18:00,").replace(",電話,,60,", ",電話,,80,")
    path = tmp_path / "131059_bunkyo_kodomosyokudo_v2.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())
    return path


def test_only_changed_rows_count_and_keep_before_and_after(db_session, tmp_path):
    first = run_import(db_session, "kodomo-shokudo", [BUNKYO])
    assert (first.created, first.updated) == (7, 0)
    same = run_import(db_session, "kodomo-shokudo", [BUNKYO])
    assert (same.created, same.updated) == (0, 0)
    assert db_session.scalar(select(func.count()).select_from(ImportChange)) == 0
    changed = run_import(db_session, "kodomo-shokudo", [_changed_copy(tmp_path)], user_id=None)
    assert (changed.created, changed.updated) == (0, 1)
    service = db_session.scalar(select(Service).where(Service.name == "おもてなし食堂"))
    (change,) = db_session.scalars(select(ImportChange).where(ImportChange.service_id == service.id))
    assert change.changes["capacity"] == [60, 80]
    before, after = change.changes["schedules"]
    assert any("17:00:00" in line for line in before) and any("17:30:00" in line for line in after)
    assert (change.file, change.row) == ("131059_bunkyo_kodomosyokudo_v2.csv", 2)
    assert service.capacity == 80 and service.import_run_id == change.import_run_id
    # the other six entries still name the first file as their source
    others = db_session.scalars(
        select(Service.source).where(Service.municipality_code == "131059", Service.id != service.id)
    ).all()
    assert set(others) == {"kodomo-shokudo:131059_bunkyo_kodomosyokudo.csv"}


def test_a_dry_run_of_a_change_writes_no_history(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", [BUNKYO])
    summary = run_import(db_session, "kodomo-shokudo", [_changed_copy(tmp_path)], dry_run=True)
    assert summary.updated == 1
    assert db_session.scalar(select(func.count()).select_from(ImportChange)) == 0


@pytest.mark.parametrize(
    ("role", "sees"), [(None, False), (Role.GROUP, False), (Role.COORDINATOR, True), (Role.ADMIN, True)]
)
def test_detail_page_shows_provenance_and_history_to_coordinators_only(client, db_session, tmp_path, role, sees):
    admin = make_user(db_session, Role.ADMIN)
    run_import(db_session, "kodomo-shokudo", [BUNKYO])
    run_import(db_session, "kodomo-shokudo", [_changed_copy(tmp_path)], user_id=admin.id)
    db_session.commit()
    service = db_session.scalar(select(Service).where(Service.name == "おもてなし食堂"))
    if role is not None:
        login(client, make_user(db_session, role).email)
    html = client.get(f"/services/{service.id}").get_data(as_text=True)
    assert ("出典と取り込み履歴" in html) is sees
    assert ("131059_bunkyo_kodomosyokudo_v2.csv" in html) is sees
    assert (f"/admin/services/{service.id}/archive" in html) is sees  # curators can take it out from here
    if sees:
        assert admin.display_name in html and "capacity" in html


def test_hsds_reimport_counts_and_records_only_the_changed_service(db_session, tmp_path):
    from directory.formats.hsds.export import export_hsds
    from tests.factories import make_service, weekly

    changed, same = (make_service(db_session, name=name, schedule=weekly()) for name in ("変わる居場所", "同じ居場所"))
    export_hsds(db_session, tmp_path / "out")
    path = tmp_path / "out" / "services" / f"{changed.uuid}.json"
    path.write_text(path.read_text(encoding="utf-8").replace("変わる居場所", "変わった居場所"), encoding="utf-8")
    summary = run_import(db_session, "hsds", [tmp_path / "out"])
    assert (summary.created, summary.updated) == (0, 1)
    (change,) = db_session.scalars(select(ImportChange))
    assert change.service_id == changed.id and change.changes["name"] == ["変わる居場所", "変わった居場所"]
    assert same.id not in {c.service_id for c in db_session.scalars(select(ImportChange))}


def test_a_reimport_leaves_an_archived_entry_archived_and_says_so(db_session, tmp_path):
    from admin.archive.services import archive_service

    run_import(db_session, "kodomo-shokudo", [BUNKYO])
    closed = db_session.scalar(select(Service).where(Service.name == "おもてなし食堂"))
    archive_service(db_session, closed, actor_id=None, reason="閉所")
    again = run_import(db_session, "kodomo-shokudo", [_changed_copy(tmp_path)])

    assert again.errors == [] and (again.created, again.updated, again.skipped) == (0, 0, 1)
    assert [(n["row"], "archived" in n["message"]) for n in again.notices] == [(2, True)]
    assert "notices" in again.as_json() and "notices" not in run_import(db_session, "kodomo-shokudo", []).as_json()
    db_session.expire_all()
    assert closed.status.value == "archived" and closed.capacity != 80
