"""The län text counts one year per area: the indicator's current year (issue 13, class 4).

The text used to take its year from the first kommun in the list and count kommuner
whose latest values were of different years ("17 av 49" where 16 of 48 had a value
for 2025). Every case builds a tiny in-memory snapshot against the real reference
tables, for Blekinge län (five kommuner, in text order Karlshamn, Karlskrona,
Olofström, Ronneby, Sölvesborg) and Gotland (a län of one kommun). Twelve kommuner
of Stockholms län make the rest of the country; ``min_rank_base`` is lowered to 8
so that 15 values make a rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from insyn.analyse import analysis
from insyn.check.textcheck import check_text
from insyn.config import Config, parse_config
from insyn.write import sv, text
from tests.helpers.project import ROOT, minimal_raw
from tests.helpers.sparse import Rows, indicator, make_snapshot, series

KARLSHAMN, KARLSKRONA, OLOFSTROM, RONNEBY, SOLVESBORG = "1082", "1080", "1060", "1081", "1083"
BLEKINGE, BLEKINGE_REGION, GOTLAND, GOTLAND_REGION, RIKET = "10", "0010", "0980", "0009", "0000"
#: twelve kommuner of Stockholms län: the rest of the country
OTHERS = ("0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136")
OTHERS += ("0138", "0139")
A, B, C, Y = "U00001", "U00002", "U00003", "U00004"


def others(kpi: str, years=(2024, 2025)) -> Rows:
    """40, 45, …, 95 in every year for the rest of the country."""
    values = {code: 40.0 + 5 * i for i, code in enumerate(OTHERS)}
    return [row for code, v in values.items() for row in series(code, dict.fromkeys(years, v), kpi)]


def make_config(*indicators: dict[str, Any]) -> Config:
    raw = minimal_raw()
    raw["areas"][0]["indicators"] = list(indicators)
    raw["areas"][0]["similar_group"] = None
    raw["thresholds"]["min_rank_base"] = 8
    return parse_config(raw, "test.yaml")


@pytest.fixture(scope="module")
def writer() -> text.Writer:
    return text.Writer(text.make_text_env(ROOT / "templates"))


def lan_text(reference, writer, rows: Rows, indicators, lan_code: str = BLEKINGE):
    """(the paragraph of the one area or None, the LanArea, data) for one län."""
    config = make_config(*indicators)
    data = analysis.prepare(make_snapshot(rows), config, reference)
    lan = next(x for x in reference.lan if x.code == lan_code)
    kommuner = reference.kommuner_in_lan(lan_code)
    area = config.areas[0]
    by_area = {area.slug: [analysis.analyse_area(data, k, area) for k in kommuner]}
    short = text.lan_text(lan, kommuner, by_area, config, data, writer)
    assert len(short.paragraphs) <= 1
    facts = text.lan_area(lan, by_area[area.slug], area, data)
    return (short.paragraphs[0] if short.paragraphs else None), facts, data


# ------------------------------------------------------------------ the cases

#: Indicator A in Blekinge: Karlshamn (first in the list) and Sölvesborg have 2024
#: only, Ronneby reported 2026 already (too few for 2026 to be the current year).
MIXED = (
    others(A)
    + series(KARLSHAMN, {2024: 99.0})  # top in 2024: the old text counted it
    + series(KARLSKRONA, {2024: 90.0, 2025: 99.0})  # top
    + series(OLOFSTROM, {2024: 30.0, 2025: 10.0})  # bottom
    + series(RONNEBY, {2024: 70.0, 2025: 70.0, 2026: 20.0})  # middle in 2025
    + series(SOLVESBORG, {2024: 20.0})  # bottom in 2024: the old text counted it
    + series(BLEKINGE_REGION, {2024: 52.0, 2025: 61.0})
    + series(RIKET, {2024: 54.0, 2025: 63.0})
)


@dataclass(frozen=True)
class Case:
    id: str
    rows: Rows
    indicators: tuple[dict[str, Any], ...]
    #: None: the area is left out; else (kpi, year, placed, top, bottom, missing)
    facts: tuple[str, int, int, int, int, int] | None
    said: tuple[str, ...] = ()  # in the paragraph
    not_said: tuple[str, ...] = ()  # nowhere in the paragraph
    missing_said: tuple[str, str] | None = None  # (count, of total) said to lack a value
    lan_code: str = BLEKINGE
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    Case(
        "mixed-years-counted-on-the-current-year",
        MIXED,
        (indicator(A),),
        (A, 2025, 3, 1, 1, 2),
        said=("år 2025", "en av tre kommuner", "61 procent", "63 procent i riket"),
        not_said=("2024", "2026", "av fem kommuner", "52 procent", "54 procent"),
        missing_said=("två", "fem kommuner"),
    ),
    Case(
        "first-indicator-absent-in-the-län-falls-back-past-a-yes-no-question",
        others(B)
        + others(Y)
        + [r for code in (KARLSHAMN, KARLSKRONA) for r in series(code, {2025: 1.0}, Y)]
        + others(C)
        + series(KARLSHAMN, {2025: 99.0}, C)
        + series(KARLSKRONA, {2025: 98.0}, C)
        + series(OLOFSTROM, {2025: 10.0}, C)
        + series(RONNEBY, {2025: 70.0}, C)
        + series(SOLVESBORG, {2025: 60.0}, C)
        + series(BLEKINGE_REGION, {2025: 66.0}, C)
        + series(RIKET, {2025: 64.0}, C),
        (indicator(Y, "yesno"), indicator(B), indicator(C)),
        (C, 2025, 5, 2, 1, 0),
        said=("år 2025", "två av fem kommuner", "en av fem kommuner", "frasen U00003"),
        not_said=("saknas", "frasen U00002", "frasen U00004"),
    ),
    Case(
        "nobody-in-the-län-has-the-current-year",
        others(A)
        + [r for code in (KARLSHAMN, KARLSKRONA, OLOFSTROM) for r in series(code, {2024: 80.0})]
        + series(BLEKINGE_REGION, {2024: 80.0}),
        (indicator(A),),
        None,
    ),
    Case(
        "a-small-base-is-no-rank",
        others(A, years=(2025,))[:4]  # 4 + 2 values: fewer than min_rank_base
        + series(KARLSKRONA, {2025: 99.0})
        + series(OLOFSTROM, {2025: 10.0}),
        (indicator(A),),
        None,
    ),
    Case(
        "one-kommun-placed-is-named",
        others(A) + series(KARLSHAMN, {2024: 10.0}) + series(KARLSKRONA, {2025: 99.0}),
        (indicator(A),),
        (A, 2025, 1, 1, 0, 4),
        said=("Karlskrona kommun", "2025", "länets fem kommuner", "den bästa fjärdedelen"),
        not_said=("av en kommun", "2024"),
    ),
    Case(
        "gotland-is-its-own-län",
        others(A)
        + series(GOTLAND, {2024: 10.0, 2025: 70.0})
        + series(GOTLAND_REGION, {2024: 10.0, 2025: 70.0})
        + series(RIKET, {2024: 50.0, 2025: 60.0}),
        (indicator(A),),
        (A, 2025, 1, 0, 0, 0),
        said=("Region Gotland", "år 2025", "i mittenfältet", "70 procent", "60 procent i riket"),
        not_said=("av en kommun", "2024", "saknas"),
        lan_code="09",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_lan_text_counts_one_year(case: Case, reference, writer):
    paragraph, facts, data = lan_text(reference, writer, case.rows, case.indicators, case.lan_code)
    if case.facts is None:
        assert facts is None and paragraph is None
        return
    kpi, year, placed, top, bottom, missing = case.facts
    assert facts is not None and paragraph is not None
    assert (facts.indicator.id, facts.year) == (kpi, year)
    assert (facts.counted, facts.top, facts.bottom, facts.missing) == (placed, top, bottom, missing)
    assert facts.year == data.current_year[kpi]
    for piece in case.said:
        assert piece in paragraph, (piece, paragraph)
    for piece in case.not_said:
        assert piece not in paragraph, (piece, paragraph)
    if case.missing_said is not None:
        count, of = case.missing_said
        said = (
            f"Uppgift för {year} saknas för {count} av länets {of}",
            f"För {year} saknas uppgift från {count} av länets {of}",
        )
        assert any(s in paragraph for s in said), paragraph
    assert not check_text(paragraph, percent_context=True, years={year}), paragraph


def test_lan_and_riket_values_are_of_the_counted_year(reference, writer):
    """The län's and Riket's values are looked up for the year counted, whatever year
    the first kommun's latest value is of."""
    _, facts, _ = lan_text(reference, writer, MIXED, (indicator(A),))
    assert facts is not None
    assert (facts.year, facts.lan_value, facts.riket) == (2025, 61.0, 63.0)
    assert [k.code for k, _ in facts.placed] == [KARLSKRONA, OLOFSTROM, RONNEBY]


# ------------------------------------------------------ every phrasing of it


def _variants(writer: text.Writer, macro: str) -> int:
    module = writer.env.get_template("text/lan.j2").module
    return int(getattr(module, f"{macro}_variants"))


@pytest.mark.parametrize(
    ("total", "missing", "direction"),
    [(5, 2, "higher"), (49, 11, "higher"), (12, 1, "none"), (8, 0, "lower")],
)
def test_every_area_phrasing_states_the_year_and_the_missing(writer, total, missing, direction):
    words = total <= 12
    for v in range(_variants(writer, "area")):
        module = writer.env.get_template("text/lan.j2").module
        raw = module.area(
            v=v,
            area="Hemtjänst",
            subject="andelen nöjda",
            direction=direction,
            year=2022,
            top=sv.share_phrase(1, total - missing, "kommun", "kommuner"),
            bottom=sv.share_phrase(2, total - missing, "kommun", "kommuner"),
            missing=(sv.number_word(missing) if words else str(missing)) if missing else None,
            total=sv.count_phrase(total, "kommun", "kommuner", words=words),
            lan_value="61 procent",
            riket="63 procent",
        )
        paragraph = text.tidy(str(raw))
        assert "år 2022" in paragraph, paragraph
        assert bool(re.search(r"\bsaknas\b", paragraph)) is bool(missing), paragraph
        assert "Länets värde var 61 procent, mot 63 procent i riket." in paragraph
        assert not check_text(paragraph, percent_context=True, years={2022}), paragraph


@pytest.mark.parametrize("band", ["top", "middle", "bottom"])
@pytest.mark.parametrize("alone", [True, False])
def test_every_single_kommun_phrasing_names_it(writer, band, alone):
    module = writer.env.get_template("text/lan.j2").module
    for v in range(_variants(writer, "single")):
        raw = module.single(
            v=v,
            area="Hemtjänst",
            subject="andelen nöjda",
            direction="higher",
            year=2022,
            name="Region Gotland" if alone else "Karlskrona kommun",
            band=band,
            alone=alone,
            total="en kommun" if alone else "fem kommuner",
            lan_value=None,
            riket=None,
        )
        paragraph = text.tidy(str(raw))
        assert "2022" in paragraph and ("Gotland" if alone else "Karlskrona") in paragraph
        assert ("länets fem kommuner" in paragraph) is not alone, paragraph
        assert not check_text(paragraph, percent_context=True, years={2022}), paragraph


# ----------------------------------------------------- the style rule, data-aware


@pytest.mark.parametrize(
    ("snippet", "years", "bad"),
    [
        ("Länets värde var 52 procent 2024, mot 54 procent i riket.", {2025}, True),
        ("År 2025 hörde tre av fem kommuner till den bästa fjärdedelen.", {2025}, False),
        ("Uppgift för 2022 saknas för två av länets fem kommuner.", {2022, 2025}, False),
        ("Under 2019–2022 ökade andelen.", {2022}, True),
        ("Kostnaden var 2025,5 kronor per invånare år 2025.", {2025}, False),
        (f"Det gäller 12{sv.NBSP}020 personer 2025.", {2025}, False),
    ],
)
def test_textcheck_flags_a_year_the_figures_are_not_of(snippet, years, bad):
    found = [v for v in check_text(snippet, years=years) if v.rule == "data-year"]
    assert bool(found) is bad, found
    assert not [v for v in check_text(snippet) if v.rule == "data-year"]  # opt-in only


def test_every_lan_text_of_the_sample_states_only_current_years(reference, config, writer):
    """On the sample (editor's report: 4 of 21 län pages said 2024 where 2025 exists),
    every year a län text states is the current year of a configured indicator."""
    from insyn.data import snapshot

    data = analysis.prepare(snapshot.load_snapshot(ROOT / "data" / "sample"), config, reference)
    years = {data.current_year[i.id] for i in config.indicators if i.id in data.current_year}
    problems = []
    for lan in reference.lan:
        kommuner = reference.kommuner_in_lan(lan.code)
        by_area = {
            a.slug: [analysis.analyse_area(data, k, a) for k in kommuner] for a in config.areas
        }
        short = text.lan_text(lan, kommuner, by_area, config, data, writer)
        problems += [
            (lan.name, v.excerpt)
            for v in check_text(short.as_text(), percent_context=True, years=years)
        ]
    assert not problems, problems[:5]
