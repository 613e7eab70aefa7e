"""Hostile input never becomes markup: Markdown from content/, and a whole site in a browser.

The unit tests feed ``render.markdown_to_html`` the usual attacks (raw HTML,
``javascript:``/``data:``/``vbscript:`` URLs, character-reference tricks) and
check what comes out. The end-to-end test builds Mellerud's pages from a
project whose kommun names, KPI texts, content files and quote file are
hostile, opens them in headless Chromium and checks that nothing ran, nothing
was injected and the hostile text is shown as text. The browser part follows
tests/test_browser.py: skipped without a browser outside CI, failed in CI.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from insyn.check import pagechecks
from insyn.config import load_config_text
from insyn.site.render import markdown_to_html
from tests.helpers.browser import (
    Quiet,
    need_browser,
    serve,
)
from tests.helpers.project import ROOT, run_build, run_sample

# ------------------------------------------------------------------ markdown_to_html

#: (id, markdown, must appear in the HTML, must not appear in the HTML)
MARKDOWN_CASES = [
    ("script-block", "<script>alert(5)</script>", ["&lt;script&gt;alert(5)"], ["<script"]),
    ("img-inline", "a <img src=x onerror=alert(6)> b", ["&lt;img src=x onerror"], ["<img"]),
    ("html-block", "<div onclick=alert(1)>x</div>", ["&lt;div"], ["<div"]),
    ("js-link", "[klicka](javascript:alert(7))", ['<a href="#">klicka</a>'], ["javascript:"]),
    ("js-link-case", "[k](JaVaScRiPt:alert(1))", ['href="#"'], ["alert"]),
    ("js-link-angle", "[k](<javascript:alert(1)>)", ['href="#"'], ["alert"]),
    ("js-link-entity", "[k](&#106;avascript:alert(1))", ['href="#"'], ["alert"]),
    ("js-link-tab", "[k](java&#x09;script:alert(1))", ['href="#"'], ["alert"]),
    ("vbscript-link", "[k](vbscript:msgbox(1))", ['href="#"'], ["vbscript"]),
    ("data-link", "[k](data:text/html,<script>alert(1)</script>)", ['href="#"'], ["data:"]),
    ("js-ref-link", '[k][1]\n\n[1]: javascript:alert(1) "t"', ['href="#"'], ["alert"]),
    ("js-image", "![bild](javascript:alert(1))", ['alt="bild" src=""'], ["javascript:"]),
    ("data-image", "![b](data:image/svg+xml,<svg onload=alert(1)>)", ['src=""'], ["data:", "<svg"]),
    ("foreign-image", "![b](//evil.example/x.png)", ['src=""'], ["evil"]),
    (
        "alt-breakout",
        '![a"><img src=x>](/x.png)',
        ['alt="a&quot;&gt;&lt;img src=x&gt;"'],
        ["<img src=x"],
    ),
    ("title-breakout", '[k](/a/ "t\\"><b>")', ['href="/a/"'], ["<b>"]),
    # shown as text, never rendered; the delimiters' braces as references (issue 14, item 13)
    (
        "jinja-literal",
        "{{ site.title }} {% if 1 %}",
        ["&#123;{ site.title }&#125; &#123;% if 1 %&#125;"],
        ["{{", "{%"],
    ),
    (
        "https-link",
        "[Kolada](https://www.kolada.se/?a=1&b=2)",
        ['href="https://www.kolada.se/?a=1&amp;b=2"'],
        [],
    ),
    ("site-link", "[Metod](/metod/)", ['<a href="/metod/">Metod</a>'], []),
    ("anchor-link", "[upp](#top)", ['href="#top"'], []),
    ("mailto-link", "[skriv](mailto:insyn@example.se)", ['href="mailto:insyn@example.se"'], []),
    (
        "automail",
        "<insyn@example.se>",
        ['href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;'],
        ['href="#"'],
    ),
    ("site-image", "![Logga](/assets/favicon.svg)", ['src="/assets/favicon.svg"'], []),
    (
        "attr-text-kept",
        "skriv src=x och href=javascript:y",
        ["skriv src=x och href=javascript:y"],
        [],
    ),
]


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [c[1:] for c in MARKDOWN_CASES],
    ids=[c[0] for c in MARKDOWN_CASES],
)
def test_markdown_is_safe_by_default(markdown, present, absent):
    html = str(markdown_to_html(markdown, drop_title=False))
    for part in present:
        assert part in html, f"{part!r} missing from {html!r}"
    for part in absent:
        assert part.lower() not in html.lower(), f"{part!r} in {html!r}"


#: With content.allow_html the editor's HTML passes, but still no script URLs or handlers.
RAW_HTML_CASES = [
    ("markup-kept", "<p>ett <b>fett</b> ord</p>", ["<b>fett</b>"], ["&lt;"]),
    ("js-href-unquoted", "<a href=javascript:alert(1)>x</a>", ['<a href="#">x</a>'], ["alert"]),
    ("js-href-single", "<a href='javascript:alert(1)'>x</a>", ['href="#"'], ["alert"]),
    ("js-href-spaces", '<a href = " javascript:alert(1)">x</a>', ['href="#"'], ["alert"]),
    (
        "gt-in-attr",
        '<a title=">" href="javascript:x" onclick="y">t</a>',
        ['href="#"'],
        ["javascript", "onclick"],
    ),
    ("img-handler", "<img src='data:x' onerror=alert(1)>", ['<img src="">'], ["onerror", "data:"]),
    (
        "form-action",
        '<form action="javascript:x"><button formaction=vbscript:x>b</button></form>',
        ['action=""'],
        ["javascript", "vbscript"],
    ),
    ("https-kept", '<a href="https://www.kolada.se/">K</a>', ['href="https://www.kolada.se/"'], []),
    ("md-js-link", "[k](javascript:alert(7))", ['href="#"'], ["alert"]),
    ("stray-quote", '<a "x href=javascript:alert(1)>t</a>', ["&lt;a"], ['<a "']),
    ("src-in-title", '<img title="a src=x" src="/a.png">', ['title="a src=x" src="/a.png"'], []),
]


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [c[1:] for c in RAW_HTML_CASES],
    ids=[c[0] for c in RAW_HTML_CASES],
)
def test_allow_html_keeps_markup_but_not_script_urls(markdown, present, absent):
    html = str(markdown_to_html(markdown, drop_title=False, allow_html=True))
    for part in present:
        assert part in html, f"{part!r} missing from {html!r}"
    for part in absent:
        assert part.lower() not in html.lower(), f"{part!r} in {html!r}"


def test_raw_html_is_text_unless_allowed():
    text = "<b>fett</b>"
    assert str(markdown_to_html(text, drop_title=False)) == "<p>&lt;b&gt;fett&lt;/b&gt;</p>"
    assert str(markdown_to_html(text, drop_title=False, allow_html=True)) == "<p><b>fett</b></p>"


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [("", False), ("content: {}\n", False), ("content: {allow_html: true}\n", True)],
    ids=["absent", "empty", "true"],
)
def test_allow_html_config_key(yaml_text, expected):
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    raw.pop("content", None)
    raw.update(yaml.safe_load(yaml_text) or {})
    config = load_config_text(yaml.safe_dump(raw, allow_unicode=True))
    assert config.content.allow_html is expected


def test_allow_html_must_be_a_boolean():
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["content"] = {"allow_html": "yes"}
    with pytest.raises(ValueError, match=r"content\.allow_html: expected true\|false"):
        load_config_text(yaml.safe_dump(raw, allow_unicode=True))


# ------------------------------------------------------------------ the hostile project

KOMMUN = "mellerud"
AREA = "hemtjanst"
KPI = "U21468"
NAME = "Mel<script>alert(1)</script>lerud"
OFFICIAL = 'Melleruds "><img src=x onerror=alert(2)> kommun'
GENITIVE = "Mel<script>alert(1)</script>leruds"
TITLE = "<script>alert(3)</script>Nöjda"
PHRASE = "andelen <img src=x onerror=alert(8)> nöjda {{ 7*7 }}"
DESCRIPTION = 'Andel nöjda "><img src=x onerror=alert(4)> och {{ 7*7 }}.'
HOSTILE_MARKDOWN = """\
Rå HTML: <script>alert(5)</script> och <img src=x onerror=alert(6)>.

En länk: [klicka](javascript:alert(7)) och en bild: ![bild](data:image/svg+xml,x).

Mallkod: {{ site.title }} och {{ 7*7 }}.

<script>alert(9)</script>
"""
QUOTE = """\
---
name: "<script>alert(10)</script>Anna"
role: '"><img src=x onerror=alert(11)>'
quote: "Vi <script>alert(12)</script> jobbar {{ 7*7 }}."
---
"""


def hostile_reference(target: Path) -> None:
    """The real reference tables with Mellerud's names made hostile (slug and code kept)."""
    target.mkdir(parents=True)
    for src in sorted((ROOT / "data" / "reference").glob("*.csv")):
        shutil.copyfile(src, target / src.name)
    path = target / "kommuner.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for row in rows:
        if row["slug"] == KOMMUN:
            row.update(name=NAME, official_name=OFFICIAL, genitive=GENITIVE)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def hostile_config() -> str:
    """config.yaml with one indicator's texts made hostile."""
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for area in raw["areas"]:
        for ind in area["indicators"]:
            if ind["id"] == KPI:
                ind.update(title=TITLE, phrase=PHRASE, description=DESCRIPTION)
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def make_hostile_project(tmp: Path) -> Path:
    """A project with hostile names, KPI texts, content and quote; a seeded sample snapshot."""
    root = tmp / "proj"
    root.mkdir()
    for name in ("templates", "static"):
        (root / name).symlink_to(ROOT / name)
    (root / "config.yaml").write_text(hostile_config(), encoding="utf-8")
    shutil.copytree(ROOT / "content", root / "content")
    for page in ("om.md", f"omraden/{AREA}.md"):
        path = root / "content" / page
        path.write_text(path.read_text(encoding="utf-8") + "\n" + HOSTILE_MARKDOWN, "utf-8")
    (root / "content" / "kommuner").mkdir(exist_ok=True)
    (root / "content" / "kommuner" / f"{KOMMUN}.md").write_text(QUOTE, encoding="utf-8")
    hostile_reference(root / "data" / "reference")
    run_sample(root)
    return root


#: Template syntax in the inputs; the build's output check refuses to publish it.
JINJA = ("{{ 7*7 }}", "{{ site.title }}")


def without_template_syntax(root: Path) -> None:
    """The inputs with the ``{{ }}`` parts written out as plain words."""
    paths = [
        root / "config.yaml",
        root / "content" / "om.md",
        root / "content" / "omraden" / f"{AREA}.md",
        root / "content" / "kommuner" / f"{KOMMUN}.md",
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for syntax in JINJA:
            text = text.replace(syntax, syntax.strip("{} "))
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def literal(hostile_project: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """The build with ``{{ }}`` in the inputs, and where it wrote the site."""
    out = hostile_project.parent / "literal"
    snapshot = str(hostile_project / "data" / "sample")
    return run_build(hostile_project, out, "--only", KOMMUN, "--snapshot", snapshot), out


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path, literal) -> Path:
    """Mellerud's pages built from the hostile project, template syntax taken out."""
    without_template_syntax(hostile_project)
    out = hostile_project.parent / "site"
    snapshot = str(hostile_project / "data" / "sample")
    result = run_build(hostile_project, out, "--only", KOMMUN, "--snapshot", snapshot)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_template_syntax_is_never_evaluated_and_shown_as_text(literal):
    """``{{ 7*7 }}`` from config.yaml stays as written (never 49) and is published as text.

    Until issue 14 (item 13) the output check stopped such a build as a leak: one odd
    string in Kolada's metadata would have stopped every night. Now the renderer writes
    the delimiters' braces from data as character references, so the page shows the
    text and the leak check keeps its meaning (tests/test_data_braces.py).
    """
    result, out = literal
    assert result.returncode == 0, result.stderr[-2000:]
    page = (out / KOMMUN / AREA / "index.html").read_text(encoding="utf-8")
    assert pagechecks.find_leak(pagechecks.SCRIPT.sub("", page)) is None
    assert "nöjda {{ 7*7 }}" in html.unescape(page)
    assert "nöjda 49" not in html.unescape(page)


# ------------------------------------------------------------------ files that are not HTML


def test_feed_is_xml_with_the_name_as_text(hostile_site: Path):
    root = ET.parse(hostile_site / KOMMUN / "feed.xml").getroot()
    texts = " ".join(t for el in root.iter() for t in (el.text, *el.attrib.values()) if t)
    assert NAME in texts, "the hostile name is missing from the feed's text"
    assert not any(el.tag.split("}")[-1] in ("script", "img") for el in root.iter())


def test_data_json_parses_with_the_name(hostile_site: Path):
    data = json.loads((hostile_site / KOMMUN / AREA / "data.json").read_text(encoding="utf-8"))
    assert data["kommun"]["namn"] == NAME
    assert data["kommun"]["officiellt_namn"] == OFFICIAL


def test_data_csv_round_trips(hostile_site: Path):
    raw = (hostile_site / KOMMUN / AREA / "data.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))
    assert rows[1][1] == NAME
    assert rows[1][3] == TITLE
    assert len({len(r) for r in rows}) == 1, "rows of different length"
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator=_line_end(raw)).writerows(rows)
    assert out.getvalue() == raw


def _line_end(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def test_press_text_keeps_the_quote_as_text(hostile_site: Path):
    press = (hostile_site / KOMMUN / AREA / "press.txt").read_text(encoding="utf-8")
    assert "Vi <script>alert(12)</script> jobbar" in press
    assert "<script>alert(10)</script>Anna" in press


# ------------------------------------------------------------------ in the browser

#: page -> texts a reader must see literally (escaped once, neither run nor dropped).
PAGES = {
    "/": [],
    f"/{KOMMUN}/": [NAME],
    f"/{KOMMUN}/{AREA}/": [NAME, TITLE, OFFICIAL, "<script>alert(10)</script>Anna"],
    f"/embed/{KOMMUN}/{AREA}/{KPI.lower()}/": [NAME, TITLE],
    "/om/": ["<script>alert(5)</script>", "<img src=x onerror=alert(6)>", "site.title"],
    f"/omrade/{AREA}/": ["<script>alert(5)</script>", "<img src=x onerror=alert(6)>"],
}
#: Injected elements, and any attribute that would run code.
INJECTED = {
    "img[src=x]": 'img[src="x"]',
    "inline script": (
        'script:not([src]):not([type="application/json"]):not([type="application/ld+json"])'
    ),
    "javascript: link": 'a[href^="javascript:" i], [src^="javascript:" i], [src^="data:" i]',
}
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(el =>
  [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    need_browser()
    server, url = serve(functools.partial(Quiet, directory=str(hostile_site)))
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_hostile_input_does_not_run_in_the_browser(served, browser, path):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        response = page.goto(served + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: not served"
        page.wait_for_load_state("networkidle")
        assert dialogs == [], f"{path}: a dialog opened: {dialogs}"
        for what, selector in INJECTED.items():
            assert page.locator(selector).count() == 0, f"{path}: {what} in the DOM"
        assert page.evaluate(HANDLERS) == [], f"{path}: event handler attributes"
        shown = page.inner_text("body")
        for text in PAGES[path]:
            assert text in shown, f"{path}: {text!r} is not shown as text"
        assert "&lt;" not in shown and "&amp;" not in shown, f"{path}: escaped twice"
    finally:
        context.close()
