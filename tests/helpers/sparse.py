"""Builders of sparse data (missing years, few kommuner) for the text tests."""

from __future__ import annotations

from typing import Any

from insyn.data.model import Observation, Snapshot, observations_frame

KPI = "U00001"

Rows = list[tuple[str, str, int, str, float | None]]


def indicator(kpi: str = KPI, unit: str = "percent", by_gender: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": kpi,
        "title": f"Titel {kpi}",
        "phrase": f"frasen {kpi}",
        "description": "Vad som mäts.",
        "unit": unit,
        "direction": "higher",
        "decimals": 0,
        "by_gender": by_gender,
    }
    if unit == "yesno":
        out["scale"] = {1: "Ja", 0: "Nej"}
    return out


def make_snapshot(rows: Rows) -> Snapshot:
    obs = [Observation(*row) for row in rows]
    return Snapshot(
        manifest={"source": "kolada-v3"},
        kpis={k: {"id": k, "title": k} for k in sorted({r[0] for r in rows})},
        municipalities=(),
        groups=(),
        observations=observations_frame(obs),
    )


def series(muni: str, values: dict[int, float], kpi: str = KPI, gender: str = "T") -> Rows:
    return [(kpi, muni, year, gender, value) for year, value in values.items()]
