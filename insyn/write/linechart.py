"""A line chart over the years drawn as SVG here: the static image of a chart over time.

Why not Vega, which draws the live chart: vl-convert takes about 15 ms for one of these
(the whole Vega dataflow for three short lines), and a night on the real default has
some 12 500 of them and 2 600 share images: four minutes of CPU, several times the rest
of the build (issue 16). The chart is small and fixed by one template (charts._line_layers:
a line per series over ordinal years, a nice linear y axis with a grid, a legend), so it
is drawn here from the same filled Vega-Lite spec, with Vega's layout rules where they
show (d3's nice ticks, point-scale padding, parity label thinning), in under a
millisecond. Charts of any other shape stay Vega's (build.images).

Pure: a spec in, SVG text out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

#: Vega's defaults where the template leaves them: padding, tick size and label padding
#: of an axis, the legend's offset from the plot and its row height, the gap between
#: title and subtitle, a point's area and the opacity of points and legend symbols
PADDING = 5
TICK = 5
LABEL_PAD = 2
LEGEND_OFFSET = 18
TITLE_OFFSET = 12
SUBTITLE_GAP = 3
LINE_GAP = 2
POINT_SIZE = 36
SYMBOL_OPACITY = 0.7
#: the point scale's padding (Vega-Lite's pointPadding): half a step at each end
POINT_PADDING = 0.5

#: widths of characters in em of a sans-serif (Arial, Liberation Sans): a label's
#: width decides the left margin, the legend's width and which year labels fit
_NARROW = frozenset("iljtfrI.,:;'!| ")
_WIDE = frozenset("mwMWÅÄÖOQGDHNU%")


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is at ``size`` px (digits are 0.556 em in Arial)."""
    em = 0.0
    for ch in text:
        if ch.isdigit():
            em += 0.556
        elif ch in _NARROW:
            em += 0.278
        elif ch in _WIDE:
            em += 0.8
        elif ch.isupper():
            em += 0.667
        else:
            em += 0.53
    return em * size


def _tick_increment(start: float, stop: float, count: int) -> float:
    """d3-array's tickIncrement: a step of 1, 2 or 5 times a power of ten."""
    step = (stop - start) / max(0, count)
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = (
        10
        if error >= math.sqrt(50)
        else 5
        if error >= math.sqrt(10)
        else 2
        if error >= math.sqrt(2)
        else 1
    )
    if power >= 0:
        return float(factor * 10**power)
    return -(10**-power) / factor


#: the tick count d3's scale.nice() uses when Vega-Lite's scale says only nice: true
NICE_COUNT = 10


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[float, float, list[float]]:
    """The nice domain and its ticks, as Vega gives them: d3's scale.nice() (at its
    default of ten ticks: Vega-Lite's nice: true) and ticks(count) of the axis."""
    if lo == hi:
        return lo, hi, [lo]
    start, stop = lo, hi
    previous = None
    for _ in range(10):
        step = _tick_increment(start, stop, NICE_COUNT)
        if step == previous:
            break
        if step > 0:
            start, stop = math.floor(start / step) * step, math.ceil(stop / step) * step
        else:
            start, stop = math.ceil(start * step) / step, math.floor(stop * step) / step
        previous = step
    step = _tick_increment(start, stop, count)
    if step > 0:
        first, last = math.ceil(start / step), math.floor(stop / step)
        ticks = [(first + i) * step for i in range(int(last - first) + 1)]
    else:
        inc = -step
        first, last = math.ceil(start * inc), math.floor(stop * inc)
        ticks = [(first + i) / inc for i in range(int(last - first) + 1)]
    return start, stop, ticks


_FORMAT = re.compile(r",?\.(\d+)f")


def format_number(value: float, fmt: str) -> str:
    """A number as the chart's d3 format (",.1f") in the Swedish locale of charts.py:
    decimal comma, a no-break space between thousands, a real minus sign."""
    m = _FORMAT.fullmatch(fmt)
    decimals = int(m.group(1)) if m else 0
    grouped = fmt.startswith(",")
    text = f"{abs(value):{',' if grouped else ''}.{decimals}f}"
    text = text.replace(",", "\u00a0").replace(".", ",")
    negative = value < 0 and float(f"{abs(value):.{decimals}f}") != 0
    return ("\u2212" if negative else "") + text


def px(value: float) -> str:
    """A coordinate to a tenth of a pixel, as the trimmed Vega SVGs have them."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Series:
    """One line: its legend name, style (as Vega gives it) and a value per year."""

    name: str
    colour: str
    width: float
    dash: tuple[float, ...]
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Look:
    """What the filled spec says of type sizes, colours and the frame."""

    font: str
    background: str
    title_size: float
    title_weight: Any
    title_colour: str
    subtitle_size: float
    subtitle_colour: str
    title_offset: float
    label_size: float
    label_colour: str
    grid_colour: str
    domain_colour: str
    tick_colour: str
    legend_size: float
    legend_colour: str
    legend_right: bool
    padding: float
    fit: bool


def read_look(spec: Mapping[str, Any]) -> Look:
    """The look of a filled spec, Vega's defaults where it says nothing (answerchart too)."""
    config = spec.get("config", {})
    title = config.get("title", {})
    axis = config.get("axis", {})
    legend = config.get("legend", {})
    padding = spec.get("padding", PADDING)
    autosize = spec.get("autosize")
    return Look(
        font=str(config.get("font", "sans-serif")),
        background=str(config.get("background", "#ffffff")),
        title_size=float(title.get("fontSize", 13)),
        title_weight=title.get("fontWeight", "bold"),
        title_colour=str(title.get("color", "#000000")),
        subtitle_size=float(title.get("subtitleFontSize", 12)),
        subtitle_colour=str(title.get("subtitleColor", "#000000")),
        title_offset=float(title.get("offset", TITLE_OFFSET)),
        label_size=float(axis.get("labelFontSize", 10)),
        label_colour=str(axis.get("labelColor", "#000000")),
        grid_colour=str(axis.get("gridColor", "#dddddd")),
        domain_colour=str(axis.get("domainColor", "#888888")),
        tick_colour=str(axis.get("tickColor", "#888888")),
        legend_size=float(legend.get("labelFontSize", 10)),
        legend_colour=str(legend.get("labelColor", "#000000")),
        legend_right=legend.get("orient", "right") == "right",
        padding=float(padding if isinstance(padding, (int, float)) else PADDING),
        fit=isinstance(autosize, Mapping) and autosize.get("type") == "fit",
    )


def drawable(spec: Mapping[str, Any]) -> bool:
    """Whether this module draws the spec: the line layers of charts._line_layers (a
    line over ordinal years, maybe with its points), with the data in the spec."""
    layers = spec.get("layer")
    if not isinstance(layers, list) or not layers:
        return False
    marks = [part.get("mark", {}).get("type") for part in layers]
    if marks[0] != "line" or any(m not in ("line", "point") for m in marks):
        return False
    enc = layers[0].get("encoding", {})
    x, y = enc.get("x", {}), enc.get("y", {})
    rows = spec.get("datasets", {}).get("data")
    return (
        x.get("field") == "year"
        and x.get("type") == "ordinal"
        and y.get("field") == "value"
        and isinstance(rows, list)
        and all(isinstance(r.get("year"), list) for r in rows)
    )


def _series(spec: Mapping[str, Any], years: Sequence[int]) -> list[Series]:
    enc = spec["layer"][0]["encoding"]

    def scale(channel: str) -> dict[str, Any]:
        s = enc.get(channel, {}).get("scale", {})
        return dict(zip(s.get("domain", []), s.get("range", []), strict=False))

    colour, dash = scale("color"), scale("strokeDash")
    out = []
    for row in spec["datasets"]["data"]:
        by_year = dict(zip(row["year"], row["value"], strict=False))
        name = str(row["series"])
        out.append(
            Series(
                name=name,
                colour=str(colour.get(name, "#000000")),
                width=_stroke_width(enc.get("strokeWidth", {}).get("scale", {}), name),
                dash=tuple(float(d) for d in dash.get(name, [1, 0])),
                values=tuple(by_year.get(y) for y in years),
            )
        )
    # Vega orders the legend by the scale's domain
    order = {
        name: i for i, name in enumerate(enc.get("color", {}).get("scale", {}).get("domain", []))
    }
    return sorted(out, key=lambda s: order.get(s.name, len(order)))


def _stroke_width(scale: Mapping[str, Any], name: str) -> float:
    """A series' line width as Vega gives it: a nominal strokeWidth is a point scale
    over the range's first two values (3.5, 2.6, 1.75 for three series), which is what
    the live chart shows."""
    domain, widths = list(scale.get("domain", [])), list(scale.get("range", []))
    if name not in domain or not widths:
        return 2.0
    if len(domain) == 1 or len(widths) == 1:
        return float(widths[0])
    first, second = float(widths[0]), float(widths[1])
    return first + (second - first) * domain.index(name) / (len(domain) - 1)


def text_lines(value: Any) -> list[str]:
    """A title's or subtitle's lines: Vega takes a string or a list of them."""
    if isinstance(value, list):
        return [str(v) for v in value]
    return [] if value is None else [str(value)]


def _visible_labels(xs: Sequence[float], widths: Sequence[float]) -> list[int]:
    """The labels Vega's labelOverlap ("parity") keeps: every other, until none overlap."""
    keep = list(range(len(xs)))
    while len(keep) > 2 and any(
        xs[b] - widths[b] / 2 < xs[a] + widths[a] / 2 for a, b in zip(keep, keep[1:], strict=False)
    ):
        keep = keep[::2]
    return keep


def svg(spec: Mapping[str, Any]) -> str:
    """The chart as SVG text (see the module's docstring); ``drawable(spec)`` must hold."""
    look = read_look(spec)
    layers = spec["layer"]
    enc = layers[0]["encoding"]
    y_fmt = str(enc.get("y", {}).get("axis", {}).get("format", ",.0f"))
    tick_count = int(enc.get("y", {}).get("axis", {}).get("tickCount", 5))
    years = sorted({int(y) for row in spec["datasets"]["data"] for y in row["year"]})
    series = _series(spec, years)
    points = any(part.get("mark", {}).get("type") == "point" for part in layers)
    values = [v for s in series for v in s.values if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    d_lo, d_hi, ticks = nice_ticks(lo, hi, tick_count)
    tick_labels = [format_number(t, y_fmt) for t in ticks]
    y_axis_width = (
        TICK + LABEL_PAD + max((text_width(t, look.label_size) for t in tick_labels), default=0)
    )

    title = spec.get("title", {})
    title_lines = text_lines(title.get("text") if isinstance(title, Mapping) else title)
    subtitle_lines = text_lines(title.get("subtitle")) if isinstance(title, Mapping) else []
    title_height = title_block_height(look, title_lines, subtitle_lines)

    x_axis_height = TICK + LABEL_PAD + look.label_size * 1.15
    legend_width = 18 + max((text_width(s.name, look.legend_size) for s in series), default=0)
    # the legend beside the plot (a share image) or under it
    right_extra = LEGEND_OFFSET + legend_width if look.legend_right else 0
    bottom_extra = 0 if look.legend_right else LEGEND_OFFSET + _legend_row(look) * len(series)
    pad = look.padding
    left = pad + y_axis_width
    top = pad + title_height + (look.title_offset if title_height else 0)
    if look.fit:  # the whole image at the spec's size, the plot what is left
        total_w, total_h = float(spec.get("width", 600)), float(spec.get("height", 400))
        width = total_w - left - pad - right_extra
        height = total_h - top - pad - x_axis_height - bottom_extra
    else:  # the plot at the spec's size, the image around it
        width, height = float(spec.get("width", 560)), float(spec.get("height", 260))
        total_w = math.ceil(left + width + right_extra + pad)
        total_h = math.ceil(top + height + x_axis_height + bottom_extra + pad)

    def y_of(v: float) -> float:
        if d_hi == d_lo:
            return height / 2
        return height - (v - d_lo) / (d_hi - d_lo) * height

    step = width / (len(years) - 1 + 2 * POINT_PADDING) if years else width
    xs = [step * (i + POINT_PADDING) for i in range(len(years))]

    out = [
        f'<svg font-family={quoteattr(look.font)} xmlns="http://www.w3.org/2000/svg" '
        f'width="{px(total_w)}" height="{px(total_h)}" viewBox="0 0 {px(total_w)} {px(total_h)}">',
        f'<rect width="{px(total_w)}" height="{px(total_h)}" fill="{look.background}"/>',
        f'<g fill="none" transform="translate({px(left)},{px(top)})">',
    ]
    out += _y_axis(look, ticks, tick_labels, y_of, width, height)
    out += _x_axis(look, years, xs, width, height)
    out += _marks(series, xs, y_of, points)
    if look.legend_right:
        out += _legend(look, series, width + LEGEND_OFFSET, 0)
    else:
        out += _legend(look, series, 0, height + x_axis_height + LEGEND_OFFSET)
    out += title_marks(look, title_lines, subtitle_lines, pad - left, -(top - pad))
    out.append("</g></svg>")
    return "".join(out)


def title_block_height(look: Look, title: Sequence[str], subtitle: Sequence[str]) -> float:
    """How tall the title and subtitle stand above the plot's offset (Vega: each line
    its size, two pixels between lines, three between title and subtitle)."""
    if not title and not subtitle:
        return 0.0
    h = look.title_size + (len(title) - 1) * (look.title_size + LINE_GAP) if title else 0.0
    if subtitle:
        h += (
            SUBTITLE_GAP
            + look.subtitle_size
            + (len(subtitle) - 1) * (look.subtitle_size + LINE_GAP)
        )
    return h


def _tspans(lines: Sequence[str], size: float) -> str:
    first, *rest = lines
    return f"<tspan>{escape(first)}</tspan>" + "".join(
        f'<tspan x="0" dy="{px(size + LINE_GAP)}">{escape(line)}</tspan>' for line in rest
    )


def title_marks(
    look: Look, title: Sequence[str], subtitle: Sequence[str], x: float, y: float
) -> list[str]:
    """The title and subtitle as a group at (x, y): the title's lines in its weight."""
    if not title and not subtitle:
        return []
    out = [f'<g transform="translate({px(x)},{px(y)})">']
    baseline = 0.0
    if title:
        baseline = look.title_size * 0.8
        out.append(
            f'<text transform="translate(0,{px(baseline)})" font-size="{px(look.title_size)}px" '
            f'font-weight="{look.title_weight}" fill="{look.title_colour}">'
            f"{_tspans(title, look.title_size)}</text>"
        )
        baseline += (len(title) - 1) * (look.title_size + LINE_GAP)
    if subtitle:
        baseline += SUBTITLE_GAP + look.subtitle_size if title else look.subtitle_size * 0.8
        out.append(
            f'<text transform="translate(0,{px(baseline)})" font-size="{px(look.subtitle_size)}px" '
            f'fill="{look.subtitle_colour}">{_tspans(subtitle, look.subtitle_size)}</text>'
        )
    out.append("</g>")
    return out


def _y_axis(
    look: Look,
    ticks: Sequence[float],
    labels: Sequence[str],
    y_of: Any,
    width: float,
    height: float,
) -> list[str]:
    """Grid, ticks, labels and domain of the y axis: one path per stroke and the labels'
    common attributes once (a third of the bytes of Vega's line per tick)."""
    grid = "".join(f"M0,{px(y_of(t))}h{px(width)}" for t in ticks)
    marks = "".join(f"M0,{px(y_of(t))}h-{TICK}" for t in ticks)
    out = [
        '<g transform="translate(0.5,0.5)">',
        f'<path d="{grid}" stroke="{look.grid_colour}"/>',
        *strokes(marks, f"M0,0v{px(height)}", look),
        f'<g text-anchor="end" font-size="{px(look.label_size)}px" fill="{look.label_colour}">',
    ]
    out += [
        f'<text x="{-(TICK + LABEL_PAD)}" y="{px(y_of(t) + look.label_size * 0.34)}">'
        f"{escape(label)}</text>"
        for t, label in zip(ticks, labels, strict=True)
    ]
    out.append("</g></g>")
    return out


def strokes(ticks: str, domain: str, look: Look) -> list[str]:
    """An axis' ticks and its domain line: one path where they share a colour."""
    if look.tick_colour == look.domain_colour:
        return [f'<path d="{ticks}{domain}" stroke="{look.tick_colour}"/>']
    return [
        f'<path d="{ticks}" stroke="{look.tick_colour}"/>',
        f'<path d="{domain}" stroke="{look.domain_colour}"/>',
    ]


def _x_axis(
    look: Look, years: Sequence[int], xs: Sequence[float], width: float, height: float
) -> list[str]:
    """Ticks, the years that fit (Vega's parity rule) and the domain of the x axis."""
    labels = [str(y) for y in years]
    keep = _visible_labels(xs, [text_width(t, look.label_size) for t in labels])
    baseline = TICK + LABEL_PAD + look.label_size * 0.75
    marks = "".join(f"M{px(x)},0v{TICK}" for x in xs)
    out = [
        f'<g transform="translate(0.5,{px(height + 0.5)})">',
        *strokes(marks, f"M0,0h{px(width)}", look),
        f'<g text-anchor="middle" font-size="{px(look.label_size)}px" fill="{look.label_colour}">',
    ]
    out += [f'<text x="{px(xs[i])}" y="{px(baseline)}">{labels[i]}</text>' for i in keep]
    out.append("</g></g>")
    return out


def _dash(dash: Sequence[float]) -> str:
    return ",".join(px(d) for d in dash)


def _marks(series: Sequence[Series], xs: Sequence[float], y_of: Any, points: bool) -> list[str]:
    out = []
    for s in series:
        runs: list[list[str]] = [[]]
        for x, v in zip(xs, s.values, strict=True):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{px(x)},{px(y_of(v))}")
        d = "".join("M" + "L".join(run) for run in runs if len(run) > 1)
        if d:
            out.append(
                f'<path d="{d}" stroke="{s.colour}" stroke-width="{px(s.width)}" '
                f'stroke-dasharray="{_dash(s.dash)}"/>'
            )
    if points:
        r = math.sqrt(POINT_SIZE) / 2
        for s in series:
            out.append(f'<g fill="{s.colour}" fill-opacity="{SYMBOL_OPACITY}">')
            out += [
                f'<circle cx="{px(x)}" cy="{px(y_of(v))}" r="{px(r)}"/>'
                for x, v in zip(xs, s.values, strict=True)
                if v is not None
            ]
            out.append("</g>")
    return out


def _legend_row(look: Look) -> float:
    """The height of one legend entry (Vega: the label's size and its row padding)."""
    return look.legend_size + 3


def _legend(look: Look, series: Sequence[Series], x: float, y: float) -> list[str]:
    row = _legend_row(look)
    out = [f'<g transform="translate({px(x)},{px(y)})">']
    for i, s in enumerate(series):
        mid = i * row + row / 2
        out.append(
            f'<path transform="translate(7,{px(mid)})" d="M-5,0L5,0" stroke="{s.colour}" '
            f'stroke-width="{px(s.width)}" stroke-dasharray="{_dash(s.dash)}" '
            f'stroke-opacity="{SYMBOL_OPACITY}"/>'
            f'<text transform="translate(18,{px(mid + look.legend_size * 0.34)})" '
            f'font-size="{px(look.legend_size)}px" fill="{look.legend_colour}">'
            f"{escape(s.name)}</text>"
        )
    out.append("</g>")
    return out
