"""Tests of insyn.site.downloads: number text, the kommun × area CSV/JSON, the /data/ files.

The values are cross-checked against the snapshot's observations frame read
directly with pandas, not through analysis.Data, so a wrong index look-up in
downloads.py cannot hide behind the same look-up in the test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import replace

import pandas as pd
import pytest

from insyn.analyse import analysis
from insyn.data.model import Observation, Snapshot, observations_frame
from insyn.data.reference import RIKET_ID
from insyn.data.snapshot import load_snapshot
from insyn.site import downloads
from insyn.site.downloads import DownloadMeta, json_number_text, number_text, size_text
from tests.helpers.project import ROOT

META = DownloadMeta(
    site_title="Insyn test",
    base_url="https://example.se/insyn/",
    source="Kolada",
    source_url="https://www.kolada.se/",
    licence_name="CC BY 4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    is_sample=True,
    data_date="2026-03-01",
    build_date="2026-03-02",
)
BOM = b"\xef\xbb\xbf"
HOSTILE = 'Ond;"kommun",\nmed rad'


@pytest.fixture(scope="module")
def snap():
    return load_snapshot(ROOT / "data" / "sample")


@pytest.fixture(scope="module")
def data(snap, config, reference):
    return analysis.prepare(snap, config, reference)


@pytest.fixture(scope="module")
def mellerud(reference):
    return reference.kommun_by_slug("mellerud")


@pytest.fixture(scope="module")
def site_files(snap, config, reference):
    return downloads.site_data_files(snap, config, reference, META)


def _area_with(config, test):
    return next(a for a in config.areas if any(test(i) for i in a.indicators))


def _parse_area_csv(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(BOM)
    text = raw[len(BOM) :].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _num(text: str) -> float | None:
    return None if text == "" else float(text.replace(",", "."))


def _lookup(snap, codes) -> dict[tuple[str, str, int, str], float]:
    """(kpi, municipality, year, gender) -> value for some ids, straight from the frame."""
    obs = snap.observations
    frame = obs[obs["municipality"].isin(codes) & obs["value"].notna()]
    keys = zip(
        frame["kpi"].astype(str),
        frame["municipality"].astype(str),
        frame["year"].astype(int),
        frame["gender"].astype(str),
        strict=True,
    )
    return dict(zip(keys, frame["value"].astype(float), strict=True))


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("value", "comma", "point"),
    [
        (12.0, "12", "12"),
        (12, "12", "12"),
        (12.5, "12,5", "12.5"),
        (-12.5, "-12,5", "-12.5"),
        (-3.0, "-3", "-3"),
        (-0.0, "0", "0"),
        (0.0, "0", "0"),
        (0.1 + 0.2, "0,30000000000000004", "0.30000000000000004"),
        (1e-05, "0,00001", "0.00001"),
        (-1.5e-07, "-0,00000015", "-0.00000015"),
        (1e20, "100000000000000000000", "100000000000000000000"),
        (1.5e16, "15000000000000000", "15000000000000000"),
        (123456.789, "123456,789", "123456.789"),
        (None, "", ""),
        (math.nan, "", ""),
    ],
)
def test_number_text(value, comma, point):
    assert number_text(value) == comma
    assert number_text(value, ".") == point
    if value is not None and not math.isnan(value):
        assert float(point) == value  # full precision: reads back exactly


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_number_text_refuses_infinity(value):
    with pytest.raises(ValueError):
        number_text(value)


def test_number_text_refuses_bool():
    with pytest.raises(TypeError):
        number_text(True)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12.0, "12"),
        (12.5, "12.5"),
        (-0.0, "0"),
        (None, "null"),
        (math.nan, "null"),
        (1e-05, "1e-05"),
    ],
)
def test_json_number_text(value, text):
    assert json_number_text(value) == text
    if value is not None and not math.isnan(value):
        assert json.loads(text) == value


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0\u00a0byte"),
        (999, "999\u00a0byte"),
        (1000, "1,0\u00a0kB"),
        (4200, "4,2\u00a0kB"),
        (42_389, "42\u00a0kB"),
        (999_400, "999\u00a0kB"),
        (999_600, "1,0\u00a0MB"),
        (31_400_000, "31\u00a0MB"),
        (2_500_000_000, "2,5\u00a0GB"),
    ],
)
def test_size_text(size, text):
    assert size_text(size) == text


@pytest.mark.parametrize("field", ["data_date", "build_date"])
@pytest.mark.parametrize("bad", ["2026-3-1", "1 mars 2026", "2026-03-01T00:00:00Z", ""])
def test_meta_refuses_bad_dates(field, bad):
    with pytest.raises(ValueError, match=field):
        replace(META, **{field: bad})


# ------------------------------------------------------------ kommun × area


def test_area_csv_format(data, config, mellerud):
    area = config.areas[0]
    files = downloads.area_files(data, mellerud, area, META)
    assert sorted(files) == [f"mellerud/{area.slug}/data.csv", f"mellerud/{area.slug}/data.json"]
    raw = files[f"mellerud/{area.slug}/data.csv"]
    assert raw.startswith(BOM)
    text = raw[len(BOM) :].decode("utf-8")
    lines = text.split("\r\n")
    assert lines[-1] == ""  # every line ends in CRLF, the last one too
    assert "\n" not in "".join(lines)  # no bare LF
    assert lines[0] == (
        "Kommunkod;Kommun;Nyckeltal-id;Nyckeltal;Enhet;År;Kön;Värde;Svar;"
        "Riket;Län;Liknande kommuner"
    )
    numbers = [f for line in lines[1:-1] for f in line.split(";")[7:] if f]
    assert numbers and all(re.fullmatch(r"-?\d+(,\d+)?|[A-ZÅÄÖ][a-zåäö ]+", f) for f in numbers)
    assert "\u2212" not in text and "\u00a0" not in "".join(numbers)


def test_area_csv_rows_and_genders(data, config, snap, mellerud):
    area = _area_with(config, lambda i: i.by_gender)
    rows = _parse_area_csv(
        downloads.area_files(data, mellerud, area, META)[f"mellerud/{area.slug}/data.csv"]
    )
    obs = snap.observations
    for ind in area.indicators:
        mine = [r for r in rows if r["Nyckeltal-id"] == ind.id]
        genders = {r["Kön"] for r in mine}
        assert genders == ({"Totalt", "Kvinnor", "Män"} if ind.by_gender else {"Totalt"})
        assert {r["Nyckeltal"] for r in mine} == {ind.title}
        assert {r["Enhet"] for r in mine} == {downloads.sv.UNIT_LABELS[ind.unit]}
        # the years: every year with any value of the indicator anywhere in the snapshot
        sub = obs[(obs["kpi"] == ind.id) & obs["value"].notna()]
        if not ind.by_gender:
            sub = sub[sub["gender"] == "T"]
        assert [int(r["År"]) for r in mine if r["Kön"] == "Totalt"] == sorted(
            set(sub["year"].astype(int))
        )
    assert [r["Nyckeltal-id"] for r in rows] == sorted(
        (r["Nyckeltal-id"] for r in rows),
        key=[i.id for i in area.indicators].index,
    )  # config order


def test_area_csv_values_match_snapshot(data, config, reference, snap, mellerud):
    """Every value and comparison of one kommun, against the observations frame."""
    lan = reference.lan_of(mellerud).region_id
    checked = missing = 0
    for area in config.areas:
        similar = data.similar.get((area.similar_group, mellerud.code))
        values = _lookup(snap, [mellerud.code, RIKET_ID, lan, *([similar] if similar else [])])
        raw = downloads.area_files(data, mellerud, area, META)[f"mellerud/{area.slug}/data.csv"]
        for r in _parse_area_csv(raw):
            assert (r["Kommunkod"], r["Kommun"]) == (mellerud.code, "Mellerud")
            kpi, year = r["Nyckeltal-id"], int(r["År"])
            g = {"Totalt": "T", "Kvinnor": "K", "Män": "M"}[r["Kön"]]
            assert _num(r["Värde"]) == values.get((kpi, mellerud.code, year, g))
            assert _num(r["Riket"]) == values.get((kpi, RIKET_ID, year, g))
            assert _num(r["Län"]) == values.get((kpi, lan, year, g))
            expected = values.get((kpi, similar, year, g)) if similar else None
            assert _num(r["Liknande kommuner"]) == expected
            checked += 1
            missing += r["Värde"] == ""
    assert checked > 1000 and missing > 0  # the sample has gaps: empty cells were checked


def test_area_csv_uses_the_comparisons_of_the_analysis(data, config, mellerud):
    """Riket, län and liknande in the file are what analysis compares the kommun with."""
    kinds = {"riket": "Riket", "lan": "Län", "liknande": "Liknande kommuner"}
    seen = set()
    for area in config.areas:
        raw = downloads.area_files(data, mellerud, area, META)[f"mellerud/{area.slug}/data.csv"]
        rows = {(r["Nyckeltal-id"], r["År"], r["Kön"]): r for r in _parse_area_csv(raw)}
        for ind in area.indicators:
            facts = analysis.analyse_indicator(data, mellerud, ind, area)
            for c in facts.comparisons:
                if c.kind in kinds:
                    row = rows[(ind.id, str(facts.year), "Totalt")]
                    assert _num(row[kinds[c.kind]]) == c.value
                    seen.add(c.kind)
    assert seen == set(kinds)


def test_area_csv_answer_text(data, config, mellerud):
    area = _area_with(config, lambda i: i.unit == "yesno")
    rows = _parse_area_csv(
        downloads.area_files(data, mellerud, area, META)[f"mellerud/{area.slug}/data.csv"]
    )
    labels = set()
    for ind in area.indicators:
        for r in (r for r in rows if r["Nyckeltal-id"] == ind.id):
            if not ind.is_categorical or r["Värde"] == "":
                assert r["Svar"] == ""
            else:
                assert r["Svar"] == dict(ind.scale)[int(r["Värde"])]
                labels.add(r["Svar"])
    assert {"Ja", "Nej"} <= labels


def test_area_json(data, config, reference, mellerud):
    area = _area_with(config, lambda i: i.unit == "yesno")
    files = downloads.area_files(data, mellerud, area, META)
    raw = files[f"mellerud/{area.slug}/data.json"]
    assert raw.endswith(b"}\n") and not raw.startswith(BOM)
    doc = json.loads(raw.decode("utf-8"))
    assert doc["kommun"] == {
        "kod": mellerud.code,
        "namn": "Mellerud",
        "officiellt_namn": "Melleruds kommun",
    }
    assert doc["område"] == {"slug": area.slug, "titel": area.title}
    assert doc["licens"] == {"namn": META.licence_name, "url": META.licence_url}
    assert (doc["källa"], doc["källa_url"]) == ("Kolada", META.source_url)
    assert (doc["exempeldata"], doc["hämtad"]) == (True, "2026-03-01")
    assert "byggd" not in doc  # the build date would change 2 900 files every day
    assert "egna beräkningar" in doc["anmärkning"] and "Exempeldata" in doc["anmärkning"]
    assert doc["jämförelser"]["län"]["kod"] == reference.lan_of(mellerud).region_id
    assert doc["jämförelser"]["liknande"]["kod"] == data.similar[(area.similar_group, "1461")]
    assert [i["id"] for i in doc["nyckeltal"]] == [i.id for i in area.indicators]
    # the JSON carries exactly the CSV's rows and values
    rows = _parse_area_csv(files[f"mellerud/{area.slug}/data.csv"])
    flat = [(i, v) for i in doc["nyckeltal"] for v in i["värden"]]
    assert len(flat) == len(rows)
    for (ind_doc, v), r in zip(flat, rows, strict=True):
        assert (ind_doc["id"], v["år"], v["kön"]) == (r["Nyckeltal-id"], int(r["År"]), r["Kön"])
        assert v["värde"] == _num(r["Värde"])
        assert (v["riket"], v["län"], v["liknande"]) == (
            _num(r["Riket"]),
            _num(r["Län"]),
            _num(r["Liknande kommuner"]),
        )
        ind = config.indicator(ind_doc["id"])
        assert ("svar" in v) == ind.is_categorical
        if ind.is_categorical:
            assert v["svar"] == (r["Svar"] or None)
            assert ind_doc["skala"] == [{"kod": c, "svar": lbl} for c, lbl in ind.scale]


def test_area_json_layout(data, config, mellerud):
    """Compact, one member, indicator head or value row per line, UTF-8 not escaped."""
    area = _area_with(config, lambda i: i.unit == "yesno")
    raw = downloads.area_files(data, mellerud, area, META)[f"mellerud/{area.slug}/data.json"]
    text = raw.decode("utf-8")
    lines = text.split("\n")
    assert lines[0] == "{" and lines[-2:] == ["}", ""]
    assert (
        '"kommun":{"kod":"1461","namn":"Mellerud","officiellt_namn":"Melleruds kommun"},' in lines
    )
    assert '"nyckeltal":[' in lines and "\\u" not in text and "år" in text
    assert not any(line.startswith(" ") for line in lines)  # no indentation
    doc = json.loads(text)
    rows = [line for line in lines if line.startswith('{"år":')]
    assert len(rows) == sum(len(i["värden"]) for i in doc["nyckeltal"])
    for line in rows:  # every value row is one whole object on its own line
        assert json.loads(line.rstrip(",")) and ": " not in line and ", " not in line
    heads = [line for line in lines if line.startswith('{"id":')]
    assert [json.loads(h + "]}")["id"] for h in heads] == [i.id for i in area.indicators]
    assert json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("\n", "") == (
        text.replace("\n", "")
    )  # the same as json.dumps up to line breaks: no stray spaces, keys in order


@pytest.mark.parametrize(
    ("field", "value", "changes"),
    [
        ("build_date", "2031-12-31", False),  # changes every day: must reach no area file
        ("data_date", "2026-01-01", True),  # changes with the data: "hämtad"
        ("site_title", "Annan", True),
    ],
)
def test_area_files_and_meta(data, config, mellerud, field, value, changes):
    area = config.areas[0]
    same = downloads.area_files(data, mellerud, area, META)
    moved = downloads.area_files(data, mellerud, area, replace(META, **{field: value}))
    assert (moved != same) == changes
    assert moved[f"mellerud/{area.slug}/data.csv"] == same[f"mellerud/{area.slug}/data.csv"]


def test_area_json_indicator_without_values(minimal_config, reference):
    """An indicator with no year at all is an empty list, and the file stays valid JSON."""
    data = _tiny_data(minimal_config, reference, [("U21468", "1461", 2020, "T", 70.0)])
    area = minimal_config.areas[0]
    raw = downloads.area_files(data, reference.kommun("1461"), area, META)
    doc = json.loads(raw["mellerud/aldreomsorg/data.json"])
    assert [len(i["värden"]) for i in doc["nyckeltal"]] == [3, 0]


def test_area_json_without_similar_group(data, config, mellerud):
    area = next(a for a in config.areas if not a.similar_group)
    files = downloads.area_files(data, mellerud, area, META)
    doc = json.loads(files[f"mellerud/{area.slug}/data.json"])
    assert doc["jämförelser"]["liknande"] is None
    assert all(v["liknande"] is None for i in doc["nyckeltal"] for v in i["värden"])
    rows = _parse_area_csv(files[f"mellerud/{area.slug}/data.csv"])
    assert {r["Liknande kommuner"] for r in rows} == {""}


def test_area_note_depends_on_sample(data, config, mellerud):
    area = config.areas[0]
    real = replace(META, is_sample=False)
    doc = json.loads(
        downloads.area_files(data, mellerud, area, real)[f"mellerud/{area.slug}/data.json"]
    )
    assert doc["exempeldata"] is False
    assert "Exempeldata" not in doc["anmärkning"]
    assert "kommer från Kolada" in doc["anmärkning"]


def test_hostile_names_round_trip(data, config, mellerud):
    area = _area_with(config, lambda i: i.unit == "yesno")
    first = replace(area.indicators[0], title=HOSTILE + " titel")
    bad_area = replace(area, indicators=(first, *area.indicators[1:]))
    bad_kommun = replace(mellerud, name=HOSTILE)
    files = downloads.area_files(data, bad_kommun, bad_area, META)
    rows = _parse_area_csv(files[f"mellerud/{area.slug}/data.csv"])
    assert rows and {r["Kommun"] for r in rows} == {HOSTILE}
    assert {r["Nyckeltal"] for r in rows if r["Nyckeltal-id"] == first.id} == {HOSTILE + " titel"}
    assert all(len(r) == len(downloads.AREA_CSV_HEADER) and None not in r for r in rows)
    doc = json.loads(files[f"mellerud/{area.slug}/data.json"])
    assert doc["kommun"]["namn"] == HOSTILE
    assert doc["nyckeltal"][0]["titel"] == HOSTILE + " titel"


def test_all_area_files(data, config, reference, mellerud):
    some = (mellerud, reference.kommun("0180"))
    files = downloads.all_area_files(data, config, reference, META, kommuner=some)
    assert len(files) == 2 * 2 * len(config.areas)
    for k in some:
        for area in config.areas:
            assert downloads.area_files(data, k, area, META).items() <= files.items()
    again = downloads.all_area_files(data, config, reference, META, kommuner=some)
    assert list(again) == list(files) and again == files


# ------------------------------------------------------------------ /data/


def test_site_data_paths(site_files):
    assert sorted(site_files) == [
        "data/LASMIG.txt",
        "data/datapackage.json",
        "data/enheter.csv",
        "data/kommuner.csv",
        "data/nyckeltal.csv",
        "data/observationer.csv",
    ]
    for path in site_files:
        assert not site_files[path].startswith(BOM)


def test_observations_csv_matches_snapshot(site_files, snap, config):
    raw = site_files["data/observationer.csv"]
    assert raw.startswith("nyckeltal,kod,år,kön,värde,status,karantän\n".encode())
    assert b"\r" not in raw and b"e+" not in raw and b"e-0" not in raw
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8")
    obs = snap.observations
    want = obs[obs["kpi"].isin([i.id for i in config.indicators])].reset_index(drop=True)
    assert len(frame) == len(want)
    assert (frame["nyckeltal"] == want["kpi"].astype(str)).all()
    assert (frame["kod"] == want["municipality"].astype(str)).all()
    assert (frame["år"] == want["year"].astype(str)).all()
    assert (frame["kön"] == want["gender"].astype(str)).all()
    values = pd.to_numeric(frame["värde"].replace("", None)).astype("float64")
    assert values.isna().equals(want["value"].isna())
    present = want["value"].notna()
    assert (values[present] == want["value"][present]).all()  # exact, full precision
    assert set(frame["karantän"]) == {""}  # the sample is plausible throughout


def test_units_csv(site_files):
    """enheter.csv names exactly the codes of observationer.csv, once each, by code."""
    raw = site_files["data/enheter.csv"]
    assert raw.startswith(b"kod,namn,typ\n") and b"\r" not in raw
    units = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8")
    obs = pd.read_csv(io.BytesIO(site_files["data/observationer.csv"]), dtype=str, usecols=["kod"])
    assert list(units["kod"]) == sorted(set(obs["kod"]))
    names = dict(zip(units["kod"], units["namn"], strict=True))
    kinds = dict(zip(units["kod"], units["typ"], strict=True))
    assert (names["0000"], kinds["0000"]) == ("Riket", "riket")
    assert (names["1461"], kinds["1461"]) == ("Mellerud", "kommun")
    assert (names["0014"], kinds["0014"]) == ("Västra Götalands län", "län")
    assert {kinds[c] for c in kinds if c.startswith("G")} == {"grupp"}
    assert set(kinds.values()) <= set(downloads.UNIT_KINDS) and all(names.values())
    assert sum(k == "kommun" for k in kinds.values()) == 290


def test_indicators_and_kommuner_csv(site_files, config, reference):
    rows = list(csv.DictReader(io.StringIO(site_files["data/nyckeltal.csv"].decode("utf-8"))))
    assert [r["id"] for r in rows] == [i.id for i in config.indicators]
    first = config.indicators[0]
    assert rows[0]["titel"] == first.title and rows[0]["beskrivning"] == first.description
    yesno = next(r for r in rows if r["enhet"] == "ja/nej")
    assert "=Ja" in yesno["skala"] and "=Nej" in yesno["skala"]
    kommuner = list(csv.DictReader(io.StringIO(site_files["data/kommuner.csv"].decode("utf-8"))))
    assert len(kommuner) == len(reference.kommuner) == 290
    mel = next(k for k in kommuner if k["kod"] == "1461")
    assert mel["slug"] == "mellerud" and mel["län_namn"] == "Västra Götalands län"
    assert (mel["län_kod"], mel["län_kolada_kod"]) == ("14", "0014")


def test_datapackage(site_files):
    pkg = json.loads(site_files["data/datapackage.json"])
    assert pkg["profile"] == "tabular-data-package"
    assert pkg["licenses"] == [{"title": META.licence_name, "path": META.licence_url}]
    assert pkg["sources"] == [{"title": "Kolada", "path": META.source_url}]
    assert pkg["exempeldata"] is True
    assert "byggd" in pkg  # one file: the build date may stay here
    names = [r["name"] for r in pkg["resources"]]
    assert names == ["observationer", "enheter", "nyckeltal", "kommuner"]
    tables = {}
    for res in pkg["resources"]:
        data = site_files["data/" + res["path"]]
        assert res["bytes"] == len(data)
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        header = data.decode("utf-8").split("\n", 1)[0].split(",")
        assert [f["name"] for f in res["schema"]["fields"]] == header
        assert set(res["schema"]["primaryKey"]) <= set(header)
        tables[res["name"]] = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    keys = pkg["resources"][0]["schema"]["foreignKeys"]
    assert [(k["fields"], k["reference"]["resource"]) for k in keys] == [
        ("kod", "enheter"),
        ("nyckeltal", "nyckeltal"),
    ]
    for res in pkg["resources"]:
        for key in res["schema"].get("foreignKeys", []):
            ref = key["reference"]
            target = tables[ref["resource"]][ref["fields"]]
            assert target.is_unique  # a key, and every value finds its row
            assert set(tables[res["name"]][key["fields"]]) <= set(target)


def test_readme(site_files, snap, config, reference):
    text = site_files["data/LASMIG.txt"].decode("utf-8")
    assert "EXEMPELDATA" in text
    for needle in (
        "Källa: Kolada",
        META.licence_name,
        META.licence_url,
        "egna",
        "observationer.csv",
        "enheter.csv",
        "Filerna skapades 2026-03-02",
    ):
        assert needle in text
    columns = text.split("Kolumner i observationer.csv:", 1)[1].split("\n\n", 1)[0]
    assert [
        line.split()[0]
        for line in columns.splitlines()
        if line.startswith("  ") and not line.startswith("   ")
    ] == list(downloads.OBSERVATIONS_COLUMNS)
    real = downloads.readme(config, reference, replace(META, is_sample=False))
    assert "EXEMPELDATA" not in real and "hämtades från Kolada 2026-03-01" in real


def test_site_data_files_are_deterministic(site_files, snap, config, reference):
    assert downloads.site_data_files(snap, config, reference, META) == site_files


def test_hostile_names_in_observations(config, reference):
    kpi = config.indicators[0].id
    snap = Snapshot(
        manifest={"source": "sample"},
        kpis={},
        municipalities=({"id": "0000", "title": "Riket", "type": "L"},),
        groups=({"id": "G1", "title": HOSTILE, "members": []},),
        observations=observations_frame(
            [
                Observation(kpi, "G1", 2024, "T", 1e-05, 'status; "x"\nrad'),
                Observation(kpi, "G1", 2024, "K", None, ""),
                Observation(kpi, "0000", 2024, "T", -2.5, ""),
            ]
        ),
    )
    raw = downloads.observations_csv(snap, config, reference)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert rows == [
        list(downloads.OBSERVATIONS_COLUMNS),
        [kpi, "0000", "2024", "T", "-2.5", "", "ja"],  # a negative percentage
        [kpi, "G1", "2024", "T", "0.00001", 'status; "x"\nrad', ""],
        [kpi, "G1", "2024", "K", "", "", ""],
    ]
    units = downloads.units_csv(snap, config, reference)
    assert list(csv.reader(io.StringIO(units.decode("utf-8"), newline=""))) == [
        ["kod", "namn", "typ"],
        ["0000", "Riket", "riket"],
        ["G1", HOSTILE, "grupp"],
    ]


@pytest.mark.parametrize(
    ("kpi", "code", "value", "flag"),
    [
        ("U21468", "1461", 101.0, "ja"),  # a share over 100
        ("U21468", "1461", 100.0, ""),
        ("U21468", "1461", None, ""),  # missing is never quarantined
        ("U23401", "1461", 7.0, "ja"),  # yes/no: not a code
        ("U23401", "1461", 0.5, "ja"),  # a single kommun answers 0 or 1
        ("U23401", "0000", 0.5, ""),  # Riket averages the answers
        ("NOT_CONFIGURED", "1461", 1e9, None),  # not in the file at all
    ],
)
def test_observations_csv_flags_quarantined_values(
    minimal_config, reference, kpi, code, value, flag
):
    """Every value stays in observationer.csv as the source served it; the implausible
    ones say so in the column karantän."""
    snap = Snapshot(
        manifest={"source": "csv"},
        kpis={},
        municipalities=(),
        groups=(),
        observations=observations_frame([Observation(kpi, code, 2024, "T", value, "")]),
    )
    raw = downloads.observations_csv(snap, minimal_config, reference).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert [r["karantän"] for r in rows] == ([] if flag is None else [flag])
    if flag == "ja":
        assert rows[0]["värde"] == f"{value:g}"


def test_units_csv_unnamed_unit(config, reference, caplog):
    """A code with no name anywhere still gets its row, with empty name and kind."""
    kpi = config.indicators[0].id
    snap = Snapshot(
        manifest={"source": "sample"},
        kpis={},
        municipalities=(),
        groups=(),
        observations=observations_frame(
            [
                Observation(kpi, "G7", 2024, "T", 1.0, ""),
                Observation(kpi, "1461", 2024, "T", 2.0, ""),
                Observation("NOT_CONFIGURED", "G8", 2024, "T", 3.0, ""),
            ]
        ),
    )
    raw = downloads.units_csv(snap, config, reference)
    assert raw.decode("utf-8") == "kod,namn,typ\n1461,Mellerud,kommun\nG7,,\n"
    assert "1 units without a name" in caplog.text


def test_site_data_index(site_files):
    extra = {**site_files, "data/zz.bin": b"123"}
    index = downloads.site_data_index(extra)
    assert [e["path"] for e in index] == [
        "data/observationer.csv",
        "data/enheter.csv",
        "data/nyckeltal.csv",
        "data/kommuner.csv",
        "data/datapackage.json",
        "data/LASMIG.txt",
        "data/zz.bin",
    ]
    first = index[0]
    assert first["name"] == "observationer.csv" and first["format"] == "CSV"
    assert first["size"] == len(site_files["data/observationer.csv"])
    assert first["size_text"].endswith("\u00a0MB")
    assert [e["format"] for e in index[4:]] == ["JSON", "Text", "BIN"]
    assert index[1]["title"] == downloads.FILE_TITLES["data/enheter.csv"]
    assert index[-1]["title"] == "zz.bin" and index[-1]["size_text"] == "3\u00a0byte"
    assert all(e["title"] for e in index)


def _tiny_data(minimal_config, reference, rows):
    """analysis.Data over a few observations, with the minimal config's two indicators."""
    snap = Snapshot(
        manifest={"source": "sample"},
        kpis={},
        municipalities=(),
        groups=({"id": "G900001", "title": "Liknande kommuner äldreomsorg, Mellerud, 2024"},),
        observations=observations_frame([Observation(*r) for r in rows]),
    )
    return analysis.prepare(snap, minimal_config, reference)


def test_years_and_genders_from_tiny_snapshot(minimal_config, reference):
    """Kvinnor/män count only for by_gender indicators; a year Riket alone has is a row."""
    data = _tiny_data(
        minimal_config,
        reference,
        [
            ("U21468", "1461", 2020, "T", 70.0),
            ("U21468", "1461", 2019, "K", 60.0),  # by_gender: 2019 is a year
            ("U21468", "0000", 2021, "T", 75.5),  # only Riket in 2021: still a row
            ("U21468", "G900001", 2020, "M", 66.25),
            ("U23401", "1461", 2022, "T", 1.0),
            ("U23401", "1461", 2018, "K", 1.0),  # not by_gender: 2018 is no year
            ("U23401", "0014", 2022, "T", 0.4),
        ],
    )
    assert downloads.indicator_years(data, minimal_config.indicators) == {
        "U21468": (2019, 2020, 2021),
        "U23401": (2022,),
    }
    area = minimal_config.areas[0]
    files = downloads.area_files(data, reference.kommun("1461"), area, META)
    rows = _parse_area_csv(files["mellerud/aldreomsorg/data.csv"])
    got = [
        tuple(
            r[c]
            for c in (
                "Nyckeltal-id",
                "År",
                "Kön",
                "Värde",
                "Svar",
                "Riket",
                "Län",
                "Liknande kommuner",
            )
        )
        for r in rows
    ]
    assert got == [
        ("U21468", "2019", "Totalt", "", "", "", "", ""),
        ("U21468", "2019", "Kvinnor", "60", "", "", "", ""),
        ("U21468", "2019", "Män", "", "", "", "", ""),
        ("U21468", "2020", "Totalt", "70", "", "", "", ""),
        ("U21468", "2020", "Kvinnor", "", "", "", "", ""),
        ("U21468", "2020", "Män", "", "", "", "", "66,25"),
        ("U21468", "2021", "Totalt", "", "", "75,5", "", ""),
        ("U21468", "2021", "Kvinnor", "", "", "", "", ""),
        ("U21468", "2021", "Män", "", "", "", "", ""),
        ("U23401", "2022", "Totalt", "1", "Ja", "", "0,4", ""),
    ]
    doc = json.loads(files["mellerud/aldreomsorg/data.json"])
    assert doc["nyckeltal"][1]["värden"] == [
        {
            "år": 2022,
            "kön": "Totalt",
            "värde": 1,
            "svar": "Ja",
            "riket": None,
            "län": 0.4,
            "liknande": None,
        }
    ]


# ------------------------------------------------ formulas in the CSVs (issue 14)

#: Text a spreadsheet would run as a formula, and what every CSV of the site writes instead
#: (OWASP's CSV injection advice: a leading ' makes it text; C0 controls but tab and
#: newline are dropped).
FORMULAS = [
    pytest.param('=HYPERLINK("http://x","a")', '\'=HYPERLINK("http://x","a")', id="equals"),
    pytest.param("+1+1", "'+1+1", id="plus"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("@SUM(A1:A2)", "'@SUM(A1:A2)", id="at"),
    pytest.param("\t=1+1", "'\t=1+1", id="tab"),
    pytest.param("\r=1+1", "'=1+1", id="carriage-return"),  # a bare CR breaks rows
    pytest.param("\x00=1+1", "'=1+1", id="nul-then-formula"),
    pytest.param("a\x00b\x07c\x1bd", "abcd", id="nul-and-controls"),
    pytest.param("Äldreomsorg – 2 %", "Äldreomsorg – 2 %", id="plain"),
]


def _rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def _hostile_inputs(config, reference, hostile: str):
    """A config, snapshot and reference whose free text is ``hostile`` wherever it can be."""
    area = config.areas[0]
    ind = replace(area.indicators[0], title=hostile)
    bad_area = replace(area, title=hostile, indicators=(ind, *area.indicators[1:]))
    bad_config = replace(config, areas=(bad_area, *config.areas[1:]))
    snap = Snapshot(
        manifest={"source": "sample"},
        kpis={ind.id: {"title": hostile}},
        municipalities=({"id": "0000", "title": "Riket", "type": "L"},),
        groups=({"id": "G1", "title": hostile, "members": []},),
        observations=observations_frame(
            [
                Observation(ind.id, "G1", 2024, "T", -3.2, hostile),
                Observation(ind.id, "0000", 2024, "T", -0.5, ""),
            ]
        ),
    )
    first = reference.kommuner[0]
    bad_reference = replace(
        reference, kommuner=(replace(first, name=hostile), *reference.kommuner[1:])
    )
    return bad_config, ind, snap, bad_reference


@pytest.mark.parametrize(("hostile", "safe"), FORMULAS)
def test_formulas_are_text_in_the_data_csvs(config, reference, hostile, safe):
    bad_config, ind, snap, bad_reference = _hostile_inputs(config, reference, hostile)
    files = downloads.site_data_files(snap, bad_config, bad_reference, META)
    (row,) = [r for r in _rows(files["data/nyckeltal.csv"]) if r["id"] == ind.id]
    assert (row["titel"], row["område_titel"], row["kolada_titel"]) == (safe, safe, safe)
    obs = _rows(files["data/observationer.csv"])
    assert [(r["kod"], r["värde"], r["status"]) for r in obs] == [
        ("0000", "-0.5", ""),
        ("G1", "-3.2", safe),  # negative values stay numbers
    ]
    units = {r["kod"]: r["namn"] for r in _rows(files["data/enheter.csv"])}
    assert units["G1"] == safe
    kommuner = _rows(files["data/kommuner.csv"])
    assert kommuner[0]["namn"] == safe and kommuner[1]["namn"] == reference.kommuner[1].name


@pytest.mark.parametrize(("hostile", "safe"), FORMULAS)
def test_formulas_are_text_in_the_kommun_csv(data, config, mellerud, hostile, safe):
    area = next(a for a in config.areas if any(i.by_gender for i in a.indicators))
    first = replace(area.indicators[0], title=hostile)
    bad_area = replace(area, indicators=(first, *area.indicators[1:]))
    files = downloads.area_files(data, replace(mellerud, name=hostile), bad_area, META)
    rows = _parse_area_csv(files[f"mellerud/{area.slug}/data.csv"])
    assert {r["Kommun"] for r in rows} == {safe}
    assert {r["Nyckeltal"] for r in rows if r["Nyckeltal-id"] == first.id} == {safe}
    values = [r[c] for r in rows for c in ("Värde", "Riket", "Län", "Liknande kommuner") if r[c]]
    assert values and all(_num(v) is not None for v in values)  # numbers stay numbers
    doc = json.loads(files[f"mellerud/{area.slug}/data.json"])
    assert doc["kommun"]["namn"] == hostile  # JSON is not a spreadsheet: unchanged
