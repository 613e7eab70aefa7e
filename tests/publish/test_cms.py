"""insyn.publish.cms against the local fake CMS (tests/helpers/cms_fake.py), both adapters.

No network beyond 127.0.0.1, no timed assertions: waits are recorded, not slept
(push(..., sleep=...)), and only the timeout tests wait for the client's 0.2 s timeout.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from insyn.publish import cms as cms_mod
from insyn.publish.cms import CmsError, CmsSettings, PushResult, push
from insyn.publish.model import Page
from tests.helpers.cms_fake import FakeCms

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ("generic", "wordpress")
HINT = "kontrollera INSYN_CMS_TOKEN"
PATHS = (
    "",
    "ale/",
    "ale/hemtjanst/",
    "ale/lss/",
    "mellerud/",
    "mellerud/hemtjanst/",
    "mellerud/lss/",
    "om/",
)
# the order push() sends them in: by depth, then path
ORDER = ["", "ale/", "mellerud/", "om/", "ale/hemtjanst/", "ale/lss/", "mellerud/hemtjanst/",
         "mellerud/lss/"]  # fmt: skip


class Crash(BaseException):
    """Stands in for the process dying: nothing in push() catches it."""


def page(path: str, version: int = 1) -> Page:
    return Page(
        path=path,
        title=f"Titel {path or 'start'}",
        summary=f"Sammanfattning av {path or 'startsidan'}",
        updated=f"2026-11-{20 + version:02d}T03:17:00Z",
        html=f"<h1>{path or 'start'}</h1><p>version {version} – åäö</p>",
    )


def site(version: int = 1, paths=PATHS) -> list[Page]:
    return [page(p, version) for p in paths]


def settings(fake: FakeCms, adapter: str, **kw) -> CmsSettings:
    base = {"timeout": 5.0, "backoff": 0.0, "credential_hint": HINT} | kw
    if adapter == "generic":
        return CmsSettings("generic", fake.generic_url, token=fake.token, **base)
    return CmsSettings("wordpress", fake.wp_url, user=fake.user, password=fake.password, **base)


def run(pages, s: CmsSettings, state: Path, **kw) -> PushResult:
    kw.setdefault("sleep", lambda _s: None)
    return push(pages, s, state, **kw)


def stored(
    fake: FakeCms, adapter: str, root: str = "insyn/", others: tuple[str, ...] = ()
) -> dict[str, tuple[str, str, str]]:
    """What the CMS holds, by site path: (title, summary, html); for WordPress every
    page must lie under ``root`` except the chains in ``others``."""
    if adapter == "generic":
        return {p: (b["title"], b["summary"], b["html"]) for p, b in fake.pages.items()}
    out = {}
    for chain, p in fake.wp_tree().items():
        if chain in others:
            continue
        assert chain.startswith(root), chain
        assert p["status"] == "publish", (chain, p["status"])
        out[chain[len(root) :]] = (p["title"], p["excerpt"], unwrap(p["content"]))
    return out


def unwrap(content: str) -> str:
    """The HTML of a WordPress page's content, which is one Custom HTML block."""
    start, end = cms_mod.WP_BLOCK
    assert content.startswith(start) and content.endswith(end), content[:80]
    return content[len(start) : -len(end)]


def expected(pages) -> dict[str, tuple[str, str, str]]:
    return {p.path: (p.title, p.summary, p.html) for p in pages}


def key(adapter: str, path: str) -> str:
    """The fake's name for a page: the site path, or WordPress's slug chain."""
    return path if adapter == "generic" else f"insyn/{path}"


def writes(fake: FakeCms) -> list[tuple[str, str]]:
    """(method, page key) of the requests that write: PUT/POST/DELETE."""
    return [(s.method, s.key) for s in fake.requests_seen if s.method != "GET"]


@pytest.fixture
def fake():
    with FakeCms() as f:
        yield f
        assert not f.server_errors, f.server_errors[0]


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state" / "cms.json"


def journal(state: Path) -> Path:
    return state.with_name(state.name + ".journal")


# ------------------------------------------------------------- change detection


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_first_push_sends_all_then_nothing_then_only_changes(fake, state, adapter):
    s = settings(fake, adapter)
    r = run(site(), s, state)
    assert (r.sent, r.deleted, r.unchanged, r.resumed) == (8, 0, 0, 0)
    assert stored(fake, adapter) == expected(site())
    put = "PUT" if adapter == "generic" else "POST"
    assert [k for m, k in writes(fake)] == [key(adapter, p) for p in ORDER]
    assert {m for m, _ in writes(fake)} == {put}

    fake.reset_log()
    r = run(site(), s, state)
    assert (r.sent, r.deleted, r.unchanged) == (0, 0, 8)
    assert fake.requests_seen == []

    changed = [page(p, 2) if p == "mellerud/lss/" else page(p) for p in PATHS]
    r = run(changed, s, state)
    assert (r.sent, r.deleted, r.unchanged) == (1, 0, 7)
    assert [(s.method, s.key) for s in fake.requests_seen] == [(put, key(adapter, "mellerud/lss/"))]
    assert stored(fake, adapter) == expected(changed)

    fake.reset_log()
    fewer = [p for p in changed if p.path != "ale/lss/"]
    r = run(fewer, s, state)
    assert (r.sent, r.deleted, r.unchanged) == (0, 1, 7)
    assert [(s.method, s.key) for s in fake.requests_seen] == [("DELETE", key(adapter, "ale/lss/"))]
    assert stored(fake, adapter) == expected(fewer)
    assert all(n == 1 for n in fake.applied.values()), fake.applied


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_deletes_run_after_puts_deepest_first(fake, state, adapter):
    s = settings(fake, adapter)
    run(site(), s, state)
    fake.reset_log()
    left = [page(p, 2 if p == "om/" else 1) for p in PATHS if not p.startswith("mellerud/")]
    r = run(left, s, state)
    assert (r.sent, r.deleted) == (1, 3)
    assert [m for m, _ in writes(fake)] == ["PUT" if adapter == "generic" else "POST"] + [
        "DELETE"
    ] * 3
    assert [k for m, k in writes(fake) if m == "DELETE"] == [
        key(adapter, p) for p in ("mellerud/hemtjanst/", "mellerud/lss/", "mellerud/")
    ]
    assert stored(fake, adapter) == expected(left)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_state_file_format_and_no_journal_after_success(fake, state, adapter):
    run(site(), settings(fake, adapter), state)
    assert not journal(state).exists()
    data = json.loads(state.read_text(encoding="utf-8"))
    assert data["format"] == "insyn-cms-state" and data["version"] == 1
    assert data["adapter"] == adapter
    assert data["url"] == settings(fake, adapter).url.rstrip("/")
    assert list(data["pages"]) == sorted(PATHS)
    for p in site():
        entry = data["pages"][p.path]
        assert entry["sha256"] == p.sha256
        if adapter == "wordpress":
            wp = fake.wp[entry["id"]]
            assert wp["slug"] == entry["slug"] == (p.path[:-1].rpartition("/")[2] or "insyn")
            assert wp["parent"] == entry["parent"]
        else:
            assert set(entry) == {"sha256"}
    # byte-identical when nothing changed
    before = state.read_bytes()
    run(site(), settings(fake, adapter), state)
    assert state.read_bytes() == before


def test_on_progress_reports_each_confirmed_request(fake, state):
    s = settings(fake, "generic")
    run(site(), s, state)
    seen = []
    new = [page(p, 2) for p in ("", "ale/")]
    run(new, s, state, on_progress=lambda *a: seen.append(a), allow_deletes=True)
    assert seen == [("put", "", 1, 8), ("put", "ale/", 2, 8)] + [
        ("delete", p, i, 8)
        for i, p in enumerate(
            [
                "ale/hemtjanst/",
                "ale/lss/",
                "mellerud/hemtjanst/",
                "mellerud/lss/",
                "mellerud/",
                "om/",
            ],
            3,
        )  # fmt: skip
    ]


def test_generic_request_shape(fake, state):
    """URL per page (start page = /pages/index, segments percent-encoded), body, headers."""
    pages = [page(""), page("a b/"), page("a b/ö/")]
    run(pages, settings(fake, "generic"), state)
    targets = [s.target for s in fake.requests_seen]
    assert targets == ["/api/pages/index", "/api/pages/a%20b", "/api/pages/a%20b/%C3%B6"]
    assert fake.pages["a b/ö/"] == {
        "path": "/a b/ö/",
        "title": pages[2].title,
        "summary": pages[2].summary,
        "updated": pages[2].updated,
        "html": pages[2].html,
        "sha256": pages[2].sha256,
    }


# ----------------------------------------------------------------- timeouts


@pytest.mark.parametrize("apply", [True, False], ids=["answer-lost", "request-lost"])
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_timeout_every_third_request_stores_each_page_once(fake, state, adapter, apply):
    s = settings(fake, adapter, timeout=0.2)
    fake.timeout_every(3, seconds=2.0, apply=apply)
    r = run(site(), s, state)
    assert r.sent == 8 and r.retries >= 2
    assert len(fake.fired) >= 2
    assert stored(fake, adapter) == expected(site())  # for WordPress: no "-2" duplicates
    if adapter == "generic":
        assert fake.applied == {p: 1 for p in PATHS}  # the repeated PUT was recognised
    else:
        assert fake.creates == {key(adapter, p): 1 for p in PATHS}
    # and an update after that, with every third request timing out again
    fake.reset_log()
    changed = site(2)
    r = run(changed, s, state)
    assert r.sent == 8
    assert stored(fake, adapter) == expected(changed)
    assert not fake.creates


# --------------------------------------------------------------- resumption


@pytest.mark.parametrize(
    ("adapter", "k", "confirmed"),
    [
        ("generic", 3, 3),  # PUT, PUT, PUT, then 500s
        ("wordpress", 5, 2),  # GET POST, GET POST, GET, then 500s
    ],
)
def test_run_stopped_by_failing_server_resumes_without_resending(
    fake, state, adapter, k, confirmed
):
    s = settings(fake, adapter, max_retries=2)
    fake.fail_after(k, 500)
    with pytest.raises(CmsError) as err:
        run(site(), s, state)
    msg = str(err.value)
    assert f"/{ORDER[confirmed]}" in msg and "HTTP 500" in msg and "3 försök" in msg
    assert journal(state).exists()

    fake.clear()
    fake.reset_log()
    r = run(site(), s, state)
    assert (r.resumed, r.sent, r.unchanged) == (confirmed, 8 - confirmed, 0)
    touched = {k for _, k in ((s.method, s.key) for s in fake.requests_seen)}
    assert touched == {key(adapter, p) for p in ORDER[confirmed:]}
    assert stored(fake, adapter) == expected(site())
    assert not journal(state).exists()


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_crash_after_confirmation_resumes(fake, state, adapter):
    """Killed right after the third page was confirmed and journaled."""
    s = settings(fake, adapter)

    def progress(action, path, done, total):
        if done == 3:
            raise Crash

    with pytest.raises(Crash):
        run(site(), s, state, on_progress=progress)
    fake.reset_log()
    r = run(site(), s, state)
    assert (r.resumed, r.sent) == (3, 5)
    assert {s.key for s in fake.requests_seen} == {key(adapter, p) for p in ORDER[3:]}
    assert stored(fake, adapter) == expected(site())


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_crash_between_request_and_journal_line(fake, state, adapter, monkeypatch):
    """The CMS stored the third page but the run died before writing that down:
    the next run sends it again, and the CMS does not get a second copy."""
    s = settings(fake, adapter)
    real, calls = cms_mod._Ledger._append, []

    def dying_append(self, rec):
        calls.append(rec["path"])
        if len(calls) == 3:
            raise Crash
        real(self, rec)

    monkeypatch.setattr(cms_mod._Ledger, "_append", dying_append)
    with pytest.raises(Crash):
        run(site(), s, state)
    monkeypatch.setattr(cms_mod._Ledger, "_append", real)
    fake.reset_log()
    r = run(site(), s, state)
    assert (r.resumed, r.sent) == (2, 6)
    assert {s.key for s in fake.requests_seen} == {key(adapter, p) for p in ORDER[2:]}
    assert stored(fake, adapter) == expected(site())
    if adapter == "generic":
        assert fake.applied[ORDER[2]] == 0  # the repeated PUT was not applied again
    else:
        assert fake.creates[key(adapter, ORDER[2])] == 0  # found by the lookup, not re-created


_CHILD = """
import json, sys
from pathlib import Path
from insyn.publish.cms import CmsSettings, push
from insyn.publish.model import Page
cfg = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
sys.stdin.readline()  # wait until the test has armed the fake
push([Page(**p) for p in cfg["pages"]], CmsSettings(**cfg["settings"]), Path(cfg["state"]))
"""


@pytest.mark.parametrize(("adapter", "at", "confirmed"), [("generic", 4, 3), ("wordpress", 4, 1)])
def test_sigkill_mid_run_resumes(fake, state, tmp_path, adapter, at, confirmed):
    """A real SIGKILL: the fake kills the pushing process while it waits for the answer
    to request ``at`` (which the CMS carried out)."""
    s = settings(fake, adapter)
    cfg = tmp_path / "child.json"
    cfg.write_text(
        json.dumps(
            {
                "pages": [dataclasses.asdict(p) for p in site()],
                "settings": dataclasses.asdict(s),
                "state": str(state),
            }
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(cfg)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    fake.kill_at(at, proc.pid)
    _out, err = proc.communicate(b"go\n", timeout=60)
    assert proc.returncode == -signal.SIGKILL, err.decode()
    assert [k for k, _ in fake.fired] == ["kill"]

    fake.reset_log()
    r = run(site(), s, state)
    assert (r.resumed, r.sent) == (confirmed, 8 - confirmed)
    assert {s.key for s in fake.requests_seen} == {key(adapter, p) for p in ORDER[confirmed:]}
    assert stored(fake, adapter) == expected(site())
    if adapter == "wordpress":
        assert not fake.creates[key(adapter, ORDER[confirmed])]  # adopted, not duplicated


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_torn_and_garbled_journal_lines_are_ignored(fake, state, adapter):
    s = settings(fake, adapter)

    def progress(action, path, done, total):
        if done == 2:
            raise Crash

    with pytest.raises(Crash):
        run(site(), s, state, on_progress=progress)
    lines = journal(state).read_bytes().splitlines(keepends=True)
    assert len(lines) == 2
    # a garbled line in the middle and a torn last line (crash mid-write)
    journal(state).write_bytes(
        lines[0] + b"\x00\x00garbage\n" + lines[1] + b'{"op":"put","path":"om/","sha'
    )
    fake.reset_log()
    r = run(site(), s, state)
    assert (r.resumed, r.sent) == (2, 6)
    assert stored(fake, adapter) == expected(site())
    assert not journal(state).exists()


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_lost_state_file_sends_again_without_duplicates(fake, state, adapter):
    s = settings(fake, adapter)
    run(site(), s, state)
    state.unlink()
    fake.reset_log()
    r = run(site(), s, state)
    assert r.sent == 8
    assert stored(fake, adapter) == expected(site())
    if adapter == "generic":
        assert not fake.applied  # every PUT matched what the CMS had
    else:
        assert not fake.creates  # every page was found by slug and parent


# ------------------------------------------------------------------ failures


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_auth_failure_stops_at_once(fake, state, adapter, status):
    if status == 401:
        fake.reject_auth()
    else:
        fake.fail_next(403, count=100)
    with pytest.raises(CmsError) as err:
        run(site(), settings(fake, adapter), state)
    msg = str(err.value)
    assert f"inloggningen nekades (HTTP {status}) – {HINT}" in msg
    assert msg.startswith(f"CMS {settings(fake, adapter).url.rstrip('/')}")
    assert fake.request_count == 1
    assert "\n" not in msg


@pytest.mark.parametrize("status", [400, 404, 413, 422])
@pytest.mark.parametrize("adapter", ADAPTERS)
def test_client_error_names_page_status_and_body(fake, state, adapter, status):
    s = settings(fake, adapter)
    run(site(), s, state)
    fake.reset_log()
    fake.fail_next(status, body="nej:\n  sidan är för stor " + "x" * 300)
    changed = [page(p, 2) if p == "mellerud/hemtjanst/" else page(p) for p in PATHS]
    with pytest.raises(CmsError) as err:
        run(changed, s, state)
    msg = str(err.value)
    assert "/mellerud/hemtjanst/" in msg and f"HTTP {status}" in msg
    assert "nej: sidan är för stor xxx" in msg and "x" * 300 not in msg and "\n" not in msg
    assert fake.request_count == 1  # not retried


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_too_many_deletes_stop_before_anything_is_sent(fake, state, adapter):
    s = settings(fake, adapter, max_deletes=2)
    run(site(), s, state)
    fake.reset_log()
    left = [page(p, 2) for p in PATHS if p not in ("ale/lss/", "mellerud/lss/", "om/")]
    with pytest.raises(CmsError) as err:
        run(left, s, state)
    msg = str(err.value)
    assert "3 sidor" in msg and "gränsen är 2" in msg
    assert "thresholds.max_deletes" in msg and "--force --reason" in msg
    assert fake.requests_seen == []

    r = run(left, s, state, allow_deletes=True)
    assert (r.sent, r.deleted) == (5, 3)
    assert stored(fake, adapter) == expected(left)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_transient_errors_are_retried_with_backoff(fake, state, adapter):
    s = settings(fake, adapter, backoff=0.5)
    waits: list[float] = []
    fake.fail_next(503, count=2)
    fake.fail_next(429, count=1, retry_after=7)
    fake.fail_next(429, count=1, retry_after=100000)
    r = run(site(), s, state, sleep=waits.append)
    assert waits == [0.5, 1.0, 7.0, 60.0]
    assert r.retries == 4 and r.sent == 8
    assert stored(fake, adapter) == expected(site())


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_retries_exhausted_names_page_status_and_attempts(fake, state, adapter):
    fake.fail_next(503, count=100)
    with pytest.raises(CmsError) as err:
        run(site(), settings(fake, adapter, max_retries=2), state)
    msg = str(err.value)
    assert "för sidan /" in msg or "PUT / " in msg
    assert "misslyckades efter 3 försök (senast HTTP 503)" in msg
    assert fake.request_count == 3


def test_connection_refused_is_retried_then_reported(state):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = CmsSettings("generic", f"http://127.0.0.1:{port}/api", token="t", max_retries=1, backoff=0)
    with pytest.raises(
        CmsError, match=r"PUT / misslyckades efter 2 försök \(senast anslutningsfel"
    ):
        run(site(), s, state)


# ----------------------------------------------------------------- WordPress


def test_wordpress_adopts_an_existing_draft_and_honours_parent_id(fake, state):
    kommun = fake.seed_wp("kommun")
    draft = fake.seed_wp("insyn", parent=kommun, status="draft")
    s = settings(fake, "wordpress", parent_id=kommun)
    run(site(), s, state)
    assert fake.creates[key("wordpress", "")] == 0
    tree = fake.wp_tree()
    assert tree["kommun/insyn/"]["id"] == draft and tree["kommun/insyn/"]["status"] == "publish"
    assert stored(fake, "wordpress", "kommun/insyn/", others=("kommun/",)) == expected(site())


def test_wordpress_root_slug_change_moves_the_start_page(fake, state):
    s = settings(fake, "wordpress")
    run(site(), s, state)
    fake.reset_log()
    r = run(site(), dataclasses.replace(s, root_slug="oppna-jamforelser"), state)
    assert (r.sent, r.unchanged) == (1, 7)  # only the root page's slug changes
    assert stored(fake, "wordpress", root="oppna-jamforelser/") == expected(site())


def test_wordpress_page_removed_by_an_editor_is_created_again(fake, state):
    s = settings(fake, "wordpress")
    run(site(), s, state)
    data = json.loads(state.read_text(encoding="utf-8"))
    fake.wp_remove(data["pages"]["mellerud/"]["id"])  # its children move up to the root
    fake.reset_log()
    changed = [page(p, 2) if p == "mellerud/" else page(p) for p in PATHS]
    r = run(changed, s, state)
    # mellerud/ again (update 404 -> lookup -> create), then its children get the new parent
    assert (r.sent, r.unchanged) == (3, 5)
    assert stored(fake, "wordpress") == expected(changed)


@pytest.mark.parametrize(
    ("paths", "needle"),
    [
        (["", "ale/hemtjanst/"], "saknar föräldersidan /ale/"),
        (["", "embed/"], "'embed'"),
        (["", "Ale/"], "'Ale'"),
        (["", "2024/"], "'2024'"),
        (["", "a--b/"], "'a--b'"),
    ],
)
def test_wordpress_rejects_trees_it_cannot_mirror(fake, state, paths, needle):
    with pytest.raises(CmsError, match=needle):
        run([page(p) for p in paths], settings(fake, "wordpress"), state)
    assert fake.requests_seen == []


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("paths", "needle"),
    [
        (["/ale/"], "ogiltig sidsökväg '/ale/'"),
        (["ale"], "ogiltig sidsökväg 'ale'"),
        (["ale//"], "ogiltig sidsökväg"),
        (["ale/../"], "ogiltig sidsökväg"),
        (["ale/", "ale/"], "finns två gånger"),
        (["index/"], "krockar med startsidans adress"),
    ],
)
def test_bad_page_lists_are_refused(fake, state, paths, needle):
    with pytest.raises(CmsError, match=needle):
        run([page(p) for p in paths], settings(fake, "generic"), state)
    assert fake.requests_seen == []


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"adapter": "drupal"}, "okänd adapter"),
        ({"url": "ftp://example.se/"}, "ingen http"),
        ({"token": None}, f"token saknas – {HINT}"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_bad_settings_are_refused(fake, state, change, needle):
    s = dataclasses.replace(settings(fake, "generic"), **change)
    with pytest.raises(CmsError, match=needle):
        run(site(), s, state)
    assert fake.requests_seen == []


def test_wordpress_needs_user_and_password(fake, state):
    s = dataclasses.replace(settings(fake, "wordpress"), password=None)
    with pytest.raises(CmsError, match="applikationslösenord saknas"):
        run(site(), s, state)


def test_state_of_another_target_is_refused(fake, state):
    run(site(), settings(fake, "generic"), state)
    other = dataclasses.replace(settings(fake, "generic"), url=fake.base_url + "/other")
    with pytest.raises(CmsError, match="tillståndsfilen .* gäller generic"):
        run(site(), other, state)


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "x"}', b"[]"])
def test_broken_state_file_is_refused(fake, state, content):
    state.parent.mkdir(parents=True)
    state.write_bytes(content)
    with pytest.raises(CmsError, match="ta bort den för att skicka alla sidor på nytt"):
        run(site(), settings(fake, "generic"), state)
    assert fake.requests_seen == []


def test_concurrent_run_is_refused(fake, state):
    state.parent.mkdir(parents=True)
    with open(state.with_name(state.name + ".lock"), "a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(CmsError, match="en annan publicering"):
            run(site(), settings(fake, "generic"), state)
    assert fake.requests_seen == []
    assert run(site(), settings(fake, "generic"), state).sent == 8


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_redirect_is_not_followed(fake, state, adapter):
    """A redirected PUT/POST can lose its body; the operator must give the final URL."""
    fake.fail_next(301)
    with pytest.raises(CmsError, match=r"omdirigerades \(HTTP 301\)"):
        run(site(), settings(fake, adapter), state)
    assert fake.request_count == 1


def test_request_timeout_408_is_retried(fake, state):
    fake.fail_next(408)
    r = run(site(), settings(fake, "generic"), state)
    assert (r.retries, r.sent) == (1, 8)
