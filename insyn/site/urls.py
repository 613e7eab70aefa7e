"""THE URL scheme of the site, and the mapping between a page's URL and its file.

Every page URL is a site path with a trailing slash ("/mellerud/hemtjanst/"); its
file is that path plus "index.html" in the output tree. These were spelled out in
five modules and about twenty f-strings (issue 15); a change of the scheme is now
a change here. Pure functions of their arguments.
"""

from __future__ import annotations

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
