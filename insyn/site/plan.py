"""The page plan: which pages exist, at which URL, with which typed context.

Everything here is a pure function of the site model (site/model.py), the config,
the reference tables and the content texts; build/assemble.py renders the pages
(site/render.py) and writes the bytes. What every page carries besides its own
context is in metadata.py; embed pages in embeds.py; files beside pages in files.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, NotRequired, TypedDict

from markupsafe import Markup

from insyn.analyse.analysis import AreaFacts, IndicatorFacts
from insyn.config import Area, Config
from insyn.data.reference import Kommun, Lan, Reference
from insyn.site import urls
from insyn.site.files import chart_file_url
from insyn.site.metadata import (
    area_feed,
    breadcrumbs,
    dataset_ld,
    file_size_text,
    json_ld,
    kommun_feed,
    mime_type,
    news_article_ld,
    site_feeds,
    swedish_date,
    website_ld,
)
from insyn.site.model import Page, SiteModel, area_years, charts_of, note_of
from insyn.site.render import markdown_to_html
from insyn.write import sv
from insyn.write.figures import (
    Figure,
    Note,
    Shown,
    static_hash,
    table_cell,
)
from insyn.write.text import (
    ContentError,
    PressText,
    ShortText,
    decap,
)

#: The hand-written pages: content/<slug>.md → /<slug>/, and the template around each.
#: The templates add what comes from config.yaml (organisation, contact): the Markdown
#: itself is never a template.
CONTENT_PAGES: Mapping[str, str] = {
    "om": "om.html",
    "metod": "content.html",
    "tillganglighet": "tillganglighet.html",
}


# ------------------------------------------------------------- page contexts
# What each template gets besides the common context (metadata.common_context): one
# TypedDict per kind of page, so that mypy checks every key and value where a page is
# planned, and a template's inputs can be read here rather than guessed from Jinja.

Crumbs = tuple[dict[str, str], ...]
Feeds = tuple[dict[str, str], ...]
JsonLd = tuple[Markup, ...]


class StartContext(TypedDict):
    lan_groups: list[dict[str, Any]]
    kommun_count: int
    areas_text: str
    news: list[dict[str, Any]]
    updated: dict[str, str] | None
    jsonld: JsonLd


class AreaTable(TypedDict):
    """One area's table on a kommun page."""

    area: Area
    headline: str
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]
    year: int | None


class KommunContext(TypedDict):
    kommun: Kommun
    lan: Lan
    area_tables: list[AreaTable]
    overview: ShortText
    overview_figure: Figure
    embed_url: str
    data_year: int | None
    breadcrumbs: Crumbs
    description: str
    feeds: Feeds


class IndicatorItem(TypedDict):
    """One indicator section of a kommun × area page."""

    facts: IndicatorFacts
    figures: list[Figure]
    note: Note | None
    embed_url: str | None
    row: Mapping[str, Any]
    comparisons: list[tuple[str, str]]


class KommunAreaContext(TypedDict):
    kommun: Kommun
    lan: Lan
    area: Area
    intro: str
    press: PressText
    rows: list[dict[str, Any]]
    columns: tuple[str, ...]
    year: int | None
    indicators: list[IndicatorItem]
    share_image: str | None
    chart_src: str
    og_image: str | None
    og_image_alt: str | None
    og_type: str
    description: str
    breadcrumbs: Crumbs
    feeds: Feeds
    jsonld: JsonLd


class AreaContext(TypedDict):
    area: Area
    text: ShortText
    intro: str
    lan_groups: list[dict[str, Any]]
    breadcrumbs: Crumbs
    description: str
    feeds: Feeds


class LanContext(TypedDict):
    lan: Lan
    text: ShortText
    kommuner: tuple[Kommun, ...]
    breadcrumbs: Crumbs
    description: str


class ContentContext(TypedDict):
    slug: str
    title: str
    body: str
    breadcrumbs: Crumbs
    description: str


class DataContext(TypedDict):
    downloads: list[dict[str, Any]]
    updated: dict[str, str] | None
    breadcrumbs: Crumbs
    description: str
    jsonld: NotRequired[JsonLd]


class ChangelogContext(TypedDict):
    entries: list[dict[str, Any]]
    updated: dict[str, str] | None
    breadcrumbs: Crumbs
    description: str


class NotFoundContext(TypedDict):
    not_found: bool
    description: str


# ------------------------------------------------------------------- pages


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
        ChangelogContext(
            {
                "entries": shown,
                "updated": last_update(changelog),
                "breadcrumbs": breadcrumbs(("Ändringar", "/andringar/")),
                "description": "När uppgifterna på webbplatsen uppdaterades och vad som ändrades.",
            }
        ),
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


def area_page(
    model: SiteModel, area: Area, config: Config, reference: Reference, intros: Mapping[str, str]
) -> Page:
    """/omrade/<area>/: the national view of one area."""
    url = urls.omrade(area.slug)
    return Page(
        url,
        "area.html",
        AreaContext(
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
            }
        ),
    )


def lan_page(model: SiteModel, lan: Lan, config: Config, reference: Reference) -> Page:
    """/lan/<lan>/: the kommuner of one län."""
    url = urls.lan(lan.slug)
    return Page(
        url,
        "lan.html",
        LanContext(
            {
                "lan": lan,
                "text": model.lan_texts[lan.code],
                "kommuner": reference.kommuner_in_lan(lan.code),
                "breadcrumbs": breadcrumbs((lan.name, url)),
                "description": (
                    f"Socialtjänsten i kommunerna i {lan.name}: nyckeltal och jämförelser "
                    "med resten av landet, med värden från Kolada."
                ),
            }
        ),
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
                ContentContext(
                    {
                        "slug": slug,
                        "title": title,
                        "body": markdown_to_html(
                            _promote_headings(body), drop_title=False, allow_html=allow_html
                        ),
                        "breadcrumbs": breadcrumbs((title, url)),
                        "description": first_paragraph(body) or title,
                    }
                ),
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
    context = DataContext(
        {
            "downloads": files,
            "updated": updated,
            "breadcrumbs": breadcrumbs(("Data", "/data/")),
            "description": (
                "Ladda ner webbplatsens nyckeltal för alla kommuner som CSV och JSON, "
                "med källa och licens."
            ),
        }
    )
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
        NotFoundContext(
            {"not_found": True, "description": "Sidan du sökte finns inte på webbplatsen."},
        ),
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
        StartContext(
            {
                "lan_groups": _lan_groups(reference),
                "kommun_count": len(reference.kommuner),
                "areas_text": sv.join_list([decap(a.title) for a in config.areas]),
                "news": latest,
                "updated": updated,
                "jsonld": (json_ld(website_ld(config)),),
            }
        ),
    )


def _kommun_page(
    model: SiteModel, kommun, config: Config, reference: Reference, rows: Mapping[str, list]
) -> Page:
    areas: list[AreaTable] = []
    for area in config.areas:
        facts = model.areas[(kommun.code, area.slug)]
        areas.append(
            AreaTable(
                {
                    "area": area,
                    "headline": model.press[(kommun.code, area.slug)].headline,
                    "rows": rows[area.slug],
                    "columns": table_columns(rows[area.slug]),
                    "year": facts.data_year,
                }
            )
        )
    lan = reference.lan_of(kommun)
    years = [int(a["year"]) for a in areas if a["year"] is not None]
    return Page(
        urls.kommun(kommun.slug),
        "kommun.html",
        KommunContext(
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
            }
        ),
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
        KommunAreaContext(
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
            }
        ),
    )


def _indicator_item(
    f: IndicatorFacts, shown: Sequence[Shown], row: Mapping[str, Any], lan: Lan, embed_base: str
) -> IndicatorItem:
    """One indicator section of a kommun × area page: its charts (with an embed) or its
    note, and the comparisons that have a value."""
    figures = charts_of(shown)
    names = {"riket": "Riket", "lan": lan.name, "liknande": "Liknande kommuner"}
    return IndicatorItem(
        {
            "facts": f,
            "figures": figures,
            "note": note_of(shown),
            "embed_url": f"{embed_base}{f.indicator.id.lower()}/" if figures else None,
            "row": row,
            "comparisons": [
                (names[kind], row[kind]) for kind in COMPARISON_COLUMNS if row[kind] != EMPTY
            ],
        }
    )


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
