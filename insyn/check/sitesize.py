"""The size of a built site, by kind of file, against a limit (issue 16).

GitHub Pages publishes a site of at most 1 GB, and an artifact that is too large
fails only at deploy time. So every build adds up the sizes of the files it is
about to swap in, its manifest included (the build knows them: no file is read
again), and compares the sum with ``size.max_mb`` in config.yaml: from
``size.warn_share`` of the limit it warns, over the limit it stops, each time in
one line that names the kinds of files that weigh most, so that the one who
reads it knows where to cut.

Pure functions: the build (assemble.py) calls :func:`check` and raises or warns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from insyn.check.pagechecks import OutputError
from insyn.write import sv

#: How many of the heaviest kinds a message names.
NAMED = 3


class SiteTooLarge(OutputError):
    """The site is larger than ``size.max_mb``: the build stops (one line, exit 1)."""


@dataclass(frozen=True)
class Kind:
    name: str  # Swedish, as the messages show it
    bytes: int
    files: int


@dataclass(frozen=True)
class Verdict:
    total: int
    limit: int
    kinds: tuple[Kind, ...]  # heaviest first
    level: str  # "ok" | "near" | "over"
    message: str  # one line, Swedish; empty when level is "ok"


def kind_of(path: str) -> str:
    """The kind of a site file, as the size messages name it."""
    name = path.rsplit("/", 1)[-1]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "html":
        return "inbäddningar (HTML)" if path.startswith("embed/") else "sidor (HTML)"
    if name == "oembed.json":
        return "oEmbed (JSON)"
    if name == "diagram.json":
        return "diagramdata (JSON)"
    if ext in ("svg", "png"):
        return f"bilder ({ext.upper()})"
    return ext.upper() if ext else "utan ändelse"


def by_kind(sizes: Mapping[str, int]) -> tuple[Kind, ...]:
    """Bytes and files per kind, heaviest first (ties by name: the same every time)."""
    totals: dict[str, list[int]] = {}
    for path, size in sizes.items():
        entry = totals.setdefault(kind_of(path), [0, 0])
        entry[0] += size
        entry[1] += 1
    kinds = [Kind(name, b, n) for name, (b, n) in totals.items()]
    return tuple(sorted(kinds, key=lambda k: (-k.bytes, k.name)))


def mb(n: int) -> str:
    """Bytes as whole megabytes (10⁶ bytes, as GitHub counts its 1 GB), Swedish digits."""
    return f"{sv.format_number(round(n / 1e6))} MB"


def check(sizes: Mapping[str, int], max_mb: float, warn_share: float) -> Verdict:
    """Compare the site's total with the limit; the message names the heaviest kinds."""
    total = sum(sizes.values())
    limit = int(max_mb * 1_000_000)
    kinds = by_kind(sizes)
    heaviest = ", ".join(
        f"{k.name} {mb(k.bytes)} ({sv.format_number(k.files)} filer)"
        for k in kinds[:NAMED]
        if k.bytes
    )
    share = total / limit if limit else 1.0
    if total > limit:
        level = "over"
        message = (
            f"webbplatsen är {mb(total)}, över gränsen {mb(limit)} (size.max_mb i config.yaml); "
            f"störst: {heaviest}"
        )
    elif share >= warn_share:
        level = "near"
        message = (
            f"webbplatsen är {mb(total)}, {round(share * 100)} % av gränsen {mb(limit)} "
            f"(size.max_mb); störst: {heaviest}"
        )
    else:
        level, message = "ok", ""
    return Verdict(total, limit, kinds, level, message)


def report_lines(sizes: Mapping[str, int]) -> list[str]:
    """The size by kind of file, one line each, then the total (for logs and the bench)."""
    kinds = by_kind(sizes)
    width = max((len(k.name) for k in kinds), default=0)
    lines = [f"{k.name:<{width}}  {k.bytes / 1e6:9.1f} MB  {k.files:7d} filer" for k in kinds]
    total = sum(k.bytes for k in kinds)
    count = sum(k.files for k in kinds)
    lines.append(f"{'totalt':<{width}}  {total / 1e6:9.1f} MB  {count:7d} filer")
    return lines
