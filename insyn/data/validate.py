"""Checks that a loaded snapshot fits this config.

A snapshot is a faithful copy of what Kolada served, so the size of a value
never fails a fetch, an import or a build: a value outside its plausible range
is quarantined instead (insyn/data/quarantine.py) and the gates decide whether
too many were. What still stops is a configured KPI without metadata: the pages
cannot name or describe an indicator the snapshot knows nothing about.
"""

from __future__ import annotations

from insyn.config import Config
from insyn.data.model import Snapshot
from insyn.errors import UserError


class DataError(UserError, ValueError):
    """The snapshot does not fit the config; names the snapshot and the KPIs."""


def check_snapshot(snapshot: Snapshot, config: Config) -> None:
    """Raise DataError for a configured Kolada KPI the snapshot has no metadata for."""
    missing = missing_kpis(snapshot, config)
    if missing:
        raise DataError(
            f"snapshot {snapshot.path}: no metadata for indicator {', '.join(missing)} "
            "(not fetched, or removed from Kolada)"
        )


def missing_kpis(snapshot: Snapshot, config: Config) -> list[str]:
    """Configured Kolada KPIs without metadata in the snapshot."""
    # custom indicators (data/extra) are described by config.yaml, not by the snapshot
    return [i.id for i in config.indicators if i.is_kolada and i.id not in snapshot.kpis]
