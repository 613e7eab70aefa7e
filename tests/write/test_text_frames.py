"""Pure helpers of the press text's body: frames of secondary findings, spans of a
change, runs of zeros and dips (issue 13, the second editor's review)."""

import pytest

from insyn.analyse.analysis import dip_year
from insyn.write.text import (
    _short_ctx,
    article,
    frame,
    named_again,
    per_inhabitant,
    same_span,
    short_head,
    size_word,
    span_text,
    zero_run,
)


@pytest.mark.parametrize(
    ("prev", "value", "expected"),
    [
        ("73 procent", "47 procent", "från 73 till 47 procent"),
        ("1\u00a0172 kronor", "980 kronor", "från 1\u00a0172 till 980 kronor"),
        (
            "3,2 per 10\u00a0000 vuxna invånare",
            "4,1 per 10\u00a0000 vuxna invånare",
            "från 3,2 till 4,1 per 10\u00a0000 vuxna invånare",
        ),
        ("noll", "21,6 per 100\u00a0000 invånare", "från noll till 21,6 per 100\u00a0000 invånare"),
        ("12 procent", "9 kronor", "från 12 procent till 9 kronor"),
    ],
)
def test_span_text_names_the_unit_once(prev, value, expected):
    assert span_text(prev, value) == expected


@pytest.mark.parametrize(
    ("series", "before", "expected"),
    [
        ({2015: 0, 2016: 0, 2017: 0, 2018: 4.0}, 2017, 2015),
        ({2014: 3.0, 2015: 0, 2016: 0, 2017: 0}, 2017, 2015),
        ({2016: 0, 2017: 0}, 2017, None),  # two zeros are no run
        ({2015: 0, 2016: 0, 2017: 2.0}, 2017, None),  # the compared year is not 0
        ({}, None, None),
    ],
)
def test_zero_run(series, before, expected):
    assert zero_run(series, before) == expected


@pytest.mark.parametrize(
    ("series", "year", "before", "percent", "expected"),
    [
        ({2018: 67.0, 2019: 0.0, 2022: 67.0}, 2022, 2019, True, 2018),  # hassleholm
        ({2018: 100.0, 2019: 0.0, 2022: 75.0}, 2022, 2019, True, 2018),  # sandviken
        ({2018: 100.0, 2019: 80.0, 2022: 0.0}, 2022, 2019, True, None),  # a fall on a fall
        ({2018: 60.0, 2019: 55.0, 2022: 61.0}, 2022, 2019, True, None),  # a dip too small
        ({2019: 0.0, 2022: 67.0}, 2022, 2019, True, None),  # nothing before the dip
        ({2018: 50.0, 2019: 20.0, 2022: 30.0}, 2022, 2019, True, None),  # mostly not undone
        ({2018: 1000.0, 2019: 1400.0, 2022: 1050.0}, 2022, 2019, False, 2018),  # a peak
    ],
)
def test_dip_year(series, year, before, percent, expected):
    assert dip_year(series, year, before, percent) == expected


def ctx(**kw):
    base = {"value": "81 procent", "year": 2022, "direction": "higher"}
    return {**base, **kw}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # two falls between the same years share a sentence
        (
            ("change", ctx(prev="73 procent", up=False, prev_year=2020)),
            ("change", ctx(prev="80 procent", up=False, prev_year=2020)),
            True,
        ),
        # a rise and a fall do not
        (
            ("change", ctx(prev="73 procent", up=False, prev_year=2020)),
            ("change", ctx(prev="60 procent", up=True, prev_year=2020)),
            False,
        ),
        # nor two precisions ("9,0 procent" beside "85 procent")
        (
            ("record", ctx(record="lowest", first_year=2012, series_began=True)),
            (
                "record",
                ctx(value="9,0 procent", record="lowest", first_year=2012, series_began=True),
            ),
            False,
        ),
        # nor records over different spans
        (
            ("record", ctx(record="lowest", first_year=2012, series_began=True)),
            ("record", ctx(record="lowest", first_year=2015, series_began=True)),
            False,
        ),
        # a bad record and a good one are not one piece of news (pajala, an editor:
        # loneliness and respect "both at their highest" read as good news twice)
        (
            ("record", ctx(record="highest", first_year=2012, series_began=True)),
            (
                "record",
                ctx(record="highest", first_year=2012, series_began=True, direction="lower"),
            ),
            False,
        ),
        (
            ("change", ctx(prev="73 procent", up=False, prev_year=2020)),
            ("change", ctx(prev="80 procent", up=False, prev_year=2020, direction="lower")),
            False,
        ),
        # the same end of the field, the same band
        (("rank_band", ctx(band="bottom")), ("rank_band", ctx(band="bottom")), True),
        (
            ("rank_band", ctx(band="bottom")),
            ("rank_extreme", ctx(band="bottom", extreme=True, extreme_n="tio")),
            False,
        ),
    ],
)
def test_frames(a, b, same):
    fa, fb = frame(*a), frame(*b)
    assert fa is not None and fb is not None
    assert (fa == fb) is same


@pytest.mark.parametrize(
    ("kind", "c"),
    [
        ("change", ctx(prev="73 procent", up=False, prev_year=2020, dip_year=2018)),
        ("change", ctx(prev="73 procent", up=False, prev_year=2020, signed={"level": "x"})),
        ("rank_band", ctx(band="middle")),
        ("gender_gap", ctx()),
        ("change", {"year": 2022}),  # no value
    ],
)
def test_findings_told_on_their_own(kind, c):
    assert frame(kind, c) is None


@pytest.mark.parametrize(
    ("before", "after", "word"),
    [
        (75.0, 39.0, "nästan halverats"),  # alingsås, an editor's example
        (64.0, 29.0, "mer än halverats"),
        (60.0, 30.0, "halverats"),
        (33.0, 75.0, "mer än fördubblats"),
        (40.0, 80.0, "fördubblats"),
        (55.0, 100.0, "nästan fördubblats"),
        (50.0, 45.0, None),
        (10.0, 30.0, None),  # tripled: the figures say it
        (0.0, 20.0, None),
        (94.0, 13.0, "minskat kraftigt"),  # nynäshamn: "minskar" undersold it
        (40.0, 12.0, "mer än halverats"),
    ],
)
def test_size_word(before, after, word):
    assert size_word(before, after) == word


def test_two_streaks_of_one_length_share_a_frame():
    a = frame("streak", ctx(streak=4, up=False))
    b = frame("streak", ctx(streak=4, up=False))
    c = frame("streak", ctx(streak=3, up=False))
    assert a is not None and a == b and a != c


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # hudiksvall: two in a row between the same years
        (
            ["Mellan 2019 och 2022 ökade a.", "Mellan 2019 och 2022 minskade b."],
            ["Mellan 2019 och 2022 ökade a.", "Under samma tid minskade b."],
        ),
        # other years, or a sentence between: as they are
        (
            ["Mellan 2019 och 2022 ökade a.", "Mellan 2020 och 2022 minskade b."],
            ["Mellan 2019 och 2022 ökade a.", "Mellan 2020 och 2022 minskade b."],
        ),
        (
            ["Mellan 2019 och 2022 ökade a.", "C var 3 procent.", "Mellan 2019 och 2022 d."],
            ["Mellan 2019 och 2022 ökade a.", "C var 3 procent.", "Mellan 2019 och 2022 d."],
        ),
        (
            ["Mellan 2019 och 2022 a.", "Mellan 2019 och 2022 b.", "Mellan 2019 och 2022 c."],
            ["Mellan 2019 och 2022 a.", "Under samma tid b.", "Mellan 2019 och 2022 c."],
        ),
    ],
)
def test_same_span(sentences, expected):
    assert same_span(sentences) == expected


@pytest.mark.parametrize(
    ("short", "head", "art"),
    [
        ("andelen nöjda med hemtjänsten", "andelen", "den"),
        ("antalet vräkningar per invånare", "antalet", "det"),
        ("nettokostnaden för individ- och familjeomsorgen", "nettokostnaden", "den"),
        ("det utbetalda biståndet per invånare", "värdet", "det"),
        ("vräkningarna per invånare", "värdet", "de"),
        ("om kommunen söker upp vräkningshotade", "värdet", "den"),
    ],
)
def test_short_head_and_article(short, head, art):
    assert short_head(short) == head
    assert article(short) == art


@pytest.mark.parametrize(
    ("short", "value", "subject"),
    [
        # the value has the denominator: said once
        ("antalet vräkningar per invånare", "17,5 per 100 000 invånare", "antalet vräkningar"),
        (
            "antalet vräkningar per 100\u00a0000 invånare",
            "17,5 per 100\u00a0000 invånare",
            "antalet vräkningar",
        ),
        (
            "antalet placerade barn per 1\u00a0000 invånare 0–20 år",
            "9,1 per 1\u00a0000 invånare 0–20 år",
            "antalet placerade barn",
        ),
        ("andelen nöjda", "81 procent", "andelen nöjda"),
    ],
)
def test_a_rate_names_its_denominator_once(short, value, subject):
    c = {"unit": "per_100000", "short": short, "value": value, "subject": "long phrase"}
    assert _short_ctx(c)["subject"] == subject


NET = "nettokostnaden för individ- och familjeomsorgen"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # hudiksvall, an editor: the long name once, then its head
        (
            [f"{NET.capitalize()} var 6 procent högre.", f"För {NET} per invånare ligger H under."],
            [
                f"{NET.capitalize()} var 6 procent högre.",
                "För nettokostnaden per invånare ligger H under.",
            ],
        ),
        # a capital stays a capital; one mention stays as it is
        (
            [f"I X var {NET} 88 procent högre.", f"{NET.capitalize()} har inte legat så högt."],
            [f"I X var {NET} 88 procent högre.", "Nettokostnaden har inte legat så högt."],
        ),
        (["Andelen nöjda var 90 procent."], ["Andelen nöjda var 90 procent."]),
    ],
)
def test_named_again(paragraphs, expected):
    assert named_again(paragraphs, {NET: "nettokostnaden"}) == expected


def test_again_phrases_of_the_ifo_area(config):
    from insyn.write.text import again_phrases

    phrases = again_phrases(config.area("ifo"))
    assert phrases == {NET: "nettokostnaden"}


VR = "antalet vräkningar per 100\u00a0000 invånare"
RATE = "51,9 per 100\u00a0000 invånare"


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # stockholm/hemloshet: the figure says the denominator, the name need not
        (
            [f"Med {RATE} 2022 är {VR} på sin högsta nivå."],
            ["Med 51,9 per 100\u00a0000 invånare 2022 är antalet vräkningar på sin högsta nivå."],
        ),
        # a sentence without a figure keeps the whole name; one sentence at a time
        (
            [f"{VR.capitalize()} är den högsta sedan 2013. Med {RATE} är {VR} högt."],
            [f"{VR.capitalize()} är den högsta sedan 2013. Med {RATE} är antalet vräkningar högt."],
        ),
    ],
)
def test_rate_once(config, paragraphs, expected):
    from insyn.write.text import rate_once

    assert rate_once(paragraphs, config.area("hemloshet")) == expected


PER = "per 100\u00a0000 invånare"
ADULTS = "per 10\u00a0000 vuxna invånare"


@pytest.mark.parametrize(
    ("area", "paragraphs", "expected"),
    [
        # the brackets after the first carry the figure alone
        (
            "hemloshet",
            [f"Högre än i riket (24,0 {PER}), i gruppen (31,7 {PER}) och i länet (35,8 {PER})."],
            [f"Högre än i riket (24,0 {PER}), i gruppen (31,7) och i länet (35,8)."],
        ),
        # the denominator said before the brackets: every bracket goes bare
        (
            "hemloshet",
            [f"Värdet var 71,4 {PER}, mot riket (24,0 {PER}) och gruppen (1\u00a0031,7 {PER})."],
            [f"Värdet var 71,4 {PER}, mot riket (24,0) och gruppen (1\u00a0031,7)."],
        ),
        # one sentence at a time: the next sentence says it again
        (
            "hemloshet",
            [f"Riket (24,0 {PER}). Gruppen (31,7 {PER})."],
            [f"Riket (24,0 {PER}). Gruppen (31,7 {PER})."],
        ),
        # an area's own denominator ("vuxna invånare")
        (
            "vald-i-nara-relationer",
            [f"Lägre än gruppen (23,7 {ADULTS}) och liknande kommuner (22,7 {ADULTS})."],
            [f"Lägre än gruppen (23,7 {ADULTS}) och liknande kommuner (22,7)."],
        ),
        # a share in brackets is no rate
        (
            "hemloshet",
            ["Högre än riket (24 procent) och gruppen (31 procent)."],
            ["Högre än riket (24 procent) och gruppen (31 procent)."],
        ),
    ],
)
def test_denominator_once(config, area, paragraphs, expected):
    from insyn.write.text import denominator_once

    assert denominator_once(paragraphs, config.area(area)) == expected


@pytest.mark.parametrize(
    ("top", "c", "kinds"),
    [
        ("streak", {"delta": "3,1"}, ["streak", "change", "level", "level_bare"]),
        ("change", {"delta": "3,1"}, ["change", "level", "level_bare"]),
        ("record", {}, ["record", "level", "level_bare"]),
        # a step too small to be news heads no "ökar" (2,5 → 2,6 procent)
        ("rank_band", {"delta": "0,1", "minor": True}, ["rank_band", "level", "level_bare"]),
        # the outer tenth of the country first, then the quarter's phrasings
        (
            "rank_band",
            {"part": "tiondel", "nationwide": True},
            ["rank_tenth", "rank_band", "level", "level_bare"],
        ),
        ("score", {"delta": "3,1"}, ["score"]),
        ("streak", None, ["streak"]),
    ],
)
def test_headline_kinds_fall_back_to_plainer_ones(top, c, kinds):
    from insyn.write.text import _headline_kinds

    assert _headline_kinds(top, c) == kinds


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        # review r43: a rate's long name that fits no finding headline
        (
            "antalet våldsutsatta med stöd per 10\u00a0000 vuxna invånare",
            "antalet våldsutsatta med stöd per vuxen invånare",
        ),
        ("antalet vräkningar per 100\u00a0000 invånare", "antalet vräkningar per invånare"),
        (
            "antalet placerade barn per 1\u00a0000 invånare 0–20 år",
            "antalet placerade barn per invånare 0–20 år",
        ),
        # per one inhabitant already, or no rate: none
        ("det utbetalda ekonomiska biståndet per invånare", None),
        ("andelen nöjda med hemtjänsten", None),
    ],
)
def test_per_inhabitant(short, expected):
    assert per_inhabitant(short) == expected
