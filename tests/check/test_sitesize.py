"""The size check of every build (insyn/check/sitesize.py, issue 16)."""

from __future__ import annotations

import pytest

from insyn.check import sitesize
from insyn.config import ConfigError, SiteSize, load_config_text
from tests.helpers.project import ROOT, make_project, run_build

SIZES = {
    "index.html": 40_000,
    "amal/hemtjanst/index.html": 100_000,
    "amal/hemtjanst/diagram.json": 30_000,
    "amal/hemtjanst/data.csv": 35_000,
    "embed/amal/hemtjanst/u21468/index.html": 5_000,
    "embed/amal/hemtjanst/u21468/oembed.json": 500,
    "img/a.svg": 5_000,
    "img/b.svg": 5_000,
    "img/c.png": 24_000,
    "robots.txt": 100,
}


def test_kinds():
    assert sitesize.kind_of("amal/hemtjanst/index.html") == "sidor (HTML)"
    assert sitesize.kind_of("embed/amal/oversikt/index.html") == "inbäddningar (HTML)"
    assert sitesize.kind_of("embed/amal/oversikt/oembed.json") == "oEmbed (JSON)"
    assert sitesize.kind_of("amal/hemtjanst/diagram.json") == "diagramdata (JSON)"
    assert sitesize.kind_of("amal/hemtjanst/data.json") == "JSON"
    assert sitesize.kind_of("img/x.svg") == "bilder (SVG)"
    assert sitesize.kind_of("CNAME") == "utan ändelse"


def test_by_kind_heaviest_first():
    kinds = sitesize.by_kind(SIZES)
    assert kinds[0] == sitesize.Kind("sidor (HTML)", 140_000, 2)
    assert [k.bytes for k in kinds] == sorted((k.bytes for k in kinds), reverse=True)
    assert sum(k.files for k in kinds) == len(SIZES)
    assert sum(k.bytes for k in kinds) == sum(SIZES.values())


def test_ok_far_from_the_limit():
    verdict = sitesize.check(SIZES, max_mb=1, warn_share=0.8)
    assert verdict.level == "ok" and verdict.message == ""
    assert verdict.total == sum(SIZES.values()) and verdict.limit == 1_000_000


def test_warns_near_the_limit_naming_the_heaviest_kinds():
    verdict = sitesize.check(SIZES, max_mb=0.3, warn_share=0.8)  # 244 600 of 300 000 bytes
    assert verdict.level == "near"
    assert "\n" not in verdict.message
    assert "82 % av gränsen" in verdict.message
    heaviest = verdict.message.split("störst: ")[1]
    assert (
        heaviest
        == "sidor (HTML) 0 MB (2 filer), CSV 0 MB (1 filer), diagramdata (JSON) 0 MB (1 filer)"
    )


def test_stops_over_the_limit_in_one_line():
    verdict = sitesize.check(SIZES, max_mb=0.2, warn_share=0.8)
    assert verdict.level == "over"
    assert verdict.message.startswith("webbplatsen är 0 MB, över gränsen 0 MB (size.max_mb")
    assert "\n" not in verdict.message and "sidor (HTML)" in verdict.message


def test_report_lines_end_with_the_total():
    lines = sitesize.report_lines(SIZES)
    assert lines[0].startswith("sidor (HTML)")
    assert lines[-1].split()[0] == "totalt" and f"{len(SIZES)} filer" in lines[-1]


def test_config_default_and_bounds(tmp_path):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    assert load_config_text(text).size == SiteSize(1000, 0.8)
    unset = text.replace("size:\n  max_mb: 1000\n  warn_share: 0.8\n", "")
    assert unset != text and load_config_text(unset).size == SiteSize()
    with pytest.raises(ConfigError, match="size.warn_share"):
        load_config_text(text.replace("warn_share: 0.8", "warn_share: 2"))


def test_build_stops_over_the_limit_with_one_line(tmp_path):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8").replace("max_mb: 1000", "max_mb: 1")
    root = make_project(tmp_path, text)
    out = tmp_path / "site"
    proc = run_build(root, out, "--only", "mellerud")
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("fel:")]
    assert len(errors) == 1 and "över gränsen 1 MB (size.max_mb" in errors[0]
    assert errors[0].split("; störst: ")[1].count(" filer)") == sitesize.NAMED
    assert not (out / "index.html").exists()  # nothing was swapped in


def test_a_near_warning_is_a_finding_of_the_nightly_report():
    from insyn.check import report

    message = sitesize.check(SIZES, max_mb=0.3, warn_share=0.8).message
    notice = {"kind": "site-size", "kommun": "", "area": "", "message": message}
    (finding,) = report.text_findings([notice])
    assert finding.gate == "storlek" and finding.examples == (message,)
