"""End to end: build the sample site like `make site` does, and check what a reader gets."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .conftest import ROOT

EPOCH = "1767225600"  # 2026-01-01


def _project(tmp: Path) -> Path:
    """A copy of the project's inputs (big data linked, not copied)."""
    root = tmp / "proj"
    root.mkdir()
    for name in ("templates", "static", "content", "data"):
        (root / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    return root


def _build(root: Path, out: Path, *extra: str, epoch: str = EPOCH) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--root",
            str(root),
            "build",
            "--no-progress",
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
    )


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
    assert "Exempeldata" in tree.css_first(".notice").text()
    tables = tree.css("table")
    assert len(tables) == len(config.areas)
    assert tree.css_first("section.overview p") is not None
    assert all(t.css_first("caption") is not None for t in tables)
    rows = tree.css("tbody tr")
    assert len(rows) == len(config.indicators)
    text = tree.body.text()
    for bad in (r"\bNone\b", r"\bnan\b", r"\bNaN\b", r"\{\{", r"\{%"):
        assert not re.search(bad, text), bad
    assert tree.css_first('link[rel="stylesheet"]').attributes["href"] == "../assets/style.css"


def test_values_are_formatted_in_swedish(built):
    _, out, _ = built
    html = (out / "mellerud" / "index.html").read_text(encoding="utf-8")
    assert "\u00a0%" in html  # percent sign after a non-breaking space in tables
    cells = [td.text() for td in HTMLParser(html).css("td.num")]
    assert not any("." in c for c in cells), "decimal point in a table value"


def test_assets_copied(built):
    _, out, _ = built
    assert (out / "assets" / "style.css").is_file()


def test_two_builds_are_byte_identical(built, tmp_path):
    root, out, _ = built
    again = tmp_path / "again"
    assert _build(root, again).returncode == 0
    first = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    assert all((out / p).read_bytes() == (again / p).read_bytes() for p in first)


def test_failed_build_leaves_last_site_untouched(built, tmp_path):
    root, out, _ = built
    site = tmp_path / "site"
    assert _build(root, site).returncode == 0
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
    data = root / "data"
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
    result = _build(root, out)
    assert result.returncode == 0, result.stderr
    tree = HTMLParser((out / "mellerud" / "index.html").read_text(encoding="utf-8"))
    section = tree.css_first("#omrade-krisberedskap").parent
    cells = [td.text() for td in section.css("tbody td")]
    assert cells[:2] == ["2025", "Nej"]
    other = HTMLParser((out / "stockholm" / "index.html").read_text(encoding="utf-8"))
    assert "Uppgift saknas" in other.css_first("#omrade-krisberedskap").parent.text()
