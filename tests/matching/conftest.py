"""A small catalog around one home for the matching tests (both databases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest

from directory.models import Area, AreaKind, CostOption, EntryStatus, ServiceLanguage
from tests.factories import make_organization, make_service, weekly

HOME = {"lat": 35.86, "lon": 139.97}
KM_LAT = 1 / 111.2
"""Degrees of latitude per kilometre (north of HOME)."""


def profile_json(**overrides: Any) -> dict[str, Any]:
    """A person free on Wednesday afternoons, within 3 km, up to 300 yen, who likes cooking."""
    data: dict[str, Any] = {
        "age": 34,
        "home": dict(HOME),
        "max_distance_km": 3,
        "available": [{"day": "wed", "start": "14:00", "end": "18:00"}],
        "languages": ["ja"],
        "interests": ["料理"],
        "max_cost_yen": 300,
    }
    data.update(overrides)
    return data


def make_study_support(session: Any) -> Any:
    """学習支援 for ages 6–15, free, on Wednesday afternoons, 0.55 km north of HOME."""
    return make_service(
        session,
        name="学習支援教室",
        kinds=("study_support",),
        schedule=weekly("WE"),
        minimum_age=6,
        maximum_age=15,
        free=True,
        lat=HOME["lat"] + 0.005,
        lon=HOME["lon"],
    )


@dataclass
class Town:
    """The entries by role: `fit` passes everything; each other one breaks exactly one constraint."""

    fit: Any
    far: Any
    full: Any
    pricey: Any
    thursday: Any
    draft: Any
    salon: Any
    district: str


def _cost(yen: int) -> list[CostOption]:
    return [CostOption(age_band="adult", amount_yen=yen, is_free=False)]


@pytest.fixture
def town(db_session) -> Town:
    def at(km: float) -> dict[str, float]:
        return {"lat": HOME["lat"] + km * KM_LAT, "lon": HOME["lon"]}

    fit = make_service(
        db_session,
        name="子ども食堂 ひだまり",
        kinds=("kodomo_shokudo",),
        schedule=weekly("WE"),
        description="みんなで料理を作って食べる食堂です。",
        costs=_cost(300),
        **at(1.0),
    )
    far = make_service(
        db_session, name="遠くの食堂", kinds=("kodomo_shokudo",), schedule=weekly("WE"), costs=_cost(0), **at(4.0)
    )
    full = make_service(
        db_session,
        name="満員の食堂",
        kinds=("kodomo_shokudo",),
        schedule=weekly("WE"),
        costs=_cost(0),
        capacity=10,
        openings=0,
        **at(0.5),
    )
    pricey = make_service(
        db_session,
        name="高い料理教室",
        kinds=("ibasho",),
        schedule=weekly("WE"),
        costs=_cost(1500),
        organization=make_organization(db_session),
        **at(1.5),
    )
    thursday = make_service(
        db_session, name="木曜のサロン", kinds=("salon",), schedule=weekly("TH"), costs=_cost(0), **at(0.8)
    )
    draft = make_service(
        db_session,
        name="下書きの食堂",
        kinds=("kodomo_shokudo",),
        schedule=weekly("WE"),
        costs=_cost(0),
        status=EntryStatus.DRAFT,
        **at(0.3),
    )
    salon = make_service(
        db_session,
        name="水曜サロン",
        kinds=("salon",),
        schedule=weekly("WE", time(14), time(16)),
        costs=_cost(100),
        **at(2.0),
    )
    salon.languages = [ServiceLanguage(language="ja-x-easy")]
    square = "SRID=4326;MULTIPOLYGON(((139.96 35.85, 139.98 35.85, 139.98 35.87, 139.96 35.87, 139.96 35.85)))"
    db_session.add(Area(municipality_code="122999", kind=AreaKind.DISTRICT, name="テスト地区", boundary=square))
    db_session.flush()
    return Town(fit, far, full, pricey, thursday, draft, salon, "テスト地区")
