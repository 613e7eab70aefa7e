"""Page fragments for a CMS (publish/fragment.py) and the pages a CMS gets (sitepages.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from insyn.publish import sitepages
from insyn.publish.fragment import json_block_text, page_fragment, page_meta
from insyn.publish.model import Page

MINI = Path(__file__).parent.parent / "expected" / "mini"
#: Not the base the mini site was built for (https://insyn.example.se/): every
#: rewritten URL must land here, under the path /insyn/.
BASE = "https://static.example.org/insyn/"

# --- fragments of real pages ----------------------------------------------------------

PAGES = [
    "",
    "mellerud/",
    "mellerud/hemtjanst/",
    "habo-uppsala/ifo/",
    "omrade/hemtjanst/",
    "lan/uppsala/",
    "om/",
    "metod/",
    "data/",
    "tillganglighet/",
]


def _read(page: str) -> str:
    return (MINI / page / "index.html").read_text(encoding="utf-8")


def _urls(tree: LexborHTMLParser) -> list[str]:
    out = []
    for node in tree.css("[href], [src], [srcset]"):
        attrs = node.attributes
        out += [attrs[a] or "" for a in ("href", "src") if a in attrs]
        if "srcset" in attrs:
            out += [c.split()[0] for c in (attrs["srcset"] or "").split(",") if c.strip()]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_fragment_of_a_real_page(page):
    html = _read(page)
    out = page_fragment(html, page, BASE)
    tree = LexborHTMLParser(out)
    body = tree.body
    roots = [n for n in body.iter() if n.tag != "-text"]
    assert len(roots) == 1 and roots[0].tag == "div" and roots[0].attributes == {"class": "insyn"}
    wrapper = roots[0]
    first = wrapper.css_first("link")
    assert first.attributes == {"rel": "stylesheet", "href": BASE + "assets/insyn-fragment.css"}
    # the page's h1 is in, the site's chrome is not
    h1 = tree.css("h1")
    assert len(h1) == 1 and h1[0].text().strip() == page_meta(html)[0]
    for chrome in ("header", "footer", "main", "nav.breadcrumbs", "a.skip", ".site-nav"):
        assert tree.css_first(chrome) is None, chrome
    assert '<header class="site-header">' not in out and "<footer" not in out
    # the sample notice must survive
    assert tree.css_first(".notice").text().strip().startswith("Exempeldata.")
    # every URL is absolute: on the site's base, or absolute on the page already
    original = set(_urls(LexborHTMLParser(html)))
    for url in _urls(tree):
        assert url.startswith(("#", "mailto:", BASE)) or (
            url.startswith("https://") and url in original
        ), url
    assert any(u.startswith(BASE) for u in _urls(tree))
    # ids are kept: every id of <main> but <main>'s own
    main = LexborHTMLParser(html).css_first("main")
    ids = sorted(n.attributes["id"] for n in main.css("[id]") if n.tag != "main")
    assert sorted(n.attributes["id"] for n in wrapper.css("[id]")) == ids
    assert page_fragment(html, page, BASE) == out  # deterministic


@pytest.mark.parametrize("page", ["mellerud/hemtjanst/", "mellerud/", ""])
def test_fragment_scripts_are_the_pages_own_absolute_and_deferred(page):
    html = _read(page)
    tree = LexborHTMLParser(page_fragment(html, page, BASE))
    scripts = [n.attributes for n in tree.css("script[src]")]
    head = LexborHTMLParser(html).head.css("script[src]")
    assert len(scripts) == len(head) > 0
    for attrs, original in zip(scripts, head, strict=True):
        name = (original.attributes["src"] or "").rsplit("/", 1)[1]
        assert attrs == {"src": BASE + "assets/" + name, "defer": None}  # a bare attribute
    assert not tree.css('script[type="application/ld+json"]')  # names the static page


def test_chart_files_are_absolute_and_their_data_urls_resolve_on_the_site():
    """A kommun × area page's charts come from its diagram.json (issue 16): in a fragment
    its address is absolute, and the data URLs in it, relative to the file (charts.js
    resolves them so), point to the site's shared files."""
    page = "mellerud/hemtjanst/"
    tree = LexborHTMLParser(page_fragment(_read(page), page, BASE))
    assert not tree.css('script[type="application/json"]')
    srcs = {n.attributes["data-src"] for n in tree.css("[data-chart]")}
    assert srcs == {BASE + page + "diagram.json"}
    charts = json.loads((MINI / page / "diagram.json").read_text(encoding="utf-8"))
    keys = {n.attributes["data-chart"] for n in tree.css("[data-chart]")}
    assert keys <= set(charts)
    urls = re.findall(r'"url":"([^"]*)"', json.dumps(charts, separators=(",", ":")))
    resolved = [urljoin(BASE + page + "diagram.json", u) for u in urls]
    assert urls and all(u.startswith(BASE + "data/kommunvarden/") for u in resolved), resolved
    assert all((MINI / u[len(BASE) :]).is_file() for u in resolved)


def test_chart_data_urls_in_inline_specs_are_absolute():
    """Charts still inline on a page (the kommun's overview) get absolute data URLs."""
    page = "mellerud/"
    tree = LexborHTMLParser(page_fragment(_read(page), page, BASE))
    blocks = tree.css('script[type="application/json"]')
    assert blocks
    for block in blocks:
        assert block.text().startswith("<!--") and block.text().endswith("-->")
        json.loads(json_block_text(block.text()))
        assert '"url":"../' not in block.text()


SYNTHETIC = """<!doctype html><html lang="sv"><head><title>Sida – Webbplats</title>
<meta name="description" content="  Om  sidan. ">
<script src="../assets/a.js"></script><script type="application/ld+json">{}</script>
<link rel="stylesheet" href="../assets/style.css"></head>
<body><a class="skip" href="#innehall">Hoppa</a><header class="site-header">H</header>
<main id="innehall" tabindex="-1">
<nav class="breadcrumbs" aria-label="Brödsmulor"><ol><li><a href="../">Start</a></li></ol></nav>
<h1>Rubrik <em>här</em></h1>
<p><a href="#x" id="x">x</a> <a href="mailto:a@b.se">m</a> <a href="https://kolada.se/">k</a></p>
<img src="/img/a.svg" srcset="a.png 1x, ../b.png 2x" alt="">
<div data-src="c.json" data-chart="s"></div>
<script type="application/json" id="s">{"data":{"url":"../d.json"},
"t":"\\u003c/script\\u003e"}</script>
<textarea>&lt;iframe src="https://insyn.example.se/embed/k/"&gt;&lt;/iframe&gt;</textarea>
</main><footer>F</footer></body></html>"""


def test_fragment_rewrites_every_kind_of_url():
    out = page_fragment(SYNTHETIC, "k/", BASE)
    tree = LexborHTMLParser(out)
    assert tree.css_first('a[id="x"]').attributes["href"] == "#x"
    assert tree.css_first('a[href^="mailto:"]').attributes["href"] == "mailto:a@b.se"
    assert tree.css_first('a[href^="https://kolada"]') is not None
    img = tree.css_first("img").attributes
    assert img["src"] == BASE + "img/a.svg"
    assert img["srcset"] == f"{BASE}k/a.png 1x, {BASE}b.png 2x"
    div = tree.css_first("div[data-chart]").attributes
    assert div["data-src"] == BASE + "k/c.json" and div["data-chart"] == "s"  # an id, not a URL
    spec = tree.css_first("script#s").text()
    assert spec == '<!--{"data":{"url":"' + BASE + 'd.json"},"t":"\\u003c/script\\u003e"}-->'
    assert [n.attributes["src"] for n in tree.css("script[src]")] == [BASE + "assets/a.js"]
    # the snippet is text for a reader to copy, not a URL on this page
    assert 'src="https://insyn.example.se/embed/k/"' in tree.css_first("textarea").text()
    assert "Brödsmulor" not in out and "Hoppa" not in out and "F</footer>" not in out
    assert 'id="innehall"' not in out and "<main" not in out


def _strip_scripts_like_kses(html: str) -> str:
    """What WordPress's kses does to a fragment for a user without unfiltered_html, as
    far as this test needs it: the script and link tags go, their text stays."""
    return re.sub(r"</?(?:script|link)\b[^>]*>", "", html)


@pytest.mark.parametrize("page", ["mellerud/hemtjanst/", "mellerud/", ""])
def test_a_fragment_stripped_of_its_scripts_shows_no_json_and_no_dead_buttons(page):
    """Issue 17: where a CMS strips the scripts (and the ``hidden`` attribute), what is
    left reads like the page: no chart JSON as text, no copy button that does nothing."""
    out = page_fragment(_read(page), page, BASE)
    stripped = LexborHTMLParser(_strip_scripts_like_kses(out))
    text = stripped.body.text(deep=True)
    assert '"patch"' not in text and "{" not in text
    assert not stripped.css("button.copy, .copy-status")
    assert "Kopiera" not in text
    assert not [p for p in stripped.css("p") if not p.text().strip() and not p.css("*")]
    tree = LexborHTMLParser(out)
    blocks = tree.css('script[type="application/json"]')
    if page == "mellerud/hemtjanst/":
        # its charts come from diagram.json (issue 16): no block, but what a reader
        # needs without scripts is all there
        assert stripped.css("figcaption") and stripped.css("table")
    elif page == "mellerud/":
        assert blocks  # the overview's chart is still inline
    for block in blocks:  # the scripts, where kept, still read the JSON
        json.loads(json_block_text(block.text()))


def test_copy_buttons_are_dropped_with_the_paragraph_they_filled():
    html = (
        '<html><body><main><h1>R</h1><p><button type="button" class="copy" '
        'data-copy-target="t" hidden>Kopiera texten</button> <span class="copy-status" '
        'role="status"></span></p>\n<p>Kvar <button class="copy">K</button></p>'
        '<article id="t">Text</article></main></body></html>'
    )
    out = page_fragment(html, "k/", BASE)
    assert "Kopiera" not in out and "copy-status" not in out
    assert "<p>Kvar </p>" in out and '<article id="t">Text</article>' in out
    assert "<p> </p>" not in out and "<p></p>" not in out


def test_fragment_without_main_is_an_error():
    with pytest.raises(ValueError, match="no <main>"):
        page_fragment("<html><body><p>x</p></body></html>", "x/", BASE)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (SYNTHETIC, ("Rubrik här", "Om sidan.")),
        (
            '<html><head><title>T – S</title><meta property="og:title" content="Og">'
            "</head><body><main><p>x</p></main></body></html>",
            ("Og", ""),
        ),
        ("<html><head><title>Sidan – Insyn test</title></head><body></body></html>", ("Sidan", "")),
    ],
)
def test_page_meta(html, expected):
    assert page_meta(html) == expected


def test_page_meta_of_a_real_page():
    title, summary = page_meta(_read("mellerud/hemtjanst/"))
    assert title == "Hemtjänst i Melleruds kommun"
    # the summary is the press text's lead, whatever its wording this night
    assert "Melleruds kommun" in summary.split(" var ")[0] and "äldre med hemtjänst" in summary


# --- the pages a CMS gets (sitepages.py) -------------------------------------------------


def test_cms_page_files_are_the_pages_but_the_embeds():
    files = [
        "404.html",
        "assets/style.css",
        "embed/k/a/x/index.html",
        "index.html",
        "k/a/index.html",
        "k/a/data.csv",
        "k/index.html",
        "om/index.html",
        "embedded/index.html",
    ]
    assert sitepages.cms_page_files(files) == [
        "index.html",
        "embedded/index.html",
        "k/index.html",
        "k/a/index.html",
        "om/index.html",
    ]


def test_site_pages_of_the_mini_site():
    pages = sitepages.site_pages(MINI, BASE, "2026-11-22T03:17:00Z")
    paths = [p.path for p in pages]
    on_disk = sorted(
        str(p.parent.relative_to(MINI)) + "/"
        for p in MINI.rglob("index.html")
        if not str(p.relative_to(MINI)).startswith("embed/")
    )
    assert paths == sorted(paths) and paths[0] == ""
    # plus the list pages a page tree needs as parents ("lan/", "omrade/")
    containers = sorted(set(sitepages.CONTAINER_TITLES))
    assert sorted(paths[1:]) == sorted([*(p for p in on_disk if p != "./"), *containers])
    assert not any(p.startswith("embed/") for p in paths)
    by_path = {p.path: p for p in pages}
    page = by_path["mellerud/hemtjanst/"]
    assert page.title == "Hemtjänst i Melleruds kommun"
    assert "Melleruds kommun" in page.summary.split(" var ")[0]
    assert page.updated == "2026-11-22T03:17:00Z"
    assert page.html == page_fragment(_read("mellerud/hemtjanst/"), "mellerud/hemtjanst/", BASE)
    assert by_path[""].title == "Insyn test"
    assert len({p.sha256 for p in pages}) == len(pages)


def test_site_without_manifest_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="manifest"):
        sitepages.site_pages(tmp_path, BASE, "2026-11-22T03:17:00Z")


def test_missing_parents_become_list_pages():
    pages = [
        Page("", "Start", "", "t", "<div></div>"),
        Page("lan/uppsala/", "Uppsala län", "", "t", "<div></div>"),
        Page("lan/skane/", "Skåne län", "", "t", "<div></div>"),
        Page("mellerud/", "Mellerud", "", "t", "<div></div>"),
        Page("mellerud/hemtjanst/", "Hemtjänst", "", "t", "<div></div>"),
    ]
    (lan,) = sitepages.container_pages(pages, BASE, "t")
    assert (lan.path, lan.title) == ("lan/", "Län")
    assert f'<a href="{BASE}lan/skane/">Skåne län</a>' in lan.html
    assert lan.html.index("Skåne") < lan.html.index("Uppsala")
    assert "<h1>Län</h1>" in lan.html
