"""The embedded sample snapshot: plausible, seeded, clearly marked exempeldata.

A newcomer must be able to build the whole site without network access, and
the tests need data with every shape real data has (gaps, ties, gender splits,
yes/no answers that flip, KPIs that only some kommuner report). The numbers are
invented: each kommun gets a latent level per area, shifted by its län and
kommungrupp, drifting from year to year. Every random draw comes from a
``random.Random`` seeded by a string naming what it is for, so adding an
indicator does not change the values of the others, and the output is
byte-identical from run to run.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insyn.config import Config, Indicator, value_range
from insyn.data.groups import parse_similar_title
from insyn.data.model import Observation
from insyn.data.reference import RIKET_ID, Kommun, Reference, municipality_rows
from insyn.data.snapshot import SnapshotContent

SEED = "insyn-exempeldata-1"
LAST_YEAR = 2025
N_YEARS = 10
#: The sample's own "fetch" time: fixed, so that the sample is reproducible.
SAMPLE_DATE = "2026-03-01T00:00:00Z"
SIMILAR_SIZE = 7
#: Share of kommun-year values that are absent, and that are present but null.
P_ABSENT = 0.02
P_NULL = 0.005
#: Share of KPIs that some kommuner never report, and how many of them don't.
P_PARTIAL_KPI = 0.12
P_NON_REPORTER = 0.10


@dataclass(frozen=True)
class _Latent:
    """Per-KPI parameters: national level, trend, spread and effects."""

    start_year: int
    non_reporters: frozenset[str]
    lan_effect: dict[str, float]
    grupp_effect: dict[str, float]
    gender_gap: float


def make_sample(
    config: Config,
    reference: Reference,
    last_year: int = LAST_YEAR,
    n_years: int = N_YEARS,
    seed: str = SEED,
) -> SnapshotContent:
    """All tables of the sample snapshot for the configured indicators."""
    years = tuple(range(last_year - n_years + 1, last_year + 1))
    groups = _groups(config, reference, seed, last_year)
    observations: list[Observation] = []
    for area in config.areas:
        factors = _area_factors(reference, seed, area.slug)
        # as in a real fetch: similar-kommuner groups only carry their own area's KPIs
        area_groups = [g for g in groups if _group_kind(g) in (None, area.similar_group)]
        for ind in area.indicators:
            if not ind.is_kolada:
                continue  # custom indicators get their values from data/extra/
            kommun_obs = _kommun_values(ind, reference, years, factors, seed)
            observations += kommun_obs
            observations += _aggregates(ind, reference, area_groups, kommun_obs)
    return SnapshotContent(
        source="sample",
        base_url="",
        fetched_at=SAMPLE_DATE,
        years=years,
        kpis=[
            _kpi_meta(ind, area.title, last_year)
            for area in config.areas
            for ind in area.indicators
            if ind.is_kolada
        ],
        municipalities=municipality_rows(reference),
        groups=groups,
        observations=observations,
        extra={
            "seed": seed,
            "generator": "insyn.sample",
            "note": "Exempeldata: påhittade värden, inte uppgifter från Kolada.",
        },
    )


# ----------------------------------------------------------------- metadata


def _kpi_meta(ind: Indicator, area_title: str, last_year: int) -> dict[str, Any]:
    return {
        "id": ind.id,
        "title": ind.title,
        "description": ind.description,
        "is_divided_by_gender": ind.by_gender,
        "municipality_type": "K",
        "operating_area": area_title,
        "perspective": "",
        "publ_period": str(last_year),
        "publication_date": None,
        "has_ou_data": False,
    }


def _members(kommuner: Sequence[Kommun]) -> list[dict[str, str]]:
    return [{"member_id": k.code, "member_title": k.name} for k in kommuner]


def _groups(config: Config, reference: Reference, seed: str, last_year: int) -> list[dict]:
    """SKR kommungrupper, län groups and invented "Liknande kommuner" groups."""
    out = []
    for grupp in reference.kommungrupper:
        members = [k for k in reference.kommuner if k.kommungrupp == grupp.id]
        out.append(
            {"id": grupp.id, "title": f"{grupp.title} (ovägt medel)", "members": _members(members)}
        )
    for lan in reference.lan:
        out.append(
            {
                "id": lan.group_id,
                "title": f"{lan.name}s kommuner (ovägt medel)",
                "members": _members(reference.kommuner_in_lan(lan.code)),
            }
        )
    kinds = sorted({a.similar_group for a in config.areas if a.similar_group})
    for k_index, kind in enumerate(kinds):
        for m_index, kommun in enumerate(reference.kommuner):
            members = _similar_members(kommun, reference, f"{seed}:similar:{kind}")
            out.append(
                {
                    "id": f"G9{k_index + 1:02d}{m_index + 1:03d}",
                    "title": f"Liknande kommuner {kind}, {kommun.name}, {last_year - 1}",
                    "members": _members(members),
                }
            )
    return out


def _group_kind(group: dict[str, Any]) -> str | None:
    parsed = parse_similar_title(group["title"])
    return None if parsed is None else parsed[0]


def _similar_members(kommun: Kommun, reference: Reference, seed: str) -> list[Kommun]:
    """Seven other kommuner, from the same kommungrupp where there are enough."""
    rng = random.Random(f"{seed}:{kommun.code}")
    same = [
        k
        for k in reference.kommuner
        if k.kommungrupp == kommun.kommungrupp and k.code != kommun.code
    ]
    others = [
        k
        for k in reference.kommuner
        if k.kommungrupp != kommun.kommungrupp and k.code != kommun.code
    ]
    picked = rng.sample(same, min(SIMILAR_SIZE, len(same)))
    picked += rng.sample(others, SIMILAR_SIZE - len(picked))
    return sorted(picked, key=lambda k: k.code)


# ------------------------------------------------------------------ values


def _area_factors(reference: Reference, seed: str, area: str) -> dict[str, float]:
    """A kommun's latent level in an area, shared by the area's indicators."""
    rng = random.Random(f"{seed}:area:{area}")
    return {k.code: rng.gauss(0.0, 1.0) for k in reference.kommuner}


def _latent(ind: Indicator, reference: Reference, years: Sequence[int], seed: str) -> _Latent:
    rng = random.Random(f"{seed}:kpi:{ind.id}:latent")
    start = years[0] + (rng.randint(1, 4) if rng.random() < 0.25 else 0)
    partial = rng.random() < P_PARTIAL_KPI
    non = frozenset(k.code for k in reference.kommuner if partial and rng.random() < P_NON_REPORTER)
    return _Latent(
        start_year=start,
        non_reporters=non,
        lan_effect={lan.code: rng.gauss(0, 0.35) for lan in reference.lan},
        grupp_effect={g.id: rng.gauss(0, 0.35) for g in reference.kommungrupper},
        gender_gap=rng.gauss(0, 1.0),
    )


def _kommun_values(
    ind: Indicator,
    reference: Reference,
    years: Sequence[int],
    factors: dict[str, float],
    seed: str,
) -> list[Observation]:
    latent = _latent(ind, reference, years, seed)
    shape = _Shape.for_indicator(ind, random.Random(f"{seed}:kpi:{ind.id}:shape"))
    out: list[Observation] = []
    for kommun in reference.kommuner:
        if kommun.code in latent.non_reporters:
            continue
        rng = random.Random(f"{seed}:kpi:{ind.id}:{kommun.code}")
        level = (
            0.7 * factors[kommun.code]
            + latent.lan_effect[kommun.lan_code]
            + latent.grupp_effect[kommun.kommungrupp]
            + rng.gauss(0, 0.6)
        )
        gap = latent.gender_gap + rng.gauss(0, 0.5)
        drift = 0.0
        for t, year in enumerate(years):
            drift = 0.6 * drift + rng.gauss(0, 0.35)
            draw = rng.random()
            if year < latent.start_year or draw < P_ABSENT:
                continue
            z = level + drift
            value = shape.value(z, t, rng) if draw >= P_ABSENT + P_NULL else None
            out.append(Observation(ind.id, kommun.code, year, "T", value))
            if ind.by_gender:
                for gender, sign in (("K", 1), ("M", -1)):
                    split = None if value is None else shape.shift(value, sign * gap)
                    out.append(Observation(ind.id, kommun.code, year, gender, split))
    return out


def _sample_unit(ind: Indicator) -> str:
    """The unit the sample draws values for: a signed percentage is drawn as a share,
    so the invented values stay as they were before that unit existed."""
    return "percent" if ind.unit == "percent_signed" else ind.unit


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass(frozen=True)
class _Shape:
    """How a latent level becomes a value of one unit."""

    ind: Indicator
    base: float
    spread: float
    trend: float

    @classmethod
    def for_indicator(cls, ind: Indicator, rng: random.Random) -> _Shape:
        # shares live on the logit scale, so they spread out and never pile up at 100;
        # a share shown with decimals is a small one (SPRAK.md: decimals under 10)
        small = ind.decimals >= 1
        base, spread = {
            "percent": (
                _logit(rng.uniform(0.02, 0.12) if small else rng.uniform(0.45, 0.9)),
                rng.uniform(0.35, 0.6),
            ),
            "index": (_logit(rng.uniform(0.55, 0.85)), rng.uniform(0.25, 0.4)),
            "per_1000": (math.log(rng.uniform(4, 60)), 0.35),
            "per_10000": (math.log(rng.uniform(20, 400)), 0.35),
            "per_100000": (math.log(rng.uniform(5, 300)), 0.45),
            "kronor": (math.log(rng.uniform(800, 15000)), 0.3),
            "days": (math.log(rng.uniform(15, 120)), 0.35),
            "count": (math.log(rng.uniform(5, 400)), 0.8),
        }.get(_sample_unit(ind), (rng.uniform(-0.3, 1.2), 1.0))
        sign = 1 if ind.direction != "lower" else -1
        trend = rng.gauss(0.015, 0.03) * sign
        return cls(ind, base, spread, trend)

    def value(self, z: float, t: int, rng: random.Random) -> float:
        unit = _sample_unit(self.ind)
        if self.ind.is_categorical:
            return self._code(z + self.base + self.trend * 4 * t + rng.gauss(0, 0.5))
        if unit in ("percent", "index"):
            raw = 100 * _sigmoid(self.base + self.spread * z + self.trend * 2 * t)
        else:
            raw = math.exp(self.base + self.spread * z * 0.8 + self.trend * t)
        return self._clamp(raw, self.ind.decimals)

    def shift(self, value: float, gap: float) -> float:
        """A gender value: the total shifted by half the kommun's gap."""
        if _sample_unit(self.ind) in ("percent", "index"):
            share = min(max(value / 100, 0.001), 0.999)
            moved = 100 * _sigmoid(_logit(share) + gap * 0.15)
        else:
            moved = value * math.exp(gap * 0.08)
        return self._clamp(moved, self.ind.decimals)

    def _clamp(self, raw: float, decimals: int) -> float:
        lo, hi = value_range(self.ind)
        if lo is not None:
            raw = max(lo, raw)
        if hi is not None:
            raw = min(hi, raw)
        return float(round(raw, decimals)) if decimals else float(round(raw))

    def _code(self, z: float) -> float:
        """Cut a latent level into the indicator's codes, best code for high levels."""
        codes = [c for c, _ in self.ind.scale]
        ordered = sorted(codes, reverse=self.ind.direction != "lower")
        # ordered[0] is the best answer; split the latent line into equal steps
        cuts = [0.3 - 1.2 * i for i in range(len(ordered) - 1)]
        for code, cut in zip(ordered, cuts, strict=False):
            if z > cut:
                return float(code)
        return float(ordered[-1])


def _aggregates(
    ind: Indicator,
    reference: Reference,
    groups: Sequence[dict[str, Any]],
    kommun_obs: Sequence[Observation],
) -> list[Observation]:
    """Riket, län and group values as unweighted means of their kommuner."""
    values = pd.DataFrame(
        [(o.municipality, o.year, o.gender, o.value) for o in kommun_obs if o.value is not None],
        columns=["member", "year", "gender", "value"],
    )
    units = [(RIKET_ID, k.code) for k in reference.kommuner]
    units += [
        (lan.region_id, k.code)
        for lan in reference.lan
        for k in reference.kommuner_in_lan(lan.code)
    ]
    units += [(g["id"], m["member_id"]) for g in groups for m in g["members"]]
    membership = pd.DataFrame(units, columns=["unit", "member"])
    merged = membership.merge(values, on="member", how="inner")
    means = merged.groupby(["unit", "year", "gender"], sort=True)["value"].mean().round(2)
    keys: list[Any] = list(means.index)
    return [
        Observation(ind.id, str(unit), int(year), str(gender), float(value), "")
        for (unit, year, gender), value in zip(keys, means.tolist(), strict=True)
    ]
