"""掲載しない is the group's choice: no import may republish an entry its group asked not to list.

The importers (directory/imports/run.py, directory/imports/hsds.py) belong to the imports work; these tests
document the rule from the contributions side, through the same path a group uses to ask.
"""

from __future__ import annotations

from sqlalchemy import select

from directory.catalog.queries import public_filter
from directory.contributions.fields import service_snapshot
from directory.contributions.services import update_activity
from directory.formats.hsds.export import export_hsds
from directory.imports.run import run_import
from directory.models import Service
from tests.factories import make_service, make_user
from tests.paths import KODOMO_SHOKUDO
from tsunagu.models import Role

BUNKYO = KODOMO_SHOKUDO / "tokyo" / "131059_bunkyo_kodomosyokudo.csv"


def _ask_not_to_list(session, service: Service) -> None:
    group = make_user(session, Role.GROUP, organization_id=service.organization_id)
    update_activity(session, service, {**service_snapshot(service), "do_not_list": True}, actor=group)


def _is_public(session, service: Service) -> bool:
    return session.scalar(select(Service.id).where(public_filter(), Service.id == service.id)) is not None


def test_a_kodomo_shokudo_re_import_keeps_an_entry_unlisted(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", [BUNKYO])
    service = db_session.scalars(select(Service).where(Service.name == "おもてなし食堂")).one()
    assert _is_public(db_session, service)
    _ask_not_to_list(db_session, service)
    assert not _is_public(db_session, service)
    # the town publishes a new version of the file: the row changed (adult fee 300 → 400)
    changed = tmp_path / BUNKYO.name
    text = BUNKYO.read_text(encoding="utf-8-sig")
    assert text.count("木,,17:00,18:00,,,0,0,0,300,300") == 1
    changed.write_text(text.replace("木,,17:00,18:00,,,0,0,0,300,300", "木,,17:00,18:00,,,0,0,0,300,400"), "utf-8")
    summary = run_import(db_session, "kodomo-shokudo", [changed])
    assert summary.updated >= 1 and summary.created == 0
    db_session.refresh(service)
    assert service.do_not_list and not _is_public(db_session, service)


def test_an_hsds_re_import_keeps_an_entry_unlisted(db_session, tmp_path):
    service = make_service(db_session, name="ひっそり食堂")
    export_hsds(db_session, tmp_path / "export")
    _ask_not_to_list(db_session, service)
    run_import(db_session, "hsds", [tmp_path / "export"])
    db_session.refresh(service)
    assert service.do_not_list and not _is_public(db_session, service)
