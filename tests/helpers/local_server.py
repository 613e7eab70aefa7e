"""What the local fakes (Kolada, CMS) share: an HTTP server on 127.0.0.1 in a daemon thread.

A subclass sets ``handler`` (its request handler class, which reaches the fake as
``self.server.fake``) and ``thread_name``, calls ``_init_server(host, port)`` in
its ``__init__`` and has a ``_record_error(text)`` for tracebacks of its own bugs.
``_stop`` is set on close, so a handler sleeping in a fault wakes up.
"""

from __future__ import annotations

import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the default 5 drops SYNs under a parallel client (1 s stalls)
    fake: Any

    def handle_error(self, request, client_address):  # silence stderr
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        self.fake._record_error(traceback.format_exc())


class LocalServer:
    handler: type[BaseHTTPRequestHandler]
    thread_name = "fake"

    def _init_server(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._stop = threading.Event()
        self._server: QuietServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._stop.clear()
        server = QuietServer((self._host, self._port), self.handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()  # wakes handlers sleeping in a fault
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not running")
        return self._server.server_address[1]
