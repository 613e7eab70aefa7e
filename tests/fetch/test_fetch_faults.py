"""Issue 14, items 3 and 4: a Kolada answer is held to its request, a redirect may
not leave the configured host, and a fetch has a size cap and a deadline.

Each case runs the whole `fetch` against the local Kolada v3 fake (as an operator
would) and asserts one line naming the URL, exit 1, and no snapshot written.
"""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from insyn.fetch.kolada import ClientSettings, KoladaClient, KoladaError
from tests.fetch import test_fetch
from tests.helpers.fetching import after, assert_no_snapshot, fetch, make_project
from tests.helpers.kolada_fake import FakeKolada, KoladaData
from tests.helpers.project import ROOT

fake = test_fetch.fake
project = test_fetch.project


def _with_row(change):
    """A tamper that adds one row made from the first data row by ``change``."""

    def tamper(envelope: dict) -> dict:
        rows = envelope["values"]
        if not rows or "period" not in rows[0]:
            return envelope
        extra = change(copy.deepcopy(rows[0]))
        env = dict(envelope, values=[*rows, extra])
        env["count"] = len(env["values"])
        return env

    return tamper


def _value(row: dict, value: float) -> dict:
    row["values"] = [{**row["values"][0], "value": value}]
    return row


ANSWERS = [
    pytest.param(lambda r: {**r, "period": 9999}, "year 9999, which was not asked", id="year-9999"),
    pytest.param(lambda r: {**r, "period": 1900}, "year 1900, which was not asked", id="year-1900"),
    pytest.param(
        lambda r: {**r, "municipality": "9999"}, "municipality '9999'", id="unknown-municipality"
    ),
    pytest.param(lambda r: {**r, "kpi": "N99999"}, "KPI 'N99999'", id="kpi-not-asked"),
    pytest.param(
        lambda r: _value(r, (r["values"][0]["value"] or 0) + 7.5),
        "twice with different values",
        id="duplicate-other-value",
    ),
]


@pytest.mark.parametrize(("change", "needle"), ANSWERS)
def test_an_answer_beyond_the_request_stops_the_fetch(
    fake, project, capsys, monkeypatch, change, needle
):
    after(monkeypatch, fake, 8, lambda f: f.tamper_next(_with_row(change)))
    assert fetch(project) == 1
    err = capsys.readouterr().err
    assert needle in err and fake.base_url in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert_no_snapshot(project)


def test_an_exact_repeat_of_a_row_is_dropped(fake, project, monkeypatch):
    after(monkeypatch, fake, 8, lambda f: f.tamper_next(_with_row(lambda r: r)))
    assert fetch(project) == 0
    assert (project / "snap").is_dir()


def test_a_redirect_to_another_host_is_refused(fake, project, capsys, monkeypatch):
    after(monkeypatch, fake, 3, lambda f: f.redirect_next("http://192.0.2.1:9/v3/municipality"))
    assert fetch(project) == 1
    err = capsys.readouterr().err
    assert "redirect to 'http://192.0.2.1:9/v3/municipality' leaves" in err, err
    assert_no_snapshot(project)


def test_a_redirect_within_the_host_is_followed(fake):
    fake.redirect_next(fake.url("/municipality?per_page=5000"))
    client = KoladaClient(ClientSettings(base_url=fake.base_url, throttle_seconds=0))
    assert len(client.municipalities()) == len(KoladaData.small().municipalities)
    assert fake.requests_seen[0] == fake.requests_seen[1]  # the redirect, then its target


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
def test_an_answer_over_the_size_cap_is_not_read_whole(fake, declare):
    fake.huge_next(3 * 2**20, declare=declare)
    settings = ClientSettings(
        base_url=fake.base_url, throttle_seconds=0, max_retries=0, max_response_bytes=2**20
    )
    with pytest.raises(KoladaError, match=r"over 1 MB \(sources\.kolada\.max_response_mb\)"):
        KoladaClient(settings).municipalities()


def test_a_dripping_server_meets_the_deadline(fake):
    """One byte every 0.2 s never trips a 5 s read timeout; the deadline stops it."""
    fake.drip_next(0.2, chunk=1)
    settings = ClientSettings(
        base_url=fake.base_url,
        throttle_seconds=0,
        timeout_seconds=5,
        max_retries=0,
        deadline_seconds=1.0,
    )
    with pytest.raises(KoladaError, match=r"took more than 1 s .*deadline_minutes"):
        KoladaClient(settings).municipalities()


def test_the_cli_says_one_line_and_keeps_the_old_snapshot(tmp_path):
    """As an operator meets it: `build.py fetch` against a server answering year 9999."""
    proj = make_project(tmp_path / "proj")
    with FakeKolada(KoladaData.small(), page_size_cap=4) as server:
        env = {"INSYN_KOLADA_URL": server.base_url, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin"}
        cmd = [sys.executable, str(ROOT / "build.py"), "--root", str(proj), "fetch"]
        cmd += ["--snapshot-dir", str(proj / "snap"), "--no-progress"]
        assert subprocess.run(cmd, env=env, capture_output=True, timeout=120).returncode == 0
        before = {p.name: p.read_bytes() for p in (proj / "snap").iterdir()}
        server.tamper_next(_with_row(lambda r: {**r, "period": 9999}), count=10**6)
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    # log lines (INFO, WARNING) may come before it; the error is one line, the last
    errors = [line for line in done.stderr.splitlines() if "year 9999" in line]
    assert errors == done.stderr.strip().splitlines()[-1:] and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in (proj / "snap").iterdir()} == before
