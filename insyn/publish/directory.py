"""A directory that a web server serves: replaced by a complete new tree, never edited.

The new tree is copied beside the old one (same parent, so same file system),
checked against the site's manifest, and moved into place with renames. A
reader sees the old site or the new one; a run killed half-way leaves the old
site and a temporary tree that the next publish removes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


class DirectoryError(RuntimeError):
    """The target directory cannot be replaced safely."""


@dataclass(frozen=True)
class DirectoryResult:
    path: Path
    files: int
    bytes: int


def publish_dir(site_dir: Path, target: Path, run: str) -> DirectoryResult:
    """Replace ``target`` by a copy of ``site_dir`` (verified), with renames only."""
    site_dir, target = Path(site_dir), Path(target)
    if target.resolve() == site_dir.resolve() or site_dir.resolve() in target.resolve().parents:
        raise DirectoryError(f"{target}: must not be the site directory or inside it")
    if target.exists() and not target.is_dir():
        raise DirectoryError(f"{target}: exists and is not a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(target)
    new = target.parent / f".{target.name}.new-{run}"
    try:
        shutil.copytree(site_dir, new, symlinks=False)
        files, size = _verify(new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{run}"
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
    log.info("publicerade %s (%d filer)", target, files)
    return DirectoryResult(target, files, size)


def _clean_stale(target: Path) -> None:
    """Trees left by a killed publish; a missing target with an old tree gets it back."""
    olds = sorted(target.parent.glob(f".{target.name}.old-*"))
    if not target.exists() and olds:
        os.replace(olds[-1], target)  # killed between the two renames: restore
        olds = olds[:-1]
    for stale in [*target.parent.glob(f".{target.name}.new-*"), *olds]:
        shutil.rmtree(stale, ignore_errors=True)


def _verify(tree: Path) -> tuple[int, int]:
    """Every file of the copy's manifest is there with its hash: a copy is never half."""
    manifest = json.loads((tree / "manifest.json").read_bytes())
    total = 0
    for rel, (sha, size) in manifest["files"].items():
        data = (tree / rel).read_bytes()
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            raise DirectoryError(f"{tree / rel}: the copy differs from the site's manifest")
        total += size
    return len(manifest["files"]), total
