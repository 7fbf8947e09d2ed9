"""How a count may be shown: exactly inside the agency that owns the cases; with cells of 1–2 people suppressed
whenever it leaves the agency (another agency, a meeting pack, an export, `--public`).

Suppressed counts read "<3"; cells that would let one be worked out from the cells beside them are withheld
("—"): a rate or a numerator when 1–2 people are left over, a row total beside a single small cell.
"""

from __future__ import annotations

from collections.abc import Sequence

SMALL = 3
SUPPRESSED = "<3"
"""Counts of 1 or 2 people are shown as this when shared (0 is shown: it identifies nobody)."""
HIDDEN = "—"
"""A cell withheld because, with the cells beside it, it would reveal a count under 3."""
Cell = str | int


def suppress(count: int, shared: bool = True) -> Cell:
    """A count as it may be shown: "<3" for 1 or 2 people when shared."""
    return SUPPRESSED if shared and 0 < count < SMALL else count


def exact_rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator; None only when there is nothing to divide by."""
    return None if denominator == 0 else numerator / denominator


def rate(numerator: int, denominator: int, shared: bool = True) -> float | None:
    """numerator / denominator, or None when there is nothing or, when shared, when it would let a small cell be
    worked out: a numerator or denominator of 1–2, or 1–2 people left over (5 of 6 tells that one did not)."""
    if not shared:
        return exact_rate(numerator, denominator)
    if denominator == 0 or 0 < numerator < SMALL or denominator < SMALL or 0 < denominator - numerator < SMALL:
        return None
    return numerator / denominator


def rate_reason(numerator: int, denominator: int, shared: bool = True) -> str | None:
    """Why `rate` gives None (for the JSON of `tsunagu report outcomes`), or None when it gives a number."""
    if denominator == 0:
        return "denominator is 0 (nothing eligible in the period)"
    if rate(numerator, denominator, shared) is None:
        return "suppressed: it would reveal a count of 1-2 people"
    return None


def percent(value: float | None) -> str:
    """A share as "62%", or "—" when there is none."""
    return HIDDEN if value is None else f"{value * 100:.0f}%"


def share_cells(numerator: int, denominator: int, shared: bool = True) -> tuple[Cell, Cell, str]:
    """(numerator, denominator, rate) as they may be shown: when shared, the numerator is withheld when the rest
    (denominator minus numerator) is 1 or 2, since both counts together would tell it."""
    leftover_small = shared and 0 < denominator - numerator < SMALL
    return (HIDDEN if leftover_small else numerator), denominator, percent(rate(numerator, denominator, shared))


def with_row_total(cells: Sequence[int], shared: bool = True) -> list[Cell]:
    """The cells and their total; when shared, the total is withheld when exactly one cell is under 3 (total minus
    the others would give it)."""
    small = sum(0 < c < SMALL for c in cells)
    return [*cells, HIDDEN if shared and small == 1 else sum(cells)]
