"""A built site read as the pages a CMS receives (shell: reads the site on disk).

The choice of pages and the fragments themselves are pure (``cms_page_files``,
``fragment.page_fragment``, ``container_pages``); this module only reads the files
the site's manifest lists. The stylesheet the fragments link to,
``assets/insyn-fragment.css``, is written by the build.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from insyn.build import write
from insyn.publish import fragment
from insyn.publish.model import Page

log = logging.getLogger(__name__)

#: Directories whose pages stay on the static host: embeds are iframe targets.
NOT_FOR_CMS = ("embed/",)


def site_path(file_path: str) -> str:
    """The page's site path from its file: "mellerud/index.html" → "mellerud/", and the
    start page "index.html" → ""."""
    if file_path == "index.html":
        return ""
    if not file_path.endswith("/index.html"):
        raise ValueError(f"{file_path}: not a page (…/index.html)")
    return file_path[: -len("index.html")]


def cms_page_files(files: Iterable[str]) -> list[str]:
    """The HTML files a CMS gets: every ``index.html`` but the embeds, sorted by page path.

    404.html is not an index.html, so it is out by itself (it is the static host's
    answer to a wrong address, not a page of its own).
    """
    pages = [
        f
        for f in files
        if (f == "index.html" or f.endswith("/index.html")) and not f.startswith(NOT_FOR_CMS)
    ]
    return sorted(pages, key=site_path)


def manifest_files(site_dir: Path) -> list[str]:
    """Every file of the built site, from its manifest; a site without one is an error
    (publishing must never guess what a site holds)."""
    manifest = write.read_manifest(Path(site_dir))
    if not manifest.files:
        raise FileNotFoundError(f"{site_dir}: no readable manifest.json with files in it")
    return sorted(manifest.files)


def read_text(site_dir: Path, path: str) -> str:
    return (Path(site_dir) / path).read_text(encoding="utf-8")


def site_pages(site_dir: Path, base_url: str, updated: str) -> list[Page]:
    """One ``Page`` per page a CMS should show, sorted by path.

    ``updated`` (the build time, ISO 8601) is passed in: nothing here reads a clock.
    """
    pages = []
    for file_path in cms_page_files(manifest_files(site_dir)):
        html = read_text(site_dir, file_path)
        path = site_path(file_path)
        title, summary = fragment.page_meta(html)
        pages.append(
            Page(path, title, summary, updated, fragment.page_fragment(html, path, base_url))
        )
    pages += container_pages(pages, base_url, updated)
    log.info("%s: %d pages for a CMS", site_dir, len(pages))
    return sorted(pages, key=lambda p: p.path)


#: Titles of the pages a CMS needs as parents but the static site does not have
#: (the static site links to /lan/<lan>/ and /omrade/<area>/ from the start page).
CONTAINER_TITLES = {"lan/": "Län", "omrade/": "Områden"}


def container_pages(pages: list[Page], base_url: str, updated: str) -> list[Page]:
    """A list page for every missing parent path, so that a CMS that builds a page tree
    (WordPress) has a parent for every page: "lan/" lists the län pages."""
    have = {p.path for p in pages}
    missing: dict[str, list[Page]] = {}
    for page in pages:
        parts = page.path.rstrip("/").split("/")
        for depth in range(1, len(parts)):
            parent = "/".join(parts[:depth]) + "/"
            if parent not in have:
                children = missing.setdefault(parent, [])
                if depth == len(parts) - 1:
                    children.append(page)
    return [
        Page(
            path,
            CONTAINER_TITLES.get(path, path.rstrip("/").rsplit("/", 1)[-1]),
            "",
            updated,
            fragment.list_fragment(
                CONTAINER_TITLES.get(path, path.rstrip("/")),
                [(c.title, c.path) for c in children],
                base_url,
            ),
        )
        for path, children in sorted(missing.items())
    ]
