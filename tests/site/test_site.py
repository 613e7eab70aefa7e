"""The site around the data: theme, content pages, data page, 404, metadata, breadcrumbs.

Pure tests of the page builders in site/plan.py, metadata.py, embeds.py and theme.py,
and rendering tests over the pages of one kommun (Mellerud) built from the sample
snapshot, parsed with selectolax the way a crawler or a screen reader sees them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from selectolax.lexbor import LexborHTMLParser

from insyn import inputs
from insyn.config import Colors, Logo
from insyn.data import snapshot
from insyn.site import embeds as site_embeds
from insyn.site import metadata, plan, render, urls
from insyn.site.metadata import breadcrumbs, dataset_ld, file_size_text, json_ld, news_article_ld
from insyn.site.model import Page
from insyn.site.plan import CONTENT_PAGES, content_pages, data_page, not_found_page
from insyn.site.theme import theme_css
from insyn.write import text
from insyn.write.text import ContentError, PressText
from tests.helpers import whole as whole_site
from tests.helpers.project import ROOT

BASE = "https://insyn.example.se/"
NBSP = "\u00a0"
BUILD_TIME = datetime(2026, 1, 1, tzinfo=UTC)


# ---------------------------------------------------------------------- theme.css


@pytest.mark.parametrize(
    ("colors", "expected"),
    [
        (
            Colors(),
            {
                "--color-text": "#1b1b1b",
                "--color-bg": "#ffffff",
                "--color-primary": "#00558c",
                "--color-primary-dark": "#003b62",
                "--color-accent": "#00558c",
            },
        ),
        (
            Colors("#000000", "#fffff0", "#8b0000", "#5a0000", "#b35900"),
            {
                "--color-text": "#000000",
                "--color-bg": "#fffff0",
                "--color-primary": "#8b0000",
                "--color-primary-dark": "#5a0000",
                "--color-accent": "#b35900",
            },
        ),
    ],
)
def test_theme_css_sets_every_custom_property(config, colors, expected):
    css = theme_css(replace(config.site, colors=colors)).decode("utf-8")
    assert css.startswith("/*") and css.endswith("}\n")
    body = css[css.index(":root {") + len(":root {") : css.rindex("}")]
    pairs = [d.split(":") for d in body.split(";") if d.strip()]
    assert {name.strip(): value.strip() for name, value in pairs} == expected
    assert css.count("{") == 1 and css.count("}") == 1  # one rule, nothing else


def test_theme_css_is_deterministic(config):
    assert theme_css(config.site) == theme_css(config.site)


# --------------------------------------------------------------------- JSON-LD


HOSTILE = "Rubrik </script><script>alert(1)</script> & <!-- \u2028 slut"


def test_json_ld_escapes_html_and_round_trips():
    doc = {"@type": "NewsArticle", "headline": HOSTILE, "b": [1, "å"]}
    out = json_ld(doc)
    assert not any(ch in out for ch in "<>&\u2028")
    assert json.loads(out) == doc
    assert out == json_ld(dict(reversed(doc.items())))  # keys sorted: same bytes


def test_news_article_and_dataset(config):
    press = PressText(HOSTILE, "Ingressen.", ("Brödtext.",), None, "Om.", "Kontakt.", None)
    article = news_article_ld(config, press, "/mellerud/hemtjanst/", "/img/x.png", "2026-01-01")
    assert article["headline"] == HOSTILE and article["description"] == "Ingressen."
    assert article["datePublished"] == "2026-01-01" and article["inLanguage"] == "sv"
    assert article["image"] == BASE + "img/x.png"
    assert article["mainEntityOfPage"]["@id"] == BASE + "mellerud/hemtjanst/"
    assert article["publisher"]["name"] == config.site.organisation
    assert "datePublished" not in news_article_ld(config, press, "/a/", None, None)
    dataset = dataset_ld(
        config,
        name="N",
        description="D",
        url="/mellerud/hemtjanst/",
        years=[2019, 2016, 2025],
        variables=["A", "B"],
        files=[("/mellerud/hemtjanst/data.csv", "text/csv")],
        place="Melleruds kommun",
    )
    assert dataset["temporalCoverage"] == "2016/2025"
    assert dataset["license"] == config.site.licence.url
    assert dataset["isAccessibleForFree"] is True
    assert dataset["spatialCoverage"] == {"@type": "Place", "name": "Melleruds kommun"}
    assert dataset["distribution"] == [
        {
            "@type": "DataDownload",
            "contentUrl": BASE + "mellerud/hemtjanst/data.csv",
            "encodingFormat": "text/csv",
        }
    ]
    assert "temporalCoverage" not in dataset_ld(
        config, name="N", description="D", url="/", years=(), variables=(), files=()
    )


# ---------------------------------------------------------------- file sizes


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 byte"),
        (999, "999 byte"),
        (1000, "1,0 kB"),
        (4200, "4,2 kB"),
        (9949, "9,9 kB"),
        (9950, "10 kB"),
        (999_499, "999 kB"),
        (999_500, "1,0 MB"),
        (31_234_567, "31 MB"),
        (5_000_000_000, "5,0 GB"),
    ],
)
def test_file_size_text_in_swedish(size, expected):
    assert file_size_text(size) == expected.replace(" ", NBSP)


# ------------------------------------------------------------------ page builders


CONTENT = {
    "om": "# Om webbplatsen\n\nFörsta stycket med [en länk](../metod/) och *betoning*.\n\n"
    "## Vad visar sidorna?\n\n- en punkt\n\n### Underrubrik\n\nText <script>x</script>.\n",
    "metod": "# Metod\n\nHur vi räknar.\n",
}


def test_content_pages():
    built = {p.url: p for p in content_pages(CONTENT)}
    assert sorted(built) == ["/metod/", "/om/"]
    om = built["/om/"]
    assert om.template == CONTENT_PAGES["om"] and built["/metod/"].template == "content.html"
    ctx = om.context
    assert ctx["title"] == "Om webbplatsen"
    assert ctx["description"] == "Första stycket med en länk och betoning."
    assert ctx["breadcrumbs"] == breadcrumbs(("Om webbplatsen", "/om/"))
    body = str(ctx["body"])
    assert "<h2>Vad visar sidorna?</h2>" in body and "<h3>Underrubrik</h3>" in body
    assert "<h1" not in body and "Om webbplatsen" not in body  # the title is the page's h1
    assert "<script>" not in body and "&lt;script&gt;" in body  # raw HTML shown as text
    assert 'href="../metod/"' in body


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"om": "Ingen rubrik\n"}, "content/om.md: the first line must be the title"),
        ({"om": "#\n\nText\n"}, "content/om.md: the first line must be the title"),
        ({"om": "# Om\n\n# Två\n"}, "content/om.md: only the first line may be a '# ' heading"),
        ({"blogg": "# Blogg\n"}, "content/blogg.md: not a content page"),
    ],
)
def test_content_pages_refuse_bad_files(texts, message):
    with pytest.raises(ContentError, match=message):
        content_pages(texts)


def test_shipped_content_pages_exist_and_have_titles():
    texts = {slug: (ROOT / "content" / f"{slug}.md").read_text("utf-8") for slug in CONTENT_PAGES}
    titles = {p.url: p.context["title"] for p in content_pages(texts)}
    assert titles == {
        "/metod/": "Metod",
        "/om/": "Om webbplatsen",
        "/tillganglighet/": "Tillgänglighetsredogörelse",
    }
    statement = texts["tillganglighet"]
    for required in ("delvis förenlig", "https://www.digg.se/tdosanmalan", "axe-core", "WCAG"):
        assert required in statement, required


def test_data_page(config):
    downloads = [
        {"path": "data/observationer.csv", "title": "Alla värden", "format": "CSV", "size": 31e6},
        {"path": "/data/datapackage.json", "title": "Beskrivning", "format": "JSON", "size": 4200},
    ]
    page = data_page(downloads, config, (2016, 2025))
    assert page.url == "/data/" and page.template == "data.html"
    files = page.context["downloads"]
    assert [f["url"] for f in files] == ["/data/observationer.csv", "/data/datapackage.json"]
    assert [f["size"] for f in files] == [f"31{NBSP}MB", f"4,2{NBSP}kB"]
    (doc,) = [json.loads(d) for d in page.context["jsonld"]]
    assert doc["@type"] == "Dataset" and doc["temporalCoverage"] == "2016/2025"
    assert [d["encodingFormat"] for d in doc["distribution"]] == ["text/csv", "application/json"]
    assert "jsonld" not in data_page(downloads).context  # without config: the default (none)


def test_not_found_page():
    page = not_found_page()
    assert (page.url, page.template, page.context["not_found"]) == ("/404.html", "404.html", True)


# ------------------------------------------------------------------ rendered pages


@pytest.fixture(scope="module")
def site(config, reference, sample_model):
    """Every page of one kommun, the content, data and 404 pages, rendered: url → tree.
    The model is the session's (conftest.sample_model: charts for Mellerud only)."""
    snap = snapshot.load_snapshot(ROOT / "data" / "sample")
    only = [reference.kommun_by_slug("mellerud")]
    model = sample_model
    intros = {
        a.slug: render.markdown_to_html(inputs.read_text(ROOT / "content" / a.intro))
        for a in config.areas
    }
    texts = {slug: (ROOT / "content" / f"{slug}.md").read_text("utf-8") for slug in CONTENT_PAGES}
    planned = whole_site.plan_pages(model, config, reference, intros, only, published="2026-01-01")
    planned += content_pages(texts)
    planned.append(
        data_page(
            [{"path": "data/a.csv", "title": "A", "format": "CSV", "size": 1234}],
            config,
            snap.years,
        )
    )
    planned.append(not_found_page())
    # a hostile headline must not break out of the JSON-LD script element
    om = next(p for p in planned if p.url == "/om/")
    hostile = json_ld({"@context": "https://schema.org", "@type": "Thing", "name": HOSTILE})
    planned.append(Page("/om-test/", om.template, {**om.context, "jsonld": (hostile,)}))
    env = render.make_env(ROOT / "templates")
    env.globals["iframe"] = lambda url, title, fig: site_embeds.iframe_snippet(
        BASE + url, title, fig
    )
    common = {**metadata.common_context(snap, config, BUILD_TIME), "images": True}
    html = render.render_pages(env, planned, common)
    return {p.url: LexborHTMLParser(html[urls.url_to_path(p.url)].decode()) for p in planned}


KINDS = {
    "/": "start",
    "/mellerud/": "kommun",
    "/mellerud/hemtjanst/": "kommun_area",
    "/omrade/hemtjanst/": "area",
    "/lan/vastra-gotaland/": "lan",
    "/om/": "content",
    "/metod/": "content",
    "/tillganglighet/": "content",
    "/data/": "data",
    "/404.html": "404",
}


def _meta(tree, prop: str) -> str | None:
    node = tree.css_first(f'meta[property="{prop}"]') or tree.css_first(f'meta[name="{prop}"]')
    return None if node is None else node.attributes.get("content")


def _feeds(tree) -> list[str]:
    return [
        n.attributes["href"] for n in tree.css('link[rel="alternate"][type="application/atom+xml"]')
    ]


@pytest.mark.parametrize("url", sorted(KINDS))
def test_every_page_has_one_h1_landmarks_and_skip_link(site, url):
    tree = site[url]
    assert tree.css_first("html").attributes["lang"] == "sv"
    assert len(tree.css("h1")) == 1
    assert tree.css_first("body > *").attributes.get("class") == "skip"  # first in body
    assert tree.css_first("main#innehall") is not None
    assert len(tree.css('nav[aria-label="Huvudmeny"]')) == 1
    assert len(tree.css("header.site-header")) == 1 and len(tree.css("footer.site-footer")) == 1
    logo = tree.css_first("header.site-header img")
    assert logo is not None and logo.attributes["alt"] == "Insyn"
    sheets = [n.attributes["href"] for n in tree.css('link[rel="stylesheet"]')]
    assert [s.rsplit("/", 1)[-1] for s in sheets] == ["style.css", "theme.css"]
    footer = tree.css_first("footer.site-footer").text()
    assert "CC BY 4.0" in footer and "Kolada" in footer
    assert "Senast byggd" not in footer  # a daily date would rewrite every page each day


@pytest.mark.parametrize("url", sorted(KINDS))
def test_metadata(site, config, url):
    tree = site[url]
    assert _meta(tree, "description")
    assert _meta(tree, "og:locale") == "sv_SE"
    assert _meta(tree, "og:site_name") == config.site.title
    assert _meta(tree, "og:title") and _meta(tree, "og:description") == _meta(tree, "description")
    canonical = tree.css_first('link[rel="canonical"]')
    if url == "/404.html":
        assert canonical is None and _meta(tree, "robots") == "noindex"
        return
    assert canonical.attributes["href"] == BASE + url.lstrip("/")
    assert _meta(tree, "og:url") == BASE + url.lstrip("/")
    assert _meta(tree, "og:type") == ("article" if KINDS[url] == "kommun_area" else "website")
    feeds = _feeds(tree)
    assert feeds[0] == render.relative_url(url, "/feed.xml")
    assert len(feeds) == (2 if KINDS[url] in ("kommun", "kommun_area", "area") else 1)


def test_feeds_of_kommun_and_area_pages(site):
    assert _feeds(site["/mellerud/"]) == ["../feed.xml", "feed.xml"]
    assert _feeds(site["/mellerud/hemtjanst/"]) == ["../../feed.xml", "../feed.xml"]
    assert _feeds(site["/omrade/hemtjanst/"]) == ["../../feed.xml", "feed.xml"]


def _jsonld(tree) -> list[dict]:
    return [json.loads(s.text()) for s in tree.css('script[type="application/ld+json"]')]


def test_kommun_area_share_image_and_json_ld(site, config):
    tree = site["/mellerud/hemtjanst/"]
    image = _meta(tree, "og:image")
    assert image.startswith(BASE + "img/") and image.endswith(".png")
    assert (_meta(tree, "og:image:width"), _meta(tree, "og:image:height")) == ("1200", "630")
    assert _meta(tree, "og:image:alt") and _meta(tree, "twitter:card") == "summary_large_image"
    dataset, article = _jsonld(tree)
    assert dataset["@type"] == "Dataset" and article["@type"] == "NewsArticle"
    assert dataset["spatialCoverage"]["name"] == "Melleruds kommun"
    assert dataset["license"] == config.site.licence.url
    start, end = dataset["temporalCoverage"].split("/")
    assert 2000 < int(start) <= int(end) < 2100
    assert dataset["variableMeasured"] == [i.title for i in config.area("hemtjanst").indicators]
    assert [d["contentUrl"] for d in dataset["distribution"]] == [
        BASE + "mellerud/hemtjanst/data.csv",
        BASE + "mellerud/hemtjanst/data.json",
    ]
    assert article["headline"] == tree.css_first("#press-text h3").text()
    assert article["description"] == _meta(tree, "description")
    assert article["image"] == image and article["datePublished"] == "2026-01-01"


def test_start_page_is_a_website(site, config):
    tree = site["/"]
    (doc,) = _jsonld(tree)
    assert doc["@type"] == "WebSite" and doc["url"] == BASE
    assert tree.css_first('nav[aria-label="Brödsmulor"]') is None
    assert _meta(tree, "twitter:card") == "summary"


def test_hostile_text_stays_inside_its_json_ld(site):
    tree = site["/om-test/"]
    (doc,) = _jsonld(tree)
    assert doc["name"] == HOSTILE
    others = [s for s in tree.css("script") if s.attributes.get("type") != "application/ld+json"]
    assert not [s for s in others if "alert" in s.text()]
    assert len(tree.css("h1")) == 1 and tree.css_first("main") is not None


BREADCRUMBS = {
    "/mellerud/": ["Start", "Västra Götalands län", "Melleruds kommun"],
    "/mellerud/hemtjanst/": ["Start", "Västra Götalands län", "Melleruds kommun", "Hemtjänst"],
    "/omrade/hemtjanst/": ["Start", "Hemtjänst"],
    "/lan/vastra-gotaland/": ["Start", "Västra Götalands län"],
    "/om/": ["Start", "Om webbplatsen"],
    "/metod/": ["Start", "Metod"],
    "/tillganglighet/": ["Start", "Tillgänglighetsredogörelse"],
    "/data/": ["Start", "Data"],
}


@pytest.mark.parametrize("url", sorted(BREADCRUMBS))
def test_breadcrumbs(site, url):
    navs = site[url].css('nav[aria-label="Brödsmulor"]')
    assert len(navs) == 1
    items = navs[0].css("ol > li")
    assert [li.text().strip() for li in items] == BREADCRUMBS[url]
    current = navs[0].css('[aria-current="page"]')
    assert len(current) == 1 and current[0].parent == items[-1]
    assert current[0].attributes["href"] == "./"


def test_main_menu_marks_the_current_page(site):
    menu = site["/metod/"].css_first('nav[aria-label="Huvudmeny"]')
    assert [a.text() for a in menu.css("a")] == ["Om", "Metod", "Data", "Tillgänglighet"]
    assert [a.text() for a in menu.css('a[aria-current="page"]')] == ["Metod"]


def test_not_found_page_links_are_absolute(site):
    tree = site["/404.html"]
    for node in tree.css("a[href], link[href], img[src], script[src]"):
        url = node.attributes.get("href") or node.attributes.get("src")
        assert url.startswith((BASE, "https://", "mailto:", "#")), url
    assert tree.css_first("h1").text() == "Sidan finns inte"


def test_kommun_area_downloads(site):
    section = site["/mellerud/hemtjanst/"].css_first("section.downloads")
    links = {a.attributes["href"]: a.text() for a in section.css("a")}
    assert links["data.csv"] == "Ladda ner data (CSV för Excel)"
    assert {"data.json", "press.txt", "press.md", "../feed.xml"} <= set(links)
    assert "CC BY 4.0" in section.text() and "Kolada" in section.text()


def test_kommun_page_parts(site, config):
    tree = site["/mellerud/"]
    assert "Exempeldata" in tree.css_first(".notice").text()
    assert tree.css_first("section.overview p") is not None
    assert tree.css_first("section.overview-chart figure") is not None
    findings = tree.css("section.area p.finding a")
    assert len(findings) == len(config.areas)
    assert "(LSS)" in " ".join(a.text() for a in findings)  # not lower-cased to "(lss)"
    assert "De senaste uppgifterna avser 20" in tree.css_first("main p.meta").text()
    assert tree.css_first('section.contact a[href^="mailto:"]') is not None


def test_content_pages_add_config_parts(site, config):
    about = site["/om/"].css_first("main").text()
    assert config.site.organisation in about and config.site.contact.email in about
    statement = site["/tillganglighet/"].css_first("main")
    assert config.site.organisation in statement.text()
    assert statement.css_first(f'a[href="mailto:{config.site.contact.email}"]') is not None
    assert statement.css_first('a[href="https://www.digg.se/tdosanmalan"]') is not None
    headings = [h.tag for h in statement.css("h1, h2, h3")]
    assert headings[0] == "h1" and "h3" not in headings[:3]  # sections are h2


def test_data_page_renders_files_licence_and_source(site, config):
    main = site["/data/"].css_first("main")
    row = main.css_first("table tbody tr")
    assert row.css_first("a").attributes["href"] == "a.csv"
    assert row.css("td")[-1].text() == f"1,2{NBSP}kB"
    assert main.css_first("table caption").text()
    assert main.css_first(f'a[href="{config.site.licence.url}"]') is not None
    assert "Kolada" in main.text()


def _common(config, site=None) -> dict:
    """The common context of a build, for rendering single pages."""
    return {
        "site": site or config.site,
        "areas": config.areas,
        "is_sample": False,
        "data_notice": None,
        "build_date": "1 januari 2026",
        "build_iso": "2026-01-01",
        "data_years": (2025,),
        **metadata.page_defaults(config),
    }


def test_template_override_can_extend_a_builtin(tmp_path, config, reference):
    """templates_override: a file there wins, and can extend the original via base:."""
    (tmp_path / "lan.html").write_text(
        '{% extends "base:lan.html" %}{% block title %}Eget: {{ lan.name }}{% endblock %}',
        encoding="utf-8",
    )
    env = render.make_env(ROOT / "templates", tmp_path)
    lan = next(x for x in reference.lan if x.slug == "vastra-gotaland")
    model = SimpleNamespace(lan_texts={lan.code: text.ShortText("Rubrik", ("Stycke.",))})
    page = plan.lan_page(model, lan, config, reference)
    html = render.render_pages(env, [page], _common(config))["lan/vastra-gotaland/index.html"]
    tree = LexborHTMLParser(html.decode())
    assert tree.css_first("title").text() == "Eget: Västra Götalands län"
    assert tree.css_first("h1").text() == "Västra Götalands län"  # the rest is the original
    assert len(tree.css('nav[aria-label="Brödsmulor"] li')) == 2


@pytest.mark.parametrize(
    ("logo", "src"),
    [(Logo("bilder/logo.png", "Exempelkommunen"), BASE + "assets/bilder/logo.png"), (None, None)],
)
def test_logo_in_header(config, logo, src):
    """A configured logo appears with its alt text; without one there is no image."""
    env = render.make_env(ROOT / "templates")
    common = _common(config, replace(config.site, logo=logo))
    html = render.render_pages(env, [not_found_page()], common)["404.html"].decode()
    img = LexborHTMLParser(html).css_first("header img")
    if logo is None:
        assert img is None
    else:
        assert (img.attributes["src"], img.attributes["alt"]) == (src, "Exempelkommunen")
