"""The embed pages (one chart alone, for a plain iframe), their oEmbed files and the
snippet a web editor pastes (pure)."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import NotRequired, TypedDict

from insyn.config import Config, Indicator
from insyn.data.reference import Kommun, Reference
from insyn.site import urls
from insyn.site.files import chart_file_url
from insyn.site.model import Page, SiteModel, charts_of
from insyn.write.figures import (
    Figure,
)


class EmbedContext(TypedDict):
    """What embed.html gets besides the common context: one chart alone."""

    kommun: Kommun
    figure: Figure
    indicator: Indicator | None
    full_url: str
    full_title: str
    embed_title: str
    #: the chart file with the chart's patch (the overview's patch is in the page itself)
    chart_src: NotRequired[str]


def kommun_embed_pages(
    model: SiteModel, k: Kommun, config: Config, reference: Reference, areas: Sequence[str]
) -> list[Page]:
    """The embed pages of one kommun: the overview (``areas`` empty) or the charts
    of the given areas."""
    if not areas:
        overview = model.overview_figures[k.code]
        return [
            Page(
                urls.embed_overview(k.slug),
                "embed.html",
                EmbedContext(
                    {
                        "kommun": k,
                        "figure": overview,
                        "indicator": None,
                        "full_url": urls.kommun(k.slug),
                        "full_title": k.official_name,
                        "embed_title": f"{overview.title} – {k.official_name}",
                    }
                ),
            )
        ]
    pages = []
    for area in (a for a in config.areas if a.slug in areas):
        figures = model.figures[(k.code, area.slug)]
        for ind in area.indicators:
            shown = charts_of(figures[ind.id])
            if not shown:
                continue  # no chart, no embed (and nothing links to one)
            pages.append(
                Page(
                    urls.embed(k.slug, area.slug, ind.id),
                    "embed.html",
                    EmbedContext(
                        {
                            "kommun": k,
                            "figure": shown[0],
                            "indicator": ind,
                            "full_url": f"{urls.kommun_area(k.slug, area.slug)}#{ind.id}",
                            "chart_src": chart_file_url(k, area.slug),
                            "full_title": f"{area.title} i {k.official_name}",
                            "embed_title": f"{ind.title} – {area.title}, {k.official_name}",
                        }
                    ),
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
