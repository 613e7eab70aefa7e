"""Swedish text helpers against SPRAK.md, one table per function."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from insyn.analyse import precision
from insyn.write import sv

N = "\u00a0"  # NBSP
M = "\u2212"  # minus sign
SIGNED_ZERO = re.compile(rf"(^|\s)[-+{M}]0(,0*)?(\s|$)")  # "−0", "+0,0", "-0"


# --- format_number / format_year / format_table_value -----------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (2.4, 1, "2,4"),  # decimal comma
        (12345, 0, f"12{N}345"),  # NBSP thousands
        (1234567, 0, f"1{N}234{N}567"),
        (1234567.891, 2, f"1{N}234{N}567,89"),
        (999, 0, "999"),
        (1000, 0, f"1{N}000"),
        (-3.2, 1, f"{M}3,2"),  # U+2212
        (-12345.6, 1, f"{M}12{N}345,6"),
        (-0.4, 0, "0"),  # never −0
        (-0.04, 1, "0,0"),
        (0.0, 2, "0,00"),
        (12.5, 0, "13"),  # half away from zero, not Python's half-even
        (13.5, 0, "14"),
        (-12.5, 0, f"{M}13"),
        (9.95, 1, "10,0"),  # the decimal text, not the binary float 9.9499…
        (0.05, 1, "0,1"),
        (0.15, 1, "0,2"),
        (2.675, 2, "2,68"),
        (12.34, 0, "12"),
    ],
)
def test_format_number(value, decimals, expected):
    assert sv.format_number(value, decimals) == expected


@pytest.mark.parametrize("bad", [math.nan, None, math.inf, -math.inf])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises(ValueError):
        sv.format_number(bad)


@pytest.mark.parametrize(
    ("year", "expected"), [(2022, "2022"), (1999, "1999"), (10000, "10000"), ("2019", "2019")]
)
def test_format_year_never_grouped(year, expected):
    assert sv.format_year(year) == expected


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "scale", "expected"),
    [
        (78, "percent", 0, None, f"78{N}%"),
        (78.25, "percent", 1, None, f"78,3{N}%"),
        (12.34, "per_10000", 1, None, "12,3"),
        (1234, "kronor", 0, None, f"1{N}234{N}kr"),
        (None, "percent", 0, None, "–"),
        (math.nan, "count", 0, None, "–"),
        (1.0, "yesno", 0, {0: "Nej", 1: "Ja"}, "Ja"),
        (0.5, "yesno", 0, {0: "Nej", 1: "Ja"}, "0,50"),
        (-2.0, "index", 1, None, f"{M}2,0"),
    ],
)
def test_format_table_value(value, unit, decimals, scale, expected):
    assert sv.format_table_value(value, unit, decimals, scale) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.5, 1, "+2,5"),
        (-2.5, 1, f"{M}2,5"),
        (0, 0, "0"),
        (0.0, 1, "0,0"),
        (-0.04, 1, "0,0"),  # rounds to zero: no sign at all
        (0.04, 1, "0,0"),
        (1234.5, 0, f"+1{N}235"),
        (-1234, 0, f"{M}1{N}234"),
    ],
)
def test_signed_number(value, decimals, expected):
    assert sv.signed_number(value, decimals) == expected


# --- number words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "gender", "expected"),
    [
        (0, "utrum", "noll"),
        (1, "utrum", "en"),
        (1, "neutrum", "ett"),
        (2, "utrum", "två"),
        (2, "neutrum", "två"),
        (3, "utrum", "tre"),
        (4, "utrum", "fyra"),
        (5, "utrum", "fem"),
        (6, "utrum", "sex"),
        (7, "utrum", "sju"),
        (8, "utrum", "åtta"),
        (9, "utrum", "nio"),
        (10, "utrum", "tio"),
        (11, "utrum", "elva"),
        (12, "neutrum", "tolv"),
        (13, "utrum", "13"),
        (290, "utrum", "290"),
        (1234, "neutrum", f"1{N}234"),
        (-1, "utrum", f"{M}1"),
    ],
)
def test_number_word(n, gender, expected):
    assert sv.number_word(n, gender) == expected


@pytest.mark.parametrize(
    ("n", "singular", "plural", "gender", "words", "expected"),
    [
        (1, "kommun", "kommuner", "utrum", True, "en kommun"),
        (3, "kommun", "kommuner", "utrum", True, "tre kommuner"),
        (1, "år", "år", "neutrum", True, "ett år"),
        (2, "år", "år", "neutrum", True, "två år"),
        (12, "nyckeltal", "nyckeltal", "neutrum", True, "tolv nyckeltal"),
        (13, "kommun", "kommuner", "utrum", True, "13 kommuner"),
        (1234, "kommun", "kommuner", "utrum", True, f"1{N}234 kommuner"),
        (0, "kommun", "kommuner", "utrum", True, "noll kommuner"),
        (3, "kommun", "kommuner", "utrum", False, "3 kommuner"),
        (1, "kommun", "kommuner", "utrum", False, "1 kommun"),
        (1, "år", "år", "neutrum", False, "1 år"),
    ],
)
def test_count_phrase(n, singular, plural, gender, words, expected):
    assert sv.count_phrase(n, singular, plural, gender, words) == expected


@pytest.mark.parametrize(
    ("n", "one", "many", "noun", "expected"),
    [
        (0, "en vräkning", "vräkningar", True, "inga vräkningar"),
        (1, "en vräkning", "vräkningar", True, "en vräkning"),
        (3, "en vräkning", "vräkningar", True, "tre vräkningar"),
        (13, "en vräkning", "vräkningar", True, "13 vräkningar"),
        (0, "ett barn", "barn", True, "inga barn"),
        (1, "ett barn", "barn", True, "ett barn"),
        (6, "ett barn", "barn", True, "sex barn"),
        # a second count of the same: "… och en året innan"
        (1, "en vräkning", "vräkningar", False, "en"),
        (0, "ett barn", "barn", False, "inget"),
        (2, "ett barn", "barn", False, "två"),
    ],
)
def test_counted_text(n, one, many, noun, expected):
    assert sv.counted_text(n, one, many, noun) == expected


@pytest.mark.parametrize(
    ("k", "n", "singular", "plural", "gender", "expected"),
    [
        (1, 3, "kommun", "kommuner", "utrum", "en av tre kommuner"),
        (1, 4, "nyckeltal", "nyckeltal", "neutrum", "ett av fyra nyckeltal"),
        (3, 4, "nyckeltal", "nyckeltal", "neutrum", "tre av fyra nyckeltal"),
        (9, 10, "kommun", "kommuner", "utrum", "nio av tio kommuner"),
        (12, 12, "kommun", "kommuner", "utrum", "tolv av tolv kommuner"),
        (120, 290, "kommun", "kommuner", "utrum", "120 av 290 kommuner"),
        (3, 290, "kommun", "kommuner", "utrum", "3 av 290 kommuner"),  # not mixed
        (1, 13, "nyckeltal", "nyckeltal", "neutrum", "1 av 13 nyckeltal"),
        (0, 4, "nyckeltal", "nyckeltal", "neutrum", "inget av fyra nyckeltal"),
        (0, 290, "kommun", "kommuner", "utrum", "ingen av 290 kommuner"),
        (1, 1, "kommun", "kommuner", "utrum", "en av en kommun"),
    ],
)
def test_share_phrase(k, n, singular, plural, gender, expected):
    assert sv.share_phrase(k, n, singular, plural, gender) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "första"),
        (2, "andra"),
        (3, "tredje"),
        (4, "fjärde"),
        (5, "femte"),
        (6, "sjätte"),
        (7, "sjunde"),
        (8, "åttonde"),
        (9, "nionde"),
        (10, "tionde"),
        (11, "elfte"),
        (12, "tolfte"),
        (13, "13:e"),
        (20, "20:e"),
        (21, "21:a"),
        (22, "22:a"),
        (23, "23:e"),
        (31, "31:a"),
        (101, "101:a"),
        (102, "102:a"),
        (111, "111:e"),
        (112, "112:e"),
        (121, "121:a"),
        (1001, f"1{N}001:a"),
    ],
)
def test_ordinal_word(n, expected):
    assert sv.ordinal_word(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (2, "andra året i rad"),
        (3, "tredje året i rad"),
        (12, "tolfte året i rad"),
        (13, "13:e året i rad"),
        (21, "21:a året i rad"),
    ],
)
def test_in_a_row(n, expected):
    assert sv.in_a_row(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (10, "ett tiotal"),
        (14, "ett tiotal"),
        (15, "ett tjugotal"),
        (41, "ett fyrtiotal"),
        (45, "ett femtiotal"),
        (47, "ett femtiotal"),
        (55, "ett sextiotal"),
        (60, "ett sextiotal"),
    ],
)
def test_about_count(n, expected):
    assert sv.about_count(n) == expected


@pytest.mark.parametrize("n", [3, 95, 150])
def test_about_count_has_no_word_outside_its_range(n):
    with pytest.raises(ValueError, match="no word"):
        sv.about_count(n)


@pytest.mark.parametrize(
    ("rank", "n", "expected"),
    [
        (12, 290, "plats 12 av 290"),
        (1, 290, "plats 1 av 290"),
        (3, 5, "plats 3 av 5"),  # always digits
        (1200, 1500, f"plats 1{N}200 av 1{N}500"),
    ],
)
def test_rank_text(rank, n, expected):
    assert sv.rank_text(rank, n) == expected


# --- percentages --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (50.0, 0),
        (10.0, 0),
        (9.94, 1),
        (9.95, 0),  # rounds to 10,0 → whole percent
        (9.96, 0),
        (8.5, 1),
        (0.4, 1),
        (0.04, 1),
        (0.0, 0),  # exactly zero reads "0 procent"
        (-5.0, 1),
        (-12.0, 0),
        (100.0, 0),
    ],
)
def test_text_decimals(value, expected):
    assert precision.text_decimals(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (49.7, 0, "knappt"),
        (50.3, 0, "drygt"),
        (50.1, 0, ""),
        (49.9, 0, ""),
        (50.0, 0, ""),
        (50.25, 0, "drygt"),  # exactly a quarter step counts
        (49.75, 0, "knappt"),
        (50.24, 0, ""),
        (49.76, 0, ""),
        (8.525, 1, "drygt"),  # quarter of 0,1 without float noise
        (8.475, 1, "knappt"),
        (8.52, 1, ""),
        (-49.7, 0, "knappt"),  # about the magnitude
        (-50.3, 0, "drygt"),
        (0.3, 0, ""),  # shown as 0: no "drygt 0"
        (1234.4, 0, "drygt"),
    ],
)
def test_hedge(value, decimals, expected):
    assert sv.hedge(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "hedged", "expected"),
    [
        (50, None, False, "50 procent"),
        (8.5, None, False, "8,5 procent"),
        (0.4, None, False, "0,4 procent"),
        (0.05, None, False, "0,1 procent"),  # half case rounds up
        (9.95, None, False, "10 procent"),
        (9.96, None, False, "10 procent"),  # not "10,0 procent"
        (9.94, None, False, "9,9 procent"),
        (5.0, None, False, "5,0 procent"),  # under 10 keeps its decimal
        (0.0, None, False, "0 procent"),
        (78.6, None, False, "79 procent"),
        (12.5, None, False, "13 procent"),
        (100, None, False, "100 procent"),
        (49.7, None, True, "knappt 50 procent"),
        (50.3, None, True, "drygt 50 procent"),
        (50.1, None, True, "50 procent"),
        (8.47, None, True, "knappt 8,5 procent"),
        (8.5, 0, False, "9 procent"),
        (33.333, 2, False, "33,33 procent"),
        (-3.2, None, False, f"{M}3,2 procent"),
    ],
)
def test_percent_text(value, decimals, hedged, expected):
    text = sv.percent_text(value, decimals, hedged)
    assert text == expected
    assert "%" not in text


@pytest.mark.parametrize(
    ("delta", "decimals", "expected"),
    [
        (22, None, "22 procentenheter"),
        (22.4, None, "22 procentenheter"),
        (-22, None, "22 procentenheter"),  # size only
        (1, None, "1 procentenhet"),
        (1.04, None, "1 procentenhet"),  # 1,0 → 1
        (-1.0, None, "1 procentenhet"),
        (1.2, None, "1,2 procentenheter"),
        (0.5, None, "0,5 procentenheter"),
        (3.0, None, "3 procentenheter"),  # not "3,0"
        (3.04, None, "3 procentenheter"),
        (3.25, None, "3,3 procentenheter"),
        (-3.2, None, "3,2 procentenheter"),
        (9.96, None, "10 procentenheter"),
        (10.4, None, "10 procentenheter"),
        (0.0, None, "0 procentenheter"),
        (-0.01, None, "0 procentenheter"),  # never −0
        (1.0, 1, "1,0 procentenheter"),  # explicit decimals: "1,0" is plural
        (1.4, 0, "1 procentenhet"),
        (2.25, 2, "2,25 procentenheter"),
    ],
)
def test_pp_text(delta, decimals, expected):
    assert sv.pp_text(delta, decimals) == expected


# --- values and changes with units -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "expected"),
    [
        (50.0, "percent", 1, "50 procent"),
        (8.46, "percent", 1, "8,5 procent"),
        (8.46, "percent", 0, "8 procent"),  # never more decimals than the indicator
        (8.46, "percent", 2, "8,5 procent"),
        (9.96, "percent", 2, "10 procent"),
        (12.34, "per_1000", 1, f"12,3 per 1{N}000 invånare"),
        (1.5, "per_10000", 1, f"1,5 per 10{N}000 invånare"),
        (250.0, "per_100000", 0, f"250 per 100{N}000 invånare"),
        (0.0, "per_100000", 1, "noll"),  # never "0,0 per 100 000 invånare"
        (0.04, "per_10000", 1, "noll"),
        (0.05, "per_10000", 1, f"0,1 per 10{N}000 invånare"),
        (12345, "kronor", 0, f"12{N}345 kronor"),
        (1, "kronor", 0, "1 krona"),
        (1.0, "kronor", 2, "1,00 kronor"),
        (-1, "kronor", 0, f"{M}1 krona"),
        (45, "days", 0, "45 dagar"),
        (1, "days", 0, "1 dag"),
        (0.6, "days", 0, "1 dag"),
        (1234, "count", 0, f"1{N}234"),
        (101.25, "index", 1, "101,3"),
        (-5.5, "index", 1, f"{M}5,5"),
        (-0.2, "count", 0, "0"),
    ],
)
def test_value_text(value, unit, decimals, expected):
    assert sv.value_text(value, unit, decimals) == expected


@pytest.mark.parametrize(
    ("delta", "unit", "decimals", "expected"),
    [
        (22.0, "percent", 0, "22 procentenheter"),
        (-3.2, "percent", 1, "3,2 procentenheter"),
        (3.24, "percent", 0, "3 procentenheter"),
        (1.0, "percent", 1, "1 procentenhet"),
        (0.5, "percent", 1, "0,5 procentenheter"),
        (1200, "kronor", 0, f"1{N}200 kronor"),
        (-1, "kronor", 0, "1 krona"),
        (-3, "days", 0, "3 dagar"),
        (1, "days", 0, "1 dag"),
        (-1.5, "per_10000", 1, f"1,5 per 10{N}000 invånare"),
        (2.0, "per_1000", 1, f"2,0 per 1{N}000 invånare"),
        (-1234, "count", 0, f"1{N}234"),
        (-2.5, "index", 1, "2,5"),
    ],
)
def test_change_text(delta, unit, decimals, expected):
    text = sv.change_text(delta, unit, decimals)
    assert text == expected
    assert M not in text and "-" not in text


@pytest.mark.parametrize("unit", ["yesno", "ordinal", "furlongs"])
def test_unit_without_text_form(unit):
    with pytest.raises(ValueError):
        sv.value_text(1, unit, 0)
    with pytest.raises(ValueError):
        sv.change_text(1, unit, 0)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (28, 50, "79 procent"),  # SPRAK.md's example
        (50, 28, "44 procent"),
        (100, 150, "50 procent"),
        (200, 199, "1 procent"),
        (10, 10, "0 procent"),
        (-10, -5, "50 procent"),
        (1000, 13345, f"1{N}235 procent"),
        (0, 5, None),
        (0.0, 0.0, None),
    ],
)
def test_relative_change_text(old, new, expected):
    assert sv.relative_change_text(old, new) == expected


# --- words, names, dates ------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "conj", "expected"),
    [
        ([], "och", ""),
        (["a"], "och", "a"),
        (["a", "b"], "och", "a och b"),
        (["a", "b", "c"], "och", "a, b och c"),  # no comma before "och"
        (
            ["Mellerud", "Bengtsfors", "Dals-Ed", "Åmål"],
            "och",
            "Mellerud, Bengtsfors, Dals-Ed och Åmål",
        ),
        (("a", "b"), "eller", "a eller b"),
        (["a", "b", "c"], "eller", "a, b eller c"),
    ],
)
def test_join_list(items, conj, expected):
    assert sv.join_list(items, conj) == expected


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("melleruds kommun", "Melleruds kommun"),
        ("", ""),
        ("årets siffror", "Årets siffror"),
        ("västra Götalands län", "Västra Götalands län"),  # rest untouched
        ("Redan stor", "Redan stor"),
        ("2022 var", "2022 var"),
    ],
)
def test_capitalize(s, expected):
    assert sv.capitalize(s) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Mellerud", "Melleruds"),
        ("Uppsala", "Uppsalas"),
        ("Malmö", "Malmös"),
        ("Borås", "Borås"),
        ("Alingsås", "Alingsås"),
        ("Grums", "Grums"),
        ("Riket", "Rikets"),
        ("Felix", "Felix"),
        ("Fritz", "Fritz"),
        ("BORÅS", "BORÅS"),
    ],
)
def test_genitive(name, expected):
    assert sv.genitive(name) == expected


@pytest.mark.parametrize(
    ("d", "text", "iso"),
    [
        (date(2022, 9, 1), "1 september 2022", "2022-09-01"),
        (date(2023, 1, 31), "31 januari 2023", "2023-01-31"),
        (date(2024, 2, 29), "29 februari 2024", "2024-02-29"),
        (date(2021, 3, 5), "5 mars 2021", "2021-03-05"),
        (date(2020, 4, 10), "10 april 2020", "2020-04-10"),
        (date(2019, 5, 1), "1 maj 2019", "2019-05-01"),
        (date(2018, 6, 6), "6 juni 2018", "2018-06-06"),
        (date(2017, 7, 15), "15 juli 2017", "2017-07-15"),
        (date(2016, 8, 20), "20 augusti 2016", "2016-08-20"),
        (date(2015, 10, 2), "2 oktober 2015", "2015-10-02"),
        (date(2014, 11, 11), "11 november 2014", "2014-11-11"),
        (date(2013, 12, 24), "24 december 2013", "2013-12-24"),
    ],
)
def test_dates(d, text, iso):
    assert sv.format_date(d) == text
    assert sv.format_date_iso(d) == iso


# --- errors and the never-print rules ----------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: precision.text_decimals(math.nan),
        lambda: sv.hedge(math.nan, 0),
        lambda: sv.percent_text(math.nan),
        lambda: sv.pp_text(math.nan),
        lambda: sv.value_text(math.nan, "percent", 1),
        lambda: sv.value_text(math.nan, "kronor", 0),
        lambda: sv.change_text(math.nan, "percent", 1),
        lambda: sv.relative_change_text(math.nan, 5),
        lambda: sv.relative_change_text(5, math.nan),
        lambda: sv.signed_number(math.nan, 1),
        lambda: sv.percent_text(math.inf),
        lambda: sv.format_number(1.0, -1),
        lambda: sv.number_word(1, "maskulinum"),
        lambda: sv.count_phrase(2, "år", "år", "neuter"),
        lambda: sv.ordinal_word(0),
        lambda: sv.in_a_row(1),
        lambda: sv.rank_text(0, 290),
        lambda: sv.rank_text(291, 290),
        lambda: sv.share_phrase(4, 3, "kommun", "kommuner"),
        lambda: sv.share_phrase(-1, 3, "kommun", "kommuner"),
        lambda: sv.genitive(""),
    ],
)
def test_value_errors(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("call", [lambda: sv.number_word(2.5), lambda: sv.ordinal_word(3.0)])
def test_counts_must_be_integers(call):
    with pytest.raises(TypeError):
        call()


@pytest.mark.parametrize("value", [-0.0, -0.004, -0.04, -0.4, 0.0, 0.004])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_never_negative_zero_or_nan(value, decimals):
    texts = [
        sv.format_number(value, decimals),
        sv.signed_number(value, decimals),
        sv.percent_text(value, decimals),
        sv.pp_text(value, decimals),
        sv.value_text(value, "kronor", decimals),
        sv.change_text(value, "days", decimals),
    ]
    for text in texts:
        assert not SIGNED_ZERO.search(text), text
        assert "nan" not in text.lower()


@pytest.mark.parametrize(
    ("value", "position", "expected"),
    [
        (-12.0, False, "12 procent lägre än referenskostnaden"),
        (-12.0, True, "12 procent under referenskostnaden"),
        (7.0, True, "7 procent över referenskostnaden"),
        (0.2, True, "i nivå med referenskostnaden"),
        (0.2, False, "lika hög som referenskostnaden"),
    ],
)
def test_signed_percent_text_as_a_position(value, position, expected):
    assert sv.signed_percent_text(value, 0, "referenskostnaden", position=position) == expected


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("antalet vräkningar per 100\u00a0000 invånare", 5),
        ("Borås: 1\u00a0343 kronor per invånare", 5),
        ("ökade med 2 procentenheter", 4),
        # a year beside a figure stays two words ("var 37,1 2025")
        ("var 37,1 2025", 3),
        ("", 0),
    ],
)
def test_words_count_a_grouped_number_once(text, n):
    assert len(sv.words(text)) == n
