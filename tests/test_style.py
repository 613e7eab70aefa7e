"""static/style.css: WCAG contrast of the light and dark palettes, checked from the file itself.

The colours live in custom properties: the light palette on ``:root`` (each theme
variable of assets/theme.css with the default colour as fallback), the dark one in
``@media screen and (prefers-color-scheme: dark)``, where figures are a light island
because charts are drawn for a white background. A colour change that breaks
contrast fails here before anyone has to look at a page.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers.project import ROOT

CSS_PATH = ROOT / "static" / "style.css"
THEME_VARS = (
    "--color-primary",
    "--color-primary-dark",
    "--color-accent",
    "--color-text",
    "--color-bg",
)
TODAY = {  # the colours before theming: the fallbacks must keep the site as it was
    "--color-text": "#1b1b1b",
    "--color-bg": "#ffffff",
    "--color-primary": "#00558c",
}
DARK_MEDIA = "@media screen and (prefers-color-scheme: dark)"

# (foreground, background, minimum ratio): text 4.5:1, UI parts and focus 3:1 (WCAG 1.4.3, 1.4.11)
PAIRS = [
    ("--text", "--bg", 4.5),
    ("--muted", "--bg", 4.5),
    ("--accent", "--bg", 4.5),  # links, summary, button text
    ("--accent-dark", "--bg", 4.5),  # hovered links
    ("--bg", "--accent", 4.5),  # a hovered copy button: bg-coloured text on the accent
    ("--text", "--notice-bg", 4.5),
    ("--accent", "--notice-bg", 4.5),
    ("--focus", "--bg", 3.0),
    ("--field-border", "--bg", 3.0),  # the search field's border
    ("--highlight", "--bg", 3.0),  # the current page in the nav
    ("--notice-border", "--notice-bg", 3.0),
]
ISLAND_PAIRS = [  # a figure in dark mode: its own light colours
    ("--text", "--bg", 4.5),
    ("--muted", "--bg", 4.5),
    ("--accent", "--bg", 4.5),
    ("--focus", "--bg", 3.0),
]


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, 1.0 to 21.0."""
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def rules(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a stylesheet; a body keeps its nested rules."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, depth, start, prelude = [], 0, 0, ""
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                out.append((prelude, css[start:i]))
                start = i + 1
    return out


def declarations(body: str) -> dict[str, str]:
    """Custom properties of one rule body, each resolved to a #rrggbb colour when it is one.

    ``var(--color-x, #abc123)`` resolves to its fallback: that is the colour when
    theme.css is absent, and the one the palette is checked with.
    """
    out = {}
    for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", body):
        value = value.strip()
        fallback = re.fullmatch(r"var\(\s*--[\w-]+\s*,\s*(#[0-9a-fA-F]{6})\s*\)", value)
        out[name] = (fallback.group(1) if fallback else value).lower()
    return out


def palettes(css: str) -> dict[str, dict[str, str]]:
    """The light, dark and dark-figure palettes of the stylesheet."""
    top = rules(css)
    light = _body(top, lambda p: p == ":root", ":root")
    inner = rules(_body(top, lambda p: p == DARK_MEDIA, DARK_MEDIA))
    # ":root" with pseudo-classes only (":root:not(...)"), not a descendant of it
    dark = _body(inner, lambda p: re.fullmatch(r":root(:[\w-]+\(.*\))*", p), "dark :root")
    island = _body(inner, lambda p: p.endswith(".figure"), "dark .figure")
    return {
        "light": declarations(light),
        "dark": declarations(dark),
        "island": declarations(island),
    }


def _body(found: list[tuple[str, str]], match, what: str) -> str:
    bodies = [body for prelude, body in found if match(prelude)]
    assert bodies, f"style.css has no {what} rule"
    return bodies[0]


@pytest.fixture(scope="module")
def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pal(css) -> dict[str, dict[str, str]]:
    return palettes(css)


@pytest.mark.parametrize(
    ("fg", "bg", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),
        ("#767676", "#ffffff", 4.54),  # the well-known lightest grey that passes on white
        ("#ffffff", "#595959", 7.0),  # order does not matter
    ],
)
def test_contrast_ratio(fg, bg, ratio):
    assert contrast(fg, bg) == pytest.approx(ratio, abs=0.01 if ratio in (1.0, 21.0) else 0.05)


def test_declarations_resolve_theme_fallbacks():
    body = "--a: var(--color-text, #1B1B1B); --b: #fff4d6; --c: rgba(0, 0, 0, .25);"
    assert declarations(body) == {"--a": "#1b1b1b", "--b": "#fff4d6", "--c": "rgba(0, 0, 0, .25)"}


def test_rules_keep_nested_bodies():
    top = rules("a { b: c; } /* x { } */ @media x { :root { --a: #000000; } .f { --a: #ffffff; } }")
    assert [p for p, _ in top] == ["a", "@media x"]
    assert [p for p, _ in rules(top[1][1])] == [":root", ".f"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_palette_contrast(pal, scheme, fg, bg, minimum):
    colours = pal[scheme]
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, f"{scheme}: {fg} {colours[fg]} on {bg} {colours[bg]} is {ratio:.2f}:1"


@pytest.mark.parametrize(("fg", "bg", "minimum"), ISLAND_PAIRS)
def test_dark_mode_figures_are_light_and_readable(pal, fg, bg, minimum):
    colours = pal["island"]
    assert contrast(colours["--bg"], "#ffffff") == pytest.approx(1.0), (
        "charts need a white background"
    )
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, f"figure: {fg} {colours[fg]} on {bg} {colours[bg]} is {ratio:.2f}:1"


def test_every_colour_is_a_plain_hex_value(pal):
    for scheme, colours in pal.items():
        for name, value in colours.items():
            if name != "--scroll-shadow":  # a translucent shade, not a colour of text
                assert re.fullmatch(r"#[0-9a-f]{6}", value), f"{scheme} {name}: {value}"


def test_dark_palette_sets_every_light_colour(pal):
    assert set(pal["light"]) <= set(pal["dark"]), set(pal["light"]) - set(pal["dark"])


def test_theme_variables_are_used_with_todays_colours_as_fallback(css):
    for var in THEME_VARS:
        uses = re.findall(rf"var\(\s*{var}\s*(,\s*[^)]*)?\)", css)
        assert uses, f"{var} is not used"
        assert all(u.strip(", ") for u in uses), f"{var} used without a fallback"
    for var, colour in TODAY.items():
        assert re.search(rf"var\(\s*{var}\s*,\s*{colour}\s*\)", css, re.I), (
            f"{var} should fall back to {colour}"
        )


def test_every_property_used_is_defined(css, pal):
    """A typo in var(--name) would silently drop the colour."""
    defined = set(pal["light"])
    for name, fallback in re.findall(r"var\(\s*(--[\w-]+)\s*(,[^)]*)?\)", css):
        assert name in defined or fallback, f"var({name}) has neither a definition nor a fallback"


def test_focus_indicator_is_thick_enough(css):
    rule = re.search(r"(?m)^:focus-visible\s*\{([^}]*)\}", css)
    assert rule, "no global :focus-visible rule"
    width = re.search(r"outline:\s*(\d+(?:\.\d+)?)px\s+solid\s+var\(--focus\)", rule.group(1))
    assert width and float(width.group(1)) >= 2


def test_motion_print_and_dark_blocks_exist(css):
    preludes = [p for p, _ in rules(css)]
    for media in (
        "@media (prefers-reduced-motion: reduce)",
        "@media print",
        DARK_MEDIA,
    ):
        assert media in preludes, media
    reduce = dict(rules(css))["@media (prefers-reduced-motion: reduce)"]
    assert "transition: none" in reduce and "animation: none" in reduce
    assert "scroll-behavior: auto" in reduce
