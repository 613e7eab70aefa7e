"""Plausible value ranges per indicator (what quarantine keeps out of pages), and the
config narrowed to the indicators that have values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from insyn.config.model import Config, Indicator

#: Plausible bounds per unit; a value outside them is quarantined, not published.
UNIT_RANGES: Mapping[str, tuple[float | None, float | None]] = {
    "percent": (0.0, 100.0),
    # a deviation in percent (N30001, cost against reference cost): signed, and
    # a cost cannot fall below nothing, i.e. more than 100 percent under
    "percent_signed": (-100.0, None),
    "per_1000": (0.0, 1000.0),
    "per_10000": (0.0, 10_000.0),
    "per_100000": (0.0, 100_000.0),
    "count": (0.0, None),
    "kronor": (None, None),
    "days": (0.0, None),
    "index": (None, None),
}


def value_range(ind: Indicator) -> tuple[float | None, float | None]:
    """The plausible range of a value of ``ind``: its ``range:`` in config, else its unit's.

    Yes/no and ordinal values of a single kommun must be one of the codes (checked
    separately); values of Riket, a län or a group are averages of codes, so any
    value between the lowest and highest code is plausible, and that range serves
    both.
    """
    if ind.is_categorical:
        codes = [c for c, _ in ind.scale]
        return (float(min(codes)), float(max(codes)))
    if ind.range is not None:
        return ind.range
    return UNIT_RANGES[ind.unit]


def with_indicators(
    config: Config, keep: Iterable[str]
) -> tuple[Config, dict[str, tuple[Indicator, ...]]]:
    """``config`` with only the indicators in ``keep``; and, per area, the ones left out.

    An imported snapshot can lack every value of an indicator that Kolada added after
    it was taken: such an indicator has nothing to show, and a page or text that
    listed it would read as if every kommun had failed to report. An area none of
    whose indicators has a value keeps them all: an area without indicators is not
    a valid config, and its pages say plainly that there is no value.
    """
    wanted = set(keep)
    areas, dropped = [], {}
    for area in config.areas:
        kept = tuple(i for i in area.indicators if i.id in wanted)
        left = tuple(i for i in area.indicators if i.id not in wanted)
        if not kept:
            areas.append(area)
            continue
        if left:
            dropped[area.slug] = left
        areas.append(replace(area, indicators=kept))
    return replace(config, areas=tuple(areas)), dropped
