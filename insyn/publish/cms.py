"""Push a built site's pages to a CMS over HTTP: a generic JSON contract or WordPress.

Why it is built like this (the receiver's side is documented in docs/cms.md):

* Only changed pages are sent. A state file records, per page path, the sha256 the
  CMS has confirmed (and for WordPress the page's id), so a nightly run over a few
  thousand pages sends the handful that changed, and deletes the pages that left.
* Crash-safe and resumable. Every confirmed request is appended to a journal beside
  the state file and fsync'd before the next request goes out, so a run killed at
  any point (even SIGKILL) resumes on the next run without re-sending what the CMS
  already confirmed. The journal is folded into the state file (atomic replace) at
  the start of a run and at the end of a successful one.
* Never half a page: each page goes in one request with its whole content.
* Safe to repeat. A request whose answer was lost to a timeout is sent again: PUT
  replaces and carries an Idempotency-Key, DELETE of a missing page counts as done,
  and a WordPress create first looks for the page a lost answer may have created.
* Nothing is sent when a run would delete more pages than ``max_deletes`` allows.

Errors an operator must act on raise ``CmsError`` with one Swedish line; the CLI
prints it as ``fel: ...``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

import requests

from insyn import inputs
from insyn.errors import UserError
from insyn.fetch.http import GaveUp, RetryPolicy, Transient, retry_after, with_retries
from insyn.publish.model import Page

try:  # POSIX only; without it two concurrent runs are not detected
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

ADAPTERS = ("generic", "wordpress")
STATE_FORMAT = "insyn-cms-state"
STATE_VERSION = 1
RETRY_AFTER_CAP = 60.0  # seconds; a server cannot make us wait longer than this
SNIPPET_CHARS = 200
USER_AGENT = "insyn/0.1 (publish to CMS)"
GENERIC_INDEX = "index"  # the start page's name in the generic URL: {url}/pages/index
GENERIC_PUT_OK = frozenset({200, 201, 204})
GENERIC_DELETE_DONE = frozenset({200, 204, 404, 410})
WP_PAGES = "/wp-json/wp/v2/pages"
# Every status but trash: a page an editor set to draft or private is still ours.
WP_LOOKUP_STATUS = "publish,future,draft,pending,private"
WP_MISSING = "rest_post_invalid_id"  # WordPress's error code for an unknown page id
# A page's content is one "Custom HTML" block: WordPress then shows the HTML as it is.
# Content without blocks goes through wpautop, which wraps scripts and line breaks in
# <p> and <br> (tests/publish/test_wordpress_real.py saw it), and the block editor would show
# it as a "Classic" block; a Custom HTML block is what an editor would paste it into.
WP_BLOCK = ("<!-- wp:html -->\n", "\n<!-- /wp:html -->")
# What WordPress keeps unchanged as a page slug (sanitize_title + wp_unique_post_slug):
# lower-case ASCII, digits, "_" and single inner dashes; not a feed name, "embed", or
# all digits / "page<digits>" (those get "-2" appended, which would defeat the lookup).
_WP_SLUG = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)*")
_WP_RESERVED = frozenset({"feed", "rdf", "rss", "rss2", "atom", "embed"})
_WP_NUMERIC = re.compile(r"(?:page)?\d+")

ProgressFn = Callable[[str, str, int, int], None]
"""on_progress(action, path, done, total): action is "put" or "delete", called after
each confirmed request; ``total`` is the number of requests planned so far."""


@dataclass(frozen=True)
class CmsSettings:
    """Where and how to push. Credentials come from the caller (read from env vars)."""

    adapter: str  # "generic" | "wordpress"
    url: str  # generic: endpoint base; wordpress: site root, e.g. https://kommun.se/
    token: str | None = None  # generic: bearer token
    user: str | None = None  # wordpress: user name
    password: str | None = None  # wordpress: application password
    timeout: float = 30.0
    max_retries: int = 5
    backoff: float = 1.0  # seconds, doubled per retry
    max_deletes: int = 50
    root_slug: str = "insyn"  # wordpress: slug of the start page's page
    parent_id: int = 0  # wordpress: the start page's parent (0 = top level)
    credential_hint: str = ""  # appended to an auth failure, e.g. "kontrollera INSYN_CMS_TOKEN"


class CmsError(UserError, RuntimeError):
    """A push that must stop; the message is one line for the operator, in Swedish."""


@dataclass
class PushResult:
    sent: int = 0  # pages stored (PUT, or WordPress create/update)
    deleted: int = 0  # pages removed
    unchanged: int = 0  # pages skipped: the CMS already has this version
    retries: int = 0  # requests repeated after a timeout, connection error, 408, 429 or 5xx
    resumed: int = 0  # pages (and deletions) an earlier interrupted run already delivered


def push(
    pages: Sequence[Page],
    settings: CmsSettings,
    state_path: Path,
    *,
    on_progress: ProgressFn | None = None,
    session: requests.Session | None = None,
    allow_deletes: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> PushResult:
    """Send the pages that changed since the CMS last confirmed them; delete the ones gone.

    Puts go parents first (by depth, then path); deletions after them, deepest first.
    ``allow_deletes`` lifts the ``max_deletes`` cap (the CLI's --force --reason).
    Raises CmsError before sending anything when the input or the state is wrong,
    and stops at the first request that fails for good; everything confirmed until
    then is kept and the next run continues from there.
    """
    base = _check_settings(settings)
    ordered = _check_pages(pages, settings.adapter)
    own_session = session is None
    http_session = requests.Session() if session is None else session
    try:
        with _Ledger.open(Path(state_path), settings.adapter, base) as ledger:
            http = _Http(http_session, settings, base, sleep)
            adapter: _Adapter = (
                _Generic(http, base, settings)
                if settings.adapter == "generic"
                else _WordPress(http, base, settings)
            )
            result = _run(ordered, adapter, ledger, settings, allow_deletes, on_progress)
            result.retries = http.retries
            ledger.compact()
    finally:
        if own_session:
            http_session.close()
    log.info(
        "CMS %s: %d sent, %d deleted, %d unchanged, %d resumed, %d retries",
        base,
        result.sent,
        result.deleted,
        result.unchanged,
        result.resumed,
        result.retries,
    )
    return result


def _run(
    ordered: list[Page],
    adapter: _Adapter,
    ledger: _Ledger,
    settings: CmsSettings,
    allow_deletes: bool,
    on_progress: ProgressFn | None,
) -> PushResult:
    """Decide, then send: puts parents first, deletions deepest first."""
    wanted = {p.path for p in ordered}
    gone = sorted((p for p in ledger.entries if p not in wanted), key=_deepest_first)
    if len(gone) > settings.max_deletes and not allow_deletes:
        raise CmsError(
            f"CMS {adapter.base}: {len(gone)} sidor skulle tas bort, men gränsen är "
            f"{settings.max_deletes}; höj thresholds.max_deletes i config.yaml eller kör "
            f"med --force --reason om borttagningen är avsiktlig"
        )
    result = PushResult()
    result.resumed = sum(1 for p in ledger.replayed_deletes if p not in wanted)
    todo = {p.path for p in ordered if not adapter.is_current(p, ledger.entries)}
    total = len(todo) + len(gone)
    log.info(
        "CMS %s: %d pages to send, %d to delete, %d up to date",
        adapter.base,
        len(todo),
        len(gone),
        len(ordered) - len(todo),
    )
    done = 0
    for page in ordered:
        # Checked again here: a parent re-created in this run gives its children a new parent.
        if adapter.is_current(page, ledger.entries):
            if page.path in ledger.replayed_puts:
                result.resumed += 1
            else:
                result.unchanged += 1
            continue
        if page.path not in todo:
            total += 1
        entry = adapter.put(page, ledger.entries)
        ledger.record_put(page.path, entry)
        result.sent += 1
        done += 1
        if on_progress is not None:
            on_progress("put", page.path, done, total)
    for path in gone:
        adapter.delete(path, ledger.entries[path])
        ledger.record_delete(path)
        result.deleted += 1
        done += 1
        if on_progress is not None:
            on_progress("delete", path, done, total)
    return result


# ------------------------------------------------------------------ validation


def _check_settings(s: CmsSettings) -> str:
    """The normalised base URL (no trailing slash), or CmsError naming what is wrong."""
    if s.adapter not in ADAPTERS:
        raise CmsError(f"CMS: okänd adapter {s.adapter!r}; välj {' eller '.join(ADAPTERS)}")
    parts = urlsplit(s.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CmsError(f"CMS: adressen {s.url!r} är ingen http(s)-adress")
    if parts.query or parts.fragment:
        raise CmsError(f"CMS: adressen {s.url!r} får inte ha ? eller #")
    base = s.url.rstrip("/")
    hint = f" – {s.credential_hint}" if s.credential_hint else ""
    if s.adapter == "generic" and not s.token:
        raise CmsError(f"CMS {base}: token saknas{hint}")
    if s.adapter == "wordpress" and not (s.user and s.password):
        raise CmsError(f"CMS {base}: användare eller applikationslösenord saknas{hint}")
    if s.adapter == "wordpress" and not _wp_slug_ok(s.root_slug):
        raise CmsError(f"CMS {base}: root_slug {s.root_slug!r} duger inte som WordPress-slug")
    if parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        log.warning("CMS %s: plain http sends the credentials unencrypted", base)
    if min(s.max_retries, s.backoff, s.max_deletes, s.parent_id) < 0 or s.timeout <= 0:
        raise CmsError(
            f"CMS {base}: timeout måste vara > 0; max_retries, backoff, max_deletes "
            f"och parent_id ≥ 0"
        )
    return base


def _check_pages(pages: Sequence[Page], adapter: str) -> list[Page]:
    """Pages in send order (parents first); CmsError for a bad or duplicate path or,
    for WordPress, a page whose parent page is missing."""
    seen: dict[str, Page] = {}
    for page in pages:
        _check_path(page.path, adapter)
        if page.path in seen:
            raise CmsError(f"CMS: sidan {_label(page.path)} finns två gånger")
        seen[page.path] = page
    if adapter == "wordpress":
        for path in seen:
            parent = _parent(path)
            if parent is not None and parent not in seen:
                raise CmsError(
                    f"CMS: sidan {_label(path)} saknar föräldersidan {_label(parent)}, "
                    f"som WordPress behöver för att bygga sidträdet"
                )
    return sorted(seen.values(), key=lambda p: _parents_first(p.path))


def _check_path(path: str, adapter: str) -> None:
    if path == "":
        return
    segments = path.split("/")
    ok = (
        path.endswith("/")
        and not path.startswith("/")
        and all(s not in ("", ".", "..") for s in segments[:-1])
    )
    if not ok:
        raise CmsError(f"CMS: ogiltig sidsökväg {path!r} (väntade t.ex. 'mellerud/hemtjanst/')")
    if adapter == "generic" and path == f"{GENERIC_INDEX}/":
        raise CmsError(f"CMS: sidan /{GENERIC_INDEX}/ krockar med startsidans adress")
    if adapter == "wordpress":
        bad = [s for s in segments[:-1] if not _wp_slug_ok(s)]
        if bad:
            raise CmsError(
                f"CMS: sidan {_label(path)} har adressdelen {bad[0]!r}, som WordPress "
                f"skulle byta namn på (bara a–z, 0–9, - och _, inte feed/embed/siffror)"
            )


def _wp_slug_ok(slug: str) -> bool:
    return (
        bool(_WP_SLUG.fullmatch(slug))
        and slug not in _WP_RESERVED
        and not _WP_NUMERIC.fullmatch(slug)
    )


def _parent(path: str) -> str | None:
    """The parent page's path: "a/b/" -> "a/", "a/" -> "", "" -> None."""
    if path == "":
        return None
    head = path[:-1].rpartition("/")[0]
    return f"{head}/" if head else ""


def _depth(path: str) -> int:
    return path.count("/")


def _parents_first(path: str) -> tuple[int, str]:
    return (_depth(path), path)


def _deepest_first(path: str) -> tuple[int, str]:
    return (-_depth(path), path)


def _label(path: str) -> str:
    """How a message names a page: its site path with a leading slash ("/" = start)."""
    return f"/{path}"


# --------------------------------------------------------------------- ledger


class _Ledger:
    """The state file plus its journal: what the CMS has confirmed, durably.

    entries: path -> {"sha256": ..., and for WordPress "id", "parent", "slug"}.
    Invariant: whenever a journal exists, the state file beside it exists and names
    the same target, so each journal line belongs to that target.
    """

    def __init__(self, path: Path, adapter: str, url: str) -> None:
        self.path = path
        self.journal_path = path.with_name(path.name + ".journal")
        self.lock_path = path.with_name(path.name + ".lock")
        self.adapter, self.url = adapter, url
        self.entries: dict[str, dict[str, Any]] = {}
        self.replayed_puts: set[str] = set()
        self.replayed_deletes: set[str] = set()
        self._journal: Any = None
        self._lock: Any = None

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path, adapter: str, url: str) -> Iterator[_Ledger]:
        ledger = cls(path, adapter, url)
        ledger._acquire()
        try:
            ledger._load()
            ledger.compact()  # folds an interrupted run's journal in, and anchors the target
            yield ledger
        finally:
            ledger._close_journal()
            ledger._release()

    # ------------------------------------------------------------ locking
    def _acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.lock_path, "a")  # noqa: SIM115 - released in _release
        if fcntl is None:
            return
        try:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            raise CmsError(
                f"CMS {self.url}: en annan publicering använder {self.path} just nu"
            ) from None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing drops the flock
            self._lock = None

    # ------------------------------------------------------------ reading
    def _load(self) -> None:
        if self.path.exists():
            self.entries = self._read_state()
        elif self.journal_path.exists():
            # cannot happen through push(): the state file is written before any journal line
            raise CmsError(
                f"CMS {self.url}: {self.journal_path} finns men inte {self.path}; "
                f"ta bort journalen för att skicka alla sidor på nytt"
            )
        if self.journal_path.exists():
            self._replay()

    def _read_state(self) -> dict[str, dict[str, Any]]:
        fix = "ta bort den för att skicka alla sidor på nytt"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CmsError(
                f"CMS: tillståndsfilen {self.path} går inte att läsa ({exc}); {fix}"
            ) from None
        if (
            not isinstance(data, dict)
            or data.get("format") != STATE_FORMAT
            or data.get("version") != STATE_VERSION
            or not isinstance(data.get("pages"), dict)
        ):
            raise CmsError(
                f"CMS: {self.path} är ingen tillståndsfil version {STATE_VERSION}; {fix}"
            )
        if (data.get("adapter"), data.get("url")) != (self.adapter, self.url):
            raise CmsError(
                f"CMS {self.url}: tillståndsfilen {self.path} gäller {data.get('adapter')} "
                f"{data.get('url')}; använd en egen tillståndsfil per mål, eller {fix}"
            )
        pages = data["pages"]
        for path, entry in pages.items():
            if not _valid_entry(entry, self.adapter):
                raise CmsError(f"CMS: {self.path}: trasig post för {path!r}; {fix}")
        return pages

    def _replay(self) -> None:
        """Apply the journal of an interrupted run. A torn or garbled line is skipped:
        forgetting a confirmation only means that request is made again, which is safe."""
        raw = self.journal_path.read_bytes()
        lines = raw.split(b"\n")
        if lines[-1]:
            log.warning(
                "%s: ignoring a torn last line (a run stopped mid-write)", self.journal_path
            )
        for n, line in enumerate(lines[:-1], 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                op, path = rec["op"], rec["path"]
                if not isinstance(path, str):
                    raise ValueError(path)
                if op == "put":
                    entry = {k: v for k, v in rec.items() if k not in ("op", "path")}
                    if not _valid_entry(entry, self.adapter):
                        raise ValueError(entry)
                    self.entries[path] = entry
                    self.replayed_puts.add(path)
                    self.replayed_deletes.discard(path)
                elif op == "delete":
                    self.entries.pop(path, None)
                    self.replayed_deletes.add(path)
                    self.replayed_puts.discard(path)
                else:
                    raise ValueError(op)
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: ignoring an unreadable line", self.journal_path, n)
        if self.replayed_puts or self.replayed_deletes:
            log.info(
                "CMS %s: resuming an interrupted run (%d confirmed requests in the journal)",
                self.url,
                len(self.replayed_puts) + len(self.replayed_deletes),
            )

    # ------------------------------------------------------------ writing
    def record_put(self, path: str, entry: dict[str, Any]) -> None:
        self._append({"op": "put", "path": path, **entry})
        self.entries[path] = entry

    def record_delete(self, path: str) -> None:
        self._append({"op": "delete", "path": path})
        self.entries.pop(path, None)

    def _append(self, rec: dict[str, Any]) -> None:
        """One line per confirmed request, on disk before the next request goes out."""
        line = _dumps(rec)
        if self._journal is None:
            self._journal = open(self.journal_path, "ab")  # noqa: SIM115 - see _close_journal
        self._journal.write(line.encode("utf-8") + b"\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def compact(self) -> None:
        """Write entries to the state file atomically, then drop the journal.

        A crash between the two leaves a journal that is already in the state file;
        replaying it again is harmless (puts and deletes are set operations).
        """
        inputs.write_atomic(self.path, self._state_text().encode("utf-8"))
        self._close_journal()
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()
            inputs.fsync_dir(self.path.parent)

    def _state_text(self) -> str:
        """Plain JSON with one line per page, sorted, so that a diff shows what changed."""
        head = {
            "format": STATE_FORMAT,
            "version": STATE_VERSION,
            "adapter": self.adapter,
            "url": self.url,
        }
        lines = [f"{_dumps(path)}: {_dumps(self.entries[path])}" for path in sorted(self.entries)]
        pages = "{\n" + ",\n".join(lines) + "\n}" if lines else "{}"
        return f'{_dumps(head)[:-1]},"pages":{pages}}}\n'

    def _close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _valid_entry(entry: Any, adapter: str) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str):
        return False
    if adapter == "wordpress":
        return (
            isinstance(entry.get("id"), int)
            and isinstance(entry.get("parent"), int)
            and isinstance(entry.get("slug"), str)
        )
    return True


# ----------------------------------------------------------------------- HTTP


class _Http:
    """One request at a time with the push's retry policy and error messages."""

    def __init__(
        self,
        session: requests.Session,
        settings: CmsSettings,
        base: str,
        sleep: Callable[[float], None],
    ) -> None:
        self.session, self.settings, self.base, self.sleep = session, settings, base, sleep
        self.retries = 0
        if settings.adapter == "generic":
            self.auth: tuple[str, str] | None = None
            self.headers = {"Authorization": f"Bearer {settings.token}"}
        else:
            self.auth = (settings.user or "", settings.password or "")
            self.headers = {}
        self.headers |= {"Accept": "application/json", "User-Agent": USER_AGENT}

    def with_retries(self, what: str, attempt: Callable[[], Any]) -> Any:
        """Run ``attempt`` with the one retry policy of fetch.http."""
        policy = RetryPolicy(
            attempts=self.settings.max_retries + 1,
            backoff=self.settings.backoff,
            retry_after_cap=RETRY_AFTER_CAP,
        )

        def told(n: int, reason: str, wait: float) -> None:
            self.retries += 1
            log.warning("CMS %s: %s: %s; retry %d in %.1f s", self.base, what, reason, n, wait)

        try:
            return with_retries(policy, attempt, self.sleep, told)
        except GaveUp as gave:
            raise CmsError(
                f"CMS {self.base}: {what} misslyckades efter {gave.attempts} försök "
                f"(senast {gave.reason})"
            ) from None

    def once(
        self,
        method: str,
        url: str,
        what: str,
        accept: frozenset[int],
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """One attempt. Returns a response whose status is in ``accept``; raises
        Transient for what a retry may fix, CmsError for what it cannot."""
        data = None
        hdrs = dict(self.headers)
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            hdrs["Content-Type"] = "application/json; charset=utf-8"
        hdrs |= headers or {}
        try:
            resp = self.session.request(
                method,
                url,
                data=data,
                params=params,
                headers=hdrs,
                auth=self.auth,
                timeout=self.settings.timeout,
                allow_redirects=False,  # a redirected PUT can lose its body
            )
        except requests.Timeout:
            raise Transient(f"tidsgränsen {self.settings.timeout:g} s överskreds") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise Transient(f"anslutningsfel: {_one_line(str(exc), 120)}") from None
        except requests.RequestException as exc:
            raise CmsError(f"CMS {self.base}: {what}: {_one_line(str(exc), 200)}") from None
        status = resp.status_code
        if status in accept:
            return resp
        if status in (401, 403):
            hint = f" – {self.settings.credential_hint}" if self.settings.credential_hint else ""
            raise CmsError(f"CMS {self.base}: inloggningen nekades (HTTP {status}){hint}")
        if status in (408, 429) or status >= 500:
            raise Transient(f"HTTP {status}", retry_after(resp.headers.get("Retry-After")))
        if 300 <= status < 400:
            raise CmsError(
                f"CMS {self.base}: {what} omdirigerades (HTTP {status}) till "
                f"{resp.headers.get('Location', '?')}; ange den slutliga adressen i config.yaml"
            )
        raise CmsError(
            f"CMS {self.base}: {what} avvisades med HTTP {status}: "
            f"{_one_line(resp.text, SNIPPET_CHARS) or '(tomt svar)'}"
        )

    def request(
        self, method: str, url: str, what: str, accept: frozenset[int], **kw: Any
    ) -> requests.Response:
        return self.with_retries(what, lambda: self.once(method, url, what, accept, **kw))


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _json(resp: requests.Response, base: str, what: str) -> Any:
    try:
        return resp.json()
    except ValueError:
        raise CmsError(
            f"CMS {base}: {what}: svaret är inte JSON: {_one_line(resp.text, SNIPPET_CHARS)}"
        ) from None


# -------------------------------------------------------------------- adapters


class _Adapter(Protocol):
    base: str

    def is_current(self, page: Page, entries: dict[str, dict[str, Any]]) -> bool: ...

    def put(self, page: Page, entries: dict[str, dict[str, Any]]) -> dict[str, Any]: ...

    def delete(self, path: str, entry: dict[str, Any]) -> None: ...


class _Generic:
    """PUT/DELETE {url}/pages/<path> with a JSON body; see docs/cms.md."""

    def __init__(self, http: _Http, base: str, settings: CmsSettings) -> None:
        self.http, self.base = http, base

    def url(self, path: str) -> str:
        if path == "":
            return f"{self.base}/pages/{GENERIC_INDEX}"
        segments = path[:-1].split("/")
        return f"{self.base}/pages/" + "/".join(quote(s, safe="") for s in segments)

    def is_current(self, page: Page, entries: dict[str, dict[str, Any]]) -> bool:
        entry = entries.get(page.path)
        return entry is not None and entry["sha256"] == page.sha256

    def put(self, page: Page, entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
        sha = page.sha256
        body = {
            "path": _label(page.path),
            "title": page.title,
            "summary": page.summary,
            "updated": page.updated,
            "html": page.html,
            "sha256": sha,
        }
        self.http.request(
            "PUT",
            self.url(page.path),
            f"PUT {_label(page.path)}",
            GENERIC_PUT_OK,
            body=body,
            headers={"Idempotency-Key": sha},
        )
        return {"sha256": sha}

    def delete(self, path: str, entry: dict[str, Any]) -> None:
        self.http.request(
            "DELETE",
            self.url(path),
            f"DELETE {_label(path)}",
            GENERIC_DELETE_DONE,
            headers={"Idempotency-Key": f"delete:{_label(path)}"},
        )


class _WordPress:
    """WordPress pages mirroring the site's tree: slug = last path segment, parent =
    the parent path's page; the start page is ``root_slug`` under ``parent_id``."""

    def __init__(self, http: _Http, base: str, settings: CmsSettings) -> None:
        self.http, self.base, self.settings = http, base, settings
        self.endpoint = base + WP_PAGES

    def slug(self, path: str) -> str:
        return self.settings.root_slug if path == "" else path[:-1].rpartition("/")[2]

    def parent_id(self, path: str, entries: dict[str, dict[str, Any]]) -> int:
        parent = _parent(path)
        if parent is None:
            return self.settings.parent_id
        entry = entries.get(parent)
        if entry is None:  # _check_pages and the send order make this impossible
            raise CmsError(f"CMS {self.base}: föräldersidan {_label(parent)} finns inte i CMS:et")
        return entry["id"]

    def is_current(self, page: Page, entries: dict[str, dict[str, Any]]) -> bool:
        entry = entries.get(page.path)
        if entry is None or entry["sha256"] != page.sha256:
            return False
        parent = _parent(page.path)
        expected_parent = (
            self.settings.parent_id if parent is None else entries.get(parent, {}).get("id", -1)
        )
        return entry["slug"] == self.slug(page.path) and entry["parent"] == expected_parent

    def put(self, page: Page, entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
        slug, parent = self.slug(page.path), self.parent_id(page.path, entries)
        body = {
            "title": page.title,
            "slug": slug,
            "content": wp_content(page.html),
            "excerpt": page.summary,
            "parent": parent,
            "status": "publish",
        }
        entry = entries.get(page.path)
        page_id = self._update(page.path, entry["id"], body) if entry else None
        if page_id is None:
            what = f"POST {WP_PAGES} för sidan {_label(page.path)}"
            page_id = self.http.with_retries(
                what, lambda: self._find_or_create(page.path, slug, parent, body, what)
            )
        return {"sha256": page.sha256, "id": page_id, "parent": parent, "slug": slug}

    def _update(self, path: str, page_id: int, body: dict[str, Any]) -> int | None:
        """Update by id; None when WordPress no longer has that page (then we create)."""
        what = f"POST {WP_PAGES}/{page_id} för sidan {_label(path)}"
        resp = self.http.request(
            "POST", f"{self.endpoint}/{page_id}", what, frozenset({200, 404}), body=body
        )
        if resp.status_code == 404:
            if _wp_code(resp) != WP_MISSING:
                raise CmsError(
                    f"CMS {self.base}: {what} avvisades med HTTP 404: "
                    f"{_one_line(resp.text, SNIPPET_CHARS)}"
                )
            log.warning("CMS %s: page %d (%s) is gone; creating it again", self.base, page_id, path)
            return None
        return self._id_of(resp, what, body["slug"])

    def _find_or_create(
        self, path: str, slug: str, parent: int, body: dict[str, Any], what: str
    ) -> int:
        """One attempt of a create that is safe to repeat: first look for the page an
        earlier attempt (whose answer was lost) or an earlier run may have created."""
        found = self._lookup(path, slug, parent)
        if found is not None:
            resp = self.http.once(
                "POST", f"{self.endpoint}/{found}", what, frozenset({200}), body=body
            )
            return self._id_of(resp, what, slug)
        resp = self.http.once("POST", self.endpoint, what, frozenset({200, 201}), body=body)
        return self._id_of(resp, what, slug)

    def _lookup(self, path: str, slug: str, parent: int) -> int | None:
        what = f"GET {WP_PAGES}?slug={slug}&parent={parent} för sidan {_label(path)}"
        resp = self.http.once(
            "GET",
            self.endpoint,
            what,
            frozenset({200}),
            params={
                "slug": slug,
                "parent": str(parent),
                "status": WP_LOOKUP_STATUS,
                "per_page": "100",
                "_fields": "id,slug,parent,status",
            },
        )
        items = _json(resp, self.base, what)
        if not isinstance(items, list):
            raise CmsError(
                f"CMS {self.base}: {what}: väntade en lista, fick {type(items).__name__}"
            )
        ids = sorted(
            i["id"]
            for i in items
            if isinstance(i, dict)
            and isinstance(i.get("id"), int)
            and i.get("slug") == slug
            and i.get("parent") == parent
        )
        if len(ids) > 1:
            log.warning(
                "CMS %s: %d pages with slug %r under %d; using %d",
                self.base,
                len(ids),
                slug,
                parent,
                ids[0],
            )
        if ids:
            log.info("CMS %s: %s already exists as page %d", self.base, _label(path), ids[0])
        return ids[0] if ids else None

    def _id_of(self, resp: requests.Response, what: str, slug: str) -> int:
        data = _json(resp, self.base, what)
        if not isinstance(data, dict) or not isinstance(data.get("id"), int):
            raise CmsError(f"CMS {self.base}: {what}: svaret saknar sidans id")
        if data.get("slug") not in (None, slug):
            log.warning(
                "CMS %s: WordPress stored slug %r instead of %r (another page has it?)",
                self.base,
                data.get("slug"),
                slug,
            )
        return data["id"]

    def delete(self, path: str, entry: dict[str, Any]) -> None:
        what = f"DELETE {WP_PAGES}/{entry['id']} för sidan {_label(path)}"
        resp = self.http.request(
            "DELETE",
            f"{self.endpoint}/{entry['id']}",
            what,
            frozenset({200, 404, 410}),
            params={"force": "true"},
        )
        if resp.status_code == 404 and _wp_code(resp) != WP_MISSING:
            raise CmsError(
                f"CMS {self.base}: {what} avvisades med HTTP 404: "
                f"{_one_line(resp.text, SNIPPET_CHARS)}"
            )


def wp_content(html: str) -> str:
    """A page's HTML as the content of a WordPress page: one Custom HTML block."""
    start, end = WP_BLOCK
    return f"{start}{html}{end}"


def _wp_code(resp: requests.Response) -> str | None:
    """WordPress's error code ("rest_post_invalid_id", ...) from an error body."""
    try:
        data = resp.json()
    except ValueError:
        return None
    return data.get("code") if isinstance(data, dict) else None
