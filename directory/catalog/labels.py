"""Words shown to people for the catalog's coded values (each through Babel)."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l

from directory.models import AccessibilityFeature, AgeBand, LadderStage, Service, Space, StepLevel, Threshold
from directory.schedules import Occurrence, Rule, next_dates
from i18n.formatting import format_yen, join_list
from i18n.selection import ui_locale
from tsunagu.clock import today_in_japan

THRESHOLD = {
    Threshold.DROP_IN: _l("予約不要（当日そのまま参加できます）"),
    Threshold.RESERVATION: _l("予約が必要です"),
    Threshold.REFERRAL: _l("相談窓口・コーディネーターからの紹介で参加します"),
}
THRESHOLD_SHORT = {
    Threshold.DROP_IN: _l("予約不要"),
    Threshold.RESERVATION: _l("予約制"),
    Threshold.REFERRAL: _l("紹介制"),
}
SPACE = {
    Space.PROTECTED: _l("守られた空間（少人数・顔見知り中心）"),
    Space.OPEN: _l("オープンな空間（どなたでも出入りできます）"),
}
SPACE_SHORT = {Space.PROTECTED: _l("守られた空間"), Space.OPEN: _l("オープンな空間")}
STEP = {
    StepLevel.VISIT: _l("見学だけでも大丈夫です"),
    StepLevel.TRIAL: _l("体験参加ができます"),
    StepLevel.JOIN: _l("そのまま参加できます"),
    StepLevel.ROLE: _l("役割を持って参加します"),
}
LADDER = {
    LadderStage.SOCIAL: _l("交流"),
    LadderStage.HOBBY: _l("趣味"),
    LadderStage.VOLUNTEER: _l("ボランティア"),
    LadderStage.WORK: _l("就労"),
}
AGE_BAND = {
    AgeBand.INFANT: _l("幼児"),
    AgeBand.ELEMENTARY: _l("小学生"),
    AgeBand.JUNIOR_HIGH: _l("中学生"),
    AgeBand.HIGH_SCHOOL: _l("高校生"),
    AgeBand.ADULT: _l("大人"),
}
ACCESSIBILITY = {
    AccessibilityFeature.WHEELCHAIR: _l("車いすで入れます"),
    AccessibilityFeature.ACCESSIBLE_TOILET: _l("多目的トイレ"),
    AccessibilityFeature.ELEVATOR: _l("エレベーター"),
    AccessibilityFeature.HEARING_LOOP: _l("ヒアリングループ"),
    AccessibilityFeature.SIGN_LANGUAGE: _l("手話対応"),
    AccessibilityFeature.PARKING: _l("駐車場"),
    AccessibilityFeature.QUIET_ROOM: _l("静かに休める部屋"),
}
LANGUAGE = {
    "ja": "日本語",
    "ja-x-easy": "やさしい日本語",
    "en": "English",
    "zh-Hans": "简体中文",
    "zh-Hant": "繁體中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "pt-BR": "Português",
    "tl": "Tagalog",
    "ne": "नेपाली",
    "es": "Español",
    "id": "Bahasa Indonesia",
    "th": "ไทย",
}
"""Languages are named in themselves, so a reader finds their own at a glance."""
TIMES_OF_DAY = (("10:00", _l("午前")), ("14:00", _l("午後")), ("17:00", _l("夕方")), ("19:00", _l("夜")))
WEEKDAY_LABELS = (_l("月曜"), _l("火曜"), _l("水曜"), _l("木曜"), _l("金曜"), _l("土曜"), _l("日曜"))
RADII_KM = (1, 2, 3, 5, 10)
SORT_LABELS = {"relevance": _l("おすすめ順"), "distance": _l("近い順"), "next": _l("開催日が近い順")}


PriceItem = tuple[AgeBand, bool, int | None]
"""One cost option as (age band, free, amount in yen)."""


def cost_line(service: Service) -> str:
    """参加費 in one line: "無料", "小学生 無料・大人 300円", or a prompt to ask."""
    prices = tuple((cost.age_band, bool(cost.is_free), cost.amount_yen) for cost in service.costs)
    return price_line(service.fees_description, prices)


def price_line(fees_description: str | None, prices: tuple[PriceItem, ...]) -> str:
    """`cost_line` of a price list, built once per distinct list, note and UI locale in a process: lists
    repeat a few patterns (無料, 大人 300円), and a page of results or a map asks for hundreds of them."""
    return _price_line(ui_locale(), fees_description, prices)


@lru_cache(maxsize=4096)
def _price_line(_locale: str, fees_description: str | None, prices: tuple[PriceItem, ...]) -> str:
    if not prices:
        return str(fees_description or _l("参加費は問い合わせてください"))
    if all(free for _band, free, _amount in prices):
        return str(_l("無料"))
    order = list(AgeBand)
    parts = []
    for band, free, amount_yen in sorted(prices, key=lambda price: order.index(price[0])):
        amount = _l("無料") if free else format_yen(amount_yen or 0)
        parts.append(str(_l("%(band)s %(amount)s", band=AGE_BAND[band], amount=amount)))
    return join_list(parts)


def upcoming(service: Service, n: int = 1) -> list[Occurrence]:
    """The next `n` dates the service meets, from today in Japan time."""
    rules = [Rule.from_row(row) for row in service.schedules]
    return next_dates(rules, today_in_japan(), n) if rules else []
