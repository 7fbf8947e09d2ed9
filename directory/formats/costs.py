"""参加費 / 料金 text → cost options: the one reading of fees every importer uses.

Municipal files write fees as free text ("300円", "無料（カンパ制）", "1回100円", "月500円", "実費", "お茶代
100円程度"). `parse_cost` reads the amount and a *band* — how the amount is charged — and keeps the original
text as the note whenever it says more than a plain number, so nothing the source said is lost.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass

from directory.formats.drafts import CostDraft


class CostBand(enum.StrEnum):
    """How a fee is charged."""

    FREE = "free"
    """無料 (also 0円)"""
    PER_VISIT = "per_visit"
    """a price per visit: 300円, 1回100円"""
    PERIODIC = "periodic"
    """a membership fee: 月500円, 年会費1,000円"""
    AT_COST = "at_cost"
    """実費・材料費: an amount the group cannot state beforehand"""
    DONATION = "donation"
    """カンパ・寄付: pay what you can"""
    UNKNOWN = "unknown"
    """nothing understood (要問合せ, a sentence); the note says what the file said"""


@dataclass(frozen=True)
class ParsedCost:
    """What one fee cell says."""

    amount_yen: int | None
    is_free: bool
    note: str | None
    band: CostBand


_DIGITS = re.compile(r"\d+")
_YEN = re.compile(r"(\d+)円")
_PLAIN = re.compile(r"\d+円?")
_FREE_WORDS = re.compile(r"無償|参加費なし|会費なし|料金なし|費用なし|^なし$|^無し$|^不要$")
_PERIODIC = re.compile(r"月額|月\d|月会費|年会費|年額|年\d|半年|月謝")
_AT_COST = re.compile(r"実費|材料費")
_DONATION = re.compile(r"カンパ|寄付|志|投げ銭")


def parse_cost(value: str | None) -> ParsedCost | None:
    """Amount, free flag, note and band of a fee cell; None for an empty cell.

    "0", "0円", "無料" are free with no note; "無料（カンパ制）" is free and keeps the text; the amount is the
    number before 円, else the first number ("1回100円" → 100; "月500円" → 500, band periodic); "実費" has
    no amount. A cell with 無料 is free whatever else it says (子ども食堂 files write "無料（大人300円）" in
    the children's column), other free words only when no price is named.
    """
    if value is None or not value.strip():
        return None
    text = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "").strip()
    if text in ("0", "0円", "無料"):
        return ParsedCost(0, True, None, CostBand.FREE)
    yen = _YEN.search(text)
    if "無料" in text or (_FREE_WORDS.search(text) and not yen):
        band = CostBand.DONATION if _DONATION.search(text) else CostBand.FREE
        return ParsedCost(0, True, value.strip(), band)
    numbers = _DIGITS.findall(text)
    amount = int(yen.group(1)) if yen else (int(numbers[0]) if numbers else None)
    note = None if _PLAIN.fullmatch(text) else value.strip()
    if amount == 0:
        return ParsedCost(0, True, note, CostBand.FREE)
    if _PERIODIC.search(text):
        band = CostBand.PERIODIC
    elif _AT_COST.search(text) and not yen:
        band, amount = CostBand.AT_COST, None
    elif _DONATION.search(text) and not yen:
        band = CostBand.DONATION
    elif amount is not None:
        band = CostBand.PER_VISIT
    else:
        band = CostBand.UNKNOWN
    return ParsedCost(amount, False, note, band)


def cost_draft(age_band: str, value: str | None) -> CostDraft | None:
    """The CostDraft of one fee cell for an age band (None for an empty cell)."""
    parsed = parse_cost(value)
    if parsed is None:
        return None
    return CostDraft(age_band, None if parsed.is_free else parsed.amount_yen, parsed.is_free, parsed.note)


def cost_rows(costs: list[CostDraft]) -> list[dict[str, object]]:
    """Column values of the cost_options rows for `costs`: one per age band (the first wins), note ≤ 200.

    The age band stays a plain string here (this module knows no ORM); the writers make it an `AgeBand`.
    """
    rows: dict[str, dict[str, object]] = {}
    for cost in costs:
        if cost.age_band in rows:
            continue
        note = (cost.note or "").strip()[:200] or None
        rows[cost.age_band] = {
            "age_band": cost.age_band,
            "amount_yen": cost.amount_yen,
            "is_free": cost.is_free,
            "note": note,
        }
    return list(rows.values())
