"""Quarantine: values outside their plausible range stay in the snapshot, off the site.

Table-driven tests of the split (insyn/data/quarantine.py), of the gate that
warns about it and stops only over ``thresholds.max_quarantined`` (a stop that
``--force --reason`` lifts), and one build on the sample with a few implausible
values: the build succeeds, the values are on no page, in no rank or comparison
file, and in /data/observationer.csv with the flag.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from selectolax.lexbor import LexborHTMLParser

from insyn import build, pipeline
from insyn.analyse import analysis
from insyn.check import gates
from insyn.check import report as rep
from insyn.config import parse_config
from insyn.data import quarantine as qu
from insyn.data.model import Observation, Snapshot, observations_frame
from tests.helpers.project import ROOT, minimal_raw, run_build
from tests.helpers.snapshot_edit import edited_copy

NAN = math.nan
INF = math.inf


def _indicator(id_: str, unit: str, **extra: object) -> dict:
    return {
        "id": id_,
        "title": f"Nyckeltal {id_}",
        "phrase": f"nyckeltalet {id_}",
        "description": "Ett nyckeltal.",
        "unit": unit,
        "direction": "none",
        "decimals": 0,
        **extra,
    }


#: One indicator per case: its unit and (for some) a range from config.
INDICATORS = [
    _indicator("U00001", "percent"),
    _indicator("N30001", "percent_signed"),
    _indicator("U00002", "percent", range=[0, 200]),
    _indicator("U00003", "percent_signed", range=[-20, 20]),
    _indicator("U00004", "yesno", scale={1: "Ja", 0: "Nej"}),
    _indicator("U00005", "ordinal", scale={1: "Låg", 2: "Mellan", 3: "Hög"}),
    _indicator("N00006", "count"),
    _indicator("N00007", "kronor"),
    _indicator("N00008", "per_1000"),
    _indicator("N00009", "kronor", range=[0, None]),
]


@pytest.fixture(scope="module")
def qconfig():
    raw = minimal_raw()
    raw["areas"][0]["indicators"] = INDICATORS
    return parse_config(raw, "test.yaml")


@pytest.fixture(scope="module")
def kommuner(reference) -> list[str]:
    return [k.code for k in reference.kommuner]


# ------------------------------------------------------------------ the split


@pytest.mark.parametrize(
    ("kpi", "municipality", "gender", "value", "quarantined"),
    [
        # percent: 0–100, for every unit and gender
        ("U00001", "1461", "T", 100.0, False),
        ("U00001", "1461", "T", 0.0, False),
        ("U00001", "0821", "T", 101.0, True),  # Högsby, U23520 in 2013
        ("U00001", "1880", "K", 108.0, True),  # Örebro's women, U26437 in 2018
        ("U00001", "1461", "T", -0.5, True),  # a negative share
        ("U00001", "0000", "T", 100.4, True),  # Riket too
        ("U00001", "G92787", "M", 104.0, True),  # and a group
        ("U00001", "1461", "T", NAN, False),  # missing is never quarantined
        # percent_signed: a deviation, from −100 and open above
        ("N30001", "1461", "T", -12.0, False),
        ("N30001", "1461", "T", 35.0, False),
        ("N30001", "1461", "T", 250.0, False),
        ("N30001", "1461", "T", -100.0, False),
        ("N30001", "1461", "T", -150.0, True),
        # config range: overrides the unit's
        ("U00002", "1461", "T", 150.0, False),
        ("U00002", "1461", "T", 200.5, True),
        ("U00003", "1461", "T", -12.0, False),
        ("U00003", "1461", "T", -21.0, True),
        ("N00009", "1461", "T", -1.0, True),
        ("N00009", "1461", "T", 1e9, False),
        # yes/no: a kommun answers with a code; Riket, län and groups average the codes
        ("U00004", "1461", "T", 1.0, False),
        ("U00004", "1461", "T", 0.0, False),
        ("U00004", "1461", "T", 7.0, True),
        ("U00004", "1461", "T", 0.5, True),
        ("U00004", "0000", "T", 0.5, False),
        ("U00004", "0014", "T", 0.5, False),
        ("U00004", "G92787", "T", 0.5, False),
        ("U00004", "G92787", "T", 7.0, True),
        ("U00004", "0000", "T", -0.1, True),
        # ordinal: the same, with codes 1–3
        ("U00005", "1461", "T", 2.0, False),
        ("U00005", "1461", "T", 0.0, True),
        ("U00005", "1461", "T", 2.5, True),
        ("U00005", "0000", "T", 2.5, False),
        # other units
        ("N00006", "1461", "T", -1.0, True),
        ("N00006", "1461", "T", 12345.0, False),
        ("N00007", "1461", "T", -5000.0, False),  # kronor: no bounds
        ("N00007", "1461", "T", INF, True),  # but never infinite
        ("N00008", "1461", "T", 1000.5, True),
        # a KPI the config does not have is not judged
        ("U99999", "1461", "T", 1e12, False),
    ],
)
def test_split(qconfig, kommuner, kpi, municipality, gender, value, quarantined):
    obs = observations_frame([Observation(kpi, municipality, 2022, gender, value, "")])
    q = qu.split(obs, qconfig.indicators, kommuner)
    assert q.flags.tolist() == [quarantined]
    assert q.count == int(quarantined)
    configured = kpi in {i.id for i in qconfig.indicators}
    assert q.checked == int(configured and not math.isnan(value))
    if quarantined:
        (ex,) = q.examples(10)
        assert (ex.kpi, ex.municipality, ex.year, ex.gender) == (kpi, municipality, 2022, gender)
        assert ex.value == value


@pytest.mark.parametrize(
    ("kpi", "allowed"),
    [
        ("U00001", "0–100"),
        ("N30001", "minst \u2212100"),
        ("U00003", "\u221220–20"),
        ("U00004", "0 eller 1"),
        ("U00005", "1, 2 eller 3"),
        ("N00007", "alla värden"),
    ],
)
def test_allowed_text(qconfig, kpi, allowed):
    assert qu.allowed_text(qconfig.indicator(kpi)) == allowed


def _mixed(n: int = 200) -> Snapshot:
    """A snapshot of ``n`` kommun rows per KPI, some of them implausible, in random order."""
    rows = []
    for i in range(n):
        code = f"{1400 + i % 90:04d}"
        year = 2000 + i // 90
        rows.append(Observation("U00001", code, year, "T", float(i % 110), ""))
        rows.append(Observation("U00004", code, year, "T", float(i % 3), "x"))
        rows.append(Observation("U99999", code, year, "T", -1.0, ""))
        rows.append(Observation("N30001", code, year, "K", None, ""))
    return Snapshot(
        manifest={"source": "csv"},
        kpis={},
        municipalities=(),
        groups=(),
        observations=observations_frame(rows),
        path="snap",
    )


def test_split_leaves_the_snapshot_intact_and_clean_drops_exactly_the_flagged(qconfig, reference):
    snap = _mixed()
    before = snap.observations.copy(deep=True)
    q = qu.quarantine(snap, qconfig, reference)
    pd.testing.assert_frame_equal(snap.observations, before)  # nothing changed in place
    # i % 110 > 100 for 9 of every 110 rows; code 2 for a yes/no kommun in a third
    want_percent = sum(1 for i in range(200) if i % 110 > 100)
    want_yesno = sum(1 for i in range(200) if i % 3 == 2)
    assert q.count == want_percent + want_yesno
    assert q.checked == 400  # U00001 and U00004; N30001 is missing, U99999 not configured
    assert q.share == q.count / 400
    assert len(q.flags) == len(before)
    shown = qu.clean(snap, q)
    assert len(shown.observations) == len(before) - q.count
    assert shown.observations["value"].where(shown.observations["kpi"] == "U00001").max() <= 100
    kept = before[~q.flags].reset_index(drop=True)
    pd.testing.assert_frame_equal(shown.observations, kept)
    assert list(q.values.columns) == list(qu.COLUMNS)
    assert q.keys() == {
        (r.kpi, r.municipality, r.year, r.gender) for r in q.values.itertuples(index=False)
    }
    # nothing to quarantine: the very same snapshot comes back
    plain = qu.clean(snap, qu.split(snap.observations, [], []))
    assert plain is snap


def test_analysis_of_the_clean_snapshot_has_no_quarantined_value(qconfig, reference):
    """Ranks and comparisons read analysis.Data: the clean snapshot's has no 104 in it."""
    codes = [k.code for k in reference.kommuner if k.code != "1461"][:5]
    rows = [Observation("U00001", code, 2022, "T", 50.0 + i, "") for i, code in enumerate(codes)]
    rows.append(Observation("U00001", "1461", 2022, "T", 104.0, ""))
    snap = Snapshot({"source": "csv"}, {}, (), (), observations_frame(rows), "snap")
    data = analysis.prepare(
        qu.clean(snap, qu.quarantine(snap, qconfig, reference)), qconfig, reference
    )
    assert data.stats[("U00001", 2022)].values == (50.0, 51.0, 52.0, 53.0, 54.0)
    assert ("U00001", "1461") not in data.total


def test_split_on_a_million_rows(qconfig, kommuner):
    """A real snapshot has 0.4–1.3 million rows and is split in every build: the split
    is right at that size (its speed is measured by `make bench`, not timed here: a
    timed test fails on a busy machine)."""
    import numpy as np

    n = 1_300_000
    rng = np.random.default_rng(7)
    kpis = np.array([i["id"] for i in INDICATORS] + ["U99999"])
    frame = pd.DataFrame(
        {
            "kpi": pd.Categorical(kpis[rng.integers(0, len(kpis), n)]),
            "municipality": pd.Categorical(np.array(kommuner)[rng.integers(0, len(kommuner), n)]),
            "year": rng.integers(1998, 2023, n),
            "gender": pd.Categorical(np.array(["T", "K", "M"])[rng.integers(0, 3, n)]),
            "value": rng.normal(50, 30, n),
            "status": pd.Categorical([""] * n),
        }
    )
    q = qu.split(frame, qconfig.indicators, kommuner)
    assert 0 < q.count < n and q.checked == int(frame["kpi"].isin(kpis[:-1]).sum())


# ------------------------------------------------------------------ the gate


def _quarantine(count: int, checked: int) -> qu.Quarantine:
    rows = [("U00001", "1461", 2000 + i, "T", 101.0 + i, 0.0, 100.0, "0–100") for i in range(count)]
    values = pd.DataFrame(rows, columns=list(qu.COLUMNS))
    return qu.Quarantine(flags=pd.Series([True] * count).to_numpy(), values=values, checked=checked)


@pytest.mark.parametrize(
    ("count", "checked", "limit", "level"),
    [
        (0, 1000, 0.001, gates.OK),
        (1, 1000, 0.001, gates.WARN),  # exactly 0.1 %: allowed
        (2, 1000, 0.001, gates.STOP),
        (2, 641_151, 0.001, gates.WARN),  # the real default: two of 641 151
        (700, 641_151, 0.001, gates.STOP),
        (5, 100, 0.05, gates.WARN),
        (5, 100, 0.0, gates.STOP),  # max_quarantined: 0 allows none
    ],
)
def test_quarantine_gate(count, checked, limit, level):
    finding = gates.quarantine_gate(_quarantine(count, checked), limit, {"1461": "Mellerud"})
    assert (finding.gate, finding.level) == ("karantän", level)
    if count:
        assert finding.message.startswith(f"{count} värde")
        assert len(finding.examples) == min(count, gates.EXAMPLES)  # the count is complete
        assert finding.examples[0] == "U00001, Mellerud, 2000, T: 101 (rimligt: 0–100)"
    if level == gates.STOP:
        assert "thresholds.max_quarantined" in finding.message


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.0, "0 %"), (3.1e-6, "0,00031 %"), (0.001, "0,1 %"), (0.0015, "0,15 %"), (0.25, "25 %")],
)
def test_small_shares_are_written_with_the_digits_they_need(share, text):
    assert gates._fine_pct(share) == text


def _options(tmp_path: Path, force: bool, reason: str = "") -> pipeline.RunOptions:
    b = build.Options(root=tmp_path, config_path=tmp_path / "config.yaml", out=tmp_path / "site")
    return pipeline.RunOptions(build=b, targets=(), force=force, reason=reason)


@pytest.mark.parametrize(
    ("gate_names", "force", "go_on", "overridden"),
    [
        (["karantän"], False, False, []),
        (["karantän"], True, True, ["karantän"]),  # --force --reason lifts it
        (["karantän", "totalt"], True, True, ["karantän", "totalt"]),
        (["metadata"], True, False, []),  # a page cannot name an unknown indicator
        (["metadata", "karantän"], True, False, []),
    ],
)
def test_a_quarantine_stop_can_be_forced(tmp_path, gate_names, force, go_on, overridden):
    findings = [gates.Finding(g, gates.STOP, "stopp") for g in gate_names]
    report = rep.Report("r", "2026-12-04T03:00:00Z")
    options = _options(tmp_path, force, "Kontrollerat med RKA" if force else "")
    assert pipeline._may_continue(findings, options, report) is go_on
    assert report.overridden == overridden
    assert report.outcome == (rep.RUNNING if go_on else rep.STOPPED)


def test_the_report_lists_the_quarantined_values():
    q = _quarantine(12, 1000)
    report = rep.Report("r", "2026-12-04T03:00:00Z")
    report.quarantine = rep.quarantine_summary(q, 0.001, {"1461": "Mellerud"})
    report.add_findings([gates.quarantine_gate(q, 0.001, {"1461": "Mellerud"})])
    doc = json.loads(report.to_json())
    assert doc["quarantine"]["count"] == 12 and doc["quarantine"]["checked"] == 1000
    assert len(doc["quarantine"]["examples"]) == gates.EXAMPLES
    first = doc["quarantine"]["examples"][0]
    assert first == {
        "kpi": "U00001",
        "municipality": "1461",
        "name": "Mellerud",
        "year": 2000,
        "gender": "T",
        "value": 101.0,
        "allowed": "0–100",
    }
    md = rep.to_markdown(report)
    assert "| karantän | STOPP | 12 värden av 1 000" in md.replace("\u00a0", " ")
    assert "- U00001, Mellerud, 2000, T: 101 (rimligt: 0–100)" in md


# ------------------------------------------------------------------ a build

#: (kpi, kommun, year, gender, value): Mellerud's own value, another kommun's, a woman's.
ODD = (
    ("U21468", "1461", "2025", "T", "123"),
    ("U21468", "1480", "2025", "T", "150"),
    ("U21505", "1461", "2025", "K", "108"),
)


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory) -> Path:
    """Mellerud's pages built from the sample with ODD in it."""
    tmp = tmp_path_factory.mktemp("quarantine")

    def edit(rows: list[list[str]]) -> int:
        changed = 0
        odd = {o[:4]: o[4] for o in ODD}
        for row in rows:
            if tuple(row[:4]) in odd:
                row[4] = odd[tuple(row[:4])]
                changed += 1
        return changed

    assert edited_copy(ROOT / "data" / "sample", tmp / "snap", edit) == len(ODD)
    root = tmp / "proj"
    (root / "data" / "extra").mkdir(parents=True)
    (root / "data" / "reference").symlink_to(ROOT / "data" / "reference")
    for name in ("templates", "static", "content", "config.yaml"):
        (root / name).symlink_to(ROOT / name)
    out = tmp / "site"
    result = run_build(root, out, "--only", "mellerud", "--snapshot", str(tmp / "snap"))
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def test_a_build_with_quarantined_values_succeeds_without_them(odd_site):
    area = odd_site / "mellerud" / "hemtjanst"
    for page in (area / "index.html", odd_site / "mellerud" / "index.html"):
        text = LexborHTMLParser(page.read_text(encoding="utf-8")).body.text()
        for value in ("123", "150", "108"):
            assert f"{value}\u00a0%" not in text and f"{value} procent" not in text, page
    press = (area / "press.txt").read_text(encoding="utf-8")
    assert "123 procent" not in press and "108 procent" not in press
    # the kommun's own download leaves them out: the year is there, the value is not
    rows = list(
        csv.DictReader(io.StringIO((area / "data.csv").read_text("utf-8-sig")), delimiter=";")
    )
    shown = {(r["Nyckeltal-id"], r["År"], r["Kön"]): r["Värde"] for r in rows}
    assert shown[("U21468", "2025", "Totalt")] == ""
    assert shown[("U21505", "2025", "Kvinnor")] == ""
    assert shown[("U21468", "2025", "Kvinnor")] != ""  # the other genders stay


def test_quarantined_values_are_in_no_rank_or_comparison(odd_site):
    """The national values of a KPI (charts, ranks) leave both kommuner out."""
    values = json.loads((odd_site / "data" / "kommunvarden" / "U21468-2025.json").read_text())
    codes = {v["code"] for v in values}
    assert "1461" not in codes and "1480" not in codes
    assert len(codes) > 250
    assert max(v["value"] for v in values) <= 100


def test_quarantined_values_are_flagged_in_the_data_download(odd_site):
    table = (odd_site / "data" / "observationer.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(table)))
    flagged = {
        (r["nyckeltal"], r["kod"], r["år"], r["kön"], r["värde"]) for r in rows if r["karantän"]
    }
    assert flagged == set(ODD)
    assert {r["karantän"] for r in rows} == {"", "ja"}
    page = (odd_site / "data" / "index.html").read_text(encoding="utf-8")
    assert "<code>karantän</code>" in page and "visas inte på sidorna" in page
    readme = (odd_site / "data" / "LASMIG.txt").read_text(encoding="utf-8")
    assert "karantän" in readme
