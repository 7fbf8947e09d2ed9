"""The engine's reason codes and constraint codes in words (Babel), for pages, the CLI and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.dates import format_skeleton
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from directory.catalog.labels import LANGUAGE, SPACE_SHORT, THRESHOLD_SHORT, WEEKDAY_LABELS
from matching.engine import MatchResult, Reason, Suggestion

CONSTRAINT_LABELS = {
    "status": _l("公開・活動中でない"),
    "kind": _l("希望する種類でない"),
    "age": _l("年齢が対象外"),
    "distance": _l("行ける距離より遠い"),
    "capacity": _l("定員に空きなし"),
    "cost": _l("参加費が上限を超える"),
    "language": _l("共通の言語がない"),
    "accessibility": _l("必要なバリアフリー設備がない"),
    "schedule": _l("都合のよい時間に開催がない（8週間以内）"),
    "preference": _l("必須とした希望（人数・雰囲気など）に合わない"),
}
"""Why an entry was excluded, by hard-constraint code."""
TAG_LABELS = {"men_welcome": _l("男性歓迎"), "visit_ok": _l("見学可"), "foreign_language": _l("外国語対応")}
PREFERENCE_LABELS = {
    "small": _l("少人数"),
    "large_ok": _l("大人数でもよい"),
    "quiet": _l("静かな雰囲気"),
    "lively": _l("にぎやかな雰囲気"),
}
PLACEMENT_STATUS = {
    "proposed": _l("提案中"),
    "visit": _l("見学"),
    "trial": _l("体験"),
    "started": _l("参加中"),
    "ended": _l("終了"),
}
PART_LABELS = {
    "interest": _l("興味・関心"),
    "distance": _l("近さ"),
    "schedule": _l("都合のよい時間"),
    "preference": _l("空間・参加方法の希望"),
    "step": _l("最初の一歩（見学）"),
    "freshness": _l("情報の新しさ"),
    "outcome": _l("定着の見込み（学習モデル）"),
}


def _date(value: str) -> str:
    return format_skeleton("MMMEd", dt.date.fromisoformat(value), locale=str(get_locale() or "ja"))


def _held(p: dict[str, Any]) -> str:
    if p.get("opens"):
        return str(
            _l(
                "%(weekday)sの%(time)s〜に開催（本人の都合に合う最初の日: %(date)s）",
                weekday=WEEKDAY_LABELS[p["weekday"]],
                time=p["opens"],
                date=_date(p["date"]),
            )
        )
    return str(
        _l(
            "%(weekday)sに開催（本人の都合に合う最初の日: %(date)s）",
            weekday=WEEKDAY_LABELS[p["weekday"]],
            date=_date(p["date"]),
        )
    )


def language_name(code: str) -> str:
    """A language named in itself (as on the public pages), else its code."""
    return LANGUAGE.get(code) or next((name for key, name in LANGUAGE.items() if key.lower() == code.lower()), code)


_RENDER: dict[str, Callable[[dict[str, Any]], str]] = {
    "held": _held,
    "held_uncertain": lambda p: str(p["schedule"]),  # the rule in words (directory.schedules.words)
    "confirm_dates": lambda p: str(_l("開催日（第何週か）を団体に確認: %(schedule)s", schedule=p["schedule"])),
    "confirm_schedule": lambda p: str(_l("日程の確認が必要")),
    "distance": lambda p: str(_l("自宅から%(km)skm", km=format_decimal(p["km"]))),
    "interest": lambda p: str(
        _l("%(words)sが好き → 「%(found)s」あり", words="・".join(p["words"]), found="・".join(p["found"]))
    ),
    "strength": lambda p: str(
        _l("%(words)s → 「%(found)s」を求めている", words="・".join(p["words"]), found="・".join(p["found"]))
    ),
    "interest_related": lambda p: str(_l("関心（%(words)s）に近い内容", words="・".join(p["words"]))),
    "free": lambda p: str(_l("無料")),
    "cost": lambda p: str(_l("参加費%(yen)s円", yen=format_decimal(p["yen"]))),
    "language": lambda p: str(_l("%(language)sで参加できる", language=language_name(p["language"]))),
    "space": lambda p: str(SPACE_SHORT.get(p["space"], p["space"])),
    "threshold": lambda p: str(THRESHOLD_SHORT.get(p["threshold"], p["threshold"])),
    "tag": lambda p: str(TAG_LABELS.get(p["tag"], p["tag"])),
    "step_visit": lambda p: str(_l("見学から始められる")),
    "verified": lambda p: str(_l("最近確認された情報（%(date)s）", date=_date(p["date"]))),
    "stale": lambda p: str(_l("情報が古いかもしれません（参加前に確認を）")),
    "outcome": lambda p: str(_l("似たつなぎの定着見込み %(percent)s%%", percent=p["percent"])),
    "for_family": lambda p: str(_l("家族みんなで参加できる")),
    "for_members": lambda p: str(
        _l(
            "%(ages)sの家族が対象",
            ages="・".join(str(_l("%(age)s歳", age=age)) for age in p["ages"] if age is not None),
        )
    ),
    "preference": lambda p: str(PREFERENCE_LABELS.get(p["value"], p["value"])),
    "label_conflict": lambda p: str(_l("説明文が「少人数」「静か」などの表示と合わない（参加前に確認を）")),
    "model_none": lambda p: str(_l("定着の学習モデルはまだありません（記録が50件未満）。他の要素だけで並べています。")),
}


def render_reason(reason: Reason) -> str:
    """One reason in the current locale (an unknown code shows as itself rather than failing)."""
    render = _RENDER.get(reason.code)
    return render(reason.params) if render else reason.code


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """One result in the DESIGN.md shape shared by `tsunagu match --json` and `POST /api/v1/match`."""
    return {
        "service_id": suggestion.service_id,
        "name": suggestion.name,
        "score": suggestion.score,
        "reasons": [render_reason(reason) for reason in suggestion.reasons],
        "distance_km": suggestion.distance_km,
        "next_dates": [occurrence.date.isoformat() for occurrence in suggestion.next_dates[:3]],
        "uncertain": [render_reason(reason) for reason in suggestion.uncertain],
        **({"attending": list(suggestion.attending)} if suggestion.attending else {}),
    }


def excluded_lines(result: MatchResult) -> list[tuple[str, str, int]]:
    """(code, label, count) for every constraint that excluded something, most first."""
    return [(code, str(CONSTRAINT_LABELS[code]), result.excluded[code]) for code in result.failed_constraints]
