"""The one distance helper, on both databases, against distances known from elsewhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from directory.models import Location
from tests.factories import make_service
from tsunagu.spatial import BoundingBox, distance_m, within_m

TOKYO_STATION = (35.681236, 139.767125)
SHINJUKU_STATION = (35.690921, 139.700258)
# Geodesic distance on WGS 84 (Vincenty), computed independently: 6 131 m.
TOKYO_SHINJUKU_M = 6131


def test_distance_in_metres_matches_geodesic(db_session, dialect):
    service = make_service(db_session, lat=SHINJUKU_STATION[0], lon=SHINJUKU_STATION[1])
    location = service.at_locations[0].location
    metres = db_session.scalar(
        select(distance_m(Location.point, *TOKYO_STATION, dialect)).where(Location.id == location.id)
    )
    assert metres == pytest.approx(TOKYO_SHINJUKU_M, rel=0.005)


def test_within_keeps_near_and_drops_far(db_session, dialect):
    near = make_service(db_session, lat=35.8610, lon=139.9700)  # ~110 m north of the centre
    edge = make_service(db_session, lat=35.8680, lon=139.9700)  # ~890 m north
    far = make_service(db_session, lat=35.8800, lon=139.9700)  # ~2.2 km north
    ids = {s.at_locations[0].location_id: s.name for s in (near, edge, far)}
    found = set(
        db_session.scalars(
            select(Location.id).where(Location.id.in_(ids), within_m(Location.point, 35.86, 139.97, 1000, dialect))
        )
    )
    assert {ids[i] for i in found} == {near.name, edge.name}


def test_within_ignores_entries_without_a_point(db_session, dialect):
    unplaced = make_service(db_session, lat=None, lon=None)
    found = db_session.scalars(
        select(Location.id).where(within_m(Location.point, 35.86, 139.97, 50_000, dialect))
    ).all()
    assert unplaced.at_locations[0].location_id not in found


def test_bounding_box_widens_with_latitude():
    equator = BoundingBox.around(0.0, 0.0, 1000)
    hokkaido = BoundingBox.around(43.0, 141.0, 1000)
    assert (hokkaido.max_lon - hokkaido.min_lon) > (equator.max_lon - equator.min_lon)
    assert hokkaido.max_lat - hokkaido.min_lat == pytest.approx(equator.max_lat - equator.min_lat)
