"""Keyboard, reflow, no-JavaScript, privacy and CSP checks over the built site, in Chromium.

Issue 7: every kind of page plus 30 more drawn with a fixed seed from the built
HTML files. Each check is one parametrized test per page, and a failure names the
page and the rule. The site is built once (Mellerud only, with static chart
images) with its base_url set to the local server, so that the 404 page (whose
links are absolute) is served from its own host as it is in production.

Like tests/test_browser.py: a missing browser or playwright skips these tests
outside CI and fails them in CI (CI set).
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.helpers.browser import (
    Quiet,
    console_problem,
    need_browser,
    serve,
)
from tests.helpers.project import PAGE_KINDS, ROOT, make_project, run_build

KINDS = list(PAGE_KINDS)
SAMPLED = 30
SEED = 7
# Pages are known only after the build: tests are parametrized by slot and the
# slot is resolved to a page in the fixture; every message names the page.
SLOTS = [f"kind:{p}" for p in KINDS] + [f"sample:{i:02d}" for i in range(SAMPLED)]
NOT_KOMMUN = {"omrade", "lan", "embed"}

WATCH = """
(() => {
  const log = {csp: [], errors: [], storage: []};
  Object.defineProperty(window, '__insyn', {value: log});
  document.addEventListener('securitypolicyviolation', e => log.csp.push(
    e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
  window.addEventListener('error', e => log.errors.push(String(e.message)));
  for (const name of ['getItem', 'setItem', 'removeItem', 'clear', 'key']) {
    const orig = Storage.prototype[name];
    Storage.prototype[name] = function (...args) {
      log.storage.push(name + '(' + args.join(',') + ')');
      return orig.apply(this, args);
    };
  }
  for (const name of ['localStorage', 'sessionStorage']) {
    const d = Object.getOwnPropertyDescriptor(window, name)
      || Object.getOwnPropertyDescriptor(Window.prototype, name);
    if (d && d.get) {
      Object.defineProperty(window, name, {configurable: true,
        get() { log.storage.push(name); return d.get.call(window); }});
    }
  }
})();
"""

CHARTS_SETTLED = (
    "() => [...document.querySelectorAll('[data-chart]')].every("
    "el => el.classList.contains('is-live') || el.classList.contains('is-static'))"
)

# The document's keyboard stops in DOM order, leaving out what is not rendered
# (hidden, display:none, inside a closed <details>).
FOCUSABLES = """
() => {
  const sel = 'a[href], area[href], button:not([disabled]),'
    + ' input:not([disabled]):not([type=hidden]), select:not([disabled]),'
    + ' textarea:not([disabled]), iframe, [contenteditable=""],'
    + ' [contenteditable="true"], [tabindex], details > summary:first-of-type';
  const all = [...document.querySelectorAll(sel)].filter(el => {
    if (el.matches('[tabindex]') && el.tabIndex < 0) return false;
    if (el.closest('[inert]')) return false;
    return el.checkVisibility({checkVisibilityCSS: true}) && el.getClientRects().length > 0;
  });
  window.__kb = all;
  return all.map(describe);
  function describe(el) {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '')
      .trim().replace(/\\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      + (text ? ' "' + text + '"' : '');
  }
}
"""

FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {index: -1};
  const s = getComputedStyle(el);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
    || (s.boxShadow && s.boxShadow !== 'none');
  const text = (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return {index: window.__kb.indexOf(el), ring: ring,
          what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text + '"',
          inMain: !!el.closest('main')};
}
"""

# Visible elements that carry text (or are replaced content) and stick out on the right.
OVERFLOW = """
() => {
  const w = window.innerWidth;
  const media = new Set(
    ['IMG', 'svg', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'CANVAS', 'IFRAME', 'VIDEO']);
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.table-wrap, pre, textarea, .visually-hidden')) continue;
    const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text && !media.has(el.tagName)) continue;
    if (!el.checkVisibility({checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > w + 0.5) {
      bad.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + (el.textContent || '').trim().slice(0, 30) + '" right=' + Math.round(r.right)
        + (el.closest('figure[id]') ? ' in figure#' + el.closest('figure[id]').id : ''));
    }
  }
  return {scroll: document.documentElement.scrollWidth, width: w, bad: bad};
}
"""


@dataclass
class Site:
    """The served site, its pages, and what every visit in this module has seen."""

    url: str
    out: Path
    pages: list[str]
    requests: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, dict]] = field(default_factory=list)
    storage: list[tuple[str, list[str]]] = field(default_factory=list)

    def page(self, slot: str) -> str:
        kind, _, rest = slot.partition(":")
        return rest if kind == "kind" else self.pages[int(rest)]


def _url_path(html: Path, out: Path) -> str:
    rel = html.relative_to(out).as_posix()
    return "/" + rel[: -len("index.html")] if rel.endswith("index.html") else "/" + rel


def _sample(out: Path) -> list[str]:
    paths = sorted(_url_path(p, out) for p in out.rglob("*.html"))
    rest = [p for p in paths if p not in KINDS]
    return random.Random(SEED).sample(rest, SAMPLED)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """Mellerud's pages with static images, built for and served at a local base_url."""
    need_browser()
    tmp = tmp_path_factory.mktemp("browser_site")
    out = tmp / "site"
    server, url = serve(functools.partial(Quiet, directory=str(out)))
    try:
        text = (ROOT / "config.yaml").read_text(encoding="utf-8")
        text, n = re.subn(r"(?m)^(  base_url: ).*$", rf"\g<1>{url}/", text, count=1)
        assert n == 1, "site.base_url not found in config.yaml"
        result = run_build(make_project(tmp, text), out, "--only", "mellerud", images=True)
        assert result.returncode == 0, result.stderr
        yield Site(url=url, out=out, pages=_sample(out))
    finally:
        server.shutdown()


@dataclass
class Visit:
    page: object
    path: str
    console: list[str]
    requests: list[str]
    failed: list[str]


class _Open:
    """A watched context with one page; records requests, cookies and storage use."""

    def __init__(self, site: Site, browser, path: str, settle: bool = True, **options):
        self.site, self.browser, self.path, self.options = site, browser, path, options
        self.settle = settle and options.get("java_script_enabled", True)

    def __enter__(self) -> Visit:
        self.context = self.browser.new_context(**self.options)
        self.context.add_init_script(WATCH)
        page = self.context.new_page()
        self.visit = Visit(page, self.path, [], [], [])
        page.on(
            "console",
            lambda m: console_problem(m.type, m.text) and self.visit.console.append(m.text),
        )
        page.on("pageerror", lambda e: self.visit.console.append(str(e)))
        self.context.on("request", self._request)
        self.context.on(
            "response",
            lambda r: r.status >= 400 and self.visit.failed.append(f"{r.status} {r.url}"),
        )
        page.goto(self.site.url + self.path)
        page.wait_for_load_state("load")
        if self.settle:
            page.wait_for_function(CHARTS_SETTLED, timeout=30000)
        return self.visit

    def _request(self, request) -> None:
        self.visit.requests.append(request.url)
        self.site.requests.append((self.path, request.url))

    def __exit__(self, *exc) -> None:
        try:
            if self.options.get("java_script_enabled", True) and not self.visit.page.is_closed():
                used = self.visit.page.evaluate("() => window.__insyn.storage.slice()")
                self.site.storage.append((self.path, used))
            self.site.cookies.extend((self.path, c) for c in self.context.cookies())
        finally:
            self.context.close()


def _own(site: Site, url: str) -> bool:
    return url.startswith(site.url + "/") or url.startswith("data:")


def _is_kommun_area(path: str) -> bool:
    parts = [p for p in path.split("/") if p]
    return len(parts) == 2 and parts[0] not in NOT_KOMMUN and not parts[1].endswith(".html")


# Keyboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("slot", SLOTS)
def test_keyboard_order_focus_ring_and_no_trap(site, browser, slot):
    path = site.page(slot)
    with _Open(site, browser, path, viewport={"width": 1024, "height": 800}) as v:
        page = v.page
        expected = page.evaluate(FOCUSABLES)
        assert expected, f"{path}: keyboard: nothing can be focused"
        seen = []
        for _ in range(len(expected)):
            page.keyboard.press("Tab")
            seen.append(page.evaluate(FOCUSED))
        order = [s["index"] for s in seen]
        wrong = next((i for i, idx in enumerate(order) if idx != i), None)
        assert wrong is None, (
            f"{path}: keyboard order: Tab stop {wrong + 1} is {seen[wrong].get('what', 'body')}"
            f" (index {order[wrong]}), expected {expected[wrong]}"
        )
        no_ring = [s["what"] for s in seen if not s["ring"]]
        assert no_ring == [], f"{path}: focus visible: no focus indicator on {no_ring[:10]}"
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        assert after["index"] in (-1, 0), (
            f"{path}: keyboard trap: after the last stop Tab went to {after['what']}"
        )
        if page.locator("a.skip").count():
            assert expected[0].startswith('a.skip "Hoppa till'), (
                f"{path}: skip link: the first Tab stop is {expected[0]}"
            )
            first_in_main = next(s for s in seen if s["inMain"])
            if path == "/":
                assert first_in_main["what"].startswith("input#sok-kommun"), (
                    f"{path}: kommun finder: first stop in main is {first_in_main['what']}"
                )
            _skip_link_moves_focus(page, path, first_in_main["what"])
    assert v.console == [], f"{path}: console errors: {v.console}"


def _skip_link_moves_focus(page, path: str, first_in_main: str) -> None:
    page.locator("a.skip").focus()
    page.keyboard.press("Enter")
    target = page.evaluate("() => document.activeElement.id")
    assert target == "innehall", f"{path}: skip link: Enter moved focus to #{target}"
    page.keyboard.press("Tab")
    now = page.evaluate(FOCUSED)
    assert now["what"] == first_in_main, (
        f"{path}: skip link: Tab after it went to {now['what']}, not {first_in_main}"
    )


@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
@pytest.mark.parametrize("which", ["press", "embed"])
def test_copy_buttons_work_from_the_keyboard(site, browser, which, key):
    path = "/mellerud/hemtjanst/"
    grant = ["clipboard-read", "clipboard-write"]
    with _Open(site, browser, path, settle=False, permissions=grant) as v:
        page = v.page
        if which == "press":
            box = page.locator("section.press")
            box.locator("button.copy").focus()
            expected = box.locator("#press-text").inner_text().strip() + "\n"
            done = "Texten är kopierad."
        else:
            box = page.locator("details.embed-code").first
            box.locator("summary").focus()
            page.keyboard.press(key)
            assert box.get_attribute("open") is not None, f"{path}: embed: {key!r} did not open"
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            focused = page.evaluate("() => document.activeElement.textContent")
            assert focused == "Kopiera koden", f"{path}: embed: Tab reached {focused!r}"
            expected = box.locator("textarea").input_value()
            done = "Koden är kopierad."
        page.evaluate("() => navigator.clipboard.writeText('')")
        page.keyboard.press(key)
        box.locator(".copy-status").filter(has_text=done).wait_for(timeout=5000)
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == expected, f"{path}: copy {which} with {key!r}: clipboard differs"
    assert v.console == [], v.console


# Reflow and zoom -----------------------------------------------------------------------

VIEWS = {
    "320px": {"viewport": {"width": 320, "height": 640}},
    "zoom200": {"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("slot", SLOTS)
def test_reflow_nothing_sticks_out(site, browser, slot, view):
    path = site.page(slot)
    with _Open(site, browser, path, **VIEWS[view]) as v:
        found = v.page.evaluate(OVERFLOW)
    assert found["scroll"] <= found["width"], (
        f"{path}: reflow {view}: page scrolls sideways ({found['scroll']} > {found['width']} px)"
    )
    assert found["bad"] == [], f"{path}: reflow {view}: cut off at the right: {found['bad'][:10]}"


# Without JavaScript --------------------------------------------------------------------


@pytest.mark.parametrize("slot", SLOTS)
def test_without_javascript_text_tables_and_static_charts(site, browser, slot):
    path = site.page(slot)
    source = site.out / path.lstrip("/")
    html = (source / "index.html" if path.endswith("/") else source).read_text(encoding="utf-8")
    with _Open(site, browser, path, java_script_enabled=False) as v:
        page = v.page
        text = page.locator("main").inner_text().strip()
        assert len(text) > 40, f"{path}: no-JS: main shows no text"
        tables = page.locator("table").count()
        assert tables == html.count("<table"), f"{path}: no-JS: {tables} tables shown"
        # the main chart of every indicator (the first figure of its section, and the
        # embed's one chart) has a static image; the further charts of an indicator
        # (among kommuner, kvinnor och män, answer shares) show their description and
        # their data table without JavaScript, which keeps the site under its size limit
        charts = page.evaluate(
            "() => [...document.querySelectorAll('[data-chart]')].map(el => {"
            " const img = el.querySelector('img.chart-static');"
            " const fig = el.closest('figure');"
            " const first = !fig.parentElement.closest('section.indicator') ||"
            "   fig.parentElement.closest('section.indicator').querySelector('figure') === fig;"
            " const table = !!fig.querySelector('table caption');"
            " return [el.getAttribute('data-chart'), img ? img.complete && img.naturalWidth : -1,"
            "   first, table];"
            "})"
        )
        missing = [c for c, w, first, _ in charts if w == -1 and first]
        no_table = [c for c, _, _, table in charts if not table]
        broken = [c for c, w, _, _ in charts if w == 0]
        if _is_kommun_area(path) or path.startswith("/embed/"):
            assert charts, f"{path}: no-JS: no chart figures"
            assert missing == [], f"{path}: no-JS: main charts without a static image: {missing}"
        assert no_table == [], f"{path}: no-JS: charts without a data table: {no_table}"
        assert broken == [], f"{path}: no-JS: static chart images not loaded: {broken}"
    assert v.failed == [], f"{path}: no-JS: failed requests: {v.failed}"


# Privacy and CSP -----------------------------------------------------------------------

IMAGES_DONE = "() => [...document.images].every(img => img.complete)"
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


@pytest.mark.parametrize("slot", SLOTS)
def test_privacy_and_csp(site, browser, slot):
    path = site.page(slot)
    with _Open(site, browser, path) as v:
        page = v.page
        policy = page.evaluate(
            "() => [...document.querySelectorAll('meta[http-equiv]')]"
            ".filter(m => m.httpEquiv.toLowerCase() === 'content-security-policy')"
            ".map(m => m.content)"
        )
        page.evaluate(OPEN_ALL)
        page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_function(IMAGES_DONE)
        state = page.evaluate("() => ({csp: window.__insyn.csp, errors: window.__insyn.errors})")
        storage = page.evaluate("() => window.__insyn.storage.slice()")
    assert policy, f"{path}: CSP: the page sends no policy"
    script_src = _directive(policy[0], "script-src") or _directive(policy[0], "default-src")
    assert script_src, f"{path}: CSP: no script-src or default-src in {policy[0]!r}"
    for bad in ("'unsafe-inline'", "'unsafe-eval'"):
        assert bad not in script_src, f"{path}: CSP: script-src allows {bad}"
    assert state["csp"] == [], f"{path}: CSP: securitypolicyviolation events: {state['csp']}"
    assert v.console == [] and state["errors"] == [], (
        f"{path}: CSP: console or page errors: {v.console + state['errors']}"
    )
    foreign = [u for u in v.requests if not _own(site, u)]
    assert foreign == [], f"{path}: privacy: requests to other hosts: {foreign}"
    assert storage == [], f"{path}: privacy: web storage used: {storage}"
    assert v.failed == [], f"{path}: privacy: failed requests: {v.failed}"


def _directive(policy: str, name: str) -> str | None:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0].lower() == name:
            return " ".join(words[1:])
    return None


def test_privacy_across_every_visit_in_this_module(site):
    """Runs last: every request, cookie and storage call of every test above."""
    if not site.requests:
        pytest.skip("no page was visited (run the whole module)")
    foreign = sorted({(p, u) for p, u in site.requests if not _own(site, u)})
    assert foreign == [], f"privacy: requests to other hosts: {foreign[:10]}"
    assert site.cookies == [], f"privacy: cookies set: {site.cookies[:10]}"
    used = [(p, s) for p, s in site.storage if s]
    assert used == [], f"privacy: localStorage/sessionStorage used: {used[:10]}"
