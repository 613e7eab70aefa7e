"""GitHub Pages: the workflow uploads ``site/`` and deploys it; here it is checked first.

GitHub Pages publishes at most 1 GB, and an artifact that is too large fails
at deploy time, after the gates said yes. So the size is a gate of its own,
checked before the upload with the manifest's sizes (config:
``publish.github_pages.max_bytes``).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class PagesError(RuntimeError):
    """The site cannot go to GitHub Pages as it is."""


@dataclass(frozen=True)
class PagesResult:
    files: int
    bytes: int


def prepare(site_dir: Path, max_bytes: int) -> PagesResult:
    """Check that ``site_dir`` is a complete site within GitHub Pages' size limit."""
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise PagesError(f"{site_dir}: no index.html; build the site first")
    total = files = 0
    for dirpath, _, names in os.walk(site_dir):
        for name in names:
            total += os.stat(os.path.join(dirpath, name)).st_size
            files += 1
    if total > max_bytes:
        raise PagesError(
            f"{site_dir}: {total / 1e6:.0f} MB är mer än GitHub Pages tar emot "
            f"({max_bytes / 1e6:.0f} MB, publish.github_pages.max_bytes); "
            "bygg utan bilder (--no-images) eller publicera till en annan server"
        )
    log.info("github pages: %d filer, %.0f MB", files, total / 1e6)
    return PagesResult(files, total)
