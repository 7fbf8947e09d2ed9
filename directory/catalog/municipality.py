"""全国地方公共団体コード: the national local-government code and its check digit (pure, no database)."""

from __future__ import annotations

CHECK_DIGIT_WEIGHTS = (6, 5, 4, 3, 2)


def municipality_code_with_check_digit(five_digits: str) -> str:
    """The 6-digit 全国地方公共団体コード for a 5-digit one (prefecture + city) by the official rule.

    The check digit lets imports reject mistyped codes; the demo town needs a fictional code that
    still validates.
    """
    if len(five_digits) != 5 or not five_digits.isdigit():
        raise ValueError(f"expected five digits, got {five_digits!r}")
    total = sum(int(d) * w for d, w in zip(five_digits, CHECK_DIGIT_WEIGHTS, strict=True))
    return five_digits + str((11 - total % 11) % 10)
