"""The page plan: which pages exist, at which URL, with which context.

Everything here is a pure function of the snapshot, the config, the reference
tables and the build time; the CLI renders the plan and hands the bytes to
write.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import sv
from .analysis import SeriesIndex, latest, series_index, value_in
from .config import Area, Config, Indicator
from .model import Snapshot
from .reference import RIKET_ID, Kommun, Reference

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    context: Mapping[str, Any]


def swedish_date(moment: datetime) -> str:
    """Running-text date per SPRAK.md: "1 september 2022"."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def common_context(snapshot: Snapshot, config: Config, build_time: datetime) -> dict[str, Any]:
    """Values every page template may use."""
    return {
        "site": config.site,
        "areas": config.areas,
        "is_sample": snapshot.is_sample,
        "build_date": swedish_date(build_time),
        "build_iso": build_time.strftime("%Y-%m-%d"),
        "data_years": snapshot.years,
    }


def plan_pages(snapshot: Snapshot, config: Config, reference: Reference) -> list[Page]:
    """The start page and one page per kommun, in URL order."""
    index = series_index(snapshot.observations)
    pages = [_start_page(reference)]
    pages += [_kommun_page(k, config, reference, index) for k in reference.kommuner]
    return sorted(pages, key=lambda p: p.url)


def _start_page(reference: Reference) -> Page:
    groups = [
        {"lan": lan, "kommuner": reference.kommuner_in_lan(lan.code)} for lan in reference.lan
    ]
    return Page("/", "index.html", {"lan_groups": groups, "kommun_count": len(reference.kommuner)})


def _kommun_page(kommun: Kommun, config: Config, reference: Reference, index: SeriesIndex) -> Page:
    areas = [
        {"area": area, "rows": [_indicator_row(ind, kommun, index) for ind in area.indicators]}
        for area in config.areas
    ]
    return Page(
        f"/{kommun.slug}/",
        "kommun.html",
        {"kommun": kommun, "lan": reference.lan_of(kommun), "area_tables": areas},
    )


def _indicator_row(ind: Indicator, kommun: Kommun, index: SeriesIndex) -> dict[str, Any]:
    """One table row: the kommun's latest value and Riket's value the same year."""
    last = latest(index, ind.id, kommun.code)
    scale = dict(ind.scale)
    if last is None:
        return {"indicator": ind, "year": None, "value": "Uppgift saknas", "riket": "–"}
    riket = value_in(index, ind.id, RIKET_ID, last.year)
    riket_text = (
        _aggregate_text(riket, ind)
        if ind.is_categorical
        else sv.format_table_value(riket, ind.unit, ind.decimals)
    )
    return {
        "indicator": ind,
        "year": last.year,
        "value": sv.format_table_value(last.value, ind.unit, ind.decimals, scale),
        "riket": riket_text,
    }


def _aggregate_text(value: float | None, ind: Indicator) -> str:
    """Riket's value of a yes/no indicator is a mean of codes: show the share answering best."""
    best = ind.best_code
    codes = [c for c, _ in ind.scale]
    if value is None or best is None or ind.unit != "yesno":
        return "–"
    other = next(c for c in codes if c != best)
    share = (value - other) / (best - other) * 100
    label = dict(ind.scale)[best].lower()
    return f"{sv.format_number(share, 0)}{sv.NBSP}% {label}"


def area_of(config: Config, slug: str) -> Area:
    return config.area(slug)
