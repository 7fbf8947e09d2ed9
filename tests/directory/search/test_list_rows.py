"""The result list read as plain rows shows exactly what the ORM objects showed, item by item."""

from __future__ import annotations

from datetime import time

from flask import g, render_template_string

from directory.catalog import labels
from directory.catalog.queries import get_services
from directory.models import CostOption, Frequency, Schedule, ServiceAtLocation
from directory.search.list_rows import ListEntry, list_entries
from directory.search.query import Hit
from i18n.locales import EASY_JAPANESE
from tests.factories import make_service, weekly

LIST = (
    '{% from "directory/_partials/result.html" import result_item %}'
    "{% for hit in hits %}{{ result_item(hit, [], 'ja') }}{% endfor %}"
)


def _entries(db_session):
    salon = make_service(
        db_session, name="いきいき<b>サロン</b>", kinds=("salon", "ibasho"), schedule=weekly("TU"), free=True
    )
    salon.schedules.append(Schedule(freq=Frequency.MONTHLY, byday="2WE,4WE", opens_at=time(10), closes_at=time(12)))
    # a second place: each place and each kind shown once, in order, although read as one row per pair of them
    second = make_service(db_session, name="別の会場", kinds=())
    salon.at_locations.append(ServiceAtLocation(location=second.at_locations[0].location))
    home = make_service(
        db_session,
        name="子ども食堂 ひだまり",
        kinds=("kodomo_shokudo",),
        private_home=True,
        schedule=weekly("SA", time(17), time(19)),
        fees_description="カンパ制",
    )
    home.costs = [CostOption(age_band="elementary", is_free=True), CostOption(age_band="adult", amount_yen=300)]
    bare = make_service(db_session, name="相談の窓口", kinds=(), lat=None, fees_description=None)
    db_session.flush()
    return [salon.id, home.id, bare.id]


def test_a_result_list_reads_the_same_from_plain_rows_as_from_the_orm(app, db_session):
    ids = _entries(db_session)
    with app.test_request_context("/"):
        orm = get_services(db_session, ids, detail=False)
        db_session.expire_all()
        plain = list_entries(db_session, [ids[2], 999_999, *ids[:2]])
        assert [e.id for e in plain] == [ids[2], ids[0], ids[1]]  # the order asked for; unknown ids left out
        plain = [next(e for e in plain if e.id == i) for i in ids]
        assert all(isinstance(e, ListEntry) for e in plain)
        as_orm = render_template_string(LIST, hits=[Hit(s, 1234.0) for s in orm])
        as_rows = render_template_string(LIST, hits=[Hit(e, 1234.0) for e in plain])
        assert as_rows == as_orm
        for service, entry in zip(orm, plain, strict=True):
            assert labels.cost_line(entry) == labels.cost_line(service)
            assert labels.upcoming(entry, 3) == labels.upcoming(service, 3)
    assert "いきいき&lt;b&gt;サロン&lt;/b&gt;" in as_rows  # escaped like any entry text
    assert "山田様方" not in as_rows and "本町二丁目" in as_rows  # a private home shows its 町域 only
    assert len(plain[0].at_locations) == 2 and len(plain[0].terms) == 2


def test_a_japanese_list_reads_plain_rows_and_other_languages_the_orm_objects(app, db_session):
    from directory.search.params import SearchParams
    from directory.search.query import search_services

    _entries(db_session)
    with app.test_request_context("/"):
        hits = search_services(db_session, SearchParams(q="サロン"), cached=False, list_rows=True).hits
        assert hits and all(isinstance(hit.service, ListEntry) for hit in hits)
        for locale in ("pt_BR", EASY_JAPANESE):  # translations and kinds' labels: read through the ORM
            g.ui_locale = locale  # what i18n.selection chose for this request
            hits = search_services(db_session, SearchParams(q="サロン"), cached=False, list_rows=True).hits
            assert hits and not any(isinstance(hit.service, ListEntry) for hit in hits), locale
        del g.ui_locale
        hits = search_services(db_session, SearchParams(q="サロン"), detail=True, cached=False, list_rows=True).hits
        assert hits and not any(isinstance(hit.service, ListEntry) for hit in hits)  # the API's full objects
        hits = search_services(db_session, SearchParams(q="サロン"), cached=False).hits
        assert hits and not any(isinstance(hit.service, ListEntry) for hit in hits)  # other callers: unchanged
