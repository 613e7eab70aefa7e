"""End to end: build the real default site like `make site` does, and check what a reader gets."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.helpers.project import ROOT, make_project, run_build

EPOCH = "1767225600"  # 2026-01-01


def _project(tmp: Path) -> Path:
    return make_project(tmp)


def _build(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_build(root, out, *extra)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    root = _project(tmp)
    out = tmp / "site"
    result = _build(root, out)
    assert result.returncode == 0, result.stderr
    return root, out, result


def test_build_reports_where_the_site_is(built):
    _, out, result = built
    assert str(out) in result.stdout and "build.py serve" in result.stdout


def test_one_page_per_kommun_and_a_start_page(built, reference):
    _, out, _ = built
    for k in reference.kommuner:
        assert (out / k.slug / "index.html").is_file(), k.slug
    start = HTMLParser((out / "index.html").read_text(encoding="utf-8"))
    links = {a.attributes["href"] for a in start.css("ul.kommunlista a")}
    assert links == {f"{k.slug}/" for k in reference.kommuner}
    assert len(start.css("section.lan")) == 21


@pytest.mark.parametrize("slug", ["mellerud", "gotland", "stockholm", "habo-jonkoping"])
def test_kommun_page_structure(built, reference, config, slug):
    _, out, _ = built
    tree = HTMLParser((out / slug / "index.html").read_text(encoding="utf-8"))
    kommun = reference.kommun_by_slug(slug)
    assert tree.css_first("html").attributes["lang"] == "sv"
    h1 = tree.css("h1")
    assert len(h1) == 1 and h1[0].text() == kommun.official_name
    notice = tree.css_first(".notice").text()
    assert "Uppgifterna hämtades från Kolada i augusti 2024; de senaste avser 2022." in notice
    assert "Exempeldata" not in tree.body.text()
    tables = tree.css("section.area table")
    assert len(tables) == len(config.areas)
    assert tree.css_first("section.overview-chart figure details.datatable table") is not None
    assert tree.css_first("section.overview p") is not None
    assert all(t.css_first("caption") is not None for t in tables)
    rows = tree.css("section.area tbody tr")
    assert len(rows) == len(_shown_indicators(config, reference))
    text = tree.body.text()
    for bad in (r"\bNone\b", r"\bnan\b", r"\bNaN\b", r"\{\{", r"\{%"):
        assert not re.search(bad, text), bad
    assert tree.css_first('link[rel="stylesheet"]').attributes["href"] == "../assets/style.css"


def _shown_indicators(config, reference) -> list[str]:
    """The configured indicators with a kommun value in the default (the others are left out)."""
    from insyn.build.assemble import kpis_with_values
    from insyn.data import quarantine, snapshot

    snap = snapshot.load_snapshot(ROOT / "data" / "default")
    snap = quarantine.clean(snap, quarantine.quarantine(snap, config, reference))
    shown = kpis_with_values(snap, reference)
    return [i.id for i in config.indicators if i.id in shown]


def test_every_press_text_passes_the_style_check(built, reference):
    """The whole real default: every press text of every kommun × area, SPRAK.md's rules."""
    from insyn.check.textcheck import check_text, format_violations

    _, out, _ = built
    problems, checked, missing, quiet = [], 0, 0, 0
    for k in reference.kommuner:
        for page in sorted((out / k.slug).glob("*/index.html")):
            press = page.with_name("press.txt")
            if not press.exists():
                # no value for the data year, or no news: no press release, and the page
                # says which
                html = page.read_text(encoding="utf-8")
                assert "Det finns inget pressmeddelande" in html
                if "för små eller för osäkra för att vara en nyhet" in html:
                    quiet += 1
                else:
                    assert "Det skrivs när Kolada har nya värden" in html
                    missing += 1
                continue
            found = check_text(press.read_text(encoding="utf-8"), official_name=k.official_name)
            checked += 1
            if found:
                problems.append(f"{press.relative_to(out)}:\n{format_violations(found)}")
    assert checked + missing + quiet == 2900
    # the real default's 2022: socialpsykiatri's survey is missing in most small kommuner
    assert 0 < missing < 2900 // 10
    # a few units, a handful of answers, a step within noise, a bare level, a reference
    # cost unmoved in mid-field (654 of 2 900 after reviews r39 and r40); a lead its text
    # calls chance, a side of riket a third of the kommuner share, a step back (793
    # after review r41); a swing of a few units, a count of one or two (873 after r42):
    # every kind of them judged unpublishable by an editor
    assert 0 < quiet < 2900 // 3
    assert not problems, f"{len(problems)} texts with violations:\n" + "\n".join(problems[:8])


def test_an_area_without_values_for_the_year_has_no_press_release(built):
    """A kommun × area with no value for the data year gets no press release (no text
    leads on what is missing, SPRAK.md): its page says so, without a copy button or a
    download of the text, and the kommun's feed has no entry for it."""
    _, out, _ = built
    page = out / "ostra-goinge" / "socialpsykiatri" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "Det finns inget pressmeddelande för 2022" in html
    assert 'href="press.txt"' not in html and "data-copy-target" not in html
    assert not page.with_name("press.txt").exists() and not page.with_name("press.md").exists()
    feed = (out / "ostra-goinge" / "feed.xml").read_text(encoding="utf-8")
    assert "/ostra-goinge/socialpsykiatri/" not in feed
    assert "/ostra-goinge/hemtjanst/" in feed


def test_an_area_without_news_has_no_press_release(built):
    """Grästorp's housing answer, the same since 2013 and given by 203 other kommuner,
    and one vräkning as the year before: no news, so no press release (editors judged
    every such text unpublishable). The page says why and keeps the text as
    information; no download, no feed entry."""
    _, out, _ = built
    page = out / "grastorp" / "hemloshet" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "för små eller för osäkra för att vara en nyhet" in html
    assert "Det skrivs när Kolada" not in html
    assert 'href="press.txt"' not in html and 'data-copy-target="press-text"' not in html
    assert "brist på bostäder" in html  # the text, as information
    assert not page.with_name("press.txt").exists()
    feed = (out / "grastorp" / "feed.xml").read_text(encoding="utf-8")
    assert "/grastorp/hemloshet/" not in feed


def test_values_are_formatted_in_swedish(built):
    _, out, _ = built
    html = (out / "mellerud" / "index.html").read_text(encoding="utf-8")
    assert "\u00a0%" in html  # percent sign after a non-breaking space in tables
    cells = [td.text() for td in HTMLParser(html).css("td.num")]
    assert not any("." in c for c in cells), "decimal point in a table value"


def test_assets_copied(built):
    _, out, _ = built
    assert (out / "assets" / "style.css").is_file()


def test_failed_build_leaves_last_site_untouched(built, tmp_path):
    root, out, _ = built
    site = tmp_path / "site"
    assert _build(root, site, "--only", "mellerud").returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = tmp_path / "broken"
    shutil.copytree(root, broken, symlinks=True)
    cfg = (broken / "config.yaml").read_text(encoding="utf-8")
    (broken / "config.yaml").write_text(
        cfg.replace("direction: higher", "direction: up", 1), encoding="utf-8"
    )
    result = _build(broken, site)
    assert result.returncode == 1
    assert "direction: expected higher|lower|none, got 'up'" in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.glob(".site.*")), "staging directory left behind"


def test_area_from_data_extra_only(tmp_path):
    """An area with no Kolada KPI (krisberedskap) gets its values from data/extra/."""
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("templates", "static", "content"):
        (root / name).symlink_to(ROOT / name)
    data = root / "data"  # its own data dir: data/extra differs
    data.mkdir()
    for name in ("sample", "reference"):
        (data / name).symlink_to(ROOT / "data" / name)
    (data / "extra").mkdir()
    (data / "extra" / "krisberedskap.csv").write_text(
        "kpi,municipality,year,gender,value\nX_krisplan,1461,2024,T,1\nX_krisplan,1461,2025,T,0\n",
        encoding="utf-8",
    )
    cfg = (ROOT / "config.yaml").read_text(encoding="utf-8")
    cfg += """
  - slug: krisberedskap
    title: Krisberedskap
    intro: omraden/ifo.md
    similar_group: null
    indicators:
      - id: X_krisplan
        title: Plan för krisberedskap i socialtjänsten
        phrase: om socialtjänsten har en aktuell plan för kriser
        description: Kommunen uppger om socialtjänsten har en aktuell plan för kriser.
        unit: yesno
        direction: higher
        decimals: 0
        scale: {1: Ja, 0: Nej}
"""
    (root / "config.yaml").write_text(cfg, encoding="utf-8")
    out = tmp_path / "site"
    result = _build(root, out, "--only", "mellerud,stockholm")
    assert result.returncode == 0, result.stderr
    tree = HTMLParser((out / "mellerud" / "index.html").read_text(encoding="utf-8"))
    section = tree.css_first("#omrade-krisberedskap").parent
    cells = [td.text() for td in section.css("tbody td")]
    assert cells[:2] == ["2025", "Nej"]
    other = HTMLParser((out / "stockholm" / "index.html").read_text(encoding="utf-8"))
    assert "Uppgift saknas" in other.css_first("#omrade-krisberedskap").parent.text()


def test_every_indicator_has_chart_description_table_and_embed(built, config, reference):
    """Every shown indicator has its charts, or (no value for its current year) one
    sentence instead and no embed; real Mellerud has both kinds in these two areas."""
    _, out, _ = built
    shown = set(_shown_indicators(config, reference))
    kinds = set()
    for area, ind in [
        (a, i) for a in ("hemtjanst", "socialpsykiatri") for i in config.area(a).indicators
    ]:
        page = out / "mellerud" / area / "index.html"
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        section = tree.css_first(f"section#{ind.id}")
        if ind.id not in shown:
            assert section is None, ind.id
            continue
        assert section is not None, ind.id
        embed = out / "embed" / "mellerud" / area / ind.id.lower() / "index.html"
        if section.css_first("div.missing") is not None:
            kinds.add("sentence")
            assert not section.css("figure") and not embed.exists(), ind.id
            continue
        kinds.add("chart")
        figures = section.css("figure")
        assert figures, ind.id
        for fig in figures:
            chart = fig.css_first("[data-chart]")
            caption = fig.css_first("figcaption")
            assert chart.attributes["aria-labelledby"] == caption.attributes["id"]
            assert caption.text().strip()
            assert fig.css_first("details.datatable table caption").text().strip()
            # the patch is in the area's chart file, not in the page (issue 16)
            assert fig.css_first('script[type="application/json"]') is None
            charts = json.loads((page.parent / chart.attributes["data-src"]).read_text("utf-8"))
            assert chart.attributes["data-chart"] in charts
        snippet = section.css_first("textarea.embed-textarea").text()
        assert snippet.startswith("<iframe title=") and 'loading="lazy"' in snippet
        assert embed.is_file() and (embed.parent / "oembed.json").is_file()
    assert kinds == {"chart", "sentence"}


def test_embed_page_is_self_contained(built):
    _, out, _ = built
    page = out / "embed" / "mellerud" / "hemtjanst" / "u21468" / "index.html"
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    scripts = tree.css("script")
    assert all(not s.attributes.get("src", "").startswith("http") for s in scripts)
    inline = [
        s
        for s in scripts
        if "src" not in s.attributes and s.attributes.get("type") != "application/json"
    ]
    assert not inline, "inline script in an embed"
    assert tree.css_first('link[rel="alternate"][type="application/json+oembed"]') is not None
    assert tree.css_first("table caption") is not None
    assert "Källa: Kolada" in tree.body.text()


def test_assets_are_self_hosted(built):
    _, out, _ = built
    assert (out / "assets" / "vega.js").stat().st_size > 500_000
    assert (out / "assets" / "charts" / "over_time-0.json").is_file()
    for html in (out / "mellerud" / "hemtjanst" / "index.html", out / "index.html"):
        tree = HTMLParser(html.read_text(encoding="utf-8"))
        loaded = [n.attributes.get("src") for n in tree.css("script[src], img[src], iframe[src]")]
        loaded += [
            n.attributes.get("href") for n in tree.css('link[rel="stylesheet"], link[rel="icon"]')
        ]
        foreign = [u for u in loaded if u and re.match(r"https?://(?!insyn\.example\.se)", u)]
        assert not foreign, (html, foreign)


def _files(out: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file()}


def test_rebuild_with_nothing_changed_touches_no_file(built):
    """The manifest's input fingerprint matches: nothing is read further or written."""
    root, out, _ = built
    before = _files(out)
    result = _build(root, out)
    assert result.returncode == 0, result.stderr
    assert "Inget har ändrats" in result.stdout
    assert _files(out) == before


def test_full_build_writes_every_kind_of_file(built, reference, config):
    _, out, _ = built
    pages = [p for p in out.rglob("index.html") if "embed" not in p.parts]
    # start, 290 kommuner, 290 × areas, areas, län, om/metod/tillgänglighet, data, ändringar
    expected = (
        1 + 290 + 290 * len(config.areas) + len(config.areas) + len(reference.lan) + 3 + 1 + 1
    )
    assert len(pages) == expected
    assert (out / "andringar" / "index.html").is_file()
    assert (out / "assets" / "insyn-fragment.css").is_file()
    for rel in ("404.html", "robots.txt", "sitemap.xml", "feed.xml", "manifest.json"):
        assert (out / rel).is_file(), rel
    assert len(list(out.glob("*/feed.xml"))) == 290
    assert len(list(out.glob("omrade/*/feed.xml"))) == len(config.areas)
    assert len(list(out.glob("*/*/data.csv"))) == 290 * len(config.areas)
    assert (out / "data" / "observationer.csv").is_file()
    assert (out / "assets" / "theme.css").is_file()


def test_output_checks_stop_a_broken_template(tmp_path):
    """A template override that breaks a rule (two h1) fails the build; nothing is swapped in."""
    root = make_project(tmp_path)
    override = root / "overrides"
    override.mkdir()
    (override / "kommun.html").write_text(
        '{% extends "base:kommun.html" %}{% block main %}<h1>Extra</h1>{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    cfg = (root / "config.yaml").read_text(encoding="utf-8")
    (root / "config.yaml").write_text(cfg + "\ntemplates_override: overrides\n", encoding="utf-8")
    out = tmp_path / "site"
    result = _build(root, out, "--only", "mellerud")
    assert result.returncode == 1
    assert "utdatakontrollen" in result.stderr
    assert "mellerud/index.html: one-h1: 2 h1 elements" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".site.*")), "staging directory left behind"
