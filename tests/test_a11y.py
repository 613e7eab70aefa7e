"""axe-core in headless Chromium: zero WCAG 2.1 A/AA violations on every kind of page.

One kommun's site (``--only mellerud``, no images) is built into a temp dir, served on
localhost and opened in Debian's chromium. axe-core (node_modules/axe-core, pinned in
package.json; ``npm ci`` installs it) runs on each page once the charts have drawn,
and again with every ``<details>`` opened (table, embed code, the chart export menu).

The pages send a strict CSP (script-src 'self'), which would block the injected axe
script: its browser context bypasses CSP. tests/test_browser.py checks the pages
under their real policy. Missing browser or axe-core: skipped with a reason outside
CI, failed in CI (CI set), as in tests/test_browser.py.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.browser import ARGS, CHROMIUM, missing, need_browser
from tests.helpers.project import PAGE_KINDS, ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SAMPLE_SIZE = 30
SEED = 7

# One page of every kind.
KINDS = list(PAGE_KINDS)

# Every chart holder ends up drawn (is-live) or given up on (is-static).
CHARTS_SETTLED = """() => [...document.querySelectorAll('[data-chart]')].every(
  el => el.classList.contains('is-live') || el.classList.contains('is-static'))"""
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# First on the whole page, then only inside the opened <details> (the rest has not
# changed, and a whole-page run on a page with forty charts is slow).
RUN_AXE = """([tags, scope]) => axe.run(scope ? document.querySelectorAll(scope) : document,
  {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' '))})))"""


def _need_axe() -> None:
    if not AXE.exists():
        missing(f"{AXE.relative_to(ROOT)} is missing (run npm ci; make test does it)")


@pytest.fixture(scope="module")
def built(request) -> tuple[str, Path]:
    """Mellerud's pages built and served on localhost: (base url, site dir)."""
    need_browser()
    _need_axe()
    return request.getfixturevalue("mellerud_site")


@pytest.fixture(scope="module")
def sample(built) -> list[str]:
    """SAMPLE_SIZE further pages, drawn with a fixed seed from every built HTML file."""
    _, out = built
    paths = []
    for file in out.rglob("*.html"):
        rel = file.relative_to(out).as_posix()
        paths.append("/" + rel.removesuffix("index.html"))
    rest = sorted(p for p in paths if p not in KINDS)
    assert len(rest) >= SAMPLE_SIZE, f"only {len(rest)} further pages built"
    return sorted(random.Random(SEED).sample(rest, SAMPLE_SIZE))


@pytest.fixture(scope="module")
def page(built) -> Iterator:
    """One browser, one context (CSP bypassed so that axe can be injected), one page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(bypass_csp=True)
        tab = context.new_page()
        yield tab
        context.close()
        browser.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(v["targets"][:3])
        more = f" (+{len(v['targets']) - 3} more)" if len(v["targets"]) > 3 else ""
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return "\n".join(lines)


def _audit(page, url: str) -> list[str]:
    """Problems on one page: axe violations on load and with every disclosure open."""
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_SETTLED, timeout=30000)
    problems = []
    static = page.locator("[data-chart].is-static").count()
    if static:
        problems.append(f"{static} charts did not draw, so axe did not see them")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, [TAGS, None])
    if found:
        problems.append(f"on load:\n{_describe(found)}")
    if page.locator("details").count():
        page.evaluate(OPEN_DETAILS)
        found = page.evaluate(RUN_AXE, [TAGS, "details"])
        if found:
            problems.append(f"with every <details> open:\n{_describe(found)}")
    return problems


def _check(built, page, path: str) -> None:
    url, _ = built
    problems = _audit(page, url + path)
    assert not problems, f"axe on {path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", KINDS)
def test_page_kind_has_no_axe_violations(built, page, path):
    _check(built, page, path)


@pytest.mark.parametrize("index", range(SAMPLE_SIZE), ids=lambda i: f"sample{i:02d}")
def test_sampled_page_has_no_axe_violations(built, page, sample, index):
    _check(built, page, sample[index])


@pytest.mark.parametrize("path", ["/", "/mellerud/hemtjanst/", "/om/"])
def test_dark_scheme_has_no_axe_violations(built, page, path):
    """The dark palette (prefers-color-scheme: dark) passes too, contrast included."""
    page.emulate_media(color_scheme="dark")
    try:
        _check(built, page, path)
    finally:
        page.emulate_media(color_scheme="light")


def test_axe_finds_a_planted_violation(built, page):
    """The check can fail: an image without alt text on a served page is reported."""
    url, _ = built
    page.goto(url + "/om/", wait_until="load")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = 'x.png';"
        " document.querySelector('main').appendChild(i); }"
    )
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(RUN_AXE, [TAGS, None])
    assert "image-alt" in {v["id"] for v in found}, found


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_chart_export_works_from_the_keyboard(built, page, fmt):
    """The export links sit outside the chart and download the image on Enter."""
    url, _ = built
    page.goto(url + "/mellerud/hemtjanst/", wait_until="load")
    page.wait_for_function(CHARTS_SETTLED, timeout=30000)
    link = page.locator("#U21468-tid .chart-export a").filter(has_text=fmt.upper())
    assert page.locator("#U21468-tid [role=img] a, #U21468-tid [role=img] summary").count() == 0
    link.focus()
    with page.expect_download(timeout=10000) as info:
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename == f"U21468-tid.{fmt}"
    head = Path(download.path()).read_bytes()[:200]
    assert (b"<svg" in head) if fmt == "svg" else head.startswith(b"\x89PNG"), head[:40]
