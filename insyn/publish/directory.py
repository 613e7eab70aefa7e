"""A directory that a web server serves: replaced by a complete new tree, never edited.

The new tree is copied beside the old one (same parent, so same file system),
checked against the site's manifest, and moved into place with renames. A
reader sees the old site or the new one; a run killed half-way leaves the old
site and a temporary tree that the next publish removes.

Replacing a directory deletes what was in it, so the target must be this
site's own tree: empty, missing, or carrying the marker file that a previous
publish wrote. A path that is, holds or lies in the project (its config, data,
state, content, templates), the file system root or the user's home is refused
whatever it holds: one wrong ``--path`` must not cost a project or a web root.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from insyn.errors import UserError
from insyn.inputs import fsync_dir

log = logging.getLogger(__name__)

#: Written into every tree this target publishes; only a tree that has it is replaced.
MARKER = ".insyn-site"
MARKER_TEXT = (
    "Den här katalogen publiceras av insyn (python build.py publish --target dir).\n"
    "Hela katalogen ersätts vid varje publicering: lägg inga egna filer här.\n"
    "Filen visar att katalogen får ersättas; en katalog utan den rörs inte.\n"
)


class DirectoryError(UserError, RuntimeError):
    """The target directory cannot be replaced safely."""


@dataclass(frozen=True)
class DirectoryResult:
    path: Path
    files: int
    bytes: int


@dataclass(frozen=True)
class StagedDir:
    """A verified copy beside the target, not yet swapped in (see :func:`stage_dir`)."""

    target: Path
    new: Path
    run: str
    files: int
    bytes: int

    def commit(self) -> DirectoryResult:
        """Swap the copy in: two renames, then the old tree goes."""
        old = self.target.parent / f".{self.target.name}.old-{self.run}"
        if self.target.exists():
            os.replace(self.target, old)
        os.replace(self.new, self.target)
        fsync_dir(self.target.parent)
        shutil.rmtree(old, ignore_errors=True)
        log.info("publicerade %s (%d filer)", self.target, self.files)
        return DirectoryResult(self.target, self.files, self.bytes)

    def abort(self) -> None:
        shutil.rmtree(self.new, ignore_errors=True)


def publish_dir(
    site_dir: Path, target: Path, run: str, project: Path | None = None
) -> DirectoryResult:
    """Replace ``target`` by a copy of ``site_dir`` (verified), with renames only.

    ``project`` is the project root: nothing in it, above it or the like is replaced.
    """
    return stage_dir(site_dir, target, run, project).commit()


def stage_dir(site_dir: Path, target: Path, run: str, project: Path | None = None) -> StagedDir:
    """Copy ``site_dir`` beside ``target`` and verify it; nothing served changes yet,
    so a publish to several targets can stage them all before it swaps any."""
    site_dir, target = Path(site_dir), Path(target)
    if target.resolve() == site_dir.resolve() or site_dir.resolve() in target.resolve().parents:
        raise DirectoryError(f"{target}: must not be the site directory or inside it")
    check_target(target, project)
    # "a/.." has no name to put beside it; a symlink stays a link (no resolve())
    target = Path(os.path.abspath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(target)
    new = target.parent / f".{target.name}.new-{run}"
    try:
        shutil.copytree(site_dir, new, symlinks=False)
        files, size = _verify(new)
        (new / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return StagedDir(target, new, run, files, size)


def check_target(target: Path, project: Path | None) -> None:
    """Refuse, before anything is touched, a target that may hold what is not the site's."""
    resolved = Path(target).resolve()
    why = _forbidden(resolved, project)
    if why is None and target.exists() and not target.is_dir():
        why = "finns men är ingen katalog"
    if why is None and target.is_dir() and not _ours(target):
        why = (
            f"katalogen är inte tom och saknar {MARKER}, så den är ingen tidigare "
            "publicering av insyn; töm den eller välj en annan katalog"
        )
    if why is not None:
        named = str(target) if resolved == Path(target) else f"{target} (= {resolved})"
        raise DirectoryError(f"{named}: publicerar inte hit, {why} (ingenting har tagits bort)")


def _forbidden(target: Path, project: Path | None) -> str | None:
    """Why a resolved path may never be replaced, whatever it holds; None if it may."""
    if target.parent == target:
        return "det är filsystemets rot"
    for name, path in _protected(project):
        if target == path:
            return f"det är {name}"
        if _is_or_holds(target, path):
            return f"den innehåller {name} ({path})"
        if path in target.parents:
            return f"den ligger i {name} ({path})"
    home = Path(os.path.expanduser("~"))
    if home.is_absolute() and _is_or_holds(target, home.resolve()):
        return "den är eller innehåller hemkatalogen"
    return None


def _protected(project: Path | None) -> Sequence[tuple[str, Path]]:
    """The project root and what a wrong path would cost most: named for the message."""
    if project is None:
        return ()
    root = Path(project).resolve()
    return [("projektets katalog", root)] + [
        (f"projektets {name}/", (root / name).resolve())
        for name in ("data", "state", "content", "templates")
    ]


def _is_or_holds(path: Path, other: Path) -> bool:
    return path == other or path in other.parents


def _ours(target: Path) -> bool:
    """Empty, or written by an earlier publish (it carries the marker)."""
    return (target / MARKER).is_file() or next(target.iterdir(), None) is None


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
