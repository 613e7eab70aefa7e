"""Each kommun × area's figures between builds, by indicator key (issue 16).

A one-kommun night moves other kommuner's places on an indicator or two, so their
kommun × area pages are built again; the figures of their other indicators, about five
in six of those a night builds, are the same as the night before. They are kept here,
one file per kommun × area, each indicator's figures beside the key they were made
from (the indicator's facts and every value its figures read: figures.figure_inputs), and
read back instead of computed while the key holds.

JSON, not pickle: the cache is a file a build reads, and it must never run code. A file
that does not parse, or holds what no figure is, is a miss (the figures are computed and
the file written anew), never an error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from insyn import inputs
from insyn.write.figures import Shown, shown_from_data, shown_to_data

log = logging.getLogger(__name__)

#: Bump when the files change shape: older files are then misses.
FORMAT = "insyn-figures 2"


def encode(shown: Sequence[Shown]) -> str:
    """One indicator's figures as one line of JSON."""
    return json.dumps(
        shown_to_data(shown), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def decode(line: str) -> tuple[Shown, ...]:
    """The figures :func:`encode` wrote; ValueError for anything else."""
    return shown_from_data(json.loads(line))


class Kept(NamedTuple):
    """What a cache file holds of one kommun × area."""

    #: per indicator, the key and the encoded figures (the last line for it wins)
    entries: dict[str, tuple[str, str]]
    #: the file's lines after its head, 0 when there is no file of this format
    lines: int = 0


class FigureCache:
    """``<root>/<kommun slug>/<area slug>.txt``: a first line naming the format, then a
    line per indicator: its id, the key its figures were made from, and the figures as
    JSON (encode), separated by tabs. A night that computed an indicator's figures anew
    appends its line, and the last line of an indicator is the one that counts: writing
    a whole file for the one indicator of eight that changed cost more than the figures
    it kept. A file grown to twice its indicators is written anew, whole. A line cut
    short (a run killed while it wrote) does not decode and is computed again. Each
    worker reads and writes the files of its own kommuner only, so no two processes
    write one file."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, gid: str) -> Path:
        slug, area = gid.split("/")
        return self.root / slug / f"{area}.txt"

    def load(self, gid: str) -> Kept:
        """What is kept of one kommun × area (``slug/area``); nothing when the file is
        missing or not of this format."""
        path = self._path(gid)
        try:
            head, *lines = path.read_text(encoding="utf-8").split("\n")
        except FileNotFoundError:
            return Kept({})
        except (OSError, ValueError) as exc:
            log.debug("%s: figures not read (%s); computed anew", path, exc)
            return Kept({})
        if head != FORMAT:
            return Kept({})
        out = {}
        for line in lines:
            parts = line.split("\t", 2)
            if len(parts) == 3:
                out[parts[0]] = (parts[1], parts[2])
        return Kept(out, len(lines))

    def save(self, gid: str, entries: Mapping[str, tuple[str, str]], kept: Kept) -> None:
        """Keep one kommun × area's figures (key and encoded figures per indicator):
        the lines that changed since ``kept`` appended, or the whole file written anew."""
        new = [(ind, e) for ind, e in sorted(entries.items()) if kept.entries.get(ind) != e]
        if not new and set(kept.entries) == set(entries):
            return
        path = self._path(gid)
        lines = [f"{ind}\t{key}\t{line}" for ind, (key, line) in new]
        whole = (
            not kept.lines
            or not set(kept.entries) <= set(entries)
            or kept.lines + len(lines) > 2 * len(entries)
        )
        try:
            if whole:
                lines = [f"{ind}\t{key}\t{line}" for ind, (key, line) in sorted(entries.items())]
                inputs.write_atomic(
                    path, "\n".join([FORMAT, *lines]).encode("utf-8"), durable=False
                )
            else:
                with path.open("a", encoding="utf-8") as fh:
                    fh.write("".join(f"\n{line}" for line in lines))
        except OSError as exc:  # a full disk costs the next build time, nothing more
            log.debug("%s: figures not kept (%s)", path, exc)
