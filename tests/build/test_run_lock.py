"""Issue 14, item 6: one run at a time per project, with two real processes."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from insyn import cli
from insyn.build.lock import LockError, project_lock
from tests.helpers.project import ROOT

HOLD = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from insyn.build.lock import project_lock
with project_lock(Path({proj!r}), "run"):
    print("held", flush=True)
    time.sleep(30)
"""


@pytest.fixture
def holder(tmp_path):
    """A second process that holds the project's lock, as a running night would."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD.format(root=str(ROOT), proj=str(tmp_path))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


@pytest.mark.parametrize("command", ["build", "run", "publish", "fetch", "sample"])
def test_a_second_command_fails_at_once_with_one_line(holder, tmp_path, capsys, command):
    args = ["--root", str(tmp_path), command]
    started = time.monotonic()
    assert cli.main(args) == 1
    assert time.monotonic() - started < 5  # it does not wait for the other run
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("fel: en annan körning pågår"), err
    assert str(tmp_path) in err[0] and f"insyn {command} startades inte" in err[0]
    assert list(tmp_path.iterdir()) == []  # nothing written, no lock file left


def test_the_lock_is_released_when_its_holder_dies(holder, tmp_path):
    with pytest.raises(LockError), project_lock(tmp_path, "build"):
        pass
    holder.kill()
    holder.wait()
    with project_lock(tmp_path, "build"):  # a killed run leaves no stale lock
        pass


def test_serve_needs_no_lock():
    assert "serve" in cli.UNLOCKED and "build" not in cli.UNLOCKED
