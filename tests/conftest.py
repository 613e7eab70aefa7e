"""Shared fixtures: the project root, a minimal valid config, the real reference tables."""

from __future__ import annotations

import pytest

from insyn import inputs
from insyn.config import parse_config
from insyn.data import snapshot

from .helpers.browser import ARGS, CHROMIUM, Quiet, need_browser, serve
from .helpers.project import ROOT, make_project, minimal_raw, run_build


@pytest.fixture
def minimal_config():
    return parse_config(minimal_raw(), "test.yaml")


@pytest.fixture(scope="session")
def reference():
    return inputs.read_reference(ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def config():
    return inputs.read_config(ROOT / "config.yaml")


@pytest.fixture(scope="session")
def mellerud_site(tmp_path_factory):
    """Mellerud's pages (``--only mellerud``, no images) built once for the session and
    served on localhost: (base url, site dir). The browser tests only read it."""
    import functools

    tmp = tmp_path_factory.mktemp("mellerud")
    out = tmp / "site"
    result = run_build(make_project(tmp), out, "--only", "mellerud")
    assert result.returncode == 0, result.stderr
    server, url = serve(functools.partial(Quiet, directory=str(out)))
    yield url, out
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, one per test module (see helpers/browser.py)."""
    need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sample_model(config, reference):
    """Every text of the sample site (press texts, overviews, area and län texts),
    with charts for Mellerud only: the text tests need no chart, and charting the
    whole site cost them about 40 s each (issue 15)."""
    from insyn.write import text
    from tests.helpers import whole as whole_site

    sample = snapshot.load_snapshot(ROOT / "data" / "sample")
    writer = text.Writer(text.make_text_env(ROOT / "templates"))
    return whole_site.build_model(
        sample, config, reference, writer, only=[reference.kommun_by_slug("mellerud")]
    )
