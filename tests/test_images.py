"""Static images: SVG fallbacks and share PNGs rendered once, reused from the cache."""

from __future__ import annotations

import io

from PIL import Image
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import make_project, run_build


def test_images_are_rendered_once_and_used_by_the_pages(tmp_path):
    root = make_project(tmp_path)
    out = tmp_path / "site"
    first = run_build(root, out, "--only", "mellerud", "--jobs", "2", images=True)
    assert first.returncode == 0, first.stderr
    assert "ritade" in first.stderr
    cache = sorted((root / ".cache" / "images").iterdir())
    # every image rendered is one a page shows: a chart's SVG or a page's share PNG
    used = set()
    for html in out.rglob("index.html"):
        tree = HTMLParser(html.read_text("utf-8"))
        used |= {img.attributes["src"].rsplit("/", 1)[1] for img in tree.css("img.chart-static")}
        og = tree.css_first('meta[property="og:image"]')
        used |= {og.attributes["content"].rsplit("/", 1)[1]} if og else set()
    assert {p.name for p in cache} == used
    assert len(cache) > 40

    page = HTMLParser((out / "mellerud" / "hemtjanst" / "index.html").read_text("utf-8"))
    for img in page.css("img.chart-static"):
        assert (out / "mellerud" / "hemtjanst" / img.attributes["src"]).resolve().is_file()
    # one static image per indicator with charts (the main chart); none for a note
    charted = [s for s in page.css("section.indicator") if s.css("figure")]
    assert charted and len(page.css("img.chart-static")) >= len(charted)
    for section in page.css("section.indicator"):
        if not section.css("figure"):
            assert section.css_first("div.missing p").text().strip()
    svg = (
        out / "mellerud" / "hemtjanst" / page.css_first("img.chart-static").attributes["src"]
    ).read_text("utf-8")
    assert svg.startswith("<svg") and "aria-" not in svg

    share = page.css_first('meta[property="og:image"]').attributes["content"]
    png = out / share.split("/", 3)[3]
    with Image.open(io.BytesIO(png.read_bytes())) as image:
        assert image.size == (1200, 630)

    # a new output directory: every page is built again, the images come from the cache
    second = run_build(root, tmp_path / "site2", "--only", "mellerud", "--jobs", "2", images=True)
    assert second.returncode == 0, second.stderr
    assert "bilder: 0 ritade" in second.stderr, second.stderr
    assert sorted((root / ".cache" / "images").iterdir()) == cache
