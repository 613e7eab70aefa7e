"""Headless Chromium for the browser tests: Debian's chromium with the flags this
machine needs, a skip outside CI and a failure in CI when it is missing, and a
quiet local HTTP server."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


#: Vega-Lite's console warnings that two chart kinds still give: the area overview's
#: height is a step, so the page's autosize "fit-x" is reported as a dropped "fit-y";
#: it and the answer charts sort a discrete axis by an "order" field (op min and sum),
#: which Vega-Lite drops where it unions the domains of two layers or channels. Every
#: other warning fails a page (the line charts' "strokeWidth … unsorted discrete
#: field" came once per chart until the channel got a sort).
KNOWN_WARNINGS = (
    'Dropping "fit-y" because spec has discrete height',
    "Domains that should be unioned has conflicting sort properties",
    "Dropping sort property",
)


def console_problem(kind: str, text: str) -> bool:
    """Whether a console message of ``kind`` is an error, or a warning not known."""
    if kind == "error":
        return True
    return kind == "warning" and not any(w in text for w in KNOWN_WARNINGS)


WATCH = """
window.__insyn = {csp: [], errors: []};
document.addEventListener('securitypolicyviolation',
  e => window.__insyn.csp.push(e.violatedDirective + ' ' + e.blockedURI));
window.addEventListener('error', e => window.__insyn.errors.push(String(e.message)));
"""


def need_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed (make test installs it)")
    if not Path(CHROMIUM).exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does it)")


def missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {why}")
    pytest.skip(f"browser test skipped: {why}")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102
        pass


def serve(handler) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
