"""Snapshots: atomic writes, verified loads, canonical CSV, data/extra merging."""

from __future__ import annotations

import json
import math

import pytest

from insyn.config import parse_config
from insyn.data import snapshot
from insyn.data.model import Observation
from insyn.data.snapshot import SnapshotContent, SnapshotError
from tests.helpers.project import minimal_raw


def _content(observations=None) -> SnapshotContent:
    obs = observations or [
        Observation("U21468", "1461", 2023, "T", 81.0),
        Observation("U21468", "1461", 2023, "K", None),
        Observation("U21468", "0000", 2023, "T", 79.25),
        Observation("U21468", "1461", 2022, "M", 80.5, "B"),
    ]
    return SnapshotContent(
        source="kolada-v3",
        base_url="http://x/v3",
        fetched_at="2026-01-01T00:00:00Z",
        years=(2022, 2023),
        kpis=[{"id": "U21468", "title": "t", "is_divided_by_gender": True}],
        municipalities=[{"id": "1461", "title": "Mellerud", "type": "K"}],
        groups=[],
        observations=obs,
    )


def test_roundtrip_and_canonical_order(tmp_path):
    target = snapshot.write_snapshot(tmp_path / "snap", _content())
    snap = snapshot.load_snapshot(target)
    text = (target / "observations.csv").read_text(encoding="utf-8")
    assert text.splitlines() == [
        "kpi,municipality,year,gender,value,status",
        "U21468,0000,2023,T,79.25,",
        "U21468,1461,2022,M,80.5,B",
        "U21468,1461,2023,T,81,",
        "U21468,1461,2023,K,,",
    ]
    assert snap.manifest["rows_per_kpi"] == {"U21468": 4}
    assert snap.manifest["values_per_kpi"] == {"U21468": 3}
    assert math.isnan(snap.observations["value"].iloc[3])
    assert snap.observations["municipality"].iloc[0] == "0000"  # leading zeros kept


def test_same_content_gives_identical_bytes(tmp_path):
    a = snapshot.write_snapshot(tmp_path / "a", _content())
    b = snapshot.write_snapshot(tmp_path / "b", _content(list(reversed(_content().observations))))
    for name in ("observations.csv", "kpis.json", "manifest.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize(
    ("file", "damage", "message"),
    [
        ("observations.csv", lambda b: b + b"X,1,2,T,3,\n", "sha256 does not match"),
        ("kpis.json", lambda b: b[:-5], "sha256 does not match"),
        ("groups.json", None, "missing from the snapshot"),
    ],
)
def test_damaged_snapshot_is_refused(tmp_path, file, damage, message):
    target = snapshot.write_snapshot(tmp_path / "snap", _content())
    path = target / file
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(SnapshotError, match=message) as err:
        snapshot.load_snapshot(target)
    assert file in str(err.value)


def test_bad_cell_names_line(tmp_path):
    target = snapshot.write_snapshot(tmp_path / "snap", _content())
    csv_path = target / "observations.csv"
    data = csv_path.read_bytes().replace(b"80.5", b"8o.5")
    csv_path.write_bytes(data)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"]["observations.csv"] = snapshot._sha256(data)
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match=r"observations.csv:3: bad value '8o.5'"):
        snapshot.load_snapshot(target)


def test_failed_check_leaves_existing_snapshot_untouched(tmp_path):
    target = snapshot.write_snapshot(tmp_path / "snap", _content())
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def refuse(_snap):
        raise SnapshotError("nope")

    new = _content([Observation("U21468", "1461", 2024, "T", 1.0)])
    with pytest.raises(SnapshotError, match="nope"):
        snapshot.write_snapshot(target, new, check=refuse)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["snap"]  # no temp dirs left


def test_newest_snapshot_prefers_fetched_over_sample(tmp_path):
    snapshot.write_snapshot(tmp_path / "sample", _content())
    assert snapshot.newest_snapshot(tmp_path) == tmp_path / "sample"
    snapshot.write_snapshot(tmp_path / "kolada" / "2026-01-02", _content())
    snapshot.write_snapshot(tmp_path / "kolada" / "2026-01-10", _content())
    (tmp_path / "kolada" / "2026-02-01").mkdir()  # incomplete: no manifest
    assert snapshot.newest_snapshot(tmp_path) == tmp_path / "kolada" / "2026-01-10"


def test_no_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(SnapshotError, match="no snapshot found"):
        snapshot.newest_snapshot(tmp_path)


def test_raw_cache_roundtrip(tmp_path):
    cache = snapshot.RawCache(tmp_path / "raw")
    assert cache.get("http://x/a") is None
    cache.put("http://x/a", {"values": [1]})
    assert cache.get("http://x/a") == {"values": [1]} and cache.hits == 1
    cache.clear()
    assert cache.get("http://x/a") is None


# ------------------------------------------------------------------ data/extra


def _extra_config():
    raw = minimal_raw()
    raw["areas"][0]["indicators"][1]["id"] = "X_krisplan"
    return parse_config(raw)


EXTRA_BAD = [
    ("kpi,municipality,year\n", "extra.csv:1: expected columns"),
    (
        "kpi,municipality,year,gender,value\nX_okand,1461,2023,T,1\n",
        "extra.csv:2: kpi 'X_okand' is not an indicator",
    ),
    (
        "kpi,municipality,year,gender,value\nX_krisplan,9999,2023,T,1\n",
        "extra.csv:2: unknown municipality '9999'",
    ),
    ("kpi,municipality,year,gender,value\nX_krisplan,1461,23,T,1\n", "extra.csv:2: bad year '23'"),
    (
        "kpi,municipality,year,gender,value\nX_krisplan,1461,2023,X,1\n",
        "extra.csv:2: gender must be T, K or M",
    ),
    (
        "kpi,municipality,year,gender,value\n\nX_krisplan,1461,2023,T,ja\n",
        "extra.csv:3: value 'ja' is not a number",
    ),
    (
        "kpi,municipality,year,gender,value\nX_krisplan,1461,2023,T\n",
        "extra.csv:2: expected 5 columns",
    ),
    (
        "kpi,municipality,year,gender,value\nX_krisplan,1461,2023,T,1\nX_krisplan,1461,2023,T,0\n",
        "extra.csv:3: duplicate of",
    ),
]


@pytest.mark.parametrize(("text", "message"), EXTRA_BAD, ids=[m for _, m in EXTRA_BAD])
def test_bad_extra_file_names_file_and_line(tmp_path, reference, text, message):
    (tmp_path / "extra.csv").write_text(text, encoding="utf-8")
    with pytest.raises(SnapshotError, match=message.replace("(", r"\(")):
        snapshot.read_extra(tmp_path, _extra_config(), reference)


def test_extra_values_are_merged_with_metadata(tmp_path, reference):
    (tmp_path / "krisberedskap.csv").write_text(
        "\ufeffkpi,municipality,year,gender,value\nX_krisplan,1461,2023,T,1\n"
        "X_krisplan,0180,2023,T,0\n",
        encoding="utf-8",
    )
    cfg = _extra_config()
    extra = snapshot.read_extra(tmp_path, cfg, reference)
    base = snapshot.load_snapshot(snapshot.write_snapshot(tmp_path / "snap", _content()))
    merged = snapshot.merge_extra(base, extra, cfg)
    assert len(merged.observations) == len(base.observations) + 2
    assert merged.kpis["X_krisplan"]["source"] == "extra"
    with pytest.raises(SnapshotError, match="already in the snapshot"):
        snapshot.merge_extra(merged, extra, cfg)
