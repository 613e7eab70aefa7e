"""Vega-Lite chart specs: built once per kind with altair, filled per page.

A build makes some 30 000 charts, so each kind is built and validated with
altair once (per number of decimals) and kept as JSON; a chart is that JSON
parsed again with the page's data, title and colours put in. Filling costs a
few tens of microseconds, validation is done once.

Swedish number and date formats live in the spec's ``config.locale``, so the
browser (vega-embed) and the server (vl-convert) format alike: decimal comma,
no-break space between thousands, U+2212 for minus.

Colours: a colour-blind-safe set, each at least 3:1 against the white
background (tests/write/test_charts.py checks it), and never alone: lines also differ
in width and dash, and every series is named in the legend.
"""

from __future__ import annotations

import functools
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from insyn.write import sv
from insyn.write.scriptjson import script_json

if TYPE_CHECKING:
    import altair as alt
else:

    class _Altair:
        """altair, imported when a template is first built: a build whose templates are
        kept (use_templates) never builds one, and altair's import is a fifth of a
        second of every night (issue 16)."""

        def __getattr__(self, name: str) -> Any:
            import altair

            return getattr(altair, name)

    alt = _Altair()

BACKGROUND = "#ffffff"
TEXT = "#1b1b1b"
MUTED = "#4a4a4a"
#: role -> (colour, stroke width, dash): the kommun stands out, the others recede.
SERIES_STYLE: Mapping[str, tuple[str, float, list[int]]] = {
    "kommun": ("#0b5394", 3.5, []),
    "riket": ("#1b1b1b", 1.75, [6, 3]),
    "lan": ("#b34700", 1.75, [2, 2]),
    "liknande": ("#00704a", 1.75, [8, 3, 2, 3]),
    "kvinnor": ("#8e2c7a", 2.5, []),
    "man": ("#0b5394", 2.5, [6, 3]),
}
#: band -> (colour, label); Kolada's three colours, named so that colour is never alone.
BAND_STYLE: Mapping[str, tuple[str, str]] = {
    "top": ("#1e6b34", "Bästa fjärdedelen"),
    "middle": ("#8a6100", "Mittersta hälften"),
    "bottom": ("#b3261e", "Sämsta fjärdedelen"),
    "high": ("#1e6b34", "Högsta fjärdedelen"),
    "low": ("#b3261e", "Lägsta fjärdedelen"),
}
HIGHLIGHT = "#0b5394"
OTHERS = "#6b6b6b"
#: The other kommuner's ticks are see-through so that piles show; MUTED at this opacity
#: is #898989 on white, 3.5:1 (WCAG 1.4.11 asks 3:1; tests/config/test_contrast.py checks it).
OTHER_TICK_OPACITY = 0.65

WIDTH = 560
HEIGHT = 260
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
#: The static images' font: laid out (by vl-convert, or write/textwidth.py) with Liberation
#: Sans' widths, so a browser shows them in it or in Arial, its metric twin; with FONT a
#: browser took its wider system font and cut the left labels of a phone-wide overview
STATIC_FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"

#: d3 locales for Swedish (SPRAK.md): decimal comma, NBSP thousands, U+2212 minus.
FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": sv.NBSP,
    "grouping": [3],
    "currency": ["", f"{sv.NBSP}kr"],
    "minus": sv.MINUS,
    "percent": f"{sv.NBSP}%",
    "nan": "–",
}
TIME_FORMAT_LOCALE = {
    "dateTime": "%A den %d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": list(sv.MONTHS),
    "shortMonths": [
        "jan",
        "feb",
        "mars",
        "apr",
        "maj",
        "juni",
        "juli",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ],
}
KINDS = ("over_time", "among_kommuner", "gender", "answers", "answer_shares", "area_overview")


def _config() -> dict[str, Any]:
    """Shared look: Swedish locale, system fonts, quiet axes, readable sizes."""
    return {
        "locale": {"number": FORMAT_LOCALE, "time": TIME_FORMAT_LOCALE},
        "background": BACKGROUND,
        "font": FONT,
        "view": {"stroke": None},
        "title": {
            "anchor": "start",
            "fontSize": 16,
            "fontWeight": 600,
            "color": TEXT,
            "subtitleColor": MUTED,
            "subtitleFontSize": 13,
            "offset": 12,
        },
        "axis": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "gridColor": "#e3e3e3",
            "domainColor": MUTED,
            "tickColor": MUTED,
        },
        "legend": {
            "labelColor": TEXT,
            "titleColor": TEXT,
            "labelFontSize": 12,
            "orient": "bottom",
            "direction": "vertical",
            "symbolStrokeWidth": 3,
            "labelLimit": 400,
        },
    }


def _number_format(decimals: int) -> str:
    return f",.{decimals}f"


def _finish(chart: alt.TopLevelMixin) -> str:
    """Validate once against the Vega-Lite schema and keep the spec as JSON."""
    spec = chart.to_dict(validate=True)
    spec["config"] = _config()
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


# ----------------------------------------------------------------- templates


#: Templates a build kept from an earlier one, by (kind, decimals): use_templates.
_KEPT: dict[tuple[str, int], str] = {}


def use_templates(kept: Mapping[str, str]) -> None:
    """Take templates as :func:`template_files` names them (``over_time-1.json``) instead
    of building them: the build keeps them in its cache for each version of the code
    and of altair, so that neither it nor a worker builds or validates them again."""
    for name, spec in kept.items():
        kind, decimals = name.removesuffix(".json").rsplit("-", 1)
        _KEPT[(kind, int(decimals))] = spec
    template.cache_clear()


@cache
def template(kind: str, decimals: int = 0) -> str:
    """The validated template of one chart kind, as JSON text."""
    kept = _KEPT.get((kind, decimals))
    if kept is not None:
        return kept
    builders = {
        "over_time": _over_time,
        "among_kommuner": _among_kommuner,
        "gender": _gender,
        "answers": _answers,
        "answer_shares": _answer_shares,
        "area_overview": _area_overview,
    }
    return _finish(builders[kind](decimals))


def _line_layers(decimals: int, field_title: str) -> alt.LayerChart:
    """Lines by series with points; style per series comes from the data's role.

    Each series arrives as one row with arrays of years and values (a quarter of
    the size of one row per point) and is flattened here.
    """
    base = (
        alt.Chart(alt.NamedData("data"))
        .transform_flatten(["year", "value"])
        .encode(
            x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y(
                "value:Q",
                title=None,
                scale=alt.Scale(zero=False, nice=True),
                axis=alt.Axis(format=_number_format(decimals), tickCount=5),
            ),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=["x"], range=["#000000"]),
                legend=alt.Legend(symbolType="stroke"),
            ),
            # one merged legend: colour, dash and width of each series together
            strokeDash=alt.StrokeDash(
                "series:N", title=None, scale=alt.Scale(domain=["x"], range=[[1, 0]])
            ),
            # a sort, however the patched domain orders it: Vega-Lite warns in every
            # reader's console of "strokeWidth … with an unsorted discrete field"
            strokeWidth=alt.StrokeWidth(
                "series:N",
                title=None,
                sort="ascending",
                scale=alt.Scale(domain=["x"], range=[2]),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=field_title),
                alt.Tooltip("year:O", title="År"),
                alt.Tooltip("value:Q", title="Värde", format=_number_format(decimals)),
            ],
        )
    )
    lines = base.mark_line(invalid="break-paths-show-domains")
    points = base.mark_point(filled=True, size=36, invalid="break-paths-show-domains").encode(
        strokeDash=alt.value([1, 0])
    )
    return alt.LayerChart(layer=[lines, points])


def _over_time(decimals: int) -> alt.TopLevelMixin:
    return _line_layers(decimals, "Jämförelse").properties(
        width=WIDTH, height=HEIGHT, title=alt.Title("x", subtitle=["x"])
    )


def _gender(decimals: int) -> alt.TopLevelMixin:
    return _line_layers(decimals, "Kön").properties(
        width=WIDTH, height=HEIGHT * 0.8, title=alt.Title("x", subtitle=["x"])
    )


def _among_kommuner(decimals: int) -> alt.TopLevelMixin:
    """Every kommun as a tick on one axis; the kommun and Riket marked and labelled."""
    kommun = alt.param(name="kommun", value="0000")
    data = (
        alt.Chart(alt.NamedData("data"))
        .add_params(kommun)
        .transform_calculate(
            role="datum.code == kommun ? 'kommun' : datum.code == '0000' ? 'riket' : 'other'",
            label="datum.code == kommun || datum.code == '0000' ? datum.name : ''",
        )
    )
    x = alt.X(
        "value:Q",
        title=None,
        scale=alt.Scale(zero=False, nice=True),
        axis=alt.Axis(format=_number_format(decimals), tickCount=6),
    )
    tooltip = [
        alt.Tooltip("name:N", title="Kommun"),
        alt.Tooltip("value:Q", title="Värde", format=_number_format(decimals)),
    ]
    ticks = (
        data.mark_tick(thickness=1.5, size=28, color=MUTED, opacity=OTHER_TICK_OPACITY)
        .encode(x=x, tooltip=tooltip)
        .transform_filter("datum.role == 'other'")
    )
    marked = data.transform_filter("datum.role != 'other'")
    focus = marked.mark_tick(thickness=4, size=44).encode(
        x=x,
        color=alt.Color(
            "role:N",
            legend=None,
            scale=alt.Scale(domain=["kommun", "riket"], range=[HIGHLIGHT, TEXT]),
        ),
        tooltip=tooltip,
    )
    labels = marked.mark_text(dy=-30, fontSize=12, fontWeight=600).encode(
        x=x,
        text="label:N",
        color=alt.Color(
            "role:N",
            legend=None,
            scale=alt.Scale(domain=["kommun", "riket"], range=[HIGHLIGHT, TEXT]),
        ),
    )
    return alt.layer(ticks, focus, labels).properties(
        width=WIDTH, height=70, title=alt.Title("x", subtitle=["x"])
    )


def _answers(decimals: int) -> alt.TopLevelMixin:
    """A yes/no or ordinal answer per year: position and shape show the answer, text too."""
    base = alt.Chart(alt.NamedData("data")).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y(
            "label:N",
            title=None,
            sort=alt.EncodingSortField("order", order="ascending"),
            scale=alt.Scale(domain=["x"]),
        ),
        tooltip=[alt.Tooltip("year:O", title="År"), alt.Tooltip("label:N", title="Svar")],
    )
    points = base.mark_point(size=160, filled=True, opacity=1, color=HIGHLIGHT).encode(
        shape=alt.Shape("label:N", legend=None, scale=alt.Scale(domain=["x"]))
    )
    return points.properties(width=WIDTH, height=120, title=alt.Title("x", subtitle=["x"]))


def _answer_shares(decimals: int) -> alt.TopLevelMixin:
    """How many kommuner give each answer; the kommun's own answer marked."""
    base = alt.Chart(alt.NamedData("data")).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order", order="ascending")),
        x=alt.X("count:Q", title="Antal kommuner", axis=alt.Axis(format="d", tickMinStep=1)),
        tooltip=[
            alt.Tooltip("label:N", title="Svar"),
            alt.Tooltip("count:Q", title="Antal kommuner", format="d"),
        ],
    )
    bars = base.mark_bar(height=22).encode(
        color=alt.Color(
            "own:N", legend=None, scale=alt.Scale(domain=["ja", "nej"], range=[HIGHLIGHT, OTHERS])
        )
    )
    text = base.mark_text(align="left", dx=4, fontSize=12, color=TEXT).encode(text="text:N")
    return alt.layer(bars, text).properties(
        width=WIDTH - 160, height=alt.Step(32), title=alt.Title("x", subtitle=["x"])
    )


def _area_overview(decimals: int) -> alt.TopLevelMixin:
    """Per area, how many indicators fall in each band; counts are written on the bars."""
    base = alt.Chart(alt.NamedData("data")).encode(
        y=alt.Y(
            "area:N",
            title=None,
            # by each area's own order: Vega's default op sums it over the area's bands,
            # which put an area of one band above one of three (issue 16's drawing found it)
            sort=alt.EncodingSortField("order", op="min", order="ascending"),
            # narrow enough for a 320 px screen; the full names are in the table
            axis=alt.Axis(labelLimit=110),
        ),
        x=alt.X(
            "count:Q",
            title="Antal nyckeltal",
            stack="zero",
            axis=alt.Axis(format="d", tickMinStep=1),
        ),
        tooltip=[
            alt.Tooltip("area:N", title="Område"),
            alt.Tooltip("band_label:N", title="Läge"),
            alt.Tooltip("count:Q", title="Antal nyckeltal", format="d"),
        ],
    )
    bars = base.mark_bar(stroke=BACKGROUND, strokeWidth=1.5).encode(
        color=alt.Color(
            "band_label:N",
            title=None,
            sort=None,
            scale=alt.Scale(domain=["x"], range=["#000000"]),
            legend=alt.Legend(orient="bottom", direction="vertical"),
        ),
        order=alt.Order("band_order:Q"),
    )
    text = base.mark_text(color=BACKGROUND, fontWeight=700, fontSize=12, dx=-8, align="right")
    text = text.encode(
        text="count:Q", order=alt.Order("band_order:Q"), x=alt.X("end:Q", stack=None)
    )
    return alt.layer(bars, text).properties(
        width=WIDTH - 220, height=alt.Step(30), title=alt.Title("x", subtitle=["x"])
    )


# -------------------------------------------------------------------- filling


class Chart(dict):
    """A filled chart: the template's name and the patch that fills it.

    Pages carry only the patch (data, titles, scale domains) and the browser
    applies it to the shared template in /assets/charts/; ``spec()`` applies it
    the same way on the server, for static images and tests.
    """

    @property
    def template_name(self) -> str:
        return str(self["template"])

    def spec(self) -> dict[str, Any]:
        kind, decimals = self.template_name.rsplit("-", 1)
        spec = json.loads(template(kind, int(decimals)))
        for path, value in self["patch"]:
            set_path(spec, path, value)
        return spec


def set_path(spec: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path ("layer.0.encoding.color.scale"); charts.js does the same."""
    node: Any = spec
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _chart(
    kind: str,
    decimals: int,
    rows: Sequence[Mapping[str, Any]] | None,
    title: str,
    subtitle: Sequence[str],
    description: str,
    extra: Sequence[tuple[str, Any]] = (),
) -> Chart:
    patch: list[tuple[str, Any]] = []
    if rows is not None:
        patch.append(("datasets", {"data": [dict(r) for r in rows]}))
    # the description names the chart's container on the page (aria-labelledby), so the
    # patch does not carry it a second time
    del description
    patch += [("title", title_patch(title, subtitle)), *extra]
    return Chart(template=f"{kind}-{decimals}", patch=patch)


#: Characters per title line: a chart 288 px wide (a 320 px screen) holds about this
#: many at the title's and subtitle's font sizes. Vega does not wrap titles itself.
TITLE_CHARS = 30
SUBTITLE_CHARS = 40


def title_patch(title: str, subtitle: Sequence[str]) -> dict[str, Any]:
    """The title and subtitle as lines short enough for a phone (WCAG 1.4.10 reflow)."""
    return {
        "text": list(_wrapped(title, TITLE_CHARS)),
        "subtitle": [line for part in subtitle for line in _wrapped(part, SUBTITLE_CHARS)],
    }


@functools.lru_cache(maxsize=1 << 14)
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    """One text as lines of at most ``width`` characters; cached, as 290 kommuner's
    charts of an indicator repeat its titles (textwrap was a fifth of drawing the charts,
    profiled on a one-kommun night)."""
    return tuple(textwrap.wrap(text, width, break_on_hyphens=False) or [text])


def _scale_paths(kind: str, decimals: int, channel: str) -> list[str]:
    """Where a channel's scale sits in a template (in each layer that encodes it)."""
    spec = json.loads(template(kind, decimals))
    layers = spec.get("layer", [spec])
    out = []
    for i, part in enumerate(layers):
        enc = part.get("encoding", {}).get(channel)
        if enc is not None and "scale" in enc:
            out.append(
                f"layer.{i}.encoding.{channel}.scale"
                if "layer" in spec
                else f"encoding.{channel}.scale"
            )
    return out


@cache
def _paths(kind: str, decimals: int, channel: str) -> tuple[str, ...]:
    return tuple(_scale_paths(kind, decimals, channel))


def series_chart(
    kind: str,
    series: Sequence[tuple[str, str, Mapping[int, float | None]]],
    years: Sequence[int],
    decimals: int,
    title: str,
    subtitle: Sequence[str],
    description: str,
) -> Chart:
    """An over-time (or gender) chart: ``series`` is (role, name, {year: value}).

    Every series gets a row for every year, null where the value is missing, so
    the line breaks at a gap instead of bridging it.
    """
    rows = [
        {"series": name, "year": list(years), "value": [values.get(year) for year in years]}
        for _, name, values in series
    ]
    names = [name for _, name, _ in series]
    styles = [SERIES_STYLE[role] for role, _, _ in series]
    extra = []
    for channel, rng in (
        ("color", [s[0] for s in styles]),
        ("strokeWidth", [s[1] for s in styles]),
        ("strokeDash", [s[2] or [1, 0] for s in styles]),
    ):
        for path in _paths(kind, decimals, channel):
            extra.append((path, {"domain": names, "range": rng}))
    return _chart(kind, decimals, rows, title, subtitle, description, extra)


def among_rows(
    values: Sequence[tuple[str, str, float]], riket: float | None
) -> list[dict[str, Any]]:
    """The shared data of an among-kommuner chart: (code, name, value) of every kommun."""
    rows: list[dict[str, Any]] = [
        {"code": code, "name": name, "value": value} for code, name, value in values
    ]
    if riket is not None:
        rows.append({"code": "0000", "name": "Riket", "value": riket})
    return rows


def among_chart(
    data_url: str,
    code: str,
    decimals: int,
    title: str,
    subtitle: Sequence[str],
    description: str,
) -> Chart:
    """All kommuner on one axis, the kommun and Riket marked and labelled.

    The 290 values come from one shared file per KPI and year (``among_rows``),
    so that each page carries only which kommun to mark.
    """
    return _chart(
        "among_kommuner",
        decimals,
        None,
        title,
        subtitle,
        description,
        [("data", {"url": data_url}), ("params.0.value", code)],
    )


def answers_chart(
    answers: Mapping[int, str | None],
    years: Sequence[int],
    labels: Sequence[str],
    title: str,
    subtitle: Sequence[str],
    description: str,
) -> Chart:
    """The kommun's answer per year; a year without an answer stays on the axis."""
    order = {label: i for i, label in enumerate(labels)}
    rows = [
        {"year": year, "label": label, "order": order[label]}
        for year, label in sorted(answers.items())
        if label is not None
    ]
    shapes = ["circle", "square", "triangle-up", "diamond", "cross"][: len(labels)]
    return _chart(
        "answers",
        0,
        rows,
        title,
        subtitle,
        description,
        [
            ("encoding.y.scale", {"domain": list(labels)}),
            ("encoding.x.scale", {"domain": list(years)}),
            ("encoding.shape.scale", {"domain": list(labels), "range": shapes}),
        ],
    )


def answer_shares_chart(
    counts: Sequence[tuple[str, int]],
    own: str | None,
    title: str,
    subtitle: Sequence[str],
    description: str,
) -> Chart:
    """How many kommuner give each answer, the kommun's own answer highlighted."""
    rows = [
        {
            "label": label,
            "count": count,
            "order": i,
            "own": "ja" if label == own else "nej",
            "text": f"{count}" + (" (kommunens svar)" if label == own else ""),
        }
        for i, (label, count) in enumerate(counts)
    ]
    return _chart("answer_shares", 0, rows, title, subtitle, description)


def area_overview_chart(
    areas: Sequence[tuple[str, Mapping[str, int]]],
    bands: Sequence[str],
    title: str,
    subtitle: Sequence[str],
    description: str,
) -> Chart:
    """Stacked bars: per area, the number of indicators in each band."""
    rows = []
    for order, (area, counts) in enumerate(areas):
        end = 0
        for band_order, band in enumerate(bands):
            count = counts.get(band, 0)
            end += count
            if count:
                rows.append(
                    {
                        "area": area,
                        "order": order,
                        "band_label": BAND_STYLE[band][1],
                        "band_order": band_order,
                        "count": count,
                        "end": end,
                    }
                )
    labels = [BAND_STYLE[b][1] for b in bands]
    colours = [BAND_STYLE[b][0] for b in bands]
    return _chart(
        "area_overview",
        0,
        rows,
        title,
        subtitle,
        description,
        [("layer.0.encoding.color.scale", {"domain": labels, "range": colours})],
    )


SHARE_WIDTH, SHARE_HEIGHT = 1200, 630


def share_chart(chart: Chart, title_lines: Sequence[str], subtitle: Sequence[str]) -> Chart:
    """The same chart as a 1200×630 share image (og:image): big type, fitted exactly."""
    patch = [p for p in chart["patch"] if p[0] not in ("title",)]
    patch += [
        ("title", {"text": list(title_lines), "subtitle": list(subtitle)}),
        ("width", SHARE_WIDTH),
        ("height", SHARE_HEIGHT),
        ("autosize", {"type": "fit", "contains": "padding"}),
        ("padding", 28),
        ("config.title.fontSize", 30),
        ("config.title.subtitleFontSize", 20),
        ("config.axis.labelFontSize", 18),
        ("config.legend.labelFontSize", 18),
        ("config.legend.orient", "right"),
    ]
    return Chart(template=chart.template_name, patch=patch)


def template_names() -> list[str]:
    """The file name of every template in /assets/charts/ (decimals 0–3)."""
    return [f"{kind}-{decimals}.json" for kind in KINDS for decimals in range(4)]


def template_files() -> dict[str, bytes]:
    """Every template as a file for /assets/charts/ (decimals 0–3)."""
    out = {}
    for name in template_names():
        kind, decimals = name.removesuffix(".json").rsplit("-", 1)
        out[name] = template(kind, int(decimals)).encode("utf-8")
    return out


def for_static(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec as rendered server-side for the no-JS fallback: lines without point
    marks (smaller files), nothing interactive.

    A value with a gap (or the axis end) on both sides draws no line at all, so
    when a series has one, the points stay: a lone year must still be seen.
    """
    out = json.loads(json.dumps(spec))
    out.setdefault("config", {})["font"] = STATIC_FONT
    if (
        out.get("layer")
        and out["layer"][0].get("mark", {}).get("type") == "line"
        and not has_isolated_value(out)
    ):
        out["layer"] = [
            part for part in out["layer"] if part.get("mark", {}).get("type") != "point"
        ]
    return out


def has_isolated_value(spec: Mapping[str, Any]) -> bool:
    """Whether a line chart's data has a value with no value beside it (no line to it)."""
    for row in spec.get("datasets", {}).get("data", []):
        values = row.get("value")
        if not isinstance(values, list):
            continue
        padded = [None, *values, None]
        for i in range(1, len(padded) - 1):
            if padded[i] is not None and padded[i - 1] is None and padded[i + 1] is None:
                return True
    return False


def spec_json(spec: Mapping[str, Any]) -> str:
    """JSON for a ``<script type="application/json">`` block: nothing can close the tag."""
    return script_json(spec)


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
