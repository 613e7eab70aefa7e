"""A pass-through HTTP proxy in front of WordPress that logs requests and can lose answers.

insyn's CMS target talks to the proxy; the proxy forwards every request to WordPress
unchanged and returns the answer, and records (method, path, query) of each request.
``lose_answer(predicate)`` makes it forward the next matching request, let WordPress
carry it out, and then close the connection without answering: what a timeout after
the CMS stored the page looks like to insyn.
"""

from __future__ import annotations

import http.client
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length"}
)


@dataclass(frozen=True)
class Seen:
    method: str
    path: str  # without the query
    query: str
    status: int  # WordPress's answer (0: the proxy failed to reach it)
    answered: bool  # False: the answer was lost on purpose
    started: float  # time.monotonic() when the request arrived
    ended: float  # ... and when WordPress's answer was back


Predicate = Callable[[str, str], bool]  # (method, path) -> lose this answer?


class Proxy:
    def __init__(self, backend: str) -> None:
        parts = urlsplit(backend)
        self.backend_host = parts.hostname or "127.0.0.1"
        self.backend_port = parts.port or 80
        self.seen: list[Seen] = []
        self._lose: list[Predicate] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                started = time.monotonic()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                path, _, query = self.path.partition("?")
                with proxy._lock:
                    lose = next((p for p in proxy._lose if p(self.command, path)), None)
                    if lose is not None:
                        proxy._lose.remove(lose)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["Host"] = f"{proxy.backend_host}:{proxy.backend_port}"
                conn = http.client.HTTPConnection(
                    proxy.backend_host, proxy.backend_port, timeout=120
                )
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                except OSError:
                    proxy._record(
                        Seen(self.command, path, query, 0, False, started, time.monotonic())
                    )
                    self.send_error(502)
                    return
                finally:
                    conn.close()
                proxy._record(
                    Seen(
                        self.command,
                        path,
                        query,
                        resp.status,
                        lose is None,
                        started,
                        time.monotonic(),
                    )
                )
                if lose is not None:
                    self.close_connection = True  # WordPress did it; insyn never hears so
                    return
                self.send_response(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Proxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def reset(self) -> None:
        with self._lock:
            self.seen.clear()

    def lose_answer(self, predicate: Predicate) -> None:
        """Lose the answer to the next request that matches (once)."""
        with self._lock:
            self._lose.append(predicate)

    def writes(self) -> list[Seen]:
        return [s for s in self.seen if s.method not in ("GET", "HEAD")]
