"""The build: from the inputs to a checked site tree, incrementally and in parallel.

Part of the imperative shell, with cli.py: it reads inputs through snapshot.py,
calls the pure core (analysis, text, figures, pages, render, feeds, downloads,
checks) and writes through write.py.

Three ways work is saved:

- **No-op**: a fingerprint of every input (code, config, templates, static
  files, content, reference tables, snapshot, data/extra, options, build date)
  is kept in the site's ``manifest.json``. When it matches and the tree is
  intact, nothing is read further and no file is touched.
- **Groups**: the pages, embeds, downloads and images of one kommun × area are
  a group whose key hashes what they are made of (the observations of the
  area's KPIs, the build settings, everything but the dates that they do not
  show). A group whose key is unchanged is carried over from the live site
  without computing its charts or rendering its pages.
- **Files**: every other file is rendered and hashed; one whose hash matches
  the manifest becomes a hard link to the live file instead of a new write.

Work is split by kommun over forked worker processes (``--jobs``); the pages
that span kommuner (start, områden, län, feeds, sitemap, downloads of the whole
snapshot) are made in the main process afterwards. Every page is checked
(checks.py) where it is rendered; the links are resolved at the end, and only
a tree without problems is swapped in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import snapshot, sv, write
from .config import Config

if TYPE_CHECKING:
    from .changes import Revision
    from .model import Snapshot

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
#: Libraries whose version changes what a build writes.
LIBRARIES = ("altair", "jinja2", "markdown", "pandas", "vl-convert-python", "pillow")


@dataclass(frozen=True)
class Options:
    root: Path
    config_path: Path
    out: Path
    snapshot: Path | None = None
    only: str | None = None
    images: bool = True
    jobs: int = 2
    progress: bool = True
    build_time: datetime | None = None
    #: The public changelog entries (state/changelog.json plus this run's), newest last.
    changelog: tuple[dict[str, Any], ...] = ()
    #: The snapshot, when the caller has loaded it already (with data/extra/ merged):
    #: a nightly run reads it for the gates and the build need not read it again.
    loaded: Snapshot | None = field(default=None, compare=False, repr=False)
    #: The values revised since the snapshot behind the last publish (changes.compare),
    #: for the press texts' correction lines; None: no previous snapshot (no corrections).
    revisions: tuple[Revision, ...] | None = field(default=None, compare=False, repr=False)
    #: The last publish's days of the KPIs' values (Result.data_dates, kept in the state's
    #: published.json): a KPI whose values are unchanged keeps its day in the datelines.
    data_dates: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass
class Result:
    site_dir: Path
    snapshot_path: Path
    source: str
    noop: bool = False
    pages: int = 0
    embeds: int = 0
    files: int = 0
    written: int = 0
    linked: int = 0
    groups_reused: int = 0
    groups_built: int = 0
    images_rendered: int = 0
    #: what the operator should know about the press texts (corrections.Notice as dicts)
    notices: list[dict[str, str]] = field(default_factory=list)
    #: kpi -> [digest of its values, ISO day they were first fetched] (corrections.carry_dates)
    data_dates: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


# ------------------------------------------------------------------ fingerprints


def input_fingerprint(options: Options, config: Config, snapshot_path: Path, when: datetime) -> str:
    """A hash of every input a build reads: equal fingerprints give equal sites."""
    root = options.root
    paths = [
        PACKAGE,
        root / "templates",
        root / "static",
        root / "content",
        root / "data" / "reference",
        root / "data" / config.sources.extra_dir,
        snapshot_path,
        options.config_path,
    ]
    if config.templates_override:
        paths.append(root / config.templates_override)
    h = hashlib.sha256()
    h.update(snapshot.fingerprint(paths).encode())
    for lib in LIBRARIES:
        h.update(f"{lib}={_version(lib)};".encode())
    h.update(f"only={options.only};images={options.images};".encode())
    h.update(json.dumps(options.changelog, sort_keys=True, ensure_ascii=False).encode())
    h.update(revisions_digest(options.revisions).encode())
    h.update(json.dumps(options.data_dates, sort_keys=True).encode())
    h.update(f"date={sv.format_date(when.date())};{when:%Y-%m-%d}".encode())
    return h.hexdigest()


def revisions_digest(revisions: Iterable[Revision] | None) -> str:
    """A hash of the revised values a build's corrections read ("none": no previous)."""
    if revisions is None:
        return "revisions=none;"
    h = hashlib.sha256()
    for r in sorted(revisions, key=lambda r: (r.kpi, r.municipality, r.year, r.gender)):
        h.update(f"{r.kpi},{r.municipality},{r.year},{r.gender},{r.old!r},{r.new!r};".encode())
    return f"revisions={h.hexdigest()};"


def _version(lib: str) -> str:
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "-"


# ------------------------------------------------------------------ the build


def build(options: Options) -> Result:
    """Build the site into ``options.out``; raises on bad input or failed checks."""
    started = time.perf_counter()
    config = snapshot.read_config(options.config_path)
    snap_path = options.snapshot or snapshot.newest_snapshot(options.root / "data")
    when = options.build_time or datetime.now().astimezone()
    fingerprint = input_fingerprint(options, config, snap_path, when)
    result = Result(options.out, snap_path, "")
    write.clean_stale(options.out)  # also before a no-op build: a kill leaves trees
    noop = write.unchanged_site(options.out, fingerprint)
    if noop is not None:
        result.noop = True
        result.files, info = noop
        result.source = str(info.get("source", ""))
        result.pages, result.embeds = info.get("pages", 0), info.get("embeds", 0)
        result.notices = list(info.get("notices", []))
        result.data_dates = dict(info.get("data_dates", {}))
        result.seconds = time.perf_counter() - started
        return result
    # imported here, not at the top: a rebuild with nothing changed needs none of the
    # analysis, charts or templates, and their imports alone take most of a second
    from . import assemble

    assemble.run(options, config, snap_path, when, fingerprint, result)
    result.seconds = time.perf_counter() - started
    return result


def describe(result: Result) -> Iterable[str]:
    """The lines the CLI prints after a build."""
    if result.noop:
        yield (
            f"Inget har ändrats sedan förra bygget: {result.site_dir} är aktuell "
            f"({result.files} filer)."
        )
        yield from (f"Varning: {n['message']}" for n in result.notices)
        return
    yield (
        f"Byggde {result.pages} sidor och {result.embeds} inbäddningar ({result.files} filer) "
        f"från {result.snapshot_path} ({result.source}) på {result.seconds:.1f} s."
    )
    yield (
        f"Skrev {result.written} filer, återanvände {result.linked} oförändrade; "
        f"{result.groups_built} kommun×område byggda, {result.groups_reused} återanvända."
    )
    for notice in result.notices:
        yield f"Varning: {notice['message']}"
