"""Writing the site: a staging directory beside the live one, swapped in at the end.

A build that fails half-way (an exception, a failed output check, a kill)
leaves the last good site untouched: nothing is written into ``site/`` itself,
and the swap is two renames.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def staging_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"


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


# ------------------------------------------------------------------ incremental builds

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One output file as the manifest records it."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Group:
    """The files one unit of work produced (a kommun × area), reused while its key holds."""

    key: str
    files: tuple[str, ...]
    links: tuple[str, ...]  # site paths its pages link to outside the group


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote: every file's hash, the input fingerprint, the groups."""

    inputs: str = ""
    files: Mapping[str, Entry] = field(default_factory=dict)
    groups: Mapping[str, Group] = field(default_factory=dict)
    info: Mapping[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        doc = {
            "format": MANIFEST_FORMAT,
            "generator": "insyn",
            "inputs": self.inputs,
            "info": dict(self.info),
            "files": {p: [e.sha256, e.size] for p, e in sorted(self.files.items())},
            "groups": {
                g: {"key": v.key, "files": list(v.files), "links": list(v.links)}
                for g, v in sorted(self.groups.items())
            },
        }
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return (text + "\n").encode("utf-8")


def read_manifest(site_dir: Path) -> Manifest:
    """The manifest of the live site, or an empty one (first build, or unreadable)."""
    path = Path(site_dir) / MANIFEST
    try:
        doc = json.loads(path.read_bytes())
        if doc.get("format") != MANIFEST_FORMAT:
            return Manifest()
        files = {p: Entry(v[0], int(v[1])) for p, v in doc["files"].items()}
        groups = {
            g: Group(v["key"], tuple(v["files"]), tuple(v["links"]))
            for g, v in doc["groups"].items()
        }
        return Manifest(doc["inputs"], files, groups, doc.get("info", {}))
    except FileNotFoundError:
        return Manifest()
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("%s: unreadable manifest (%s); building everything anew", path, exc)
        return Manifest()


def unchanged_site(site_dir: Path, fingerprint: str) -> tuple[int, dict[str, Any]] | None:
    """(file count, info) when the live site was built from the same inputs and still
    holds every file of its manifest; None when it must be built.

    The no-op path of every build: it reads the manifest as plain JSON and stats each
    file, nothing more.
    """
    root = str(site_dir) + os.sep
    try:
        doc = json.loads(Path(root + MANIFEST).read_bytes())
        if doc.get("format") != MANIFEST_FORMAT or doc.get("inputs") != fingerprint:
            return None
        files = doc["files"]
        for rel, (_, size) in files.items():
            if os.stat(root + rel).st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (len(files), doc.get("info", {})) if files else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Stage:
    """A staging tree beside the live site, filled file by file.

    A file whose bytes hash to what the manifest of the live site records is not
    written: it becomes a hard link to the live file, so its content, inode and
    mtime stay as they were. Worker processes (forked) put files into the same
    stage; each path is put by exactly one process.
    """

    def __init__(self, live: Path, old: Manifest) -> None:
        self.live = Path(live)
        self.root = staging_dir(self.live)
        self.old = old
        self._dirs: set[Path] = set()
        self.written = 0
        self.linked = 0

    def create(self) -> None:
        self.live.parent.mkdir(parents=True, exist_ok=True)
        if self.root.exists():
            shutil.rmtree(self.root)
        self.root.mkdir()
        self._dirs = {self.root}

    def _parent(self, rel: str) -> Path:
        target = self.root / rel
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def put(self, rel: str, data: bytes) -> Entry:
        """Stage one file; link the live copy when its content is unchanged."""
        entry = Entry(sha256(data), len(data))
        target = self._parent(rel)
        if self.old.files.get(rel) == entry and self._link_live(rel, target, entry):
            return entry
        target.write_bytes(data)
        self.written += 1
        return entry

    def can_keep(self, paths: Iterable[str]) -> bool:
        """Whether the live site still holds all of ``paths`` as the manifest records them."""
        for rel in paths:
            entry = self.old.files.get(rel)
            try:
                if entry is None or (self.live / rel).stat().st_size != entry.size:
                    return False
            except OSError:
                return False
        return True

    def keep(self, rel: str) -> Entry | None:
        """Carry a file of the live site over unchanged (None when it is gone)."""
        entry = self.old.files.get(rel)
        if entry is None:
            return None
        return entry if self._link_live(rel, self._parent(rel), entry) else None

    def link(self, rel: str, source: Path, entry: Entry) -> Entry:
        """Stage a cached file (a rendered image) by hard link, or copy where links fail."""
        target = self._parent(rel)
        if self.old.files.get(rel) == entry and self._link_live(rel, target, entry):
            return entry
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        self.written += 1
        return entry

    def _link_live(self, rel: str, target: Path, entry: Entry) -> bool:
        live = self.live / rel
        try:
            if live.stat().st_size != entry.size:
                return False
            os.link(live, target)
        except OSError:
            return False
        self.linked += 1
        return True

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def commit(self, manifest: Manifest) -> None:
        """Write the manifest and swap the stage in place of the live site."""
        (self.root / MANIFEST).write_bytes(manifest.to_bytes())
        swap(self.root, self.live)
