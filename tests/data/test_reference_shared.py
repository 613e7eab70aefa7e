"""Cross-checks of data/reference against the shared real data (SCB codes, Kolada v3).

The shared data lives outside the project; these tests skip when it is absent.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from insyn.data.reference import RIKET_ID, Reference, parse_reference

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"

if not REAL.is_dir():
    pytest.skip(f"shared real data not found at {REAL}", allow_module_level=True)

SKR_SUFFIX = " (ovägt medel)"

# Our official names that deliberately differ from the master table (which copies SCB's
# generated names): the irregular genitive forms the kommuner actually use.
# code -> (master's official_name, ours)
# (The source once wrote "Kalmars", "Faluns", "Kalix(s)" and "Överkalixs kommun"; it has
# been corrected, so no difference is left.)
OFFICIAL_NAME_DIFFERENCES: dict[str, tuple[str, str]] = {}
# Where SCB's generated "<X>s kommun" is not the name the kommun uses: Kalmar, Falun,
# Överkalix and Kalix ("Kalmar kommun", "Falu kommun", "Överkalix kommun", "Kalix kommun").
SCB_GENITIVE_WRONG = {"0880", "2080", "2513", "2514"}

# Kommuner whose official name is not SCB's "<X>s kommun" form: self-styled stad and
# Region Gotland (SCB: "Gotlands kommun").
NOT_SCB_STYLE = {
    "0180", "0183", "0184", "0186", "0187", "0980", "1280",
    "1282", "1283", "1480", "1481", "1488", "1490", "1980", "2583",
}  # fmt: skip


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def ours() -> Reference:
    return parse_reference(
        _csv(REFERENCE_DIR / "kommuner.csv"),
        _csv(REFERENCE_DIR / "lan.csv"),
        _csv(REFERENCE_DIR / "kommungrupper.csv"),
    )


@pytest.fixture(scope="module")
def scb_kommuner() -> dict[str, dict[str, str]]:
    rows = _csv(REAL / "sjbrg-swedish-geodata" / "municipalities.csv")
    return {r["municipality_code"]: r for r in rows}


@pytest.fixture(scope="module")
def scb_lan() -> dict[str, dict[str, str]]:
    return {r["county_code"]: r for r in _csv(REAL / "sjbrg-swedish-geodata" / "counties.csv")}


@pytest.fixture(scope="module")
def kolada_units() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in _csv(REAL / "rkolada-sysdata" / "municipalities_v3.csv")}


@pytest.fixture(scope="module")
def master() -> dict[str, dict[str, str]]:
    rows = _csv(REAL / "derived" / "municipalities_master.csv")
    return {r["kommun_id"]: r for r in rows}


@pytest.fixture(scope="module")
def groups() -> dict[str, dict[str, Any]]:
    path = REAL / "rkolada-sysdata" / "municipality_groups_v3.json"
    return {g["id"]: g for g in json.loads(path.read_text(encoding="utf-8"))}


def _members(group: dict[str, Any]) -> set[str]:
    return {m["member_id"] for m in group["members"]}


def test_same_290_codes_as_scb(ours: Reference, scb_kommuner: dict) -> None:
    assert [k.code for k in ours.kommuner] == sorted(scb_kommuner)
    assert len(scb_kommuner) == 290


def test_same_kommun_codes_as_kolada(ours: Reference, kolada_units: dict) -> None:
    kolada = {i for i, r in kolada_units.items() if r["type"] == "K"}
    assert {k.code for k in ours.kommuner} == kolada


def test_short_names_equal_kolada_titles(ours: Reference, kolada_units: dict) -> None:
    for k in ours.kommuner:
        assert k.name == kolada_units[k.code]["title"], k.code


def test_short_names_equal_scb_short_names(ours: Reference, scb_kommuner: dict) -> None:
    for k in ours.kommuner:
        assert k.name == scb_kommuner[k.code]["municipality_name_short"], k.code


def test_lan_code_equals_scb_county(ours: Reference, scb_kommuner: dict) -> None:
    for k in ours.kommuner:
        assert k.lan_code == scb_kommuner[k.code]["county_code"], k.code


def test_official_names_equal_master_except_listed(ours: Reference, master: dict) -> None:
    for k in ours.kommuner:
        source = master[k.code]["official_name"]
        if k.code in OFFICIAL_NAME_DIFFERENCES:
            # Both sides are pinned, so a corrected source shows up here and the list can shrink.
            assert (source, k.official_name) == OFFICIAL_NAME_DIFFERENCES[k.code]
        else:
            assert k.official_name == source, k.code


def test_official_names_differ_from_scb_only_where_expected(
    ours: Reference, scb_kommuner: dict
) -> None:
    differ = {
        k.code
        for k in ours.kommuner
        if k.official_name != scb_kommuner[k.code]["municipality_name"]
    }
    assert differ == NOT_SCB_STYLE | SCB_GENITIVE_WRONG | set(OFFICIAL_NAME_DIFFERENCES)


def test_lan_equal_scb_counties(ours: Reference, scb_lan: dict) -> None:
    assert [x.code for x in ours.lan] == sorted(scb_lan)
    for lan in ours.lan:
        assert lan.name == scb_lan[lan.code]["county_name"]
        assert lan.short_name == scb_lan[lan.code]["county_name_short"]


def test_region_ids_are_kolada_regions(ours: Reference, kolada_units: dict) -> None:
    regions = {i for i, r in kolada_units.items() if r["type"] == "L" and i != RIKET_ID}
    assert {x.region_id for x in ours.lan} == regions


def test_lan_groups_match_kolada(ours: Reference, groups: dict) -> None:
    for lan in ours.lan:
        group = groups[lan.group_id]
        assert group["title"] == f"{lan.name}s kommuner{SKR_SUFFIX}"
        assert _members(group) == {k.code for k in ours.kommuner_in_lan(lan.code)}


def test_lan_groups_match_master(ours: Reference, master: dict) -> None:
    for k in ours.kommuner:
        assert ours.lan_of(k).group_id == master[k.code]["kolada_lan_group_id"], k.code
        assert ours.lan_of(k).region_id == master[k.code]["kolada_region_id"], k.code


def test_kommungrupper_match_kolada(ours: Reference, groups: dict) -> None:
    for grupp in ours.kommungrupper:
        assert groups[grupp.id]["title"] == grupp.title + SKR_SUFFIX


def test_kommungrupp_membership_equals_kolada(ours: Reference, groups: dict) -> None:
    for grupp in ours.kommungrupper:
        ours_members = {k.code for k in ours.kommuner if k.kommungrupp == grupp.id}
        assert ours_members == _members(groups[grupp.id]), grupp.title


def test_kommungrupp_equals_master(ours: Reference, master: dict) -> None:
    for k in ours.kommuner:
        assert k.kommungrupp == master[k.code]["skr_group_id"], k.code
