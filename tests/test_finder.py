"""The start page's "Sök kommun" (static/finder.js) and the page layout, in headless Chromium.

Like tests/test_browser.py: a missing browser or playwright skips these tests
outside CI and fails them in CI (CI set).
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.helpers.browser import (
    WATCH,
    need_browser,
)

ALL = 290
LAN = 21


@pytest.fixture(scope="module")
def site(request) -> str:
    """Mellerud's pages (the start page lists every kommun even so), served on localhost."""
    need_browser()
    return request.getfixturevalue("mellerud_site")[0]


@pytest.fixture
def start(site, browser):
    """The start page with JavaScript, watched for CSP violations and errors."""
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(site + "/")
    page.locator("form.finder").wait_for(state="visible")
    yield page
    state = page.evaluate("() => window.__insyn")
    context.close()
    assert state == {"csp": [], "errors": []}, state


def _expect():
    from playwright.sync_api import expect

    return expect


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def _field(page):
    """The search field, found by its role and accessible name (its label)."""
    return page.get_by_role("searchbox", name="Sök kommun", exact=True)


def _shown(page) -> list[str]:
    return page.locator("#kommuner-efter-lan .kommunlista li:visible a").all_text_contents()


def _shown_lan(page) -> int:
    return page.locator("#kommuner-efter-lan section.lan:visible").count()


def _hits(n: int) -> str:
    return "1 kommun" if n == 1 else f"{n} kommuner"


def test_the_field_is_labelled_and_described(start):
    field = _field(start)
    assert field.get_attribute("type") == "search"
    help_id = field.get_attribute("aria-describedby")
    assert help_id and start.locator(f"#{help_id}").inner_text().strip()
    status = start.locator(".finder-count")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert len(_shown(start)) == ALL


def test_typing_filters_and_announces_the_count(start):
    field = _field(start)
    field.press_sequentially("malm")
    _expect()(start.locator(".finder-count")).to_have_text(re.compile(r"^\d+ kommun(er)?$"))
    shown = _shown(start)
    assert "Malmö" in shown
    assert all("malm" in _fold(name) for name in shown), shown
    _expect()(start.locator(".finder-count")).to_have_text(_hits(len(shown)))


def test_diacritics_and_case_are_ignored(start):
    _field(start).fill("HABO")
    _expect()(start.locator(".finder-count")).to_have_text("2 kommuner")
    assert sorted(_shown(start)) == ["Habo", "Håbo"]
    assert _shown_lan(start) == 2, "län without a hit must be hidden"
    _field(start).fill("malmo")
    _expect()(start.locator(".finder-count")).to_have_text("1 kommun")
    assert _shown(start) == ["Malmö"]


def test_no_hit_says_so(start):
    _field(start).fill("xyzzy")
    _expect()(start.locator(".finder-count")).to_contain_text("Ingen kommun")
    assert _shown(start) == [] and _shown_lan(start) == 0


def test_an_empty_field_shows_every_kommun(start):
    field = _field(start)
    field.fill("habo")
    _expect()(start.locator(".finder-count")).to_have_text("2 kommuner")
    field.fill("")
    _expect()(start.locator(".finder-count")).to_have_text(f"{ALL} kommuner")
    assert len(_shown(start)) == ALL and _shown_lan(start) == LAN


@pytest.mark.parametrize(
    ("query", "name"), [("malmo", "Malmö"), ("habo", "Habo"), ("håbo", "Håbo")]
)
def test_enter_goes_to_the_best_hit(start, query, name):
    href = start.locator(".kommunlista a", has_text=re.compile(f"^{name}$")).get_attribute("href")
    field = _field(start)
    field.fill(query)
    with start.expect_navigation():
        field.press("Enter")
    assert start.url.endswith("/" + href), (start.url, href)
    start.go_back()


def test_enter_in_an_empty_field_stays(start):
    field = _field(start)
    url = start.url
    field.press("Enter")
    assert start.url == url


def test_keyboard_reaches_the_field_and_leaves_it_with_a_visible_focus(start):
    field = _field(start)
    for _ in range(10):
        start.keyboard.press("Tab")
        if start.evaluate("() => document.activeElement.id") == "sok-kommun":
            break
    else:
        pytest.fail("Tab never reached the search field")
    outline = field.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    field.press_sequentially("mellerud")
    start.keyboard.press("Tab")
    focused = start.evaluate("() => document.activeElement.textContent")
    assert focused == "Västra Götalands län", "Tab must move on from the field (no trap)"


def test_without_javascript_the_whole_list_is_there_and_no_field(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    assert page.locator(".kommunlista a").count() == ALL
    assert len(_shown(page)) == ALL
    assert page.locator("section.lan").count() == LAN
    form = page.locator("form.finder")
    assert form.get_attribute("hidden") is not None and not form.is_visible()
    context.close()


@pytest.mark.parametrize("path", ["/", "/mellerud/", "/mellerud/hemtjanst/", "/omrade/hemtjanst/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_page_scroll_at_320_px(site, browser, path, scheme):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site + path)
    page.wait_for_load_state("load")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide at 320px"
    context.close()


def test_dark_scheme_keeps_charts_on_a_light_background(site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/mellerud/hemtjanst/")
    page_bg = page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor")
    figure_bg = page.locator("figure.figure").first.evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert page_bg != "rgb(255, 255, 255)", "dark scheme not applied"
    assert figure_bg == "rgb(255, 255, 255)"
    context.close()


def test_print_hides_controls_and_shows_tables(site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "/mellerud/hemtjanst/")
    page.emulate_media(media="print")
    assert not page.locator("section.press button.copy").is_visible()
    assert not page.locator("details.embed-code").first.is_visible()
    assert page.locator("details.datatable table").first.is_visible(), "closed tables must print"
    after = page.locator(".site-footer a[href^='https://']").first.evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert "https://" in after
    context.close()
