"""The page plan: which pages exist, at which URL, with which context.

Everything here is a pure function of the snapshot, the config, the reference
tables, the content texts and the build time; the CLI renders the plan and
hands the bytes to write.py.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import sv
from .analysis import AreaFacts, Data, IndicatorFacts, analyse_area, prepare, spread
from .charts import Chart, share_chart
from .config import Config
from .figures import (
    Figure,
    among_data,
    among_file,
    area_overview_figure,
    indicator_figures,
    static_hash,
    table_cell,
)
from .images import Job
from .model import Snapshot
from .reference import Reference
from .text import (
    PressText,
    Quote,
    ShortText,
    Writer,
    area_national,
    kommun_overview,
    lan_text,
    press_text,
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
    figures: Mapping[tuple[str, str], Mapping[str, tuple[Figure, ...]]]  # -> kpi -> figures
    overview_figures: Mapping[str, Figure]  # kommun code
    shares: Mapping[tuple[str, str], Chart]  # share image chart per kommun × area


def swedish_date(moment: datetime) -> str:
    """Running-text date per SPRAK.md: "1 september 2022"."""
    return sv.format_date(moment.date())


def build_model(
    snapshot: Snapshot,
    config: Config,
    reference: Reference,
    writer: Writer,
    quotes: Mapping[str, Quote] | None = None,
    only: list | None = None,
) -> SiteModel:
    """Analyse every kommun × area and write every text; charts for ``only`` (or all)."""
    quotes = quotes or {}
    reserved = sorted(RESERVED & {k.slug for k in reference.kommuner})
    if reserved:
        raise ValueError(f"kommun slug {reserved[0]!r} collides with a site section")
    data = prepare(snapshot, config, reference)
    areas = {
        (k.code, a.slug): analyse_area(data, k, a) for k in reference.kommuner for a in config.areas
    }
    press = {
        key: press_text(facts, data, writer, config, quotes.get(facts.kommun.slug))
        for key, facts in areas.items()
    }
    overviews = {
        k.code: kommun_overview(k, [areas[(k.code, a.slug)] for a in config.areas], data, writer)
        for k in reference.kommuner
    }
    nationals = {}
    for area in config.areas:
        spreads = [s for s in (spread(data, ind) for ind in area.indicators) if s is not None]
        nationals[area.slug] = area_national(area, spreads, data, writer)
    lan_texts = {}
    for lan in reference.lan:
        kommuner = reference.kommuner_in_lan(lan.code)
        by_area = {a.slug: [areas[(k.code, a.slug)] for k in kommuner] for a in config.areas}
        lan_texts[lan.code] = lan_text(lan, kommuner, by_area, config, data, writer)
    charted = {k.code for k in (only or reference.kommuner)}
    figures = {
        key: {
            f.indicator.id: tuple(indicator_figures(f, facts, data, writer))
            for f in facts.indicators
        }
        for key, facts in areas.items()
        if key[0] in charted
    }
    overview_figures = {
        k.code: area_overview_figure(k, [areas[(k.code, a.slug)] for a in config.areas], writer)
        for k in reference.kommuner
        if k.code in charted
    }
    shares = {key: _share_chart(areas[key], press[key], figs) for key, figs in figures.items()}
    return SiteModel(
        data, areas, press, overviews, nationals, lan_texts, figures, overview_figures, shares
    )


def _share_chart(
    facts: AreaFacts, press: PressText, figures: Mapping[str, tuple[Figure, ...]]
) -> Chart:
    """The share image (og:image) of a kommun × area: its lead chart under the headline."""
    lead = facts.lead or facts.indicators[0]
    main = figures[lead.indicator.id][0]
    return share_chart(
        main.chart,
        textwrap.wrap(press.headline, 62)[:3],
        [
            f"{facts.kommun.official_name} · {facts.area.title}",
            "Källa: Kolada. Beräkningar: Insyn.",
        ],
    )


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


def plan_pages(
    model: SiteModel,
    config: Config,
    reference: Reference,
    intros: Mapping[str, str],
    only: list | None = None,
) -> list[Page]:
    """Every page of the site, in URL order. ``intros`` maps area slug → intro HTML.

    ``only`` (a list of kommuner) limits the kommun pages, for quick work on one kommun.
    """
    pages = [_start_page(model, config, reference)]
    for k in only or reference.kommuner:
        rows = {
            a.slug: [_indicator_row(f) for f in model.areas[(k.code, a.slug)].indicators]
            for a in config.areas
        }
        pages.append(_kommun_page(model, k, config, reference, rows))
        for area in config.areas:
            pages.append(_kommun_area_page(model, k, area.slug, reference, intros, rows))
    for area in config.areas:
        pages.append(
            Page(
                f"/omrade/{area.slug}/",
                "area.html",
                {
                    "area": area,
                    "text": model.nationals[area.slug],
                    "intro": intros[area.slug],
                    "lan_groups": _lan_groups(reference),
                },
            )
        )
    for lan in reference.lan:
        pages.append(
            Page(
                f"/lan/{lan.slug}/",
                "lan.html",
                {
                    "lan": lan,
                    "text": model.lan_texts[lan.code],
                    "kommuner": reference.kommuner_in_lan(lan.code),
                },
            )
        )
    return sorted(pages, key=lambda p: p.url)


def press_files(model: SiteModel, config: Config, reference: Reference) -> dict[str, bytes]:
    """press.txt and press.md beside every kommun × area page."""
    out = {}
    for k in reference.kommuner:
        for area in config.areas:
            text = model.press[(k.code, area.slug)]
            base = f"{k.slug}/{area.slug}/"
            out[base + "press.txt"] = text.as_text().encode("utf-8")
            out[base + "press.md"] = text.as_markdown().encode("utf-8")
    return out


def _lan_groups(reference: Reference) -> list[dict[str, Any]]:
    return [{"lan": lan, "kommuner": reference.kommuner_in_lan(lan.code)} for lan in reference.lan]


def _start_page(model: SiteModel, config: Config, reference: Reference) -> Page:
    news = sorted(
        (f for f in model.areas.values() if f.lead is not None),
        key=lambda f: (-f.lead.score, f.kommun.code, f.area.slug),  # type: ignore[union-attr]
    )[:10]
    latest = [
        {
            "kommun": f.kommun,
            "area": f.area,
            "headline": model.press[(f.kommun.code, f.area.slug)].headline,
        }
        for f in news
    ]
    return Page(
        "/",
        "index.html",
        {
            "lan_groups": _lan_groups(reference),
            "kommun_count": len(reference.kommuner),
            "news": latest,
        },
    )


def _kommun_page(
    model: SiteModel, kommun, config: Config, reference: Reference, rows: Mapping[str, list]
) -> Page:
    areas = []
    for area in config.areas:
        facts = model.areas[(kommun.code, area.slug)]
        areas.append(
            {
                "area": area,
                "headline": model.press[(kommun.code, area.slug)].headline,
                "rows": rows[area.slug],
                "year": facts.data_year,
            }
        )
    return Page(
        f"/{kommun.slug}/",
        "kommun.html",
        {
            "kommun": kommun,
            "lan": reference.lan_of(kommun),
            "area_tables": areas,
            "overview": model.overviews[kommun.code],
            "overview_figure": model.overview_figures[kommun.code],
            "embed_url": f"/embed/{kommun.slug}/oversikt/",
        },
    )


def _kommun_area_page(
    model: SiteModel,
    kommun,
    slug: str,
    reference: Reference,
    intros: Mapping[str, str],
    rows: Mapping[str, list],
) -> Page:
    facts = model.areas[(kommun.code, slug)]
    figures = model.figures[(kommun.code, slug)]
    indicators = [
        {
            "facts": f,
            "figures": figures[f.indicator.id],
            "embed_url": f"/embed/{kommun.slug}/{slug}/{f.indicator.id.lower()}/",
            "row": row,
        }
        for f, row in zip(facts.indicators, rows[slug], strict=True)
    ]
    return Page(
        f"/{kommun.slug}/{slug}/",
        "kommun_area.html",
        {
            "kommun": kommun,
            "lan": reference.lan_of(kommun),
            "area": facts.area,
            "intro": intros[slug],
            "press": model.press[(kommun.code, slug)],
            "rows": rows[slug],
            "year": facts.data_year,
            "indicators": indicators,
            "share_image": f"/img/{static_hash(model.shares[(kommun.code, slug)])}.png",
        },
    )


def embed_pages(
    model: SiteModel, config: Config, reference: Reference, kommuner: list | None = None
) -> list[Page]:
    """One page per chart for iframes, and one per kommun for the area overview."""
    pages = []
    for k in kommuner or reference.kommuner:
        overview = model.overview_figures[k.code]
        pages.append(
            Page(
                f"/embed/{k.slug}/oversikt/",
                "embed.html",
                {
                    "kommun": k,
                    "figure": overview,
                    "indicator": None,
                    "full_url": f"/{k.slug}/",
                    "full_title": k.official_name,
                    "embed_title": f"{overview.title} – {k.official_name}",
                },
            )
        )
        for area in config.areas:
            figures = model.figures[(k.code, area.slug)]
            for ind in area.indicators:
                pages.append(
                    Page(
                        f"/embed/{k.slug}/{area.slug}/{ind.id.lower()}/",
                        "embed.html",
                        {
                            "kommun": k,
                            "figure": figures[ind.id][0],
                            "indicator": ind,
                            "full_url": f"/{k.slug}/{area.slug}/#{ind.id}",
                            "full_title": f"{area.title} i {k.official_name}",
                            "embed_title": f"{ind.title} – {k.official_name}",
                        },
                    )
                )
    return pages


EMBED_WIDTH = 640
EMBED_HEIGHTS = {"over_time": 640, "answers": 440, "area_overview": 640}


def embed_height(figure: Figure) -> int:
    return EMBED_HEIGHTS.get(figure.kind, 560)


def iframe_snippet(src: str, title: str, figure: Figure) -> str:
    """The code a web editor pastes: a plain iframe, no script, works under a strict CSP."""
    return (
        f'<iframe title="{html.escape(title)}" src="{html.escape(src)}" width="100%" '
        f'height="{embed_height(figure)}" loading="lazy"></iframe>'
    )


def embed_files(pages: list[Page], site_title: str, base_url: str) -> dict[str, bytes]:
    """An oEmbed JSON beside every embed page (type rich: the iframe)."""
    out = {}
    for page in pages:
        src = base_url.rstrip("/") + page.url
        fig = page.context["figure"]
        doc = {
            "version": "1.0",
            "type": "rich",
            "title": page.context["embed_title"],
            "provider_name": site_title,
            "provider_url": base_url,
            "html": iframe_snippet(src, page.context["embed_title"], fig),
            "width": EMBED_WIDTH,
            "height": embed_height(fig),
        }
        out[page.url.lstrip("/") + "oembed.json"] = (
            json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        ).encode("utf-8")
    return out


def image_jobs(model: SiteModel, planned: list[Page]) -> list[Job]:
    """The static images the planned pages show: SVG fallbacks and share PNGs."""
    jobs: dict[str, Job] = {}

    def add(fig: Figure) -> None:
        if fig.static_hash:
            jobs[fig.static_hash] = Job(
                fig.static_hash, "svg", fig.chart.template_name, fig.chart["patch"]
            )

    for page in planned:
        ctx = page.context
        for item in ctx.get("indicators", ()):
            for fig in item["figures"]:
                add(fig)
        for key in ("overview_figure", "figure"):
            if ctx.get(key) is not None:
                add(ctx[key])
        if page.template == "kommun_area.html":
            share = model.shares[(ctx["kommun"].code, ctx["area"].slug)]
            name = static_hash(share)
            jobs[name + ".png"] = Job(
                name, "png", share.template_name, share["patch"], static=False
            )
    return [jobs[k] for k in sorted(jobs)]


def chart_data_files(model: SiteModel, config: Config) -> dict[str, bytes]:
    """The shared files of the among-kommuner charts (one per KPI and year used)."""
    needed = {
        (f.indicator.id, f.year)
        for facts in model.areas.values()
        for f in facts.indicators
        if f.rank is not None and f.year is not None
    }
    ind_by_id = {i.id: i for i in config.indicators}
    return {
        among_file(kpi, year): among_data(model.data, ind_by_id[kpi], year)
        for kpi, year in sorted(needed)
    }


def _indicator_row(f: IndicatorFacts) -> dict[str, Any]:
    """One table row: the latest value, its change, and the comparisons the same year."""
    ind = f.indicator
    row: dict[str, Any] = {"indicator": ind, "year": f.year}
    if f.value is None:
        row.update(value="Uppgift saknas", change="–", riket="–", lan="–", liknande="–")
        return row
    row["value"] = table_cell(ind, f.value)
    if f.change is None:
        row["change"] = "–"
    elif ind.is_categorical:
        row["change"] = "Nytt svar" if f.change else "Samma svar"
    else:
        row["change"] = sv.signed_number(f.change, ind.decimals)
    for kind in ("riket", "lan", "liknande"):
        comp = f.comparison(kind)
        row[kind] = "–" if comp is None else table_cell(ind, comp.value, aggregate=True)
    return row
