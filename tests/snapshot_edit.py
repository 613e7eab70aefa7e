"""A copy of a snapshot with some values changed (tests and the benchmark).

Rewrites observations.csv row by row and puts its new sha256 into the copy's
manifest.json, so the copy loads as a valid snapshot whose data differs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path


def edited_copy(source: Path, dest: Path, edit: Callable[[list[list[str]]], int]) -> int:
    """Copy ``source`` to ``dest``; ``edit`` changes the rows (the cells of every line after
    the header: kpi, municipality, year, gender, value, status) in place and returns how
    many it changed, which is returned."""
    shutil.copytree(source, dest)
    lines = (dest / "observations.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    changed = edit(rows)
    data = "".join(f"{line}\n" for line in [lines[0], *(",".join(r) for r in rows)])
    (dest / "observations.csv").write_bytes(data.encode("utf-8"))
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["observations.csv"] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return changed
