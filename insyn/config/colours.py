"""Colour contrast (WCAG 2.1): the theme's colours are checked when config.yaml loads,
so a site never ships text or chart marks a reader cannot see.
"""

from __future__ import annotations

import math

from insyn.config.schema import NON_TEXT_CONTRAST, TEXT_CONTRAST, ConfigError


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour (0 black … 1 white)."""

    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours, from 1.0 to 21.0."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def darken(colour: str, factor: float = 0.7) -> str:
    """``colour`` with every channel scaled by ``factor`` (the default primary_dark)."""
    return "#" + "".join(f"{int(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def _ratio_text(ratio: float) -> str:
    """The ratio rounded down, so a failing 4.496 never reads as a passing "4.50"."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def check_colors(colors: dict) -> None:
    """Every text and link colour must reach 4.5:1 on the background, the accent 3:1.

    Fills in ``primary_dark`` (derived from ``primary``) and lower-cases every colour,
    so the stylesheet is the same whatever case the config uses.
    """
    for key, value in colors.items():
        if value is not None:
            colors[key] = value.lower()
    derived = colors["primary_dark"] is None
    if derived:
        colors["primary_dark"] = darken(colors["primary"])
    background = colors["background"]
    rules = [
        ("text", TEXT_CONTRAST, "text"),
        ("primary", TEXT_CONTRAST, "link"),
        ("primary_dark", TEXT_CONTRAST, "link"),
        ("accent", NON_TEXT_CONTRAST, "non-text"),
    ]
    for key, minimum, kind in rules:
        ratio = contrast_ratio(colors[key], background)
        if ratio < minimum:
            note = (
                " (derived from site.colors.primary; set site.colors.primary_dark)"
                if key == "primary_dark" and derived
                else ""
            )
            raise ConfigError(
                f"site.colors.{key}: {kind} contrast {_ratio_text(ratio)} of {colors[key]} on "
                f"site.colors.background {background} is below {minimum:g}:1 (WCAG 2.1){note}"
            )
