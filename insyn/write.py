"""Writing the site: a staging directory beside the live one, swapped in at the end.

A build that fails half-way (an exception, a failed output check, a kill)
leaves the last good site untouched: nothing is written into ``site/`` itself,
and the swap is two renames.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)


def staging_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"


def write_tree(root: Path, files: Mapping[str, bytes]) -> None:
    """Write files (relative POSIX paths → bytes) under root, in sorted order."""
    for rel in sorted(files):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])


def copy_assets(src: Path, dest: Path) -> int:
    """Copy the static assets (CSS, fonts, scripts) into the staging tree."""
    count = 0
    for file in sorted(p for p in src.rglob("*") if p.is_file()):
        target = dest / file.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, target)
        count += 1
    return count


def link_files(root: Path, links: Mapping[str, Path]) -> None:
    """Hard-link cached files (rendered images) into the tree; copy where links fail."""
    for rel in sorted(links):
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(links[rel], target)
        except OSError:
            shutil.copyfile(links[rel], target)


def publish_site(
    files: Mapping[str, bytes],
    assets: Path | None,
    site_dir: Path,
    links: Mapping[str, Path] | None = None,
) -> Path:
    """Write all files to a staging dir, then swap it in place of ``site_dir``."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    stage = staging_dir(site_dir)
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    try:
        write_tree(stage, files)
        link_files(stage, links or {})
        if assets is not None and assets.is_dir():
            copy_assets(assets, stage / "assets")
        swap(stage, site_dir)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return site_dir


def swap(new: Path, live: Path) -> None:
    """Replace ``live`` by ``new`` with two renames; the old tree is removed afterwards."""
    old = live.parent / f".{live.name}.old-{os.getpid()}"
    if live.exists():
        os.replace(live, old)
    os.replace(new, live)
    if old.exists():
        shutil.rmtree(old)
    log.info("site swapped into %s", live)


def clean_stale(site_dir: Path) -> None:
    """Remove staging or old trees left behind by a killed build."""
    for stale in site_dir.parent.glob(f".{site_dir.name}.*-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
