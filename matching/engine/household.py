"""Who attends and what it costs them: the household (世帯) rules of the engine.

A single person is a household of one. For a household profile (DESIGN.md: `"household": [{"age":38,
"languages":["pt"]}, {"age":10}, {"age":13}]`) an entry is suggested for the members it fits: every member
whose age the entry accepts attends (学習支援 for the 13-year-old alone, a 子ども食堂 for the whole family), and
the entry must then fit every one of them — the cost summed over their age bands stays within the household's
`max_cost_yen` (per visit for everyone together), and each attending member's needs (accessibility features)
are met there. The household's languages count together (`profile.languages` holds them pooled).
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.engine.candidate import Candidate, Cost


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a household as matching sees them: an age, the languages they speak, what they need."""

    age: int | None
    languages: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    """Accessibility features this member needs wherever they attend ("wheelchair", …)."""


def age_band(age: int) -> str:
    """The 参加費 age band of the 子ども食堂 layout (values of directory.models.AgeBand) for an age."""
    if age < 6:
        return "infant"
    if age < 12:
        return "elementary"
    if age < 15:
        return "junior_high"
    if age < 18:
        return "high_school"
    return "adult"


def applicable_costs(costs: tuple[Cost, ...], age: int | None) -> tuple[Cost, ...]:
    """The cost rows that decide for this age: the row of its band, else every row (like the search filter)."""
    if age is not None:
        band = age_band(age)
        own = tuple(c for c in costs if c.age_band == band)
        if own:
            return own
    return costs


def price_for(costs: tuple[Cost, ...], age: int | None) -> int | None:
    """What one visit costs a person of this age (the highest row that applies); None when unknown."""
    rows = applicable_costs(costs, age)
    if not rows:
        return None
    prices = [0 if c.is_free else c.amount_yen for c in rows]
    if any(price is None for price in prices):
        return None
    return max(price for price in prices if price is not None)


def total_price(costs: tuple[Cost, ...], ages: tuple[int | None, ...]) -> int | None:
    """One visit for all these people together, summed over their age bands; None when any price is unknown."""
    total = 0
    for age in ages:
        price = price_for(costs, age)
        if price is None:
            return None
        total += price
    return total


def within_cost(costs: tuple[Cost, ...], ages: tuple[int | None, ...], ceiling: int | None) -> bool:
    """Summed cost ≤ ceiling; an unknown price never passes as cheap (for one person: every row of their band)."""
    if ceiling is None:
        return True
    total = total_price(costs, ages)
    return total is not None and total <= ceiling


def age_eligible(candidate: Candidate, age: int | None) -> bool:
    """Within the activity's age limits; an unknown age passes only where there are no limits."""
    if age is None:
        return candidate.minimum_age is None and candidate.maximum_age is None
    low_ok = candidate.minimum_age is None or candidate.minimum_age <= age
    return low_ok and (candidate.maximum_age is None or age <= candidate.maximum_age)


def attending(household: tuple[Member, ...], candidate: Candidate) -> tuple[int, ...]:
    """Indexes of the members who would attend: those whose age the entry accepts (empty: it fits nobody)."""
    return tuple(n for n, member in enumerate(household) if age_eligible(candidate, member.age))


def member_ages(household: tuple[Member, ...], members: tuple[int, ...]) -> tuple[int | None, ...]:
    """The ages of these members, in order."""
    return tuple(household[n].age for n in members)


def member_needs(household: tuple[Member, ...], members: tuple[int, ...]) -> frozenset[str]:
    """Every accessibility feature one of these members needs."""
    return frozenset(need for n in members for need in household[n].needs)
