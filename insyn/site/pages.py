"""The page plan: which pages exist, at which URL, with which context.

Everything here is a pure function of the snapshot, the config, the reference
tables, the content texts and the build time; the CLI renders the plan and
hands the bytes to write.py.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from markupsafe import Markup

from insyn.analyse.analysis import AreaFacts, Data, IndicatorFacts, analyse_area, prepare, spread
from insyn.config import Area, Config
from insyn.data.model import Snapshot
from insyn.data.reference import Kommun, Lan, Reference, ReferenceError
from insyn.site import urls
from insyn.site.render import markdown_to_html
from insyn.write import corrections, sv
from insyn.write.charts import Chart, Job, share_chart
from insyn.write.figures import (
    Figure,
    Note,
    Shown,
    among_data,
    among_file,
    area_overview_figure,
    has_among,
    indicator_figures,
    static_hash,
    table_cell,
)
from insyn.write.scriptjson import script_json
from insyn.write.text import (
    ContentError,
    PressText,
    Quote,
    ShortText,
    Writer,
    area_national,
    decap,
    kommun_overview,
    lan_text,
    press_text,
)

#: First URL segments that are not kommun slugs.
RESERVED = frozenset({"omrade", "lan", "embed", "assets", "data", "om", "metod", "tillganglighet"})

#: The hand-written pages: content/<slug>.md → /<slug>/, and the template around each.
#: The templates add what comes from config.yaml (organisation, contact): the Markdown
#: itself is never a template.
CONTENT_PAGES: Mapping[str, str] = {
    "om": "om.html",
    "metod": "content.html",
    "tillganglighet": "tillganglighet.html",
}
SITE_FEED = "/feed.xml"
FEED_FILE = "feed.xml"
#: MIME types of downloadable files, by extension (JSON-LD encodingFormat).
MIME_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "txt": "text/plain",
    "md": "text/markdown",
    "zip": "application/zip",
    "xml": "application/atom+xml",
}


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


def common_context(snapshot: Snapshot, config: Config, build_time: datetime) -> dict[str, Any]:
    """Values every page template may use, with the defaults of the per-page metadata.

    A page's own context overrides the defaults (description, breadcrumbs, feeds,
    JSON-LD, share image), so base.html can use every one of them on every page.
    """
    return {
        "site": config.site,
        "areas": config.areas,
        "is_sample": snapshot.is_sample,
        "data_notice": data_notice(snapshot),
        "build_date": swedish_date(build_time),
        "build_iso": build_time.strftime("%Y-%m-%d"),
        "data_years": snapshot.years,
        **page_defaults(config),
    }


#: Common values that change every day: only the pages that span kommuner show them,
#: so that a kommun's pages stay byte-identical (and are not rewritten) until their
#: data or templates change.
DAILY = ("build_date", "build_iso")


def group_context(common: Mapping[str, Any]) -> dict[str, Any]:
    """The common context of the pages of one kommun: without the build date."""
    return {k: v for k, v in common.items() if k not in DAILY}


def data_notice(snapshot: Snapshot) -> str | None:
    """Where imported data comes from and how old it is, for a notice on every page:
    "Uppgifterna hämtades från Kolada i augusti 2024; de senaste avser 2022."

    Only an imported snapshot (source csv) gets one: its age is the news there, while
    a fetched snapshot is as new as the night, and the sample has its own notice.
    """
    if snapshot.source != "csv" or not snapshot.years:
        return None
    try:
        fetched = data_datetime(snapshot)
    except ValueError:
        return None
    month = f"{sv.MONTHS[fetched.month - 1]} {fetched.year}"
    return f"Uppgifterna hämtades från Kolada i {month}; de senaste avser {max(snapshot.years)}."


def data_date(snapshot: Snapshot) -> str:
    """The day the snapshot was fetched (YYYY-MM-DD)."""
    return str(snapshot.manifest.get("fetched_at", ""))[:10]


def data_datetime(snapshot: Snapshot) -> datetime:
    """When the snapshot was fetched, as a UTC datetime (the feeds' updated)."""
    raw = str(snapshot.manifest.get("fetched_at", ""))
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def page_defaults(config: Config) -> dict[str, Any]:
    """The metadata every page has unless its context says otherwise."""
    return {
        "description": config.site.description,
        "og_type": "website",
        "og_image": None,  # a site path ("/img/….png"); the template makes it absolute
        "og_image_alt": None,
        "jsonld": (),
        "feeds": site_feeds(config),
        "breadcrumbs": (),
        # the 404 page is served at any path: absolute links, no canonical URL
        "not_found": False,
    }


# ------------------------------------------------------------------- metadata


def site_feeds(config: Config, *extra: Mapping[str, str]) -> tuple[dict[str, str], ...]:
    """The Atom feeds a page announces: the site's, then the page's own (kommun, area)."""
    return ({"title": f"Nyheter från {config.site.title}", "url": SITE_FEED}, *map(dict, extra))


def kommun_feed(kommun: Kommun) -> dict[str, str]:
    return {
        "title": f"Nyheter om {kommun.official_name}",
        "url": urls.file_in(urls.kommun(kommun.slug), FEED_FILE),
    }


def area_feed(area: Area) -> dict[str, str]:
    return {
        "title": f"Nyheter om {decap(area.title)} i landets kommuner",
        "url": urls.file_in(urls.omrade(area.slug), FEED_FILE),
    }


def breadcrumbs(*trail: tuple[str, str]) -> tuple[dict[str, str], ...]:
    """Start, then ``(title, url)`` pairs down to the page itself (the last one)."""
    return tuple({"title": title, "url": url} for title, url in (("Start", "/"), *trail))


def absolute_url(config: Config, path: str) -> str:
    """A site path ("/mellerud/") as an absolute URL under ``site.base_url``."""
    return config.site.base_url + path.lstrip("/")


def json_ld(doc: Mapping[str, Any]) -> Markup:
    """A schema.org document as the text of a ``<script type="application/ld+json">``.

    Safe for HTML: no "<", ">" or "&" is left, so no value (a headline with
    "</script>") can end the element or start markup. Keys are sorted (determinism).
    """
    return Markup(script_json(doc))


def organisation_ld(config: Config) -> dict[str, Any]:
    site = config.site
    return {
        "@type": "Organization",
        "name": site.organisation,
        "url": site.base_url,
        "email": site.contact.email,
    }


def website_ld(config: Config) -> dict[str, Any]:
    """The start page: the site itself."""
    site = config.site
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.title,
        "url": site.base_url,
        "description": site.description,
        "inLanguage": site.language,
        "publisher": organisation_ld(config),
    }


def dataset_ld(
    config: Config,
    *,
    name: str,
    description: str,
    url: str,
    years: Sequence[int],
    variables: Sequence[str],
    files: Sequence[tuple[str, str]],
    place: str | None = None,
) -> dict[str, Any]:
    """A schema.org Dataset; ``url`` and the file paths are site paths made absolute here.

    ``files`` are (site path, MIME type) pairs, one DataDownload each.
    """
    org = organisation_ld(config)
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": absolute_url(config, url),
        "license": config.site.licence.url,
        "creator": org,
        "publisher": org,
        "isAccessibleForFree": True,
        "inLanguage": config.site.language,
        "isBasedOn": "https://www.kolada.se/",
        "variableMeasured": list(variables),
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": absolute_url(config, path),
                "encodingFormat": mime,
            }
            for path, mime in files
        ],
    }
    if years:
        doc["temporalCoverage"] = f"{min(years)}/{max(years)}"
    if place:
        doc["spatialCoverage"] = {"@type": "Place", "name": place}
    return doc


def news_article_ld(
    config: Config, press: PressText, url: str, image: str | None, published: str | None
) -> dict[str, Any]:
    """A schema.org NewsArticle for a press text; ``published`` is YYYY-MM-DD or None."""
    org = organisation_ld(config)
    page = absolute_url(config, url)
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": press.headline,
        "description": press.lead,
        "inLanguage": config.site.language,
        "author": org,
        "publisher": org,
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "url": page,
    }
    if image:
        doc["image"] = absolute_url(config, image)
    if published:
        doc["datePublished"] = published
    return doc


def mime_type(path: str) -> str:
    return MIME_TYPES.get(path.rsplit(".", 1)[-1].lower(), "application/octet-stream")


_SIZE_UNITS = ("kB", "MB", "GB", "TB")


def file_size_text(size: int) -> str:
    """A file size in Swedish: "812 byte", "4,2 kB", "31 MB" (SI units, decimal comma).

    One decimal below 10, none from 10 up; a size that rounds to 1 000 or more moves
    to the next unit ("1,0 MB", not "1 000 kB").
    """
    if size < 1000:
        return f"{size}{sv.NBSP}byte"
    value = float(size)
    for unit in _SIZE_UNITS:
        value /= 1000
        decimals = 1 if value < 9.95 else 0
        if value < 999.5 or unit == _SIZE_UNITS[-1]:
            return f"{sv.format_number(value, decimals)}{sv.NBSP}{unit}"
    raise AssertionError("unreachable")


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


def site_pages(
    model: SiteModel,
    config: Config,
    reference: Reference,
    intros: Mapping[str, str],
    texts: Mapping[str, str],
    downloads: Sequence[Mapping[str, Any]],
    years: Sequence[int],
    changelog: Sequence[Mapping[str, Any]] = (),
) -> list[Page]:
    """The pages that span kommuner: start, områden, län, content, data, changelog, 404."""
    updated = last_update(changelog)
    pages = [_start_page(model, config, reference, updated)]
    pages += [area_page(model, area, config, reference, intros) for area in config.areas]
    pages += [lan_page(model, lan, config, reference) for lan in reference.lan]
    pages += content_pages(texts, config.content.allow_html)
    pages += [data_page(downloads, config, years, updated), not_found_page()]
    pages.append(changelog_page(changelog))
    return sorted(pages, key=lambda p: p.url)


#: The changelog lists this many updates, newest first.
CHANGELOG_SHOWN = 100


def last_update(changelog: Sequence[Mapping[str, Any]]) -> dict[str, str] | None:
    """The newest published data change ({iso, text}), for "Senast uppdaterad"."""
    if not changelog:
        return None
    iso = max(str(e["date"]) for e in changelog)
    return {"iso": iso, "text": swedish_date(datetime.fromisoformat(iso))}


def changelog_page(changelog: Sequence[Mapping[str, Any]]) -> Page:
    """/andringar/: what each published update changed, from the run reports."""
    entries = sorted(changelog, key=lambda e: (str(e["date"]), str(e["run"])), reverse=True)
    shown = [
        {
            "iso": str(e["date"]),
            "date": swedish_date(datetime.fromisoformat(str(e["date"]))),
            "lines": [str(line) for line in e["lines"]],
        }
        for e in entries[:CHANGELOG_SHOWN]
    ]
    return Page(
        "/andringar/",
        "andringar.html",
        {
            "entries": shown,
            "updated": last_update(changelog),
            "breadcrumbs": breadcrumbs(("Ändringar", "/andringar/")),
            "description": "När uppgifterna på webbplatsen uppdaterades och vad som ändrades.",
        },
    )


def indicator_rows(facts: Mapping[str, AreaFacts]) -> dict[str, list[dict[str, Any]]]:
    """The table rows of each area (by slug) of one kommun."""
    return {slug: [_indicator_row(f) for f in af.indicators] for slug, af in facts.items()}


def kommun_pages(
    model: SiteModel, kommun: Kommun, config: Config, reference: Reference, rows: Mapping
) -> list[Page]:
    """/<kommun>/."""
    return [_kommun_page(model, kommun, config, reference, rows)]


def kommun_area_pages(
    model: SiteModel,
    kommun: Kommun,
    slug: str,
    config: Config,
    reference: Reference,
    intros: Mapping[str, str],
    rows: Mapping,
    published: str | None = None,
) -> list[Page]:
    """/<kommun>/<area>/."""
    return [_kommun_area_page(model, kommun, slug, reference, intros, rows, config, published)]


def kommun_area_press_files(model: SiteModel, kommun: Kommun, slug: str) -> dict[str, bytes]:
    """press.txt and press.md beside a kommun × area page."""
    text = model.press[(kommun.code, slug)]
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


def area_page(
    model: SiteModel, area: Area, config: Config, reference: Reference, intros: Mapping[str, str]
) -> Page:
    """/omrade/<area>/: the national view of one area."""
    url = urls.omrade(area.slug)
    return Page(
        url,
        "area.html",
        {
            "area": area,
            "text": model.nationals[area.slug],
            "intro": intros[area.slug],
            "lan_groups": _lan_groups(reference),
            "breadcrumbs": breadcrumbs((area.title, url)),
            "description": (
                f"{area.title} i Sveriges kommuner: hur nyckeltalen skiljer sig mellan "
                "kommunerna och länen, med värden från Kolada."
            ),
            "feeds": site_feeds(config, area_feed(area)),
        },
    )


def lan_page(model: SiteModel, lan: Lan, config: Config, reference: Reference) -> Page:
    """/lan/<lan>/: the kommuner of one län."""
    url = urls.lan(lan.slug)
    return Page(
        url,
        "lan.html",
        {
            "lan": lan,
            "text": model.lan_texts[lan.code],
            "kommuner": reference.kommuner_in_lan(lan.code),
            "breadcrumbs": breadcrumbs((lan.name, url)),
            "description": (
                f"Socialtjänsten i kommunerna i {lan.name}: nyckeltal och jämförelser "
                "med resten av landet, med värden från Kolada."
            ),
        },
    )


# ------------------------------------------------------------- site pages


def content_pages(texts: Mapping[str, str], allow_html: bool = False) -> list[Page]:
    """The hand-written pages: ``texts`` maps slug ("om") → the Markdown of content/<slug>.md.

    The first line is the "# " title (the page's h1 and last breadcrumb); the body's
    "## " sections become h2. The HTML comes from render.markdown_to_html, which shows
    raw HTML as text: a content file can never add markup or template code.
    """
    pages = []
    for slug in sorted(texts):
        source = f"content/{slug}.md"
        if slug not in CONTENT_PAGES:
            known = ", ".join(CONTENT_PAGES)
            raise ContentError(f"{source}: not a content page (expected one of {known})")
        title, body = split_title(texts[slug], source)
        url = urls.kommun(slug)
        pages.append(
            Page(
                url,
                CONTENT_PAGES[slug],
                {
                    "slug": slug,
                    "title": title,
                    "body": markdown_to_html(
                        _promote_headings(body), drop_title=False, allow_html=allow_html
                    ),
                    "breadcrumbs": breadcrumbs((title, url)),
                    "description": first_paragraph(body) or title,
                },
            )
        )
    return pages


_TITLE = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]*?)[ \t#]*(?:\n|\Z)")
_H1 = re.compile(r"^#[ \t]", re.M)


def split_title(markdown: str, source: str) -> tuple[str, str]:
    """(title, body) of a content page; the title is its first line, "# Title"."""
    match = _TITLE.match(markdown)
    if match is None or not match["title"].strip():
        raise ContentError(f"{source}: the first line must be the title, like '# Om webbplatsen'")
    body = markdown[match.end() :]
    if _H1.search(body):
        raise ContentError(f"{source}: only the first line may be a '# ' heading (use '## ')")
    return match["title"].strip(), body


def _promote_headings(body: str) -> str:
    """ "## Section" → "# Section": markdown_to_html moves every heading one level down
    (for intros under an h2), and a content page's sections sit right under its h1."""
    return re.sub(r"^#(#{1,5})(?=[ \t])", r"\1", body, flags=re.M)


def first_paragraph(markdown: str) -> str:
    """The first paragraph of running text, as plain text (the page's meta description)."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        block = block.strip()
        if not block or block[0] in "#-*>|0123456789":
            continue
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)  # links → their text
        text = re.sub(r"[*_`]", "", text)
        return " ".join(text.split())
    return ""


def data_page(
    downloads: Sequence[Mapping[str, Any]],
    config: Config | None = None,
    years: Sequence[int] = (),
    updated: dict[str, str] | None = None,
) -> Page:
    """/data/: the downloadable files of the whole site, with licence and source.

    ``downloads`` are dicts {path, title, format, size}: ``path`` relative to the site
    root ("data/observationer.csv"), ``format`` a label ("CSV"), ``size`` in bytes.
    With ``config``, the page also carries a schema.org Dataset (``years``: data years).
    """
    files = [
        {
            "url": "/" + str(d["path"]).lstrip("/"),
            "title": d["title"],
            "format": d["format"],
            "size": file_size_text(int(d["size"])),
        }
        for d in downloads
    ]
    context: dict[str, Any] = {
        "downloads": files,
        "updated": updated,
        "breadcrumbs": breadcrumbs(("Data", "/data/")),
        "description": (
            "Ladda ner webbplatsens nyckeltal för alla kommuner som CSV och JSON, "
            "med källa och licens."
        ),
    }
    if config is not None:
        dataset = dataset_ld(
            config,
            name=f"{config.site.title}: nyckeltal för alla kommuner",
            description=(
                f"Alla värden för de {len(config.indicators)} nyckeltalen om socialtjänsten "
                f"på webbplatsen {config.site.title}: kommuner, län och riket, med "
                "beskrivningar av nyckeltalen och kommunerna. Värdena kommer från Kolada."
            ),
            url="/data/",
            years=years,
            variables=[i.title for i in config.indicators],
            files=[(f["url"], mime_type(f["url"])) for f in files],
            place="Sverige",
        )
        context["jsonld"] = (json_ld(dataset),)
    return Page("/data/", "data.html", context)


def not_found_page() -> Page:
    """/404.html: served for any missing path, so its links are absolute (site.base_url)."""
    return Page(
        "/404.html",
        "404.html",
        {"not_found": True, "description": "Sidan du sökte finns inte på webbplatsen."},
    )


def _lan_groups(reference: Reference) -> list[dict[str, Any]]:
    return [{"lan": lan, "kommuner": reference.kommuner_in_lan(lan.code)} for lan in reference.lan]


def _start_page(
    model: SiteModel,
    config: Config,
    reference: Reference,
    updated: dict[str, str] | None = None,
) -> Page:
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
            "areas_text": sv.join_list([decap(a.title) for a in config.areas]),
            "news": latest,
            "updated": updated,
            "jsonld": (json_ld(website_ld(config)),),
        },
    )


def _kommun_page(
    model: SiteModel, kommun, config: Config, reference: Reference, rows: Mapping[str, list]
) -> Page:
    areas: list[dict[str, Any]] = []
    for area in config.areas:
        facts = model.areas[(kommun.code, area.slug)]
        areas.append(
            {
                "area": area,
                "headline": model.press[(kommun.code, area.slug)].headline,
                "rows": rows[area.slug],
                "columns": table_columns(rows[area.slug]),
                "year": facts.data_year,
            }
        )
    lan = reference.lan_of(kommun)
    years = [int(a["year"]) for a in areas if a["year"] is not None]
    return Page(
        urls.kommun(kommun.slug),
        "kommun.html",
        {
            "kommun": kommun,
            "lan": lan,
            "area_tables": areas,
            "overview": model.overviews[kommun.code],
            "overview_figure": model.overview_figures[kommun.code],
            "embed_url": urls.embed_overview(kommun.slug),
            "data_year": max(years) if years else None,
            "breadcrumbs": breadcrumbs(
                (lan.name, urls.lan(lan.slug)), (kommun.official_name, urls.kommun(kommun.slug))
            ),
            "description": (
                f"Socialtjänsten i {kommun.official_name}: nyckeltal för {len(areas)} områden, "
                "jämförelser med andra kommuner och färdiga texter, med värden från Kolada."
            ),
            "feeds": site_feeds(config, kommun_feed(kommun)),
        },
    )


def _kommun_area_page(
    model: SiteModel,
    kommun,
    slug: str,
    reference: Reference,
    intros: Mapping[str, str],
    rows: Mapping[str, list],
    config: Config,
    published: str | None = None,
) -> Page:
    facts = model.areas[(kommun.code, slug)]
    figures = model.figures[(kommun.code, slug)]
    press = model.press[(kommun.code, slug)]
    lan = reference.lan_of(kommun)
    url = urls.kommun_area(kommun.slug, slug)
    share_spec = model.shares.get((kommun.code, slug))
    share = f"/img/{static_hash(share_spec)}.png" if share_spec is not None else None
    indicators = [
        _indicator_item(f, figures[f.indicator.id], row, lan, urls.embed_base(kommun.slug, slug))
        for f, row in zip(facts.indicators, rows[slug], strict=True)
    ]
    area = facts.area
    place = kommun.official_name
    years = area_years(model.data, kommun, area)
    dataset = dataset_ld(
        config,
        name=f"{area.title} i {place}: nyckeltal",
        description=(
            f"Värden för {len(area.indicators)} nyckeltal om {decap(area.title)} i {place}"
            + (f" {min(years)}–{max(years)}" if years else "")
            # Gotland is its own län: compared with riket and liknande kommuner only
            + (
                ", med jämförelser med riket och liknande kommuner. "
                if lan.code in model.data.own_lan
                else f", med jämförelser med riket, {lan.name} och liknande kommuner. "
            )
            + "Värdena kommer från Kolada."
        ),
        url=url,
        years=years,
        variables=[i.title for i in area.indicators],
        files=[(url + "data.csv", "text/csv"), (url + "data.json", "application/json")],
        place=place,
    )
    return Page(
        url,
        "kommun_area.html",
        {
            "kommun": kommun,
            "lan": lan,
            "area": area,
            "intro": intros[slug],
            "press": press,
            "rows": rows[slug],
            "columns": table_columns(rows[slug]),
            "year": facts.data_year,
            "indicators": indicators,
            "share_image": share,
            "chart_src": chart_file_url(kommun, slug),
            "og_image": share,
            "og_image_alt": (
                f"{press.headline}. Diagram för {place}, {decap(area.title)}. Källa: Kolada."
                if share
                else None
            ),
            "og_type": "article",
            "description": press.lead,
            "breadcrumbs": breadcrumbs(
                (lan.name, urls.lan(lan.slug)),
                (place, urls.kommun(kommun.slug)),
                (area.title, url),
            ),
            "feeds": site_feeds(config, kommun_feed(kommun)),
            "jsonld": (
                json_ld(dataset),
                json_ld(news_article_ld(config, press, url, share, published)),
            ),
        },
    )


def _indicator_item(
    f: IndicatorFacts, shown: Sequence[Shown], row: Mapping[str, Any], lan: Lan, embed_base: str
) -> dict[str, Any]:
    """One indicator section of a kommun × area page: its charts (with an embed) or its
    note, and the comparisons that have a value."""
    figures = charts_of(shown)
    names = {"riket": "Riket", "lan": lan.name, "liknande": "Liknande kommuner"}
    return {
        "facts": f,
        "figures": figures,
        "note": note_of(shown),
        "embed_url": f"{embed_base}{f.indicator.id.lower()}/" if figures else None,
        "row": row,
        "comparisons": [
            (names[kind], row[kind]) for kind in COMPARISON_COLUMNS if row[kind] != EMPTY
        ],
    }


def area_years(data: Data, kommun: Kommun, area: Area) -> tuple[int, ...]:
    """The years with a value of any of the area's indicators in the kommun, ascending."""
    years: set[int] = set()
    for ind in area.indicators:
        years.update(data.total.get((ind.id, kommun.code), {}))
    return tuple(sorted(years))


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
                {
                    "kommun": k,
                    "figure": overview,
                    "indicator": None,
                    "full_url": urls.kommun(k.slug),
                    "full_title": k.official_name,
                    "embed_title": f"{overview.title} – {k.official_name}",
                },
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
                    {
                        "kommun": k,
                        "figure": shown[0],
                        "indicator": ind,
                        "full_url": f"{urls.kommun_area(k.slug, area.slug)}#{ind.id}",
                        "chart_src": chart_file_url(k, area.slug),
                        "full_title": f"{area.title} i {k.official_name}",
                        "embed_title": f"{ind.title} – {area.title}, {k.official_name}",
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


#: The comparison columns of an indicator table, in order.
COMPARISON_COLUMNS = ("riket", "lan", "liknande")
#: An empty cell.
EMPTY = "–"


def _indicator_row(f: IndicatorFacts) -> dict[str, Any]:
    """One table row: the latest value, its change, and the comparisons the same year."""
    ind = f.indicator
    row: dict[str, Any] = {"indicator": ind, "year": f.year}
    if f.value is None:
        row.update(value="Uppgift saknas", change=EMPTY, riket=EMPTY, lan=EMPTY, liknande=EMPTY)
        return row
    row["value"] = table_cell(ind, f.value)
    if f.change is None:
        row["change"] = EMPTY
    elif ind.is_categorical:
        row["change"] = "Nytt svar" if f.change else "Samma svar"
    else:
        row["change"] = sv.signed_number(f.change, ind.decimals)
    for kind in COMPARISON_COLUMNS:
        comp = f.comparison(kind)
        row[kind] = EMPTY if comp is None else table_cell(ind, comp.value, aggregate=True)
    return row


#: The columns of an indicator table that may be left out (the kommun's never is).
OPTIONAL_COLUMNS = ("year", "change", *COMPARISON_COLUMNS)


def table_columns(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The optional columns with a value in some row, in order: a column of "–" alone
    (no Riket or län value for any of the indicators, no change) says nothing and is
    left out."""
    return tuple(k for k in OPTIONAL_COLUMNS if any(_has_cell(row, k) for row in rows))


def _has_cell(row: Mapping[str, Any], column: str) -> bool:
    value = row[column]
    return value is not None if column == "year" else value != EMPTY
