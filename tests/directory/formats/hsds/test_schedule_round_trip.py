"""Issue #20: `tsunagu export hsds` → `tsunagu import hsds` keeps every schedule field, the Japanese
exceptions (week_unknown, per_month, skip_holidays, holiday_shift, except_months, except_dates) included,
for every file of the real corpus (tests/data/real) and the Tokyo files in ../shared/data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.formats.hsds.export import SERVICES_DIR, export_hsds
from directory.imports.run import run_import
from directory.models import Schedule, Service
from directory.schedules import BASE_RULE_FIELDS, EXCEPTION_FIELDS
from tests.paths import KODOMO_SHOKUDO, PROJECT

REAL = PROJECT / "tests" / "data" / "real"
FIELDS = ("freq", *BASE_RULE_FIELDS, *EXCEPTION_FIELDS, "description", "notes")
EXCEPTIONS = (
    {"skip_holidays": True, "except_dates": "12-29/01-03"},
    {"holiday_shift": 1, "except_months": "8"},
    {"holiday_shift": -1, "except_months": "1,8", "except_dates": "08-13/08-16,2027-05-05"},
    {"freq": "DAILY", "byday": None, "skip_holidays": True},
    {"freq": "IRREGULAR", "byday": "SA", "bymonthday": None, "week_unknown": True, "per_month": 2},
)
DEFAULTS = {"week_unknown": False, "per_month": None, "skip_holidays": False, "holiday_shift": 0}
SOURCES = {
    "real": [
        (("opendata" if "public_facility" in p.name or "_event" in p.name else "kodomo-shokudo"), p)
        for p in sorted([*REAL.glob("*.csv"), *REAL.glob("*.xlsx")])
    ],
    "tokyo": [("kodomo-shokudo", p) for p in sorted((KODOMO_SHOKUDO / "tokyo").glob("*.csv"))],
}


def _schedules(session) -> dict[str, list[dict]]:
    session.expire_all()
    return {
        service.uuid: sorted(
            ({name: getattr(row, name) for name in FIELDS} for row in service.schedules), key=lambda r: repr(r)
        )
        for service in session.scalars(select(Service).order_by(Service.id))
    }


def _schedule_rows(folder: Path) -> list[dict[str, str]]:
    """schedules.csv of a tabular export without the row ids (a re-imported rule is a new row)."""
    with (folder / "schedules.csv").open(encoding="utf-8", newline="") as fh:
        rows = [{k: v for k, v in row.items() if k != "id"} for row in csv.DictReader(fh)]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


@pytest.mark.parametrize("shape", ["json", "tabular"])
@pytest.mark.parametrize("corpus", list(SOURCES))
def test_hsds_round_trip_keeps_every_schedule_field(db_session, tmp_path, corpus, shape):
    """tsunagu → HSDS → tsunagu → HSDS, through the JSON export or the tabular datapackage (schedules.csv
    with its tsunagu_profile column): every schedule field comes back, and the second export is the first."""
    for fmt, path in SOURCES[corpus]:
        run_import(db_session, fmt, [path], skip_invalid=True)
    for service in db_session.scalars(select(Service)):
        service.status = "published"
    # the files give week-unknown rules (月1回・日曜); the other exceptions, which these files never
    # state, are set on every other rule the way a curator would
    for i, row in enumerate(db_session.scalars(select(Schedule).order_by(Schedule.id))):
        if i % 2:
            for name, value in EXCEPTIONS[i // 2 % len(EXCEPTIONS)].items():
                setattr(row, name, value)
    db_session.flush()
    before = _schedules(db_session)
    rows = [row for rows in before.values() for row in rows]
    used = {name for row in rows for name in EXCEPTION_FIELDS if row[name] not in (None, False, 0)}
    assert used == set(EXCEPTION_FIELDS)
    assert any(row["week_unknown"] and row["per_month"] for row in rows)  # read from the files themselves
    assert {"DAILY", "IRREGULAR"} <= {str(row["freq"]) for row in rows}
    export_hsds(db_session, tmp_path / "hsds")
    # the catalog forgets the exceptions; the HSDS files alone must give them back
    for row in db_session.scalars(select(Schedule)):
        for name in EXCEPTION_FIELDS:
            setattr(row, name, DEFAULTS.get(name))
    db_session.flush()
    source = tmp_path / "hsds" if shape == "json" else tmp_path / "hsds" / "datapackage"
    summary = run_import(db_session, "hsds", [source])
    assert (summary.created, summary.errors) == (0, [])
    after = _schedules(db_session)
    assert set(after) == set(before)
    compared = 0
    for uuid, rows in before.items():
        assert len(after[uuid]) == len(rows), uuid
        for row, again in zip(rows, after[uuid], strict=True):
            for name in FIELDS:
                assert again[name] == row[name], (uuid, name)
                compared += 1
    print(
        f"{corpus}/{shape}: {len(before)} services, {len(rows_all := [r for v in before.values() for r in v])} "
        f"schedules, {compared} fields compared, all equal"
    )
    assert compared == len(rows_all) * len(FIELDS)
    if shape == "tabular":
        export_hsds(db_session, tmp_path / "again")
        first, second = _schedule_rows(source), _schedule_rows(tmp_path / "again" / "datapackage")
        assert second == first
        assert any(row["tsunagu_profile"] for row in first)


def test_the_exceptions_travel_in_the_schedule_profile_and_plain_hsds_keeps_its_fields(db_session, tmp_path):
    run_import(db_session, "kodomo-shokudo", [REAL / "140007_kanagawa_kodomoshokudo.xlsx"])  # 月1回・土曜 …
    for service in db_session.scalars(select(Service)):
        service.status = "published"
    db_session.flush()
    export_hsds(db_session, tmp_path / "hsds")
    schedules = [
        s for p in (tmp_path / "hsds" / SERVICES_DIR).glob("*.json") for s in json.loads(p.read_text())["schedules"]
    ]
    week_unknown = [s for s in schedules if s.get("tsunagu_profile", {}).get("week_unknown")]
    assert week_unknown and all(s["tsunagu_profile"].get("per_month") for s in week_unknown)
    # the standard fields still say what HSDS can say (MONTHLY on the weekday)
    assert all(s["freq"] == "MONTHLY" and s["byday"] for s in week_unknown if s["tsunagu_profile"].get("per_month"))


def test_a_bad_exception_value_is_a_problem_named_by_its_path(db_session, tmp_path):
    service = {
        "id": "0b7a4a9e-3a7e-4f55-9b9e-0a1b2c3d4e5f",
        "name": "サロン",
        "status": "active",
        "organization": {"id": "1b7a4a9e-3a7e-4f55-9b9e-0a1b2c3d4e5f", "name": "会"},
        "schedules": [
            {
                "id": "2b7a4a9e-3a7e-4f55-9b9e-0a1b2c3d4e5f",
                "freq": "WEEKLY",
                "byday": "MO",
                "tsunagu_profile": {"except_months": "13", "holiday_shift": 2},
            }
        ],
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(service, ensure_ascii=False), encoding="utf-8")
    summary = run_import(db_session, "hsds", [Path(path)])
    columns = {e["column"] for e in summary.errors}
    assert columns == {"schedules[0].tsunagu_profile.except_months", "schedules[0].tsunagu_profile.holiday_shift"}
