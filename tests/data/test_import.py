"""The importer (`build.py import`): tidy CSV of Kolada values to a snapshot.

Table-driven: group means as Kolada computes them, gender rows, empty values, every
way an input file can be wrong (one line naming the file and line), the compressed
snapshot it writes, and a cross-check of the committed default against the real
values in ../shared (skipped where ../shared is absent).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from insyn.data import importer, snapshot
from insyn.data.importer import ImportInputError
from tests.helpers.project import ROOT, SHARED

REAL_VALUES = SHARED / "data" / "real" / "kolada-values" / "values_config_kpis_1998_2022.csv.gz"
DEFAULT = ROOT / "data" / "default"

# Mellerud, Vänersborg, Åmål (Västra Götaland), Stockholm; one KPI per kind of area
MELLERUD, VANERSBORG, AMAL, STOCKHOLM = "1461", "1487", "1492", "0180"
HEADER = "kpi,municipality,year,gender,value\n"


def _groups() -> list[dict]:
    members = lambda *ids: [{"member_id": i, "member_title": i} for i in ids]  # noqa: E731
    return [
        {"id": "G1", "title": "Testgrupp (ovägt medel)", "members": members(MELLERUD, VANERSBORG)},
        {"id": "G2", "title": "Tom grupp", "members": members(AMAL)},
        {"id": "G3", "title": "Med region", "members": members(MELLERUD, "0014")},
    ]


def _values(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kpi", "municipality", "year", "gender", "value"])


# ------------------------------------------------------------------ group means

MEAN_CASES = [
    # (rows, group, year, gender, expected mean or None for no row)
    pytest.param(
        [("U21468", MELLERUD, 2022, "T", 80.0), ("U21468", VANERSBORG, 2022, "T", 90.0)],
        "G1",
        2022,
        "T",
        85.0,
        id="mean-of-two",
    ),
    pytest.param(
        [("U21468", MELLERUD, 2022, "T", 80.0), ("U21468", VANERSBORG, 2022, "T", math.nan)],
        "G1",
        2022,
        "T",
        80.0,
        id="null-member-left-out",
    ),
    pytest.param(
        [("U21468", MELLERUD, 2022, "T", 80.0)],
        "G1",
        2022,
        "T",
        80.0,
        id="missing-member",
    ),
    pytest.param(
        [("U21468", MELLERUD, 2022, "T", 80.0)],
        "G2",
        2022,
        "T",
        None,
        id="no-member-no-row",
    ),
    pytest.param(
        [("U21468", MELLERUD, 2022, "K", 70.0), ("U21468", VANERSBORG, 2022, "K", 75.0)],
        "G1",
        2022,
        "K",
        72.5,
        id="gender-rows",
    ),
    pytest.param(
        [("U21468", MELLERUD, 2022, "T", 60.0), ("U21468", "0014", 2022, "T", 99.0)],
        "G3",
        2022,
        "T",
        60.0,
        id="region-not-a-member",
    ),
    pytest.param(
        [
            ("U21468", MELLERUD, 2022, "T", 1.0),
            ("U21468", VANERSBORG, 2022, "T", 2.0),
            ("U21468", MELLERUD, 2021, "T", 3.0),
        ],
        "G1",
        2021,
        "T",
        3.0,
        id="per-year",
    ),
    pytest.param(
        [
            ("U21468", MELLERUD, 2022, "T", 1.0),
            ("U21468", VANERSBORG, 2022, "T", 0.0),
            ("U21468", AMAL, 2022, "T", 0.0),
        ],
        "G1",
        2022,
        "T",
        0.5,
        id="yesno-codes-average",
    ),
]


@pytest.mark.parametrize(("rows", "group", "year", "gender", "expected"), MEAN_CASES)
def test_group_means(reference, rows, group, year, gender, expected):
    means = importer.group_means(_values(rows), _groups(), reference)
    hit = means[
        (means["municipality"] == group) & (means["year"] == year) & (means["gender"] == gender)
    ]
    if expected is None:
        assert hit.empty
    else:
        assert hit["value"].tolist() == [pytest.approx(expected)]


def test_group_kpis_follow_the_area_kind(config):
    """A "Liknande kommuner" group carries only its own area's KPIs, as in a fetch."""
    kind = next(a.similar_group for a in config.areas if a.similar_group)
    own = {i.id for a in config.areas if a.similar_group == kind for i in a.indicators}
    groups = [
        {"id": "G9", "title": f"Liknande kommuner {kind}, Mellerud, 2024", "members": []},
        {"id": "G33612", "title": "Stockholms läns kommuner (ovägt medel)", "members": []},
    ]
    kpis = importer.group_kpis(config, groups)
    assert kpis["G9"] and kpis["G9"] <= own
    assert kpis["G33612"] == frozenset(config.kolada_ids)


# ------------------------------------------------------------------ bad input files

BAD_FILES = [
    pytest.param(b"kpi,kommun,year,gender,value\n", ":1: expected columns", id="header"),
    pytest.param(
        HEADER.encode() + b"U21468,9999,2022,T,80\n",
        ":2: unknown municipality '9999'",
        id="unknown-municipality",
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,T,80\nX1,1461,2022,T,1\n",
        ":3: not a Kolada KPI id: 'X1'",
        id="kpi-id",
    ),
    pytest.param(HEADER.encode() + b"U21468,1461,20x2,T,80\n", ":2: bad year '20x2'", id="year"),
    pytest.param(
        HEADER.encode() + b"U21468,1461,1066,T,80\n",
        ":2: year out of range '1066'",
        id="year-range",
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,X,80\n", ":2: gender must be T, K or M", id="gender"
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,T,mycket\n",
        ":2: value is not a finite",
        id="value-text",
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,T,inf\n", ":2: value is not a finite", id="value-inf"
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,T,1e309\n",
        ":2: value is not a finite",
        id="value-overflow",
    ),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2022,T,80\nU21468,1461,2022,T,81\n",
        ":3: duplicate row for U21468, 1461, 2022, T",
        id="duplicate",
    ),
    pytest.param(
        HEADER.encode() + "U21468,1461,2022,T,8\xe5\n".encode("latin-1"),
        ": not UTF-8",
        id="latin-1",
    ),
    pytest.param(b"\x1f\x8b\x08broken", ": not a valid gzip file", id="gzip"),
    pytest.param(
        HEADER.encode() + b"U21468,1461,2099,T,8\n",
        ":2: year after the build year",
        id="year-2099",
    ),
    pytest.param(HEADER.encode() + b"U21468,1461,2022,T,1_000\n", ":2: value is not", id="1_000"),
    pytest.param(HEADER.encode() + b"U21468,1461,2022,T,NaN\n", ":2: value is not", id="NaN"),
]


@pytest.mark.parametrize(("data", "message"), BAD_FILES)
def test_bad_values_file_is_one_line_naming_file_and_line(tmp_path, reference, data, message):
    path = tmp_path / "values.csv"
    path.write_bytes(data)
    allowed = {"0000", *(k.code for k in reference.kommuner), "0014"}
    with pytest.raises(ImportInputError) as err:
        importer.read_values(path, allowed)
    text = str(err.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text


GOOD_VALUES = [
    # (line, expected value; None = an answered row without a value)
    pytest.param("U21468,1461,2022,T,80", 80.0, id="integer"),
    pytest.param("U21468,1461,2022,T,80.25", 80.25, id="decimal-point"),
    pytest.param('U21468,1461,2022,T,"80,25"', 80.25, id="decimal-comma"),
    pytest.param("U21468,1461,2022,T,", None, id="empty-is-null"),
    pytest.param("N30001,1461,2022,T,-12.5", -12.5, id="signed"),
    pytest.param("U26437,1880,2018,K,108", 108.0, id="over-100-kept"),
]


@pytest.mark.parametrize(("line", "expected"), GOOD_VALUES)
def test_values_are_copied_as_they_are(tmp_path, reference, line, expected):
    path = tmp_path / "values.csv.gz"
    path.write_bytes(gzip.compress((HEADER + line + "\n").encode()))
    frame = importer.read_values(path, {k.code for k in reference.kommuner})
    value = frame["value"].iloc[0]
    assert math.isnan(value) if expected is None else value == expected


# ------------------------------------------------------------------ the snapshot


def _catalogue(config, tmp: Path) -> Path:
    path = tmp / "kpis.json"
    rows = [
        {
            "id": k,
            "title": f"Titel {k}",
            "description": "Beskrivning.",
            "is_divided_by_gender": True,
        }
        for k in config.kolada_ids
    ]
    path.write_text(json.dumps({"values": rows}), encoding="utf-8")
    return path


def _inputs(config, reference, tmp: Path, lines: list[str]) -> importer.ImportInputs:
    values = tmp / "values.csv"
    values.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    groups = tmp / "groups.json"
    lan = reference.lan_by_region_id("0014")
    members = [
        {"member_id": k.code, "member_title": k.name} for k in reference.kommuner_in_lan("14")
    ]
    groups.write_text(
        json.dumps([{"id": lan.group_id, "title": f"{lan.name}s kommuner", "members": members}]),
        encoding="utf-8",
    )
    return importer.read_inputs([values], _catalogue(config, tmp), groups, reference)


LINES = [
    f"U21468,{MELLERUD},2022,T,80",
    f"U21468,{VANERSBORG},2022,T,90",
    f"U21468,{VANERSBORG},2021,T,",
    f"U23520,{AMAL},2013,T,101",
    "U21468,0000,2022,T,84",
    "N99999,1461,2022,T,5",  # not in config.yaml: left out
]


def test_import_snapshot_content(tmp_path, config, reference):
    content = importer.import_snapshot(
        _inputs(config, reference, tmp_path, LINES),
        config,
        reference,
        fetched_at="2024-08-30T00:00:00Z",
        provenance="Testvärden.",
    )
    files = snapshot.snapshot_files(content)
    assert "observations.csv.gz" in files and "observations.csv" not in files
    manifest = json.loads(files["manifest.json"])
    assert manifest["source"] == "csv" and manifest["provenance"] == "Testvärden."
    assert [f["path"] for f in manifest["inputs"]] == ["values.csv", "kpis.json", "groups.json"]
    assert manifest["inputs"][0]["rows"] == len(LINES)
    table = gzip.decompress(files["observations.csv.gz"]).decode()
    assert "N99999" not in table
    assert f"U23520,{AMAL},2013,T,101," in table  # implausible, but a faithful copy
    assert f"U21468,{VANERSBORG},2021,T,," in table  # answered without a value
    lan = reference.lan_by_region_id("0014")
    assert f"U21468,{lan.group_id},2022,T,85," in table  # the mean of Mellerud and Vänersborg
    assert {m["id"] for m in json.loads(files["municipalities.json"])} >= {"0000", MELLERUD}


def test_written_snapshot_loads_and_is_byte_identical(tmp_path, config, reference):
    """Written twice from the same inputs: the same bytes (gzip without a time stamp)."""
    inputs = _inputs(config, reference, tmp_path, LINES)
    hashes = []
    for name in ("a", "b"):
        content = importer.import_snapshot(
            inputs, config, reference, fetched_at="2024-08-30T00:00:00Z", provenance="x"
        )
        target = snapshot.write_snapshot(tmp_path / name, content)
        hashes.append(hashlib.sha256((target / "observations.csv.gz").read_bytes()).hexdigest())
        loaded = snapshot.load_snapshot(target)
        assert loaded.source == "csv"
        assert float(loaded.observations.query("municipality == @MELLERUD")["value"].iloc[0]) == 80
    assert hashes[0] == hashes[1]


def test_tampered_compressed_table_is_refused(tmp_path, config, reference):
    content = importer.import_snapshot(
        _inputs(config, reference, tmp_path, LINES),
        config,
        reference,
        fetched_at="2024-08-30T00:00:00Z",
        provenance="x",
    )
    target = snapshot.write_snapshot(tmp_path / "snap", content)
    (target / "observations.csv.gz").write_bytes(gzip.compress(b"kpi\n"))
    with pytest.raises(snapshot.SnapshotError, match="sha256 does not match"):
        snapshot.load_snapshot(target)


def test_catalogue_without_a_configured_kpi_is_refused(tmp_path, config, reference):
    inputs = _inputs(config, reference, tmp_path, LINES)
    catalogue = dict(inputs.catalogue)
    del catalogue["U21468"]
    broken = importer.ImportInputs(inputs.values, inputs.files, catalogue, inputs.groups)
    with pytest.raises(ImportInputError, match="U21468"):
        importer.import_snapshot(broken, config, reference, fetched_at="x", provenance="x")


def test_catalogue_csv_types(tmp_path):
    path = tmp_path / "kpis.csv"
    path.write_text(
        "id,title,description,is_divided_by_gender,publ_period\n"
        'U21468,"Nöjda, andel",Text,True,2022\n',
        encoding="utf-8",
    )
    row = importer.read_catalogue(path)["U21468"]
    assert row["title"] == "Nöjda, andel" and row["is_divided_by_gender"] is True
    assert row["auspice"] is None


# ------------------------------------------------------------------ the command


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(ROOT), "import", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_import_command(tmp_path, config, reference):
    inputs = _inputs(config, reference, tmp_path, LINES)
    assert inputs is not None
    out = tmp_path / "snap"
    result = _cli(
        str(tmp_path / "values.csv"),
        "--catalogue",
        str(tmp_path / "kpis.json"),
        "--groups",
        str(tmp_path / "groups.json"),
        "--fetched-at",
        "2024-08-30",
        "--provenance",
        "Testvärden.",
        "--out",
        str(out),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert snapshot.load_snapshot(out).manifest["fetched_at"] == "2024-08-30T00:00:00Z"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"fetched_at": "augusti"}, "--fetched-at: 'augusti'", id="date"),
        pytest.param({"values": "missing.csv"}, "missing.csv: cannot read", id="missing-file"),
        pytest.param({"values_text": HEADER + "U21468,1461,2022,T,x\n"}, "values.csv:2:", id="bad"),
    ],
)
def test_import_command_errors_are_one_line(tmp_path, config, reference, change, message):
    _inputs(config, reference, tmp_path, LINES)
    if "values_text" in change:
        (tmp_path / "values.csv").write_text(change["values_text"], encoding="utf-8")
    result = _cli(
        str(tmp_path / change.get("values", "values.csv")),
        "--catalogue",
        str(tmp_path / "kpis.json"),
        "--groups",
        str(tmp_path / "groups.json"),
        "--fetched-at",
        change.get("fetched_at", "2024-08-30"),
        "--provenance",
        "x",
        "--out",
        str(tmp_path / "snap"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "snap").exists()


# ------------------------------------------------------------------ the committed default


def test_default_snapshot_is_an_import():
    snap = snapshot.load_snapshot(DEFAULT)
    assert snap.source == "csv" and not snap.is_sample
    assert snap.manifest["fetched_at"].startswith("2024-08")
    assert max(snap.years) == 2022
    assert (DEFAULT / "observations.csv.gz").stat().st_size < 5_000_000


@pytest.mark.skipif(
    not REAL_VALUES.exists(), reason="needs ../shared/data/real (not in this checkout)"
)
def test_default_snapshot_matches_the_real_values(config):
    """Every real value of a configured KPI is in the default, unchanged."""
    snap = snapshot.load_snapshot(DEFAULT)
    assert snap.manifest["inputs"][0]["sha256"] == importer.sha256_file(REAL_VALUES)
    real = pd.read_csv(REAL_VALUES, dtype={"municipality": str}, keep_default_na=False)
    real = real[real["kpi"].isin(config.kolada_ids)]
    obs = snap.observations
    ours = obs[~obs["municipality"].astype(str).str.startswith("G")]
    assert len(ours) == len(real)
    merged = real.merge(
        ours.astype({"kpi": str, "municipality": str, "gender": str}),
        on=["kpi", "municipality", "year", "gender"],
        suffixes=("_real", "_ours"),
    )
    assert len(merged) == len(real)
    real_values = pd.to_numeric(merged["value_real"], errors="coerce")
    same = (real_values == merged["value_ours"]) | (
        real_values.isna() & merged["value_ours"].isna()
    )
    assert same.all()
