"""The files beside the pages: press texts, chart files, shared chart data, the
per-page records publishing reads, and the static images a page needs (pure)."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any

from insyn.config import Config
from insyn.data.reference import Kommun
from insyn.site import urls
from insyn.site.model import Page, SiteModel, charts_of
from insyn.write.charts import Chart, Job
from insyn.write.figures import (
    among_data,
    among_file,
    has_among,
)
from insyn.write.scriptjson import script_json


def kommun_area_press_files(model: SiteModel, kommun: Kommun, slug: str) -> dict[str, bytes]:
    """press.txt and press.md beside a kommun × area page."""
    text = model.press[(kommun.code, slug)]
    if text.withheld:  # no press release to download (PressText.withheld)
        return {}
    base = urls.rel(urls.kommun_area(kommun.slug, slug))
    return {
        base + "press.txt": text.as_text().encode("utf-8"),
        base + "press.md": text.as_markdown().encode("utf-8"),
    }


#: Beside each kommun × area page: the patches of its charts and of its embeds' charts.
CHART_FILE = "diagram.json"


def chart_file_url(kommun: Kommun, slug: str) -> str:
    """The site URL of a kommun × area's chart file (its charts' patches)."""
    return urls.file_in(urls.kommun_area(kommun.slug, slug), CHART_FILE)


def kommun_area_chart_files(model: SiteModel, kommun: Kommun, slug: str) -> dict[str, bytes]:
    """diagram.json beside a kommun × area page: the patch of every chart on the page
    (and so of every embed of the area), by the chart's ``data-chart`` key.

    charts.js fetches it when it draws the charts; without JavaScript nothing asks for
    it (the static image and the table are in the page). One file instead of a JSON
    block per chart in the page and again in each embed page (issue 16). A chart
    data URL in it is relative to the file, as it would be on the page beside it.
    """
    facts = model.areas[(kommun.code, slug)]
    figures = model.figures[(kommun.code, slug)]
    lines = [
        f'"{fig.id}-spec":{chart_entry_json(fig.chart)}'
        for f in facts.indicators
        for fig in charts_of(figures[f.indicator.id])
    ]
    if not lines:
        return {}
    body = "{\n" + ",\n".join(lines) + "\n}\n"
    return {chart_file_url(kommun, slug).lstrip("/"): body.encode("utf-8")}


def chart_entry_json(chart: Chart) -> str:
    """One chart in a chart file: template and patch, where consecutive patch entries
    with the same value become one entry with a list of paths (a series chart sets
    the same scale in each layer); charts.js applies such an entry at every path."""
    patch: list[list[Any]] = []
    last = None
    for path, value in chart["patch"]:
        encoded = script_json(value)
        if patch and encoded == last:
            paths = patch[-1][0]
            patch[-1][0] = [*paths, path] if isinstance(paths, list) else [paths, path]
        else:
            patch.append([path, value])
        last = encoded
    return script_json({"patch": patch, "template": chart.template_name})


def chart_file_links(path: str, data: bytes) -> set[str]:
    """The files a chart file points to (shared data files), as site paths like the
    link check's targets ("data/kommunvarden/U21468-2025.json")."""
    found = re.findall(r'"url":"([^"]+)"', data.decode("utf-8"))
    return {posixpath.normpath(posixpath.join(posixpath.dirname(path), u)) for u in found}


#: Beside each kommun and kommun × area page: what the page shows that publishing
#: needs (its static images with their alt texts, its embeds), as data. Bundles read
#: it instead of scraping ``img.chart-static`` or ``textarea.embed-textarea`` from
#: the HTML, which a template override could rename without a word (issue 15).
PAGE_RECORD = "page.json"


PAGE_RECORD_FORMAT = 1


def page_record(page: Page, images: bool) -> tuple[str, bytes] | None:
    """(site path, bytes) of a page's record, or None for a page without one.

    ``images``: whether the build renders static images (the page shows them only
    then, and so does the record)."""
    ctx = page.context
    if page.template == "kommun_area.html":
        figs = [fig for item in ctx["indicators"] for fig in item["figures"]]
        embeds = [item["embed_url"] for item in ctx["indicators"] if item["embed_url"]]
    elif page.template == "kommun.html":
        figs = [ctx["overview_figure"]] if ctx.get("overview_figure") is not None else []
        embeds = [ctx["embed_url"]] if ctx.get("embed_url") else []
    else:
        return None
    shown = [
        {
            "path": fig.static_path,
            "name": fig.id.lower(),
            # the figcaption's words: the image's alt text outside the page
            "alt": " ".join(f"{fig.description} Källa: Kolada.".split()),
        }
        for fig in figs
        if images and fig.static_path
    ]
    if images and ctx.get("og_image"):
        alt = ctx.get("og_image_alt") or ""
        shown.append({"path": ctx["og_image"].lstrip("/"), "name": "delning", "alt": alt})
    doc = {
        "format": PAGE_RECORD_FORMAT,
        "page": page.url,
        "images": shown,
        "embeds": [url.lstrip("/") for url in embeds],
    }
    data = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    return page.url.lstrip("/") + PAGE_RECORD, data.encode("utf-8")


def figure_jobs(page: Page) -> list[Job]:
    """The static SVGs of the charts a page shows."""
    ctx = page.context
    figs = [fig for item in ctx.get("indicators", ()) for fig in charts_of(item["figures"])]
    figs += [ctx[key] for key in ("overview_figure", "figure") if ctx.get(key) is not None]
    return [
        Job(fig.static_hash, "svg", fig.chart.template_name, fig.chart["patch"])
        for fig in figs
        if fig.static_hash
    ]


def chart_data_files(model: SiteModel, config: Config) -> dict[str, bytes]:
    """The shared files of the among-kommuner charts (one per KPI and year used)."""
    needed = {
        (f.indicator.id, f.year)
        for facts in model.areas.values()
        for f in facts.indicators
        if f.year is not None and has_among(f)
    }
    ind_by_id = {i.id: i for i in config.indicators}
    return {
        among_file(kpi, year): among_data(model.data, ind_by_id[kpi], year)
        for kpi, year in sorted(needed)
    }
