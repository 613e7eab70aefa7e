"""Checks that a loaded snapshot can be published for this config.

A value outside its unit's range (a share of 104 percent, a negative count, a
yes/no answer coded 7) is a data error, and the build must stop with the KPI,
municipality and year named rather than print it on a public page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .config import Config, Indicator, value_range
from .model import Snapshot
from .reference import Reference


class DataError(ValueError):
    """The snapshot does not fit the config; names the KPI, municipality and year."""


MAX_LISTED = 10


def check_snapshot(snapshot: Snapshot, config: Config, reference: Reference) -> None:
    """Raise DataError for a configured KPI the snapshot lacks or a value out of range."""
    missing = missing_kpis(snapshot, config)
    if missing:
        raise DataError(
            f"snapshot {snapshot.path}: no metadata for indicator {', '.join(missing)} "
            "(not fetched, or removed from Kolada)"
        )
    problems = range_problems(snapshot, config, reference)
    if problems:
        raise DataError(
            f"snapshot {snapshot.path}: values outside their range:\n  "
            + "\n  ".join(problems[:MAX_LISTED])
        )


def missing_kpis(snapshot: Snapshot, config: Config) -> list[str]:
    """Configured Kolada KPIs without metadata in the snapshot."""
    # custom indicators (data/extra) are described by config.yaml, not by the snapshot
    return [i.id for i in config.indicators if i.is_kolada and i.id not in snapshot.kpis]


def range_problems(snapshot: Snapshot, config: Config, reference: Reference) -> list[str]:
    """Up to MAX_LISTED values outside their unit's range, each naming KPI, kommun and year."""
    kommuner = {k.code for k in reference.kommuner}
    problems: list[str] = []
    by_kpi = dict(tuple(snapshot.observations.groupby("kpi", observed=True, sort=True)))
    for ind in config.indicators:
        rows = by_kpi.get(ind.id)
        if rows is not None:
            problems += _out_of_range(rows, ind, kommuner)
        if len(problems) >= MAX_LISTED:
            break
    return problems[:MAX_LISTED]


def _out_of_range(rows: pd.DataFrame, ind: Indicator, kommuner: set[str]) -> list[str]:
    values = rows["value"].to_numpy()
    present = ~np.isnan(values)
    lo, hi = value_range(ind)
    bad = present & (
        (values < lo if lo is not None else False) | (values > hi if hi is not None else False)
    )
    if ind.is_categorical:
        codes = np.array([c for c, _ in ind.scale], dtype=float)
        is_kommun = rows["municipality"].isin(kommuner).to_numpy()
        bad |= present & is_kommun & ~np.isin(values, codes)
    out = []
    for i in np.flatnonzero(bad)[:MAX_LISTED]:
        row = rows.iloc[int(i)]
        allowed = (
            "one of " + ", ".join(str(c) for c, _ in ind.scale)
            if ind.is_categorical
            else f"{_fmt(lo)}–{_fmt(hi)}"
        )
        out.append(
            f"KPI {ind.id} ({ind.unit}), municipality {row['municipality']}, "
            f"year {row['year']}, gender {row['gender']}: {float(row['value'])!r} "
            f"(allowed {allowed})"
        )
    return out


def _fmt(bound: float | None) -> str:
    return "" if bound is None else f"{bound:g}"
