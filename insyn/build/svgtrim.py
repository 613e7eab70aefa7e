"""Trim the static chart SVGs further than images.slim_svg: same picture, fewer bytes.

A build writes some 30 000 static SVGs (one per indicator and kommun), so every
byte of the markup Vega emits for each one counts. What goes, and why the
picture stays the same:

- the font family on every ``<text>`` is set once on the root ``<svg>`` instead
  (``font-family`` is inherited, and Vega sets it on no group);
- ``opacity="1"`` (the initial value, not inherited) and ``transform="translate(0,0)"``
  (the identity); ``stroke-dasharray="1,0"`` stays: it changes how line joins are drawn;
- a ``<path>`` with nothing but its geometry: under the root group's ``fill="none"``
  and without a stroke it paints nothing (Vega's empty group backgrounds);
- a ``<g>`` without attributes, which only wraps (its children stay, in order);
- a trailing ``.0`` in numbers, a line's ``x2="0"``/``y2="0"`` (the initial value),
  ``stroke-width="1"`` and ``text-anchor="start"`` (initial values of inherited
  properties) where no group sets them, ``version`` and an unused ``xmlns:xlink``.

The root keeps ``width``, ``height`` and ``viewBox``, every text stays text (the
labels remain selectable and searchable), and the file stays a valid SVG.
The ARIA inside an image is not kept: the page's ``<img>`` sits in an element
with ``role="img"`` that is named by the chart's description (templates/_figure.html).
"""

from __future__ import annotations

import re

_FONT = re.compile(r' font-family="([^"]*)"')
_DROP = re.compile(r' (?:opacity="1"|transform="translate\(0,0\)")(?=[ />])')
#: inherited properties at their initial value: dropped where no group sets them
_INHERITED_DEFAULTS = (("stroke-width", "1"), ("text-anchor", "start"))
#: a line's x2 and y2 are 0 unless set
_LINE_ZERO = re.compile(r' [xy]2="0"(?=[ />])')
_BARE_PATH = re.compile(r'<path d="[^"]*"/>')
_ZERO = re.compile(r"(\d)\.0(?![\d])")
_GROUP_FONT = re.compile(r"<g [^>]*font-family")
_G_TAG = re.compile(r"<g>|<g [^>]*>|</g>")


def trim(svg: str) -> str:
    """The same picture in fewer bytes (see the module docstring)."""
    fonts = set(_FONT.findall(svg))
    if len(fonts) == 1 and not _GROUP_FONT.search(svg):
        # one family, and no group sets a font of its own: set it once on the root
        (family,) = fonts
        svg = _FONT.sub("", svg)
        svg = svg.replace("<svg ", f'<svg font-family="{family}" ', 1)
    svg = _DROP.sub("", svg)
    svg = _LINE_ZERO.sub("", svg)
    for attr, value in _INHERITED_DEFAULTS:
        if not re.search(f"<g [^>]*{attr}=", svg):
            svg = svg.replace(f' {attr}="{value}"', "")
    if "xlink:" not in svg.replace("xmlns:xlink", ""):
        svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "", 1)
    svg = svg.replace(' version="1.1"', "", 1)
    if _fill_only_at_root(svg):
        svg = _BARE_PATH.sub("", svg)
    svg = _ZERO.sub(r"\1", svg)
    return _unwrap_groups(svg)


def _fill_only_at_root(svg: str) -> bool:
    """Whether the only group that sets a fill or stroke is the root's ``fill="none"``:
    then a path without paint attributes of its own paints nothing."""
    groups = re.findall(r"<g [^>]*>", svg)
    painted = [g for g in groups if "fill=" in g or "stroke=" in g]
    return len(painted) == 1 and 'fill="none"' in painted[0] and "stroke=" not in painted[0]


def _unwrap_groups(svg: str) -> str:
    """Drop every ``<g>`` without attributes and its matching ``</g>``."""
    out: list[str] = []
    stack: list[bool] = []  # per open group: whether it is kept
    last = 0
    for m in _G_TAG.finditer(svg):
        out.append(svg[last : m.start()])
        last = m.end()
        tag = m.group(0)
        if tag == "</g>":
            if stack.pop():
                out.append(tag)
        elif tag == "<g>":
            stack.append(False)
        else:
            if not tag.endswith("/>"):
                stack.append(True)
            out.append(tag)
    out.append(svg[last:])
    return "".join(out)
