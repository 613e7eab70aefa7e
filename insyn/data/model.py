"""Plain data shared by every layer: the snapshot contract and its row types.

A snapshot is the single input of a build: with the config and the build time it
determines every byte of the site. It is kept as plain tuples and dicts (and one
pandas frame for the observations) so that the pure layers can use it without
touching disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Column order of observations.csv (the data contract in DESIGN.md).
OBS_COLUMNS = ("kpi", "municipality", "year", "gender", "value", "status")
GENDERS = ("T", "K", "M")
#: Values of ``manifest.json['source']``.
SOURCES = ("kolada-v3", "sample", "csv")
SNAPSHOT_FILES = ("observations.csv", "kpis.json", "municipalities.json", "groups.json")


@dataclass(frozen=True, slots=True)
class Observation:
    """One value: a KPI for one municipality (or region, Riket, group), year and gender."""

    kpi: str
    municipality: str
    year: int
    gender: str
    value: float | None
    status: str = ""

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.kpi, self.municipality, self.year, self.gender)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One HTTP request of a fetch, for the manifest (what was asked, how many rows came)."""

    url: str
    rows: int


@dataclass(frozen=True)
class Snapshot:
    """Everything a build reads, loaded and verified."""

    manifest: dict[str, Any]
    kpis: dict[str, dict[str, Any]]
    municipalities: tuple[dict[str, Any], ...]
    groups: tuple[dict[str, Any], ...]
    observations: pd.DataFrame = field(repr=False)
    path: str = ""

    @property
    def source(self) -> str:
        return str(self.manifest.get("source", ""))

    @property
    def is_sample(self) -> bool:
        """Pages built from sample data must say so ("Exempeldata")."""
        return self.source == "sample"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(int(y) for y in self.observations["year"].unique()))


def observations_frame(rows: list[Observation]) -> pd.DataFrame:
    """Build the canonical, sorted observations frame from rows."""
    import pandas as pd  # here: reading a config or a manifest must not load pandas

    frame = pd.DataFrame(
        {
            "kpi": pd.Series([r.kpi for r in rows], dtype=object),
            "municipality": pd.Series([r.municipality for r in rows], dtype=object),
            "year": pd.Series([r.year for r in rows], dtype="int64"),
            "gender": pd.Series([r.gender for r in rows], dtype=object),
            "value": pd.Series([r.value for r in rows], dtype="float64"),
            "status": pd.Series([r.status for r in rows], dtype=object),
        }
    )
    return sort_observations(frame)


def sort_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """The one canonical order: kpi, municipality, year, gender (T, K, M).

    The text columns become categoricals: a snapshot holds over a million rows
    and comparisons on categoricals are many times faster than on strings.
    """
    order = {g: i for i, g in enumerate(GENDERS)}
    out = frame.assign(
        **{c: frame[c].astype(str) for c in ("kpi", "municipality", "gender", "status")}
    )
    out = out.assign(_g=out["gender"].map(order))
    out = out.sort_values(["kpi", "municipality", "year", "_g"], kind="mergesort")
    out = out.drop(columns="_g").reset_index(drop=True)
    return out.astype({c: "category" for c in ("kpi", "municipality", "gender", "status")})
