"""The theme stylesheet: the colours of config.yaml as CSS custom properties.

The Content-Security-Policy allows no inline styles (``style-src 'self'``), so
the configured colours cannot go into a ``style`` attribute or element. They go
into ``assets/theme.css`` instead, which every page links beside style.css;
style.css reads the properties with its own defaults as fallbacks, so a site
without theme.css still has the default look.

Pure: the validated site config in, bytes out.
"""

from __future__ import annotations

import logging

from insyn.config import Site

log = logging.getLogger(__name__)

#: CSS custom property → attribute of :class:`insyn.config.Colors`, in output order.
PROPERTIES = (
    ("--color-text", "text"),
    ("--color-bg", "background"),
    ("--color-primary", "primary"),
    ("--color-primary-dark", "primary_dark"),
    ("--color-accent", "accent"),
)


def theme_css(site: Site) -> bytes:
    """``assets/theme.css``: one ``:root`` rule with the configured colours.

    The colours were validated as ``#rrggbb`` (and for contrast) when config.yaml was
    loaded, so they are written as they are: nothing from the config can end the rule.
    """
    lines = [
        "/* Generated from config.yaml (site.colors) by insyn; edit the config, not this file. */",
        ":root {",
        *(f"  {prop}: {getattr(site.colors, attr)};" for prop, attr in PROPERTIES),
        "}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
