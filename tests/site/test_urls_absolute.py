"""Site URLs made absolute on another base (site/urls.py), as fragments and bundles need."""

from __future__ import annotations

import pytest

from insyn.site.urls import absolute_srcset, absolute_url

BASE = "https://static.example.org/insyn/"

# --- URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("../x", "mellerud/hemtjanst/", BASE + "mellerud/x"),
        ("../../", "mellerud/hemtjanst/", BASE),
        ("./", "mellerud/hemtjanst/", BASE + "mellerud/hemtjanst/"),
        ("press.txt", "mellerud/hemtjanst/", BASE + "mellerud/hemtjanst/press.txt"),
        ("data.csv?a=1#b", "mellerud/hemtjanst/", BASE + "mellerud/hemtjanst/data.csv?a=1#b"),
        ("assets/style.css", "", BASE + "assets/style.css"),
        ("mellerud/", "", BASE + "mellerud/"),
        (" ../feed.xml ", "mellerud/", BASE + "feed.xml"),
        # root-relative: the site root, which has a path of its own here
        ("/assets/charts.js", "mellerud/", BASE + "assets/charts.js"),
        ("/", "om/", BASE),
        # left as they are
        ("#innehall", "mellerud/", "#innehall"),
        ("#", "mellerud/", "#"),
        ("mailto:insyn@example.se", "mellerud/", "mailto:insyn@example.se"),
        ("https://www.kolada.se/", "mellerud/", "https://www.kolada.se/"),
        ("HTTP://EXAMPLE.SE/X", "mellerud/", "HTTP://EXAMPLE.SE/X"),
        ("//cdn.example.net/x.js", "mellerud/", "//cdn.example.net/x.js"),
        ("data:image/png;base64,AAAA", "", "data:image/png;base64,AAAA"),
        ("tel:+46101234567", "", "tel:+46101234567"),
    ],
)
def test_absolute_url(url, page, expected):
    assert absolute_url(url, page, BASE) == expected


@pytest.mark.parametrize("base", ["https://static.example.org/insyn", BASE, BASE + "/"])
def test_base_url_is_normalised_to_one_slash(base):
    assert absolute_url("../x", "a/b/", base) == BASE + "a/x"


def test_base_url_must_be_absolute():
    with pytest.raises(ValueError, match="absolute"):
        absolute_url("x", "", "static.example.org/")


@pytest.mark.parametrize(
    ("srcset", "expected"),
    [
        ("a.png", BASE + "k/a.png"),
        ("a.png 1x, ../b.png 2x", f"{BASE}k/a.png 1x, {BASE}b.png 2x"),
        (
            " /img/c.png  600w ,https://x.se/d.png 1200w",
            f"{BASE}img/c.png 600w, https://x.se/d.png 1200w",
        ),
    ],
)
def test_absolute_srcset(srcset, expected):
    assert absolute_srcset(srcset, "k/", BASE) == expected
