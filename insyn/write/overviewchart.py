"""The area overview drawn as SVG here: the static image of a kommun page's first chart.

Why not Vega: vl-convert takes about 30 ms for this chart (its whole dataflow for a
few stacked bars), once per kommun and night, and the chart is fixed by one template
(charts._area_overview): per area a bar of stacked counts, a band per colour, the count
written on each part, a legend of the bands below. So it is drawn here from the same
filled Vega-Lite spec, with Vega's layout rules where they show: the band scale's step
and padding, d3's nice domain and ticks (at most one per 40 px, none closer than 1),
flush end labels, labels cut with an ellipsis at the axis' labelLimit, and the image
grown to hold them (autosize "pad"). Charts of any other shape stay Vega's.

Widths decide where the plot starts and where a label is cut, so they are measured
with the metrics of Liberation Sans, the font vl-convert draws and measures with.

Pure: a spec in, SVG text out (linechart.py for the look, the ticks and the title).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from insyn.write import linechart, textwidth
from insyn.write.linechart import px
from insyn.write.textwidth import UNITS_PER_EM

#: Vega's defaults where the template leaves them: the band scale's inner and outer
#: padding (Vega-Lite's), tick size, label and title padding of an axis, the legend's
#: offset, row pitch and last row's height, its symbols' half side and label offset
PADDING_INNER = 0.1
PADDING_OUTER = 0.05
TICK = 5
LABEL_PAD = 2
TITLE_PAD = 4
LEGEND_OFFSET = 18
LEGEND_ROW = 19
LEGEND_LAST_ROW = 15
SYMBOL_HALF = 5
LABEL_OFFSET = 4
#: one x tick per this many pixels at most (Vega-Lite's tickCount: ceil(width / 40))
TICK_SPACING = 40
#: what Vega adds to the right of the plot for the x axis' line (half its pixel offset
#: and half its width, rounded up)
RIGHT_EDGE = 1
#: the legend's look in the template's config, which the constants above are measured at
LEGEND_CONFIG = {"orient": "bottom", "direction": "vertical", "symbolStrokeWidth": 3}


def label_width(text: str, size: float) -> float:
    """How wide vl-convert measures ``text`` at ``size`` px: Liberation Sans with its
    kerning (textwidth), untrimmed, as Vega measures the starts of a label it cuts.
    Where the plot starts and where a label is cut hang on it, so linechart.text_width's
    estimate (a few per cent off) serves only characters outside the table."""
    font = textwidth.REGULAR
    units = 0.0
    for i, ch in enumerate(text):
        advance = font.advance.get(ch)
        units += advance if advance is not None else linechart.text_width(ch, UNITS_PER_EM)
        units += font.kerning.get(text[i : i + 2], 0)
    return units * size / UNITS_PER_EM


def truncate(text: str, limit: float, size: float) -> str:
    """The label as Vega shows it at labelLimit ``limit``: whole if narrower, else the
    longest start that fits beside an ellipsis (vega-scenegraph's binary search)."""
    text = text.strip()
    if label_width(text, size) < limit:
        return text
    room = limit - label_width("…", size)
    lo, hi = 0, len(text)
    while lo < hi:
        mid = 1 + (lo + hi) // 2
        if label_width(text[:mid], size) < room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "…"


def _baseline(size: float, ratio: float) -> int:
    """Vega's own baseline shift (its SVG sets none): 0.79 em for top, 0.3 for middle."""
    return round(ratio * size)


def _text_height(size: float) -> float:
    """The height Vega gives a top-aligned text's bounds: its size, shifted a pixel."""
    return size + _baseline(size, 0.79) - round(0.8 * size)


@dataclass(frozen=True)
class Part:
    """One band of one area's bar: its colour and where it starts and ends."""

    area: str
    colour: str
    start: float
    stop: float
    count: Any
    end: float
    band_order: float


def drawable(spec: Mapping[str, Any]) -> bool:
    """Whether this module draws the spec: the layers of charts._area_overview (stacked
    bars by area and band, their counts as text), with the data in the spec, every band
    named in the colour scale and the template's legend. Anything else stays Vega's."""
    layers = spec.get("layer")
    if not isinstance(layers, list) or len(layers) != 2:
        return False
    marks = [part.get("mark", {}).get("type") for part in layers]
    enc = layers[0].get("encoding", {})
    text_enc = layers[1].get("encoding", {})
    scale = enc.get("color", {}).get("scale", {})
    rows = spec.get("datasets", {}).get("data")
    legend = spec.get("config", {}).get("legend", {})
    keys = ("area", "order", "band_label", "band_order", "count", "end")
    return (
        marks == ["bar", "text"]
        and enc.get("y", {}).get("field") == "area"
        # the areas in their own order (_areas), not Vega's default sum of it
        and enc.get("y", {}).get("sort", {}).get("op") == "min"
        and enc.get("x", {}).get("field") == "count"
        and enc.get("x", {}).get("stack") == "zero"
        and text_enc.get("x", {}).get("field") == "end"
        and isinstance(spec.get("width"), (int, float))
        and isinstance(spec.get("height"), Mapping)
        and isinstance(rows, list)
        and bool(rows)
        and all(isinstance(r, Mapping) and all(k in r for k in keys) for r in rows)
        and all(isinstance(r[k], (int, float)) for r in rows for k in ("order", "count", "end"))
        # counts of indicators: none below zero (Vega stacks those the other way), some above
        and all(r["count"] >= 0 for r in rows)
        and any(r["count"] > 0 for r in rows)
        and isinstance(scale.get("domain"), list)
        and len(scale.get("range", [])) >= len(scale["domain"])
        and all(r["band_label"] in scale["domain"] for r in rows)
        and all(legend.get(k) == v for k, v in LEGEND_CONFIG.items())
    )


def _areas(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The areas top to bottom as Vega sorts them: by the least of their rows' order
    (the template's sort op "min"), ties in the order the data first names them."""
    least: dict[str, float] = {}
    for row in rows:
        area = str(row["area"])
        least[area] = min(least.get(area, math.inf), float(row["order"]))
    first = {area: i for i, area in enumerate(least)}
    return sorted(least, key=lambda a: (least[a], first[a]))


def _parts(rows: Sequence[Mapping[str, Any]], colours: Mapping[str, str]) -> list[Part]:
    """Each row's part of its bar (Vega's stack: by area, in band order), in data order."""
    starts: dict[int, float] = {}
    totals: dict[str, float] = {}
    for i in sorted(range(len(rows)), key=lambda i: float(rows[i]["band_order"])):
        area = str(rows[i]["area"])
        starts[i] = totals.get(area, 0.0)
        totals[area] = starts[i] + float(rows[i]["count"])
    return [
        Part(
            area=str(row["area"]),
            colour=colours[row["band_label"]],
            start=starts[i],
            stop=starts[i] + float(row["count"]),
            count=row["count"],
            end=float(row["end"]),
            band_order=float(row["band_order"]),
        )
        for i, row in enumerate(rows)
    ]


def _ticks(top: float, width: float) -> tuple[float, list[float]]:
    """The nice end of the x domain (from zero) and its ticks: d3's ticks at Vega-Lite's
    count, ceil(width / 40), cut to the domain's span where tickMinStep 1 asks it."""
    _, stop, _ = linechart.nice_ticks(0.0, top)
    count = min(math.ceil(width / TICK_SPACING), math.floor(stop) or 1)
    _, stop, ticks = linechart.nice_ticks(0.0, top, count)
    return stop, ticks


def _count_text(value: Any) -> str:
    """A count as Vega's format(value, "") writes it (JavaScript's number to string)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def svg(spec: Mapping[str, Any]) -> str:
    """The chart as SVG text (see the module's docstring); ``drawable(spec)`` must hold."""
    look = linechart.read_look(spec)
    layers = spec["layer"]
    enc = layers[0]["encoding"]
    scale = enc["color"]["scale"]
    bands = [str(b) for b in scale["domain"]]
    colours = dict(zip(scale["domain"], (str(c) for c in scale["range"]), strict=False))
    rows = spec["datasets"]["data"]
    limit = float(enc["y"].get("axis", {}).get("labelLimit", 180))
    bar_mark = layers[0].get("mark", {})
    stroke = (str(bar_mark.get("stroke", "none")), float(bar_mark.get("strokeWidth", 0)))

    areas = _areas(rows)
    parts = _parts(rows, colours)
    labels = [truncate(a, limit, look.label_size) for a in areas]
    width = float(spec["width"])
    step = float(spec["height"].get("step", 20))
    # Vega-Lite's height for a step: d3's bandspace
    height = (len(areas) - PADDING_INNER + 2 * PADDING_OUTER) * step
    bars_end = max(p.stop for p in parts)
    stop, ticks = _ticks(max(bars_end, *(p.end for p in parts), 0.0), width)

    def x_of(value: float) -> float:
        return value / stop * width if stop else 0.0

    title = spec.get("title", {})
    title_lines = linechart.text_lines(title.get("text") if isinstance(title, Mapping) else title)
    subtitle_lines = (
        linechart.text_lines(title.get("subtitle")) if isinstance(title, Mapping) else []
    )
    # a cut label counts as wide as the limit (Vega's axis extent does)
    widest = max(
        limit if cut != a.strip() else label_width(cut, look.label_size)
        for a, cut in zip(areas, labels, strict=True)
    )
    frame = _frame(look, widest, title_lines, subtitle_lines, bands, width)
    # Vega's bounds of a stroked rectangle grow by the whole stroke width
    right = max(frame.right, math.ceil(x_of(bars_end) + stroke[1] - width))
    total_w = look.padding * 2 + frame.left + width + right
    total_h = look.padding * 2 + frame.top + height + frame.bottom

    band_top = {area: step * (i + PADDING_OUTER) for i, area in enumerate(areas)}
    bandwidth = step * (1 - PADDING_INNER)
    middle = {area: band_top[area] + bandwidth / 2 for area in areas}
    out = [
        f'<svg font-family={quoteattr(look.font)} xmlns="http://www.w3.org/2000/svg" '
        f'width="{px(total_w)}" height="{px(total_h)}" '
        f'viewBox="0 0 {px(total_w)} {px(total_h)}">',
        f'<rect width="{px(total_w)}" height="{px(total_h)}" fill="{look.background}"/>',
        f'<g fill="none" transform="translate({px(look.padding + frame.left)},'
        f'{px(look.padding + frame.top)})">',
    ]
    out += _x_axis(look, ticks, x_of, width, height, str(enc["x"].get("title", "")))
    out += _y_axis(look, labels, [middle[a] for a in areas], height)
    out += _bars(parts, x_of, band_top, bandwidth, stroke)
    out += _counts(spec, parts, x_of, middle)
    out += _legend(look, bands, colours, height + frame.axis_height + LEGEND_OFFSET, stroke[0])
    out += linechart.title_marks(look, title_lines, subtitle_lines, -frame.label_left, -frame.top)
    out.append("</g></svg>")
    return "".join(out)


@dataclass(frozen=True)
class Frame:
    """What Vega's autosize ("pad") puts around the plot, in whole pixels but where the
    labels start: the image is as big as what it holds."""

    label_left: float
    left: int
    top: int
    right: int
    bottom: float
    axis_height: float


def _frame(
    look: linechart.Look,
    widest: float,
    title: Sequence[str],
    subtitle: Sequence[str],
    bands: Sequence[str],
    width: float,
) -> Frame:
    """The margins: the y labels on the left (the title starts where the widest does,
    the plot a whole pixel on), the title above, the x axis and the legend below, and
    on the right the axis line or whatever is wider than the plot."""
    label_left = TICK + LABEL_PAD + widest
    left = math.ceil(label_left)
    title_height = linechart.title_block_height(look, title, subtitle)
    top = math.ceil(title_height + (look.title_offset if title_height else 0))
    axis_height = TICK + LABEL_PAD + 2 * _text_height(look.label_size) + TITLE_PAD
    bottom = axis_height + LEGEND_OFFSET + LEGEND_ROW * (len(bands) - 1) + LEGEND_LAST_ROW
    right = max(
        RIGHT_EDGE,
        *(math.ceil(label_width(t, look.title_size) - left - width) for t in title),
        *(math.ceil(label_width(t, look.subtitle_size) - left - width) for t in subtitle),
        *(math.ceil(_legend_x() + label_width(b, look.legend_size) - width) for b in bands),
    )
    return Frame(label_left, left, top, right, bottom, axis_height)


def _x_axis(
    look: linechart.Look,
    ticks: Sequence[float],
    x_of: Any,
    width: float,
    height: float,
    title: str,
) -> list[str]:
    """Grid, ticks, labels, domain and title of the x axis. Grid lines and ticks sit on
    whole pixels (Vega rounds them); the end labels are flush with the plot's edges.
    Labels never need thinning: ticks are 40 px apart at least, counts a few digits."""
    xs = [x_of(t) for t in ticks]
    grid = "".join(f"M{round(x)},0v-{px(height)}" for x in xs)
    marks = "".join(f"M{round(x)},0v{TICK}" for x in xs)
    size = look.label_size
    baseline = TICK + LABEL_PAD + _baseline(size, 0.79)
    out = [
        f'<g transform="translate(0.5,{px(height + 0.5)})">',
        f'<path d="{grid}" stroke="{look.grid_colour}"/>',
        *linechart.strokes(marks, f"M0,0h{px(width)}", look),
        f'<g font-size="{px(size)}px" fill="{look.label_colour}">',
    ]
    for t, x in zip(ticks, xs, strict=True):
        anchor = _flush(x, width)
        out.append(f'<text{anchor} x="{px(x)}" y="{baseline}">{_count_text(t)}</text>')
    out.append("</g>")
    if title:
        title_y = TICK + LABEL_PAD + _text_height(size) + TITLE_PAD + _baseline(size, 0.79)
        out.append(
            f'<text text-anchor="middle" x="{px(width / 2)}" y="{px(title_y)}" '
            f'font-size="{px(size)}px" font-weight="bold" fill="{look.label_colour}">'
            f"{escape(title)}</text>"
        )
    out.append("</g>")
    return out


def _flush(x: float, width: float) -> str:
    """Vega's labelFlush: a label within a pixel of an end of the axis is aligned to
    it, the others are centred on their tick."""
    lo, hi = abs(x), abs(width - x)
    if lo < hi and lo <= 1:
        return ""
    return ' text-anchor="end"' if hi <= 1 else ' text-anchor="middle"'


def _y_axis(
    look: linechart.Look, labels: Sequence[str], centres: Sequence[float], height: float
) -> list[str]:
    """Ticks, area labels (cut as Vega cuts them) and domain of the y axis."""
    size = look.label_size
    marks = "".join(f"M0,{px(y)}h-{TICK}" for y in centres)
    out = [
        '<g transform="translate(0.5,0.5)">',
        *linechart.strokes(marks, f"M0,0v{px(height)}", look),
        f'<g text-anchor="end" font-size="{px(size)}px" fill="{look.label_colour}">',
    ]
    shift = _baseline(size, 0.3) - 0.5
    out += [
        f'<text x="{-(TICK + LABEL_PAD)}" y="{px(y + shift)}">{escape(label)}</text>'
        for label, y in zip(labels, centres, strict=True)
    ]
    out.append("</g></g>")
    return out


def _bars(
    parts: Sequence[Part],
    x_of: Any,
    band_top: Mapping[str, float],
    bandwidth: float,
    stroke: tuple[str, float],
) -> list[str]:
    """A rectangle per part, in the data's order, with the mark's (white) stroke."""
    out = [f'<g stroke="{stroke[0]}" stroke-width="{px(stroke[1])}">']
    for p in parts:
        x0, x1 = x_of(p.start), x_of(p.stop)
        out.append(
            f'<path d="M{px(x0)},{px(band_top[p.area])}h{px(x1 - x0)}'
            f'v{px(bandwidth)}h{px(x0 - x1)}Z" fill="{p.colour}"/>'
        )
    out.append("</g>")
    return out


def _counts(
    spec: Mapping[str, Any], parts: Sequence[Part], x_of: Any, middle: Mapping[str, float]
) -> list[str]:
    """Each part's count written at its end, inside the bar (the text layer's mark)."""
    mark = spec["layer"][1].get("mark", {})
    size = float(mark.get("fontSize", 11))
    dx = float(mark.get("dx", 0))
    shift = _baseline(size, 0.3)
    out = [
        f'<g text-anchor="end" font-size="{px(size)}px" '
        f'font-weight="{mark.get("fontWeight", "normal")}" fill="{mark.get("color", "#000000")}">'
    ]
    for p in sorted(parts, key=lambda p: p.band_order):
        out.append(
            f'<text x="{px(x_of(p.end) + dx)}" y="{px(middle[p.area] + shift)}">'
            f"{escape(_count_text(p.count))}</text>"
        )
    out.append("</g>")
    return out


def _legend_x() -> float:
    """Where a legend label starts: after the symbol with its stroke, and the offset."""
    return 2 * (SYMBOL_HALF + 1.5) + LABEL_OFFSET


def _legend(
    look: linechart.Look, bands: Sequence[str], colours: Mapping[str, str], y: float, stroke: str
) -> list[str]:
    """The bands below the plot, one per row: a square with the bars' white edge."""
    centre = SYMBOL_HALF + 1.5
    side = 2 * SYMBOL_HALF
    out = [
        f'<g transform="translate(0,{px(y)})" stroke="{stroke}" '
        f'stroke-width="{LEGEND_CONFIG["symbolStrokeWidth"]}">',
    ]
    for i, band in enumerate(bands):
        row = i * LEGEND_ROW
        out.append(
            f'<path d="M{px(centre - SYMBOL_HALF)},{px(row + centre - SYMBOL_HALF)}'
            f'h{side}v{side}h-{side}Z" fill="{colours[band]}"/>'
        )
    out.append(
        f'<g stroke="none" font-size="{px(look.legend_size)}px" fill="{look.legend_colour}">'
    )
    shift = _baseline(look.legend_size, 0.3)
    out += [
        f'<text x="{px(_legend_x())}" '
        f'y="{px(i * LEGEND_ROW + centre + shift)}">{escape(band)}</text>'
        for i, band in enumerate(bands)
    ]
    out.append("</g></g>")
    return out
