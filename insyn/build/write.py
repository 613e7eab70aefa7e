"""Writing the site: a staging directory beside the live one, swapped in at the end.

A build that fails half-way (an exception, a failed output check, a kill)
leaves the last good site untouched: nothing is written into ``site/`` itself,
and the swap is two renames.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from insyn.errors import UserError
from insyn.inputs import fsync_dir, swap, write_atomic

log = logging.getLogger(__name__)


def staging_dir(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.staging-{os.getpid()}"


def clean_stale(site_dir: Path) -> None:
    """Remove staging or old trees left behind by a killed build.

    A build killed between the two renames of :func:`swap` leaves no live site and
    the old one under ``.site.old-<pid>``: that tree is put back, never removed.
    Only names this module makes (``.site.staging-<pid>``, ``.site.old-<pid>``) are
    touched.
    """
    olds = sorted(_ours(site_dir, "old"), key=lambda p: p.stat().st_mtime)
    if not site_dir.exists() and olds:
        os.replace(olds[-1], site_dir)
        fsync_dir(site_dir.parent)
        log.warning("%s was missing after a killed build; the last site is back", site_dir)
        olds = olds[:-1]
    for stale in [*_ours(site_dir, "staging"), *olds]:
        shutil.rmtree(stale, ignore_errors=True)
        log.info("removed %s, left by a killed build", stale)


def _ours(site_dir: Path, kind: str) -> list[Path]:
    """``.site.<kind>-<pid>`` directories beside ``site_dir`` (digits only)."""
    prefix = f".{site_dir.name}.{kind}-"
    return [
        p
        for p in site_dir.parent.glob(f"{prefix}*")
        if p.is_dir() and p.name[len(prefix) :].isdigit()
    ]


# ------------------------------------------------------------------ incremental builds

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """One output file as the manifest records it."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Part:
    """A piece of a group with a key of its own, kept when the group's key changed but
    its own did not (issue 16): a one-kommun night moves another kommun's place on one
    indicator, so its page is built again, while the embed pages of its other
    indicators, its downloads and its press text's check stay as they were."""

    key: str
    #: an embed page's link targets outside the group (the group's own files are built
    #: with it); the downloads' files
    paths: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """The files one unit of work produced (a kommun × area), reused while its key holds."""

    key: str
    files: tuple[str, ...]
    links: tuple[str, ...]  # site paths its pages link to outside the group
    #: its parts by name (an embed page by its path, "downloads", "textcheck")
    parts: Mapping[str, Part] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote: every file's hash, the input fingerprint, the groups."""

    inputs: str = ""
    files: Mapping[str, Entry] = field(default_factory=dict)
    groups: Mapping[str, Group] = field(default_factory=dict)
    info: Mapping[str, Any] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """The manifest as written (a build measures it, then writes it: made once)."""
        return self._encoded

    @functools.cached_property
    def _encoded(self) -> bytes:
        doc = {
            "format": MANIFEST_FORMAT,
            "generator": "insyn",
            "inputs": self.inputs,
            "info": dict(self.info),
            "files": {p: [e.sha256, e.size] for p, e in sorted(self.files.items())},
            "groups": {
                g: {
                    "key": v.key,
                    "files": list(v.files),
                    "links": list(v.links),
                    "parts": {n: [p.key, list(p.paths)] for n, p in sorted(v.parts.items())},
                }
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
            g: Group(
                v["key"],
                tuple(v["files"]),
                tuple(v["links"]),
                {n: Part(p[0], tuple(p[1])) for n, p in v.get("parts", {}).items()},
            )
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


def spare_dir(cache_dir: Path, site_dir: Path) -> Path:
    """Where the tree that was live before the last swap is kept for the next build (see
    :class:`Stage`): in the cache, one per site directory, never beside the site."""
    name = hashlib.sha256(str(Path(site_dir).resolve()).encode()).hexdigest()[:16]
    return Path(cache_dir) / "site-spare" / name


def last_manifest(site_dir: Path, spare: Path | None) -> Manifest:
    """What the last build left to carry over: the live site's manifest, or, when the
    site directory is gone (removed by hand, or a fresh checkout with the cache kept),
    the spare tree's, whose files the stage starts from (issue 16: a whole rebuild
    with the caches kept reuses every group whose key holds)."""
    live = read_manifest(site_dir)
    if live.files or spare is None or Path(site_dir).exists():
        return live
    return read_manifest(spare)


class Stage:
    """A staging tree beside the live site, filled file by file.

    A file whose bytes hash to what the manifest of the live site records is not
    written: it becomes a hard link to the live file, so its content, inode and
    mtime stay as they were. Worker processes (forked) put files into the same
    stage; each path is put by exactly one process.

    With a ``spare`` directory (issue 16) the stage is not built from nothing: the
    tree that was live before the last swap is kept there, and the next build starts
    from it. It holds the files of the build before the last one (its own
    manifest.json says which), all but the changed ones hard links shared with the
    live site, so a build only touches the files that changed since then: a night
    where one kommun's values moved creates, links and removes a few hundred files,
    not 40 000, and no longer removes a whole old tree after the swap. A file of the
    stage is never written in place (it may share its inode with the live site): it
    is unlinked first.
    """

    def __init__(self, live: Path, old: Manifest, spare: Path | None = None) -> None:
        self.live = Path(live)
        self.root = staging_dir(self.live)
        self.old = old
        self.spare = Path(spare) if spare is not None else None
        #: the files the stage holds before this build puts any (the spare's manifest)
        self.base = Manifest()
        self._dirs: set[Path] = set()
        self.written = 0
        self.linked = 0

    def create(self) -> None:
        self.live.parent.mkdir(parents=True, exist_ok=True)
        if self.root.exists():
            shutil.rmtree(self.root)
        self.base = Manifest()
        if self.spare is not None and self.spare.is_dir():
            base = read_manifest(self.spare)
            try:
                if not base.files:
                    raise OSError("no manifest")
                os.replace(self.spare, self.root)
                self.base = base
            except OSError:  # another file system, or no manifest: start from nothing
                shutil.rmtree(self.spare, ignore_errors=True)
        if not self.root.exists():
            self.root.mkdir()
        self._dirs = {self.root}

    def _parent(self, rel: str) -> Path:
        target = self.root / rel
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def _in_base(self, rel: str, target: Path, entry: Entry) -> bool:
        """Whether the stage already holds the file as ``entry`` (from the spare)."""
        if self.base.files.get(rel) != entry:
            return False
        try:
            if target.stat().st_size != entry.size:
                return False
        except OSError:
            return False
        self.linked += 1
        return True

    def _clear(self, target: Path, rel: str) -> None:
        """Unlink the spare's file at ``target`` before a new one takes its place."""
        if rel in self.base.files:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()

    def put(self, rel: str, data: bytes) -> Entry:
        """Stage one file; link the live copy when its content is unchanged."""
        entry = Entry(sha256(data), len(data))
        target = self._parent(rel)
        if self._in_base(rel, target, entry):
            return entry
        self._clear(target, rel)
        if self.old.files.get(rel) == entry and self._link_live(rel, target, entry):
            return entry
        target.write_bytes(data)
        self.written += 1
        return entry

    def can_keep(self, paths: Iterable[str]) -> bool:
        """Whether the live site (or the spare the stage started from) still holds all of
        ``paths`` as the manifest records them."""
        for rel in paths:
            entry = self.old.files.get(rel)
            if entry is None:
                return False
            where = self.root if self.base.files.get(rel) == entry else self.live
            try:
                if (where / rel).stat().st_size != entry.size:
                    return False
            except OSError:
                return False
        return True

    def keep_all(self, paths: Sequence[str]) -> dict[str, Entry] | None:
        """Carry all of ``paths`` over from the live site, or None when it no longer
        holds one of them as the manifest records it (checked before any is carried, so
        the caller builds them instead)."""
        if not self.can_keep(paths):
            return None
        kept = {rel: self.keep(rel) for rel in paths}
        if any(entry is None for entry in kept.values()):  # gone since can_keep
            return None
        return {rel: entry for rel, entry in kept.items() if entry is not None}

    def keep(self, rel: str) -> Entry | None:
        """Carry a file of the live site over unchanged (None when it is gone)."""
        entry = self.old.files.get(rel)
        if entry is None:
            return None
        target = self._parent(rel)
        if self._in_base(rel, target, entry):
            return entry
        self._clear(target, rel)
        return entry if self._link_live(rel, target, entry) else None

    def link(self, rel: str, source: Path, entry: Entry) -> Entry:
        """Stage a cached file (a rendered image) by hard link, or copy where links fail."""
        target = self._parent(rel)
        if self._in_base(rel, target, entry):
            return entry
        self._clear(target, rel)
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

    def _drop_stale(self, manifest: Manifest) -> None:
        """Remove the spare's files this build did not stage, and their empty directories."""
        for rel in sorted(set(self.base.files) - set(manifest.files), reverse=True):
            target = self.root / rel
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            parent = target.parent
            while parent != self.root:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent

    def commit(self, manifest: Manifest) -> None:
        """Write the manifest and swap the stage in place of the live site; the tree that
        was live becomes the spare of the next build (or is removed, without a spare)."""
        self._drop_stale(manifest)
        target = self.root / MANIFEST
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        target.write_bytes(manifest.to_bytes())
        swap(self.root, self.live, keep=self.spare)
        if self.spare is not None and not self.spare.exists():
            link_tree(self.live, self.spare)


def link_tree(source: Path, dest: Path) -> None:
    """A copy of ``source`` made of hard links, its manifest linked last (a tree cut
    short has none, and the next stage ignores it). A build that swapped its stage in
    where no site was had no live tree to keep as the spare: this one is the spare, so
    that a build after ``site/`` is removed still carries its groups over. A few
    seconds for 65 000 files; where links fail (another file system) there is none."""
    try:
        for folder, _, names in os.walk(source):
            rel = Path(folder).relative_to(source)
            (dest / rel).mkdir(parents=True, exist_ok=True)
            for name in names:
                if rel != Path(".") or name != MANIFEST:
                    os.link(Path(folder) / name, dest / rel / name)
        os.link(source / MANIFEST, dest / MANIFEST)
    except OSError as exc:
        log.info("no spare tree beside %s (%s)", source, exc)
        shutil.rmtree(dest, ignore_errors=True)


# ------------------------------------------------------------------ run state
#
# The state directory (config: publish.state_dir) is what a nightly job carries
# from one run to the next: the reports, the public changelog, and what was
# last published (its snapshot and its manifest), which the gates compare with.

REPORTS = "reports"
PUBLISHED = "published.json"
PUBLISHED_MANIFEST = "published-manifest.json"
CHANGELOG = "changelog.json"
#: Reports kept in state/reports/ (the newest; about four months of nightly runs).
KEEP_REPORTS = 120


def run_id(when: datetime) -> str:
    """A sortable id for a run (its reports, its temporary trees), from its start time."""
    return when.strftime("%Y%m%dT%H%M%SZ")


def write_report(state_dir: Path, run: str, json_bytes: bytes, markdown: str) -> Path:
    """The run's report as ``reports/<run>.json|md`` and ``reports/latest.json|md``."""
    reports = Path(state_dir) / REPORTS
    md = markdown.encode("utf-8")
    for name, data in ((f"{run}.json", json_bytes), (f"{run}.md", md)):
        write_atomic(reports / name, data)
    write_atomic(reports / "latest.json", json_bytes)
    write_atomic(reports / "latest.md", md)
    runs = sorted(p for p in reports.glob("*.json") if p.name != "latest.json")
    for old in runs[:-KEEP_REPORTS]:
        old.unlink(missing_ok=True)
        old.with_suffix(".md").unlink(missing_ok=True)
    return reports / f"{run}.md"


def read_json_state(state_dir: Path, name: str, default: Any) -> Any:
    """A state file, or ``default`` when there is none; a broken one is an error."""
    path = Path(state_dir) / name
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        return default
    except ValueError as exc:
        raise StateError(f"{path}: not valid JSON ({exc}); repair or remove it") from None


class StateError(UserError, ValueError):
    """A state file (published.json, changelog.json) is unreadable."""


def read_published(state_dir: Path) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What was last published: (published.json, the files of its site manifest)."""
    published = read_json_state(state_dir, PUBLISHED, None)
    manifest = read_json_state(state_dir, PUBLISHED_MANIFEST, None)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    return published, files


def record_published(
    state_dir: Path,
    published: Mapping[str, Any],
    site_dir: Path,
    changelog: list[dict[str, Any]],
) -> None:
    """After a publish: its facts, a copy of its manifest, the changelog with its entry."""
    state_dir = Path(state_dir)
    write_atomic(state_dir / PUBLISHED_MANIFEST, (Path(site_dir) / MANIFEST).read_bytes())
    write_atomic(state_dir / CHANGELOG, _json(changelog))
    # last: published.json names the manifest copy and snapshot the gates compare with
    write_atomic(state_dir / PUBLISHED, _json(dict(published)))


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
