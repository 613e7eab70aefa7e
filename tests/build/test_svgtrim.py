"""The static SVGs are trimmed without changing the picture (insyn/build/svgtrim.py, issue 16)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
import vl_convert as vlc
from PIL import Image, ImageChops

from insyn.build import images, svgtrim
from insyn.write import charts

YEARS = list(range(2016, 2026))
SERIES = [
    ("kommun", "Mellerud", {y: 70 + (y % 7) * 1.3 for y in YEARS if y != 2019}),
    ("lan", "Västra Götalands län", {y: 72 + (y % 5) * 0.7 for y in YEARS}),
    ("riket", "Riket", {y: 74 + (y % 3) * 0.9 for y in YEARS}),
]


def _charts() -> list[charts.Chart]:
    return [
        charts.series_chart(
            "over_time", SERIES, YEARS, 1, "Andel nöjda", ["Andel i procent"], "Linjer"
        ),
        charts.answers_chart(
            {2021: "Ja", 2022: "Nej", 2023: "Ja"}, [2021, 2022, 2023], ["Ja", "Nej"],
            "Finns en plan?", ["Svar"], "Svar",
        ),
        charts.answer_shares_chart([("Ja", 200), ("Nej", 90)], "Ja", "Så svarar", [], "Stap"),
    ]  # fmt: skip


def _png(svg: str) -> Image.Image:
    return Image.open(io.BytesIO(vlc.svg_to_png(svg))).convert("RGB")


@pytest.mark.parametrize("index", range(3))
def test_trim_keeps_the_picture(index):
    chart = _charts()[index]
    raw = vlc.vegalite_to_svg(charts.for_static(chart.spec()))
    trimmed = svgtrim.trim(raw)
    assert len(trimmed) < len(raw)
    ET.fromstring(trimmed)  # still well-formed XML
    assert trimmed.startswith("<svg ") and 'viewBox="' in trimmed
    one, two = _png(raw), _png(trimmed)
    assert one.size == two.size
    assert ImageChops.difference(one, two).getbbox() is None  # not one pixel differs


def test_slim_svg_trims():
    """The images' own slimming (images.slim_svg) ends with the trim."""
    raw = vlc.vegalite_to_svg(charts.for_static(_charts()[0].spec()))
    slim = images.slim_svg(raw)
    assert slim.count("font-family=") == 1 and ' opacity="1"' not in slim


def test_trim_keeps_every_text():
    raw = vlc.vegalite_to_svg(charts.for_static(_charts()[0].spec()))
    text = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
    assert text.findall(svgtrim.trim(raw)) == text.findall(raw)


def test_font_family_once_on_the_root():
    raw = vlc.vegalite_to_svg(charts.for_static(_charts()[0].spec()))
    trimmed = svgtrim.trim(raw)
    assert trimmed.count("font-family=") == 1
    assert trimmed.startswith(f'<svg font-family="{charts.STATIC_FONT}"')


def test_unwrap_groups_keeps_order_and_attributes():
    path = '<path d="M0,0L1,1" stroke="#000"/>'
    svg = f'<svg><g><g transform="translate(1,2)"><g>{path}</g></g></g></svg>'
    assert svgtrim._unwrap_groups(svg) == (f'<svg><g transform="translate(1,2)">{path}</g></svg>')


def test_painted_paths_stay():
    """A bare path is dropped only when nothing above it paints (root fill="none")."""
    svg = '<svg><g fill="#f00"><path d="M0,0h5v5h-5Z"/></g></svg>'
    assert '<path d="M0,0h5v5h-5Z"/>' in svgtrim.trim(svg)
