"""sitemap.xml (sitemaps.org protocol 0.9) and robots.txt.

Search engines find every kommun page through the sitemap, and robots.txt keeps
them out of the embed pages, which exist only to be shown in other sites'
iframes and would otherwise compete with the full pages in search results.

Pure: URLs and the base URL go in, file paths and bytes come out.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_FILE = "sitemap.xml"
#: The protocol's limit of URLs in one sitemap file (and of sitemaps in one index).
MAX_URLS = 50_000
#: The section of the site that only iframes should load.
EMBED_DIR = "embed/"

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters a URL may hold as they are (RFC 3986 pchar, "/" and "?"; "%" keeps escapes).
_PATH_SAFE = "/:@!$&'()*+,;=%~?"


def sitemap_files(
    urls: Sequence[str], base_url: str, lastmod: date, *, max_urls: int = MAX_URLS
) -> dict[str, bytes]:
    """``sitemap.xml`` for the page URLs ("/", "/mellerud/", ...): path → UTF-8 bytes.

    The URLs are made absolute under ``base_url``, de-duplicated and sorted, so
    the file does not depend on the caller's order. Above ``max_urls`` they are
    split into ``sitemap-1.xml``, ``sitemap-2.xml``, … and ``sitemap.xml``
    becomes the index of those files, as the protocol requires.
    """
    if max_urls < 1:
        raise ValueError(f"max_urls must be at least 1, got {max_urls}")
    base = _base(base_url)
    day = lastmod.strftime("%Y-%m-%d")
    locs = [base + _path(url) for url in sorted(set(urls))]
    if len(locs) <= max_urls:
        return {SITEMAP_FILE: _urlset(locs, day)}
    chunks = [locs[i : i + max_urls] for i in range(0, len(locs), max_urls)]
    if len(chunks) > MAX_URLS:
        raise ValueError(f"{len(locs)} URLs need more sitemaps than one index may list")
    out = {f"sitemap-{n}.xml": _urlset(chunk, day) for n, chunk in enumerate(chunks, start=1)}
    out[SITEMAP_FILE] = _index([base + name for name in out], day)
    log.info("sitemap: %d URLs in %d files", len(locs), len(chunks))
    return out


def robots_txt(base_url: str) -> bytes:
    """robots.txt: everything may be crawled except the embed pages; where the sitemap is.

    The rules are under the base URL's path (https://example.se/insyn/ →
    ``Disallow: /insyn/embed/``). Crawlers only read robots.txt at the root of a
    host, so a site under a path needs the host's own robots.txt to carry these
    lines.
    """
    base = _base(base_url)
    path = urlsplit(base).path
    lines = [
        "User-agent: *",
        f"Disallow: {path}{EMBED_DIR}",
        "",
        f"Sitemap: {base}{SITEMAP_FILE}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _base(base_url: str) -> str:
    """The base URL, ending in "/", with its path percent-encoded."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base URL {base_url!r} is not an absolute http(s) URL")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{quote(path, safe=_PATH_SAFE)}"


def _path(url: str) -> str:
    """A site-relative page URL ("/mellerud/") as the part after the base URL."""
    if not url.startswith("/"):
        raise ValueError(f"page URL {url!r} must start with '/'")
    return quote(url[1:], safe=_PATH_SAFE)


def _escape(value: str) -> str:
    """Entity-escape a URL for XML, as the sitemaps protocol asks for all five entities."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _urlset(locs: Sequence[str], day: str) -> bytes:
    rows = "".join(
        f"<url><loc>{_escape(loc)}</loc><lastmod>{day}</lastmod></url>\n" for loc in locs
    )
    return (f'{_XML_DECLARATION}<urlset xmlns="{SITEMAP_NS}">\n{rows}</urlset>\n').encode()


def _index(locs: Sequence[str], day: str) -> bytes:
    rows = "".join(
        f"<sitemap><loc>{_escape(loc)}</loc><lastmod>{day}</lastmod></sitemap>\n" for loc in locs
    )
    return (
        f'{_XML_DECLARATION}<sitemapindex xmlns="{SITEMAP_NS}">\n{rows}</sitemapindex>\n'
    ).encode()
