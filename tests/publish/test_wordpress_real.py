"""The CMS target against a real WordPress (issue 17): Debian's WordPress 6.1 in Swedish,
MariaDB in a temporary directory, ``php -S`` on 127.0.0.1 (tests/wordpress/server.py).

The fixture project is tests/fixtures/mini (8 kommuner, 2 areas), published with
``build.py run --target cms`` as an operator would, through a logging proxy
(tests/wordpress/proxy.py) that can also lose an answer. The static site itself (the
stylesheet, scripts and chart images the fragments link to) is served by the same
``php -S`` under /insyn-statisk/, as if the kommun hosted it on its own domain, so a
page may request nothing from any host but WordPress's.

The insyn user is an Editor *without* ``unfiltered_html`` (as on a multisite network
or with DISALLOW_UNFILTERED_HTML): the strict case, where kses strips the scripts.
test_what_kses_removes_for_each_role records what the filter does for the other roles.

Needs the Debian packages wordpress, wordpress-l10n, wordpress-theme-twentytwentythree,
mariadb-server, php-cli and php-mysql (.ci/run installs them): without them the tests
skip outside CI and fail in CI (CI=true), as the browser tests do. Start-up and push
times are printed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import yaml
from selectolax.lexbor import LexborHTMLParser

from insyn.publish import sitepages
from insyn.publish.cms import WP_BLOCK, CmsSettings, push, wp_content
from insyn.publish.model import Page
from tests.helpers.mini import changed_snapshot, make_mini_project
from tests.helpers.project import ROOT
from tests.wordpress import server
from tests.wordpress.proxy import Proxy

NIGHT_1 = 1_795_000_000  # 2026-11-18, as tests/test_nightly.py
DAY = 86_400
STATIC = "insyn-statisk"  # where WordPress's host serves the static site
PAGES = "/wp-json/wp/v2/pages"
KOMMUN = "mellerud"
#: What kses may take from a kept element for a user without unfiltered_html, seen with
#: WordPress 6.1: none of it carries content.
HARMLESS_LOSSES = frozenset({("a", "download"), ("div", "tabindex"), ("img", "decoding")})


def say(request: pytest.FixtureRequest, line: str) -> None:
    """A line in the test run's output (start-up and push times for the issue's note)."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"[wordpress] {line}")


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory, request):
    server.need_wordpress()
    wp = server.start(tmp_path_factory.mktemp("wordpress"))
    say(request, f"WordPress started in {wp.startup_seconds:.1f} s at {wp.url}")
    try:
        yield wp
    finally:
        wp.stop()


@pytest.fixture(scope="module")
def proxy(wordpress):
    with Proxy(wordpress.url) as p:
        yield p


@pytest.fixture(scope="module")
def project(tmp_path_factory, wordpress, proxy) -> Path:
    root = make_mini_project(tmp_path_factory.mktemp("wp-project"))
    raw = yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))
    raw["site"]["base_url"] = wordpress.link_static(STATIC, root / "site")
    raw["publish"]["targets"] = ["cms"]
    raw["publish"]["cms"] = {
        "adapter": "wordpress",
        "url": proxy.url,
        "timeout_seconds": 60,
        "max_retries": 2,
        "backoff_seconds": 0,
    }
    write_config(root, raw)
    return root


def write_config(root: Path, raw: dict[str, Any]) -> None:
    (root / "config.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")


def read_config(root: Path) -> dict[str, Any]:
    return yaml.safe_load((root / "config.yaml").read_text(encoding="utf-8"))


def night(
    project: Path, wordpress: server.WordPress, n: int, snapshot: Path
) -> subprocess.CompletedProcess:
    """``build.py run --target cms`` for night ``n``, as the filtered editor."""
    login, password = wordpress.users["editor_filtered"]
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(NIGHT_1 + (n - 1) * DAY),
        "PYTHONPATH": str(ROOT),
        "INSYN_CMS_USER": login,
        "INSYN_CMS_PASSWORD": password,
    }
    args = [sys.executable, str(ROOT / "build.py"), "--root", str(project), "run"]
    args += ["--no-progress", "--jobs", "2", "--snapshot", str(snapshot), "--target", "cms"]
    return subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=project, timeout=900, check=False
    )


def pages_of(project: Path) -> dict[str, Page]:
    """What the CMS should hold: the built site's pages, by site path."""
    base = read_config(project)["site"]["base_url"]
    return {p.path: p for p in sitepages.site_pages(project / "site", base, "x")}


def admin(wordpress: server.WordPress) -> tuple[str, str]:
    return wordpress.users["administrator"]


def all_pages(wordpress: server.WordPress) -> list[dict[str, Any]]:
    """Every page WordPress has but the trash, in the edit context (raw content)."""
    out: list[dict[str, Any]] = []
    n = 1
    while True:
        resp = requests.get(
            wordpress.url + PAGES,
            auth=admin(wordpress),
            params={
                "context": "edit",
                "per_page": "100",
                "page": str(n),
                "status": "publish,future,draft,pending,private",
                "orderby": "id",
                "order": "asc",
            },
            timeout=60,
        )
        assert resp.status_code == 200, resp.text[:300]
        out += resp.json()
        if n >= int(resp.headers.get("X-WP-TotalPages", "1")):
            return out
        n += 1


def wp_tree(wordpress: server.WordPress, root_slug: str = "insyn") -> dict[str, dict[str, Any]]:
    """insyn's WordPress pages by site path (the root page is ""), following parents.
    Fails on two pages with one path, or a slug WordPress renamed ("-2")."""
    items = all_pages(wordpress)
    children: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        children.setdefault(item["parent"], []).append(item)
    (root,) = [i for i in children.get(0, []) if i["slug"] == root_slug]
    tree = {"": root}
    todo = [("", root)]
    while todo:
        path, item = todo.pop()
        kids = children.get(item["id"], [])
        slugs = Counter(k["slug"] for k in kids)
        assert all(n == 1 for n in slugs.values()), slugs
        for kid in kids:
            assert not re.search(r"-\d+$", kid["slug"]), f"renamed slug {kid['slug']}"
            child = f"{path}{kid['slug']}/"
            tree[child] = kid
            todo.append((child, kid))
    return tree


def without_scripts(html: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, link"):
        node.decompose()
    return tree


def visible_text(html: str) -> str:
    body = without_scripts(html).body
    return " ".join((body.text(deep=True) if body is not None else "").split())


def inventory(html: str) -> tuple[Counter, Counter]:
    """How many of each element, and of each (element, attribute), a piece of HTML has."""
    tags: Counter = Counter()
    attrs: Counter = Counter()
    body = LexborHTMLParser(f"<body>{html}</body>").body
    assert body is not None
    for node in body.traverse(include_text=False):
        tags[node.tag] += 1
        for name in node.attributes:
            attrs[(node.tag, name)] += 1
    return tags, attrs


@pytest.fixture(scope="module")
def first_night(project, wordpress, proxy, request) -> dict[str, Any]:
    """Night 1: the whole site pushed; what was sent and how long it took."""
    proxy.reset()
    started = time.monotonic()
    result = night(project, wordpress, 1, project / "data" / "sample")
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:] + wordpress.log_tail()
    sent = proxy.seen[:]
    push = sent[-1].ended - sent[0].started
    pages = pages_of(project)
    say(
        request,
        f"night 1: `build.py run --target cms` took {took:.1f} s; the push of "
        f"{len(pages)} pages {push:.1f} s ({len(sent)} requests, "
        f"{push / len(pages):.2f} s a page)",
    )
    return {"pages": pages, "stdout": result.stdout, "requests": sent}


# ------------------------------------------------------------------ the tests


def test_missing_packages_skip_outside_ci_and_fail_in_ci(monkeypatch, tmp_path):
    """Runs without WordPress: the convention of the browser tests."""
    monkeypatch.setattr(server, "WP_SOURCE", tmp_path / "no-wordpress")
    assert "wordpress" in server.missing_packages()
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Debian packages missing: .*wordpress"):
        server.need_wordpress()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: .*wordpress"):
        server.need_wordpress()


def test_wordpress_is_swedish_with_application_passwords(wordpress):
    resp = requests.get(wordpress.url + "/wp-json/", timeout=30)
    assert resp.status_code == 200
    home = requests.get(wordpress.url + "/", timeout=30)
    assert '<html lang="sv-SE"' in home.text
    for role, expect in (("administrator", True), ("editor", True), ("editor_filtered", False)):
        me = requests.get(
            wordpress.url + "/wp-json/wp/v2/users/me",
            auth=wordpress.users[role],
            params={"context": "edit"},
            timeout=30,
        )
        assert me.status_code == 200, (role, me.text[:300])
        caps = me.json()["capabilities"]
        assert caps.get("unfiltered_html", False) is expect, role
        assert caps["publish_pages"] and caps["delete_published_pages"]
    wrong = requests.get(
        wordpress.url + "/wp-json/wp/v2/users/me", auth=("redaktor", "fel"), timeout=30
    )
    assert wrong.status_code == 401


def test_the_first_night_pushes_the_tree_as_rest_reads_it_back(first_night, wordpress):
    pages: dict[str, Page] = first_night["pages"]
    assert f"cms: {len(pages)} sidor skickade" in first_night["stdout"]
    tree = wp_tree(wordpress)
    assert set(tree) == set(pages)
    for path, page in pages.items():
        item = tree[path]
        assert item["status"] == "publish", path
        assert item["title"]["raw"] == page.title, path
        assert item["excerpt"]["raw"] == page.summary, path
        assert item["slug"] == (path[:-1].rpartition("/")[2] or "insyn"), path
        parent = sitepages_parent(path)
        assert item["parent"] == (0 if parent is None else tree[parent]["id"]), path
        raw = item["content"]["raw"]
        start, end = WP_BLOCK
        assert raw.startswith(start) and raw.endswith(end), path
        # the filtered editor: kses took the scripts and the stylesheet link, not a word
        assert "<script" not in raw and "<link" not in raw, path
        assert visible_text(raw) == visible_text(page.html), path
        assert visible_text(raw) and '"patch"' not in visible_text(raw), path
    # one kommun's pages and their parents
    kommun = [p for p in pages if p.startswith(f"{KOMMUN}/")]
    assert len(kommun) >= 3 and "" in tree
    assert tree[f"{KOMMUN}/hemtjanst/"]["link"].endswith(f"/insyn/{KOMMUN}/hemtjanst/")


def sitepages_parent(path: str) -> str | None:
    if path == "":
        return None
    head = path[:-1].rpartition("/")[0]
    return f"{head}/" if head else ""


RESOURCE_RELS = frozenset(
    {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch"}
)


def resource_urls(html: str, page_url: str) -> list[str]:
    """Every URL a browser would load for this page by itself (not the links a reader
    may follow): src, srcset, poster, data, and <link> hrefs that load something."""
    tree = LexborHTMLParser(html)
    out = []
    for node in tree.css("[src], [srcset], [poster], object[data], link[href]"):
        attrs = node.attributes
        if node.tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & RESOURCE_RELS:
                out.append(attrs.get("href") or "")
            continue
        for name in ("src", "poster", "data"):
            if attrs.get(name):
                out.append(attrs[name] or "")
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                out.append(candidate.split()[0])
    for style in tree.css("style"):
        out += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.text())
    return [urljoin(page_url, u) for u in out if not u.startswith("data:")]


def test_a_visitor_sees_the_page_complete_and_only_wordpress_is_asked(first_night, wordpress):
    page: Page = first_night["pages"][f"{KOMMUN}/hemtjanst/"]
    url = wp_tree(wordpress)[f"{KOMMUN}/hemtjanst/"]["link"]
    resp = requests.get(url, timeout=60)
    assert resp.status_code == 200
    html = resp.text
    assert '<html lang="sv-SE"' in html
    assert f"<title>{page.title} &#8211; Kommunen</title>" in html
    seen = visible_text(html)
    sent = LexborHTMLParser(page.html)
    # the press text, the tables and the chart descriptions are all there
    press = sent.css_first("article.press-text")
    assert press is not None and " ".join(press.text().split()) in seen
    for caption in sent.css("figcaption"):
        assert " ".join(caption.text().split()) in seen
    shown = LexborHTMLParser(html)
    assert len(shown.css(".insyn table")) == len(sent.css("table")) > 0
    assert len(shown.css(".insyn figcaption")) == len(sent.css("figcaption")) > 0
    # the static chart images stand in for the charts, and load
    images = shown.css(".insyn img.chart-static")
    assert len(images) == len(sent.css("img.chart-static")) > 0
    for img in images[:3]:
        src = urljoin(url, img.attributes["src"] or "")
        got = requests.get(src, timeout=30)
        assert got.status_code == 200 and got.headers["Content-Type"].startswith("image/"), src
    # no chart JSON, no dead copy buttons, no scripts of ours
    assert '"patch"' not in seen and "Kopiera" not in seen
    assert f"{STATIC}/assets/charts.js" not in html
    # nothing is requested from any host but WordPress's
    host = urlsplit(wordpress.url).netloc
    others = sorted({u for u in resource_urls(html, url) if urlsplit(u).netloc != host})
    assert others == [], others


def test_what_kses_removes_for_each_role(first_night, wordpress, request):
    """One page's fragment, and the iframe embed code an editor would paste, saved as a
    draft by each account; what WordPress keeps is compared with what was sent."""
    page: Page = first_night["pages"][f"{KOMMUN}/hemtjanst/"]
    embed = LexborHTMLParser(page.html).css_first("textarea.embed-textarea")
    assert embed is not None
    sent = wp_content(page.html + embed.text() + "\n")
    before_tags, before_attrs = inventory(sent)
    assert before_tags["iframe"] == 1 and before_tags["script"] > 1
    found: dict[str, tuple[list[str], list[str]]] = {}
    made = []
    for role in ("administrator", "editor", "editor_filtered"):
        resp = requests.post(
            wordpress.url + PAGES,
            auth=wordpress.users[role],
            json={"title": f"kses {role}", "content": sent, "status": "draft"},
            timeout=60,
        )
        assert resp.status_code == 201, resp.text[:300]
        made.append(resp.json()["id"])
        raw = resp.json()["content"]["raw"]
        tags, attrs = inventory(raw)
        lost_tags = sorted(t for t, n in before_tags.items() if tags[t] < n)
        lost_attrs = sorted(
            f"{t}[{a}]" for (t, a), n in before_attrs.items() if attrs[(t, a)] < n and tags[t]
        )
        found[role] = (lost_tags, lost_attrs)
        say(request, f"kses, {role}: elements removed {lost_tags}, attributes {lost_attrs}")
        if role != "editor_filtered":
            assert raw == sent, role  # unfiltered_html: stored byte for byte
        else:
            assert lost_tags == ["iframe", "link", "script"]
            assert {tuple(a[:-1].split("[")) for a in lost_attrs} <= HARMLESS_LOSSES
            assert visible_text(raw) == visible_text(sent)
    for page_id in made:
        requests.delete(
            f"{wordpress.url}{PAGES}/{page_id}",
            auth=admin(wordpress),
            params={"force": "true"},
            timeout=60,
        )
    assert found["administrator"] == found["editor"] == ([], [])


def test_one_kommun_round_trip_as_administrator(first_night, wordpress, request, tmp_path):
    """One kommun's pages and their parents, pushed by an administrator (scripts kept)
    under their own root page, then read back as a visitor: the time it takes."""
    pages: dict[str, Page] = first_night["pages"]
    mine = [p for path, p in pages.items() if path == "" or path.startswith(f"{KOMMUN}/")]
    login, password = admin(wordpress)
    settings = CmsSettings(
        "wordpress", wordpress.url, user=login, password=password, root_slug="en-kommun"
    )
    state = tmp_path / "state.json"
    started = time.monotonic()
    result = push(mine, settings, state)
    pushed = time.monotonic() - started
    tree = wp_tree(wordpress, "en-kommun")
    assert set(tree) == {p.path for p in mine} and result.sent == len(mine)
    html = requests.get(tree[f"{KOMMUN}/hemtjanst/"]["link"], timeout=60).text
    for path in tree:
        assert requests.get(tree[path]["link"], timeout=60).status_code == 200
    took = time.monotonic() - started
    say(
        request,
        f"one kommun ({len(mine)} pages with the start page): pushed in {pushed:.1f} s, "
        f"pushed and read back as a visitor in {took:.1f} s",
    )
    # the administrator keeps the scripts: the charts can draw, from WordPress's host
    assert f"{STATIC}/assets/charts.js" in html and 'type="application/json"' in html
    assert '"patch"' not in visible_text(html)
    host = urlsplit(wordpress.url).netloc
    assert all(urlsplit(u).netloc == host for u in resource_urls(html, wordpress.url))
    for path in sorted(tree, key=lambda p: -p.count("/")):
        requests.delete(
            f"{wordpress.url}{PAGES}/{tree[path]['id']}",
            auth=admin(wordpress),
            params={"force": "true"},
            timeout=60,
        )


def test_later_nights(first_night, project, wordpress, proxy, tmp_path, request):
    """Nothing new: nothing sent. One value changed: exactly the pages it touches. An
    area removed: its pages deleted (within the cap). An answer lost: no duplicate."""
    before = pages_of(project)
    ids = {path: item["id"] for path, item in wp_tree(wordpress).items()}

    # night 2: the same data sends nothing, not even a look-up
    proxy.reset()
    result = night(project, wordpress, 2, project / "data" / "sample")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 sidor skickade, 0 borttagna" in result.stdout
    assert proxy.seen == []

    # night 3: one kommun's value changed
    changed_snap = tmp_path / "changed"
    assert changed_snapshot(project / "data" / "sample", changed_snap) >= 1
    proxy.reset()
    started = time.monotonic()
    result = night(project, wordpress, 3, changed_snap)
    assert result.returncode == 0, result.stderr[-3000:]
    after = pages_of(project)
    assert set(after) == set(before)
    touched = {p for p in after if after[p].sha256 != before[p].sha256}
    assert f"{KOMMUN}/hemtjanst/" in touched and len(touched) < len(after)
    written = sorted(s.path for s in proxy.writes())
    assert written == sorted(f"{PAGES}/{ids[p]}" for p in touched)
    assert {s.method for s in proxy.seen} == {"POST"}
    say(
        request,
        f"night 3 (one value changed): {len(touched)} pages updated, "
        f"night took {time.monotonic() - started:.1f} s: {sorted(touched)}",
    )
    tree = wp_tree(wordpress)
    for path in touched:
        assert visible_text(tree[path]["content"]["raw"]) == visible_text(after[path].html)

    # night 4: an area removed; its pages are deleted, deepest first, nothing else
    raw = read_config(project)
    kept = read_config(project)
    raw["areas"] = [a for a in raw["areas"] if a["slug"] != "ifo"]
    raw["thresholds"]["max_deletes"] = 500  # the site gate counts files; the CMS pages
    write_config(project, raw)
    proxy.reset()
    result = night(project, wordpress, 4, changed_snap)
    assert result.returncode == 0, result.stderr[-3000:]
    fewer = pages_of(project)
    gone = set(after) - set(fewer)
    assert gone and all(p.endswith("/ifo/") for p in gone), gone
    assert len(gone) <= raw["thresholds"]["max_deletes"]
    assert f"{len(gone)} borttagna" in result.stdout
    deletes = [s for s in proxy.writes() if s.method == "DELETE"]
    assert sorted(s.path for s in deletes) == sorted(f"{PAGES}/{ids[p]}" for p in gone)
    assert all("force=true" in s.query for s in deletes)
    assert set(wp_tree(wordpress)) == set(fewer)
    for path in gone:
        assert requests.get(tree[path]["link"], timeout=60).status_code == 404
    say(request, f"night 4 (an area removed): {len(gone)} pages deleted: {sorted(gone)}")

    # night 5: the area is back, and the answer to the first create is lost
    write_config(project, kept)
    proxy.reset()
    proxy.lose_answer(lambda method, path: method == "POST" and path == PAGES)
    result = night(project, wordpress, 5, changed_snap)
    assert result.returncode == 0, result.stderr[-3000:]
    assert [s for s in proxy.seen if not s.answered], "no answer was lost"
    assert re.search(r"\b[1-9]\d* nya försök", result.stdout), result.stdout
    final = wp_tree(wordpress)  # fails on a duplicate or a renamed "-2" slug
    assert set(final) == set(pages_of(project)) == set(after)
    creates = [s for s in proxy.writes() if s.path == PAGES]
    assert len(creates) == len(gone)  # one create per page; the lost one was adopted


def test_charts_draw_in_chromium_where_scripts_are_kept(first_night, wordpress, browser):
    """The Administrator's copy of a kommun × area page in Chromium: every chart draws
    from the comment-wrapped JSON, no JSON shows, and only WordPress's host is asked."""
    pages: dict[str, Page] = first_night["pages"]
    path = f"{KOMMUN}/hemtjanst/"
    mine = [pages[p] for p in ("", f"{KOMMUN}/", path)]
    login, password = admin(wordpress)
    settings = CmsSettings(
        "wordpress", wordpress.url, user=login, password=password, root_slug="med-skript"
    )
    push(mine, settings, wordpress.docroot.parent / "state-med-skript.json")
    tree = wp_tree(wordpress, "med-skript")
    charts = len(LexborHTMLParser(pages[path].html).css("div.chart[data-chart]"))
    assert charts > 0
    hosts: set[str] = set()
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
        page.goto(tree[path]["link"], wait_until="networkidle")
        page.wait_for_function(
            f"document.querySelectorAll('.chart-live svg, .chart-live canvas').length >= {charts}",
            timeout=60_000,
        )
        text = page.inner_text("body")
    finally:
        page.close()
    assert '"patch"' not in text and "<!--" not in text
    assert hosts == {urlsplit(wordpress.url).netloc}, hosts
    for item in sorted(tree.values(), key=lambda i: -i["link"].count("/")):
        requests.delete(
            f"{wordpress.url}{PAGES}/{item['id']}",
            auth=admin(wordpress),
            params={"force": "true"},
            timeout=60,
        )
