"""Static chart images, rendered server-side with vl-convert.

This is shell code: it starts worker processes and writes a cache on disk.
Rendering is CPU-bound JavaScript inside vl-convert, so threads do not help;
two processes use this machine's two cores. Images are named by a hash of what
they show (figures.static_hash), so an unchanged chart is never rendered twice:
a nightly build only renders the charts whose data changed.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import charts, svgtrim

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One image to render: its name, format and the chart it shows."""

    name: str  # content hash
    fmt: str  # "svg" | "png"
    template: str
    patch: Any
    static: bool = True  # the no-JS variant (no point marks)

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.fmt}"


_SVG_DROP = re.compile(r'\s(?:aria-[a-z]+|role|class|pointer-events)="[^"]*"')
_SVG_EMPTY = re.compile(r'<path d="M0,0h0v0h0Z"[^>]*/>|<path d=""[^>]*display="none"/>')
_SVG_DECIMALS = re.compile(r"(\d+\.\d)\d+")


def slim_svg(svg: str) -> str:
    """Drop what an <img> never uses (ARIA inside the image, classes, empty paths) and
    round coordinates to a tenth of a pixel: the file roughly halves."""
    svg = _SVG_DROP.sub("", svg)
    svg = _SVG_EMPTY.sub("", svg)
    # issue 16 (size): the markup Vega repeats goes too (svgtrim.py; the picture is unchanged)
    return svgtrim.trim(_SVG_DECIMALS.sub(r"\1", svg))


def _render(job: Job) -> tuple[str, bytes]:
    import vl_convert as vlc

    spec = charts.Chart(template=job.template, patch=job.patch).spec()
    if job.static:
        spec = charts.for_static(spec)
    if job.fmt == "svg":
        return job.filename, slim_svg(vlc.vegalite_to_svg(spec)).encode("utf-8")
    return job.filename, quantize_png(bytes(vlc.vegalite_to_png(spec, scale=1.0)))


def quantize_png(data: bytes) -> bytes:
    """A chart has few colours: a 64-colour palette keeps it crisp at a seventh of the size."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB").quantize(64, method=Image.Quantize.MEDIANCUT)
        out = io.BytesIO()
        small.save(out, "PNG", optimize=True)
    return out.getvalue()


def _render_into(args: tuple[Job, str]) -> str:
    job, cache_dir = args
    name, data = _render(job)
    target = Path(cache_dir) / name
    tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return name


def render_missing(
    jobs: Iterable[Job],
    cache_dir: Path,
    processes: int = 2,
    progress: Callable[[int], object] | None = None,
) -> tuple[int, int]:
    """Render every job not yet in the cache; returns (rendered, reused)."""
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    unique = {job.filename: job for job in jobs}
    todo = [job for name, job in sorted(unique.items()) if not (cache_dir / name).exists()]
    reused = len(unique) - len(todo)
    if not todo:
        return 0, reused
    if processes <= 1 or len(todo) < 8:
        for job in todo:
            _render_into((job, str(cache_dir)))
            if progress:
                progress(1)
        return len(todo), reused
    # spawn, not fork: vl-convert runs a JavaScript engine with threads of its own
    ctx = mp.get_context("spawn")
    with ctx.Pool(processes) as pool:
        for _ in pool.imap_unordered(
            _render_into, [(j, str(cache_dir)) for j in todo], chunksize=16
        ):
            if progress:
                progress(1)
    return len(todo), reused


def vega_bundle() -> bytes:
    """Vega, Vega-Lite and vega-embed in one file, from the pinned vl-convert package:
    served from the site itself, never from a CDN."""
    import vl_convert as vlc

    # the default snippet sets vegaEmbed, vegaLite and vega on window
    return vlc.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]  # stub says required
