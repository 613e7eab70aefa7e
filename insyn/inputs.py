"""Every read of the project's own files, and the one atomic write.

The build is a pure function of what this module reads: config.yaml, the reference
tables, content/ (Markdown, quotes), and the trees whose bytes make the build's
fingerprint. Keeping the reads in one place is what lets analyse/, write/ and site/
stay pure, and it is the one list of fingerprint inputs. ``write_atomic`` is the
project's one way to put bytes on disk: a temporary file beside the target, renamed
into place, so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from insyn.config import Config, load_config_text
from insyn.data.reference import Reference, parse_reference
from insyn.errors import UserError

log = logging.getLogger(__name__)


class InputError(UserError, ValueError):
    """A project file that cannot be read: the message names it."""


def read_config(path: Path) -> Config:
    """Read and validate config.yaml."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read config: {exc.strerror}") from None
    return load_config_text(text, str(path))


def read_reference(directory: Path) -> Reference:
    """Read the project's reference tables (data/reference/*.csv)."""
    tables = {}
    for name in ("kommuner", "lan", "kommungrupper"):
        path = directory / f"{name}.csv"
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                tables[name] = list(csv.DictReader(fh))
        except OSError as exc:
            raise InputError(f"{path}: cannot read reference table: {exc.strerror}") from None
    return parse_reference(tables["kommuner"], tables["lan"], tables["kommungrupper"])


def read_text(path: Path) -> str:
    """Read a content file (Markdown) as UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None


def read_quotes(directory: Path) -> dict[str, str]:
    """The raw text of content/kommuner/<slug>.md files, keyed by slug (parsed by text.py)."""
    directory = Path(directory)
    if not directory.is_dir():
        return {}
    return {p.stem: read_text(p) for p in sorted(directory.glob("*.md")) if p.stem != "README"}


def _tree_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


def fingerprint(paths: Sequence[Path]) -> str:
    """A hash of the names and bytes of every file under ``paths`` (files or directories).

    A missing path hashes as missing, so creating it changes the fingerprint.
    """
    h = hashlib.sha256()
    for index, root in enumerate(paths):
        kind = "dir" if root.is_dir() else "file" if root.is_file() else "-"
        h.update(f"\0root{index}:{kind}".encode())
        for file in _tree_files(root):
            rel = file.relative_to(root).as_posix() if root.is_dir() else file.name
            h.update(f"\0{rel}\0".encode())
            h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


def read_tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` by relative POSIX path (the static assets)."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in _tree_files(directory)}


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write a file so that a reader (or a killed run) sees the old or the new bytes:
    a temp file of its own in the same directory (safe beside other processes),
    then a rename. ``durable``: fsync the file and the directory as well, so that
    the rename survives a power cut (state, reports, bundles); a cache that can be
    rebuilt (images, Kolada answers) skips the fsyncs, which cost more than the
    write itself on 35 000 images. The project's one atomic writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in ``directory`` durable (where the OS supports it)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def swap(new: Path, live: Path, keep: Path | None = None) -> None:
    """Replace ``live`` by ``new`` with two renames; the old tree is removed afterwards,
    or moved to ``keep`` (a third rename, after the new tree is live) when given."""
    old = live.parent / f".{live.name}.old-{os.getpid()}"
    if live.exists():
        os.replace(live, old)
    os.replace(new, live)
    fsync_dir(live.parent)  # both renames survive a crash before the old tree goes
    if old.exists() and keep is not None:
        try:
            if keep.exists():
                shutil.rmtree(keep)
            keep.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, keep)
        except OSError:  # another file system: removed below
            pass
    if old.exists():
        shutil.rmtree(old)
    log.info("site swapped into %s", live)
