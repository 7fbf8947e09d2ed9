"""Preferences coordinators hear every day: group size, atmosphere, 男性が参加しやすい, the first step; soft or hard."""

from __future__ import annotations

import pytest

from matching.engine import ProfileError, match
from matching.engine.preferences import label_conflicts, named_crowd
from tests.matching.engine.test_match import TODAY, candidate, profile

SMALL_QUIET = {"group_size": "small", "atmosphere": "quiet"}


def _ids(result):
    return [s.service_id for s in result.suggestions]


def test_soft_preferences_raise_the_entries_that_meet_them():
    small = candidate(1, **SMALL_QUIET, lat=35.8625)
    crowd = candidate(2, group_size="large", atmosphere="lively", lat=35.8612)
    wanted = profile(group_size="small", atmosphere="quiet")
    result = match(wanted, [small, crowd], TODAY)
    assert _ids(result) == [1, 2]  # the farther small, quiet one first; the other still suggested
    reasons = [r.as_json() for r in result.suggestions[0].reasons]
    assert {"code": "preference", "preference": "group_size", "value": "small"} in reasons
    assert _ids(match(profile(), [small, crowd], TODAY)) == [2, 1]  # nearest first when nothing is asked


def test_a_hard_preference_excludes_and_is_counted():
    entries = [candidate(1, **SMALL_QUIET), candidate(2, group_size="large"), candidate(3)]
    result = match(profile(group_size="small", hard=["group_size"]), entries, TODAY)
    assert _ids(result) == [1] and result.excluded["preference"] == 2  # unknown size never passes as small
    men = match(
        profile(men_welcome=True, hard=["men_welcome"]), [candidate(1, tags=("men_welcome",)), candidate(2)], TODAY
    )
    assert _ids(men) == [1]
    first = match(
        profile(first_step=True, hard=["first_step"]), [candidate(1, step_level="visit"), candidate(2)], TODAY
    )
    assert _ids(first) == [1]


def test_a_label_the_entrys_own_text_contradicts_is_not_trusted_and_is_flagged():
    liar = candidate(1, group_size="small", text="守られた空間（少人数） 毎回30人以上が参加します")
    assert named_crowd("毎回３０人以上") == 30 and label_conflicts("small", None, liar.text) == ("group_size",)
    assert label_conflicts("small", None, "5人ほどで") == ()
    assert label_conflicts("quiet", None, "") == () and label_conflicts(None, "quiet", "にぎやかな会") == (
        "atmosphere",
    )
    result = match(profile(group_size="small", hard=["group_size"]), [liar], TODAY)
    assert not result.suggestions and result.excluded["preference"] == 1
    soft = match(profile(), [liar], TODAY).suggestions[0]
    assert {"code": "label_conflict", "labels": ["group_size"]} in [r.as_json() for r in soft.reasons]


@pytest.mark.parametrize(
    ("data", "field"),
    [({"group_size": "tiny"}, "group_size"), ({"atmosphere": "loud"}, "atmosphere"), ({"hard": ["cost"]}, "hard")],
)
def test_bad_preferences_name_the_field(data, field):
    with pytest.raises(ProfileError) as caught:
        profile(**data)
    assert caught.value.field == field
