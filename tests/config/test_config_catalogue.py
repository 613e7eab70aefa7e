"""Cross-check the configured areas and indicators against the Kolada v3 KPI catalogue.

The catalogue is the KPI metadata of the embedded default snapshot (data/default/kpis.json,
as Kolada returns it, written by the project's own importer), so every check runs wherever
the project does, on GitHub too. One test compares that metadata with the shared reference
catalogue beside the project when it is there (never copied into the project).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml

from insyn import config as config_module
from insyn.config import PER_UNITS, without_rate

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AREAS_FILE = PROJECT_ROOT / "config.yaml"
SNAPSHOT_KPIS = PROJECT_ROOT / "data" / "default" / "kpis.json"
CONTENT_DIR = PROJECT_ROOT / "content"
SHARED_REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
CATALOGUE_FILE = SHARED_REAL / "rkolada-sysdata" / "kpi_catalog_v3.csv"

AREA_KEYS = {"slug", "title", "short", "intro", "similar_group", "indicators"}
INDICATOR_KEYS = {
    "id",
    "title",
    "phrase",
    "short",
    "description",
    "unit",
    "direction",
    "decimals",
    "by_gender",
}
#: Optional indicator keys: a plausible range, a rate's denominator, the population.
OPTIONAL_INDICATOR_KEYS = {"range", "denominator", "population", "answers", "none", "counted"}
#: Scale labels that deliberately differ from Kolada's coding: Kolada's "inget" answers
#: "in how many boenden", which reads "Inga" in Swedish ("i inga boenden").
LABEL_OVERRIDES = {("U23340", 0): "Inga", ("U25340", 0): "Inga"}
SIMILAR_GROUPS = {"äldreomsorg", "LSS", "IFO", "ekonomiskt bistånd", None}
UNITS = set(config_module.UNITS)
SCALED_UNITS = {"yesno", "ordinal"}
DIRECTIONS = set(config_module.DIRECTIONS)
MIN_INDICATORS, MAX_INDICATORS = 4, 15
#: A headline's short name (``short:``): at most this many words, see docs/config.md.
MAX_SHORT_WORDS = 7

# "(-2023)", "(- 2024)": Kolada marks discontinued KPIs with the last year in the title.
DISCONTINUED = re.compile(r"\(\s*-\s*\d{4}\s*\)")
PAREN_GROUP = re.compile(r"\(([^()]*)\)")
CODE_PART = re.compile(r"^\s*(.+?)\s*=\s*(-?\d+)\s*$")

# What the title must show for a unit (after "10 000" -> "10000").
UNIT_IN_TITLE = {
    "percent": re.compile(r"%"),
    "per_1000": re.compile(r"/\s*1000\b"),
    "per_10000": re.compile(r"/\s*10000\b"),
    "per_100000": re.compile(r"/\s*100000\b"),
    "kronor": re.compile(r"\b(kr|tkr|kronor)\b", re.IGNORECASE),
    "days": re.compile(r"dag", re.IGNORECASE),
}


def _load_areas() -> list[dict]:
    with AREAS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return data["areas"]


AREAS = _load_areas()
INDICATORS = [(area["slug"], ind) for area in AREAS for ind in area.get("indicators") or []]
IND_PARAMS = [pytest.param(slug, ind, id=f"{slug}-{ind.get('id')}") for slug, ind in INDICATORS]
AREA_PARAMS = [pytest.param(area, id=str(area.get("slug"))) for area in AREAS]
#: The same config parsed by insyn itself: the Indicator objects the generator reads.
CONFIG = config_module.parse_config(yaml.safe_load(AREAS_FILE.read_text(encoding="utf-8")))
SHORT_PARAMS = [pytest.param(ind, id=f"{ind.area}-{ind.id}") for ind in CONFIG.indicators]
PARSED_AREA_PARAMS = [pytest.param(area, id=area.slug) for area in CONFIG.areas]


#: the fields compared, as the catalogue CSV spells them (booleans "True"/"False")
CATALOGUE_FIELDS = ("title", "description", "municipality_type", "is_divided_by_gender")


def _as_catalogue(row: dict) -> dict[str, str]:
    return {f: str(row[f]) for f in CATALOGUE_FIELDS}


@pytest.fixture(scope="module")
def catalogue() -> dict[str, dict]:
    """The KPI metadata of the embedded snapshot, keyed by id."""
    rows = json.loads(SNAPSHOT_KPIS.read_text(encoding="utf-8"))
    return {row["id"]: _as_catalogue(row) for row in rows}


def test_snapshot_metadata_is_kolada_s_catalogue(catalogue):
    """The snapshot's KPI metadata is what the shared Kolada catalogue says (only where
    the shared folder is beside the project; every other check runs everywhere)."""
    if not CATALOGUE_FILE.is_file():
        pytest.skip(f"shared Kolada catalogue not found at {CATALOGUE_FILE}")
    with CATALOGUE_FILE.open(encoding="utf-8", newline="") as fh:
        shared = {row["id"]: _as_catalogue(row) for row in csv.DictReader(fh)}
    assert {k: v for k, v in catalogue.items()} == {k: shared[k] for k in catalogue}


def parse_coding(title: str) -> dict[int, str] | None:
    """Return {code: label} from a coding such as "(Ja=1, Nej=0)" in a Kolada title, else None."""
    for group in PAREN_GROUP.findall(title):
        parts = [p for p in group.split(",") if p.strip()]
        matches = [CODE_PART.match(p) for p in parts]
        if len(parts) >= 2 and all(matches):
            return {int(m.group(2)): m.group(1) for m in matches}
    return None


def norm_label(label: str) -> str:
    return " ".join(label.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


def compact_numbers(title: str) -> str:
    title = title.replace("\u00a0", " ")
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", title)


# --- the parser itself -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Personligt ombud (PO) till personer, (Ja=1, Nej=0)", {1: "Ja", 0: "Nej"}),
        ("Uppsökande verksamhet för akut hemlösa, (Ja=1, Nej=2)", {1: "Ja", 2: "Nej"}),
        ("Brukarbedömning, färre än 30 svarande ( Ja=1, Nej=0)", {1: "Ja", 0: "Nej"}),
        (
            "Tid (nybesök), (Inom 3 dagar=3, 4-7 dagar=2, 8-14 dagar=1, mer än 15 dagar=0).",
            {3: "Inom 3 dagar", 2: "4-7 dagar", 1: "8-14 dagar", 0: "mer än 15 dagar"},
        ),
        ("Brukare som är nöjda, andel (%)", None),
    ],
)
def test_parse_coding(title, expected):
    assert parse_coding(title) == expected


# --- structure (no catalogue needed) -----------------------------------------------------------


@pytest.mark.parametrize("area", AREA_PARAMS)
def test_area_shape(area):
    assert set(area) == AREA_KEYS, f"keys: {sorted(set(area) ^ AREA_KEYS)}"
    assert re.fullmatch(r"[a-z0-9-]+", area["slug"])
    assert isinstance(area["title"], str) and area["title"].strip()
    assert area["similar_group"] in SIMILAR_GROUPS
    assert area["intro"] == f"omraden/{area['slug']}.md"
    n = len(area["indicators"] or [])
    assert MIN_INDICATORS <= n <= MAX_INDICATORS, f"{area['slug']} has {n} indicators"


@pytest.mark.parametrize("area", AREA_PARAMS)
def test_area_intro_exists(area):
    path = CONTENT_DIR / area["intro"]
    assert path.is_file(), f"missing intro {path}"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# {area['title']}"


def test_slugs_unique():
    slugs = [a["slug"] for a in AREAS]
    assert len(slugs) == len(set(slugs))


def test_no_indicator_in_two_areas():
    where: dict[str, list[str]] = {}
    for slug, ind in INDICATORS:
        where.setdefault(ind["id"], []).append(slug)
    dupes = {kpi: slugs for kpi, slugs in where.items() if len(slugs) > 1}
    assert not dupes, f"indicators in more than one area: {dupes}"


@pytest.mark.parametrize(("slug", "ind"), IND_PARAMS)
def test_indicator_shape(slug, ind):
    unit = ind.get("unit")
    expected = INDICATOR_KEYS | ({"scale"} if unit in SCALED_UNITS else set())
    keys = set(ind) - OPTIONAL_INDICATOR_KEYS
    assert keys == expected, f"keys differ: {sorted(keys ^ expected)}"
    if "answers" in ind:  # what each answer says: one clause for every code of the scale
        assert unit in SCALED_UNITS and set(ind["answers"]) == set(ind["scale"])
    assert re.fullmatch(r"[NU]\d{5}", ind["id"])
    assert unit in UNITS
    assert ind["direction"] in DIRECTIONS
    assert isinstance(ind["decimals"], int) and 0 <= ind["decimals"] <= 3
    assert isinstance(ind["by_gender"], bool)
    for key in ("title", "description"):
        assert isinstance(ind[key], str) and ind[key].strip(), key
    assert not re.search(r"%|\bkr\b|/\s*\d", ind["title"]), "the title must not carry a unit"
    if unit in SCALED_UNITS:
        scale = ind["scale"]
        assert isinstance(scale, dict) and len(scale) >= 2
        assert all(isinstance(k, int) and isinstance(v, str) and v for k, v in scale.items())


# --- headline short names (short:) -------------------------------------------------------------


@pytest.mark.parametrize("ind", SHORT_PARAMS)
def test_short_name(ind):
    short = ind.short_name
    assert short is not None, "every indicator needs a short: for headlines"
    assert short == short.strip() and "  " not in short
    # a rate's denominator ("per 10 000 vuxna invånare") is not counted: it must be said
    core = without_rate(short)
    assert len(core.split()) <= MAX_SHORT_WORDS, f"{len(core.split())} words: {short!r}"
    assert short[0].islower(), f"must start lower case: {short!r}"
    assert not re.search(r"[.,;:!?…]$", short), f"final punctuation: {short!r}"
    # a rate's short adds its denominator ("per 100 000 invånare"), which its phrase
    # leaves to the value ("11,5 per 100 000 invånare"): a headline has no value to
    # carry it (an editor's finding)
    assert len(core) < len(ind.phrase), f"not shorter than the phrase: {short!r}"
    if ind.unit in PER_UNITS:
        per = {"per_1000": "1\u00a0000", "per_10000": "10\u00a0000", "per_100000": "100\u00a0000"}
        assert f" per {per[ind.unit]} " in short, f"a rate's short names its denominator: {short!r}"
    if ind.unit in SCALED_UNITS:
        assert short.startswith("om "), (
            f"a yes/no or ordinal short is a question with 'om': {short!r}"
        )
    else:
        assert not short.startswith("om "), f"a measured value's short is a noun phrase: {short!r}"


@pytest.mark.parametrize("area", PARSED_AREA_PARAMS)
def test_short_names_unique_in_area(area):
    seen: dict[str, str] = {}
    for ind in area.indicators:
        key = (ind.short_name or "").casefold()
        assert key not in seen, f"{ind.id} and {seen[key]} share the short {ind.short_name!r}"
        seen[key] = ind.id


# --- against the Kolada catalogue --------------------------------------------------------------


@pytest.mark.parametrize(("slug", "ind"), IND_PARAMS)
def test_indicator_in_catalogue(slug, ind, catalogue):
    kpi = catalogue.get(ind["id"])
    assert kpi is not None, f"{ind['id']} is not in the Kolada catalogue"
    title = kpi["title"]
    assert kpi["municipality_type"] == "K", f"municipality_type is {kpi['municipality_type']}"
    assert not DISCONTINUED.search(title), f"discontinued: {title}"
    assert ind["by_gender"] == (kpi["is_divided_by_gender"] == "True")
    assert " ".join(ind["title"].split()) != " ".join(title.split()), "title copied from Kolada"
    assert ind["description"].strip() != kpi["description"].strip(), "description copied"


@pytest.mark.parametrize(("slug", "ind"), IND_PARAMS)
def test_unit_matches_title(slug, ind, catalogue):
    kpi = catalogue.get(ind["id"])
    assert kpi is not None
    pattern = UNIT_IN_TITLE.get(ind["unit"])
    if pattern is not None:
        assert pattern.search(compact_numbers(kpi["title"])), (
            f"unit {ind['unit']} not visible in Kolada title: {kpi['title']}"
        )


@pytest.mark.parametrize(("slug", "ind"), IND_PARAMS)
def test_scale_matches_coding(slug, ind, catalogue):
    kpi = catalogue.get(ind["id"])
    assert kpi is not None
    coding = parse_coding(kpi["title"])
    if ind["unit"] not in SCALED_UNITS:
        assert coding is None, f"title has a coding {coding} but unit is {ind['unit']}"
        return
    assert coding is not None, f"no coding in Kolada title: {kpi['title']}"
    scale = ind["scale"]
    assert set(scale) == set(coding), f"codes {sorted(scale)} != {sorted(coding)}"
    for code, label in coding.items():
        if (ind["id"], code) in LABEL_OVERRIDES:
            assert scale[code] == LABEL_OVERRIDES[(ind["id"], code)]
            continue
        assert norm_label(scale[code]) == norm_label(label), f"{code}: {scale[code]!r} != {label!r}"
    if ind["unit"] == "yesno":
        assert {norm_label(v) for v in coding.values()} == {"ja", "nej"}
