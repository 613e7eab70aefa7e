"""Swedish number formatting, by hand and without the system locale.

SPRAK.md: decimal comma, thousands grouped with a non-breaking space, U+2212
for minus, years never grouped, and the percent sign (after a non-breaking
space) only in tables and charts. Locale modules and babel depend on the
machine, and the site must be byte-identical wherever it is built.
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
MINUS = "\u2212"

#: Short unit text for tables ("per 10 000 invånare"), keyed by config unit.
UNIT_LABELS = {
    "percent": "procent",
    "per_1000": f"per 1{NBSP}000 invånare",
    "per_10000": f"per 10{NBSP}000 invånare",
    "per_100000": f"per 100{NBSP}000 invånare",
    "count": "antal",
    "kronor": "kronor",
    "days": "dagar",
    "index": "index",
    "yesno": "ja/nej",
    "ordinal": "svarsalternativ",
}


def format_number(value: float, decimals: int = 0) -> str:
    """``12345.6`` → ``12 345,6`` with NBSP grouping, U+2212 minus, no "-0"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("format_number needs a number; missing values are shown by the caller")
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # never print −0
    text = f"{abs(rounded):,.{decimals}f}"
    text = text.replace(",", NBSP).replace(".", ",")
    return (MINUS if rounded < 0 else "") + text


def format_year(year: int) -> str:
    """Years are never grouped: ``2022``."""
    return str(int(year))


def format_table_value(
    value: float | None, unit: str, decimals: int, scale: dict[int, str] | None = None
) -> str:
    """A value as shown in a table cell: ``78 %``, ``12,3``, ``1 234 kr``, ``Ja``, ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit in ("yesno", "ordinal") and scale:
        if float(value).is_integer() and int(value) in scale:
            return scale[int(value)]
        return format_number(value, 2)
    number = format_number(value, decimals)
    if unit == "percent":
        return f"{number}{NBSP}%"
    if unit == "kronor":
        return f"{number}{NBSP}kr"
    return number
