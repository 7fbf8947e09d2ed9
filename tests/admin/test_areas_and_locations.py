"""Admin: boundary upload (all or nothing, every problem listed) and the 位置未設定 queue with its picker."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from directory.models import Area, AreaKind, EntryStatus
from tests.factories import make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role
from tsunagu.spatial import lon_lat

SQUARE = [[[139.9, 35.8], [140.0, 35.8], [140.0, 35.9], [139.9, 35.9], [139.9, 35.8]]]
CODE = "129992"


def _as(client, db_session, role):
    user = make_user(db_session, role)
    assert login(client, user.email).status_code == 302


def _upload(client, features, **fields):
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()
    data = {
        "csrf_token": csrf_token(client, "/admin/areas"),
        "municipality_code": CODE,
        "kind": "",
        "file": (io.BytesIO(body), "areas.geojson"),
        **fields,
    }
    return client.post("/admin/areas", data=data, content_type="multipart/form-data")


def _feature(name, kind="中学校区", coordinates=SQUARE, **props):
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind, **props},
        "geometry": {"type": "Polygon", "coordinates": coordinates},
    }


def _areas(db_session):
    db_session.expire_all()
    return {a.name: a for a in db_session.scalars(select(Area).where(Area.municipality_code == CODE))}


def test_upload_creates_then_updates_areas(client, db_session):
    _as(client, db_session, Role.ADMIN)
    response = _upload(client, [_feature("第九中学校区", target_count=8), _feature("本町地区", kind="地区")])
    assert response.status_code == 302
    areas = _areas(db_session)
    assert areas["第九中学校区"].kind == AreaKind.JUNIOR_HIGH and areas["第九中学校区"].target_count == 8
    assert areas["本町地区"].boundary is not None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "新規 2 件・更新 0 件" in page
    # the same names again: updated in place, the target kept when the file has none
    assert _upload(client, [_feature("第九中学校区")]).status_code == 302
    assert _areas(db_session)["第九中学校区"].target_count == 8
    assert "新規 0 件・更新 1 件" in client.get("/admin/areas").get_data(as_text=True)


def test_a_file_with_problems_writes_nothing_and_lists_every_problem(client, db_session):
    _as(client, db_session, Role.ADMIN)
    bowtie = [[[139.9, 35.8], [140.0, 35.9], [140.0, 35.8], [139.9, 35.9], [139.9, 35.8]]]
    response = _upload(
        client,
        [
            _feature("第九中学校区"),
            _feature("ねじれ中学校区", coordinates=bowtie),
            _feature("", kind="地区"),
            _feature("川辺", kind="町内会"),
        ],
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "3 件の問題があるため、何も登録していません。" in page
    assert "2 番目（ねじれ中学校区）: 形が正しくありません" in page
    assert "3 番目: 名前（name）がありません" in page
    assert "4 番目（川辺）: 種類（kind）がわかりません" in page
    assert _areas(db_session) == {}


def test_upload_form_errors_rerender(client, db_session):
    _as(client, db_session, Role.ADMIN)
    response = _upload(client, [_feature("第九中学校区")], municipality_code="12999")
    assert response.status_code == 400
    assert "6桁の数字で入力してください" in response.get_data(as_text=True)
    response = _upload(client, [_feature("第九中学校区")], municipality_code="129991")
    assert "検査数字が合いません" in response.get_data(as_text=True)
    not_json = client.post(
        "/admin/areas",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, "/admin/areas"),
            "municipality_code": CODE,
            "kind": "",
            "file": (io.BytesIO(b"<kml/>"), "a.kml"),
        },
    )
    assert not_json.status_code == 400 and "GeoJSON（JSON）として読めません" in not_json.get_data(as_text=True)


def test_upload_needs_admin_and_csrf(client, db_session):
    _as(client, db_session, Role.COORDINATOR)
    assert client.get("/admin/areas").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    _as(client, db_session, Role.ADMIN)
    body = json.dumps({"type": "FeatureCollection", "features": [_feature("第九中学校区")]}).encode()
    response = client.post(
        "/admin/areas",
        data={"municipality_code": CODE, "file": (io.BytesIO(body), "a.geojson")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and _areas(db_session) == {}


def test_admin_sets_a_coverage_target(client, db_session):
    _as(client, db_session, Role.ADMIN)
    area = Area(municipality_code=CODE, kind=AreaKind.JUNIOR_HIGH, name="第九中学校区")
    db_session.add(area)
    db_session.flush()
    token = csrf_token(client, "/admin/areas")
    assert (
        client.post(f"/admin/areas/{area.id}/target", data={"csrf_token": token, "target_count": "6"}).status_code
        == 302
    )
    assert _areas(db_session)["第九中学校区"].target_count == 6
    client.post(f"/admin/areas/{area.id}/target", data={"csrf_token": token, "target_count": "-1"})
    assert _areas(db_session)["第九中学校区"].target_count == 6


def test_unplaced_queue_and_placing_a_pin(client, db_session):
    unplaced = make_service(db_session, name="位置のない食堂", lat=None, lon=None)
    make_service(db_session, name="位置のない下書き", lat=None, lon=None, status=EntryStatus.DRAFT)
    make_service(db_session, name="位置のある活動")
    _as(client, db_session, Role.COORDINATOR)
    queue = client.get("/admin/locations").get_data(as_text=True)
    assert "位置のない食堂" in queue and "位置のない下書き" not in queue and "位置のある活動" not in queue
    location = unplaced.at_locations[0].location
    page = client.get(f"/admin/locations/{location.id}").get_data(as_text=True)
    assert "data-location-picker" in page and 'name="latitude"' in page and 'name="longitude"' in page
    assert "location-picker.js" in page
    token = csrf_token(client, f"/admin/locations/{location.id}")
    bad = client.post(f"/admin/locations/{location.id}", data={"csrf_token": token, "latitude": "95", "longitude": "1"})
    assert bad.status_code == 400
    ok = client.post(
        f"/admin/locations/{location.id}", data={"csrf_token": token, "latitude": "35.8701", "longitude": "139.9802"}
    )
    assert ok.status_code == 302
    db_session.expire_all()
    assert lon_lat(location.point) == (139.9802, 35.8701) and location.geocode_source == "manual"
    client.get("/admin/locations")  # the flash message about it is shown once
    assert "位置未設定の活動はありません。" in client.get("/admin/locations").get_data(as_text=True)
    names = [f["properties"]["name"] for f in client.get("/api/v1/map.geojson").get_json()["features"]]
    assert "位置のない食堂" in names


def test_the_queue_is_for_curators_only(client, db_session):
    _as(client, db_session, Role.GROUP)
    assert client.get("/admin/locations").status_code == 403
