"""THE URL scheme (insyn.site.urls): every kind of page, and page URL <-> output file."""

import pytest

from insyn.site import urls


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (urls.start(), "/"),
        (urls.kommun("mellerud"), "/mellerud/"),
        (urls.kommun_area("mellerud", "hemtjanst"), "/mellerud/hemtjanst/"),
        (urls.omrade("hemtjanst"), "/omrade/hemtjanst/"),
        (urls.lan("vastra-gotalands-lan"), "/lan/vastra-gotalands-lan/"),
        (urls.embed("mellerud", "hemtjanst", "U21468"), "/embed/mellerud/hemtjanst/u21468/"),
        (urls.embed_base("mellerud", "hemtjanst"), "/embed/mellerud/hemtjanst/"),
        (urls.embed_overview("mellerud"), "/embed/mellerud/oversikt/"),
        (urls.file_in("/mellerud/", "feed.xml"), "/mellerud/feed.xml"),
        (urls.rel("/mellerud/hemtjanst/"), "mellerud/hemtjanst/"),
    ],
)
def test_the_scheme(url, expected):
    assert url == expected


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("/", "index.html"),
        ("/mellerud/", "mellerud/index.html"),
        ("/embed/mellerud/hemtjanst/u21468/", "embed/mellerud/hemtjanst/u21468/index.html"),
        ("/mellerud/hemtjanst/data.json", "mellerud/hemtjanst/data.json"),
        ("/404.html", "404.html"),
    ],
)
def test_url_and_path_map_both_ways(url, path):
    assert urls.url_to_path(url) == path
    assert urls.path_to_url(path) == url


@pytest.mark.parametrize(
    ("base", "url", "expected"),
    [
        ("https://x.se/", "/mellerud/", "https://x.se/mellerud/"),
        ("https://x.se/insyn/", "/mellerud/", "https://x.se/insyn/mellerud/"),
        ("https://x.se/insyn", "mellerud/", "https://x.se/insyn/mellerud/"),
    ],
)
def test_absolute(base, url, expected):
    assert urls.absolute(base, url) == expected
