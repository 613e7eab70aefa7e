"""Whole nightly runs (`build.py run`) against the local Kolada server, with faults.

The fixture project (8 kommuner, 2 areas) is fetched from a fake Kolada that
serves the project's own sample snapshot, gated, built and published to a
directory. Each test is one or more "nights" (a fixed SOURCE_DATE_EPOCH each)
and checks what a municipality relies on: the last good site stays served
when a night goes wrong, the exit code says so, and the report says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from insyn.publish.directory import MARKER
from tests.helpers.kolada_fake import FakeKolada, KoladaData
from tests.helpers.mini import make_mini_project
from tests.helpers.project import ROOT

DAY = 86_400
NIGHT_1 = 1_795_000_000  # 2026-11-18
EXIT_STOPPED = 3


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = make_mini_project(tmp_path_factory.mktemp("nightly"))
    text = (root / "config.yaml").read_text(encoding="utf-8")
    # a failing Kolada must fail fast in a test: no throttle, one quick retry
    for old, new in (
        ("throttle_seconds: 0.25", "throttle_seconds: 0"),
        ("max_retries: 5", "max_retries: 1"),
        ("backoff_seconds: 1.0", "backoff_seconds: 0"),
        ("timeout_seconds: 30", "timeout_seconds: 5"),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (root / "config.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(base, tmp_path) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(base, root, symlinks=True)
    return root


@pytest.fixture(scope="module")
def sample_data(base) -> KoladaData:
    return KoladaData.from_snapshot(base / "data" / "sample")


@pytest.fixture
def kolada(sample_data):
    with FakeKolada(sample_data) as server:
        yield server


def run_args(project: Path, *extra: str) -> list[str]:
    served = project.parent / "served"
    return [
        sys.executable,
        str(ROOT / "build.py"),
        "--root",
        str(project),
        "run",
        "--no-progress",
        "--no-images",
        "--jobs",
        "2",
        "--target",
        "dir",
        "--path",
        str(served),
        *extra,
    ]


def env(kolada: FakeKolada, night: int) -> dict[str, str]:
    return {
        **os.environ,
        "INSYN_KOLADA_URL": kolada.base_url,
        "SOURCE_DATE_EPOCH": str(NIGHT_1 + (night - 1) * DAY),
        "PYTHONPATH": str(ROOT),
    }


def night(project: Path, kolada: FakeKolada, n: int, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        run_args(project, *extra),
        capture_output=True,
        text=True,
        env=env(kolada, n),
        cwd=project,
        timeout=600,
    )


def tree_hash(path: Path, *, skip: str = "") -> str:
    """One hash of every file's path and bytes (but ``skip``): equal hashes, untouched tree."""
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file() and p.relative_to(path).as_posix() != skip:
            h.update(p.relative_to(path).as_posix().encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def report(project: Path) -> dict:
    return json.loads((project / "state" / "reports" / "latest.json").read_text())


def served(project: Path) -> Path:
    return project.parent / "served"


def shrink(data: KoladaData, share: float = 0.3) -> KoladaData:
    """Every row whose position falls in the first ``share`` of each ten: about 30 % gone."""
    cut = round(share * 10)
    return KoladaData(
        data.kpis,
        data.municipalities,
        data.groups,
        [r for i, r in enumerate(data.rows) if i % 10 >= cut],
    )


def published_state(project: Path) -> tuple[str, str]:
    state = project / "state"
    return (
        (state / "published.json").read_text(),
        (state / "published-manifest.json").read_text(),
    )


def assert_nothing_published(project: Path, before: dict[str, str]) -> None:
    assert tree_hash(served(project)) == before["served"]
    assert tree_hash(project / "site") == before["site"]
    assert published_state(project) == before["state"]


def snapshot_of(project: Path) -> dict:
    return {
        "served": tree_hash(served(project)),
        "site": tree_hash(project / "site"),
        "state": published_state(project),
    }


# ------------------------------------------------------------------ a good night


def test_first_night_publishes_with_a_report_and_a_changelog(project, kolada):
    result = night(project, kolada, 1)
    assert result.returncode == 0, result.stderr
    doc = report(project)
    assert doc["outcome"] == "publicerad"
    assert doc["fetched"]["source"] == "kolada-v3"
    assert doc["fetched"]["requests"] > 0
    assert doc["changes"]["first_publish"] is True
    assert {f["level"] for f in doc["findings"]} <= {"ok", "varning"}
    assert doc["targets"][0]["target"] == "dir"
    md = (project / "state" / "reports" / "latest.md").read_text()
    assert md.startswith("# Insyn: körning 20261118T")
    # the served tree is the built site, byte for byte, and the dir target's marker
    assert tree_hash(served(project), skip=MARKER) == tree_hash(project / "site")
    assert (served(project) / MARKER).is_file()
    changelog = (served(project) / "andringar" / "index.html").read_text()
    assert "Första publiceringen med" in changelog
    assert "18 november 2026" in changelog
    start = (served(project) / "index.html").read_text()
    assert 'Senast uppdaterad <time datetime="2026-11-18">18 november 2026</time>' in start


def test_an_unchanged_night_adds_no_changelog_entry(project, kolada):
    assert night(project, kolada, 1).returncode == 0
    result = night(project, kolada, 2)
    assert result.returncode == 0, result.stderr
    doc = report(project)
    assert doc["changes"]["values_added"] == 0 and doc["changes"]["revised"] == 0
    entries = json.loads((project / "state" / "changelog.json").read_text())
    assert [e["date"] for e in entries] == ["2026-11-18"]
    assert doc["site"]["removed"] == 0 and doc["site"]["added"] == 0
    # the second night fetched beside the first; the published snapshot is kept
    assert sorted(p.name for p in (project / "data" / "kolada").iterdir()) == [
        "2026-11-18",
        "2026-11-19",
    ]


# ------------------------------------------------------------------ faults


def test_data_shrinking_by_30_percent_stops_until_forced(project, kolada, sample_data):
    assert night(project, kolada, 1).returncode == 0
    before = snapshot_of(project)
    kolada.set_data(shrink(sample_data))
    result = night(project, kolada, 2)
    assert result.returncode == EXIT_STOPPED, result.stderr
    assert "stoppad:" in result.stderr and "--force" in result.stderr
    assert_nothing_published(project, before)
    doc = report(project)
    assert doc["outcome"] == "stoppad"
    assert doc["stage"] == "kontroll av data"
    stops = {f["gate"]: f["message"] for f in doc["findings"] if f["level"] == "stopp"}
    assert "totalt" in stops and "gränsen är 20 %" in stops["totalt"]
    assert doc["changes"]["values_now"] < 0.75 * doc["changes"]["values_before"]
    # a forced run without a reason is refused before anything happens
    refused = night(project, kolada, 3, "--force")
    assert refused.returncode == 1 and "--reason" in refused.stderr
    assert_nothing_published(project, before)
    # with a reason it publishes, and the report keeps the reason
    reason = "Kolada har tagit bort värden för 2017; kontrollerat med RKA"
    forced = night(project, kolada, 3, "--force", "--reason", reason)
    assert forced.returncode == 0, forced.stderr
    doc = report(project)
    assert doc["outcome"] == "publicerad"
    assert doc["forced"] is True and doc["reason"] == reason
    assert "totalt" in doc["overridden"]
    assert reason in (project / "state" / "reports" / "latest.md").read_text()
    assert tree_hash(served(project)) != before["served"]
    published = json.loads((project / "state" / "published.json").read_text())
    assert published["run"] == doc["run"]


PERCENT_KPIS = ("U21468", "U21424", "U30452")


def odd_values(data: KoladaData, n: int, value: float = 150.0) -> KoladaData:
    """A copy whose last ``n`` present totals of a percent KPI are ``value`` (implausible);
    the last, because a night fetches only the newest years."""
    rows, left = [], n
    for row in reversed(data.rows):
        values = row["values"]
        if left and row["kpi"] in PERCENT_KPIS:
            total = next((v for v in values if v["gender"] == "T"), None)
            if total is not None and total["value"] is not None:
                values = [{**v, "value": value} if v is total else v for v in values]
                left -= 1
        rows.append({**row, "values": values})
    assert left == 0, "not enough percent values in the sample"
    return KoladaData(data.kpis, data.municipalities, data.groups, rows[::-1])


def test_implausible_values_are_quarantined_and_stop_only_over_the_threshold(
    project, kolada, sample_data
):
    """One odd value: published without it, flagged in /data/, listed in the report. Too
    many: stopped until --force --reason (unlike a missing KPI, this can be forced)."""
    config = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    config["thresholds"]["max_quarantined"] = 0.01
    (project / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    kolada.set_data(odd_values(sample_data, 1))
    result = night(project, kolada, 1)
    assert result.returncode == 0, result.stderr
    doc = report(project)
    assert doc["outcome"] == "publicerad"
    gate = next(f for f in doc["findings"] if f["gate"] == "karantän")
    assert gate["level"] == "varning" and gate["message"].startswith("1 värde av ")
    assert doc["quarantine"]["count"] == 1 and len(doc["quarantine"]["examples"]) == 1
    assert doc["quarantine"]["examples"][0]["value"] == 150.0
    md = (project / "state" / "reports" / "latest.md").read_text()
    assert "| karantän | Varning |" in md and ": 150 (rimligt: 0–100)" in md
    table = (served(project) / "data" / "observationer.csv").read_text(encoding="utf-8")
    flagged = [line for line in table.splitlines() if line.endswith(",ja")]
    assert len(flagged) == 1 and ",T,150," in flagged[0]
    before = snapshot_of(project)
    # over 1 % of the values: a stop, with the full count and ten examples
    many = int(0.02 * doc["quarantine"]["checked"]) + 1
    kolada.set_data(odd_values(sample_data, many))
    stopped = night(project, kolada, 2)
    assert stopped.returncode == EXIT_STOPPED, stopped.stderr
    assert_nothing_published(project, before)
    doc = report(project)
    assert doc["outcome"] == "stoppad" and doc["stage"] == "kontroll av data"
    gate = next(f for f in doc["findings"] if f["gate"] == "karantän")
    assert gate["level"] == "stopp" and gate["message"].startswith(f"{many} värden av ")
    assert len(gate["examples"]) == 10 and doc["quarantine"]["count"] == many
    reason = "Kolada har bytt skala för brukarbedömningarna; kontrollerat"
    forced = night(project, kolada, 3, "--force", "--reason", reason)
    assert forced.returncode == 0, forced.stderr
    doc = report(project)
    assert doc["outcome"] == "publicerad" and "karantän" in doc["overridden"]


def test_kolada_answering_500_all_night_publishes_nothing(project, kolada):
    assert night(project, kolada, 1).returncode == 0
    before = snapshot_of(project)
    kolada.always_fail(500)
    result = night(project, kolada, 2)
    assert result.returncode == 1
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("fel: ")]
    assert "HTTP 500" in error
    assert_nothing_published(project, before)
    doc = report(project)
    assert doc["outcome"] == "misslyckades"
    assert doc["stage"] == "hämtning"
    assert "500" in doc["error"]
    assert "misslyckades" in (project / "state" / "reports" / "latest.md").read_text()
    # the next good night goes through
    kolada.clear()
    assert night(project, kolada, 3).returncode == 0


def test_kolada_answering_200_with_no_rows_for_one_kpi_publishes_nothing(project, kolada):
    assert night(project, kolada, 1).returncode == 0
    before = snapshot_of(project)
    kolada.empty_for_kpi("U21468")
    result = night(project, kolada, 2)
    assert result.returncode == 1
    assert "U21468" in result.stderr
    assert_nothing_published(project, before)
    doc = report(project)
    assert doc["outcome"] == "misslyckades" and "U21468" in doc["error"]


def test_a_build_killed_half_way_leaves_the_site_and_the_next_run_succeeds(project, kolada):
    assert night(project, kolada, 1).returncode == 0
    before = snapshot_of(project)
    proc = subprocess.Popen(
        run_args(project),
        env=env(kolada, 2),
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    staging = []
    while time.monotonic() < deadline and proc.poll() is None:
        staging = list(project.glob(".site.staging-*"))
        if staging and any(staging[0].iterdir()):
            break
        time.sleep(0.005)
    assert staging, "the build finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its forked workers
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert_nothing_published(project, before)
    result = night(project, kolada, 2)
    assert result.returncode == 0, result.stderr
    assert not list(project.glob(".site.*"))
    assert report(project)["outcome"] == "publicerad"


def test_a_site_that_loses_too_many_pages_is_built_but_not_published(project, kolada):
    assert night(project, kolada, 1).returncode == 0
    before = snapshot_of(project)
    raw = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
    raw["areas"] = raw["areas"][:1]
    raw["thresholds"]["max_deletes"] = 5
    (project / "config.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    result = night(project, kolada, 2)
    assert result.returncode == EXIT_STOPPED, result.stderr
    doc = report(project)
    assert doc["stage"] == "kontroll av webbplatsen"
    (gate,) = [f for f in doc["findings"] if f["level"] == "stopp"]
    assert gate["gate"] == "borttagna sidor"
    assert tree_hash(served(project)) == before["served"]
    assert published_state(project) == before["state"]
    # site/ holds the refused build: `publish` will not send it
    publish = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--root",
            str(project),
            "publish",
            "--target",
            "dir",
            "--path",
            str(served(project)),
        ],
        capture_output=True,
        text=True,
        env=env(kolada, 2),
        cwd=project,
        timeout=120,
    )
    assert publish.returncode == 1
    assert "klarade kontrollerna" in publish.stderr
    assert tree_hash(served(project)) == before["served"]


# ------------------------------------------------------------------ the CMS target


@pytest.mark.parametrize("adapter", ["generic", "wordpress"])
def test_a_night_with_a_cms_that_times_out_every_third_request(project, kolada, adapter):
    """The whole path: config → environment secrets → fragments → push, with faults."""
    from tests.helpers.cms_fake import FakeCms

    with FakeCms() as cms:
        raw = yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))
        raw["publish"]["targets"] = ["cms"]
        raw["publish"]["cms"] = {
            "adapter": adapter,
            "url": cms.generic_url if adapter == "generic" else cms.wp_url,
            "timeout_seconds": 0.3,
            "max_retries": 3,
            "backoff_seconds": 0,
        }
        (project / "config.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
        secrets = {
            "INSYN_CMS_TOKEN": cms.token,
            "INSYN_CMS_USER": cms.user,
            "INSYN_CMS_PASSWORD": cms.password,
        }
        cms.timeout_every(3, seconds=0.6, apply=True)
        args = [a for a in run_args(project) if a not in ("--target", "dir")]
        args = args[: args.index("--path")]
        result = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env={**env(kolada, 1), **secrets},
            cwd=project,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        pages = sorted(
            p.relative_to(project / "site").as_posix()
            for p in (project / "site").rglob("index.html")
            if not p.relative_to(project / "site").as_posix().startswith("embed/")
        )
        assert len(pages) > 20
        # every page arrived (and the list pages "lan/", "omrade/"), exactly once
        expected = {p.removesuffix("index.html") for p in pages} | {"lan/", "omrade/"}
        root = "insyn/" if adapter == "wordpress" else ""  # WordPress: under the root page
        assert {k.removeprefix(root) for k in cms.applied} == expected
        assert set(cms.applied.values()) == {1}
        assert "sidor skickade" in report(project)["targets"][0]["summary"]
        # a second night with nothing new sends nothing
        cms.clear()
        cms.reset_log()
        again = subprocess.run(
            args,
            capture_output=True,
            text=True,
            env={**env(kolada, 2), **secrets},
            cwd=project,
            timeout=600,
        )
        assert again.returncode == 0, again.stderr
        assert not cms.applied
        # wrong credentials stop the run at once, naming the variables to check
        for stale in (project / "state").glob(f"cms-{adapter}.json*"):
            stale.unlink()  # forget what the CMS has, so that pages must be sent
        wrong = {**secrets, "INSYN_CMS_TOKEN": "fel", "INSYN_CMS_PASSWORD": "fel"}
        cms.reset_log()
        denied = subprocess.run(
            args, capture_output=True, text=True, env={**env(kolada, 3), **wrong}, cwd=project
        )
        assert denied.returncode == 1
        assert "inloggningen nekades" in denied.stderr
        assert "INSYN_CMS_" in denied.stderr
        assert len(cms.requests_seen) <= 2  # (WordPress looks the page up first)
        assert report(project)["outcome"] == "misslyckades"
        assert report(project)["stage"] == "publicering"


def test_a_clock_that_went_backwards_publishes_nothing(project, kolada):
    """Issue 14, item 10: a night dated before the last publish would put the changelog
    and the feed's `updated` out of order; it is refused with one line, exit 1."""
    assert night(project, kolada, 2).returncode == 0
    before = snapshot_of(project)
    result = night(project, kolada, 1)
    assert result.returncode == 1
    line = [x for x in result.stderr.splitlines() if x.startswith("fel:")]
    assert len(line) == 1 and "tidigare än senaste publiceringen" in line[0], result.stderr
    assert "Traceback" not in result.stderr
    assert_nothing_published(project, before)
    assert report(project)["outcome"] == "misslyckades"
