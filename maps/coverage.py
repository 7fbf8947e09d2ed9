"""The coverage view (見える化): how many 居場所 each 中学校区 has against its target, as a shade.

Four steps, each with a colour *and* a word in the legend and the table beside the map, so the colour is
never the only way to read it.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TARGET = 10
"""目標: 10 居場所 per 中学校区 unless the area or TSUNAGU_COVERAGE_TARGET says otherwise."""


@dataclass(frozen=True)
class CoverageStep:
    """One shade: areas whose count/target ratio is at least `minimum` (and below the next step)."""

    key: str
    minimum: float
    colour: str


STEPS = (
    CoverageStep("none", 0.0, "#f2f0eb"),
    CoverageStep("low", 0.01, "#f6d3b8"),
    CoverageStep("half", 0.5, "#e99a6b"),
    CoverageStep("met", 1.0, "#b4432b"),
)
"""0 件 / under half the target / half or more / target met."""


def ratio(count: int, target: int | None) -> float:
    """count / target; a missing or zero target counts as the default."""
    return count / (target or DEFAULT_TARGET)


def step_for(count: int, target: int | None) -> CoverageStep:
    """The shade of an area with `count` entries against `target`."""
    value = ratio(count, target)
    chosen = STEPS[0]
    for step in STEPS:
        if value >= step.minimum and (step.minimum > 0 or count == 0):
            chosen = step
    return chosen
