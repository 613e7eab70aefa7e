"""The figures a reader sees: values rounded as the text prints them.

Analysis decides changes, streaks, records and ties on these printed figures, so a
text never says "ökade" beside two equal figures; write/sv.py formats them in
Swedish. Pure; no Swedish words here.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from insyn.config import PERCENT_UNITS


def exact(value: float) -> Decimal:
    """The number as written in decimal (``repr``), so comparisons carry no float noise."""
    if value is None or isinstance(value, bool):
        raise ValueError("a number is required; missing values are shown by the caller")
    if isinstance(value, int):
        return Decimal(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a finite number is required, not {value!r}")
    return Decimal(repr(number))


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round half away from zero on the decimal text of ``value``; never −0.

    Python's ``round`` works on the binary float, so ``round(9.95, 1)`` is 9.9
    and ``round(12.5)`` is 12; readers (and SCB) expect 10,0 and 13.
    """
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, not {decimals}")
    rounded = exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


@lru_cache(maxsize=1 << 18)
def text_decimals(value: float) -> int:
    """Decimals for a share in running text: whole percent, one decimal under 10 (SPRAK.md).

    Decided on the value rounded to one decimal, so 9.96 reads "10 procent", not
    "10,0 procent". Exactly zero reads "0 procent".
    """
    if exact(value) == 0:
        return 0
    return 1 if abs(round_half_up(value, 1)) < 10 else 0


def shown(value: float, unit: str, decimals: int) -> Decimal:
    """The number that running text prints for ``value`` (see :func:`value_text`).

    Statements about change, streaks, records and differences are decided on
    these numbers, so a text never says "ökade" beside two equal figures.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return round_half_up(value, decimals)  # raises the right error
    return _shown_cached(float(value), unit, decimals)


@lru_cache(maxsize=1 << 18)
def shown_float(value: float, unit: str, decimals: int) -> float:
    """:func:`shown` as a float, for comparing printed figures in bulk (streaks, records)."""
    return float(_shown_cached(value, unit, decimals))


@lru_cache(maxsize=1 << 18)
def _shown_cached(value: float, unit: str, decimals: int) -> Decimal:
    """Streaks and records round every value of every series: cache, as for formatting."""
    if unit in PERCENT_UNITS:
        return round_half_up(value, min(decimals, text_decimals(value)))
    return round_half_up(value, decimals)


@lru_cache(maxsize=1 << 18)
def fixed(value: float, decimals: int) -> Decimal:
    """``value`` rounded half up to exactly ``decimals`` (no text rule): the figure
    that :func:`percent_text` prints when it is given the decimals. Cached: every
    streak rounds every value of its series."""
    return round_half_up(value, decimals)


def shown_difference(a: float, b: float, unit: str, decimals: int) -> float:
    """``a`` minus ``b`` as the printed figures show it: 0.0 when they print alike.

    The difference of the printed figures, not the printed difference, so a
    reader who subtracts the two figures in the text gets the stated change.
    """
    return float(shown(a, unit, decimals) - shown(b, unit, decimals))
