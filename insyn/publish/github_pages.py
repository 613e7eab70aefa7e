"""GitHub Pages: the workflow uploads ``site/`` and deploys it; here it is checked first.

GitHub Pages publishes at most 1 GB, and an artifact that is too large fails
at deploy time, after the gates said yes. So the size is a gate of its own,
checked before the upload with the manifest's sizes (config:
``publish.github_pages.max_bytes``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from insyn.build import write
from insyn.errors import UserError

log = logging.getLogger(__name__)


class PagesError(UserError, RuntimeError):
    """The site cannot go to GitHub Pages as it is."""


@dataclass(frozen=True)
class PagesResult:
    files: int
    bytes: int


def prepare(site_dir: Path, max_bytes: int) -> PagesResult:
    """Check that ``site_dir`` is a complete site within GitHub Pages' size limit.

    The sizes come from the site's manifest (every file but the manifest itself),
    which the build wrote and checked: no need to stat 80 000 files again.
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise PagesError(f"{site_dir}: no index.html; build the site first")
    files = write.read_manifest(site_dir).files
    if not files:
        raise PagesError(f"{site_dir}: no readable {write.MANIFEST}; build the site first")
    total = sum(e.size for e in files.values()) + (site_dir / write.MANIFEST).stat().st_size
    if total > max_bytes:
        raise PagesError(
            f"{site_dir}: {total / 1e6:.0f} MB är mer än GitHub Pages tar emot "
            f"({max_bytes / 1e6:.0f} MB, publish.github_pages.max_bytes); "
            "bygg utan bilder (--no-images) eller publicera till en annan server"
        )
    log.info("github pages: %d filer, %.0f MB", len(files) + 1, total / 1e6)
    return PagesResult(len(files) + 1, total)
