"""Consumer prices, to tell a cost's trend in fixed prices (pure).

Kolada gives costs in current prices (löpande priser). In a year of 8 procent
inflation a cost that rose 6 procent fell in fixed prices, so "den högsta
hittills" or "har ökat fem år i rad" of kronor in current prices sells inflation as
news (editors' findings, reviews r30 and r31). A cost's streak, record and "sedan"
year are therefore claimed only where they hold in fixed prices too.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Konsumentprisindex (KPI), fastställda tal, 1980 = 100, årsmedel (SCB). Years
#: before 2006 and after 2023 are left out rather than estimated: a cost is compared
#: in fixed prices over the years this table covers only.
KPI: Mapping[int, float] = {
    2006: 284.22,
    2007: 290.51,
    2008: 300.61,
    2009: 299.66,
    2010: 303.46,
    2011: 311.43,
    2012: 314.20,
    2013: 314.06,
    2014: 313.49,
    2015: 313.35,
    2016: 316.43,
    2017: 322.11,
    2018: 328.40,
    2019: 334.26,
    2020: 335.92,
    2021: 343.19,
    2022: 371.91,
    2023: 403.70,
}


def in_fixed_prices(series: Mapping[int, float]) -> dict[int, float]:
    """The years of ``series`` that KPI covers, in the prices of its latest year; empty
    when the latest year itself is not covered (nothing to compare in fixed prices)."""
    if not series:
        return {}
    last = max(series)
    if last not in KPI:
        return {}
    return {y: v * KPI[last] / KPI[y] for y, v in series.items() if y in KPI}


def fixed_difference(previous: float, value: float, previous_year: int, year: int) -> float | None:
    """``value`` minus ``previous`` in the prices of ``year`` (a later year than
    ``previous_year``); None outside the table."""
    fixed = in_fixed_prices({previous_year: previous, year: value})
    if previous_year not in fixed:
        return None
    return fixed[year] - fixed[previous_year]


def real_change(previous: float, value: float, previous_year: int, year: int) -> float | None:
    """The change from ``previous`` to ``value`` in fixed prices, in percent of the earlier
    cost; None where either year lies outside the table or the earlier cost is zero.
    Tranås' missbruksvård, 1 361 → 1 474 kronor per invånare in 2022, "en ökning med 113
    kronor", was all inflation: 1 475 → 1 474 in 2022 prices (an editor, review r32)."""
    diff = fixed_difference(previous, value, previous_year, year)
    if diff is None or not previous:
        return None
    return diff / abs(value - diff) * 100
