"""sitemap.xml and robots.txt: structure, absolute URLs, the 50 000-URL split, the embed rule."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from insyn.site import sitemap
from insyn.site.sitemap import robots_txt, sitemap_files

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DAY = date(2025, 9, 1)


def _locs(data: bytes, kind: str = "url") -> list[str]:
    root = ET.fromstring(data)
    return [el.findtext("s:loc", namespaces=NS) for el in root.findall(f"s:{kind}", NS)]


def _root_tag(data: bytes) -> str:
    return ET.fromstring(data).tag


def test_one_sitemap_with_absolute_sorted_unique_urls():
    urls = ["/mellerud/hemtjanst/", "/", "/mellerud/", "/ale/", "/mellerud/"]
    files = sitemap_files(urls, "https://example.se/insyn/", DAY)
    assert set(files) == {"sitemap.xml"}
    data = files["sitemap.xml"]
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert _root_tag(data) == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert _locs(data) == [
        "https://example.se/insyn/",
        "https://example.se/insyn/ale/",
        "https://example.se/insyn/mellerud/",
        "https://example.se/insyn/mellerud/hemtjanst/",
    ]
    root = ET.fromstring(data)
    assert {el.findtext("s:lastmod", namespaces=NS) for el in root} == {"2025-09-01"}


def test_output_does_not_depend_on_the_callers_order():
    urls = [f"/k{i}/" for i in range(30)]
    one = sitemap_files(urls, "https://example.se/", DAY)
    two = sitemap_files(list(reversed(urls)), "https://example.se/", DAY)
    assert one == two


@pytest.mark.parametrize(
    ("url", "loc"),
    [
        ("/a&b/", "https://example.se/a&b/"),  # entity-escaped in the file, parsed back
        ("/it's/", "https://example.se/it's/"),
        ("/åre/", "https://example.se/%C3%A5re/"),  # URLs in a sitemap are RFC 3986
        ("/a b/", "https://example.se/a%20b/"),
        ("/x?y=1", "https://example.se/x?y=1"),
        ("/%C3%A5/", "https://example.se/%C3%A5/"),  # already encoded stays as it is
    ],
)
def test_locations_are_escaped_and_encoded(url, loc):
    data = sitemap_files([url], "https://example.se/", DAY)["sitemap.xml"]
    assert _locs(data) == [loc]
    assert b"&amp;" in data or "&" not in url


def test_split_into_an_index_above_the_cap():
    urls = [f"/k{i:02d}/" for i in range(7)]
    files = sitemap_files(urls, "https://example.se/insyn/", DAY, max_urls=3)
    assert set(files) == {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}
    index = files["sitemap.xml"]
    assert _root_tag(index) == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert _locs(index, "sitemap") == [
        "https://example.se/insyn/sitemap-1.xml",
        "https://example.se/insyn/sitemap-2.xml",
        "https://example.se/insyn/sitemap-3.xml",
    ]
    parts = [_locs(files[f"sitemap-{n}.xml"]) for n in (1, 2, 3)]
    assert [len(p) for p in parts] == [3, 3, 1]
    assert sum(parts, []) == [f"https://example.se/insyn/k{i:02d}/" for i in range(7)]


def test_exactly_at_the_cap_is_one_file():
    files = sitemap_files(["/a/", "/b/", "/c/"], "https://example.se/", DAY, max_urls=3)
    assert set(files) == {"sitemap.xml"}


def test_the_real_limit_of_the_protocol():
    assert sitemap.MAX_URLS == 50_000
    urls = [f"/k{i}/" for i in range(50_001)]
    assert set(sitemap_files(urls[:-1], "https://example.se/", DAY)) == {"sitemap.xml"}
    files = sitemap_files(urls, "https://example.se/", DAY)
    assert set(files) == {"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"}
    assert len(_locs(files["sitemap-1.xml"])) == 50_000
    assert len(_locs(files["sitemap-2.xml"])) == 1


@pytest.mark.parametrize(
    ("urls", "base", "kwargs"),
    [
        (["mellerud/"], "https://example.se/", {}),  # not site-relative
        (["/"], "example.se/", {}),  # not absolute
        (["/"], "ftp://example.se/", {}),
        (["/"], "https://example.se/", {"max_urls": 0}),
    ],
)
def test_bad_input_is_refused(urls, base, kwargs):
    with pytest.raises(ValueError):
        sitemap_files(urls, base, DAY, **kwargs)


@pytest.mark.parametrize(
    ("base", "disallow", "sitemap_url"),
    [
        ("https://example.se/", "/embed/", "https://example.se/sitemap.xml"),
        ("https://example.se/insyn/", "/insyn/embed/", "https://example.se/insyn/sitemap.xml"),
        ("https://example.se/insyn", "/insyn/embed/", "https://example.se/insyn/sitemap.xml"),
        ("http://localhost:8000/a/b/", "/a/b/embed/", "http://localhost:8000/a/b/sitemap.xml"),
    ],
)
def test_robots_txt(base, disallow, sitemap_url):
    text = robots_txt(base).decode("utf-8")
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[0] == "User-agent: *"
    assert [ln for ln in lines if ln.startswith("Disallow:")] == [f"Disallow: {disallow}"]
    assert [ln for ln in lines if ln.startswith("Sitemap:")] == [f"Sitemap: {sitemap_url}"]
    # allow everything else: no rule for the whole site
    assert "Disallow: /\n" not in text
