"""Issue 13, classes 1, 8 and 9: ties said, units and groups, grammar.

Ties cannot be seen by a style rule (it does not know the data), so every rank
stated in the sample site's press texts is checked here against the facts it
comes from: "delad" exactly when the rank is shared, "tillsammans med K andra
kommuner" with the right K, and no rank at all when more than a quarter of the
kommuner share the value.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from insyn.analyse import analysis
from insyn.check.textcheck import check_text
from insyn.config import ConfigError, parse_config
from insyn.write import sv, text
from insyn.write.sv import NBSP
from tests.helpers.project import ROOT
from tests.helpers.words import number

# ------------------------------------------------------------ Swedish pieces


@pytest.mark.parametrize(
    ("rank", "n", "tied", "expected"),
    [
        (12, 290, 1, "plats 12 av 290"),
        (1, 290, 145, "delad plats 1 av 290"),
        (195, 288, 94, "delad plats 195 av 288"),
        (280, 282, 2, "delad plats 280 av 282"),
    ],
)
def test_rank_text_says_a_shared_rank(rank, n, tied, expected):
    assert sv.rank_text(rank, n, tied) == expected


@pytest.mark.parametrize(
    ("tied", "expected"),
    [
        (1, ""),
        (2, "tillsammans med en annan kommun"),
        (3, "tillsammans med 2 andra kommuner"),
        (145, "tillsammans med 144 andra kommuner"),
        (1001, f"tillsammans med 1{NBSP}000 andra kommuner"),
    ],
)
def test_shared_text(tied, expected):
    assert sv.shared_text(tied) == expected


@pytest.mark.parametrize(
    ("tied", "what", "expected"),
    [
        (1, "värde", ""),
        (2, "värde", "En annan kommun har samma värde."),
        (5, "värde", "Fyra andra kommuner har samma värde."),
        (13, "värde", "Tolv andra kommuner har samma värde."),
        (14, "värde", "Samma värde har 13 andra kommuner."),
        (3, "resultat", "Två andra kommuner har samma resultat."),
    ],
)
def test_shared_sentence_says_who_shares_in_words(tied, what, expected):
    assert sv.shared_sentence(tied, what) == expected


@pytest.mark.parametrize(("rank", "n", "tied"), [(290, 290, 2), (1, 10, 11), (5, 10, 0)])
def test_rank_text_rejects_impossible_ties(rank, n, tied):
    with pytest.raises(ValueError):
        sv.rank_text(rank, n, tied)


@pytest.mark.parametrize(
    ("tied", "n", "crowded"),
    [
        (1, 290, False),
        (72, 290, False),
        (73, 290, True),  # more than a quarter
        (145, 290, True),
        (2, 8, False),  # exactly a quarter
        (3, 8, True),
        (1, 1, False),  # alone is never crowded
    ],
)
def test_crowded_is_more_than_a_quarter(tied, n, crowded):
    assert analysis.crowded(tied, n) is crowded


@pytest.mark.parametrize(
    ("unit", "per", "value", "expected"),
    [
        ("per_10000", "vuxna invånare", 12.34, f"12,3 per 10{NBSP}000 vuxna invånare"),
        ("per_1000", "invånare 0–20 år", 8.0, f"8,0 per 1{NBSP}000 invånare 0–20 år"),
        ("per_10000", None, 12.34, f"12,3 per 10{NBSP}000 invånare"),
        ("percent", "vuxna invånare", 12.34, "12 procent"),  # only rates take it
    ],
)
def test_value_text_with_denominator(unit, per, value, expected):
    decimals = 0 if unit == "percent" else 1
    assert sv.value_text(value, unit, decimals, per) == expected


# ------------------------------------------------------------------- config


def _raw():
    return yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))


def _indicator(raw, kpi):
    return next(i for a in raw["areas"] for i in a["indicators"] if i["id"] == kpi)


@pytest.mark.parametrize(
    ("kpi", "key", "value", "error"),
    [
        ("U21468", "denominator", "vuxna invånare", "only for unit"),  # a percent
        ("U30750", "denominator", "", "denominator"),
        ("U30750", "denominator", "per 10 000 vuxna", "denominator"),
        ("U30750", "population", "elderly", "population"),
    ],
)
def test_config_rejects_bad_denominator_and_population(kpi, key, value, error):
    raw = _raw()
    _indicator(raw, kpi)[key] = value
    with pytest.raises(ConfigError, match=error):
        parse_config(raw)


@pytest.mark.parametrize(
    ("kpi", "denominator", "population"),
    [
        ("U30750", "vuxna invånare", "adults"),
        ("U30751", "vuxna invånare", "adults"),
        ("U30752", "vuxna invånare", "adults"),
        ("N33818", "invånare 0–20 år", "children"),
        ("N33802", None, "children"),
        ("U33755", None, "children"),
        ("U31803", None, "children"),
        ("U31804", None, "young"),
        ("U33594", None, "adults"),  # vårdnadshavare
    ],
)
def test_config_denominators_and_populations(config, kpi, denominator, population):
    ind = config.indicator(kpi)
    assert ind.denominator == denominator
    assert ind.population == population


def test_denominators_match_kolada_titles(config):
    """Every rate whose Kolada title counts per a narrower group says so in config."""
    import csv

    path = Path("/work/shared/data/real/rkolada-sysdata/kpi_catalog_v3.csv")
    if not path.exists():
        pytest.skip("the Kolada KPI catalogue is not here")
    with path.open(encoding="utf-8") as fh:
        titles = {row["id"]: row["title"] for row in csv.DictReader(fh)}
    for ind in config.indicators:
        title = titles.get(ind.id, "")
        if "vuxna invånare" in title:
            assert ind.denominator == "vuxna invånare", ind.id
        if re.search(r"antal/1000 inv", title) and "0-20 år" in title:
            assert ind.denominator == "invånare 0–20 år", ind.id


# ------------------------------------------------------------- textcheck


@pytest.mark.parametrize(
    ("snippet", "kwargs", "rules"),
    [
        ("Uppgift saknas om om det finns personligt ombud.", {}, {"doubled-word"}),
        ("Det visar att att andelen ökar.", {}, {"doubled-word"}),
        ("Det det handlar om är andelen.", {}, set()),
        (
            "Region Gotland har ett lägre värde än Gotlands län.",
            {"official_name": "Region Gotland"},
            {"self-comparison"},
        ),
        (
            "Malmö stad har ett lägre värde än Skåne län.",
            {"official_name": "Malmö stad"},
            set(),
        ),
        (
            f"Antalet vuxna som har fått stöd på grund av våld i nära relation var 12,3 "
            f"per 10{NBSP}000 invånare.",
            {},
            {"denominator"},
        ),
        (
            f"Antalet vuxna som har fått stöd på grund av våld i nära relation var 12,3 "
            f"per 10{NBSP}000 vuxna invånare.",
            {},
            set(),
        ),
        (
            f"Antalet placerade barn och unga 0–20 år var 8,0 per 1{NBSP}000 invånare.",
            {},
            {"denominator"},
        ),
        (
            f"Antalet placerade barn och unga var 8,0 per 1{NBSP}000 invånare 0–20 år.",
            {},
            set(),
        ),
        (f"Antalet insatser enligt LSS var 80 per 10{NBSP}000 invånare.", {}, set()),
    ],
)
def test_textcheck_rules_of_issue_13(snippet, kwargs, rules):
    found = {v.rule for v in check_text(snippet, **kwargs)} - {"official-name"}
    assert found == rules


# ------------------------------------------------------- the sample site


@pytest.fixture(scope="module")
def model(sample_model):
    return sample_model


_RANK = re.compile(rf"(?P<shared>delad )?plats (?P<rank>\d+)(?: av (?P<n>\d+(?:{NBSP}\d{{3}})*))?")
#: who shares the place, in the sentence after it (sv.shared_sentence)
_WITH = re.compile(
    r"^(?:(?P<with>En annan kommun|\w+ andra kommuner) har samma (?:värde|resultat)"
    r"|Samma (?:värde|resultat) har (?P<many>\d+) andra kommuner)"
)


def _others(text: str) -> int:
    return number(text.split()[0])


_BASE = re.compile(r"de (\d+) kommuner")


def _ranks_of(facts):
    """(rank, n, tied, crowded) of every rank the area's press text may state."""
    out = [
        (f.rank.rank, f.rank.n, f.rank.tied, f.rank.crowded)
        for f in facts.indicators
        if f.rank is not None and not f.rank.small
    ]
    s = facts.score
    if s is not None and s.rank is not None:
        out.append((s.rank, s.n, s.tied, s.crowded))
    return out


def test_every_stated_rank_says_its_tie(model):
    """For every "plats N av M" in every press text of the sample site: a rank of the
    data with that place and base, "delad" exactly when shared, the right number of
    others, and never a rank shared by more than a quarter of the kommuner."""
    problems = []
    checked = 0
    for key, press in sorted(model.press.items()):
        candidates = _ranks_of(model.areas[key])
        body = press.as_text()
        sentences = re.split(r"(?<=[.!?])\s+|\n+", body)
        for i, sentence in enumerate(sentences):
            after = _WITH.match(sentences[i + 1]) if i + 1 < len(sentences) else None
            for m in _RANK.finditer(sentence):
                n_text = m["n"] or next(iter(_BASE.findall(sentence[: m.start()])), None)
                if n_text is None:
                    continue  # a rank in a län, or not one of ours
                rank, n = int(m["rank"]), int(n_text.replace(NBSP, ""))
                others = _others(after["with"] or after["many"]) if after else 0
                said = (rank, n, bool(m["shared"]), others)
                fits = [
                    c
                    for c in candidates
                    if c[0] == rank
                    and c[1] == n
                    and not c[3]
                    and (c[2] > 1) == bool(m["shared"])
                    and (c[2] - 1 == others)
                ]
                checked += 1
                if not fits:
                    problems.append((key, said, candidates, sentence))
    assert checked > 100, checked
    assert not problems, problems[:5]


def test_crowded_ranks_say_how_many_instead(model):
    """A crowded area score or lead rank says how many have the same value, with the
    right count."""
    seen = 0
    for key, press in sorted(model.press.items()):
        s = model.areas[key].score
        if s is None or s.rank is None or not s.crowded:
            continue
        if "vår beräkning" not in press.as_text() or model.areas[key].lead is None:
            continue
        body = " ".join(press.body)
        if "Samma resultat har" in body:
            seen += 1
            count = sv.number_word(s.tied)
            assert f"Samma resultat har {count} av" in body, (key, body)
            assert f"de {s.n} kommuner som har svarat" in body, (key, body)
    assert seen > 10


def test_no_text_says_positive_on_zero_or_om_om(model):
    for key, press in model.press.items():
        t = press.as_text()
        assert "positivt på 0 procent" not in t, key
        assert "positivt på ingen" not in t, key
        assert not re.search(r"\bom om\b", t), key
        assert "Därmed" not in t, key
        assert not re.search(r"värde än i (riket|liknande)", t), key


def test_gotland_is_not_compared_with_its_own_lan(model, reference):
    gotland = reference.kommun_by_slug("gotland")
    for (code, area), facts in model.areas.items():
        if code != gotland.code:
            continue
        assert all(c.kind != "lan" for f in facts.indicators for c in f.comparisons), area
        assert "Gotlands län" not in model.press[(code, area)].as_text(), area


def test_children_are_flickor_and_pojkar(model):
    """A gender statement about an indicator for children never says kvinnor och män."""
    for (_, area), facts in model.areas.items():
        for f in facts.indicators:
            if f.indicator.population != "children":
                continue
            c = text.indicator_ctx(f, model.data)
            assert (c["women_word"], c["men_word"]) == ("flickor", "pojkar"), area
    phrases = [i.phrase for i in model.data.config.indicators if i.population == "children"]
    checked = 0
    for press in model.press.values():
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", press.as_text()):
            if any(p in sentence.lower() for p in phrases):
                checked += 1
                assert not re.search(r"\b(kvinnor|män)\b", sentence), sentence
    assert checked > 0


def test_no_sentence_is_said_twice(model):
    """The lead's "Av de N kommuner som har svarat ger K samma svar." is not repeated in
    the body (a real Dals-Ed text said it twice)."""
    for key, press in model.press.items():
        sentences = [
            s for p in (press.lead, *press.body) for s in re.split(r"(?<=[.!?])\s+", p) if s
        ]
        assert len(sentences) == len(set(sentences)), (key, sentences)
