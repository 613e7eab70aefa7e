"""A whole `build.py fetch` against the fake: the snapshot, failures, resume, odd values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from insyn.data.model import SNAPSHOT_FILES
from insyn.data.snapshot import load_snapshot, partial_dir
from tests.helpers.fetching import IDS, KPIS, YEARS, after, assert_no_snapshot, fetch, make_project
from tests.helpers.kolada_fake import FakeKolada, KoladaData


def expected(data: KoladaData) -> set[tuple]:
    return {
        (r["kpi"], r["municipality"], r["period"], v["gender"], v["value"], v["status"])
        for r in data.rows
        if r["kpi"] in KPIS and r["municipality"] in IDS and r["period"] in YEARS
        for v in r["values"]
        if not v["isdeleted"]
    }


def observed(snap_dir: Path) -> set[tuple]:
    frame = load_snapshot(snap_dir).observations
    return {
        (k, m, int(y), g, None if math.isnan(v) else v, s)
        for k, m, y, g, v, s in zip(*(frame[c].tolist() for c in frame.columns), strict=True)
    }


@pytest.fixture
def fake(monkeypatch):
    with FakeKolada(KoladaData.small(), page_size_cap=4) as server:
        monkeypatch.setenv("INSYN_KOLADA_URL", server.base_url)
        yield server
    assert not server.server_errors, server.server_errors


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "proj")


# ------------------------------------------------------------------- success


def test_fetch_writes_exactly_the_expected_snapshot(fake, project, capsys):
    assert fetch(project) == 0
    snap = project / "snap"
    exp = expected(KoladaData.small())
    assert len(exp) == 112 and ("U21468", "1461", 2022, "K", None, "") in exp
    assert not any(e[:4] == ("U21468", "0114", 2024, "T") for e in exp)
    assert observed(snap) == exp
    manifest = load_snapshot(snap).manifest
    assert manifest["source"] == "kolada-v3"
    assert manifest["base_url"] == fake.base_url
    assert manifest["fetched_at"].endswith("Z")
    assert manifest["years"] == sorted(YEARS)
    assert len(manifest["requests"]) == manifest["request_count"] == fake.request_count
    assert all(r["rows"] <= 4 and r["url"].startswith(fake.base_url) for r in manifest["requests"])
    data_rows = sum(r["rows"] for r in manifest["requests"] if "/data/" in r["url"])
    assert data_rows == sum(1 for r in fake.data.rows if r["municipality"] in IDS)
    assert manifest["rows_per_kpi"] == {k: sum(1 for e in exp if e[0] == k) for k in KPIS}
    assert set(manifest["files"]) == set(SNAPSHOT_FILES)
    assert all(len(h) == 64 for h in manifest["files"].values())
    assert not partial_dir(snap).exists()
    assert "Hämtade" in capsys.readouterr().out


# ------------------------------------------------------------------ failures


@pytest.mark.parametrize(
    "n, fault, needle",
    [
        (0, lambda f: f.always_fail(500), "HTTP 500 after 3 attempts"),
        (8, lambda f: f.always_fail(503), "HTTP 503 after 3 attempts"),
        (8, lambda f: f.malformed_next("wrong_type"), ".period"),
        (8, lambda f: f.malformed_next("not_json"), "not JSON"),
        (0, lambda f: f.empty_for_kpi("N28820"), "zero rows"),
    ],
)
def test_failed_fetch_leaves_no_snapshot(fake, project, capsys, monkeypatch, n, fault, needle):
    after(monkeypatch, fake, n, fault)
    assert fetch(project) == 1
    err = capsys.readouterr().err
    assert needle in err and fake.base_url in err
    assert_no_snapshot(project)


def test_empty_kpi_names_the_kpi(fake, project, capsys):
    fake.empty_for_kpi("N28820")
    assert fetch(project) == 1
    assert "/data/kpi/N28820," in capsys.readouterr().err


def test_kpi_without_any_kommun_value_fails(fake, project, capsys):
    data = KoladaData.small()
    for row in data.rows:
        if row["kpi"] == "U20341":
            row["values"] = [{**v, "value": None} for v in row["values"]]
    fake.set_data(data)
    assert fetch(project) == 1
    assert "no kommun values for KPI U20341" in capsys.readouterr().err
    assert_no_snapshot(project)


def test_failed_fetch_keeps_an_earlier_snapshot_byte_identical(fake, project):
    assert fetch(project) == 0
    before = {p.name: p.read_bytes() for p in (project / "snap").iterdir()}
    fake.always_fail(500)
    assert fetch(project) == 1
    assert {p.name: p.read_bytes() for p in (project / "snap").iterdir()} == before


@pytest.mark.parametrize(("kpi", "value"), [("U21468", 140.0), ("U20341", 7.0)])
def test_a_value_out_of_range_is_kept_as_kolada_served_it(fake, project, kpi, value):
    """A snapshot is a faithful copy: the size of a value never fails a fetch (the
    build's quarantine leaves it out of the site)."""
    data = KoladaData.small()
    row = next(
        r for r in data.rows if (r["kpi"], r["municipality"], r["period"]) == (kpi, "1461", 2023)
    )
    row["values"] = [{**v, "value": value} if v["gender"] == "T" else v for v in row["values"]]
    fake.set_data(data)
    assert fetch(project) == 0
    obs = load_snapshot(project / "snap").observations
    kept = obs[(obs["kpi"] == kpi) & (obs["municipality"] == "1461") & (obs["year"] == 2023)]
    assert kept[kept["gender"] == "T"]["value"].tolist() == [value]


def test_unknown_kpi_is_named(fake, project, capsys):
    data = KoladaData.small()
    data.kpis = [k for k in data.kpis if k["id"] != "N28820"]
    fake.set_data(data)
    assert fetch(project) == 1
    assert "Kolada has no KPI N28820" in capsys.readouterr().err
    assert_no_snapshot(project)


# -------------------------------------------------------------------- resume


def test_rerun_resumes_from_the_cached_pages(fake, project, capsys, monkeypatch):
    after(monkeypatch, fake, 10, lambda f: f.always_fail(500))
    assert fetch(project) == 1
    raw = partial_dir(project / "snap") / "raw"
    assert len(list(raw.glob("*.json"))) == 10
    assert_no_snapshot(project)
    monkeypatch.undo()
    monkeypatch.setenv("INSYN_KOLADA_URL", fake.base_url)
    fake.clear()
    fake.reset_log()
    capsys.readouterr()
    assert fetch(project) == 0
    manifest = load_snapshot(project / "snap").manifest
    assert fake.request_count == manifest["request_count"] - 10
    assert "(10 från cache)" in capsys.readouterr().out
    assert observed(project / "snap") == expected(KoladaData.small())
    assert not partial_dir(project / "snap").exists()
