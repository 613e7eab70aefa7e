"""The publishing gates, the snapshot comparison and the run report (pure functions)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from insyn.check import gates
from insyn.check import report as rep
from insyn.config import Thresholds
from insyn.data import changes as ch
from insyn.data import quarantine as qu
from insyn.data.model import Observation, Snapshot, observations_frame

THRESHOLDS = Thresholds(
    max_total_drop=0.20, max_kpi_drop=0.30, max_kommun_drop=0.50, max_deletes=3, jump_warning=4.0
)


# ------------------------------------------------------------------ single gates


@pytest.mark.parametrize(
    ("old", "new", "level"),
    [
        (1000, 1000, gates.OK),
        (1000, 800, gates.OK),  # exactly 20 %: allowed
        (1000, 799, gates.STOP),
        (1000, 700, gates.STOP),  # the 30 % shrink
        (1000, 1500, gates.OK),  # growth is never a stop
        (0, 0, gates.OK),  # nothing before: nothing to lose
    ],
)
def test_total_gate(old, new, level):
    assert gates.total_gate(old, new, 0.20).level == level


@pytest.mark.parametrize(
    ("old", "new", "limit", "stopped"),
    [
        ({"A": 10, "B": 10}, {"A": 10, "B": 10}, 0.3, []),
        ({"A": 10, "B": 10}, {"A": 7, "B": 10}, 0.3, []),  # exactly 30 %
        ({"A": 10, "B": 10}, {"A": 6, "B": 10}, 0.3, ["A"]),
        ({"A": 10, "B": 10}, {"B": 10}, 0.3, ["A"]),  # gone entirely
        ({"A": 10, "B": 10}, {"A": 1, "B": 2}, 0.3, ["A", "B"]),
        ({"0114": 100}, {"0114": 49}, 0.5, ["0114"]),
    ],
)
def test_count_gates(old, new, limit, stopped):
    finding = gates.count_gates(old, new, limit, "nyckeltal", "nyckeltalen")
    assert finding.level == (gates.STOP if stopped else gates.OK)
    named = [e.split(":")[0] for e in finding.examples]
    assert sorted(named) == stopped


def test_count_gate_names_the_kommun_and_the_numbers():
    finding = gates.count_gates(
        {"1461": 120}, {"1461": 10}, 0.5, "kommuner", "kommunerna", {"1461": "Mellerud"}
    )
    assert finding.examples == ("Mellerud: 120 → 10 värden (−92 %)",)


@pytest.mark.parametrize(
    ("old", "new", "limit", "level", "gone"),
    [
        (["/", "/a/"], ["/", "/a/"], 0, gates.OK, 0),
        (["/", "/a/", "/b/"], ["/"], 2, gates.OK, 2),
        (["/", "/a/", "/b/", "/c/"], ["/"], 2, gates.STOP, 3),
        (["/"], ["/", "/new/"], 0, gates.OK, 0),
    ],
)
def test_deletes_gate(old, new, limit, level, gone):
    finding = gates.deletes_gate(old, new, limit)
    assert finding.level == level
    assert finding.message.startswith(f"{gone} sidor")


def test_site_gates_count_pages_not_files():
    old = {"index.html": 0, "a/index.html": 0, "a/data.csv": 0, "b/index.html": 0}
    new = {"index.html": 0}
    (finding,) = gates.site_gates(old, new, max_deletes=1)
    assert finding.level == gates.STOP
    assert finding.examples == ("/a/", "/b/")
    assert gates.site_gates(None, new, 0)[0].level == gates.OK


def test_vanished_gate_only_counts_configured_kpis():
    assert gates.vanished_gate({"A", "B"}, {"A"}, {"A", "B"}).level == gates.STOP
    assert gates.vanished_gate({"A", "B"}, {"A"}, {"A"}).level == gates.OK


# ------------------------------------------------------------------ the comparison


def snap(rows: list[tuple[str, str, int, str, float | None]], kpis=("U21468",)) -> Snapshot:
    obs = [Observation(k, m, y, g, v, "") for k, m, y, g, v in rows]
    return Snapshot(
        manifest={"source": "kolada-v3", "fetched_at": "2026-11-22T03:17:00Z"},
        kpis={k: {"id": k, "title": k} for k in kpis},
        municipalities=(),
        groups=(),
        observations=observations_frame(obs),
        path="snap",
    )


def series(kommun: str, values: list[float | None], start: int = 2018) -> list[tuple]:
    return [("U21468", kommun, start + i, "T", v) for i, v in enumerate(values)]


def test_first_publish_has_no_old_counts(config, reference):
    new = snap(series("1461", [50, 52, 54]))
    changes = ch.compare(new, None, config, reference, 4.0)
    assert changes.first
    assert changes.new.total == 3
    assert changes.new.by_kommun == {"1461": 3}
    assert changes.new_years == {2018: 1, 2019: 1, 2020: 1}


def test_revisions_new_years_and_added_values(config, reference):
    old = snap(series("1461", [50, 52, 54]) + series("1480", [60, 61, 62]))
    new = snap(
        series("1461", [50, 53, 54, 55]) + series("1480", [60, None, 62, 63]),
    )
    changes = ch.compare(new, old, config, reference, 4.0)
    assert changes.revised_count == 2
    assert [(r.municipality, r.year, r.old, r.new) for r in changes.revised] == [
        ("1461", 2019, 52.0, 53.0),
        ("1480", 2019, 61.0, None),
    ]
    assert changes.new_years == {2021: 1}
    assert changes.added_values == 2
    assert changes.old.total == 6 and changes.new.total == 7


def test_a_kpi_outside_the_config_is_not_compared(config, reference):
    old = snap(series("1461", [50, 52]) + [("X99999", "1461", 2018, "T", 1.0)])
    new = snap(series("1461", [50, 52]))
    changes = ch.compare(new, old, config, reference, 4.0)
    assert changes.old.total == changes.new.total == 2
    assert changes.kpis_removed == ()


def steady(n: int = 30) -> list[tuple]:
    """Many kommuner whose values move by about one unit a year: the spread of changes."""
    rows = []
    for i in range(n):
        code = f"{1400 + i:04d}"
        rows += series(code, [50 + i % 3, 51 + i % 3, 50 + i % 3])
    return rows


def test_a_jump_in_new_data_is_a_warning(config, reference):
    old = snap(steady())
    new = snap(steady() + [("U21468", "1400", 2021, "T", 95.0)])
    changes = ch.compare(new, old, config, reference, 4.0)
    assert changes.jumps_count == 1
    (jump,) = changes.jumps
    assert (jump.municipality, jump.year, jump.before, jump.after) == ("1400", 2021, 50.0, 95.0)
    assert jump.sigmas > 4
    # an old jump is not reported again on the next run
    assert ch.compare(new, new, config, reference, 4.0).jumps_count == 0
    # and a yes/no KPI that flips is never a jump
    flips = [
        ("U07353", f"{1400 + i:04d}", y, "T", float(y % 2)) for i in range(5) for y in (2019, 2020)
    ]
    assert ch.compare(snap(flips, ("U07353",)), None, config, reference, 0.1).jumps_count == 0


def test_data_gates_stop_a_30_percent_shrink(config, reference):
    old = snap(steady())
    rows = steady()
    new = snap(rows[: int(len(rows) * 0.7)])
    changes = ch.compare(new, old, config, reference, 4.0)
    q = qu.quarantine(new, config, reference)
    findings = gates.data_gates(changes, q, old.kpis, new.kpis, config.kolada_ids, THRESHOLDS, {})
    stopped = {f.gate for f in gates.stops(findings)}
    assert "totalt" in stopped
    assert "kommuner" in stopped  # the kommuner at the end lost everything
    revised = next(f for f in findings if f.gate == "reviderade värden")
    assert revised.level == gates.WARN


@pytest.mark.parametrize(
    ("odd", "level"),
    [
        (0, gates.OK),
        (1, gates.WARN),  # one value of 91: over the default 0.1 %, but THRESHOLDS allow 2 %
        (2, gates.STOP),  # two of 92 values: over 2 %
    ],
)
def test_quarantined_values_warn_and_stop_over_the_threshold(config, reference, odd, level):
    """Values outside their range are a warning; a share over max_quarantined a stop."""
    rows = steady() + [("U21468", f"{1400 + i:04d}", 2021, "T", 104.0) for i in range(odd)]
    new = snap(rows)
    q = qu.quarantine(new, config, reference)
    changes = ch.compare(qu.clean(new, q), None, config, reference, 4.0)
    limits = dataclasses.replace(THRESHOLDS, max_quarantined=0.02)
    findings = gates.data_gates(changes, q, {}, {}, (), limits, {"1400": "Testby"})
    gate = next(f for f in findings if f.gate == "karantän")
    assert gate.level == level
    assert [f.gate for f in gates.stops(findings)] == (["karantän"] if odd == 2 else [])
    if odd:
        assert gate.examples[0] == "U21468, Testby, 2021, T: 104 (rimligt: 0–100)"
        assert gate.message.startswith(f"{odd} värde") and f"av {90 + odd} " in gate.message


# ------------------------------------------------------------------ the report


def test_report_round_trips_and_reads_in_swedish(config, reference):
    old = snap(steady())
    new = snap(steady()[:50])
    changes = ch.compare(new, old, config, reference, 4.0)
    report = rep.Report(
        "20261122T031700Z", "2026-11-22T03:17:00Z", forced=True, reason="Kontrollerat"
    )
    report.changes = rep.changes_summary(changes, {"1400": "Testby"})
    q = qu.quarantine(new, config, reference)
    report.add_findings(
        gates.data_gates(changes, q, old.kpis, new.kpis, (), THRESHOLDS, {"1400": "Testby"})
    )
    report.outcome = rep.STOPPED
    doc = json.loads(report.to_json())
    assert doc["outcome"] == "stoppad" and doc["reason"] == "Kontrollerat"
    assert doc["changes"]["values_before"] == 90 and doc["changes"]["values_now"] == 50
    md = rep.to_markdown(report)
    assert "**Resultat: stoppad**" in md
    assert "Skäl: Kontrollerat" in md
    assert "| totalt | STOPP |" in md


@pytest.mark.parametrize(
    ("old_rows", "new_rows", "expected"),
    [
        (None, series("1461", [50, 52]), ["Första publiceringen med 2 värden för ett nyckeltal."]),
        (series("1461", [50]), series("1461", [50]), []),
        (series("1461", [50]), series("1461", [50, 51]), ["Nya värden för 2019 i ett nyckeltal."]),
        (
            series("1461", [50, 51]),
            series("1461", [50, 52]),
            ["Ett tidigare värde har ändrats eller tagits bort av källan."],
        ),
    ],
)
def test_changelog_lines(config, reference, old_rows, new_rows, expected):
    old = snap(old_rows) if old_rows is not None else None
    changes = ch.compare(snap(new_rows), old, config, reference, 4.0)
    assert rep.changelog_lines(changes, {}) == expected
    entry = rep.changelog_entry(changes, date(2026, 11, 22), "r", {}, forced=False)
    assert (entry is None) == (not expected)
    if entry:
        assert entry["date"] == "2026-11-22"
