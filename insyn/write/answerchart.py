"""The answers chart (a kommun's answer per year) drawn as SVG here: its static image.

Why not Vega: vl-convert takes about 12 ms for one of these (a dozen points), and a
night on the real default draws some 1 100 as page images and 120 as share images. The
chart is fixed by one template (charts._answers: a filled symbol per year, x the
ordinal years, y the answers in the order of the scale's domain, the shape by answer,
no legend), so it is drawn here from the same filled Vega-Lite spec with Vega's layout
rules: point scales with half a step of padding, ticks rounded to the pixel, text
baselines rounded as vega-scenegraph rounds them, the margins of the autosized view
rounded up from the labels' widths as vl-convert measures them (write/textwidth.py),
the symbols' paths as vega-scenegraph's ``symbols`` draws them. The share image is
fitted into its 1 200 × 630 the same way Vega fits it.

What Vega would draw differently is left to Vega (``drawable`` says no): a label with
a character whose width is not known here, a label Vega would shorten (its labelLimit)
or thin out (labelOverlap), a title wider than the plot (it would widen the image), a
shape without a path here, data outside the scales' domains.

Pure: a spec in, SVG text out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from insyn.write import textwidth
from insyn.write.linechart import (
    LABEL_PAD,
    TICK,
    Look,
    px,
    read_look,
    strokes,
    text_lines,
    title_block_height,
    title_marks,
)

#: Vega's default labelLimit of an axis: a longer label is cut short with an ellipsis
LABEL_LIMIT = 180
#: Vega's default size (area, px²) of a point mark where the template sets none
POINT_SIZE = 30

_HALF_SQRT3 = math.sqrt(3) / 2
_TAN30 = math.sqrt(3) / 3


def _round(value: float) -> float:
    """JavaScript's Math.round (halves up), which Vega rounds ticks and baselines with."""
    return float(math.floor(value + 0.5))


def _baseline_offset(size: float, baseline: str) -> float:
    """How far below its y Vega sets a text's baseline (vega-scenegraph's offset)."""
    factor = {"top": 0.79, "middle": 0.3, "bottom": -0.21}.get(baseline, 0.0)
    return _round(factor * size)


def _bounds_top(size: float, baseline: str) -> float:
    """Where a text's bounds begin, from its y (Vega: its offset less 4/5 of the size)."""
    return _baseline_offset(size, baseline) - _round(0.8 * size)


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{px(x)},{px(y)}" for x, y in points) + "Z"


def _circle(r: float) -> str:
    return f"M{px(r)},0A{px(r)},{px(r)},0,1,1,{px(-r)},0A{px(r)},{px(r)},0,1,1,{px(r)},0"


def _cross(r: float) -> str:
    i = r / 2.5
    return _polygon(
        [(-r, -i), (-r, i), (-i, i), (-i, r), (i, r), (i, i)]
        + [(r, i), (r, -i), (i, -i), (i, -r), (-i, -r), (-i, -i)]
    )


def _triangle(r: float) -> str:
    h = _HALF_SQRT3 * r
    lift = h - r * _TAN30
    return _polygon([(0, -h - lift), (-r, h - lift), (r, h - lift)])


def symbol_path(shape: str, size: float) -> str | None:
    """The path of one of Vega's symbols of area ``size`` around (0, 0), as
    vega-scenegraph draws it; None for a shape not drawn here."""
    r = math.sqrt(size) / 2
    h = _HALF_SQRT3 * r
    paths = {
        "circle": lambda: _circle(r),
        "square": lambda: f"M{px(-r)},{px(-r)}h{px(2 * r)}v{px(2 * r)}h{px(-2 * r)}Z",
        "cross": lambda: _cross(r),
        "diamond": lambda: _polygon([(-r, 0), (0, -r), (r, 0), (0, r)]),
        "triangle-up": lambda: _polygon([(0, -h), (-r, h), (r, h)]),
        "triangle-down": lambda: _polygon([(0, h), (-r, -h), (r, -h)]),
        "triangle-right": lambda: _polygon([(h, 0), (-h, -r), (-h, r)]),
        "triangle-left": lambda: _polygon([(-h, 0), (h, -r), (h, r)]),
        "triangle": lambda: _triangle(r),
    }
    draw = paths.get(shape)
    return draw() if draw else None


@dataclass(frozen=True)
class Answers:
    """What the filled spec says: the axes' domains, the points and their look."""

    years: tuple[int, ...]
    labels: tuple[str, ...]
    shapes: tuple[str, ...]  # per label, in the labels' order
    points: tuple[tuple[int, str], ...]  # (year, label) in the data's order
    colour: str
    size: float
    title: tuple[str, ...]
    subtitle: tuple[str, ...]


def _answers(spec: Mapping[str, Any]) -> Answers | None:
    """The chart's content, or None where the spec is not charts._answers' shape."""
    if "layer" in spec or not isinstance(spec.get("mark"), Mapping):
        return None
    mark, enc = spec["mark"], spec.get("encoding", {})
    x, y, shape = enc.get("x", {}), enc.get("y", {}), enc.get("shape", {})
    if (
        mark.get("type") != "point"
        or mark.get("filled") is not True
        or mark.get("opacity", 1) != 1
        or set(enc) - {"x", "y", "shape", "tooltip"}
        or (x.get("field"), x.get("type")) != ("year", "ordinal")
        or (y.get("field"), y.get("type")) != ("label", "nominal")
        or (shape.get("field"), shape.get("type")) != ("label", "nominal")
    ):
        return None
    years = x.get("scale", {}).get("domain")
    labels = y.get("scale", {}).get("domain")
    shape_scale = shape.get("scale", {})
    rows = spec.get("datasets", {}).get("data")
    if not (
        _all(years, int)
        and _all(labels, str)
        and _all(rows, Mapping)
        and shape_scale.get("domain") == labels
        and _all(shape_scale.get("range"), str)
        and len(shape_scale["range"]) >= len(labels)
        and len(set(labels)) == len(labels)
        and len(set(years)) == len(years)
        and all(r.get("year") in years and r.get("label") in labels for r in rows)
    ):
        return None
    title = spec.get("title", {})
    if not isinstance(title, Mapping):
        title = {"text": title}
    return Answers(
        years=tuple(years),
        labels=tuple(labels),
        shapes=tuple(shape_scale["range"][: len(labels)]),
        points=tuple((int(r["year"]), str(r["label"])) for r in rows),
        colour=str(mark.get("color", "#4c78a8")),
        size=float(mark.get("size", POINT_SIZE)),
        title=tuple(text_lines(title.get("text"))),
        subtitle=tuple(text_lines(title.get("subtitle"))),
    )


def _all(values: Any, kind: type) -> bool:
    """Whether ``values`` is a non-empty list of ``kind`` (bool is not an int here)."""
    return (
        isinstance(values, list)
        and bool(values)
        and all(isinstance(v, kind) and not isinstance(v, bool) for v in values)
    )


@dataclass(frozen=True)
class Layout:
    """Where the plot sits: the view's size, the plot's origin and size, the y labels'
    reach left of the plot (where the title starts)."""

    total_w: float
    total_h: float
    left: float
    top: float
    width: float
    height: float
    label_reach: float


def _layout(spec: Mapping[str, Any], look: Look, chart: Answers) -> Layout:
    """Vega's autosize: the margins are the axes' and the title's bounds rounded up to
    a pixel, plus the padding; "fit" gives the plot what the fixed size leaves."""
    size = look.label_size
    reach = TICK + LABEL_PAD + max(textwidth.width(label, size) for label in chart.labels)
    left = math.ceil(reach)
    top = math.ceil(_title_height(look, chart) + look.title_offset) if _has_title(chart) else 0
    bottom = math.ceil(TICK + LABEL_PAD + _bounds_top(size, "top") + size)
    pad = look.padding
    if look.fit:
        total_w, total_h = float(spec.get("width", 0)), float(spec.get("height", 0))
        width = total_w - 2 * pad - left
        height = total_h - 2 * pad - top - bottom
    else:
        width, height = float(spec.get("width", 200)), float(spec.get("height", 200))
        total_w = pad + left + width + pad
        total_h = pad + top + height + bottom + pad
    return Layout(total_w, total_h, pad + left, pad + top, width, height, reach)


def _has_title(chart: Answers) -> bool:
    return bool(chart.title or chart.subtitle)


def _title_height(look: Look, chart: Answers) -> float:
    return title_block_height(look, chart.title, chart.subtitle)


def _positions(count: int, extent: float) -> list[float]:
    """A point scale's positions: ``count`` steps over ``extent``, half a step of
    padding at each end (Vega-Lite's pointPadding)."""
    step = extent / count
    return [step * (i + 0.5) for i in range(count)]


def drawable(spec: Mapping[str, Any]) -> bool:
    """Whether this module draws the spec the way Vega would: the template of
    charts._answers with its data inline, and nothing Vega would lay out otherwise
    (see the module's docstring)."""
    chart = _answers(spec)
    if chart is None:
        return False
    look = read_look(spec)
    size = look.label_size
    if not all(textwidth.measurable(label) and label == label.strip() for label in chart.labels):
        return False
    if any(textwidth.width(label, size) >= LABEL_LIMIT for label in chart.labels):
        return False
    if any(symbol_path(shape, chart.size) is None for shape in chart.shapes):
        return False
    if not _plain_title_baselines(look):
        return False
    layout = _layout(spec, look, chart)
    return _fits(look, chart, layout)


def _plain_title_baselines(look: Look) -> bool:
    """The title's height is the sum of its lines' sizes only where Vega's rounded
    baselines sit at their 4/5 (the sizes of charts.py: 16 and 13, 30 and 20)."""
    return all(_bounds_top(s, "top") == 0 for s in (look.title_size, look.subtitle_size))


def _fits(look: Look, chart: Answers, layout: Layout) -> bool:
    """Whether every mark stays where Vega's layout leaves it: the years' labels apart
    (else Vega thins them out), the answers' labels and symbols inside the plot's
    height (else the margins grow), the title no wider than the plot."""
    size = look.label_size
    if layout.width <= 0 or layout.height <= 0:
        return False
    year_step = layout.width / len(chart.years)
    if max(textwidth.width(str(y), size) for y in chart.years) >= year_step - 1:
        return False
    answer_step = layout.height / len(chart.labels)
    reach = math.sqrt(chart.size) / 2  # no symbol reaches beyond its square's half
    label_half = -_bounds_top(size, "middle")
    if answer_step / 2 < max(reach, label_half, size - label_half) + 1:
        return False
    return _title_width(look, chart) < layout.width + layout.label_reach - 1


def _title_width(look: Look, chart: Answers) -> float:
    """The widest title or subtitle line, measured as vl-convert does (the title in
    bold); a line with an unknown character counts as too wide."""
    widths = [0.0]
    for lines, size, bold in (
        (chart.title, look.title_size, True),
        (chart.subtitle, look.subtitle_size, False),
    ):
        for line in lines:
            if not textwidth.measurable(line, bold):
                return math.inf
            widths.append(textwidth.width(line, size, bold))
    return max(widths)


def svg(spec: Mapping[str, Any]) -> str:
    """The chart as SVG text (see the module's docstring); ``drawable(spec)`` must hold."""
    chart = _answers(spec)
    if chart is None:
        raise ValueError("not an answers chart")
    look = read_look(spec)
    layout = _layout(spec, look, chart)
    xs = dict(zip(chart.years, _positions(len(chart.years), layout.width), strict=True))
    ys = dict(zip(chart.labels, _positions(len(chart.labels), layout.height), strict=True))
    w, h = px(layout.total_w), px(layout.total_h)
    out = [
        f'<svg font-family={quoteattr(look.font)} xmlns="http://www.w3.org/2000/svg" '
        f'width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        f'<rect width="{w}" height="{h}" fill="{look.background}"/>',
        f'<g fill="none" transform="translate({px(layout.left)},{px(layout.top)})">',
    ]
    out += _x_axis(look, chart.years, xs, layout)
    out += _y_axis(look, chart.labels, ys, layout)
    out += _points(chart, xs, ys)
    if _has_title(chart):
        title_y = -(_title_height(look, chart) + look.title_offset)
        out += title_marks(look, chart.title, chart.subtitle, -layout.label_reach, title_y)
    out.append("</g></svg>")
    return "".join(out)


def _x_axis(look: Look, years: Sequence[int], xs: Mapping[int, float], layout: Layout) -> list[str]:
    """The years under the plot: ticks rounded to the pixel (Vega's tickRound), the
    labels centred on the unrounded positions, a baseline under their tops."""
    size = look.label_size
    ticks = "".join(f"M{px(_round(xs[y]))},0v{TICK}" for y in years)
    baseline = TICK + LABEL_PAD + _baseline_offset(size, "top")
    out = [
        f'<g transform="translate(0.5,{px(layout.height + 0.5)})">',
        *strokes(ticks, f"M0,0h{px(layout.width)}", look),
        f'<g text-anchor="middle" font-size="{px(size)}px" fill="{look.label_colour}">',
    ]
    out += [f'<text x="{px(xs[y])}" y="{px(baseline)}">{y}</text>' for y in years]
    out.append("</g></g>")
    return out


def _y_axis(
    look: Look, labels: Sequence[str], ys: Mapping[str, float], layout: Layout
) -> list[str]:
    """The answers left of the plot, in the domain's order, each beside its tick."""
    size = look.label_size
    ticks = "".join(f"M0,{px(_round(ys[label]))}h-{TICK}" for label in labels)
    shift = _baseline_offset(size, "middle")
    out = [
        '<g transform="translate(0.5,0.5)">',
        *strokes(ticks, f"M0,0v{px(layout.height)}", look),
        f'<g text-anchor="end" font-size="{px(size)}px" fill="{look.label_colour}">',
    ]
    out += [
        f'<text x="{-(TICK + LABEL_PAD)}" y="{px(ys[label] + shift)}">{escape(label)}</text>'
        for label in labels
    ]
    out.append("</g></g>")
    return out


def _points(chart: Answers, xs: Mapping[int, float], ys: Mapping[str, float]) -> list[str]:
    """A symbol per answer, in the data's order (Vega draws them so), its shape the
    answer's place in the shape scale's domain."""
    paths = {
        label: symbol_path(shape, chart.size)
        for label, shape in zip(chart.labels, chart.shapes, strict=True)
    }
    out = [f"<g fill={quoteattr(chart.colour)}>"]
    out += [
        f'<path transform="translate({px(xs[year])},{px(ys[label])})" d="{paths[label]}"/>'
        for year, label in chart.points
    ]
    out.append("</g>")
    return out
