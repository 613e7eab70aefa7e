"""Our drawn SVG and Vega's rendering of the same spec, rasterised the same way (resvg in
vl-convert), in grey: what the drawn-chart tests compare pixel by pixel."""

from __future__ import annotations

import io
from typing import Any

import vl_convert as vlc
from PIL import Image


def grey_pair(ours_svg: str, spec: dict[str, Any]) -> tuple[Image.Image, Image.Image]:
    """(ours, Vega's) as greyscale images at scale 1."""
    ours = Image.open(io.BytesIO(bytes(vlc.svg_to_png(ours_svg, scale=1.0)))).convert("L")
    vega = Image.open(io.BytesIO(bytes(vlc.vegalite_to_png(spec, scale=1.0)))).convert("L")
    return ours, vega
