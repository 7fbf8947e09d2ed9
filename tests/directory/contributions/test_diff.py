"""Entry data: snapshot ↔ apply round-trips, and the field-by-field diff a reviewer reads."""

from __future__ import annotations

import pytest

from directory.contributions.fields import apply_service, diff, service_snapshot
from directory.models import Organization, Service
from tests.factories import make_service, weekly


@pytest.fixture
def request_context(app):
    with app.test_request_context("/"):
        yield


def test_a_snapshot_applied_to_a_new_entry_gives_the_same_snapshot(db_session):
    source = make_service(
        db_session, name="ひだまり", schedule=weekly(), free=False, capacity=20, description="説明", private_home=True
    )
    data = service_snapshot(source)
    data["schedule_text"] = "毎週水曜日 15時～19時"
    copy = Service(organization=Organization(name="写しの会"))
    apply_service(db_session, copy, data)
    assert service_snapshot(copy) == data
    assert [(s.byday, s.opens_at.hour) for s in copy.schedules] == [("WE", 15)]


def test_applying_unchanged_data_keeps_schedules_that_have_no_text(db_session):
    service = make_service(db_session, schedule=weekly("MO,TU"))
    apply_service(db_session, service, {**service_snapshot(service), "name": "新しい名前"})
    assert service.name == "新しい名前" and [s.byday for s in service.schedules] == ["MO,TU"]


def test_the_diff_lists_only_changed_fields_in_words(request_context):
    before = {
        "name": "ひだまり",
        "kind": "ibasho",
        "description": "",
        "languages": ["ja"],
        "do_not_list": False,
        "costs": {"adult": {"free": False, "yen": 300}},
        "capacity": None,
        "town": "本町",
    }
    after = {
        **before,
        "description": None,
        "languages": ["ja", "pt-BR"],
        "do_not_list": True,
        "costs": {"adult": {"free": True, "yen": None}, "elementary": {"free": True, "yen": None}},
        "capacity": 12,
        "kind": "salon",
    }
    changes = {c.field: c for c in diff(before, after, kinds={"ibasho": "居場所", "salon": "サロン"})}
    assert set(changes) == {"kind", "languages", "do_not_list", "costs", "capacity"}  # "" → None is no change
    assert (changes["kind"].before, changes["kind"].after) == ("居場所", "サロン")
    assert changes["languages"].after == "日本語、Português"
    assert (changes["do_not_list"].before, changes["do_not_list"].after) == ("いいえ", "はい")
    assert (changes["costs"].before, changes["costs"].after) == ("大人 300円", "小学生 無料・大人 無料")
    assert (changes["capacity"].before, changes["capacity"].after) == ("—", "12")
    assert [c.field for c in diff(before, after)][:3] == ["kind", "costs", "capacity"]  # form order


def test_a_new_entry_diff_shows_what_was_given(request_context):
    changes = diff(None, {"name": "ひだまり", "description": "", "threshold": "reservation"})
    assert [(c.field, c.after) for c in changes] == [("name", "ひだまり"), ("threshold", "予約制")]


def test_organisation_diffs_use_the_organisation_words(request_context):
    changes = diff({"name": "会", "kind": "npo"}, {"name": "会", "kind": "neighbourhood"}, organization=True)
    assert [(c.label, c.before, c.after) for c in changes] == [("団体の種類", "NPO・市民活動団体", "町内会・自治会")]
