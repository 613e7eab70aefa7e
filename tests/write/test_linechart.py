"""The line chart drawn without Vega (write/linechart.py): it must show what Vega shows.

The static image of a chart over time is drawn in Python (issue 16: a fiftieth of
Vega's time). These tests hold it to Vega: the same lines at the same coordinates, the
same y ticks and labels, the same years, the series in the legend, on charts of the
shapes real data gives (gaps, a lone year, decimals, negative values, one value).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc

from insyn.build import images
from insyn.write import charts, linechart
from tests.helpers.raster import grey_pair

YEARS = list(range(2013, 2023))


def _by_year(values):
    return dict(zip(YEARS, values, strict=True))


def _chart(series, decimals=0, years=YEARS, title="Mellerud: ökade till 38 procent 2022"):
    return charts.series_chart(
        "over_time",
        series,
        years,
        decimals,
        title,
        ["Nöjda med aktiviteterna. Andel i procent.", "Källa: Kolada, 2013–2022."],
        "d",
    )


def _spec(chart, static=True):
    spec = chart.spec()
    return charts.for_static(spec) if static else spec


CASES = {
    # Mellerud's nöjda med aktiviteterna: no survey in 2021, so 2022 stands alone
    "gap-and-lone-year": [
        ("kommun", "Mellerud", _by_year([64, 62, 56, 70, 65, 61, 71, 78, None, 38])),
        (
            "liknande",
            "Liknande kommuner",
            _by_year([61.14, 61.71, 61.86, 61, 69.14, 60.57, 60.57, 56.57, None, 44.71]),
        ),
        ("riket", "Riket", _by_year([63, 63, 63, 63, 64, 64, 63, 61, None, 54])),
    ],
    "decimals": [
        ("kommun", "Ale", _by_year([0, 0, 0, 3.4, 0, 0, 3.2, 0, 3.1, 0])),
        ("riket", "Riket", _by_year([5.2, 4.7, 4.8, 3.9, 3.9, 4.4, 4.5, 4.3, 5.5, 5.5])),
    ],
    # a cost against its reference: signed percentages below and above zero
    "negative": [
        ("kommun", "Åmål", _by_year([-12.5, -8, -3, 2, 6.5, 1, -4, -9, -15, -21])),
        ("riket", "Riket", dict.fromkeys(YEARS, 0.0)),
    ],
    "thousands": [
        (
            "kommun",
            "Göteborg",
            _by_year([1543, 1490, 1620, 1710, 1388, 1317, 1290, 1250, 1410, 1317]),
        ),
        (
            "riket",
            "Riket",
            _by_year([1020, 1100, 1180, 1210, 1150, 1090, 1050, 1040, 1030, 1020]),
        ),
    ],
    "one-value": [("kommun", "Malå", {2022: 97.0}), ("riket", "Riket", {2022: 97.0})],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_static_lines_sit_where_vega_draws_them(name):
    """Every line's points within a tenth of a pixel of Vega's (slim_svg truncates where
    this rounds), with the series' colour and width; Vega's empty subpaths aside."""
    decimals = 1 if name in ("decimals", "negative") else 0
    spec = _spec(_chart(CASES[name], decimals))
    assert linechart.drawable(spec)
    ours, vega = _lines(linechart.svg(spec)), _lines(images.slim_svg(vlc.vegalite_to_svg(spec)))
    assert [c for c, _, _ in ours] == [c for c, _, _ in vega]
    for (_, w, a), (_, v, b) in zip(ours, vega, strict=True):
        assert abs(w - v) <= 0.1
        assert len(a) == len(b)
        assert all(abs(p - q) <= 0.11 for p, q in zip(a, b, strict=True)), (a, b)


@pytest.mark.parametrize("name", sorted(CASES))
def test_static_ticks_and_labels_are_vegas(name):
    """The y labels (Swedish format: "1 500", "−10,0", "2,5"), the years and the legend."""
    decimals = 1 if name in ("decimals", "negative") else 0
    spec = _spec(_chart(CASES[name], decimals))
    ours = _texts(linechart.svg(spec))
    vega = _texts(vlc.vegalite_to_svg(spec))
    assert ours == vega


def test_points_only_where_a_value_stands_alone():
    """for_static keeps the point marks only where a year has no line to it (a lone
    2022): the drawing follows, a point per value; otherwise lines alone."""
    alone = linechart.svg(_spec(_chart(CASES["gap-and-lone-year"])))
    assert alone.count("<circle") == 27  # three series, nine values each
    joined = linechart.svg(_spec(_chart(CASES["thousands"])))
    assert "<circle" not in joined


def test_text_from_data_is_escaped():
    name = 'Å<b>&"'
    svg = linechart.svg(_spec(_chart([("kommun", name, {2021: 1.0, 2022: 2.0})], title="<x>")))
    ET.fromstring(svg)  # well-formed
    assert "<b>" not in svg and "&lt;x&gt;" in svg


def test_share_image_is_the_size_of_a_share_card():
    """The share variant (charts.share_chart: fit into 1200×630) draws at that size and
    looks like Vega's: few pixels differ much (type and lines in nearly the same place)."""
    chart = _chart(CASES["gap-and-lone-year"])
    share = charts.share_chart(
        chart, ["Mellerud: nöjda med aktiviteterna", "minskar till 38 procent"], ["Källa: Kolada."]
    )
    spec = share.spec()
    ours = linechart.svg(spec)
    assert 'width="1200" height="630"' in ours
    ours_png, vega_png = grey_pair(ours, spec)
    assert ours_png.size == vega_png.size == (1200, 630)
    dark = sum(ours_png.histogram()[:128])
    vega_dark = sum(vega_png.histogram()[:128])
    assert abs(dark - vega_dark) / vega_dark < 0.15, (dark, vega_dark)


@pytest.mark.parametrize(
    ("lo", "hi", "count", "domain", "ticks"),
    [
        # d3's nice() at ten, ticks at the axis' five (what Vega does with nice: true)
        (84, 90, 5, (84, 90), [84, 85, 86, 87, 88, 89, 90]),
        (65, 78.86, 5, (65, 79), [66, 68, 70, 72, 74, 76, 78]),
        (38, 78, 5, (35, 80), [40, 50, 60, 70, 80]),
        (0, 5.7, 5, (0, 6), [0, 1, 2, 3, 4, 5, 6]),
        (-21, 6.5, 5, (-22, 8), [-20, -15, -10, -5, 0, 5]),
        (1020, 1710, 5, (1000, 1800), [1000, 1200, 1400, 1600, 1800]),
        (97, 97, 5, (97, 97), [97]),
    ],
)
def test_nice_ticks(lo, hi, count, domain, ticks):
    d_lo, d_hi, got = linechart.nice_ticks(lo, hi, count)
    assert (d_lo, d_hi) == pytest.approx(domain)
    assert got == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1500, ",.0f", "1\u00a0500"),
        (-10, ",.1f", "\u221210,0"),
        (2.5, ",.1f", "2,5"),
        (-0.04, ",.1f", "0,0"),
        (0, ",.0f", "0"),
    ],
)
def test_format_number(value, fmt, text):
    assert linechart.format_number(value, fmt) == text


def test_only_the_line_template_is_drawn_here():
    answers = charts.answers_chart(
        {2021: "Ja", 2022: "Nej"}, [2021, 2022], ["Ja", "Nej"], "Svar", ["Källa"], "d"
    )
    assert not linechart.drawable(answers.spec())
    assert linechart.drawable(_spec(_chart(CASES["decimals"], 1)))


_PATH = re.compile(r'<path d="(M[^"]*)" stroke="(#[0-9a-f]+)" stroke-width="([0-9.]+)"')
_NUM = re.compile(r"-?\d+(?:\.\d+)?")


def _lines(svg: str) -> list[tuple[str, float, list[float]]]:
    out = []
    for d, colour, width in _PATH.findall(svg):
        d = re.sub(r"M[-0-9.]+,[-0-9.]+Z", "", d)
        if d:
            out.append(
                (colour, round(float(width), 1) // 0.1 / 10, [float(n) for n in _NUM.findall(d)])
            )
    return sorted(out, key=lambda x: (x[0], x[2]))


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return sorted("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
