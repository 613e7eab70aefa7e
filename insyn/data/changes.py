"""What changed between two snapshots: counts, new years, revised values, jumps.

Pure: two snapshots (and the config) in, a ``Changes`` out. The publishing
gates (checks.py) judge it, the run report shows it, and the public changelog
page summarises it. Only the configured indicators are compared, so that a
KPI taken out of config.yaml is not mistaken for a KPI that lost its values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from insyn.config import Config
from insyn.data.model import Snapshot
from insyn.data.reference import Reference

log = logging.getLogger(__name__)

KEY = ["kpi", "municipality", "year", "gender"]
#: How many revised values and jumps are listed as examples (the counts are complete).
EXAMPLES = 10
#: A revision smaller than this is float noise, not a new value.
EPSILON = 1e-9


@dataclass(frozen=True)
class Revision:
    kpi: str
    municipality: str
    year: int
    gender: str
    old: float | None
    new: float | None


@dataclass(frozen=True)
class Jump:
    kpi: str
    municipality: str
    year: int
    gender: str
    before: float
    after: float
    sigmas: float


@dataclass(frozen=True)
class Counts:
    """Values present (not missing) in one snapshot, in total, per KPI, per kommun."""

    total: int
    by_kpi: dict[str, int]
    by_kommun: dict[str, int]


@dataclass(frozen=True)
class Changes:
    old: Counts | None
    new: Counts
    kpis_added: tuple[str, ...] = ()
    kpis_removed: tuple[str, ...] = ()
    #: year -> number of configured KPIs that have values for that year for the first time
    new_years: dict[int, int] = field(default_factory=dict)
    revised_count: int = 0
    revised: tuple[Revision, ...] = ()
    added_values: int = 0
    jumps_count: int = 0
    jumps: tuple[Jump, ...] = ()
    #: every revised value (``revised`` holds the first EXAMPLES): the press texts'
    #: corrections (corrections.py) look up the values they state
    revised_all: tuple[Revision, ...] = field(default=(), repr=False, compare=False)

    @property
    def first(self) -> bool:
        return self.old is None


def counts(frame: pd.DataFrame, kommuner: set[str]) -> Counts:
    present = frame[frame["value"].notna()]
    by_kpi = present.groupby("kpi", observed=True).size()
    in_kommun = present[present["municipality"].isin(kommuner)]
    by_kommun = in_kommun.groupby("municipality", observed=True).size()
    return Counts(
        int(len(present)),
        {str(k): int(v) for k, v in sorted(by_kpi.items()) if v},
        {str(k): int(v) for k, v in sorted(by_kommun.items()) if v},
    )


def _configured(frame: pd.DataFrame, kpis: set[str]) -> pd.DataFrame:
    out = frame[frame["kpi"].isin(kpis)].copy()
    for col in ("kpi", "municipality", "gender"):
        out[col] = out[col].astype(str)
    out["year"] = out["year"].astype(int)
    return out[[*KEY, "value"]]


def compare(
    new: Snapshot,
    old: Snapshot | None,
    config: Config,
    reference: Reference,
    jump_sigmas: float,
) -> Changes:
    """Everything the gates and the report need to know about the new snapshot."""
    kpis = {i.id for i in config.indicators}
    # a yes/no answer that flips is news, not a suspicious jump
    measured = {i.id for i in config.indicators if not i.is_categorical}
    kommuner = {k.code for k in reference.kommuner}
    new_frame = _configured(new.observations, kpis)
    jump_frame = new_frame[new_frame["kpi"].isin(measured)]
    new_counts = counts(new_frame, kommuner)
    if old is None:
        jumps = find_jumps(jump_frame, None, jump_sigmas)
        return Changes(
            None,
            new_counts,
            kpis_added=tuple(sorted(new_counts.by_kpi)),
            new_years=_new_years(new_frame, None),
            added_values=new_counts.total,
            jumps_count=len(jumps),
            jumps=tuple(jumps[:EXAMPLES]),
        )
    old_frame = _configured(old.observations, kpis)
    old_counts = counts(old_frame, kommuner)
    merged = old_frame.merge(new_frame, on=KEY, how="outer", suffixes=("_old", "_new"))
    revised = _revisions(merged)
    jumps = find_jumps(jump_frame, merged, jump_sigmas)
    return Changes(
        old_counts,
        new_counts,
        kpis_added=tuple(sorted(set(new_counts.by_kpi) - set(old_counts.by_kpi))),
        kpis_removed=tuple(sorted(set(old_counts.by_kpi) - set(new_counts.by_kpi))),
        new_years=_new_years(new_frame, old_frame),
        revised_count=len(revised),
        revised=tuple(revised[:EXAMPLES]),
        revised_all=tuple(revised),
        added_values=int((merged["value_old"].isna() & merged["value_new"].notna()).sum()),
        jumps_count=len(jumps),
        jumps=tuple(jumps[:EXAMPLES]),
    )


def _new_years(new: pd.DataFrame, old: pd.DataFrame | None) -> dict[int, int]:
    """Per year, the KPIs that have values for it now but had none before."""

    def pairs(frame: pd.DataFrame) -> set[tuple[str, int]]:
        present = frame[frame["value"].notna()]
        return set(zip(present["kpi"], present["year"], strict=True))

    added = pairs(new) - (pairs(old) if old is not None else set())
    out: dict[int, int] = {}
    for _, year in added:
        out[int(year)] = out.get(int(year), 0) + 1
    return dict(sorted(out.items()))


def _revisions(merged: pd.DataFrame) -> list[Revision]:
    """Values that were published before and are now different or gone."""
    before = merged["value_old"]
    after = merged["value_new"]
    changed = before.notna() & (after.isna() | ((after - before).abs() > EPSILON))
    rows = merged[changed].sort_values(KEY)
    return [
        Revision(
            str(r.kpi),
            str(r.municipality),
            int(r.year),
            str(r.gender),
            _float(r.value_old),
            _float(r.value_new),
        )
        for r in _records(rows)
    ]


def _records(frame: pd.DataFrame) -> list[Any]:
    """Rows as named tuples; their fields are whatever the frame holds (typed Any)."""
    return list(frame.itertuples(index=False))


def _float(v: Any) -> float | None:
    return None if pd.isna(v) else float(v)


def find_jumps(new: pd.DataFrame, merged: pd.DataFrame | None, sigmas: float) -> list[Jump]:
    """Year-over-year changes larger than ``sigmas`` standard deviations of the KPI's changes.

    Only changes that involve a value that is new or revised since the last
    publish are listed: an old jump was reported when it arrived.
    """
    if sigmas <= 0:
        return []
    frame = new[new["value"].notna()].sort_values(KEY)
    prev = frame.groupby(["kpi", "municipality", "gender"], observed=True).shift(1)
    frame = frame.assign(before=prev["value"], before_year=prev["year"])
    frame = frame[frame["before"].notna() & (frame["before_year"] == frame["year"] - 1)]
    delta = frame["value"] - frame["before"]
    std = delta.groupby(frame["kpi"]).transform("std")
    z = (delta.abs() / std).replace([np.inf, -np.inf], np.nan)
    frame = frame.assign(z=z)
    frame = frame[frame["z"] > sigmas]
    if merged is not None and len(frame):
        moved = (merged["value_new"] - merged["value_old"]).abs() > EPSILON
        fresh = merged[merged["value_new"].notna() & (merged["value_old"].isna() | moved)][KEY]
        frame = frame.merge(fresh, on=KEY, how="inner")
    elif len(frame):  # a first publish: only the newest year of each KPI is news
        newest = new[new["value"].notna()].groupby("kpi")["year"].max()
        frame = frame[frame["year"] == frame["kpi"].map(newest)]
    frame = frame.sort_values(["z", *KEY], ascending=[False, True, True, True, True])
    return [
        Jump(
            str(r.kpi),
            str(r.municipality),
            int(r.year),
            str(r.gender),
            float(r.before),
            float(r.value),
            round(float(r.z), 1),
        )
        for r in _records(frame)
    ]
