"""The answers chart drawn without Vega (write/answerchart.py): it must show what Vega shows.

A kommun's answer per year is drawn in Python like the line charts (issue 16). These
tests hold it to vl-convert: the same image size and plot origin, every symbol at the
same place with the same path, the same texts; on the answers real data gives (yes/no,
three ordered answers, four, years missing, a single year, long labels) and in the
1200×630 share variant. What Vega would lay out otherwise stays Vega's (``drawable``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc
from PIL import ImageChops

from insyn.build import images
from insyn.write import answerchart, charts, textwidth
from tests.helpers.raster import grey_pair

YEARS = list(range(2013, 2023))
THREE = ["Ja, alla", "Ja, några", "Nej"]


def _chart(answers, labels, years=None, title="Mellerud svarar ”Ja, några” 2022"):
    years = sorted(answers) if years is None else years
    return charts.answers_chart(
        answers,
        years,
        labels,
        title,
        ["Erbjuder kommunen sociala insatser?", "Svarsalternativ.", "Källa: Kolada."],
        "d",
    )


def _spec(chart):
    return charts.for_static(chart.spec())


CASES = {
    "yes-no": (
        {2021: "Ja", 2022: "Nej"},
        ["Ja", "Nej"],
        None,
    ),
    # three ordered answers over ten years, two of them without an answer
    "three-with-gaps": (
        {2013: "Nej", 2014: "Nej", 2016: "Ja, några", 2017: "Ja, några", 2018: "Ja, alla"}
        | {2020: "Ja, alla", 2021: "Ja, några", 2022: "Ja, alla"},
        THREE,
        YEARS,
    ),
    "one-year": ({2022: "Ja, några"}, THREE, [2022]),
    # four answers: circle, square, triangle, diamond
    "four": (
        {2019: "Ja, alla", 2020: "Ja, de flesta", 2021: "Ja, några", 2022: "Nej"},
        ["Ja, alla", "Ja, de flesta", "Ja, några", "Nej"],
        [2019, 2020, 2021, 2022],
    ),
    # a year listed on the axis without any answer at all
    "answer-missing": ({2021: "Balans", 2022: None}, ["Underskott", "Balans", "Överskott"], None),
    "long-labels": (
        {2020: "Ja, i samtliga verksamheter", 2022: "Nej, inte i någon verksamhet"},
        ["Ja, i samtliga verksamheter", "Ja, i vissa verksamheter", "Nej, inte i någon verksamhet"],
        [2020, 2021, 2022],
    ),
    # five answers: the cross (answers_chart's fifth shape)
    "five": (
        {2021: "Mycket bra", 2022: "Dåligt"},
        ["Mycket bra", "Bra", "Varken bra eller dåligt", "Dåligt", "Mycket dåligt"],
        [2021, 2022],
    ),
}


def _case(name):
    answers, labels, years = CASES[name]
    return _chart(answers, labels, years)


@pytest.mark.parametrize("name", sorted(CASES))
def test_size_and_origin_are_vegas(name):
    """The image's width and height and the plot's origin: Vega's margins from the
    labels' widths (as vl-convert measures them) and the title, rounded up."""
    spec = _spec(_case(name))
    assert answerchart.drawable(spec)
    ours, vega = answerchart.svg(spec), images.slim_svg(vlc.vegalite_to_svg(spec))
    assert _size(ours) == _size(vega)
    assert _origin(ours) == _origin(vega)


@pytest.mark.parametrize("name", sorted(CASES))
def test_symbols_sit_where_vega_draws_them(name):
    """Every answer's symbol within a fifth of a pixel of Vega's, with Vega's path (the
    shape the answer's place in the domain gives it), in Vega's order."""
    spec = _spec(_case(name))
    ours = _symbols(answerchart.svg(spec))
    vega = _symbols(images.slim_svg(vlc.vegalite_to_svg(spec)))
    assert len(ours) == len(vega) == sum(1 for v in CASES[name][0].values() if v)
    for (x, y, d), (vx, vy, vd) in zip(ours, vega, strict=True):
        assert abs(x - vx) <= 0.2 and abs(y - vy) <= 0.2, (x, y, vx, vy)
        assert _close_paths(d, vd), (d, vd)


@pytest.mark.parametrize("name", sorted(CASES))
def test_texts_are_vegas(name):
    """The years, the answers in the domain's order and the title's lines."""
    spec = _spec(_case(name))
    ours = _texts(answerchart.svg(spec))
    vega = _texts(images.slim_svg(vlc.vegalite_to_svg(spec)))
    assert ours == vega


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_positions_are_vegas(name):
    """Each axis label where Vega sets it (to a fifth of a pixel); the title's lines
    start where Vega starts them (within the half pixel of linechart's baselines)."""
    spec = _spec(_case(name))
    ours = _placed_texts(answerchart.svg(spec))
    vega = _placed_texts(images.slim_svg(vlc.vegalite_to_svg(spec)))
    assert [t for t, _, _ in ours] == [t for t, _, _ in vega]
    for (text, x, y), (_, vx, vy) in zip(ours, vega, strict=True):
        assert abs(x - vx) <= 0.2, (text, x, vx)
        assert abs(y - vy) <= 0.5, (text, y, vy)


@pytest.mark.parametrize("name", ["three-with-gaps", "one-year", "yes-no"])
def test_share_image_looks_like_vegas(name):
    """The share variant (1200×630, big type, fitted): the same size and origin as
    Vega's, the symbols in place, and few pixels differ much once rasterized."""
    share = charts.share_chart(
        _case(name), ["Mellerud: sociala insatser", "svarar ”Ja, några”"], ["Källa: Kolada."]
    )
    spec = share.spec()
    assert answerchart.drawable(spec)
    ours = answerchart.svg(spec)
    vega_svg = images.slim_svg(vlc.vegalite_to_svg(spec))
    assert _size(ours) == _size(vega_svg) == ("1200", "630")
    assert _origin(ours) == _origin(vega_svg)
    for (x, y, d), (vx, vy, vd) in zip(_symbols(ours), _symbols(vega_svg), strict=True):
        assert abs(x - vx) <= 0.2 and abs(y - vy) <= 0.2 and _close_paths(d, vd)
    ours_png, vega_png = grey_pair(ours, spec)
    assert ours_png.size == vega_png.size == (1200, 630)
    dark = sum(ours_png.histogram()[:128])
    vega_dark = sum(vega_png.histogram()[:128])
    assert abs(dark - vega_dark) / vega_dark < 0.05, (dark, vega_dark)
    # where the pictures differ by more than a shade: a few type edges of the subtitle
    differ = sum(ImageChops.difference(ours_png, vega_png).histogram()[65:])
    assert differ / (1200 * 630) < 0.005, differ


def test_text_from_data_is_escaped():
    label = '<b>&"x"'
    spec = _spec(_chart({2021: label, 2022: "Nej"}, [label, "Nej"], title="<x> & ”y”"))
    assert answerchart.drawable(spec)
    svg = answerchart.svg(spec)
    ET.fromstring(svg)  # well-formed
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "&lt;x&gt; &amp;" in svg
    assert _texts(svg) == _texts(images.slim_svg(vlc.vegalite_to_svg(spec)))


def test_output_is_deterministic():
    spec = _spec(_case("three-with-gaps"))
    assert answerchart.svg(spec) == answerchart.svg(_spec(_case("three-with-gaps")))


@pytest.mark.parametrize(
    ("shape", "path"),
    [
        ("circle", "M6.3,0A6.3,6.3,0,1,1,-6.3,0A6.3,6.3,0,1,1,6.3,0"),
        ("square", "M-6.3,-6.3h12.6v12.6h-12.6Z"),
        ("triangle-up", "M0,-5.5L-6.3,5.5L6.3,5.5Z"),
        ("diamond", "M-6.3,0L0,-6.3L6.3,0L0,6.3Z"),
        (
            "cross",
            "M-6.3,-2.5L-6.3,2.5L-2.5,2.5L-2.5,6.3L2.5,6.3L2.5,2.5L6.3,2.5L6.3,-2.5"
            "L2.5,-2.5L2.5,-6.3L-2.5,-6.3L-2.5,-2.5Z",
        ),
        ("arrow", None),
    ],
)
def test_symbol_paths(shape, path):
    """vega-scenegraph's symbols at the template's size (160 px²), to a tenth."""
    assert answerchart.symbol_path(shape, 160) == path


def test_other_templates_are_left_to_vega():
    lines = charts.series_chart(
        "over_time", [("kommun", "Ale", {2021: 1.0, 2022: 2.0})], [2021, 2022], 0, "T", ["S"], "d"
    )
    shares = charts.answer_shares_chart([("Ja", 120), ("Nej", 170)], "Ja", "T", ["S"], "d")
    assert not answerchart.drawable(_spec(lines))
    assert not answerchart.drawable(_spec(shares))
    assert answerchart.drawable(_spec(_case("yes-no")))


@pytest.mark.parametrize(
    "labels",
    [
        # Vega would cut a label this long short (its labelLimit, 180 px)
        ["Ja, i samtliga verksamheter och i alla delar av kommunens organisation", "Nej"],
        # a character whose width is not in the table: Vega's margin is not known here
        ["Ja ✓", "Nej"],
    ],
)
def test_what_vega_lays_out_otherwise_is_left_to_vega(labels):
    spec = _spec(_chart({2022: labels[0]}, labels))
    assert not answerchart.drawable(spec)


def test_label_widths_are_vl_converts():
    """The widths that decide the left margin, kerning included ("AV" is narrower than
    "A" and "V"): Vega's title starts at minus the widest label and its padding."""
    for label in ["Ja, några", "AVAVAV", "Överskott", "Nej"]:
        spec = _spec(_chart({2022: label}, [label, "i"]))
        vega = images.slim_svg(vlc.vegalite_to_svg(spec))
        x = float(re.search(r'<g transform="translate\((-[\d.]+),-[\d.]+\)"><text', vega)[1])
        assert abs(textwidth.width(label, 12) + 7 + x) < 0.1, label


_SYMBOL = re.compile(r'<path transform="translate\(([-\d.]+),([-\d.]+)\)" d="([^"]+)"')
_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _size(svg: str) -> tuple[str, str]:
    m = re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', svg)
    assert m
    return m[1], m[2]


def _origin(svg: str) -> tuple[str, str]:
    m = re.search(r'<g fill="none"[^>]* transform="translate\(([-\d.]+),([-\d.]+)\)"', svg)
    assert m
    return m[1], m[2]


def _symbols(svg: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(y), d) for x, y, d in _SYMBOL.findall(svg)]


def _close_paths(ours: str, vega: str) -> bool:
    """The same commands, every number within a tenth (Vega's are truncated, ours rounded)."""
    a, b = _NUM.findall(ours), _NUM.findall(vega)
    return (
        _NUM.sub("", ours) == _NUM.sub("", vega)
        and len(a) == len(b)
        and all(abs(float(p) - float(q)) <= 0.11 for p, q in zip(a, b, strict=True))
    )


_SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return sorted("".join(t.itertext()) for t in root.iter(f"{_SVG}text"))


def _placed_texts(svg: str) -> list[tuple[str, float, float]]:
    """Each text with its position in the plot's frame (the groups' translations summed)."""
    out: list[tuple[str, float, float]] = []

    def walk(node: ET.Element, x: float, y: float) -> None:
        dx, dy = _translate(node.get("transform"))
        x, y = x + dx + float(node.get("x", 0)), y + dy + float(node.get("y", 0))
        if node.tag == f"{_SVG}text":
            out.append(("".join(node.itertext()), round(x, 1), round(y, 1)))
            return
        for child in node:
            walk(child, x, y)

    walk(ET.fromstring(svg), 0.0, 0.0)
    return sorted(out)


def _translate(transform: str | None) -> tuple[float, float]:
    m = re.match(r"translate\(([-\d.]+),([-\d.]+)\)", transform or "")
    return (float(m[1]), float(m[2])) if m else (0.0, 0.0)
