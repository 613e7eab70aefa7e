"""The embedded sample snapshot: reproducible, complete and plausible."""

from __future__ import annotations

import numpy as np
import pytest

from insyn.data import sample, snapshot
from insyn.data.groups import parse_similar_title
from insyn.data.reference import RIKET_ID
from tests.helpers.project import ROOT

SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def snap():
    return snapshot.load_snapshot(SAMPLE)


def test_generator_reproduces_the_committed_sample_byte_for_byte(config, reference):
    """`python build.py sample` must give byte-identical files (run twice, same bytes)."""
    files = snapshot.snapshot_files(sample.make_sample(config, reference))
    for name, data in files.items():
        committed = (SAMPLE / name).read_bytes()
        assert data == committed, f"data/sample/{name} differs: run `make sample` and commit"


def test_manifest_says_sample(snap):
    assert snap.source == "sample" and snap.is_sample
    assert snap.manifest["fetched_at"] == sample.SAMPLE_DATE
    assert len(snap.years) == 10


def test_every_kommun_lan_and_riket_has_values(snap, reference):
    present = set(snap.observations["municipality"].astype(str).unique())
    assert {k.code for k in reference.kommuner} <= present
    assert {lan.region_id for lan in reference.lan} <= present
    assert RIKET_ID in present


def test_kpi_metadata_is_ours_not_koladas(snap, config):
    for ind in config.indicators:
        meta = snap.kpis[ind.id]
        assert meta["title"] == ind.title and meta["description"] == ind.description
        assert meta["is_divided_by_gender"] == ind.by_gender


def test_about_three_percent_missing(snap, config, reference):
    obs = snap.observations
    kommuner = obs[
        obs["municipality"].isin([k.code for k in reference.kommuner]) & (obs["gender"] == "T")
    ]
    possible = len(config.indicators) * len(reference.kommuner) * len(snap.years)
    missing = 1 - kommuner["value"].notna().sum() / possible
    assert 0.02 <= missing <= 0.08, missing


def test_values_are_plausible_per_unit(snap, config, reference):
    obs = snap.observations
    codes = {k.code for k in reference.kommuner}
    for ind in config.indicators:
        rows = obs[obs["kpi"] == ind.id]
        values = rows["value"].dropna().to_numpy()
        assert len(values), ind.id
        if ind.unit == "percent":
            assert values.min() >= 0 and values.max() <= 100, ind.id
            assert values.std() > 1, f"{ind.id}: no spread between kommuner"
        if ind.is_categorical:
            kommun_values = rows[rows["municipality"].isin(codes)]["value"].dropna()
            assert set(kommun_values.unique()) <= {float(c) for c, _ in ind.scale}, ind.id
            assert kommun_values.nunique() >= 2, f"{ind.id}: every kommun answers the same"
        genders = set(rows["gender"].astype(str).unique())
        assert genders == ({"T", "K", "M"} if ind.by_gender else {"T"}), ind.id


def test_values_drift_between_years(snap):
    obs = snap.observations
    series = obs[(obs["municipality"] == "1461") & (obs["gender"] == "T")]
    changes = series.groupby("kpi", observed=True)["value"].apply(lambda s: np.nanstd(s))
    assert (changes > 0).mean() > 0.5


def test_groups_cover_skr_lan_and_similar_kinds(snap, config, reference):
    ids = {g["id"] for g in snap.groups}
    assert {g.id for g in reference.kommungrupper} <= ids
    assert {lan.group_id for lan in reference.lan} <= ids
    kinds = {
        parse_similar_title(g["title"])[0] for g in snap.groups if parse_similar_title(g["title"])
    }
    assert kinds == {a.similar_group for a in config.areas if a.similar_group}
    for g in snap.groups:
        parsed = parse_similar_title(g["title"])
        if parsed:
            kommun = next(k for k in reference.kommuner if k.name == parsed[1])
            members = [m["member_id"] for m in g["members"]]
            assert len(members) == 7 and kommun.code not in members
