"""`tsunagu import hsds`: official HSDS examples, our own export read back, problems located by row/column."""

from __future__ import annotations

import json
import shutil
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.formats.hsds.export import export_hsds
from directory.formats.hsds.read import read_hsds
from directory.imports.hsds import apply_hsds
from directory.models import (
    AddressVisibility,
    AgeBand,
    CostOption,
    Frequency,
    ImportRun,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceLanguage,
    Space,
    Threshold,
)
from tests.factories import make_service, weekly
from tsunagu.spatial import lon_lat

SERVICE_UUID = "ac148810-d857-441c-9679-408f346de14b"
PLACEHOLDER_LATITUDE = ("service_at_locations[0].location.latitude", "locations.csv:latitude")


@pytest.fixture(scope="module")
def examples(shared_dir: Path) -> Path:
    return shared_dir / "hsds" / "examples"


def _with_real_coordinates(examples: Path, tmp_path: Path) -> Path:
    """The official examples place their location at latitude 100 / longitude 101 (off the globe)."""
    obj = json.loads((examples / "service_full.json").read_text(encoding="utf-8"))
    obj["service_at_locations"][0]["location"].update(latitude=51.5, longitude=-0.12)
    target = tmp_path / "service_full.json"
    target.write_text(json.dumps(obj), encoding="utf-8")
    return target


def test_official_service_full_reads_every_field(examples, tmp_path):
    entries, problems = read_hsds(_with_real_coordinates(examples, tmp_path))

    assert problems == []
    [entry] = entries
    assert (entry.uuid, entry.name, entry.status) == (SERVICE_UUID, "Community Counselling", "active")
    assert (entry.minimum_age, entry.maximum_age) == (12, 100)
    assert entry.organization.name == "Example Organization Inc."
    [location] = entry.locations
    assert (location.name, location.city, location.lat, location.lon) == ("MyCity Civic Center", "MyCity", 51.5, -0.12)
    [schedule] = entry.schedules
    assert (schedule.freq, schedule.byday, schedule.opens_at, schedule.closes_at) == (
        "WEEKLY",
        "TH,FR",
        time(10),
        time(18),
    )
    [cost] = entry.costs
    assert (cost.age_band, cost.amount, cost.currency) == (None, 35, "GBP")
    assert "Under 18s and Over 60s" in (cost.note or "")
    assert entry.languages == ["ur"]
    assert [t.code for t in entry.terms] == ["code"]


def test_official_examples_only_problem_is_the_placeholder_latitude(examples):
    """Latitude 100 cannot be stored as a point; it is the examples' only problem, reported where it is."""
    for path in (examples / "service_full.json", examples / "csv", examples / "csv" / "datapackage.json"):
        entries, problems = read_hsds(path)
        assert entries == []
        assert [(p.row, p.column) for p in problems] in ([(1, PLACEHOLDER_LATITUDE[0])], [(2, PLACEHOLDER_LATITUDE[1])])


def test_official_service_list_page(examples):
    entries, problems = read_hsds(examples / "service_list.json")

    assert problems == []
    assert [(e.uuid, e.name) for e in entries] == [(SERVICE_UUID, "Community Counselling")]
    assert entries[0].organization.name == "Example Organization Inc."


def test_official_csv_datapackage_joins_its_tables(examples, tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(examples / "csv", folder)
    locations = (folder / "locations.csv").read_text(encoding="utf-8").replace(",100,101,", ",51.5,-0.12,")
    (folder / "locations.csv").write_text(locations, encoding="utf-8")

    entries, problems = read_hsds(folder)

    assert problems == []
    [entry] = entries
    assert entry.name == "Community Counselling"
    assert entry.organization.name == "Example Organization Inc."
    assert [(loc.name, loc.address_1, loc.lat) for loc in entry.locations] == [
        ("MyCity Civic Center", "1-30 Main Street", 51.5)
    ]
    assert [(s.freq, s.byday, s.opens_at) for s in entry.schedules] == [("WEEKLY", "TH,FR", time(10))]
    assert [(c.amount, c.currency) for c in entry.costs] == [(35, "GBP")]
    assert entry.languages == ["ur"]
    assert entry.phones == ['"+44 1234 234567"']
    assert entry.terms == []  # the example's only attribute links another object (link_id f28dd44b…)


def _run(session) -> ImportRun:
    run = ImportRun(format="hsds", files=["export"], created=0, updated=0)
    session.add(run)
    session.flush()
    return run


def _snapshot(session) -> dict[str, tuple]:
    session.expire_all()
    services = session.scalars(select(Service).order_by(Service.uuid))
    return {
        s.uuid: (
            s.name,
            s.organization.uuid,
            sorted((str(x.freq), x.byday, x.opens_at, x.closes_at) for x in s.schedules),
            sorted((str(c.age_band), c.amount_yen, c.is_free) for c in s.costs),
            sorted((lang.language, lang.note) for lang in s.languages),
            sorted(t.code for t in s.terms),
            sorted(link.location.uuid for link in s.at_locations),
            (str(s.threshold), str(s.space), s.capacity),
        )
        for s in services
    }


def test_export_then_import_finds_every_service_again(db_session, tmp_path):
    salon = make_service(
        db_session,
        name="本町ふれあいサロン",
        kinds=("salon", "ibasho"),
        schedule=weekly("2WE,4WE", time(10), time(12)),
        free=True,
        languages=[ServiceLanguage(language="ja"), ServiceLanguage(language="pt-BR", note="第2水曜のみ")],
        threshold=Threshold.RESERVATION,
        space=Space.PROTECTED,
        capacity=12,
    )
    salon.costs.append(CostOption(age_band=AgeBand.ELEMENTARY, amount_yen=100, note="おかわり自由"))
    salon.schedules.append(Schedule(freq=Frequency.IRREGULAR, notes="夏休みは別日程"))
    home = make_service(db_session, name="山田さんちの子ども食堂", private_home=True, schedule=weekly("FR"), free=False)
    db_session.flush()
    home_point = lon_lat(home.at_locations[0].location.point)
    before = _snapshot(db_session)
    counts = {m: db_session.scalar(select(func.count()).select_from(m)) for m in (Service, Organization, Location)}

    export_hsds(db_session, tmp_path / "export")
    entries, problems = read_hsds(tmp_path / "export")
    assert problems == []
    assert {e.uuid for e in entries} == {salon.uuid, home.uuid}
    run = _run(db_session)
    results = [apply_hsds(db_session, entry, run, "hsds:export") for entry in entries]

    assert [created for _, created in results] == [False, False]
    assert (run.created, run.updated) == (0, 2)
    assert {m: db_session.scalar(select(func.count()).select_from(m)) for m in counts} == counts
    assert _snapshot(db_session) == before
    # the export shows a private home as an area: the stored address and point are not replaced by it
    location = db_session.scalar(select(Location).where(Location.uuid == home.at_locations[0].location.uuid))
    assert location.address_visibility == AddressVisibility.AREA
    assert (location.block, location.building) == ("3-5", "山田様方")
    assert lon_lat(location.point) == home_point


def test_import_into_an_empty_catalog_keeps_uuids(db_session, examples, tmp_path):
    [entry], _ = read_hsds(_with_real_coordinates(examples, tmp_path))
    run = _run(db_session)

    service, created = apply_hsds(db_session, entry, run, "hsds:service_full.json")

    assert created and run.created == 1
    assert service.uuid == SERVICE_UUID
    assert service.organization.uuid == entry.organization.uuid
    assert [link.location.uuid for link in service.at_locations] == [entry.locations[0].uuid]
    assert [(str(s.freq), s.byday) for s in service.schedules] == [("WEEKLY", "TH,FR")]
    assert service.costs == []  # a cost per person group, not one of our age bands: kept in the fees text
    assert "Under 18s and Over 60s" in (service.fees_description or "")
    assert lon_lat(service.at_locations[0].location.point) == pytest.approx((-0.12, 51.5))

    again, created_again = apply_hsds(db_session, entry, run, "hsds:service_full.json")
    assert (again.id, created_again, run.updated) == (service.id, False, 1)


def _service(**changes) -> dict:
    base = {
        "id": "5d4a3b2c-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
        "name": "居場所カフェ",
        "status": "active",
        "service_at_locations": [{"location": {"id": "6e5d4c3b-2a1f-4b0c-9d8e-7f6a5b4c3d2e", "latitude": 35.8}}],
        "schedules": [{"freq": "WEEKLY", "byday": "TU", "opens_at": "10:00", "closes_at": "12:00"}],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"name": None}, "name"),
        ({"status": "open"}, "status"),
        ({"id": "42"}, "id"),
        (
            {"service_at_locations": [{"location": {"id": "6e5d4c3b-2a1f-4b0c-9d8e-7f6a5b4c3d2e", "latitude": 200}}]},
            "service_at_locations[0].location.latitude",
        ),
        ({"schedules": [{"freq": "WEEKLY", "opens_at": "10時"}]}, "schedules[0].opens_at"),
    ],
)
def test_each_problem_names_the_service_and_the_field(tmp_path, changes, column):
    path = tmp_path / "services.json"
    path.write_text(json.dumps([_service(), _service(**{"id": "7f6e5d4c-3b2a-4c1d-8e9f-0a1b2c3d4e5f", **changes})]))

    entries, problems = read_hsds(path)

    assert [(p.row, p.column) for p in problems] == [(2, column)]
    assert "/" in problems[0].message  # Japanese / English
    assert [e.name for e in entries] == ["居場所カフェ"]


def test_malformed_json_is_one_problem_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "5d4a3b2c-1e0f-4a9b-8c7d-6e5f4a3b2c1d",\n  "name": \n}\n')

    entries, problems = read_hsds(path)

    assert entries == []
    assert len(problems) == 1 and problems[0].row == 4 and problems[0].column.startswith("broken.json:4")


@pytest.mark.parametrize("content", [None, '{"type": "FeatureCollection"}'])
def test_missing_or_foreign_file_is_one_problem(tmp_path, content):
    path = tmp_path / "other.json"
    if content is not None:
        path.write_text(content)

    entries, problems = read_hsds(path)

    assert entries == [] and len(problems) == 1 and problems[0].column == "other.json"


def test_csv_problem_names_file_line_and_column(examples, tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(examples / "csv", folder)
    services = (folder / "services.csv").read_text(encoding="utf-8").replace(",active,", ",closed,")
    (folder / "services.csv").write_text(services, encoding="utf-8")

    _, problems = read_hsds(folder / "datapackage.json")

    assert ("services.csv:status", 2) in [(p.column, p.row) for p in problems]


def test_import_service_round_trips_an_export(db_session, tmp_path):
    """`tsunagu import hsds` on our own export: every service is found again by its UUID, nothing is new."""
    from directory.formats.hsds.export import export_hsds
    from directory.imports.run import run_import
    from tests.factories import make_service, weekly

    for _ in range(3):
        make_service(db_session, schedule=weekly())
    export_hsds(db_session, tmp_path / "out")
    summary = run_import(db_session, "hsds", [tmp_path / "out"])
    assert not summary.errors
    assert (summary.created, summary.updated) == (0, 0)  # the round trip changes nothing, so nothing is updated
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": "not-a-uuid", "name": "x", "status": "active"}', encoding="utf-8")
    failed = run_import(db_session, "hsds", [broken])
    assert failed.errors and failed.errors[0]["file"] == "broken.json" and failed.created == 0


def test_a_defunct_service_is_archived_restorably_and_a_reimport_leaves_it_archived(db_session, tmp_path):
    from admin.archive.services import restore_service
    from directory.imports.run import run_import
    from directory.models import EntryStatus
    from directory.models.curation import ServiceArchive

    path = tmp_path / "feed.json"
    path.write_text(json.dumps([_service()]), encoding="utf-8")
    run_import(db_session, "hsds", [path])
    service = db_session.scalar(select(Service).where(Service.uuid == _service()["id"]))
    assert service.status == EntryStatus.PUBLISHED

    path.write_text(json.dumps([_service(status="defunct")]), encoding="utf-8")
    run_import(db_session, "hsds", [path])
    archive = db_session.get(ServiceArchive, service.id)
    assert service.status == EntryStatus.ARCHIVED and archive.previous_status == EntryStatus.PUBLISHED

    path.write_text(json.dumps([_service(name="居場所カフェ（再開）")]), encoding="utf-8")
    again = run_import(db_session, "hsds", [path])
    assert (again.updated, again.skipped, len(again.notices), again.errors) == (0, 1, 1, [])
    assert service.name == "居場所カフェ" and service.status == EntryStatus.ARCHIVED
    assert restore_service(db_session, service) == EntryStatus.PUBLISHED
