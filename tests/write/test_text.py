"""Generated Swedish text: snapshot tests and a style check over every text of the sample site.

Update the snapshots after an intended wording change with `make snapshots`
(UPDATE_SNAPSHOTS=1), then read the diff as a communicator would.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from insyn.analyse import analysis
from insyn.check.textcheck import check_text, format_violations
from insyn.config import parse_config
from insyn.data import snapshot
from insyn.write import sv, text
from tests.helpers.project import ROOT
from tests.helpers.words import number

SNAPSHOTS = Path(__file__).parent.parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="session")
def sample():
    return snapshot.load_snapshot(ROOT / "data" / "sample")


@pytest.fixture(scope="session")
def writer():
    return text.Writer(text.make_text_env(ROOT / "templates"))


@pytest.fixture(scope="session")
def model(sample_model):
    return sample_model


def _compare(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written; check it and commit")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, run `make snapshots` and review the diff"
    )


# ------------------------------------------------------------------ snapshots

#: (kommun slug, area slug, what the case is about, a check that it still is)
CASES = [
    (
        "upplands-vasby",
        "hemloshet",
        "a fall against the national trend",
        lambda f: (
            f.lead.change is not None and f.lead.change < 0 and (f.lead.national_change or 0) > 0
        ),
    ),
    ("gotland", "hemloshet", "the area score leads", lambda f: f.score is not None),
]


def _case_facts(model, reference, slug, area):
    return model.areas[(reference.kommun_by_slug(slug).code, area)]


def _find(model, predicate):
    """The first kommun × area (in code order) whose facts fit a case."""
    for key in sorted(model.areas):
        facts = model.areas[key]
        if facts.lead is not None and predicate(facts):
            return facts
    raise AssertionError("no kommun × area fits the case")


def _big_change(sign):
    def pred(f):
        lead = f.lead
        return (
            lead.facts[0].kind == "change"
            and lead.change is not None
            and lead.change * sign > 0
            and lead.change_z > 2.5
            and lead.indicator.unit == "percent"
        )

    return pred


FOUND = {
    "large-rise": _big_change(+1),
    "large-fall": _big_change(-1),
    "no-change": lambda f: (
        f.lead.facts[0].kind == "unchanged"
        or (f.lead.change == 0 and f.lead.indicator.unit == "percent")
    ),
    "missing-data": lambda f: sum(i.missing_now for i in f.indicators) >= 2,
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_press_text_snapshot_by_case(case, model, config, sample, writer):
    facts = _find(model, FOUND[case])
    name = f"press-{case}-{facts.kommun.slug}-{facts.area.slug}.txt"
    _compare(name, model.press[(facts.kommun.code, facts.area.slug)].as_text())


@pytest.mark.parametrize(("slug", "area", "about", "check"), CASES, ids=[c[2] for c in CASES])
def test_press_text_snapshot(slug, area, about, check, model, reference):
    facts = _case_facts(model, reference, slug, area)
    assert check(facts), f"{slug}/{area} no longer shows {about}"
    _compare(f"press-{slug}-{area}.txt", model.press[(facts.kommun.code, area)].as_text())


def test_press_text_for_a_yes_no_only_area(sample, reference, writer):
    """An area of yes/no questions only: the text is about answers and the area score."""
    import yaml

    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    hem = next(a for a in raw["areas"] if a["slug"] == "hemloshet")
    hem["indicators"] = [i for i in hem["indicators"] if i["unit"] == "yesno"]
    raw["areas"] = [hem]
    cfg = parse_config(raw)
    data = analysis.prepare(sample, cfg, reference)
    kommun = reference.kommun_by_slug("ale")
    facts = analysis.analyse_area(data, kommun, cfg.area("hemloshet"))
    assert all(f.indicator.unit == "yesno" for f in facts.indicators)
    press = text.press_text(facts, data, writer, cfg)
    assert not check_text(press.as_text(), official_name=kommun.official_name)
    _compare("press-yesno-only-ale-hemloshet.txt", press.as_text())


def test_area_text_snapshot(model):
    _compare("area-hemtjanst.txt", model.nationals["hemtjanst"].as_text())


def test_lan_text_snapshot(model):
    _compare("lan-14.txt", model.lan_texts["14"].as_text())


def test_overview_snapshot(model, reference):
    _compare(
        "overview-mellerud.txt",
        model.overviews[reference.kommun_by_slug("mellerud").code].as_text(),
    )


def test_no_snapshot_is_left_over(model):
    """Every text snapshot is one a test here compares: a case that moved to another
    kommun (``_find``) left its old file behind, unread, and a reader of the snapshots
    took it for the current text (six such files were found)."""
    names = {f"press-{slug}-{area}.txt" for slug, area, *_ in CASES}
    for case, predicate in FOUND.items():
        facts = _find(model, predicate)
        names.add(f"press-{case}-{facts.kommun.slug}-{facts.area.slug}.txt")
    names |= {
        "press-yesno-only-ale-hemloshet.txt",
        "area-hemtjanst.txt",
        "lan-14.txt",
        "overview-mellerud.txt",
    }
    assert sorted(p.name for p in SNAPSHOTS.glob("*.txt")) == sorted(names)


def test_markdown_version_escapes_markup(model, reference):
    md = model.press[(reference.kommun_by_slug("mellerud").code, "hemtjanst")].as_markdown()
    assert md.startswith("# ") and "## Om siffrorna" in md
    assert text.md_escape("*a* _b_ [c](d) <e> #f") == r"\*a\* \_b\_ \[c\](d) \<e\> \#f"


def test_quote_is_used(sample, config, reference, writer):
    quote = text.parse_quote(
        "---\nname: Anna Andersson\nrole: socialchef\nquote: Vi ska fortsätta arbetet.\n---\n",
        "mellerud.md",
    )
    data = analysis.prepare(sample, config, reference)
    facts = analysis.analyse_area(
        data, reference.kommun_by_slug("mellerud"), config.area("hemtjanst")
    )
    press = text.press_text(facts, data, writer, config, quote)
    assert "– Vi ska fortsätta arbetet, säger Anna Andersson, socialchef." in press.as_text()


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("---\nname: A\nrole: B\nquote: C\nphone: 1\n---\n", "unknown front matter key 'phone'"),
        ("---\nname: A\nrole: ''\nquote: C\n---\n", "role: expected a non-empty string"),
        ("---\nname: [A\n---\n", r"front matter: line \d+: not valid YAML"),
    ],
)
def test_bad_quote_file_is_refused(front, message):
    with pytest.raises(text.ContentError, match=message):
        text.parse_quote(front, "x.md")


# ----------------------------------------------------------------- style check


def test_every_text_of_the_sample_site_follows_sprak(model, reference, config):
    """No % in running text, decimal comma, no digit at a sentence start, NBSP thousands,
    procentenheter for changes in percentages, no None/nan, the official name used."""
    problems = []
    percent_areas = {a.slug: any(i.unit == "percent" for i in a.indicators) for a in config.areas}
    for (code, area), press in model.press.items():
        kommun = reference.kommun(code)
        found = check_text(
            press.as_text(),
            official_name=kommun.official_name,
            percent_context=percent_areas[area],
            min_rank_base=config.thresholds.min_rank_base,
        )
        if found:
            problems.append(format_violations(f"{kommun.slug}/{area}", found))
    for code, overview in model.overviews.items():
        found = check_text(
            overview.as_text(),
            official_name=reference.kommun(code).official_name,
            min_rank_base=config.thresholds.min_rank_base,
        )
        if found:
            problems.append(format_violations(f"{reference.kommun(code).slug} (översikt)", found))
    for slug, national in model.nationals.items():
        found = check_text(national.as_text(), percent_context=True)
        if found:
            problems.append(format_violations(f"omrade/{slug}", found))
    for code, lan in model.lan_texts.items():
        found = check_text(lan.as_text(), percent_context=True)
        if found:
            problems.append(format_violations(f"lan/{code}", found))
    assert len(model.press) == len(reference.kommuner) * len(config.areas)
    assert not problems, f"{len(problems)} texts break SPRAK.md:\n" + "\n".join(problems[:40])


def test_headline_and_lead_agree_on_every_sample_text(model):
    """The headline rests on the lead's fact and figures (issue 12): a streak in the
    headline is a streak in the lead, a figure in the headline is in the lead, and a
    lead that says "samma som året innan" has no moving headline above it."""
    problems = []
    for key, press in sorted(model.press.items()):
        head, lead = press.headline, press.lead
        figures = re.findall(r"\d+(?:,\d+)? (?:procent(?!enhet)|kronor|dagar)", head)
        if "i rad" in head and "i rad" not in lead:
            problems.append((key, "streak", head, lead))
        elif any(f not in lead for f in figures if not head.count(f"de {f}")):
            problems.append((key, "figure", head, lead))
        elif "samma som året innan" in lead and re.search(r"\b(ökar|minskar|i rad)\b", head):
            problems.append((key, "unchanged", head, lead))
        elif re.search(r"\b0(,0)? procentenhet", lead):
            problems.append((key, "zero", head, lead))
    assert not problems, problems[:5]


def test_texts_vary_between_neighbours(model, reference):
    """290 pages must not read as one sentence with the names swapped."""
    leads = {}
    for (code, area), press in model.press.items():
        if area == "hemtjanst":
            kommun = reference.kommun(code)
            shape = press.lead.replace(kommun.official_name, "K").split(" ")[:4]
            leads[" ".join(shape)] = leads.get(" ".join(shape), 0) + 1
    assert len(leads) >= 6, leads
    # every survey share of hemtjänst is "Andelen äldre med hemtjänst som …": leads that
    # open with the subject share four words whatever the indicator (146 of 290 of the
    # sample since review r42, whose stricter news judgement leads more on moves)
    assert max(leads.values()) < 0.55 * len(reference.kommuner)


def test_sample_texts_are_marked(model):
    assert all(p.sample_note and "Exempeldata" in p.sample_note for p in model.press.values())


# ----------------------------------------------------------- issue 13: editor's rules


def test_every_headline_states_a_finding_in_6_to_12_words(model):
    """A headline is a finding with a finite verb, 6–12 words (SPRAK.md)."""
    from insyn.check.textcheck import check_headline

    problems = [
        (key, press.headline, v.message)
        for key, press in sorted(model.press.items())
        for v in check_headline(press.headline, key[1])
    ]
    assert not problems, problems[:10]


def test_no_lead_opening_in_more_than_one_text_in_ten(model):
    """SPRAK.md: no opening (first three words of a lead) in more than one text in ten."""
    from insyn.check.textcheck import opening_shares

    top = opening_shares([p.lead for p in model.press.values()])[0]
    assert top[2] <= 0.10, top


def test_no_lead_opening_with_the_name_masked_in_more_than_one_in_ten(model, reference):
    """The same with the kommun's name masked, as an editor reads 290 pages ("I X kommun
    var" opened 27 procent of the real site's leads: review r35, 16 procent at review
    r39; 9,8 procent on the real default since)."""
    from insyn.check.textcheck import masked, opening_shares

    names = {k.code: (k.official_name, k.name) for k in reference.kommuner}
    leads = [masked(p.lead, names[code]) for (code, _), p in sorted(model.press.items())]
    top = opening_shares(leads)[0]
    assert top[2] <= 0.10, top


def test_no_lead_of_more_than_two_sentences_and_forty_words(model):
    """SPRAK.md: a lead of one or two short sentences (538 of 2 209 real leads ran to
    three or four: review r38); text.short_lead hands the rest to the body."""
    from insyn.check.textcheck import sentences

    long = [
        p.lead
        for p in model.press.values()
        if len(sentences(p.lead)) > 2 and len(p.lead.split()) > text.LEAD_WORDS
    ]
    assert not long, long[:3]


@pytest.mark.parametrize(
    ("lead", "keep", "kept", "moved"),
    [
        # short enough, or two sentences: untouched
        ("Ett. Två. Tre.", (), "Ett. Två. Tre.", ""),
        (" ".join(["ord"] * 45) + ". Två.", (), " ".join(["ord"] * 45) + ". Två.", ""),
        # long: the first and the second, the rest to the body
        (" ".join(["ord"] * 41) + ". Två. Tre.", (), " ".join(["ord"] * 41) + ". Två.", "Tre."),
        # a definition (or the headline's fact) before the second sentence
        (
            " ".join(["ord"] * 41) + ". Två. Tre. Term är.",
            ("Term är.",),
            " ".join(["ord"] * 41) + ". Term är.",
            "Två. Tre.",
        ),
        # who shares a kept place opens the body, before the sentences it passed over
        (
            " ".join(["ord"] * 41) + ". Svängt. Plats 3. Två andra kommuner har samma värde.",
            ("Plats 3.",),
            " ".join(["ord"] * 41) + ". Plats 3.",
            "Två andra kommuner har samma värde. Svängt.",
        ),
        # … and stays in the lead where it fits the words
        (
            " ".join(["ord"] * 20)
            + ". "
            + " ".join(["sväng"] * 20)
            + ". Plats 3. Två andra kommuner har samma värde.",
            ("Plats 3.",),
            " ".join(["ord"] * 20) + ". Plats 3. Två andra kommuner har samma värde.",
            " ".join(["sväng"] * 20) + ".",
        ),
    ],
)
def test_short_lead_keeps_two_sentences_of_a_long_lead(lead, keep, kept, moved):
    assert text.short_lead(lead, keep) == (kept, moved)


def test_highest_since_names_the_year_it_was_last_as_high(model):
    """ "den högsta sedan 2019" means it was last as high in 2019 (SPRAK.md): the year
    named has a value at least as high (low), and every year after it is lower."""
    seen = 0
    for key, facts in sorted(model.areas.items()):
        lead = facts.lead
        press = model.press[key]
        if lead is None or lead.trend is None or lead.trend.since is None:
            continue
        if f"sedan {lead.trend.since}" not in press.headline + press.lead:
            continue
        seen += 1
        assert lead.trend.record is None
        assert lead.year - lead.trend.since >= 3, key
    assert seen >= 1


#: how the synthesis says which indicators it counts (press.j2, synthesis)
WHICH = "där det går att säga vad som är bättre"


def test_synthesis_counts_add_up(model, config):
    """The synthesis counts the indicators with a desired direction that moved, and says
    how many: its words add up to the number it names."""
    from insyn.write import text as text_mod

    checked = 0
    for key, facts in sorted(model.areas.items()):
        found = text_mod.directions(facts)
        body = " ".join(model.press[key].body)
        if found is None:
            assert WHICH not in body, key
            continue
        counts, names = found
        better, worse, same, few = counts
        if not better and not worse and few:
            # nothing moved but a handful: no synthesis at all (text.synthesis)
            assert WHICH not in body, key
            continue
        n = better + worse + same + few
        word = sv.number_word(n, sv.NEUTRUM) if n <= 12 else str(n)
        assert (
            f"Av de {word} nyckeltal om {facts.area.short} {WHICH}" in body
            or f"Alla {word} nyckeltal om {facts.area.short} {WHICH}" in body
            or f"Inget av de {word} nyckeltal om {facts.area.short} {WHICH}" in body
        ), (key, counts, body)
        # those of a handful are said as such, neither counted nor left out unsaid
        handful = (
            f"För {names[0]}"
            if 1 <= few <= text_mod.FEW_NAMED
            else f"För de {sv.number_word(few, sv.NEUTRUM)} återstående var underlaget"
        )
        assert (handful in body) is bool(few), (key, counts, body)
        checked += 1
    assert checked > 100


def test_an_extreme_rank_is_not_called_a_quarter(model):
    """ "plats 2 av 290" is "bland de tio bästa", not "bland den bästa fjärdedelen"."""
    for key, press in sorted(model.press.items()):
        # who shares the place stands in the next sentence (sv.shared_sentence)
        pattern = (
            r"plats (\d+) av (\d+)[^.]*?fjärdedelen[^.]*\."
            r"(?: (?:(\w+) andra kommuner|En annan kommun) har samma| Samma \w+ har (\d+) andra)?"
        )
        for m in re.finditer(pattern, press.as_text()):
            rank, n = int(m.group(1)), int(m.group(2))
            said = m.group(3) or m.group(4)
            shared = said is not None or " En annan kommun har samma" in m.group()
            others = 1 if said is None else number(said)
            tied = 1 + others if shared else 1
            edge = min(rank + tied - 1, n - rank + 1)  # a tie reaches its far end
            assert edge > min(10, max(2, n // 10)), (key, m.group())


@pytest.mark.parametrize(
    ("year", "before", "expected"),
    [
        (2022, 2021, {"prev_when": "året innan", "prev_when_start": "Året innan"}),
        (2022, 2019, {"prev_when": "2019", "prev_when_start": "År 2019"}),
        (2022, None, {}),
        (None, None, {}),
    ],
)
def test_prev_when_names_the_year_across_a_gap(year, before, expected):
    assert text.prev_when(year, before) == expected


@pytest.mark.parametrize(
    ("now", "past", "said"),
    [
        # the repeated close becomes "det", and a repeated noun after a quantifier goes
        (
            "alla LSS-boenden har internet i lägenheterna",
            "några LSS-boenden hade internet i lägenheterna",
            "några hade det",
        ),
        (
            "alla LSS-boenden har internet i lägenheterna",
            "inget LSS-boende hade internet i lägenheterna",
            "inget LSS-boende hade det",
        ),
        # nothing shared: as it was
        (
            "det är brist på bostäder",
            "bostadsmarknaden var i balans",
            "bostadsmarknaden var i balans",
        ),
        # one shared word is not enough
        ("kommunen har en plan", "kommunen saknade en plan", "kommunen saknade en plan"),
        (None, "det var brist på bostäder", "det var brist på bostäder"),
    ],
)
def test_an_earlier_answer_does_not_repeat_this_years(now, past, said):
    assert text.past_after(now, past) == said
