"""THE URL scheme of the site, and the mapping between a page's URL and its file.

Every page URL is a site path with a trailing slash ("/mellerud/hemtjanst/"); its
file is that path plus "index.html" in the output tree. These were spelled out in
five modules and about twenty f-strings (issue 15); a change of the scheme is now
a change here. Pure functions of their arguments.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

INDEX = "index.html"


def start() -> str:
    return "/"


def kommun(slug: str) -> str:
    """ "/mellerud/" """
    return f"/{slug}/"


def kommun_area(slug: str, area: str) -> str:
    """ "/mellerud/hemtjanst/" """
    return f"/{slug}/{area}/"


def omrade(area: str) -> str:
    """ "/omrade/hemtjanst/": the national view of one area"""
    return f"/omrade/{area}/"


def lan(slug: str) -> str:
    """ "/lan/vastra-gotalands-lan/" """
    return f"/lan/{slug}/"


def embed_base(slug: str, area: str) -> str:
    """ "/embed/mellerud/hemtjanst/": the folder of one kommun × area's embeds"""
    return f"/embed/{slug}/{area}/"


def embed(slug: str, area: str, kpi: str) -> str:
    """ "/embed/mellerud/hemtjanst/u21468/": one chart alone, for iframes"""
    return f"{embed_base(slug, area)}{kpi.lower()}/"


def embed_overview(slug: str) -> str:
    """ "/embed/mellerud/oversikt/": the kommun's overview chart alone"""
    return f"/embed/{slug}/oversikt/"


def file_in(url: str, name: str) -> str:
    """A file beside a page: ("/mellerud/", "feed.xml") → "/mellerud/feed.xml" """
    return f"{url}{name}"


def url_to_path(url: str) -> str:
    """Where a page URL lives in the output tree: "/a/" → "a/index.html"; a file's
    URL is its path ("/a/data.json" → "a/data.json")."""
    path = url.lstrip("/")
    return path + INDEX if path == "" or path.endswith("/") else path


def path_to_url(path: str) -> str:
    """The URL of an output file: "a/index.html" → "/a/"; "index.html" → "/"."""
    if path == INDEX:
        return "/"
    if path.endswith("/" + INDEX):
        return "/" + path[: -len(INDEX)]
    return "/" + path


def absolute(base_url: str, url: str) -> str:
    """A site path under the site's base URL, which may itself have a path
    ("https://x.se/insyn/" + "/mellerud/" → "https://x.se/insyn/mellerud/")."""
    return base_url.rstrip("/") + "/" + url.lstrip("/")


def rel(url: str) -> str:
    """A site URL as a path in the output tree, without the leading slash
    ("/mellerud/hemtjanst/" → "mellerud/hemtjanst/")."""
    return url.lstrip("/")


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def site_root(base_url: str) -> str:
    """The site's address with exactly one trailing slash ("https://x.se/insyn/")."""
    base = base_url.strip()
    if not _SCHEME.match(base):
        raise ValueError(f"base_url must be an absolute URL, got {base_url!r}")
    return base.rstrip("/") + "/"


def page_url(page_path: str, base_url: str) -> str:
    """The absolute address of a site page ("mellerud/hemtjanst/"; "" is the start page)."""
    return absolute(site_root(base_url), page_path)


def absolute_url(url: str, page_path: str, base_url: str) -> str:
    """``url`` as it appears on the page at ``page_path``, made absolute on ``base_url``.

    Same-page anchors ("#x") stay: they point into the fragment, wherever it is shown.
    URLs with a scheme (https:, mailto:, data:) and protocol-relative ones stay too.
    A root-relative path ("/assets/x") is relative to the site root, which may itself
    have a path ("https://x.se/insyn/"): urljoin alone would drop that path.
    """
    value = url.strip()
    if value.startswith("#") or value.startswith("//") or _SCHEME.match(value):
        return value
    root = site_root(base_url)
    if value.startswith("/"):
        return root + value.lstrip("/")
    return urljoin(page_url(page_path, base_url), value)


def absolute_srcset(srcset: str, page_path: str, base_url: str) -> str:
    """Every candidate URL of a ``srcset`` made absolute; the descriptors stay.

    Candidates are split at commas: good for the site's own URLs (which never hold
    a comma), not for data: URLs, which no template puts in a srcset.
    """
    out = []
    for candidate in srcset.split(","):
        parts = candidate.split()
        if parts:
            out.append(" ".join([absolute_url(parts[0], page_path, base_url), *parts[1:]]))
    return ", ".join(out)
