"""Chart colours against the chart background: marks 3:1 (WCAG 1.4.11), text 4.5:1 (1.4.3).

The colours are read from the built chart templates themselves (every kind,
every mark, every scale range, the shared config) and from the palettes that
fill them per page, so a new colour or a lower opacity cannot slip past.
See-through marks are judged by the colour they show: blended with the
background. Grid lines are decoration and exempt (WCAG 1.4.11 covers only
what is needed to understand the chart).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from insyn.config import contrast_ratio
from insyn.write import charts

MARK_CONTRAST = 3.0
TEXT_CONTRAST = 4.5
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Colours in a template's scale range that are placeholders, replaced per page.
PLACEHOLDER = "#000000"
#: Config keys holding text colours, and keys holding mark-like strokes.
CONFIG_TEXT = {"labelColor", "titleColor", "subtitleColor", "color"}
CONFIG_MARK = {"domainColor", "tickColor"}
CONFIG_DECORATION = {"gridColor"}


def blend(colour: str, opacity: float, background: str) -> str:
    """The colour a see-through mark shows on ``background`` (sRGB alpha blending)."""
    parts = []
    for i in (1, 3, 5):
        fg, bg = int(colour[i : i + 2], 16), int(background[i : i + 2], 16)
        parts.append(f"{round(opacity * fg + (1 - opacity) * bg):02x}")
    return "#" + "".join(parts)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),
        ("#949494", "#ffffff", 3.03),
        ("#0b5394", "#ffffff", 7.84),
    ],
    ids=["black-white", "same", "aa-text-limit", "aa-mark-limit", "kommun-blue"],
)
def test_contrast_formula(a, b, expected):
    assert contrast_ratio(a, b) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(b, a) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("colour", "opacity", "expected"),
    [("#000000", 1.0, "#000000"), ("#000000", 0.0, "#ffffff"), ("#6b6b6b", 0.55, "#aeaeae")],
    ids=["opaque", "invisible", "old-other-ticks"],
)
def test_blend(colour, opacity, expected):
    assert blend(colour, opacity, "#ffffff") == expected


# ------------------------------------------------------------------ what the templates use


def templates() -> dict[str, dict[str, Any]]:
    return {kind: json.loads(charts.template(kind, 0)) for kind in charts.KINDS}


def marks(spec: Any) -> Iterator[dict[str, Any]]:
    """Every unit spec (a dict with a "mark") anywhere in a layered spec."""
    if isinstance(spec, dict):
        if "mark" in spec:
            yield spec
        for value in spec.values():
            yield from marks(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from marks(value)


def mark_uses(kind: str, spec: dict[str, Any]) -> Iterator[tuple[str, str, float, str, float]]:
    """(id, colour, opacity, background, minimum) for every colour a mark draws with."""
    for n, unit in enumerate(marks(spec)):
        mark = unit["mark"] if isinstance(unit["mark"], dict) else {"type": unit["mark"]}
        is_text = mark["type"] == "text"
        minimum = TEXT_CONTRAST if is_text else MARK_CONTRAST
        opacity = float(mark.get("opacity", 1))
        where = f"{kind}/{n}:{mark['type']}"
        for key in ("color", "fill", "stroke"):
            colour = mark.get(key)
            if colour is None:
                continue
            if key == "stroke" and colour == charts.BACKGROUND:
                continue  # a gap between stacked bars, not a mark
            if is_text and colour == charts.BACKGROUND:
                # light text written on the bars: judged against every bar colour
                for band, (bar, _) in sorted(charts.BAND_STYLE.items()):
                    yield f"{where}.{key}-on-{band}", colour, opacity, bar, minimum
                continue
            yield f"{where}.{key}", colour, opacity, charts.BACKGROUND, minimum
        scale = unit.get("encoding", {}).get("color", {}).get("scale", {})
        for colour in scale.get("range", []):
            if colour != PLACEHOLDER:
                yield f"{where}.range", colour, opacity, charts.BACKGROUND, minimum


def config_uses(kind: str, spec: dict[str, Any]) -> Iterator[tuple[str, str, float, str, float]]:
    """Axis, legend and title colours of the shared config."""
    for section in ("axis", "legend", "title"):
        for key, colour in sorted(spec["config"].get(section, {}).items()):
            if not (isinstance(colour, str) and HEX.match(colour)):
                continue
            if key in CONFIG_DECORATION:
                continue
            assert key in CONFIG_TEXT | CONFIG_MARK, f"{kind}: unclassified config.{section}.{key}"
            minimum = TEXT_CONTRAST if key in CONFIG_TEXT else MARK_CONTRAST
            yield f"{kind}/config.{section}.{key}", colour, 1.0, charts.BACKGROUND, minimum


def palette_uses() -> Iterator[tuple[str, str, float, str, float]]:
    """The colours filled in per page: lines, bands, the highlighted kommun, the others."""
    for role, (colour, _, _) in sorted(charts.SERIES_STYLE.items()):
        yield f"series.{role}", colour, 1.0, charts.BACKGROUND, MARK_CONTRAST
    for band, (colour, _) in sorted(charts.BAND_STYLE.items()):
        yield f"band.{band}", colour, 1.0, charts.BACKGROUND, MARK_CONTRAST
    yield "highlight", charts.HIGHLIGHT, 1.0, charts.BACKGROUND, MARK_CONTRAST
    yield "others", charts.OTHERS, 1.0, charts.BACKGROUND, MARK_CONTRAST


def all_uses() -> list[tuple[str, str, float, str, float]]:
    uses = list(palette_uses())
    for kind, spec in templates().items():
        uses += mark_uses(kind, spec)
        uses += config_uses(kind, spec)
    return uses


USES = all_uses()


@pytest.mark.parametrize(
    ("colour", "opacity", "background", "minimum"),
    [u[1:] for u in USES],
    ids=[u[0] for u in USES],
)
def test_chart_colour_contrast(colour, opacity, background, minimum):
    shown = blend(colour, opacity, background) if opacity < 1 else colour
    ratio = contrast_ratio(shown, background)
    assert ratio >= minimum, (
        f"{colour} at opacity {opacity:g} shows as {shown} on {background}: "
        f"{ratio:.2f}:1 < {minimum:g}:1"
    )


def test_the_uses_cover_every_kind_and_the_see_through_ticks():
    """The walk above finds marks in every kind (so the table cannot be silently empty)."""
    kinds = {u[0].split("/")[0] for u in USES if "/" in u[0]}
    assert kinds == set(charts.KINDS)
    assert any(u[2] < 1 for u in USES), "the other kommuner's see-through ticks were not found"


@pytest.mark.parametrize("kind", charts.KINDS)
def test_chart_background_is_the_one_judged_against(kind):
    assert templates()[kind]["config"]["background"] == charts.BACKGROUND


@pytest.mark.parametrize("kind", charts.KINDS)
def test_every_colour_in_a_template_is_checked(kind):
    """No colour in a template escapes the table: each is a checked use, a placeholder or a grid."""
    checked = {u[1].lower() for u in USES}
    checked |= {PLACEHOLDER, charts.BACKGROUND}
    grid = {c.lower() for c in _config_values(templates()[kind], CONFIG_DECORATION)}
    found = set(_hex_values(templates()[kind]))
    unchecked = sorted(found - checked - grid)
    assert not unchecked, f"{kind}: colours not checked for contrast: {unchecked}"


def _hex_values(spec: Any) -> Iterator[str]:
    if isinstance(spec, dict):
        for value in spec.values():
            yield from _hex_values(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _hex_values(value)
    elif isinstance(spec, str) and HEX.match(spec):
        yield spec.lower()


def _config_values(spec: dict[str, Any], keys: set[str]) -> Iterator[str]:
    for section in spec["config"].values():
        if isinstance(section, dict):
            yield from (v for k, v in section.items() if k in keys)
