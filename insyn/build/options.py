"""What a build is asked to do (Options) and what it did (Result), and the
libraries whose versions enter its fingerprint.

A leaf module: build/__init__.py (the entry) and build/assemble.py (the work) both use these,
and neither imports the other's internals (issue 15: assemble imported a private
name back from build, a cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from insyn.data.changes import Revision
    from insyn.data.model import Snapshot

PACKAGE = Path(__file__).resolve().parent.parent  # insyn/
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
    #: files whose bytes differ from the live site's, files it lacked, files it loses
    changed: int = 0
    added: int = 0
    removed: int = 0
    groups_reused: int = 0
    groups_built: int = 0
    images_rendered: int = 0
    #: inside the groups built: parts kept (embed pages, downloads), and the indicators
    #: whose figures were read from the figure cache or drawn
    parts_kept: int = 0
    figures_kept: int = 0
    figures_drawn: int = 0
    #: what the operator should know about the press texts (corrections.Notice as dicts)
    notices: list[dict[str, str]] = field(default_factory=list)
    #: kpi -> [digest of its values, ISO day they were first fetched] (corrections.carry_dates)
    data_dates: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


def version(lib: str) -> str:
    """The installed version of ``lib`` ("-" when it is not installed)."""
    try:
        return metadata.version(lib)
    except metadata.PackageNotFoundError:
        return "-"
