"""The build: from the inputs to a checked site tree, incrementally and in parallel.

Part of the imperative shell, with cli.py: it reads inputs through insyn.inputs and
insyn.data.snapshot, calls the pure core (analyse/, write/, site/, check/) and writes
through build/write.py. Its own modules: ``assemble`` (the work of a build that is
not a no-op), ``images`` and ``svgtrim`` (static images and their cache), ``write``
(staging, swap, manifest, run state), ``lock`` (one run at a time), ``options``,
``collector`` (Python's cycle collector kept out of the build's way).

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
(check/pagechecks.py) where it is rendered; the links are resolved at the end, and only
a tree without problems is swapped in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from insyn import inputs
from insyn.build import write
from insyn.build.options import LIBRARIES, PACKAGE, Options, Result, version
from insyn.config import Config
from insyn.data import snapshot
from insyn.write import sv

if TYPE_CHECKING:
    from insyn.data.changes import Revision

log = logging.getLogger(__name__)

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
    h.update(inputs.fingerprint(paths).encode())
    for lib in LIBRARIES:
        h.update(f"{lib}={version(lib)};".encode())
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


# ------------------------------------------------------------------ the build


def build(options: Options) -> Result:
    """Build the site into ``options.out``; raises on bad input or failed checks."""
    started = time.perf_counter()
    config = inputs.read_config(options.config_path)
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
    from insyn.build import assemble, collector

    with collector.paused():
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
    yield (
        f"Jämfört med förra webbplatsen: {result.changed} ändrade, {result.added} nya och "
        f"{result.removed} borttagna filer."
    )
    for notice in result.notices:
        yield f"Varning: {notice['message']}"
