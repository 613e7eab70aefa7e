"""Issue 14, item 2: a publish is a transaction over its targets, as far as the
targets allow: every target is staged before any goes live, the CMS goes last, and
when a target still fails the outcomes (and so the report, the exit code and the
state) say which target serves what."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from insyn import pipeline
from insyn.publish import targets
from insyn.publish.directory import MARKER
from insyn.publish.targets import FAILED, NOT_TRIED, PUBLISHED, Outcome, Staged
from tests.helpers.sites import make_site, mark

WHEN = datetime(2026, 11, 18, 3, 0, tzinfo=UTC)


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


@pytest.fixture
def options(tmp_path):
    from insyn.config import load_config_text
    from tests.helpers.project import ROOT

    config = load_config_text((ROOT / "config.yaml").read_text(encoding="utf-8"))
    return targets.Options(config, tmp_path / "proj", WHEN, tmp_path / "www")


def test_a_target_that_fails_to_stage_publishes_nothing_anywhere(tmp_path, options, monkeypatch):
    """[dir, bundle] with the bundle's output a file: the directory keeps the old site."""
    (tmp_path / "proj").mkdir()
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    www = mark(make_site(tmp_path / "www", {"index.html": b"gammal"}))
    before = tree(www)
    bundles = tmp_path / "proj" / options.config.publish.bundle_path
    bundles.parent.mkdir(parents=True, exist_ok=True)
    bundles.write_text("en fil, ingen katalog")
    real = targets.stage

    def stage(target, site_dir, o):  # --path names the dir target only here
        return real(target, site_dir, replace(o, dir_path=www if target == "dir" else None))

    monkeypatch.setattr(targets, "stage", stage)
    with pytest.raises(targets.PublishError, match="^bundle: kunde inte förberedas"):
        targets.publish_all(["dir", "bundle"], site, options)
    assert tree(www) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proj", "site", "www"]  # no stage left
    assert sorted(p.name for p in (tmp_path / "proj").iterdir()) == [bundles.name]


def _fake(log: list[str], name: str, *, fail_stage=False, fail_commit=False, remote=False):
    def commit() -> str:
        log.append(f"commit {name}")
        if fail_commit:
            raise RuntimeError(f"{name} svarar 500")
        return f"{name} klar"

    if fail_stage:
        raise targets.PublishError(f"{name}: miljövariabeln saknas")
    log.append(f"stage {name}")
    return Staged(name, commit, lambda: log.append(f"abort {name}"), remote)


@pytest.mark.parametrize(
    ("plan", "log_expected", "statuses"),
    [
        pytest.param(
            {"cms": {"remote": True}, "dir": {}, "bundle": {}},
            ["stage cms", "stage dir", "stage bundle", "commit dir", "commit bundle", "commit cms"],
            {"cms": PUBLISHED, "dir": PUBLISHED, "bundle": PUBLISHED},
            id="all-live-cms-last",
        ),
        pytest.param(
            {"dir": {}, "cms": {"remote": True, "fail_commit": True}},
            ["stage dir", "stage cms", "commit dir", "commit cms", "abort cms"],
            {"dir": PUBLISHED, "cms": FAILED},
            id="cms-fails-after-dir",
        ),
        pytest.param(
            {"dir": {"fail_commit": True}, "bundle": {}, "cms": {"remote": True}},
            ["stage dir", "stage bundle", "stage cms", "commit dir", "abort dir"]
            + ["abort bundle", "abort cms"],
            {"dir": FAILED, "bundle": NOT_TRIED, "cms": NOT_TRIED},
            id="first-fails-rest-not-tried",
        ),
    ],
)
def test_targets_go_live_in_order_and_say_what_they_serve(
    monkeypatch, plan, log_expected, statuses
):
    log: list[str] = []
    monkeypatch.setattr(targets, "stage", lambda t, site, o: _fake(log, t, **plan[t]))
    outcomes = targets.publish_all(list(plan), Path("site"), None)  # type: ignore[arg-type]
    assert log == log_expected
    assert {o.target: o.status for o in outcomes} == statuses
    assert [o.target for o in outcomes] == list(plan)  # in the configured order


def test_a_stage_that_fails_aborts_the_staged_ones(monkeypatch):
    log: list[str] = []
    plan = {"dir": {}, "cms": {"fail_stage": True}}
    monkeypatch.setattr(targets, "stage", lambda t, site, o: _fake(log, t, **plan[t]))
    with pytest.raises(targets.PublishError, match="cms: miljövariabeln saknas"):
        targets.publish_all(list(plan), Path("site"), None)  # type: ignore[arg-type]
    assert log == ["stage dir", "abort dir"]


def test_the_run_says_in_one_line_which_target_serves_what():
    outcomes = [
        Outcome("dir", PUBLISHED, "12 filer"),
        Outcome("cms", FAILED, "HTTP 500"),
        Outcome("bundle", NOT_TRIED, "inte försökt efter felet"),
    ]
    line = pipeline._partial(outcomes, "20261118T030000Z")
    assert "\n" not in line
    assert "dir visar körning 20261118T030000Z" in line
    assert "cms misslyckades (HTTP 500) och visar förra publiceringen" in line
    assert "bundle inte försökt, visar förra publiceringen" in line


def test_a_state_that_cannot_be_saved_says_what_is_live(tmp_path):
    def full() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(pipeline.RunError, match=r"^dir visar körning r1, men tillståndet"):
        pipeline._record(tmp_path / "state", "r1", ["dir"], full)


def test_the_dir_target_still_carries_its_marker(tmp_path, options):
    (tmp_path / "proj").mkdir()
    site = make_site(tmp_path / "site", {"index.html": b"ny"})
    outcomes = targets.publish_all(["dir"], site, options)
    assert outcomes == [Outcome("dir", PUBLISHED, f"1 filer kopierade till {tmp_path / 'www'}")]
    assert (tmp_path / "www" / MARKER).is_file()
