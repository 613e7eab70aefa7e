"""Tests of insyn.data.reference: validation, Swedish sorting, slugs and the real tables."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from insyn.data.reference import (
    RIKET_ID,
    SLUG_RE,
    Kommun,
    Reference,
    ReferenceError,
    parse_reference,
    slugify,
    sv_sort_key,
)

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"

KOMMUN_COLUMNS = "code,name,official_name,genitive,preposition,slug,lan_code,kommungrupp"
LAN_COLUMNS = "code,name,short_name,region_id,slug,group_id"
GRUPP_COLUMNS = "id,title"


def _rows(header: str, *lines: str) -> list[dict[str, str]]:
    """Rows as csv.DictReader would give them for a header and comma-separated lines."""
    return list(csv.DictReader([header, *lines]))


def _valid() -> dict[str, list[dict[str, str]]]:
    """A small, valid set of tables to mutate one cell at a time."""
    return {
        "kommuner": _rows(
            KOMMUN_COLUMNS,
            "1461,Mellerud,Melleruds kommun,Melleruds,i,mellerud,14,G92789",
            "0980,Gotland,Region Gotland,Gotlands,på,gotland,09,G92788",
        ),
        "lan": _rows(
            LAN_COLUMNS,
            "09,Gotlands län,Gotland,0009,gotland,G33619",
            "14,Västra Götalands län,Västra Götaland,0014,vastra-gotaland,G33623",
        ),
        "grupper": _rows(
            GRUPP_COLUMNS,
            "G92788,Mindre stad/tätort",
            "G92789,Pendlingskommun nära mindre tätort",
        ),
    }


def _parse(tables: dict[str, list[dict[str, str]]]) -> Reference:
    return parse_reference(tables["kommuner"], tables["lan"], tables["grupper"])


# --- parse_reference: errors ----------------------------------------------------

# (table, row index, {column: new value, or None to delete the column}, expected fragment)
BAD_CELLS = [
    ("kommuner", 0, {"code": "146"}, "kommuner.csv row 1 (file line 2), column 'code'"),
    ("kommuner", 1, {"code": "09800"}, "'09800' is not a 4-digit kommun code"),
    (
        "kommuner",
        1,
        {"code": "1461", "lan_code": "14"},
        "row 2 (file line 3), column 'code': duplicate value '1461'",
    ),
    (
        "kommuner",
        1,
        {"slug": "mellerud"},
        "column 'slug': duplicate value 'mellerud' (also in row 1)",
    ),
    ("kommuner", 0, {"slug": "mellerüd"}, "column 'slug': 'mellerüd' is not a valid slug"),
    ("kommuner", 0, {"slug": "Mellerud"}, "'Mellerud' is not a valid slug"),
    ("kommuner", 0, {"slug": "mel--lerud"}, "'mel--lerud' is not a valid slug"),
    ("kommuner", 0, {"slug": "mellerud-"}, "'mellerud-' is not a valid slug"),
    ("kommuner", 0, {"lan_code": "13"}, "column 'lan_code': unknown lan_code '13'"),
    ("kommuner", 0, {"lan_code": "09"}, "'09' is not the first two digits of '1461'"),
    ("kommuner", 0, {"kommungrupp": "G1"}, "column 'kommungrupp': unknown kommungrupp 'G1'"),
    ("kommuner", 0, {"preposition": "på "}, "column 'preposition': surrounding whitespace"),
    ("kommuner", 0, {"preposition": "vid"}, "column 'preposition': 'vid' is not one of"),
    ("kommuner", 0, {"preposition": "I"}, "'I' is not one of"),
    ("kommuner", 0, {"name": ""}, "kommuner.csv row 1 (file line 2), column 'name': empty value"),
    ("kommuner", 1, {"official_name": "  "}, "row 2 (file line 3), column 'official_name': empty"),
    ("kommuner", 0, {"genitive": ""}, "column 'genitive': empty value"),
    ("kommuner", 0, {"genitive": None}, "wrong columns: missing ['genitive']"),
    ("lan", 0, {"code": "9"}, "lan.csv row 1 (file line 2), column 'code': '9' is not a 2-digit"),
    (
        "lan",
        1,
        {"code": "09", "region_id": "0009"},
        "lan.csv row 2 (file line 3), column 'code': duplicate value '09'",
    ),
    ("lan", 1, {"region_id": "14"}, "column 'region_id': '14' is not '00' + the län code"),
    ("lan", 1, {"slug": "västra-götaland"}, "lan.csv row 2 (file line 3), column 'slug'"),
    ("lan", 1, {"slug": "gotland"}, "column 'slug': duplicate value 'gotland'"),
    ("lan", 0, {"group_id": "33619"}, "column 'group_id': '33619' is not a Kolada group id"),
    ("lan", 0, {"short_name": ""}, "lan.csv row 1 (file line 2), column 'short_name': empty"),
    ("lan", 0, {"name": None}, "lan.csv row 1 (file line 2): wrong columns: missing ['name']"),
    ("grupper", 0, {"id": "92788"}, "kommungrupper.csv row 1 (file line 2), column 'id'"),
    ("grupper", 1, {"id": "G92788"}, "column 'id': duplicate value 'G92788'"),
    ("grupper", 1, {"title": ""}, "kommungrupper.csv row 2 (file line 3), column 'title': empty"),
]


@pytest.mark.parametrize(("table", "index", "changes", "fragment"), BAD_CELLS)
def test_parse_reference_rejects_bad_cell(
    table: str, index: int, changes: dict[str, str | None], fragment: str
) -> None:
    tables = _valid()
    row = tables[table][index]
    for column, value in changes.items():
        if value is None:
            del row[column]
        else:
            row[column] = value
    with pytest.raises(ReferenceError) as excinfo:
        _parse(tables)
    assert fragment in str(excinfo.value)


BAD_SHAPES = [
    ("kommuner", "1461,Mellerud,Melleruds kommun,Melleruds,i,mellerud,14", "missing value"),
    ("kommuner", "1461,Mellerud,Melleruds kommun,Melleruds,i,mellerud,14,G92789,x", "more values"),
    ("lan", "14,Västra Götalands län,Västra Götaland,0014,vastra-gotaland", "column 'group_id'"),
]


@pytest.mark.parametrize(("table", "line", "fragment"), BAD_SHAPES)
def test_parse_reference_rejects_ragged_rows(table: str, line: str, fragment: str) -> None:
    tables = _valid()
    header = KOMMUN_COLUMNS if table == "kommuner" else LAN_COLUMNS
    tables[table] = _rows(header, line)
    with pytest.raises(ReferenceError, match="row 1 \\(file line 2\\)") as excinfo:
        _parse(tables)
    assert fragment in str(excinfo.value)


def test_parse_reference_rejects_extra_column() -> None:
    tables = _valid()
    tables["grupper"][0]["title_en"] = "Smaller town"
    with pytest.raises(
        ReferenceError, match=r"kommungrupper\.csv row 1.*unexpected \['title_en'\]"
    ):
        _parse(tables)


@pytest.mark.parametrize("table", ["kommuner", "lan", "grupper"])
def test_parse_reference_rejects_empty_table(table: str) -> None:
    tables = _valid()
    tables[table] = []
    with pytest.raises(ReferenceError, match="has no rows"):
        _parse(tables)


def test_reference_error_is_value_error() -> None:
    assert issubclass(ReferenceError, ValueError)


# --- parse_reference: the Reference it builds -----------------------------------


def test_parse_reference_sorts_and_looks_up() -> None:
    ref = _parse(_valid())
    assert [k.code for k in ref.kommuner] == ["0980", "1461"]
    assert [x.code for x in ref.lan] == ["09", "14"]
    mellerud = ref.kommun("1461")
    assert mellerud == Kommun(
        "1461", "Mellerud", "Melleruds kommun", "Melleruds", "i", "mellerud", "14", "G92789"
    )
    assert mellerud.in_name == "i Mellerud"
    assert ref.kommun("0980").in_name == "på Gotland"
    assert ref.kommun_by_slug("gotland").code == "0980"
    assert ref.lan_of(mellerud).name == "Västra Götalands län"
    assert ref.lan_by_region_id("0014").short_name == "Västra Götaland"
    assert ref.kommuner_in_lan("09") == (ref.kommun("0980"),)


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda r: r.kommun("9999"), "no kommun with code '9999'"),
        (lambda r: r.kommun(RIKET_ID), "no kommun with code '0000'"),
        (lambda r: r.kommun_by_slug("habo"), "no kommun with slug 'habo'"),
        (lambda r: r.lan_by_region_id("14"), "no län with Kolada region id '14'"),
        (lambda r: r.kommuner_in_lan("99"), "no län with code '99'"),
    ],
)
def test_lookups_raise_key_error_naming_the_key(call, fragment: str) -> None:
    with pytest.raises(KeyError) as excinfo:
        call(_parse(_valid()))
    assert fragment in str(excinfo.value)


def test_objects_are_immutable() -> None:
    ref = _parse(_valid())
    with pytest.raises(AttributeError):
        ref.kommun("1461").name = "Dals-Ed"  # type: ignore[misc]


# --- Swedish sorting and slugs --------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Zinkgruvan", "Åre"),
        ("Åre", "Älmhult"),
        ("Älmhult", "Öckerö"),
        ("Åsele", "Älvdalen"),
        ("Ödeshög", "Övertorneå"),  # Ö is one letter; then d < v
        ("Öckerö", "Ödeshög"),
        ("Vaxholm", "Västerås"),  # ä is not a
        ("Varberg", "Vaxholm"),
        ("ale", "Alingsås"),  # case-insensitive
        ("Alvesta", "älvsbyn"),
        ("Eda", "Ekerö"),
        ("Upplands-Bro", "Upplands Väsby"),  # hyphen counts as a space: Bro < Väsby
        ("Söderhamn", "Sölvesborg"),
        ("Sundbyberg", "Sundsvall"),
        ("Eslöv", "Essunga"),
        ("Malmo", "Malmö"),
        ("Émile", "Eskilstuna"),  # é sorts as e
    ],
)
def test_sv_sort_key_orders_swedish(before: str, after: str) -> None:
    assert sv_sort_key(before) < sv_sort_key(after)


def test_sv_sort_key_is_case_insensitive_but_total() -> None:
    assert sv_sort_key("Åre")[0] == sv_sort_key("åRE")[0]
    words = ["Öckerö", "Åre", "Älmhult", "Övertorneå", "Ödeshög", "Arboga", "åre"]
    assert sorted(words, key=sv_sort_key) == sorted(reversed(words), key=sv_sort_key)
    assert sorted(words, key=sv_sort_key)[0] == "Arboga"
    assert sorted(words, key=sv_sort_key)[-3:] == ["Öckerö", "Ödeshög", "Övertorneå"]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Upplands Väsby", "upplands-vasby"),
        ("Upplands-Bro", "upplands-bro"),
        ("Malung-Sälen", "malung-salen"),
        ("Håbo", "habo"),
        ("Örnsköldsvik", "ornskoldsvik"),
        ("Västra Götaland", "vastra-gotaland"),
        ("Dals-Ed", "dals-ed"),
        ("  René & Co. ", "rene-co"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert SLUG_RE.match(slug)


# --- The real tables in data/reference ------------------------------------------


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def real() -> Reference:
    return parse_reference(
        _read("kommuner.csv")[1], _read("lan.csv")[1], _read("kommungrupper.csv")[1]
    )


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("kommuner.csv", KOMMUN_COLUMNS),
        ("lan.csv", LAN_COLUMNS),
        ("kommungrupper.csv", GRUPP_COLUMNS),
    ],
)
def test_real_table_headers_are_exact(name: str, header: str) -> None:
    assert _read(name)[0] == header.split(",")


def test_real_table_sizes(real: Reference) -> None:
    assert len(real.kommuner) == 290
    assert len(real.lan) == 21
    assert len(real.kommungrupper) == 9


def test_real_kommuner_file_is_sorted_by_code() -> None:
    codes = [r["code"] for r in _read("kommuner.csv")[1]]
    assert codes == sorted(codes)


def test_real_codes_and_slugs_are_unique_and_valid(real: Reference) -> None:
    for items in (real.kommuner, real.lan):
        assert len({x.code for x in items}) == len(items)
        assert len({x.slug for x in items}) == len(items)
        for x in items:
            assert SLUG_RE.match(x.slug), x


def test_real_slugs_follow_the_collision_rule(real: Reference) -> None:
    base = Counter(slugify(k.name) for k in real.kommuner)
    for k in real.kommuner:
        plain = slugify(k.name)
        expected = plain if base[plain] == 1 else f"{plain}-{real.lan_of(k).slug}"
        assert k.slug == expected, k
    assert real.kommun("0643").slug == "habo-jonkoping"
    assert real.kommun("0305").slug == "habo-uppsala"


def test_real_lan_slugs_are_slugified_short_names(real: Reference) -> None:
    for lan in real.lan:
        assert lan.slug == slugify(lan.short_name)
        assert lan.name.endswith(" län")


def test_real_genitives_follow_the_ordinary_rule(real: Reference) -> None:
    for k in real.kommuner:
        expected = k.name if k.name[-1] in "sxz" else k.name + "s"
        assert k.genitive == expected, k


STAD = {
    "Borås", "Göteborg", "Haparanda", "Helsingborg", "Landskrona", "Lidingö", "Malmö",
    "Mölndal", "Solna", "Stockholm", "Sundbyberg", "Trollhättan", "Vaxholm", "Västerås",
}  # fmt: skip
PA = {"Ekerö", "Gotland", "Hammarö", "Lidingö", "Orust", "Tjörn", "Värmdö", "Öckerö"}


def test_real_official_names_use_lower_case_kommun_or_stad(real: Reference) -> None:
    assert {k.name for k in real.kommuner if k.official_name.endswith(" stad")} == STAD
    for k in real.kommuner:
        assert k.official_name == "Region Gotland" or k.official_name.endswith(
            (" kommun", " stad")
        ), k
        assert "Stad" not in k.official_name and "Kommun" not in k.official_name


def test_real_prepositions(real: Reference) -> None:
    assert {k.name for k in real.kommuner if k.preposition == "på"} == PA
    assert real.kommun("0885").in_name == "i Borgholm"
    assert real.kommun("0840").in_name == "i Mörbylånga"


@pytest.mark.parametrize(
    ("code", "name", "official_name", "genitive", "preposition", "slug"),
    [
        ("1461", "Mellerud", "Melleruds kommun", "Melleruds", "i", "mellerud"),
        ("0980", "Gotland", "Region Gotland", "Gotlands", "på", "gotland"),
        ("1490", "Borås", "Borås stad", "Borås", "i", "boras"),
        ("0380", "Uppsala", "Uppsala kommun", "Uppsalas", "i", "uppsala"),
        ("2080", "Falun", "Falu kommun", "Faluns", "i", "falun"),
        ("0880", "Kalmar", "Kalmar kommun", "Kalmars", "i", "kalmar"),
        ("1280", "Malmö", "Malmö stad", "Malmös", "i", "malmo"),
        ("0180", "Stockholm", "Stockholms stad", "Stockholms", "i", "stockholm"),
        (
            "0114",
            "Upplands Väsby",
            "Upplands Väsby kommun",
            "Upplands Väsbys",
            "i",
            "upplands-vasby",
        ),
        ("1489", "Alingsås", "Alingsås kommun", "Alingsås", "i", "alingsas"),
        ("1764", "Grums", "Grums kommun", "Grums", "i", "grums"),
        ("2514", "Kalix", "Kalix kommun", "Kalix", "i", "kalix"),
        ("2513", "Överkalix", "Överkalix kommun", "Överkalix", "i", "overkalix"),
        ("1438", "Dals-Ed", "Dals-Eds kommun", "Dals-Eds", "i", "dals-ed"),
        ("0186", "Lidingö", "Lidingö stad", "Lidingös", "på", "lidingo"),
    ],
)
def test_real_spot_checks(
    real: Reference,
    code: str,
    name: str,
    official_name: str,
    genitive: str,
    preposition: str,
    slug: str,
) -> None:
    k = real.kommun(code)
    assert (k.name, k.official_name, k.genitive, k.preposition, k.slug) == (
        name,
        official_name,
        genitive,
        preposition,
        slug,
    )
    assert real.kommun_by_slug(slug) is k


def test_real_lan_spot_checks(real: Reference) -> None:
    vg = real.lan_by_region_id("0014")
    assert (vg.code, vg.name, vg.short_name, vg.slug) == (
        "14",
        "Västra Götalands län",
        "Västra Götaland",
        "vastra-gotaland",
    )
    assert real.lan_of(real.kommun("0180")).group_id == "G33612"
    assert real.lan_of(real.kommun("1461")) is vg


def test_real_kommuner_in_lan_is_swedish_order(real: Reference) -> None:
    names = [k.name for k in real.kommuner_in_lan("25")]
    assert names[0] == "Arjeplog"
    assert names[-3:] == ["Älvsbyn", "Överkalix", "Övertorneå"]
    assert sum(len(real.kommuner_in_lan(x.code)) for x in real.lan) == 290


def test_real_kommungrupper(real: Reference) -> None:
    assert [g.id for g in real.kommungrupper] == [f"G{n}" for n in range(92786, 92795)]
    assert all("ovägt" not in g.title for g in real.kommungrupper)
    used = Counter(k.kommungrupp for k in real.kommuner)
    assert set(used) == {g.id for g in real.kommungrupper}


@pytest.mark.parametrize(("slug", "fails"), [("data", True), ("om", True), ("mellerud", False)])
def test_a_kommun_slug_that_shadows_a_site_section_is_a_reference_error(reference, slug, fails):
    """One line naming the table for the operator, never a bare ValueError's traceback."""
    from dataclasses import replace

    from insyn.data.reference import ReferenceError as RefError
    from insyn.site import model as site_model

    first = replace(reference.kommuner[0], slug=slug)
    changed = replace(reference, kommuner=(first, *reference.kommuner[1:]))
    if fails:
        with pytest.raises(RefError, match="kommuner.csv: kommun slug"):
            site_model.check_slugs(changed)
    else:
        site_model.check_slugs(changed)
