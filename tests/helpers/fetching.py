"""A small project fetched from the fake Kolada, as `build.py fetch` runs, and the
checks a failed fetch must pass (no snapshot, nothing half written)."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from insyn import cli
from tests.helpers.kolada_fake import FakeKolada
from tests.helpers.project import minimal_raw

KPIS = {"U21468", "U20341", "N28820"}


YEARS = {2022, 2023, 2024}


#: Riket, regions, kommuner, the SKR group and both län groups (G33612 is not in small()).
IDS = {"0000", "0001", "0014", "0114", "0180", "1461", "1480", "G92787", "G33612", "G33623"}


KOMMUNER = [
    ("0114", "Upplands Väsby", "Upplands Väsby kommun", "Upplands Väsbys", "upplands-vasby", "01"),
    ("0180", "Stockholm", "Stockholms stad", "Stockholms", "stockholm", "01"),
    ("1461", "Mellerud", "Melleruds kommun", "Melleruds", "mellerud", "14"),
    ("1480", "Göteborg", "Göteborgs stad", "Göteborgs", "goteborg", "14"),
]


def make_project(root: Path) -> Path:
    raw = minimal_raw()
    satisfied = raw["areas"][0]["indicators"][0]  # U21468, as in the minimal config
    assert satisfied["id"] == "U21468"
    raw["areas"][0]["indicators"] = [
        satisfied,
        {
            "id": "U20341",
            "title": "Automatiserade processer",
            "phrase": "om handläggningen är automatiserad",
            "description": "Ja eller nej.",
            "unit": "yesno",
            "direction": "none",
            "decimals": 0,
            "scale": {1: "Ja", 0: "Nej"},
        },
        {
            "id": "N28820",
            "title": "Boende enligt LSS",
            "phrase": "antalet invånare i bostad enligt LSS",
            "description": "Antal per 10 000 inv.",
            "unit": "per_10000",
            "direction": "none",
            "decimals": 1,
        },
    ]
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    ref = root / "data" / "reference"
    ref.mkdir(parents=True)
    write_csv(
        ref / "kommuner.csv",
        [
            "code",
            "name",
            "official_name",
            "genitive",
            "preposition",
            "slug",
            "lan_code",
            "kommungrupp",
        ],
        [(c, n, o, g, "i", s, lan, "G92787") for c, n, o, g, s, lan in KOMMUNER],
    )
    write_csv(
        ref / "lan.csv",
        ["code", "name", "short_name", "region_id", "slug", "group_id"],
        [
            ("01", "Stockholms län", "Stockholm", "0001", "stockholm", "G33612"),
            ("14", "Västra Götalands län", "Västra Götaland", "0014", "vastra-gotaland", "G33623"),
        ],
    )
    write_csv(ref / "kommungrupper.csv", ["id", "title"], [("G92787", "Storstäder")])
    return root


def fetch(project: Path) -> int:
    return cli.main(
        ["--root", str(project), "fetch", "--snapshot-dir", str(project / "snap"), "--no-progress"]
    )


def after(monkeypatch, fake: FakeKolada, n: int, fault) -> None:
    """Inject ``fault(fake)`` once the fake has answered ``n`` requests."""
    handle, fired = fake._handle, []

    def wrapped(h):
        if not fired and fake.request_count >= n:
            fired.append(n)
            fault(fake)
        handle(h)

    monkeypatch.setattr(fake, "_handle", wrapped)


def assert_no_snapshot(project: Path) -> None:
    assert not (project / "snap").exists()
    assert not list(project.glob(".snap.tmp-*"))


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
