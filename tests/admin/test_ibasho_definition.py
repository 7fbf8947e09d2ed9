"""The 居場所 definition per municipality (/admin/areas): which kinds count toward the coverage KPI, labelled in
the reader's language, used by the report and the map."""

from __future__ import annotations

from sqlalchemy import select

from directory.map_pages.coverage import coverage_kinds
from directory.models import Area, AreaKind, CoverageDefinition
from matching.reporting.coverage import coverage_figures
from tests.factories import make_service, make_user
from tests.helpers import csrf_token, login
from tsunagu.models import Role

CODE = "129992"
SQUARE = "SRID=4326;MULTIPOLYGON(((139.9 35.8,140.0 35.8,140.0 35.9,139.9 35.9,139.9 35.8)))"


def _town(db_session):
    db_session.add(Area(municipality_code=CODE, kind=AreaKind.JUNIOR_HIGH, name="第九中学校区", boundary=SQUARE))
    make_service(db_session, kinds=("ibasho",), lat=35.85, lon=139.95)
    make_service(db_session, kinds=("salon",), lat=35.85, lon=139.95)
    make_service(db_session, kinds=("kodomo_shokudo",), lat=35.85, lon=139.95)
    db_session.flush()


def test_admin_defines_ibasho_in_words_and_the_coverage_follows(client, db_session):
    _town(db_session)
    admin = make_user(db_session, Role.ADMIN)
    assert login(client, admin.email).status_code == 302
    html = client.get("/admin/areas").get_data(as_text=True)
    form = html[html.index('id="ibasho-form"') : html.index("</form>", html.index('id="ibasho-form"'))]
    assert "サロン" in form and "子ども食堂" in form and "> salon" not in form
    english = client.get("/admin/areas?lang=en").get_data(as_text=True)
    assert "Advice and consultation desk" in english
    assert coverage_kinds(db_session, CODE) == ("ibasho",)
    assert [(c.school_district, c.count) for c in coverage_figures(db_session, CODE)] == [("第九中学校区", 1)]

    token = csrf_token(client, "/admin/areas")
    data = {"csrf_token": token, "municipality_code": CODE, "kinds": ["ibasho", "salon"]}
    assert client.post("/admin/areas/ibasho", data=data).status_code == 302
    db_session.expire_all()
    assert db_session.scalars(select(CoverageDefinition)).one().kinds == ["ibasho", "salon"]
    assert [(c.school_district, c.count) for c in coverage_figures(db_session, CODE)] == [("第九中学校区", 2)]
    coverage_page = client.get("/map/coverage?lang=ja").get_data(as_text=True)
    assert "居場所、サロン" in coverage_page and "ibasho" not in coverage_page.split("数えている種類")[1][:80]


def test_an_empty_definition_is_refused_and_only_admins_define(app, client, db_session):
    _town(db_session)
    coordinator = make_user(db_session, Role.COORDINATOR)
    assert login(client, coordinator.email).status_code == 302
    token = csrf_token(client, "/coordinator/")
    assert client.post("/admin/areas/ibasho", data={"csrf_token": token, "municipality_code": CODE}).status_code == 403
    admin, client = make_user(db_session, Role.ADMIN), app.test_client()
    assert login(client, admin.email).status_code == 302
    token = csrf_token(client, "/admin/areas")
    response = client.post("/admin/areas/ibasho", data={"csrf_token": token, "municipality_code": CODE})
    assert response.status_code == 400 and "種類をひとつ以上選んでください" in response.get_data(as_text=True)
    assert db_session.scalar(select(CoverageDefinition)) is None
