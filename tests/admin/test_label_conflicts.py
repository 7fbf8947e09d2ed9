"""The curation flag: entries whose own text contradicts their 少人数 / 静か label are listed for admins."""

from __future__ import annotations

from directory.models import Atmosphere, GroupSize
from tests.factories import make_service, make_user
from tests.helpers import login
from tsunagu.models import Role


def test_a_small_entry_that_says_thirty_people_is_flagged(client, db_session):
    liar = make_service(
        db_session, name="守られた空間", group_size=GroupSize.SMALL, description="毎回30人以上が集まります。"
    )
    honest = make_service(db_session, name="小さな会", group_size=GroupSize.SMALL, description="5人ほどで話します。")
    loud = make_service(db_session, name="静かな会", atmosphere=Atmosphere.QUIET, atmosphere_notes="にぎやかです")
    admin = make_user(db_session, Role.ADMIN)
    assert login(client, admin.email).status_code == 302
    html = client.get("/admin/label-conflicts").get_data(as_text=True)
    assert f'data-service-id="{liar.id}"' in html and "人数の表示" in html
    assert f'data-service-id="{loud.id}"' in html and "雰囲気の表示" in html
    assert f'data-service-id="{honest.id}"' not in html
    assert "表示と説明の食い違い" in client.get("/admin/").get_data(as_text=True)
