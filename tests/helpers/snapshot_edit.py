"""A copy of a snapshot with some values changed (tests and the benchmark).

Rewrites observations.csv row by row and puts its new sha256 into the copy's
manifest.json, so the copy loads as a valid snapshot whose data differs.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path


def edited_copy(source: Path, dest: Path, edit: Callable[[list[list[str]]], int]) -> int:
    """Copy ``source`` to ``dest``; ``edit`` changes the rows (the cells of every line after
    the header: kpi, municipality, year, gender, value, status) in place and returns how
    many it changed, which is returned. observations.csv or observations.csv.gz (the
    embedded default), written back in the same form."""
    shutil.copytree(source, dest)
    name = "observations.csv" if (dest / "observations.csv").exists() else "observations.csv.gz"
    raw = (dest / name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    lines = raw.decode("utf-8").splitlines()
    rows = [line.split(",") for line in lines[1:]]
    changed = edit(rows)
    data = "".join(f"{line}\n" for line in [lines[0], *(",".join(r) for r in rows)])
    out = data.encode("utf-8")
    if name.endswith(".gz"):
        out = gzip.compress(out, mtime=0)
    (dest / name).write_bytes(out)
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = hashlib.sha256(out).hexdigest()
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return changed
