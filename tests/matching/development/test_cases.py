"""社会資源の開発: cases opened from unmet needs, steps and outcome, and the report (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from directory.models import Area, AreaKind
from matching.development.services import CaseError, close_case, development_report
from matching.models import DevelopmentCase, DevelopmentOutcome, UnmetNeed
from matching.persons.services import record_unmet_need
from tests.factories import make_agency, make_custom_menu, make_development_case, make_prospect, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role


@pytest.fixture
def coordinator(db_session):
    return make_user(db_session, Role.COORDINATOR, agency=make_agency(db_session))


def _need(db_session, actor, sought: str, district: str = "本町地区", kinds: tuple[str, ...] = ("work_experience",)):
    return record_unmet_need(
        db_session, actor=actor, sought=sought, kinds=list(kinds), district=district, failed_constraints=["distance"]
    )


def test_a_case_is_opened_from_unmet_needs_with_candidate_hosts(client, db_session, coordinator):
    first, second = _need(db_session, coordinator, "平日昼の軽作業"), _need(db_session, coordinator, "外で体を動かす")
    prospect = make_prospect(db_session, name="山田農園")
    db_session.add(Area(municipality_code="122999", kind=AreaKind.DISTRICT, name="本町地区"))
    db_session.flush()
    login(client, coordinator.email)
    home = client.get("/coordinator/development").get_data(as_text=True)
    assert "平日昼の軽作業" in home and "外で体を動かす" in home
    page = client.get(f"/coordinator/development/new?need={first.id}&need={second.id}").get_data(as_text=True)
    assert "平日昼の軽作業" in page  # the gap is prefilled from the needs
    token = csrf_token(client, "/coordinator/development/new")
    response = client.post(
        "/coordinator/development/new",
        data={
            "csrf_token": token,
            "title": "本町で体を動かせる就労体験",
            "gap": "本町地区に平日昼の就労体験がない",
            "kind": "work_experience",
            "district": "本町地区",
            "need_ids": [str(first.id), str(second.id)],
            "prospect_ids": [str(prospect.id)],
        },
    )
    assert response.status_code == 302
    case = db_session.scalars(select(DevelopmentCase)).one()
    db_session.refresh(first)
    assert first.development_case_id == case.id and [p.id for p in case.prospects] == [prospect.id]
    waiting = client.get("/coordinator/development").get_data(as_text=True).split("取り組み</h2>")[0]
    assert "平日昼の軽作業" not in waiting


def test_steps_with_dates_and_the_outcome(client, db_session, coordinator):
    case = make_development_case(db_session, coordinator.agency)
    menu = make_custom_menu(db_session, make_prospect(db_session))
    login(client, coordinator.email)
    token = csrf_token(client, f"/coordinator/development/{case.id}")
    client.post(
        f"/coordinator/development/{case.id}/steps",
        data={"csrf_token": token, "description": "農園に見学のお願い", "due_on": "2026-12-01"},
    )
    db_session.expire_all()
    step = db_session.get(DevelopmentCase, case.id).steps[0]
    assert step.due_on.isoformat() == "2026-12-01" and step.done_at is None
    client.post(f"/coordinator/development/steps/{step.id}/done", data={"csrf_token": token})
    closing = {"csrf_token": token, "outcome": "closed", "note": ""}
    client.post(f"/coordinator/development/{case.id}/close", data=closing)
    db_session.expire_all()
    assert db_session.get(DevelopmentCase, case.id).closed_at is None  # closing without a reason is refused
    client.post(
        f"/coordinator/development/{case.id}/close",
        data={**closing, "outcome": "custom_menu", "service_id": str(menu.service_id)},
    )
    db_session.expire_all()
    closed = db_session.get(DevelopmentCase, case.id)
    assert closed.outcome == DevelopmentOutcome.CUSTOM_MENU and closed.resulting_service_id == menu.service_id
    assert closed.steps[0].done_at is not None
    html = client.get(f"/coordinator/development/{case.id}").get_data(as_text=True)
    assert "終了: 個別メニュー" in html and "済み" in html
    with pytest.raises(CaseError):
        close_case(db_session, closed, DevelopmentOutcome.CLOSED, note="重複", service_id=None)


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def test_the_report_counts_gaps_cases_and_resources_per_year(db_session, coordinator):
    for _ in range(3):
        _need(db_session, coordinator, "就労体験", district="本町地区")
    _need(db_session, coordinator, "居場所", district="北地区", kinds=("ibasho",))
    agency = coordinator.agency
    make_development_case(db_session, agency)
    kinds = DevelopmentOutcome
    for year, outcome in (
        (2025, kinds.NEW_PUBLIC_ACTIVITY),
        (2026, kinds.CUSTOM_MENU),
        (2026, kinds.CUSTOM_MENU),
        (2026, kinds.CLOSED),
    ):
        make_development_case(db_session, agency, closed_at=datetime(year, 6, 1, tzinfo=UTC), outcome=outcome)
    tables = development_report(db_session, {"work_experience": "就労体験", "ibasho": "居場所"})
    gaps = _table(tables, "development_gaps").rows
    assert ("本町地区", "就労体験", 3) in gaps
    assert ("北地区", "居場所", "<3") in gaps  # one need stands for one person: suppressed
    assert dict(_table(tables, "development_cases").rows)["取り組み中"] == 1
    assert _table(tables, "development_years").rows == (("2025", 1, 0), ("2026", 0, 2))


@pytest.mark.parametrize(("role", "pages", "report"), [(Role.AGENCY, 403, 200), (Role.GROUP, 403, 403)])
def test_development_pages_are_for_coordinators_the_report_also_for_agency_staff(
    client, db_session, role, pages, report
):
    case = make_development_case(db_session, make_agency(db_session))
    login(client, make_user(db_session, role, agency=make_agency(db_session)).email)
    for path in ("/coordinator/development", "/coordinator/development/new", f"/coordinator/development/{case.id}"):
        assert client.get(path).status_code == pages, path
    response = client.get("/coordinator/development/report")
    assert response.status_code == report
    if report == 200:
        html = response.get_data(as_text=True)
        assert 'data-report="development_cases"' in html and "開発できた資源（年別）" in html


def test_needs_stay_counted_after_their_case_closes(db_session, coordinator):
    need = _need(db_session, coordinator, "夜の居場所")
    case = make_development_case(db_session, coordinator.agency)
    need.development_case_id = case.id
    close_case(db_session, case, DevelopmentOutcome.CLOSED, note="担い手が見つからない", service_id=None)
    assert db_session.scalar(select(UnmetNeed).where(UnmetNeed.id == need.id)).development_case_id == case.id
    gaps = _table(development_report(db_session, {}), "development_gaps").rows
    assert ("本町地区", "work_experience", "<3") in gaps
