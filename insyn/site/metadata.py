"""What every page carries besides its content: the common context, dates, feeds,
breadcrumbs and the schema.org JSON-LD (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup

from insyn.config import Area, Config
from insyn.data.model import Snapshot
from insyn.data.reference import Kommun
from insyn.site import urls
from insyn.write import sv
from insyn.write.scriptjson import script_json
from insyn.write.text import (
    PressText,
    decap,
)

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


#: Common values that change every day: only the pages that span kommuner show them,
#: so that a kommun's pages stay byte-identical (and are not rewritten) until their
#: data or templates change.
DAILY = ("build_date", "build_iso")


_SIZE_UNITS = ("kB", "MB", "GB", "TB")


def swedish_date(moment: datetime) -> str:
    """Running-text date per SPRAK.md: "1 september 2022"."""
    return sv.format_date(moment.date())


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
    return urls.absolute(config.site.base_url, path)


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
