"""The build's output checks (check/pagechecks.py): each rule, on small pages, table-driven."""

from __future__ import annotations

import pytest

from insyn.check import pagechecks
from insyn.site import urls

BASE = "https://example.se/insyn/"

GOOD = """<!doctype html><html lang="sv"><body><main><h1 id="top">Rubrik</h1>
<a href="../">Upp</a> <a href="#top">Toppen</a> <a href="https://kolada.se/">Kolada</a>
<figure class="figure" id="f1"><figcaption id="f1-text">Beskrivning.</figcaption>
<div class="chart" data-chart="f1-spec"></div>
<script type="application/json" id="f1-spec">{"a":{"b":{"url":"../../data/x.json"}}}</script>
<details><summary>Visa tabell</summary><table><caption>T</caption></table></details></figure>
</main></body></html>"""


def test_a_good_page_has_no_problems_and_reports_its_links():
    problems, targets = pagechecks.check_page("mellerud/hemtjanst/index.html", GOOD, BASE)
    assert problems == []
    assert targets == {"mellerud/index.html", "data/x.json"}


@pytest.mark.parametrize(
    ("html", "rule"),
    [
        ("<h1>a</h1><h1>b</h1>", "one-h1"),
        ("<p>no heading</p>", "one-h1"),
        ("<h1>a</h1><p>Värde: None</p>", "leak"),
        ("<h1>a</h1><td>nan</td>", "leak"),
        ("<h1>a</h1><p>{{ kommun.name }}</p>", "leak"),
        ("<h1>a</h1><p>{% if x %}</p>", "leak"),
        ('<h1>a</h1><a href="#saknas">x</a>', "anchor"),
        (
            '<h1>a</h1><figure id="f"><figcaption>Text</figcaption>'
            '<div data-chart="f-spec"></div></figure>',
            "chart-table",
        ),
        (
            '<h1>a</h1><figure id="f"><div data-chart="f-spec"></div>'
            "<table><caption>T</caption></table><figcaption> </figcaption></figure>",
            "chart-description",
        ),
    ],
)
def test_each_rule_finds_its_problem(html, rule):
    problems, _ = pagechecks.check_page("a/index.html", html, BASE)
    assert rule in {p.rule for p in problems}, problems


def test_template_syntax_inside_chart_json_is_not_a_leak():
    html = '<h1>a</h1><script type="application/json">{"a":{"b":1}}</script>'
    assert pagechecks.check_page("a/index.html", html, BASE)[0] == []


@pytest.mark.parametrize(
    ("page", "link", "target"),
    [
        ("/mellerud/hemtjanst/", "../../assets/style.css", "assets/style.css"),
        ("/mellerud/hemtjanst/", "./", "mellerud/hemtjanst/index.html"),
        ("/mellerud/", "../", "index.html"),
        ("/", "./", "index.html"),
        ("/", "lan/uppsala/", "lan/uppsala/index.html"),
        ("/mellerud/", "hemtjanst/data.csv#rad", "mellerud/hemtjanst/data.csv"),
        ("/mellerud/", "?q=1", "mellerud/index.html"),
        ("/404.html", "https://example.se/insyn/om/", "om/index.html"),
        ("/404.html", "/insyn/assets/style.css", "assets/style.css"),
        ("/", "../utanfor.html", "../utanfor.html"),
        ("/a/", "https://kolada.se/", None),
        ("/a/", "mailto:insyn@example.se", None),
        ("/a/", "/annan-sajt/", None),
        ("/a/", "data:image/png;base64,xyz", None),
    ],
)
def test_resolve(page, link, target):
    assert pagechecks.resolve(page, link, BASE, "/insyn/") == target


def test_broken_links_name_the_page_and_target():
    links = {"om/index.html": "index.html", "saknas/index.html": "mellerud/index.html"}
    problems = pagechecks.check_links(links, {"index.html", "om/index.html"})
    assert [str(p) for p in problems] == ["mellerud/index.html: broken-link: saknas/index.html"]


def test_partial_builds_skip_kommuner_left_out():
    links = {"stockholm/index.html": "index.html", "embed/stockholm/oversikt/index.html": "x"}
    assert pagechecks.check_links(links, set(), ("stockholm/", "embed/stockholm/")) == []


def test_summary_counts_and_limits():
    problems = [pagechecks.Problem(f"p{i}.html", "one-h1", "0 h1 elements") for i in range(25)]
    text = pagechecks.summary(problems, limit=3)
    assert text.startswith("utdatakontrollen hittade 25 fel:")
    assert text.count("one-h1") == 3 and "… och 22 till" in text


@pytest.mark.parametrize(
    ("path", "url"),
    [("index.html", "/"), ("a/b/index.html", "/a/b/"), ("404.html", "/404.html")],
)
def test_page_url_and_path_round_trip(path, url):
    assert urls.path_to_url(path) == url
    assert urls.url_to_path(url) == path


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        (["https://www.kolada.se/", "/om/"], None),
        (["/om/#kontakt", "/data/x.csv"], None),
        (["//cdn.example/x"], None),  # off the site: not ours to check
        (["/om/", "/om-oss/"], "site.footer.links[1].url: /om-oss/ finns inte på webbplatsen"),
        (["/mellerud/"], None),  # left out by a partial build (--only)
    ],
)
def test_footer_link_error_names_the_key(urls, expected):
    files = ["index.html", "om/index.html", "data/x.csv"]
    assert pagechecks.footer_link_error(urls, files, ("mellerud/",)) == expected


@pytest.mark.parametrize(
    ("fragment", "anchor_problem", "targets"),
    [
        # an attribute counts where its name stands alone, after a space or a newline
        ('<p id="x"></p><a href="#x">x</a>', False, set()),
        ('<p\nid="x"></p><a\nhref="#x">x</a>', False, set()),
        ('<p data-id="x"></p><a href="#x">x</a>', True, set()),
        ('<img data-src="../b.png"><a data-href="c/">x</a>', False, set()),
        ('<img src="b.png" alt=""><a href="c/">x</a>', False, {"a/b.png", "a/c/index.html"}),
        # a link named three times is one target
        ('<a href="c/">1</a><a href="c/">2</a><a href="c/">3</a>', False, {"a/c/index.html"}),
    ],
)
def test_attributes_are_read_by_their_whole_name(fragment, anchor_problem, targets):
    problems, found = pagechecks.check_page("a/index.html", f"<h1>a</h1>{fragment}", BASE)
    assert ("anchor" in {p.rule for p in problems}) is anchor_problem
    assert found == targets
