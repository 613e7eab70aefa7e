"""The whole site model and page plan at once, for tests and the benchmark.

The build does the same work split by kommun (build/assemble.py, kommun_work); this
composes the same pure functions over every kommun in one call.
"""

from __future__ import annotations

from collections.abc import Mapping

from insyn.analyse.analysis import analyse_area, prepare
from insyn.config import Config
from insyn.data.model import Snapshot
from insyn.data.reference import Reference
from insyn.site.model import (
    SiteModel,
    check_slugs,
    site_model,
    with_figures,
    with_overview_figure,
)
from insyn.site.plan import (
    Page,
    _start_page,
    area_page,
    indicator_rows,
    kommun_area_pages,
    kommun_pages,
    lan_page,
)
from insyn.write import corrections
from insyn.write.figures import (
    area_overview_figure,
    indicator_figures,
)
from insyn.write.text import (
    Quote,
    Writer,
    kommun_overview,
    press_text,
)


def build_model(
    snapshot: Snapshot,
    config: Config,
    reference: Reference,
    writer: Writer,
    quotes: Mapping[str, Quote] | None = None,
    only: list | None = None,
    updates: corrections.Updates | None = None,
) -> SiteModel:
    """Analyse every kommun × area and write every text; charts for ``only`` (or all).

    The build does the same work split by kommun (build.py); this is the whole
    model at once, for tests and the benchmark.
    """
    quotes = quotes or {}
    check_slugs(reference)
    data = prepare(snapshot, config, reference)
    areas = {
        (k.code, a.slug): analyse_area(data, k, a) for k in reference.kommuner for a in config.areas
    }
    # the final step of every press text, as the build does it (assemble.kommun_work)
    updates = updates or corrections.Updates(
        corrections.fetched_date(snapshot.manifest), snapshot.is_sample
    )
    press = {
        key: corrections.finish(
            press_text(facts, data, writer, config, quotes.get(facts.kommun.slug)),
            facts,
            writer,
            updates,
        )[0]
        for key, facts in areas.items()
    }
    overviews = {
        k.code: kommun_overview(k, [areas[(k.code, a.slug)] for a in config.areas], data, writer)
        for k in reference.kommuner
    }
    model = site_model(data, config, reference, writer, areas, press, overviews)
    for k in only or reference.kommuner:
        for area in config.areas:
            facts = areas[(k.code, area.slug)]
            figures = {
                f.indicator.id: tuple(indicator_figures(f, facts, data, writer))
                for f in facts.indicators
            }
            model = with_figures(model, k, area.slug, figures)
        own = [areas[(k.code, a.slug)] for a in config.areas]
        model = with_overview_figure(model, k, area_overview_figure(k, own, writer))
    return model


def plan_pages(
    model: SiteModel,
    config: Config,
    reference: Reference,
    intros: Mapping[str, str],
    only: list | None = None,
    published: str | None = None,
) -> list[Page]:
    """The start, kommun, kommun × area, area and län pages, in URL order.

    ``intros`` maps area slug → intro HTML; ``only`` (a list of kommuner) limits the
    kommun pages; ``published`` (YYYY-MM-DD) is the press texts' datePublished.
    """
    pages = [_start_page(model, config, reference)]
    for k in only or reference.kommuner:
        rows = indicator_rows({a.slug: model.areas[(k.code, a.slug)] for a in config.areas})
        pages += kommun_pages(model, k, config, reference, rows)
        for area in config.areas:
            pages += kommun_area_pages(
                model, k, area.slug, config, reference, intros, rows, published
            )
    pages += [area_page(model, area, config, reference, intros) for area in config.areas]
    pages += [lan_page(model, lan, config, reference) for lan in reference.lan]
    return sorted(pages, key=lambda p: p.url)
