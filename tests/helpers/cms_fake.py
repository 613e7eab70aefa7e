"""A local HTTP server that speaks both CMS contracts of insyn.publish.cms, for tests.

Standard library only (plus insyn.publish.model to check the sha256 a client sends).
Listens on 127.0.0.1 and never touches the network beyond it.

    from tests.helpers.cms_fake import FakeCms

    with FakeCms() as cms:
        CmsSettings("generic", cms.generic_url, token=cms.token)
        CmsSettings("wordpress", cms.wp_url, user=cms.user, password=cms.password)
        cms.timeout_every(3, seconds=1.0, apply=True)   # every 3rd request: answer lost
        cms.fail_next(503, count=2, retry_after=1)
        cms.fail_after(4, 500)                          # requests after the next 4 fail
        cms.reject_auth()
        cms.pages          # generic store: site path ("" = start) -> the JSON body
        cms.wp             # WordPress store: id -> page dict
        cms.wp_tree()      # WordPress pages by slug chain: "insyn/mellerud/" -> page
        cms.applied        # Counter: writes that changed the store, per page key
        cms.requests_seen  # [Seen(method, target, key), ...]

Page keys: generic: the site path ("mellerud/hemtjanst/", "" for the start page);
WordPress: the slug chain from the top level ("insyn/mellerud/hemtjanst/").

Generic contract (base path ``/api``, see docs/cms.md)::

    PUT    /api/pages/<segments>   (start page: /api/pages/index)  JSON body
    DELETE /api/pages/<segments>
    Authorization: Bearer <token>; Idempotency-Key: <sha256> | delete:/<path>
    A PUT whose key equals the stored page's sha256 is answered 200 and not applied.

WordPress (a subset of /wp-json/wp/v2/pages with the real rules that matter here)::

    GET    /wp-json/wp/v2/pages?slug=&parent=&status=&per_page=&_fields=
    POST   /wp-json/wp/v2/pages            create (201)
    POST   /wp-json/wp/v2/pages/<id>       update (200)
    DELETE /wp-json/wp/v2/pages/<id>?force=true
    HTTP Basic user:application-password; ids from 1 up; a slug taken under the same
    parent (or a reserved one) gets "-2", "-3", ... appended; deleting a page moves
    its children to its parent; without force a page goes to the trash.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import threading
import traceback
from collections import Counter
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from insyn.publish.model import Page
from tests.helpers.local_server import LocalServer

GENERIC_PREFIX = "/api/pages/"
WP_COLLECTION = "/wp-json/wp/v2/pages"
WP_STATUSES = ("publish", "future", "draft", "pending", "private", "trash")
WP_RESERVED = ("feed", "rdf", "rss", "rss2", "atom", "embed")


class Seen(NamedTuple):
    method: str
    target: str  # path and query as sent
    key: str  # the page concerned (see the module docstring), "" when none


class _Reply(NamedTuple):
    status: int
    body: Any  # JSON-able, bytes, or None (no body)
    headers: Mapping[str, str] = {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeCms/1"
    timeout = 30
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - silence stderr
        pass

    def do_GET(self):  # noqa: N802
        self.server.fake._handle(self, "GET")

    def do_PUT(self):  # noqa: N802
        self.server.fake._handle(self, "PUT")

    def do_POST(self):  # noqa: N802
        self.server.fake._handle(self, "POST")

    def do_DELETE(self):  # noqa: N802
        self.server.fake._handle(self, "DELETE")

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, reply: _Reply) -> None:
        body = reply.body
        ctype = "application/json; charset=UTF-8"
        if body is None:
            data = b""
        elif isinstance(body, bytes):
            data, ctype = body, "text/plain; charset=utf-8"
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(reply.status)
            if body is not None:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (ConnectionError, TimeoutError):
            self.close_connection = True


class FakeCms(LocalServer):
    """Both CMS contracts on 127.0.0.1:<free port>, served from daemon threads.

    Fault methods are thread-safe. Counting for ``timeout_every``, ``fail_after`` and
    ``kill_at`` starts when the fault is set. ``clear()`` drops every fault and keeps
    the stores; ``reset_log()`` empties the request log and the counters.
    """

    handler = _Handler
    thread_name = "fake-cms"

    def __init__(
        self,
        *,
        token: str = "hemlig-token",
        user: str = "insyn",
        password: str = "abcd efgh ijkl mnop",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token, self.user, self.password = token, user, password
        self._init_server(host, port)
        self._lock = threading.Lock()
        self.pages: dict[str, dict[str, Any]] = {}
        self.wp: dict[int, dict[str, Any]] = {}
        self._next_id = 1
        self.applied: Counter[str] = Counter()
        self.creates: Counter[str] = Counter()  # WordPress creates per slug chain
        self.requests_seen: list[Seen] = []
        self.fired: list[tuple[str, Seen]] = []
        self.server_errors: list[str] = []
        self._n = 0  # requests handled since start
        self.clear()

    # ------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}"

    @property
    def generic_url(self) -> str:
        """The generic endpoint base: PUT {generic_url}/pages/..."""
        return f"{self.base_url}/api"

    @property
    def wp_url(self) -> str:
        """The WordPress site root."""
        return f"{self.base_url}/"

    # ---------------------------------------------------------------- faults
    def timeout_every(self, n: int, seconds: float = 1.0, *, apply: bool = True) -> None:
        """Every n-th request (n, 2n, ...) sleeps ``seconds`` (longer than the client's
        timeout) before answering. apply=True: the request is carried out first, so only
        the answer is lost; apply=False: it is not carried out (the request is lost)."""
        with self._lock:
            self._timeout = {"every": n, "seconds": seconds, "apply": apply, "from": self._n}

    def fail_next(
        self, status: int, count: int = 1, retry_after: int | str | None = None, body: Any = None
    ) -> None:
        """The next ``count`` requests answer ``status`` without being carried out."""
        with self._lock:
            self._fail_queue.append(
                {"status": status, "left": count, "retry_after": retry_after, "body": body}
            )

    def fail_after(self, k: int, status: int = 500) -> None:
        """The next k requests are served; every later one answers ``status`` (until clear())."""
        with self._lock:
            self._fail_after = {"at": self._n + k, "status": status}

    def reject_auth(self, on: bool = True) -> None:
        """Answer 401 to every request, as with a revoked token or password."""
        with self._lock:
            self._reject_auth = on

    def kill_at(self, n: int, pid: int, *, apply: bool = True) -> None:
        """The n-th request from now sends SIGKILL to ``pid`` (the client) instead of an
        answer; apply=True carries the request out first."""
        with self._lock:
            self._kill = {"at": self._n + n, "pid": pid, "apply": apply}

    def clear(self) -> None:
        """Drop all faults (stores and the request log are kept)."""
        with self._lock:
            self._timeout: dict[str, Any] | None = None
            self._fail_queue: list[dict[str, Any]] = []
            self._fail_after: dict[str, Any] | None = None
            self._reject_auth = False
            self._kill: dict[str, Any] | None = None

    def reset_log(self) -> None:
        with self._lock:
            self.requests_seen.clear()
            self.fired.clear()
            self.applied.clear()
            self.creates.clear()

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests_seen)

    def _record_error(self, text: str) -> None:
        with self._lock:
            self.server_errors.append(text)

    # ------------------------------------------------------- WordPress views
    def seed_wp(self, slug: str, parent: int = 0, status: str = "publish", title: str = "") -> int:
        """A page that exists before the test (not counted in applied/creates)."""
        with self._lock:
            return self._wp_insert(
                {
                    "slug": slug,
                    "parent": parent,
                    "status": status,
                    "title": title or slug,
                    "content": "",
                    "excerpt": "",
                }
            )

    def wp_remove(self, page_id: int) -> None:
        """An editor deletes a page for good in wp-admin (children move up)."""
        with self._lock:
            self._wp_delete(page_id)

    def wp_tree(self) -> dict[str, dict[str, Any]]:
        """Pages not in the trash, by slug chain ("insyn/mellerud/")."""
        with self._lock:
            return {
                self._chain(i): dict(p)
                for i, p in sorted(self.wp.items())
                if p["status"] != "trash"
            }

    # -------------------------------------------------------------- handling
    def _handle(self, h: _Handler, method: str) -> None:
        raw = h._body()
        parts = urlsplit(h.path)
        with self._lock:
            self._n += 1
            n = self._n
            seen = Seen(method, h.path, self._key(method, parts, raw))
            self.requests_seen.append(seen)
            fault = self._pick_fault(n)
            if fault:
                self.fired.append((fault[0], seen))
        kind = fault[0] if fault else None
        if kind == "fail":
            spec = fault[1]
            headers = (
                {} if spec["retry_after"] is None else {"Retry-After": str(spec["retry_after"])}
            )
            body = spec["body"]
            if body is None:
                body = {"code": "injected", "message": f"injected HTTP {spec['status']}"}
            elif isinstance(body, str):
                body = body.encode("utf-8")
            h._send(_Reply(spec["status"], body, headers))
            return
        carry_out = kind is None or fault[1].get("apply", False)
        reply = self._serve(h, method, parts, raw) if carry_out else None
        if kind == "kill":
            os.kill(fault[1]["pid"], signal.SIGKILL)
            h.close_connection = True
            return
        if kind == "timeout" and (self._stop.wait(fault[1]["seconds"]) or reply is None):
            h.close_connection = True
            return
        h._send(reply)

    def _pick_fault(self, n: int) -> tuple[str, dict[str, Any]] | None:
        """Which fault fires on request n (lock held)."""
        if self._kill and n == self._kill["at"]:
            return ("kill", self._kill)
        t = self._timeout
        if t and (n - t["from"]) % t["every"] == 0:
            return ("timeout", t)
        if self._fail_after and n > self._fail_after["at"]:
            return ("fail", {**self._fail_after, "retry_after": None, "body": None})
        if self._fail_queue:
            head = self._fail_queue[0]
            head["left"] -= 1
            if head["left"] <= 0:
                self._fail_queue.pop(0)
            return ("fail", head)
        return None

    def _serve(self, h: _Handler, method: str, parts, raw: bytes) -> _Reply:
        try:
            with self._lock:
                if parts.path.startswith(GENERIC_PREFIX):
                    return self._generic(h, method, parts.path, raw)
                if parts.path.startswith(WP_COLLECTION):
                    return self._wordpress(h, method, parts, raw)
                return _Reply(404, {"code": "rest_no_route", "message": "No route"})
        except Exception:  # a bug in the fake: say so loudly in the test
            self._record_error(traceback.format_exc())
            return _Reply(500, {"code": "fake_error", "message": "internal error in FakeCms"})

    def _key(self, method: str, parts, raw: bytes) -> str:
        """The page a request concerns, for the request log (lock held)."""
        path = parts.path
        if path.startswith(GENERIC_PREFIX):
            return _generic_path(path) or ""
        m = re.fullmatch(re.escape(WP_COLLECTION) + r"/(\d+)", path)
        if m:
            pid = int(m.group(1))
            return self._chain(pid) if pid in self.wp else f"#{pid}"
        if path != WP_COLLECTION:
            return ""
        if method == "GET":
            q = dict(parse_qsl(parts.query))
            slug, parent = q.get("slug", ""), q.get("parent", "")
            if slug and parent.isdigit() and "," not in slug:
                return self._chain(int(parent)) + slug + "/"
            return ""
        try:
            body = json.loads(raw or b"{}")
            return self._chain(int(body.get("parent", 0))) + str(body.get("slug", "")) + "/"
        except (ValueError, TypeError, AttributeError):
            return ""

    # ------------------------------------------------------------- generic
    def _generic(self, h: _Handler, method: str, path: str, raw: bytes) -> _Reply:
        if self._reject_auth or h.headers.get("Authorization") != f"Bearer {self.token}":
            return _Reply(401, {"error": "unauthorized"}, {"WWW-Authenticate": "Bearer"})
        site_path = _generic_path(path)
        if site_path is None:
            return _Reply(404, {"error": f"no such page address: {path}"})
        key = h.headers.get("Idempotency-Key")
        if method == "PUT":
            return self._generic_put(site_path, key, raw)
        if method == "DELETE":
            if key != f"delete:/{site_path}":
                return _Reply(400, {"error": f"Idempotency-Key must be delete:/{site_path}"})
            if self.pages.pop(site_path, None) is None:
                return _Reply(404, {"error": "no such page"})
            self.applied[site_path] += 1
            return _Reply(204, None)
        return _Reply(405, {"error": f"{method} not allowed"}, {"Allow": "PUT, DELETE"})

    def _generic_put(self, site_path: str, key: str | None, raw: bytes) -> _Reply:
        try:
            body = json.loads(raw)
        except ValueError:
            return _Reply(400, {"error": "body is not JSON"})
        fields = ("path", "title", "summary", "updated", "html", "sha256")
        if not isinstance(body, dict) or not all(isinstance(body.get(f), str) for f in fields):
            return _Reply(422, {"error": f"body needs string fields {fields}"})
        if body["path"] != f"/{site_path}":
            return _Reply(422, {"error": f"path {body['path']!r} does not match the URL"})
        sha = Page(site_path, body["title"], body["summary"], body["updated"], body["html"]).sha256
        if body["sha256"] != sha:
            return _Reply(422, {"error": "sha256 does not match the content"})
        if key != sha:
            return _Reply(400, {"error": "Idempotency-Key must be the page's sha256"})
        old = self.pages.get(site_path)
        if old is not None and old["sha256"] == key:
            return _Reply(200, {"status": "unchanged"})
        self.pages[site_path] = body
        self.applied[site_path] += 1
        return _Reply(201 if old is None else 200, {"status": "stored"})

    # ----------------------------------------------------------- WordPress
    def _wordpress(self, h: _Handler, method: str, parts, raw: bytes) -> _Reply:
        if self._reject_auth or not self._wp_auth_ok(h.headers.get("Authorization", "")):
            return _Reply(
                401,
                _wp_error(
                    "incorrect_password",
                    "The provided password is an invalid application password.",
                    401,
                ),
            )
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if parts.path == WP_COLLECTION:
            if method == "GET":
                return self._wp_list(query)
            if method == "POST":
                return self._wp_create(raw)
            return _Reply(404, _wp_error("rest_no_route", "No route", 404))
        m = re.fullmatch(re.escape(WP_COLLECTION) + r"/(\d+)", parts.path)
        if not m:
            return _Reply(404, _wp_error("rest_no_route", "No route", 404))
        pid = int(m.group(1))
        if pid not in self.wp:
            return _Reply(404, _wp_error("rest_post_invalid_id", "Invalid post ID.", 404))
        if method == "GET":
            return _Reply(200, self._wp_json(pid))
        if method == "POST":
            return self._wp_update(pid, raw)
        if method == "DELETE":
            previous = self._wp_json(pid)
            if query.get("force") in ("true", "1"):
                self.applied[self._chain(pid)] += 1
                self._wp_delete(pid)
                return _Reply(200, {"deleted": True, "previous": previous})
            page = self.wp[pid]
            if page["status"] == "trash":
                return _Reply(410, _wp_error("rest_already_trashed", "Already trashed.", 410))
            page["status"], page["slug"] = "trash", page["slug"] + "__trashed"
            return _Reply(200, self._wp_json(pid))
        return _Reply(404, _wp_error("rest_no_route", "No route", 404))

    def _wp_auth_ok(self, header: str) -> bool:
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        # WordPress ignores the spaces it shows in application passwords
        return user == self.user and password.replace(" ", "") == self.password.replace(" ", "")

    def _wp_list(self, q: dict[str, str]) -> _Reply:
        statuses = [s for s in q.get("status", "publish").split(",") if s]
        for s in statuses:
            if s not in (*WP_STATUSES, "any"):
                return _Reply(400, _wp_error("rest_invalid_param", "Invalid parameter(s): status"))
        if "any" in statuses:
            statuses = [s for s in WP_STATUSES if s != "trash"]
        try:
            per_page = int(q.get("per_page", "10"))
            page_no = int(q.get("page", "1"))
            parents = [int(x) for x in q["parent"].split(",")] if q.get("parent") else None
        except ValueError:
            return _Reply(400, _wp_error("rest_invalid_param", "Invalid parameter(s)"))
        if not 1 <= per_page <= 100 or page_no < 1:
            return _Reply(400, _wp_error("rest_invalid_param", "Invalid parameter(s): per_page"))
        slugs = [s for s in q.get("slug", "").split(",") if s] or None
        hits = [
            pid
            for pid, p in sorted(self.wp.items())
            if p["status"] in statuses
            and (slugs is None or p["slug"] in slugs)
            and (parents is None or p["parent"] in parents)
        ]
        chunk = hits[(page_no - 1) * per_page : page_no * per_page]
        fields = [f for f in q.get("_fields", "").split(",") if f]
        items = []
        for pid in chunk:
            item = self._wp_json(pid)
            items.append({k: v for k, v in item.items() if k in fields} if fields else item)
        total_pages = max(1, -(-len(hits) // per_page))
        return _Reply(
            200, items, {"X-WP-Total": str(len(hits)), "X-WP-TotalPages": str(total_pages)}
        )

    def _wp_fields(self, raw: bytes, pid: int | None) -> dict[str, Any] | _Reply:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return _Reply(400, _wp_error("rest_invalid_json", "Invalid JSON body passed."))
        if not isinstance(body, dict):
            return _Reply(400, _wp_error("rest_invalid_json", "Invalid JSON body passed."))
        out = {}
        for key in ("title", "content", "excerpt", "slug", "status", "parent"):
            if key in body:
                out[key] = body[key]
        if "status" in out and out["status"] not in WP_STATUSES:
            return _Reply(400, _wp_error("rest_invalid_param", "Invalid parameter(s): status"))
        if "parent" in out:
            parent = out["parent"]
            if not isinstance(parent, int) or (parent != 0 and parent not in self.wp):
                return _Reply(400, _wp_error("rest_post_invalid_id", "Invalid post parent ID."))
            if pid is not None and parent == pid:
                return _Reply(400, _wp_error("rest_post_invalid_parent", "Invalid parent."))
        return out

    def _wp_create(self, raw: bytes) -> _Reply:
        fields = self._wp_fields(raw, None)
        if isinstance(fields, _Reply):
            return fields
        page = {"title": "", "content": "", "excerpt": "", "status": "draft", "parent": 0}
        page |= fields
        page["slug"] = page.get("slug") or re.sub(r"[^a-z0-9]+", "-", str(page["title"]).lower())
        pid = self._wp_insert(page)
        chain = self._chain(pid)
        self.applied[chain] += 1
        self.creates[chain] += 1
        return _Reply(201, self._wp_json(pid))

    def _wp_update(self, pid: int, raw: bytes) -> _Reply:
        fields = self._wp_fields(raw, pid)
        if isinstance(fields, _Reply):
            return fields
        page = self.wp[pid]
        page |= fields
        page["slug"] = self._unique_slug(page["slug"], page["parent"], pid)
        self.applied[self._chain(pid)] += 1
        return _Reply(200, self._wp_json(pid))

    def _wp_insert(self, page: dict[str, Any]) -> int:
        pid = self._next_id
        self._next_id += 1
        page = dict(page, id=pid)
        page["slug"] = self._unique_slug(page["slug"], page["parent"], pid)
        self.wp[pid] = page
        return pid

    def _wp_delete(self, pid: int) -> None:
        page = self.wp.pop(pid)
        for child in self.wp.values():  # wp_delete_post moves children up one level
            if child["parent"] == pid:
                child["parent"] = page["parent"]

    def _unique_slug(self, slug: str, parent: int, pid: int) -> str:
        """wp_unique_post_slug for pages: unique among siblings, reserved words avoided."""

        def taken(s: str) -> bool:
            return any(
                p["slug"] == s and p["parent"] == parent and i != pid for i, p in self.wp.items()
            )

        bad = slug in WP_RESERVED or re.fullmatch(r"(?:page)?\d+", slug)
        if not taken(slug) and not bad:
            return slug
        n = 2
        while taken(f"{slug}-{n}"):
            n += 1
        return f"{slug}-{n}"

    def _chain(self, pid: int) -> str:
        parts: list[str] = []
        seen: set[int] = set()
        while pid and pid in self.wp and pid not in seen:
            seen.add(pid)
            parts.append(self.wp[pid]["slug"])
            pid = self.wp[pid]["parent"]
        return "".join(f"{s}/" for s in reversed(parts))

    def _wp_json(self, pid: int) -> dict[str, Any]:
        p = self.wp[pid]
        return {
            "id": pid,
            "slug": p["slug"],
            "parent": p["parent"],
            "status": p["status"],
            "type": "page",
            "link": f"{self.wp_url}{self._chain(pid)}",
            "title": {"raw": p["title"], "rendered": p["title"]},
            "content": {"raw": p["content"], "rendered": p["content"], "protected": False},
            "excerpt": {"raw": p["excerpt"], "rendered": p["excerpt"], "protected": False},
        }


def _generic_path(url_path: str) -> str | None:
    """/api/pages/mellerud/hemtjanst -> "mellerud/hemtjanst/"; /api/pages/index -> ""."""
    rest = url_path[len(GENERIC_PREFIX) :]
    segments = [unquote(s) for s in rest.split("/")]
    if segments == ["index"]:
        return ""
    if any(s in ("", ".", "..") for s in segments):
        return None
    return "".join(f"{s}/" for s in segments)


def _wp_error(code: str, message: str, status: int = 400) -> dict[str, Any]:
    return {"code": code, "message": message, "data": {"status": status}}
