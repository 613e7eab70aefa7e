"""The area overview drawn without Vega (write/overviewchart.py): it must show what Vega shows.

A kommun page's overview image is drawn in Python (a fortieth of Vega's time). These
tests hold it to vl-convert: the same image size, the bars at the same places in the
same colours, the same texts where Vega writes them (area labels cut at the axis'
labelLimit, counts, ticks, legend, title), and nearly the same pixels, on charts of
the shapes real data gives (ten areas, one area, bands without indicators, long names).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc
from PIL import ImageChops

from insyn.build import images
from insyn.write import charts, linechart, overviewchart
from insyn.write.figures import BANDS_DIRECTED
from tests.helpers.raster import grey_pair

LSS = "Stöd till personer med funktionsnedsättning (LSS)"
IFO = "Individ- och familjeomsorg övergripande"
SUBTITLE = [
    "Antal nyckeltal per läge jämfört med andra kommuner (nyckeltal med önskad riktning).",
    "Källa: Kolada. Placeringar: våra beräkningar.",
]


def _counts(top: int = 0, middle: int = 0, bottom: int = 0) -> dict[str, int]:
    return {"top": top, "middle": middle, "bottom": bottom}


CASES: dict[str, list[tuple[str, dict[str, int]]]] = {
    # Orsa's ten areas: two without a ranked indicator (left out, as Vega leaves them)
    "ten-areas": [
        ("Hemtjänst", _counts(3, 3)),
        ("Särskilt boende", _counts(1, 7, 1)),
        (LSS, _counts(1, 3, 1)),
        ("Socialpsykiatri", _counts(bottom=3)),
        ("Ekonomiskt bistånd", _counts(top=6)),
        ("Missbruks- och beroendevård", _counts()),
        ("Social barn- och ungdomsvård", _counts()),
        ("Våld i nära relationer", _counts(middle=2)),
        ("Hemlöshet", _counts(1, 0, 1)),
        (IFO, _counts(3, 1, 2)),
    ],
    "single-area": [("Äldreomsorg", _counts(2, 5, 1))],
    # many indicators: ticks by five, the last tick short of the axis' end
    "wide-counts": [
        ("Individ- och familjeomsorg", _counts(12, 20, 9)),
        ("Ekonomiskt bistånd", _counts(1, 3)),
        (LSS, _counts(bottom=17)),
    ],
    # short names, none cut: the plot starts where the widest ends
    "short-names": [("Hemtjänst", _counts(1, 1, 1)), ("Hemlöshet", _counts(middle=4))],
    # each area one order, told once per band: Vega sorts by the least (op "min")
    "order-ties": [
        ("Hemtjänst", _counts(top=1)),
        ("Särskilt boende", _counts(1, 1, 1)),
        ("Socialpsykiatri", _counts(middle=2)),
        ("Våld i nära relationer", _counts(bottom=1)),
    ],
}


def _spec(name: str, title: str = "Orsa jämfört med andra kommuner") -> dict:
    chart = charts.area_overview_chart(CASES[name], BANDS_DIRECTED, title, SUBTITLE, "Staplar")
    return charts.for_static(chart.spec())


_TRANSLATE = re.compile(r"translate\(([-0-9.]+),([-0-9.]+)\)")
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_SVG = "{http://www.w3.org/2000/svg}"


def _walk(svg: str):
    """Every element with its absolute offset and its inherited stroke width."""

    def walk(el, x, y, stroke_width):
        m = _TRANSLATE.search(el.get("transform", ""))
        if m:
            x, y = x + float(m.group(1)), y + float(m.group(2))
        stroke_width = el.get("stroke-width", stroke_width)
        yield el, x, y, stroke_width
        for child in el:
            yield from walk(child, x, y, stroke_width)

    return walk(ET.fromstring(svg), 0.0, 0.0, None)


def _bars(svg: str) -> list[tuple[str, list[float]]]:
    """The bars (paths with the template's 1.5 px stroke) as colour and x, y, w, h."""
    out = []
    for el, x, y, width in _walk(svg):
        if el.tag == f"{_SVG}path" and width == "1.5" and el.get("fill", "").startswith("#"):
            n = [float(v) for v in _NUM.findall(el.get("d", ""))]
            out.append((el.get("fill", ""), [x + n[0], y + n[1], n[2], n[3]]))
    return sorted(out, key=lambda b: (b[1][1], b[1][0]))


def _texts(svg: str) -> list[tuple[str, float, float]]:
    """Every text with where it stands (its translate and x/y, as either writes it)."""
    out = []
    for el, x, y, _ in _walk(svg):
        if el.tag == f"{_SVG}text":
            text = "".join(el.itertext())
            out.append((text, x + float(el.get("x", 0)), y + float(el.get("y", 0))))
    return sorted(out)


def _vega(spec: dict) -> str:
    return images.slim_svg(vlc.vegalite_to_svg(spec))


@pytest.mark.parametrize("name", sorted(CASES))
def test_bars_sit_where_vega_draws_them(name):
    """Every bar within a tenth of a pixel of Vega's (slim_svg truncates where this
    rounds), in its band's colour: the same plot origin, band step, stack and domain."""
    spec = _spec(name)
    assert overviewchart.drawable(spec)
    ours, vega = _bars(overviewchart.svg(spec)), _bars(_vega(spec))
    assert [c for c, _ in ours] == [c for c, _ in vega]
    for (_, a), (_, b) in zip(ours, vega, strict=True):
        assert all(abs(p - q) <= 0.11 for p, q in zip(a, b, strict=True)), (a, b)


@pytest.mark.parametrize("name", sorted(CASES))
def test_texts_are_vegas_and_where_vega_writes_them(name):
    """Area labels (cut: 'Stöd till personer …'), counts, ticks, axis title, legend and
    title: the same texts within a quarter pixel (the title's baseline rounds apart)."""
    spec = _spec(name)
    ours, vega = _texts(overviewchart.svg(spec)), _texts(_vega(spec))
    assert [t for t, _, _ in ours] == [t for t, _, _ in vega]
    for (text, x, y), (_, vx, vy) in zip(ours, vega, strict=True):
        assert abs(x - vx) <= 0.25 and abs(y - vy) <= 0.25, (text, x, y, vx, vy)


@pytest.mark.parametrize("name", sorted(CASES))
def test_image_is_the_size_vega_gives_it(name):
    spec = _spec(name)
    size = re.compile(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"')
    ours = size.search(overviewchart.svg(spec))
    vega = size.search(_vega(spec))
    assert ours and vega and ours.groups() == vega.groups()


@pytest.mark.parametrize("name", ["ten-areas", "wide-counts"])
def test_pixels_are_vegas(name):
    """Drawn by resvg, ours and Vega's differ by no more than anti-aliasing: no pixel
    by more than a quarter of the grey scale, and little on average."""
    spec = _spec(name)
    ours, vega = grey_pair(overviewchart.svg(spec), spec)
    assert ours.size == vega.size
    diff = ImageChops.difference(ours, vega)
    histogram = diff.histogram()
    assert sum(histogram[64:]) == 0
    mean = sum(i * n for i, n in enumerate(histogram)) / (ours.size[0] * ours.size[1])
    assert mean < 1.0, mean


def test_labels_are_cut_as_vega_cuts_them():
    """Vega cuts at labelLimit 110 by the width it measures (Liberation Sans, kerned)."""
    cut = [overviewchart.truncate(a, 110, 12) for a, _ in CASES["ten-areas"]]
    assert cut == [
        "Hemtjänst",
        "Särskilt boende",
        "Stöd till personer …",
        "Socialpsykiatri",
        "Ekonomiskt bistånd",
        "Missbruks- och be…",
        "Social barn- och u…",
        "Våld i nära relatio…",
        "Hemlöshet",
        "Individ- och familj…",
    ]


@pytest.mark.parametrize(
    ("text", "width"),
    [
        # what vl-convert measures at 12 px (found by bisecting labelLimit)
        ("Ekonomiskt bistånd", 104.051),
        ("Hemtjänst", 54.018),
        ("0123456789", 66.739),
        ("AVAVAV To", 59.362),  # kerned: 65.3 without
    ],
)
def test_label_width_is_vl_converts(text, width):
    assert overviewchart.label_width(text, 12) == pytest.approx(width, abs=0.01)


def test_text_from_data_is_escaped():
    areas = [('<b>&"x"', _counts(top=2)), ("Hemtjänst", _counts(middle=1))]
    chart = charts.area_overview_chart(areas, BANDS_DIRECTED, "<x> & y", SUBTITLE, "d")
    svg = overviewchart.svg(charts.for_static(chart.spec()))
    ET.fromstring(svg)  # well-formed
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and "&lt;x&gt; &amp; y" in svg


def test_drawing_is_deterministic():
    spec = _spec("ten-areas")
    assert overviewchart.svg(spec) == overviewchart.svg(_spec("ten-areas"))


def test_renderer_draws_it_without_vega():
    """build.images hands the overview to this module: the job's SVG is ours."""
    chart = charts.area_overview_chart(CASES["single-area"], BANDS_DIRECTED, "T", ["S"], "d")
    job = charts.Job(name="x", fmt="svg", template=chart.template_name, patch=chart["patch"])
    drawn = images.Renderer().render(job).decode("utf-8")
    assert drawn == overviewchart.svg(charts.for_static(chart.spec()))


def test_only_the_overview_template_is_drawn_here():
    over_time = charts.series_chart(
        "over_time", [("kommun", "Ale", {2021: 1.0, 2022: 2.0})], [2021, 2022], 0, "T", [], "d"
    )
    answers = charts.answer_shares_chart([("Ja", 120), ("Nej", 170)], "Ja", "T", [], "d")
    assert not overviewchart.drawable(charts.for_static(over_time.spec()))
    assert not overviewchart.drawable(answers.spec())
    assert not linechart.drawable(_spec("single-area"))
    # without its data (every area without indicators) Vega draws the empty chart
    empty = charts.area_overview_chart([("Hemtjänst", {})], BANDS_DIRECTED, "T", [], "d")
    assert not overviewchart.drawable(empty.spec())
    assert overviewchart.drawable(_spec("single-area"))
