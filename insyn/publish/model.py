"""What the publishing targets exchange: one page as a CMS or a bundle receives it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One site page as an HTML fragment, without the site's header and footer.

    ``path`` is the page's site path without a leading slash and with a trailing
    one (``""`` is the start page, ``"mellerud/hemtjanst/"`` a kommun × area page);
    it is the page's identity in every target. ``sha256`` covers the content
    (path, title, summary, html) but not ``updated``, which is the time of the run
    that sends it: a target skips a page whose hash it already has, so an
    unchanged page is not re-sent every night just because the clock moved.
    """

    path: str
    title: str
    summary: str
    updated: str  # ISO 8601, UTC, e.g. "2026-11-22T03:17:00Z"
    html: str

    @property
    def sha256(self) -> str:
        h = hashlib.sha256()
        for part in (self.path, self.title, self.summary, self.html):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        return h.hexdigest()
