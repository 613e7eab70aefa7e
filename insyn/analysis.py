"""Pure analysis of a snapshot: series, latest values and comparisons.

Issue 3 grows this into ranks, bands, trends and newsworthiness; it starts with
the index every page needs: one ordered series per (KPI, municipality).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

#: (kpi, municipality) -> {year: value}, total (gender T) values only, missing left out.
SeriesIndex = Mapping[tuple[str, str], Mapping[int, float]]


def series_index(
    observations: pd.DataFrame, gender: str = "T"
) -> dict[tuple[str, str], dict[int, float]]:
    """Group the present values of one gender by (kpi, municipality), years ascending."""
    frame = observations[(observations["gender"] == gender) & observations["value"].notna()]
    out: dict[tuple[str, str], dict[int, float]] = {}
    columns = (frame[c].tolist() for c in ("kpi", "municipality", "year", "value"))
    for kpi, muni, year, value in zip(*columns, strict=True):
        out.setdefault((kpi, muni), {})[int(year)] = float(value)
    return {key: dict(sorted(series.items())) for key, series in out.items()}


@dataclass(frozen=True, slots=True)
class Latest:
    """The latest year with a value for one series, and the value."""

    year: int
    value: float


def latest(index: SeriesIndex, kpi: str, municipality: str) -> Latest | None:
    """The latest present value of a series, or None when it has none."""
    series = index.get((kpi, municipality))
    if not series:
        return None
    year = max(series)
    value = series[year]
    return None if math.isnan(value) else Latest(year, value)


def value_in(index: SeriesIndex, kpi: str, municipality: str, year: int) -> float | None:
    """The value of a series in one year, or None."""
    return index.get((kpi, municipality), {}).get(year)
