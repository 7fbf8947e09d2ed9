"""`tsunagu export hsds`: only what the open API shows, valid HSDS JSON, a tabular datapackage as HSDS's own."""

from __future__ import annotations

import csv
import json
import math
import re
import uuid
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from directory.formats.hsds.export import export_hsds
from directory.formats.hsds.tables import ENUMS, TABLE, TABLES
from directory.models import (
    AccessibilityFeature,
    EntryStatus,
    LocationAccessibility,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Visibility,
)
from tests.factories import make_organization, make_service, weekly
from tests.helpers import assert_valid
from tsunagu.cli import main

REAL_LAT, REAL_LON = 35.8612, 139.9745


@pytest.fixture
def catalog(db_session):
    """Public services of every shape, one private home, and three services the public must not see."""
    org = make_organization(
        db_session, name="本町子ども食堂の会", corporate_number="1234567890123", phone="0471-00-0000"
    )
    salon = make_service(
        db_session,
        name="本町ふれあいサロン",
        organization=org,
        kinds=("salon", "ibasho"),
        schedule=weekly("2WE,4WE", time(10), time(12)),
        free=True,
        phone="0471-11-1111",
        languages=[ServiceLanguage(language="ja"), ServiceLanguage(language="pt-BR", note="第2水曜のみ")],
        minimum_age=18,
    )
    salon.at_locations[0].location.accessibility = [
        LocationAccessibility(feature=AccessibilityFeature.WHEELCHAIR, description="段差なし"),
        LocationAccessibility(feature=AccessibilityFeature.ELEVATOR),
    ]
    home = make_service(
        db_session,
        name="山田さんちの子ども食堂",
        organization=org,
        kinds=("ibasho",),
        private_home=True,
        lat=REAL_LAT,
        lon=REAL_LON,
        schedule={"freq": "MONTHLY", "byday": "3SA", "opens_at": time(17), "closes_at": time(19)},
        free=False,
    )
    # a second service at the salon's hall: the location is written once
    shared = make_service(db_session, name="公民館の学習支援", kinds=("ibasho",), lat=None)
    shared.at_locations = [ServiceAtLocation(location=salon.at_locations[0].location)]
    hidden = [
        make_service(db_session, name="下書きの活動", status=EntryStatus.DRAFT),
        make_service(db_session, name="Aさん専用の就労体験", visibility=Visibility.COORDINATORS),
        make_service(db_session, name="載せないでほしい会", do_not_list=True),
    ]
    db_session.flush()
    db_session.expire_all()  # read back as the export will (enums, not the strings the factories passed)
    return {"public": [salon, home, shared], "home": home, "hidden": hidden}


def _read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has a BOM"
    assert b"\r\n" not in raw, f"{path.name} has CRLF line endings"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def _all_text(outdir: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(outdir.rglob("*")) if p.is_file())


def test_json_files_are_the_public_catalog_as_valid_hsds(db_session, catalog, tmp_path, shared_dir):
    summary = export_hsds(db_session, tmp_path)
    public_ids = sorted(s.uuid for s in catalog["public"])

    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert index["services"] == public_ids
    assert index["count"] == 3 and index["hsds_version"] == "3.1" and index["generated_at"]
    assert (summary.services, summary.organizations, summary.locations) == (3, 2, 2)
    assert sorted(p.stem for p in (tmp_path / "services").glob("*.json")) == public_ids
    for service_id in public_ids:
        obj = json.loads((tmp_path / "services" / f"{service_id}.json").read_text(encoding="utf-8"))
        assert_valid(shared_dir, "service", obj)
        assert obj["id"] == service_id
    salon = json.loads((tmp_path / "services" / f"{catalog['public'][0].uuid}.json").read_text(encoding="utf-8"))
    assert salon["name"] == "本町ふれあいサロン"
    assert {lang["code"] for lang in salon["languages"]} == {"ja", "pt-BR"}

    everything = _all_text(tmp_path)
    for svc in catalog["hidden"]:
        assert svc.uuid not in everything
        assert svc.name not in everything


def test_private_home_is_shown_as_an_area_only(db_session, catalog, tmp_path):
    export_hsds(db_session, tmp_path)
    home = catalog["home"]
    location = home.at_locations[0].location
    obj = json.loads((tmp_path / "services" / f"{home.uuid}.json").read_text(encoding="utf-8"))
    shown = obj["service_at_locations"][0]["location"]
    assert shown["addresses"][0]["address_1"] == "本町二丁目"
    assert "address_2" not in shown["addresses"][0]
    assert (shown["latitude"], shown["longitude"]) != (REAL_LAT, REAL_LON)
    assert math.dist((shown["latitude"], shown["longitude"]), (REAL_LAT, REAL_LON)) < 0.01  # the same area

    locations = {row["id"]: row for row in _read_csv(tmp_path / "datapackage" / "locations.csv")}
    row = locations[location.uuid]
    assert (float(row["latitude"]), float(row["longitude"])) == (shown["latitude"], shown["longitude"])
    addresses = [r for r in _read_csv(tmp_path / "datapackage" / "addresses.csv") if r["location_id"] == location.uuid]
    assert [(a["address_1"], a["address_2"]) for a in addresses] == [("本町二丁目", "")]
    everything = _all_text(tmp_path)
    assert "山田様方" not in everything
    # compared as numbers: a jittered 35.861212 may share the digits of the real 35.8612 as text
    numbers = {float(n) for n in re.findall(r"-?\d+\.\d+", everything)}
    assert REAL_LAT not in numbers and REAL_LON not in numbers


def test_table_layout_matches_the_official_hsds_schema(shared_dir):
    """The copied table specs agree with HSDS's compiled tabular schema and example CSV headers."""
    tabular = json.loads((shared_dir / "hsds/schema/compiled/tabular.json").read_text(encoding="utf-8"))
    official = {spec["items"]["name"]: spec["items"] for spec in tabular["properties"].values()}
    for table in TABLES:
        spec = official[table.name]
        assert table.path == spec["path"]
        assert list(table.columns) == _header(shared_dir / "hsds/examples/csv" / table.path)
        assert set(table.required) == set(spec["required"]) | set(spec.get("tabular_required", []))
        for column in table.columns:
            prop = spec["properties"][column]
            assert table.field_type(column) == (prop["type"], prop.get("format")), (table.name, column)
            assert ENUMS.get((table.name, column)) == (tuple(prop["enum"]) if "enum" in prop else None)


def test_datapackage_tables_are_complete_and_consistent(db_session, catalog, tmp_path, shared_dir):
    export_hsds(db_session, tmp_path)
    folder = tmp_path / "datapackage"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    names = {r["name"] for r in package["resources"]}
    assert names >= {
        "organization",
        "service",
        "location",
        "service_at_location",
        "address",
        "phone",
        "schedule",
        "language",
        "cost_option",
        "accessibility",
        "taxonomy",
        "taxonomy_term",
        "attribute",
    }

    tables: dict[str, list[dict[str, str]]] = {}
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file(), resource["path"]
        # the official columns in their order, then tsunagu's own (tsunagu_profile on schedules.csv)
        extensions = list(TABLE[resource["name"]].extensions)
        assert _header(path) == _header(shared_dir / "hsds/examples/csv" / resource["path"]) + extensions
        assert all(name.startswith("tsunagu_") for name in extensions)
        assert [f["name"] for f in resource["schema"]["fields"]] == _header(path)
        tables[resource["name"]] = _read_csv(path)

    for resource in package["resources"]:
        rows, fields = tables[resource["name"]], resource["schema"]["fields"]
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"{resource['name']}: duplicate ids"
        for row in rows:
            for spec in fields:
                value, where = row[spec["name"]], (resource["name"], spec["name"], row["id"])
                # postal codes are withheld for private homes (and unknown for some places): HSDS requires
                # the column, but "" is what the JSON carries too
                if spec["constraints"]["required"] and spec["name"] != "postal_code":
                    assert value, where
                if not value:
                    continue
                if spec.get("format") == "uuid":
                    assert str(uuid.UUID(value)) == value, where
                if spec["type"] == "number":
                    float(value)
                if spec["type"] == "object":
                    assert isinstance(json.loads(value), dict), where
                if "enum" in spec["constraints"]:
                    assert value in spec["constraints"]["enum"], where
        for key in resource["schema"]["foreignKeys"]:
            target = {row["id"] for row in tables[key["reference"]["resource"]]}
            for row in rows:
                value = row[key["fields"]]
                assert not value or value in target, (resource["name"], key["fields"], value)

    assert {r["id"] for r in tables["service"]} == {s.uuid for s in catalog["public"]}
    assert len(tables["location"]) == 2 and len(tables["service_at_location"]) == 3
    salon = catalog["public"][0]
    assert sorted(r["code"] for r in tables["language"] if r["service_id"] == salon.uuid) == ["ja", "pt-BR"]
    assert {r["details"] for r in tables["accessibility"]} == {"wheelchair", "elevator"}
    assert {(r["freq"], r["byday"]) for r in tables["schedule"]} == {("WEEKLY", "2WE,4WE"), ("MONTHLY", "3SA")}
    assert {(r["service_id"], r["amount"]) for r in tables["cost_option"]} == {
        (salon.uuid, "0"),
        (catalog["home"].uuid, "300"),
    }
    assert {r["identifier"] for r in tables["organization_identifier"]} == {"1234567890123"}
    assert {r["number"] for r in tables["phone"]} == {"0471-11-1111", "0471-00-0000"}
    assert {r["code"] for r in tables["taxonomy_term"]} >= {"salon", "ibasho"}
    for table in ("service", "location", "organization", "taxonomy_term"):
        ids = [row["id"] for row in tables[table]]
        assert ids == sorted(ids), f"{table} not sorted by uuid"


def test_same_data_gives_the_same_files(db_session, catalog, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    export_hsds(db_session, first)
    db_session.expire_all()
    export_hsds(db_session, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        if name == Path("index.json"):
            a, b = (json.loads((d / name).read_text(encoding="utf-8")) for d in (first, second))
            a.pop("generated_at"), b.pop("generated_at")
            assert a == b
        else:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_re_export_removes_services_that_are_no_longer_public(db_session, catalog, tmp_path):
    export_hsds(db_session, tmp_path)
    salon = catalog["public"][0]
    salon.visibility = Visibility.COORDINATORS
    db_session.flush()
    export_hsds(db_session, tmp_path)
    assert not (tmp_path / "services" / f"{salon.uuid}.json").exists()
    assert salon.uuid not in _all_text(tmp_path)


def _invoke(app, *args: str):
    return app.test_cli_runner().invoke(main, list(args))


def test_cli_exports_and_prints_a_summary(app, db_session, catalog, tmp_path):
    result = _invoke(app, "export", "hsds", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "3 services, 2 organizations, 2 locations" in result.output
    assert str(tmp_path / "out") in result.output
    again = _invoke(app, "export", "hsds", str(tmp_path / "out"))  # a previous export may be replaced
    assert again.exit_code == 0, again.output


def test_cli_refuses_a_foreign_folder_unless_forced(app, db_session, catalog, tmp_path):
    (tmp_path / "notes.txt").write_text("大事なメモ", encoding="utf-8")
    refused = _invoke(app, "export", "hsds", str(tmp_path))
    assert refused.exit_code == 1
    assert "does not look like a previous tsunagu export" in refused.output and "--force" in refused.output
    assert not (tmp_path / "services").exists()
    forced = _invoke(app, "export", "hsds", str(tmp_path), "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "大事なメモ"
    assert (tmp_path / "index.json").is_file()


def test_console_script_exports_a_fresh_sqlite_database(tmp_path):
    from tests.tsunagu.test_cli import run_cli

    assert run_cli("init-db", tmp_path=tmp_path).returncode == 0
    result = run_cli("export", "hsds", str(tmp_path / "out"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Exported 0 services" in result.stdout
    assert json.loads((tmp_path / "out/index.json").read_text(encoding="utf-8"))["services"] == []


def test_no_hidden_service_is_in_the_exported_set(db_session, catalog):
    """Guard for the fixture itself: the three hidden services really are outside the public filter."""
    from directory.catalog.queries import public_filter

    public = set(db_session.scalars(select(Service.uuid).where(public_filter())))
    assert public == {s.uuid for s in catalog["public"]}
