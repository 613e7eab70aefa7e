"""HTML validity (Nu Html Checker on a sample) and structure rules (every page) of a built site.

The site is one kommun's build (--only mellerud: the start, area and län pages and all
of Mellerud's pages and embeds). The vnu tests need java and node_modules/vnu-jar
(`npm ci`); .ci/run installs both. Outside CI a missing tool skips them with a message;
in CI (CI set) it fails them, so they can never be skipped silently there.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import htmlcheck

ONLY = "mellerud"


def _need_vnu() -> None:
    why = htmlcheck.vnu_missing()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"HTML validation cannot run in CI: {why}")
    pytest.skip(f"HTML validation skipped: {why}")


@pytest.fixture(scope="module")
def site(mellerud_site) -> Path:
    """One kommun's pages: the session's Mellerud build (conftest), read only."""
    return mellerud_site[1]


@pytest.fixture(scope="module")
def structure(site, config, reference) -> dict[str, list[str]]:
    """Every structure problem of every page, by rule (each page parsed once)."""
    unbuilt = frozenset(k.slug for k in reference.kommuner) - {ONLY}
    return htmlcheck.by_rule(htmlcheck.check_site(site, config.site.base_url, unbuilt))


# ---------------------------------------------------------------- the built site


def test_sample_has_one_page_of_every_kind(site):
    kinds = {
        htmlcheck.page_kind(p.relative_to(site).as_posix()) for p in htmlcheck.sample_pages(site)
    }
    assert {"start", "kommun", "kommun_area", "area", "lan", "embed"} <= kinds
    present = {
        htmlcheck.page_kind(p.relative_to(site).as_posix()) for p in htmlcheck.html_files(site)
    }
    assert kinds == present


def test_sample_is_fixed(site):
    assert htmlcheck.sample_pages(site) == htmlcheck.sample_pages(site)
    assert len(htmlcheck.sample_pages(site)) >= htmlcheck.SAMPLE_EXTRA


def test_vnu_finds_no_errors_in_the_sample(site):
    _need_vnu()
    messages = htmlcheck.run_vnu(htmlcheck.sample_pages(site))
    lines = [htmlcheck.format_vnu(m, site) for m in messages]
    distinct = Counter(re.sub(r"^[^ ]+ ", "", line) for line in lines).most_common(10)
    kinds = "\n  ".join(f"{n} × {msg}" for msg, n in distinct)
    assert not lines, f"{htmlcheck.summary(lines)}\nmost frequent:\n  {kinds}"


@pytest.mark.parametrize("rule", htmlcheck.RULES)
def test_structure(structure, rule):
    problems = structure[rule]
    assert not problems, f"rule {rule}: {htmlcheck.summary(problems)}"


def test_structure_reports_only_known_rules(structure):
    assert set(structure) == set(htmlcheck.RULES)


# ---------------------------------------------------------------- the rules themselves

GOOD = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Sidan</title>
<link rel="stylesheet" href="../assets/style.css"></head><body>
<a href="#innehall">Hoppa</a>
<header><p><a href="../">Start</a></p></header>
<main id="innehall"><h1>Rubrik</h1><h2>Del</h2><h3>Underdel</h3><h2>Del två</h2>
<figure><div class="chart" role="img" aria-labelledby="t" data-chart="s">
<img src="../assets/bild.svg" alt=""></div>
<script type="application/json" id="s">{"a": [1, null]}</script>
<figcaption id="t">Diagrammet visar 5 procent.</figcaption></figure>
<table><caption>Värden</caption><tr><th>År</th></tr></table>
<label for="k">Kod</label>
<textarea id="k">&lt;iframe title="Diagram" src="https://example.org/x/"&gt;&lt;/iframe&gt;</textarea>
<iframe title="Karta" src="https://example.org/"></iframe>
<p>Nonen och nanosekunder är vanliga ord.</p></main>
<footer><p>Källa: Kolada</p></footer></body></html>"""

EMBED = """<!doctype html><html lang="sv"><head><title>Diagram</title></head>
<body><main><h1>Diagram</h1></main></body></html>"""


def _rules(html: str, kind: str = "kommun") -> set[str]:
    return {htmlcheck.rule_of(p) for p in htmlcheck.check_html("p/index.html", html, kind)}


def test_good_page_and_embed_pass():
    assert htmlcheck.check_html("p/index.html", GOOD, "kommun") == []
    assert htmlcheck.check_html("embed/a/b/c/index.html", EMBED, "embed") == []


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ('lang="sv"', 'lang="en"', "lang"),
        (' lang="sv"', "", "lang"),
        ("<title>Sidan</title>", "<title> </title>", "title"),
        ("<h1>Rubrik</h1>", "<h1>Rubrik</h1><h1>Till</h1>", "h1"),
        ("<h1>Rubrik</h1>", "<p>Rubrik</p>", "h1"),
        ("<h3>Underdel</h3>", "<h4>Underdel</h4>", "heading-order"),
        ("<h1>Rubrik</h1>", "<h2>Först</h2><h1>Rubrik</h1>", "heading-order"),
        ("</main>", "</main><main hidden></main><main></main>", "main"),
        ('<main id="innehall">', '<div id="innehall">', "main"),
        ("<header><p>", "<div><p>", "header"),
        ("<footer>", "<footer></footer><footer>", "footer"),
        ('alt=""', "", "img-alt"),
        ("</figure>", '</figure><img src="../assets/bild.svg" alt="">', "img-alt"),
        ("<caption>Värden</caption>", "", "table-caption"),
        ("<caption>Värden</caption>", "<caption> </caption>", "table-caption"),
        ('title="Diagram" ', "", "iframe-title"),
        ('title="Karta" ', "", "iframe-title"),
        ("<h2>Del</h2>", '<h2 id="k">Del</h2>', "id-unique"),
        ('aria-labelledby="t"', 'aria-labelledby="saknas"', "idref"),
        ('for="k"', 'for="x"', "idref"),
        ('data-chart="s"', 'data-chart="x"', "idref"),
        ("5 procent", "None procent", "text"),
        ("5 procent", "nan procent", "text"),
        ("5 procent", "{{ value }} procent", "text"),
        ("<h1>Rubrik</h1>", '<h1 title="None">Rubrik</h1>', "text"),
        ('{"a": [1, null]}', '{"a": [1, NaN]}', "json"),
        ('{"a": [1, null]}', "{a: 1}", "json"),
    ],
)
def test_each_rule_catches_its_problem(old, new, rule):
    assert old in GOOD
    found = htmlcheck.check_html("p/index.html", GOOD.replace(old, new), "kommun")
    assert rule in {htmlcheck.rule_of(p) for p in found}, found
    assert all(p.startswith("p/index.html: ") for p in found)


def test_empty_alt_is_fine_beside_a_figcaption():
    html = GOOD.replace('role="img" aria-labelledby="t" ', "")
    assert "img-alt" not in _rules(html)
    assert "img-alt" in _rules(html.replace("<figcaption", "<p").replace("</figcaption>", "</p>"))


def test_embeds_need_no_header_or_footer_but_full_pages_do():
    assert _rules(EMBED, "embed") == set()
    assert _rules(EMBED, "kommun") == {"header", "footer"}


def _tree(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, html in {"index.html": _page("Start", ""), **pages}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    (tmp_path / "assets").mkdir(exist_ok=True)
    (tmp_path / "assets" / "style.css").write_text("", encoding="utf-8")
    (tmp_path / "assets" / "bild.svg").write_text("", encoding="utf-8")
    return tmp_path


def _page(title: str, body: str) -> str:
    return GOOD.replace("<title>Sidan</title>", f"<title>{title}</title>").replace(
        "<p>Nonen", f"{body}<p>Nonen"
    )


BASE = "https://example.se/"


@pytest.mark.parametrize(
    ("body", "ok"),
    [
        ('<a href="../b/">B</a>', True),
        ('<a href="../b/index.html#del">B</a>', True),
        ('<a href="/b/#del">B</a>', True),
        ('<a href="https://example.se/b/">B</a>', True),
        ('<a href="https://annan.se/saknas/">extern</a>', True),
        ('<a href="mailto:a@example.se">post</a>', True),
        ('<a href="../b">utan snedstreck</a>', True),
        ('<a href="../c/">C</a>', False),
        ('<a href="/c/">C</a>', False),
        ('<a href="https://example.se/c/">C</a>', False),
        ('<a href="../b/#saknas">B</a>', False),
        ('<a href="#saknas">här</a>', False),
        ('<a href="../../../utanfor/">ut</a>', False),
        ('<script src="../assets/saknas.js"></script>', False),
        ('<img src="../assets/saknas.png" alt="x">', False),
        ('<textarea>&lt;iframe title="x" src="https://example.se/c/"&gt;</textarea>', False),
    ],
)
def test_links_must_resolve(tmp_path, body, ok):
    site = _tree(
        tmp_path,
        {"a/index.html": _page("A", body), "b/index.html": _page("B", '<p id="del">Del</p>')},
    )
    links = [p for p in htmlcheck.check_site(site, BASE) if htmlcheck.rule_of(p) == "link"]
    assert (links == []) is ok, links
    assert all(p.startswith("a/index.html: link: ") for p in links)


def test_links_outside_the_base_path_do_not_resolve(tmp_path):
    site = _tree(tmp_path, {"a/index.html": _page("A", '<a href="/annat/">X</a>')})
    problems = htmlcheck.check_site(site, "https://example.se/insyn/")
    assert [p for p in problems if p.startswith("a/")] == [
        "a/index.html: link: a[href]=“/annat/” points outside the site"
    ]


def test_links_to_kommuner_left_out_of_the_build_are_not_reported(tmp_path):
    body = '<a href="../ale/">Ale</a><a href="/embed/ale/x/u1/">inbäddning</a>'
    site = _tree(tmp_path, {"a/index.html": _page("A", body)})
    assert len(htmlcheck.check_site(site, BASE)) == 2
    assert htmlcheck.check_site(site, BASE, frozenset({"ale"})) == []


def test_titles_are_unique_across_pages_and_embeds(tmp_path):
    site = _tree(
        tmp_path,
        {
            "a/index.html": _page("Samma", ""),
            "b/index.html": _page("Samma", ""),
            "embed/a/x/u1/index.html": EMBED,
            "embed/a/y/u2/index.html": EMBED,
        },
    )
    problems = htmlcheck.check_site(site, BASE)
    assert sorted(problems) == [
        "b/index.html: title-unique: title “Samma” is also on a/index.html",
        "embed/a/y/u2/index.html: title-unique: title “Diagram” is also on embed/a/x/u1/index.html",
    ]


@pytest.mark.parametrize(
    ("rel", "kind"),
    [
        ("index.html", "start"),
        ("404.html", "404"),
        ("mellerud/index.html", "kommun"),
        ("mellerud/hemtjanst/index.html", "kommun_area"),
        ("omrade/hemtjanst/index.html", "area"),
        ("lan/dalarna/index.html", "lan"),
        ("embed/mellerud/hemtjanst/u21468/index.html", "embed"),
        ("om/index.html", "om"),
        ("metod/index.html", "metod"),
        ("tillganglighet/index.html", "tillganglighet"),
        ("data/index.html", "data"),
        ("a/b/c/index.html", "other"),
    ],
)
def test_page_kind(rel, kind):
    assert htmlcheck.page_kind(rel) == kind


def test_vnu_reports_an_invalid_page(tmp_path):
    _need_vnu()
    good = tmp_path / "good.html"
    bad = tmp_path / "bad.html"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("<caption>Värden</caption>", "<div>x</div>"), encoding="utf-8")
    messages = htmlcheck.run_vnu([good, bad])
    lines = [htmlcheck.format_vnu(m, tmp_path) for m in messages]
    assert lines and all(line.startswith("bad.html:") for line in lines), lines


def test_run_vnu_names_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(htmlcheck, "VNU_JAR", tmp_path / "vnu.jar")
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: "/usr/bin/java")
    with pytest.raises(htmlcheck.ToolMissing, match="npm ci"):
        htmlcheck.run_vnu([tmp_path / "a.html"])
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: None)
    with pytest.raises(htmlcheck.ToolMissing, match="default-jre-headless"):
        htmlcheck.run_vnu([tmp_path / "a.html"])
