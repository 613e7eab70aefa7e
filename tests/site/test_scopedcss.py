"""The site's CSS scoped to .insyn for CMS pages (site/scopedcss.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from insyn.site import scopedcss
from insyn.site.scopedcss import scoped_css

MINI = Path(__file__).parent.parent / "expected" / "mini"
BASE = "https://static.example.org/insyn/"

# --- CSS ----------------------------------------------------------------------------

NO_OUTSIDE: tuple[str, ...] = ()


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("h1 { color: red }", ".insyn h1 { color: red }\n"),
        ("h1,h2>a,.x ~ p + q{a:b}", ".insyn h1, .insyn h2 > a, .insyn .x ~ p + q {a:b}\n"),
        ("*, *::before { a: b }", ".insyn *, .insyn *::before { a: b }\n"),
        ("[hidden] { a: b }", ".insyn [hidden] { a: b }\n"),
        (":focus-visible { a: b }", ".insyn :focus-visible { a: b }\n"),
        ('a[href^="http://"]::after { a: b }', '.insyn a[href^="http://"]::after { a: b }\n'),
        (".chart:has(img.chart-static) .x {}", ".insyn .chart:has(img.chart-static) .x {}\n"),
        # the document root becomes the scope itself, qualifiers kept
        (":root { --text: #111; }", ".insyn { --text: #111; }\n"),
        ("html { a: b }", ".insyn { a: b }\n"),
        ("BODY { a: b }", ".insyn { a: b }\n"),
        ("body.embed { a: b }", ".insyn.embed { a: b }\n"),
        ("html.dark .x { a: b }", ".insyn.dark .x { a: b }\n"),
        ("html body .x { a: b }", ".insyn .x { a: b }\n"),
        ("html > body.y > p { a: b }", ".insyn.y > p { a: b }\n"),
        (
            ":root:not(:has(> body.embed)) .figure { a: b }",
            ".insyn:not(:has(> body.embed)) .figure { a: b }\n",
        ),
        # not the root: an element named like it, or html inside a function
        ("htmlx { a: b }", ".insyn htmlx { a: b }\n"),
        ("p:not(html) { a: b }", ".insyn p:not(html) { a: b }\n"),
        # already scoped: left alone (scoped_css is idempotent); a look-alike is not
        (".insyn .x { a: b }", ".insyn .x { a: b }\n"),
        (".insyn-x { a: b }", ".insyn .insyn-x { a: b }\n"),
        # comments and whitespace
        ("/* c */ h1 /* d */ , h2 { a: b /* e */ }", ".insyn h1, .insyn h2 { a: b  }\n"),
        ("h1\n\n  >\ta { a: b }\n\n\np{c:d}", ".insyn h1 > a { a: b }\n.insyn p {c:d}\n"),
        # nesting at-rules are scoped inside
        ("@media print { a { b: c } }", "@media print {\n.insyn a { b: c }\n}\n"),
        (
            "@media (min-width: 40em) { @supports (display: grid) { :root { a: b } } }",
            "@media (min-width: 40em) {\n@supports (display: grid) {\n.insyn { a: b }\n}\n}\n",
        ),
        ("@layer base { p { a: b } }", "@layer base {\n.insyn p { a: b }\n}\n"),
        (
            "@container (width > 30em) { p { a: b } }",
            "@container (width > 30em) {\n.insyn p { a: b }\n}\n",
        ),
        # left alone
        ("@layer base, print;", "@layer base, print;\n"),
        ('@import url("x.css") print;', '@import url("x.css") print;\n'),
        (
            "@font-face { font-family: X; src: url(f.woff2) format('woff2') }",
            '@font-face { font-family: X; src: url(f.woff2) format("woff2") }\n',  # strings: ""
        ),
        (
            "@keyframes spin { from { rotate: 0 } to { rotate: 1turn } }",
            "@keyframes spin { from { rotate: 0 } to { rotate: 1turn } }\n",
        ),
        ("@page { margin: 2cm }", "@page { margin: 2cm }\n"),
        ("", "\n"),
    ],
)
def test_scoped_css(css, expected):
    assert scoped_css(css, outside=NO_OUTSIDE) == expected


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        # Vega's tooltip lives outside the fragment: its rules stay global and it gets
        # the custom properties of :root
        (":root { --a: 1 }", ".insyn, #vg-tooltip-element { --a: 1 }\n"),
        ("#vg-tooltip-element td { a: b }", "#vg-tooltip-element td { a: b }\n"),
        ("#vg-tooltip-element.visible { a: b }", "#vg-tooltip-element.visible { a: b }\n"),
        ("#vg-tooltip-elementx { a: b }", ".insyn #vg-tooltip-elementx { a: b }\n"),
        ("html { a: b }", ".insyn { a: b }\n"),
        (":root .x { a: b }", ".insyn .x { a: b }\n"),
    ],
)
def test_scoped_css_outside_scope(css, expected):
    assert scoped_css(css) == expected


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        (
            "@font-face { font-family: X; src: url(f.woff2), url('../fonts/g.woff') }",
            "@font-face { font-family: X; src: url(https://static.example.org/insyn/assets/f.woff2),"
            ' url("https://static.example.org/insyn/fonts/g.woff") }\n',
        ),
        (
            ".x { background: url(/img/a.svg) }",
            ".insyn .x { background: url(https://static.example.org/insyn/img/a.svg) }\n",
        ),
        (".x { background: url(data:image/png;base64,AA) }", None),
        ('.x { background: url("https://cdn.example.net/a.png") }', None),
    ],
)
def test_scoped_css_urls_are_made_absolute(css, expected):
    out = scoped_css(css, base_url=BASE, outside=NO_OUTSIDE)
    if expected is None:  # absolute already: unchanged but for the scope
        assert out == scoped_css(css, outside=NO_OUTSIDE)
    else:
        assert out == expected


def test_scoped_css_light_only_drops_the_dark_scheme():
    css = (
        "@media screen and (prefers-color-scheme: dark) { :root { --bg: #000 } }\n"
        "@media (prefers-color-scheme:light) { p { a: b } }\n"
    )
    assert scoped_css(css, outside=NO_OUTSIDE, light_only=True) == (
        "@media (prefers-color-scheme:light) {\n.insyn p { a: b }\n}\n"
    )
    assert "#000" in scoped_css(css, outside=NO_OUTSIDE)


def _selectors(css: str) -> list[str]:
    """The selectors of every style rule, at any depth of @media."""
    out = []
    for line in css.splitlines():
        if "{" in line and not line.startswith("@") and not line.startswith(" "):
            out += [s.strip() for s in line.split("{", 1)[0].split(",")]
    return out


def test_the_site_css_is_scoped_everywhere():
    style = (MINI / "assets" / "style.css").read_text(encoding="utf-8")
    theme = (MINI / "assets" / "theme.css").read_text(encoding="utf-8")
    out = scopedcss.fragment_stylesheet(style, theme, BASE)
    selectors = _selectors(out)
    assert len(selectors) > 100
    for sel in selectors:
        assert sel.startswith((".insyn", "#vg-tooltip-element")), sel
        assert not re.search(r"(^|\s)(html|body|:root)\b", sel.split("(")[0]), sel
    # the palette of :root (style.css) and the theme's colours now live on .insyn
    assert re.search(r"^\.insyn, #vg-tooltip-element \{\s*--text:", out, re.MULTILINE)
    assert re.search(
        r"^\.insyn, #vg-tooltip-element \{\s*--color-text: #1b1b1b;", out, re.MULTILINE
    )
    assert out.index("--text: var(--color-text") < out.index("--color-text: ")  # site order
    assert "prefers-color-scheme: dark" not in out  # a fragment stays light, like an embed
    assert ".insyn { color-scheme: light; }" in out
    assert "/*" not in out.split("*/", 1)[1]  # the header is the only comment


def test_scoped_css_is_deterministic_and_idempotent():
    style = (MINI / "assets" / "style.css").read_text(encoding="utf-8")
    once = scoped_css(style, base_url=BASE)
    assert scoped_css(style, base_url=BASE) == once
    assert scoped_css(once, base_url=BASE) == once
