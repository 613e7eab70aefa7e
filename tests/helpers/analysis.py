"""Builders of small, controlled data for the analysis and text tests: a pool of
real kommun codes, indicators, configs, snapshots and series."""

from __future__ import annotations

from insyn.analyse import analysis
from insyn.config import parse_config
from insyn.data.model import Observation, Snapshot, observations_frame

from .project import minimal_raw

MELLERUD = "1461"


STOCKHOLM = "0180"


GOTEBORG = "1480"


RIKET = "0000"


VG_REGION = "0014"  # Västra Götalands län


STHLM_REGION = "0001"


SKANE_REGION = "0012"


MELLERUD_GRUPP = "G92789"  # Pendlingskommun nära mindre tätort


STORSTAD_GRUPP = "G92787"  # Storstäder


SIMILAR_ID = "G900001"


#: Eight real kommuner; tables give one value per kommun in this order.
POOL = (MELLERUD, STOCKHOLM, GOTEBORG, "0114", "0115", "0117", "0120", "0123")


KPI = "U00001"


JA_NEJ = {1: "Ja", 0: "Nej"}


ORDINAL = {1: "Ingen", 2: "Delvis", 3: "Helt"}


SIMILAR_GROUP = {
    "id": SIMILAR_ID,
    "title": "Liknande kommuner äldreomsorg, Mellerud, 2024",
    "members": [],
}


def ind(kpi=KPI, unit="percent", direction="higher", scale=None):
    """One indicator entry of config.yaml."""
    out = {
        "id": kpi,
        "title": f"Titel {kpi}",
        "phrase": f"frasen {kpi}",
        "description": "Vad som mäts.",
        "unit": unit,
        "direction": direction,
        "decimals": 1,
    }
    if scale is not None:
        out["scale"] = dict(scale)
    return out


def make_config(*indicators, similar_group="äldreomsorg", min_rank_base=1):
    """A config of ``indicators``; ranks count as news from one kommun up (the pools
    here are tiny), unless a test of small bases says otherwise."""
    raw = minimal_raw()
    raw["areas"][0]["indicators"] = list(indicators)
    raw["areas"][0]["similar_group"] = similar_group
    raw["thresholds"]["min_rank_base"] = min_rank_base
    return parse_config(raw, "test.yaml")


def make_snapshot(rows, groups=()):
    """A snapshot from (kpi, municipality, year, gender, value) tuples."""
    obs = [Observation(kpi, muni, year, gender, value) for kpi, muni, year, gender, value in rows]
    kpis = {k: {"id": k, "title": k} for k in sorted({r[0] for r in rows})}
    return Snapshot(
        manifest={"source": "kolada-v3"},
        kpis=kpis,
        municipalities=(),
        groups=tuple(groups),
        observations=observations_frame(obs),
    )


def series(muni, values, kpi=KPI, gender="T"):
    """Rows of one series: ``values`` maps year -> value."""
    return [(kpi, muni, year, gender, value) for year, value in values.items()]


def year_rows(values, year=2024, kpi=KPI, codes=POOL):
    """Rows of one year: one value per kommun in ``codes`` order (None = no row)."""
    return [(kpi, c, year, "T", v) for c, v in zip(codes, values, strict=True) if v is not None]


def consecutive(values, last=2024):
    """{year: value} for consecutive years ending in ``last``."""
    first = last - len(values) + 1
    return {first + i: v for i, v in enumerate(values)}


def prepare(reference, rows, *indicators, groups=(), similar_group="äldreomsorg"):
    config = make_config(*(indicators or (ind(),)), similar_group=similar_group)
    return analysis.prepare(make_snapshot(rows, groups), config, reference)


def analyse(reference, rows, *indicators, code=MELLERUD, groups=(), similar_group="äldreomsorg"):
    """Facts of the first indicator for one kommun."""
    data = prepare(reference, rows, *indicators, groups=groups, similar_group=similar_group)
    area = data.config.areas[0]
    return analysis.analyse_indicator(data, reference.kommun(code), area.indicators[0], area)


def kinds(facts):
    return [f.kind for f in facts.facts]


def fact(facts, kind):
    return next((f for f in facts.facts if f.kind == kind), None)
