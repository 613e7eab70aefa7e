"""The real default cut to 22 kommuner of every size, as a project of its own: the
end-to-end test on real data (tests/build/test_real_build.py) and `make bench --quick`
build it."""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
from pathlib import Path

from tests.helpers.project import ROOT

DEFAULT = ROOT / "data" / "default"


KOMMUNER = (
    "0180",  # Stockholm
    "0183",  # Sundbyberg
    "0330",  # Knivsta
    "0380",  # Uppsala
    "0381",  # Enköping
    "0821",  # Högsby: U23520 = 101
    "0980",  # Gotland: its own län
    "1280",  # Malmö
    "1281",  # Lund
    "1286",  # Ystad
    "1438",  # Dals-Ed
    "1460",  # Bengtsfors
    "1461",  # Mellerud
    "1480",  # Göteborg
    "1487",  # Vänersborg
    "1492",  # Åmål
    "1880",  # Örebro: U26437 = 108 (K)
    "2403",  # Bjurholm
    "2404",  # Vindeln
    "2480",  # Umeå
    "2584",  # Kiruna
    "2580",  # Luleå
)


def subset_reference(dest: Path) -> dict[str, str]:
    """The project's reference tables cut to KOMMUNER and their län; code -> slug."""
    src = ROOT / "data" / "reference"
    dest.mkdir(parents=True)
    with (src / "kommuner.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = [r for r in rows if r["code"] in KOMMUNER]
    assert len(kept) == len(KOMMUNER)
    lan_codes = {r["lan_code"] for r in kept}
    _write_csv(dest / "kommuner.csv", kept)
    with (src / "lan.csv").open(encoding="utf-8", newline="") as fh:
        _write_csv(dest / "lan.csv", [r for r in csv.DictReader(fh) if r["code"] in lan_codes])
    shutil.copyfile(src / "kommungrupper.csv", dest / "kommungrupper.csv")
    return {r["code"]: r["slug"] for r in kept}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def import_inputs(tmp: Path) -> tuple[Path, Path, Path]:
    """Tidy values of KOMMUNER and Riket, the catalogue and the groups, from the default."""
    manifest = json.loads((DEFAULT / "manifest.json").read_text(encoding="utf-8"))
    assert "observations.csv.gz" in manifest["files"]
    table = gzip.decompress((DEFAULT / "observations.csv.gz").read_bytes()).decode("utf-8")
    out = io.StringIO()
    out.write("kpi,municipality,year,gender,value\n")
    for line in table.splitlines()[1:]:
        kpi, muni, year, gender, value, _status = line.split(",")
        if muni in KOMMUNER or muni == "0000":
            out.write(f"{kpi},{muni},{year},{gender},{value}\n")
    values = tmp / "values.csv"
    values.write_text(out.getvalue(), encoding="utf-8")
    groups = json.loads((DEFAULT / "groups.json").read_text(encoding="utf-8"))
    for g in groups:
        g["members"] = [m for m in g["members"] if m["member_id"] in KOMMUNER]
    groups_path = tmp / "groups.json"
    groups_path.write_text(json.dumps(groups, ensure_ascii=False), encoding="utf-8")
    return values, DEFAULT / "kpis.json", groups_path
