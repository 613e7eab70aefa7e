"""In headless Chromium: live charts, embeds under a strict host CSP, no third-party requests.

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; .ci/run
installs both. Outside CI a missing browser skips these tests with a message;
in CI (CI=true) it fails them, so they can never be skipped silently there.
"""

from __future__ import annotations

import http.server

import pytest

from tests.helpers.browser import WATCH, console_problem, need_browser, serve


@pytest.fixture(scope="module")
def site(request) -> str:
    """One kommun's pages, served on localhost (conftest's mellerud_site)."""
    need_browser()
    return request.getfixturevalue("mellerud_site")[0]


def _host_handler(site_url: str, embed_path: str):
    page = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Kommunens sida</title>'
        "</head><body><h1>Kommunens sida</h1>"
        f'<iframe title="Diagram" src="{site_url}{embed_path}" width="100%" height="640" '
        'loading="lazy"></iframe></body></html>'
    ).encode()

    class Host(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy", f"default-src 'none'; frame-src {site_url}")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    return Host


def _watch(browser, allowed: list[str]):
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    log = {"console": [], "foreign": [], "requests": []}
    page.on("console", lambda m: console_problem(m.type, m.text) and log["console"].append(m.text))
    page.on("pageerror", lambda e: log["console"].append(str(e)))

    def on_request(request):
        log["requests"].append(request.url)
        if not any(request.url.startswith(a) for a in allowed):
            log["foreign"].append(request.url)

    page.on("request", on_request)
    return context, page, log


def _frame_state(frame) -> dict:
    return frame.evaluate("() => window.__insyn")


def test_embed_in_iframe_under_strict_host_csp(site, browser):
    path = "/embed/mellerud/hemtjanst/u21468/"
    host, host_url = serve(_host_handler(site, path))
    try:
        context, page, log = _watch(browser, [site, host_url])
        page.goto(host_url + "/")
        frame = page.frame_locator("iframe")
        frame.locator(".is-live svg .mark-line path").first.wait_for(timeout=20000)
        embed = next(f for f in page.frames if f.url.startswith(site))
        marks = embed.locator(".is-live svg .mark-line path").count()
        assert marks >= 2, "no line marks drawn"
        state = _frame_state(embed)
        assert state["csp"] == [], f"CSP violations in the embed: {state['csp']}"
        assert _frame_state(page.main_frame)["csp"] == []
        assert log["console"] == [], f"console errors: {log['console']}"
        assert log["foreign"] == [], f"requests outside the site: {log['foreign']}"
        assert context.cookies() == []
        context.close()
    finally:
        host.shutdown()


def test_kommun_area_page_draws_every_chart_in_swedish(site, browser):
    context, page, log = _watch(browser, [site])
    page.goto(site + "/mellerud/hemtjanst/")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-chart]').length > 0 && "
        "[...document.querySelectorAll('[data-chart]')].every("
        "el => el.classList.contains('is-live') || el.classList.contains('is-static'))",
        timeout=30000,
    )
    failed = page.locator("[data-chart].is-static").count()
    assert failed == 0, f"{failed} charts did not draw"
    # a chart with one decimal (Äldre som har hemtjänst) ticks with a decimal comma
    ticks = page.locator("#N21701-tid .role-axis-label text").all_text_contents()
    assert any("," in t for t in ticks), ticks
    assert not any("." in t for t in ticks), ticks
    state = _frame_state(page.main_frame)
    assert state["csp"] == [], state["csp"]
    assert state["errors"] == [], state["errors"]
    assert log["console"] == [], log["console"]
    assert log["foreign"] == [], log["foreign"]
    assert page.evaluate("() => window.localStorage.length") == 0
    # export menu in Swedish, and no "open in editor" (it would send data elsewhere)
    actions = page.locator("#U21468-tid .vega-actions a").all_text_contents()
    assert actions == ["Spara som SVG", "Spara som PNG"], actions
    context.close()


def test_copy_button_works_from_the_keyboard(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "/mellerud/hemtjanst/")
    button = page.locator("section.press button.copy")
    button.wait_for(state="visible")
    button.focus()
    page.keyboard.press("Enter")
    page.locator("section.press .copy-status").filter(has_text="kopierad").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Exempeldata") or "Melleruds kommun" in copied
    context.close()
