"""Quarantine: values a snapshot holds but the site must not print.

A snapshot is a faithful copy of what Kolada served, and Kolada serves values
that cannot be right (a share of 108 percent, a yes/no answer coded 7). Such a
value must not stop the build or the night, and must not reach a page, a text,
a rank or a comparison either. So the snapshot keeps it, and every build and
gate splits the observations here: the values the site uses, and the
quarantined ones, which the /data/ download flags and the run report lists.

Pure and vectorised: snapshots have a million rows, and the split runs in every
build and every night (twice: the new snapshot and the published one).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any, cast

import numpy as np
import pandas as pd

from insyn.config import Config, Indicator, value_range
from insyn.data.model import Snapshot
from insyn.data.reference import Reference

log = logging.getLogger(__name__)

#: Columns of :attr:`Quarantine.values`: the observation and its plausible range.
COLUMNS = ("kpi", "municipality", "year", "gender", "value", "low", "high", "allowed")


@dataclass(frozen=True)
class QuarantinedValue:
    """One value left out of the site, as the report and the log name it."""

    kpi: str
    municipality: str
    year: int
    gender: str
    value: float
    #: the plausible range in words: "0–100", "−100–", "en av 0, 1"
    allowed: str


@dataclass(frozen=True)
class Quarantine:
    """The split of one snapshot's observations.

    ``flags`` is aligned with the rows of the snapshot's observations (True:
    quarantined), so the downloads can mark the rows of the whole snapshot.
    ``checked`` counts the present values of the configured indicators, the
    base of the share that the gate compares with ``thresholds.max_quarantined``.
    """

    flags: np.ndarray
    values: pd.DataFrame
    checked: int

    @property
    def count(self) -> int:
        return int(len(self.values))

    @property
    def share(self) -> float:
        return self.count / self.checked if self.checked else 0.0

    def examples(self, limit: int) -> tuple[QuarantinedValue, ...]:
        """The first ``limit`` values, in the snapshot's order (kpi, kommun, year, gender)."""
        return tuple(
            QuarantinedValue(
                str(r.kpi),
                str(r.municipality),
                int(r.year),
                str(r.gender),
                float(r.value),
                r.allowed,
            )
            for r in cast(list[Any], list(self.values.head(limit).itertuples(index=False)))
        )

    def keys(self) -> set[tuple[str, str, int, str]]:
        """(kpi, municipality, year, gender) of every quarantined value."""
        cols = (self.values[c].tolist() for c in ("kpi", "municipality", "year", "gender"))
        return {(str(k), str(m), int(y), str(g)) for k, m, y, g in zip(*cols, strict=True)}


def split(
    observations: pd.DataFrame, indicators: Iterable[Indicator], kommuner: Collection[str]
) -> Quarantine:
    """Quarantine the values of ``indicators`` outside their plausible range.

    A value is implausible when it lies outside ``value_range`` (config ``range:``,
    else the unit's), is infinite, or, for a yes/no or ordinal indicator and a
    single kommun (one of ``kommuner``), is not one of the indicator's codes. Riket,
    län and groups average the codes, so for them any value between the lowest and
    the highest code is plausible. Missing values are never quarantined, and the
    rows of KPIs not in ``indicators`` are not judged (the site does not use them).
    """
    inds = list(_first_of_each(indicators).values())
    values = observations["value"].to_numpy(dtype="float64")
    if not inds:
        return Quarantine(np.zeros(len(values), dtype=bool), _table(observations, [], []), 0)
    code = _codes(observations["kpi"], [ind.id for ind in inds])
    low, high = _bounds(inds)
    judged = (code >= 0) & ~np.isnan(values)
    row_low = np.where(code >= 0, low[code], -np.inf)
    row_high = np.where(code >= 0, high[code], np.inf)
    with np.errstate(invalid="ignore"):
        bad = judged & ((values < row_low) | (values > row_high) | np.isinf(values))
    bad |= _not_a_code(observations, values, judged, code, inds, kommuner)
    which = [inds[i] for i in code[bad]]
    return Quarantine(bad, _table(observations, bad, which), int(judged.sum()))


def _not_a_code(
    observations: pd.DataFrame,
    values: np.ndarray,
    judged: np.ndarray,
    code: np.ndarray,
    inds: list[Indicator],
    kommuner: Collection[str],
) -> np.ndarray:
    """Rows of a single kommun whose yes/no or ordinal value is not one of the codes."""
    bad = np.zeros(len(values), dtype=bool)
    categorical = [i for i, ind in enumerate(inds) if ind.is_categorical]
    if not categorical:
        return bad
    candidates = judged & observations["municipality"].isin(list(kommuner)).to_numpy()
    for i in categorical:
        rows = np.flatnonzero(candidates & (code == i))
        codes = np.array([c for c, _ in inds[i].scale], dtype="float64")
        bad[rows[~np.isin(values[rows], codes)]] = True
    return bad


def _codes(kpis: pd.Series, ids: list[str]) -> np.ndarray:
    """Per row, the position of its KPI in ``ids`` (-1: not configured).

    Re-coding the categories is a hundred times faster than comparing strings.
    """
    if isinstance(kpis.dtype, pd.CategoricalDtype):
        kpis = kpis.cat.rename_categories(lambda c: str(c))
        return kpis.cat.set_categories(ids).cat.codes.to_numpy()
    return pd.Categorical(kpis.astype(str), categories=ids).codes


def _first_of_each(indicators: Iterable[Indicator]) -> dict[str, Indicator]:
    """One indicator per KPI id (a KPI shown in two areas is judged once, as first configured)."""
    out: dict[str, Indicator] = {}
    for ind in indicators:
        out.setdefault(ind.id, ind)
    return out


def _bounds(inds: list[Indicator]) -> tuple[np.ndarray, np.ndarray]:
    """Per indicator, its lowest and highest plausible value (±inf where open)."""
    pairs = [value_range(ind) for ind in inds]
    low = np.array([-np.inf if lo is None else lo for lo, _ in pairs], dtype="float64")
    high = np.array([np.inf if hi is None else hi for _, hi in pairs], dtype="float64")
    return low, high


def _table(observations: pd.DataFrame, bad: Any, which: list[Indicator]) -> pd.DataFrame:
    """The quarantined rows and their plausible range (few rows: the range is row-wise)."""
    rows = observations.loc[bad, ["kpi", "municipality", "year", "gender", "value"]]
    out = pd.DataFrame(
        {
            "kpi": rows["kpi"].astype(str).to_numpy(),
            "municipality": rows["municipality"].astype(str).to_numpy(),
            "year": rows["year"].astype("int64").to_numpy(),
            "gender": rows["gender"].astype(str).to_numpy(),
            "value": rows["value"].astype("float64").to_numpy(),
        }
    )
    pairs = [value_range(ind) for ind in which]
    out["low"] = np.array([np.nan if lo is None else lo for lo, _ in pairs], dtype="float64")
    out["high"] = np.array([np.nan if hi is None else hi for _, hi in pairs], dtype="float64")
    out["allowed"] = [allowed_text(ind) for ind in which]
    return out[list(COLUMNS)]


def allowed_text(ind: Indicator) -> str:
    """The plausible values of ``ind`` for the operator: "0–100", "−100–", "0 eller 1"."""
    if ind.is_categorical:
        codes = [str(c) for c, _ in ind.scale]
        return ", ".join(codes[:-1]) + " eller " + codes[-1] if len(codes) > 1 else codes[0]
    lo, hi = value_range(ind)
    if lo is not None and hi is not None:
        return f"{_number(lo)}–{_number(hi)}"
    if lo is not None:
        return f"minst {_number(lo)}"
    return f"högst {_number(hi)}" if hi is not None else "alla värden"


def _number(value: float) -> str:
    """A bound or a value as the operator reads it: ``-100`` → ``−100``, ``0.5`` → ``0,5``."""
    return f"{value:g}".replace("-", "\u2212").replace(".", ",")


# ------------------------------------------------------------------ snapshots


def quarantine(snapshot: Snapshot, config: Config, reference: Reference) -> Quarantine:
    """The split of ``snapshot`` for the configured indicators."""
    q = split(snapshot.observations, config.indicators, [k.code for k in reference.kommuner])
    if q.count:
        first = q.examples(1)[0]
        log.info(
            "%d of %d values outside their plausible range are left out of the site, e.g. "
            "%s %s %d %s = %g (allowed %s)",
            q.count,
            q.checked,
            first.kpi,
            first.municipality,
            first.year,
            first.gender,
            first.value,
            first.allowed,
        )
    return q


def clean(snapshot: Snapshot, q: Quarantine) -> Snapshot:
    """``snapshot`` without its quarantined rows: what analysis, pages and texts see."""
    if not q.count:
        return snapshot
    kept = snapshot.observations.loc[~q.flags].reset_index(drop=True)
    return replace(snapshot, observations=kept)
