"""Static chart images, rendered server-side with vl-convert.

This is shell code: it starts worker processes and writes a cache on disk.
Rendering is CPU-bound JavaScript inside vl-convert, so threads do not help;
two processes use this machine's two cores. Images are named by a hash of what
they show (figures.static_hash), so an unchanged chart is never rendered twice:
a nightly build only renders the charts whose data changed.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from insyn import inputs
from insyn.build import svgtrim
from insyn.write import answerchart, charts, linechart, overviewchart
from insyn.write.charts import Job

log = logging.getLogger(__name__)


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


#: Bumped when the renderer's output changes for the same spec (a new SVG trim, a new
#: PNG palette): with the vl-convert version and the fonts it names the cache's renderer.
RENDERER_VERSION = "6"


def renderer_tag() -> str:
    """What the bytes of a cached image depend on besides its spec: this module's way
    of rendering, the vl-convert version (Vega, Vega-Lite, resvg) and the fonts."""
    from importlib import metadata

    try:
        version = metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
        version = "-"
    return f"renderer={RENDERER_VERSION};vl-convert={version};font={charts.FONT}"


#: A stand-in for a string of a spec while it is compiled: compiling does not look at
#: titles or scale domains, it only copies them, so one compiled Vega spec serves every
#: chart of the same shape (same kind, decimals, number of lines and series, styles).
_MARK = "\ue000"
_TOKEN = _MARK + "insyn:{}" + _MARK
_WHOLE_TOKEN = re.compile(f'"{_MARK}insyn:[0-9]+{_MARK}"')


def _skeleton(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Any], list[dict[str, Any]]]:
    """The spec with its data removed and its texts replaced by tokens; the texts by token
    number, and the data rows.

    What is replaced: the title and subtitle lines and the string values of scale domains
    (series names, answer labels). Numbers stay (widths, year domains): they can change
    the compiled layout. The data rows go into the compiled spec afterwards.
    """
    out = json.loads(json.dumps(spec))
    texts: list[Any] = []
    index: dict[str, int] = {}

    def token(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if value not in index:
            index[value] = len(texts)
            texts.append(value)
        return _TOKEN.format(index[value])

    title = out.get("title")
    if isinstance(title, dict):
        for key in ("text", "subtitle"):
            lines = title.get(key)
            if isinstance(lines, list):
                title[key] = [token(line) for line in lines]
            elif isinstance(lines, str):
                title[key] = token(lines)
    for part in [out, *out.get("layer", [])]:
        for enc in part.get("encoding", {}).values():
            scale = enc.get("scale") if isinstance(enc, dict) else None
            if isinstance(scale, dict) and isinstance(scale.get("domain"), list):
                scale["domain"] = [token(v) for v in scale["domain"]]
    rows = out.get("datasets", {}).get("data")
    if rows is not None:
        out["datasets"]["data"] = []
    return out, texts, rows or []


def _fill(node: Any, texts: Sequence[Any]) -> Any:
    """The compiled skeleton with every token replaced by its text."""
    if isinstance(node, str):
        if node.startswith(_MARK) and node.endswith(_MARK):
            return texts[int(node[len(_MARK) + 6 : -1])]
        return node
    if isinstance(node, list):
        return [_fill(v, texts) for v in node]
    if isinstance(node, dict):
        return {k: _fill(v, texts) for k, v in node.items()}
    return node


#: Encodings only a live chart uses: an image shows no tooltip, and slim_svg drops the
#: ARIA descriptions, which Vega builds as a string per point (a third of a chart's time)
_INTERACTIVE = frozenset({"tooltip", "description"})


def _without_interaction(node: Any) -> Any:
    """A compiled Vega spec without its tooltip and description encodings: the image is
    pixel for pixel the same (slim_svg removed what they wrote), drawn a quarter faster."""
    if isinstance(node, dict):
        return {
            k: _without_interaction(v)
            for k, v in node.items()
            if not (k in _INTERACTIVE and isinstance(v, dict))
        }
    if isinstance(node, list):
        return [_without_interaction(v) for v in node]
    return node


class Renderer:
    """One warm vl-convert converter (one per process) with the Vega-Lite specs it
    has compiled to Vega, by skeleton: a chart kind is compiled once, not per chart."""

    def __init__(self) -> None:
        self.compiled: dict[str, str] = {}

    def vega(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The Vega spec of a Vega-Lite spec, compiled once per skeleton."""
        import vl_convert as vlc

        skeleton, texts, rows = _skeleton(spec)
        key = json.dumps(skeleton, sort_keys=True, ensure_ascii=False)
        compiled = self.compiled.get(key)
        if compiled is None:
            bare = _without_interaction(vlc.vegalite_to_vega(skeleton))
            compiled = json.dumps(bare, ensure_ascii=False)
            # a token inside a longer string (an expression naming a text) cannot be
            # filled in: such a skeleton is compiled chart by chart
            if 2 * len(_WHOLE_TOKEN.findall(compiled)) != compiled.count(_MARK):
                compiled = ""
            self.compiled[key] = compiled
        if not compiled:
            return dict(_without_interaction(vlc.vegalite_to_vega(spec)))
        vega: dict[str, Any] = _fill(json.loads(compiled), texts)
        for data in vega.get("data", []):
            if data.get("name") == "data" and "values" in data:
                data["values"] = rows
        return vega

    def render(self, job: Job) -> bytes:
        import vl_convert as vlc

        spec = charts.Chart(template=job.template, patch=job.patch).spec()
        if job.static:
            spec = charts.for_static(spec)
        drawer = next((d for d in DRAWERS if d.drawable(spec)), None)
        if drawer is not None:
            drawn = drawer.svg(spec)
            if job.fmt == "svg":
                return drawn.encode("utf-8")
            return quantize_png(bytes(vlc.svg_to_png(drawn, scale=1.0)))
        vega = self.vega(spec)
        if job.fmt == "svg":
            return slim_svg(vlc.vega_to_svg(vega)).encode("utf-8")
        return quantize_png(bytes(vlc.vega_to_png(vega, scale=1.0)))


#: the chart kinds drawn here without Vega, in a tenth to a fiftieth of its time (issue
#: 16): a line over the years, an answer per year, a kommun's overview of its areas;
#: each module's drawable(spec) says whether a spec is its kind
DRAWERS = (linechart, answerchart, overviewchart)

_RENDERER: Renderer | None = None


def _render(job: Job) -> tuple[str, bytes]:
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer()
    return job.filename, _RENDERER.render(job)


#: Colours in a share PNG: a chart has few, plus the shades of anti-aliased edges.
PNG_COLOURS = 64


def quantize_png(data: bytes) -> bytes:
    """A chart has few colours: a 64-colour palette keeps it crisp at a seventh of the size.

    The palette is the image's 64 most frequent colours (the background, the text and
    line colours exactly; the other shades of anti-aliasing go to the nearest of them),
    which looks as a median-cut palette does at a tenth of its cost; zlib level 3, which
    writes a share image in 2,2 ms against level 6's 4,9 for 24 % more bytes (some 13 MB
    over 2 700 images; level 9 takes 32 ms for 6 % less): the first build with images
    must stay within three times the build without (issue 16).
    """
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
    colours = rgb.getcolors(1 << 16)
    if colours is None:  # a photograph would have more: the general method
        small = rgb.quantize(PNG_COLOURS, method=Image.Quantize.MEDIANCUT)
    else:
        top = sorted(colours, key=lambda c: (-c[0], c[1]))[:PNG_COLOURS]
        flat = [int(v) for _, colour in top for v in colour]  # type: ignore[attr-defined]
        palette = Image.new("P", (1, 1))
        palette.putpalette(flat + flat[:3] * (256 - len(top)))
        small = rgb.quantize(palette=palette, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, "PNG", compress_level=3)
    return out.getvalue()


def _render_into(args: tuple[Job, str]) -> str:
    job, cache_dir = args
    name, data = _render(job)
    inputs.write_atomic(Path(cache_dir) / name, data, durable=False)
    return name


def check_renderer(cache_dir: Path) -> None:
    """Empty the cache when it was filled by another renderer (a new vl-convert, new
    fonts, a new trim): an image's name hashes its spec, not how it was drawn. The tag
    is kept beside the cache directory, not in it (the directory holds images only)."""
    tag_file = cache_dir.with_name(f"{cache_dir.name}.renderer")
    tag = renderer_tag()
    try:
        if tag_file.read_text(encoding="utf-8") == tag:
            return
    except OSError:
        pass
    if cache_dir.is_dir():
        for path in cache_dir.iterdir():
            path.unlink(missing_ok=True)
        log.info("bilder: ny renderare (%s), cachen tömd", tag)
    tag_file.parent.mkdir(parents=True, exist_ok=True)
    tag_file.write_text(tag, encoding="utf-8")


#: About what one image costs to render (seconds, measured on the real default): a share
#: PNG is rasterised and quantised, an SVG of the kinds drawn here is written as text.
RENDER_SECONDS = {"png": 0.04, "svg": 0.005}
#: Below this much work the images are rendered in the build's own process: starting
#: the processes of a pool, each importing the renderer, cost more than the night's
#: sixty-odd new images themselves (issue 16).
IN_PROCESS_SECONDS = 1.0


def in_process(jobs: Sequence[Job]) -> bool:
    """Whether so few images are to be drawn that a pool would cost more than it saves."""
    return sum(RENDER_SECONDS.get(job.fmt, 0.05) for job in jobs) < IN_PROCESS_SECONDS


def render_missing(
    jobs: Iterable[Job],
    cache_dir: Path,
    processes: int = 2,
    progress: Callable[[int], object] | None = None,
) -> tuple[list[str], int]:
    """Render every job not yet in the cache; returns the file names it rendered, and
    how many it found in the cache.

    Each worker process keeps one warm converter and its compiled specs (``Renderer``);
    the jobs go out in sorted order and each writes its own file, so the result does
    not depend on how many processes drew it.
    """
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    check_renderer(cache_dir)
    unique = {job.filename: job for job in jobs}
    todo = [job for name, job in sorted(unique.items()) if not (cache_dir / name).exists()]
    reused = len(unique) - len(todo)
    drawn = [job.filename for job in todo]
    if not todo:
        return drawn, reused
    if processes <= 1 or in_process(todo):
        for job in todo:
            _render_into((job, str(cache_dir)))
            if progress:
                progress(1)
        return drawn, reused
    # spawn, not fork: vl-convert runs a JavaScript engine with threads of its own.
    # Jobs of one template go together (sorted by it), so each worker compiles few skeletons.
    todo.sort(key=lambda j: (j.template, j.fmt, j.name))
    ctx = mp.get_context("spawn")
    # a spawned worker starts without the chart templates the build has: given them, it
    # neither imports altair nor builds one (half a second a worker, issue 16)
    templates = {n: data.decode("utf-8") for n, data in charts.template_files().items()}
    with ctx.Pool(processes, initializer=charts.use_templates, initargs=(templates,)) as pool:
        for _ in pool.imap_unordered(
            _render_into, [(j, str(cache_dir)) for j in todo], chunksize=16
        ):
            if progress:
                progress(1)
    return drawn, reused


def vega_bundle(cache_dir: Path | None = None) -> bytes:
    """Vega, Vega-Lite and vega-embed in one file, from the pinned vl-convert package:
    served from the site itself, never from a CDN.

    Making it takes about two seconds; with ``cache_dir`` it is kept there, named by the
    vl-convert version (all it depends on), and a rebuild reads it.
    """
    from importlib import metadata

    version = metadata.version("vl-convert-python")
    cached = Path(cache_dir) / f"vega-bundle-{version}.js" if cache_dir is not None else None
    if cached is not None:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    import vl_convert as vlc

    # the default snippet sets vegaEmbed, vegaLite and vega on window
    data = vlc.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]  # stub says required
    if cached is not None:
        inputs.write_atomic(cached, data, durable=False)
    return data
