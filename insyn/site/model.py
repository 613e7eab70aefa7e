"""The site model: all analysis, text and charts of a build, and the page record type.

Pure: the build fills a model per kommun (build/assemble.py) and one for the pages
that span kommuner; site/plan.py turns it into pages.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from insyn.analyse.analysis import AreaFacts, Data, spread
from insyn.config import Area, Config
from insyn.data.reference import Kommun, Reference, ReferenceError
from insyn.write.charts import Chart, share_chart
from insyn.write.figures import (
    Figure,
    Note,
    Shown,
)
from insyn.write.text import (
    PressText,
    ShortText,
    Writer,
    area_national,
    lan_text,
)

#: First URL segments that are not kommun slugs.
RESERVED = frozenset({"omrade", "lan", "embed", "assets", "data", "om", "metod", "tillganglighet"})


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class SiteModel:
    """All analysis, generated text and charts of a build, computed once."""

    data: Data
    areas: Mapping[tuple[str, str], AreaFacts]  # (kommun code, area slug)
    press: Mapping[tuple[str, str], PressText]
    overviews: Mapping[str, ShortText]  # kommun code
    nationals: Mapping[str, ShortText]  # area slug
    lan_texts: Mapping[str, ShortText]  # län code
    #: -> kpi -> its figures, or one Note when the kommun has no current value
    figures: Mapping[tuple[str, str], Mapping[str, tuple[Shown, ...]]]
    overview_figures: Mapping[str, Figure]  # kommun code
    #: share image chart per kommun × area; none where no indicator has a chart
    shares: Mapping[tuple[str, str], Chart]


def check_slugs(reference: Reference) -> None:
    """A kommun slug must not shadow a site section (/data/, /om/, …)."""
    reserved = sorted(RESERVED & {k.slug for k in reference.kommuner})
    if reserved:
        raise ReferenceError(
            f"data/reference/kommuner.csv: kommun slug {reserved[0]!r} collides with a site section"
        )


def site_model(
    data: Data,
    config: Config,
    reference: Reference,
    writer: Writer,
    areas: Mapping[tuple[str, str], AreaFacts],
    press: Mapping[tuple[str, str], PressText],
    overviews: Mapping[str, ShortText],
) -> SiteModel:
    """The model of the pages that span kommuner: national and län texts added."""
    nationals = {}
    for area in config.areas:
        spreads = [s for s in (spread(data, ind) for ind in area.indicators) if s is not None]
        nationals[area.slug] = area_national(area, spreads, data, writer)
    lan_texts = {}
    for lan in reference.lan:
        kommuner = reference.kommuner_in_lan(lan.code)
        by_area = {a.slug: [areas[(k.code, a.slug)] for k in kommuner] for a in config.areas}
        lan_texts[lan.code] = lan_text(lan, kommuner, by_area, config, data, writer)
    return SiteModel(data, areas, press, overviews, nationals, lan_texts, {}, {}, {})


def kommun_model(
    data: Data,
    kommun: Kommun,
    facts: Mapping[str, AreaFacts],
    press: Mapping[str, PressText],
    overview: ShortText,
) -> SiteModel:
    """The model of one kommun's pages (what a build worker holds)."""
    return SiteModel(
        data,
        {(kommun.code, slug): f for slug, f in facts.items()},
        {(kommun.code, slug): p for slug, p in press.items()},
        {kommun.code: overview},
        {},
        {},
        {},
        {},
        {},
    )


def with_figures(
    model: SiteModel, kommun: Kommun, slug: str, figures: Mapping[str, tuple[Shown, ...]]
) -> SiteModel:
    """The model with one kommun × area's charts and its share image added."""
    key = (kommun.code, slug)
    share = _share_chart(model.areas[key], model.press[key], figures)
    shares = {k: v for k, v in model.shares.items() if k != key}
    if share is not None:
        shares[key] = share
    return replace(model, figures={**model.figures, key: figures}, shares=shares)


def charts_of(shown: Sequence[Shown]) -> list[Figure]:
    """The figures (charts) among what an indicator shows."""
    return [s for s in shown if isinstance(s, Figure)]


def note_of(shown: Sequence[Shown]) -> Note | None:
    """The note an indicator shows instead of charts, if any."""
    return next((s for s in shown if isinstance(s, Note)), None)


def with_overview_figure(model: SiteModel, kommun: Kommun, figure: Figure) -> SiteModel:
    return replace(model, overview_figures={**model.overview_figures, kommun.code: figure})


def _share_chart(
    facts: AreaFacts, press: PressText, figures: Mapping[str, tuple[Shown, ...]]
) -> Chart | None:
    """The share image (og:image) of a kommun × area: its lead chart under the headline,
    or the first chart of the area when the lead has none; None when no indicator has
    one (the page then has no share image)."""
    order = ([facts.lead] if facts.lead else []) + list(facts.indicators)
    drawn = [charts_of(figures[f.indicator.id]) for f in order]
    main = next((shown[0] for shown in drawn if shown), None)
    if main is None:
        return None
    return share_chart(
        main.chart,
        textwrap.wrap(press.headline, 62)[:3],
        [
            f"{facts.kommun.official_name} · {facts.area.title}",
            "Källa: Kolada. Beräkningar: Insyn.",
        ],
    )


def area_years(data: Data, kommun: Kommun, area: Area) -> tuple[int, ...]:
    """The years with a value of any of the area's indicators in the kommun, ascending."""
    years: set[int] = set()
    for ind in area.indicators:
        years.update(data.total.get((ind.id, kommun.code), {}))
    return tuple(sorted(years))
