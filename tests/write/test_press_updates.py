"""A press text that keeps itself up to date (issue 13): dateline, corrections, pins.

Offline and table-driven. Most cases use one real kommun × area of the embedded
default snapshot (Mellerud, hemtjänst) and call the pure final step
(corrections.finish) directly. Four nightly runs of the small fixture site, in
process (about five seconds), check the wiring: previous snapshot → revisions →
build → page, press.txt, feed; content file → pin → run report.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from insyn import build, inputs
from insyn.analyse import analysis
from insyn.check import report
from insyn.check.gates import WARN
from insyn.check.textcheck import check_text
from insyn.data import snapshot
from insyn.data.changes import Revision
from insyn.data.reference import Reference
from insyn.publish.targets import PUBLISHED, Outcome
from insyn.site import feeds, render
from insyn.write import corrections, text
from tests.helpers.project import ROOT

#: the real default's Mellerud × ekonomiskt bistånd leads on a change (a streak), so
#: the lead states two values; the fixture site of the nightly runs has two areas only
KOMMUN, AREA = "mellerud", "ekonomiskt-bistand"
MINI_AREA = "hemtjanst"
SOURCE = f"content/kommuner/{KOMMUN}.md"
FETCHED = "2024-08-30T00:00:00Z"
ATOM = "{http://www.w3.org/2005/Atom}"


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def snap():
    return snapshot.load_snapshot(ROOT / "data" / "default")


@pytest.fixture(scope="module")
def data(snap, config, reference):
    return analysis.prepare(snap, config, reference)


@pytest.fixture(scope="module")
def writer():
    return text.Writer(text.make_text_env(ROOT / "templates"))


@pytest.fixture(scope="module")
def kommun(reference):
    return reference.kommun_by_slug(KOMMUN)


@pytest.fixture(scope="module")
def facts(data, kommun, config):
    return analysis.analyse_area(data, kommun, config.area(AREA))


@pytest.fixture(scope="module")
def press(facts, data, writer, config):
    """The generated text before the final step."""
    return text.press_text(facts, data, writer, config)


def updates(revisions=None, fetched=FETCHED, sample=False):
    return corrections.Updates(
        corrections.fetched_date({"fetched_at": fetched}),
        sample,
        corrections.revision_index(revisions),
    )


def value(data, kommun, kpi, year):
    return data.total[(kpi, kommun.code)][year]


# ------------------------------------------------------------------ stated values


def test_the_text_records_the_values_it_states(press, facts):
    lead = facts.lead
    assert lead is not None and lead.previous is not None
    # the lead's value and the year before come first, then the body's indicators
    assert press.stated[:2] == ((lead.indicator.id, lead.year), (lead.indicator.id, lead.year - 1))
    others = text.choose_others(facts, lead)
    assert {(o.indicator.id, o.year) for o in others} <= set(press.stated)
    assert len(set(press.stated)) == len(press.stated)


# ------------------------------------------------------------------ dateline

DATELINES = [
    # (fetched_at, sample, expected dateline)
    (
        FETCHED,
        False,
        "Texten bygger på uppgifter för {y}, hämtade från Kolada den 30 augusti 2024.",
    ),
    ("2025-01-05T23:59:59Z", False, "hämtade från Kolada den 5 januari 2025."),
    (
        "2026-03-01T00:00:00Z",
        True,
        "Siffrorna avser {y} och skapades den 1 mars 2026.",
    ),
    ("", False, "Texten bygger på uppgifter för {y}."),
    ("inte ett datum", False, "Texten bygger på uppgifter för {y}."),
]


@pytest.mark.parametrize(("fetched", "sample", "expected"), DATELINES)
def test_dateline_has_the_data_year_and_the_snapshot_date(
    fetched, sample, expected, press, facts, writer, kommun
):
    done, notices = corrections.finish(
        press, facts, writer, updates(fetched=fetched, sample=sample)
    )
    assert notices == ()
    assert done.dateline is not None
    assert done.dateline.endswith(expected.format(y=facts.data_year))
    # under the headline in every form of the text
    assert done.as_text().split("\n\n")[1 + bool(done.sample_note)] == done.dateline
    assert f"*{done.dateline}*" in done.as_markdown()
    assert done.paragraphs()[0] == done.dateline  # the feed entry's content
    assert not check_text(done.as_text(), official_name=kommun.official_name, percent_context=True)


def test_dateline_is_deterministic_and_not_the_clock(press, facts, writer, snap):
    """Same snapshot, same text: the date is the manifest's, whatever day it is built."""
    first = corrections.finish(press, facts, writer, updates())[0].as_text()
    second = corrections.finish(press, facts, writer, updates())[0].as_text()
    assert first == second
    assert corrections.fetched_date(snap.manifest).isoformat() == snap.manifest["fetched_at"][:10]


def test_page_template_shows_dateline_and_correction(press, facts, writer, data, kommun):
    lead = facts.lead
    old = value(data, kommun, lead.indicator.id, lead.year) + 5
    revisions = [Revision(lead.indicator.id, kommun.code, lead.year, "T", old, lead.value)]
    done = corrections.finish(press, facts, writer, updates(revisions))[0]
    env = render.make_env(ROOT / "templates")
    page = env.get_template("_press.html").render(press=done)
    assert f'<p class="press-dateline">{html.escape(done.dateline, quote=False)}</p>' in page
    assert '<p class="press-correction">' in page
    assert html.escape(done.correction, quote=False) in page


CARRY = [
    # (case, previous map, digest now, fetched, expected (digest, day) or None)
    ("first publish", None, "d1", "2024-09-02", ("d1", "2024-09-02")),
    ("same values", {"K": ["d1", "2024-08-30"]}, "d1", "2024-09-02", ("d1", "2024-08-30")),
    ("changed values", {"K": ["d0", "2024-08-30"]}, "d1", "2024-09-02", ("d1", "2024-09-02")),
    ("malformed day", {"K": ["d1", "30 aug"]}, "d1", "2024-09-02", ("d1", "2024-09-02")),
    ("malformed entry", {"K": "d1"}, "d1", "2024-09-02", ("d1", "2024-09-02")),
    ("no day at all", None, "d1", None, None),
]


@pytest.mark.parametrize(
    ("case", "previous", "digest", "fetched", "expected"), CARRY, ids=[c[0] for c in CARRY]
)
def test_dates_carry_forward_while_the_values_stay(case, previous, digest, fetched, expected):
    day = corrections.fetched_date({"fetched_at": fetched or ""})
    carried = corrections.carry_dates(previous, {"K": digest}, day)
    assert carried.get("K") == expected


def test_dateline_day_is_the_latest_of_the_areas_kpis(press, facts, writer):
    kpis = [i.id for i in facts.area.indicators]
    days = {kpi: corrections.fetched_date({"fetched_at": "2024-08-30"}) for kpi in kpis}
    days[kpis[-1]] = corrections.fetched_date({"fetched_at": "2024-09-03"})
    upd = replace(updates(), dates=days)
    done, _ = corrections.finish(press, facts, writer, upd)
    assert done.dated == "2024-09-03" and done.dateline.endswith("den 3 september 2024.")
    del days[kpis[-1]]  # a KPI without a day counts as fetched with the snapshot
    done, _ = corrections.finish(press, facts, writer, replace(updates(), dates=days))
    assert done.dated == "2024-08-30"


# ------------------------------------------------------------------ corrections


def _lead_now(data, kommun, facts, press, delta):
    lead = facts.lead
    v = value(data, kommun, lead.indicator.id, lead.year)
    return [Revision(lead.indicator.id, kommun.code, lead.year, "T", v + delta, v)]


def _lead_before(data, kommun, facts, press, delta):
    lead = facts.lead
    v = value(data, kommun, lead.indicator.id, lead.year - 1)
    return [Revision(lead.indicator.id, kommun.code, lead.year - 1, "T", v + delta, v)]


def _rounds_away(data, kommun, facts, press, delta):
    """A revision that prints as the same figure ("6,9 procent" before and after)."""
    lead = facts.lead
    v = value(data, kommun, lead.indicator.id, lead.year)
    same = [
        v + d
        for d in (0.04, -0.04, 0.004, -0.004, 0.4, -0.4)
        if text._value(lead.indicator, v + d) == text._value(lead.indicator, v)
    ]
    assert same, "no small revision prints alike"
    return [Revision(lead.indicator.id, kommun.code, lead.year, "T", same[0], v)]


def _unstated(data, kommun, facts, press, delta):
    """Values of the area the text does not state: the lead indicator's first year,
    and the latest value of every indicator the body leaves out."""
    lead = facts.lead
    series = data.total[(lead.indicator.id, kommun.code)]
    first = min(series)
    assert (lead.indicator.id, first) not in press.stated
    out = [Revision(lead.indicator.id, kommun.code, first, "T", series[first] + delta, 1.0)]
    told = {kpi for kpi, _ in press.stated}
    left_out = [f for f in facts.indicators if f.value is not None and f.indicator.id not in told]
    assert left_out
    out += [
        Revision(f.indicator.id, kommun.code, f.year, "T", f.value + delta, f.value)
        for f in left_out
    ]
    return out


def _other_kommun(data, kommun, facts, press, delta):
    lead = facts.lead
    return [Revision(lead.indicator.id, "1492", lead.year, "T", 1.0, 99.0)]


def _women_only(data, kommun, facts, press, delta):
    lead = facts.lead
    return [Revision(lead.indicator.id, kommun.code, lead.year, "K", 1.0, 99.0)]


def _added(data, kommun, facts, press, delta):
    lead = facts.lead
    return [Revision(lead.indicator.id, kommun.code, lead.year, "T", None, lead.value)]


def _both_years(data, kommun, facts, press, delta):
    return _lead_now(data, kommun, facts, press, delta) + _lead_before(
        data, kommun, facts, press, delta
    )


def _every_stated(data, kommun, facts, press, delta):
    assert len(press.stated) > corrections.MAX_ITEMS
    return [
        Revision(kpi, kommun.code, year, "T", value(data, kommun, kpi, year) + delta, v)
        for kpi, year in press.stated
        for v in [value(data, kommun, kpi, year)]
    ]


ONE = (
    r"^Uppgiften för {y} har ändrats av källan sedan förra versionen av texten: "
    r"andelen .* var tidigare .* procent och är nu .* procent\.$"
)
TWO = (
    r"^Källan har ändrat två uppgifter sedan förra versionen av texten: "
    r"för {y} var [^;]*; för {p} var [^;]*\.$"
)
MANY = (
    r"^Källan har ändrat (fyra|fem|sex|sju|åtta) uppgifter sedan förra versionen av texten, "
    r"bland dem: (för \d{{4}} var [^;]*; ){{2}}för \d{{4}} var [^;]*\.$"
)

CORRECTIONS = [
    # (case, revisions(data, kommun, facts, press, delta), delta, None or a regex)
    ("lead value revised", _lead_now, 3.0, ONE),
    ("previous year revised", _lead_before, -2.0, r"^Uppgiften för {p} har ändrats av källan"),
    ("revision rounds to the same figure", _rounds_away, 0.0, None),
    ("unstated values", _unstated, 3.0, None),
    ("another kommun", _other_kommun, 3.0, None),
    ("women only (gender K)", _women_only, 3.0, None),
    ("a value added, not revised", _added, 3.0, None),
    ("two stated values", _both_years, 3.0, TWO),
    ("more than three", _every_stated, 4.0, MANY),
]


@pytest.mark.parametrize(
    ("case", "make", "delta", "expected"), CORRECTIONS, ids=[c[0] for c in CORRECTIONS]
)
def test_correction_line(case, make, delta, expected, press, facts, writer, data, kommun):
    revisions = make(data, kommun, facts, press, delta)
    done, notices = corrections.finish(press, facts, writer, updates(revisions))
    assert notices == ()
    if expected is None:
        assert done.correction is None
        assert (
            "ändrats av källan" not in done.as_text() and "Källan har ändrat" not in done.as_text()
        )
        return
    year = facts.lead.year
    assert re.match(expected.format(y=year, p=year - 1), done.correction), done.correction
    # one line, after the body and before "Om siffrorna", in every form of the text
    assert "\n" not in done.correction
    parts = done.as_text().split("\n\n")
    assert parts[parts.index(f"Om siffrorna: {done.method}") - 1] == done.correction
    assert done.correction in done.as_markdown()
    assert done.correction in done.paragraphs()
    assert not check_text(done.as_text(), official_name=kommun.official_name, percent_context=True)


def test_no_previous_snapshot_no_correction(press, facts, writer):
    done, _ = corrections.finish(press, facts, writer, updates(None))
    assert done.correction is None
    assert corrections.revision_index(None) is None


def test_correction_states_both_printed_figures(press, facts, writer, data, kommun):
    lead = facts.lead
    ind = lead.indicator
    revisions = _lead_now(data, kommun, facts, press, 3.0)
    done, _ = corrections.finish(press, facts, writer, updates(revisions))
    old = text._value(ind, revisions[0].old)
    new = text._value(ind, revisions[0].new)
    assert old != new
    assert f"var tidigare {old} och är nu {new}." in done.correction
    assert new in done.lead  # the text itself states the new figure


def test_yes_no_correction_names_the_answers(config, reference, data, writer):
    """A revised yes/no answer: "svaret på frågan om … var tidigare ja och är nu nej"."""
    for k in reference.kommuner:
        for area in config.areas:
            facts = analysis.analyse_area(data, k, area)
            press = text.press_text(facts, data, writer, config)
            inds = {f.indicator.id: f.indicator for f in facts.indicators}
            for kpi, year in press.stated:
                ind = inds[kpi]
                if ind.unit != "yesno" or not ind.phrase.startswith("om "):
                    continue
                now = value(data, k, kpi, year)
                codes = [c for c, _ in ind.scale if c != now]
                revisions = [Revision(kpi, k.code, year, "T", float(codes[0]), now)]
                done, _ = corrections.finish(press, facts, writer, updates(revisions))
                labels = {c: label.lower() for c, label in ind.scale}
                assert (
                    f"svaret på frågan {ind.phrase} var tidigare {labels[codes[0]]} "
                    f"och är nu {labels[int(now)]}." in done.correction
                )
                return
    pytest.fail("no text states a yes/no answer")


# ------------------------------------------------------------------ feed


def test_feed_entry_for_a_correction(press, facts, writer, data, kommun, config, reference):
    """The kommun's feed: the entry of the corrected text keeps its id, is updated with
    the snapshot, and says the correction first in its summary and in its content."""
    lan = reference.lan_of(kommun)
    one = Reference((kommun,), (lan,), reference.kommungrupper)
    areas = {(kommun.code, a.slug): analysis.analyse_area(data, kommun, a) for a in config.areas}
    plain = {
        key: corrections.finish(text.press_text(f, data, writer, config), f, writer, updates())[0]
        for key, f in areas.items()
    }
    revisions = _lead_now(data, kommun, facts, press, 3.0)
    corrected = dict(plain)
    corrected[(kommun.code, AREA)] = corrections.finish(press, facts, writer, updates(revisions))[0]
    updated = datetime(2024, 8, 30, tzinfo=UTC)

    def entry(texts):
        model = SimpleNamespace(areas=areas, press=texts)
        feed = feeds.site_feeds(model, config, one, updated)[f"{KOMMUN}/feed.xml"]
        root = ET.fromstring(feed)
        found = [
            e
            for e in root.findall(f"{ATOM}entry")
            if e.find(f"{ATOM}link").get("href").endswith(f"/{KOMMUN}/{AREA}/")
        ]
        assert len(found) == 1
        return found[0]

    before, after = entry(plain), entry(corrected)
    line = corrected[(kommun.code, AREA)].correction
    assert line
    assert after.findtext(f"{ATOM}id") == before.findtext(f"{ATOM}id")
    assert after.findtext(f"{ATOM}id") == feeds.entry_id(
        config.site.base_url, kommun, config.area(AREA), facts.data_year
    )
    # the entry's updated is its dateline's day (here the snapshot's; a nightly gives
    # a corrected text the day of the fetch that brought the revision)
    assert after.findtext(f"{ATOM}updated") == "2024-08-30T00:00:00Z"
    later = replace(corrected[(kommun.code, AREA)], dated="2024-09-02")
    assert entry({**corrected, (kommun.code, AREA): later}).findtext(f"{ATOM}updated") == (
        "2024-09-02T00:00:00Z"
    )
    assert after.findtext(f"{ATOM}summary").startswith(line + " ")
    assert f"<p>{html.escape(line, quote=False)}</p>" in after.findtext(f"{ATOM}content")
    assert line not in before.findtext(f"{ATOM}content")
    dateline = corrected[(kommun.code, AREA)].dateline
    assert f"<p>{html.escape(dateline, quote=False)}</p>" in after.findtext(f"{ATOM}content")


# ------------------------------------------------------------------ pins

PIN_HEADLINE = "Fler i Mellerud nöjda med hemtjänsten"
PIN_LEAD = "Nio av tio äldre med hemtjänst i Melleruds kommun är nöjda med hjälpen."

PINS = [
    # (case, year offset from the data year, headline, lead, expected headline/lead, notice kind)
    ("both, same year", 0, PIN_HEADLINE, PIN_LEAD, (PIN_HEADLINE, PIN_LEAD), None),
    ("headline only, same year", 0, PIN_HEADLINE, None, (PIN_HEADLINE, None), None),
    ("lead only, same year", 0, None, PIN_LEAD, (None, PIN_LEAD), None),
    ("older year: new data arrived", -1, PIN_HEADLINE, PIN_LEAD, (None, None), "pin_dropped"),
    ("another year", +1, PIN_HEADLINE, None, (None, None), "pin_dropped"),
]


@pytest.mark.parametrize(
    ("case", "offset", "headline", "lead", "expected", "kind"), PINS, ids=[p[0] for p in PINS]
)
def test_pinned_headline_and_lead(
    case, offset, headline, lead, expected, kind, press, facts, writer
):
    pin = text.Pin(AREA, facts.data_year + offset, headline, lead)
    done, notices = corrections.finish(press, facts, writer, updates(), pin)
    want_headline = expected[0] or press.headline
    want_lead = expected[1] or press.lead
    assert (done.headline, done.lead) == (want_headline, want_lead)
    assert done.as_text().startswith(want_headline + "\n\n")
    assert done.body == press.body and done.method == press.method  # the rest is generated
    if kind is None:
        assert notices == ()
        return
    assert [n.kind for n in notices] == [kind]
    message = notices[0].message
    assert SOURCE in message and f"pinned.{AREA}" in message
    assert str(pin.year) in message and str(facts.data_year) in message
    findings = report.text_findings([n.as_dict() for n in notices])
    assert [(f.gate, f.level) for f in findings] == [("fästa texter", WARN)]
    assert findings[0].examples == (message,)
    doc = report.Report("r1", "2024-08-30T00:00:00Z")
    doc.add_findings(findings)
    md = report.to_markdown(doc)
    assert "fästa texter" in md and message in md


def test_pinned_text_with_a_correction_asks_for_a_check(press, facts, writer, data, kommun):
    pin = text.Pin(AREA, facts.data_year, PIN_HEADLINE, PIN_LEAD)
    revisions = _lead_now(data, kommun, facts, press, 3.0)
    done, notices = corrections.finish(press, facts, writer, updates(revisions), pin)
    assert done.headline == PIN_HEADLINE and done.correction
    assert [n.kind for n in notices] == ["pin_corrected"]
    assert done.correction in notices[0].message
    assert [f.gate for f in report.text_findings([notices[0].as_dict()])] == ["fästa texter"]


@pytest.mark.parametrize(
    ("withheld", "offset", "published"),
    [
        (text.QUIET, 0, True),  # the communicator's own headline: a press release after all
        (text.QUIET, -1, False),  # a pin of an older year is dropped, and so is the release
        (text.MISSING, 0, False),  # no value for the year: nothing to publish under a pin
    ],
)
def test_a_pin_publishes_a_text_without_news(withheld, offset, published, press, facts, writer):
    """A text withheld for want of news (PressText.withheld) is the communicator's
    call: a pin for the data year makes it a press release; no value for the year
    stays no press release."""
    quiet = replace(press, withheld=withheld)
    pin = text.Pin(AREA, facts.data_year + offset, PIN_HEADLINE, None)
    done, _ = corrections.finish(quiet, facts, writer, updates(), pin)
    assert (not done.withheld) is published


def test_pinned_text_is_escaped_by_the_page(press, facts, writer):
    pin = text.Pin(AREA, facts.data_year, "<b>Fler</b> & färre", None)
    done, _ = corrections.finish(press, facts, writer, updates(), pin)
    page = render.make_env(ROOT / "templates").get_template("_press.html").render(press=done)
    assert "<h3>&lt;b&gt;Fler&lt;/b&gt; &amp; färre</h3>" in page


# ------------------------------------------------------------------ front matter

AREAS = ("hemtjanst", "ifo")
VALID = """---
name: Anna Andersson
role: socialchef
quote: "Vi fortsätter."
pinned:
  hemtjanst:
    year: 2022
    headline: "Fler i Mellerud
      nöjda med hemtjänsten"
    lead: Nio av tio är nöjda.
  ifo:
    year: 2023
    lead: En ingress.
---
Text.
"""


def test_front_matter_with_pins_parses():
    content = text.parse_kommun_content(VALID, SOURCE, AREAS)
    assert content.quote == text.Quote("Anna Andersson", "socialchef", "Vi fortsätter")
    assert content.pin("hemtjanst") == text.Pin(
        "hemtjanst", 2022, "Fler i Mellerud nöjda med hemtjänsten", "Nio av tio är nöjda."
    )
    assert content.pin("ifo") == text.Pin("ifo", 2023, None, "En ingress.")
    assert content.pin("lss") is None
    # pins alone, without a quote
    only = text.parse_kommun_content(
        "---\npinned:\n  ifo:\n    year: 2022\n    lead: L\n---\n", SOURCE, AREAS
    )
    assert only.quote is None and only.pins == (text.Pin("ifo", 2022, None, "L"),)
    assert text.parse_kommun_content("Ingen front matter.\n", SOURCE, AREAS) == text.KommunContent()


def _pin(body: str) -> str:
    return f"---\npinned:\n  hemtjanst:\n{body}---\n"


MALFORMED = [
    # (case, file text, the key path the message names, what it says)
    (
        "unknown top key",
        "---\nname: A\nrole: B\nquote: C\nphone: 1\n---\n",
        "unknown front matter key 'phone'",
        "known: name, role, quote, pinned",
    ),
    (
        "front matter not a mapping",
        "---\n- a\n- b\n---\n",
        "front matter",
        "expected keys and values",
    ),
    ("not YAML", "---\npinned: [a\n---\n", "front matter", "not valid YAML"),
    ("partial quote", "---\nname: A\n---\n", "role", "expected a non-empty string"),
    (
        "pinned is a list",
        "---\npinned:\n  - hemtjanst\n---\n",
        "pinned",
        "expected one entry per area slug",
    ),
    (
        "pinned is a string",
        "---\npinned: hemtjanst\n---\n",
        "pinned",
        "expected one entry per area slug",
    ),
    (
        "unknown area slug",
        "---\npinned:\n  hemtjänst:\n    year: 2022\n    lead: L\n---\n",
        "pinned.hemtjänst",
        "no area has that slug (areas: hemtjanst, ifo)",
    ),
    (
        "area slug not a string",
        "---\npinned:\n  2022:\n    lead: L\n---\n",
        "pinned.2022",
        "no area has that slug",
    ),
    (
        "entry not a mapping",
        _pin("    Fler nöjda\n"),
        "pinned.hemtjanst",
        "expected the keys year, headline, lead",
    ),
    (
        "unknown pin key",
        _pin("    year: 2022\n    rubrik: R\n"),
        "pinned.hemtjanst",
        "unknown key 'rubrik' (known: year, headline, lead)",
    ),
    ("missing year", _pin("    headline: R\n"), "pinned.hemtjanst.year", "missing"),
    (
        "year as a string",
        _pin("    year: '2022'\n    headline: R\n"),
        "pinned.hemtjanst.year",
        "expected a year such as 2022, got '2022'",
    ),
    (
        "year as a bool",
        _pin("    year: true\n    headline: R\n"),
        "pinned.hemtjanst.year",
        "expected a year such as 2022, got True",
    ),
    (
        "year as a float",
        _pin("    year: 2022.5\n    headline: R\n"),
        "pinned.hemtjanst.year",
        "expected a year such as 2022",
    ),
    (
        "two-digit year",
        _pin("    year: 22\n    headline: R\n"),
        "pinned.hemtjanst.year",
        "expected a year such as 2022, got 22",
    ),
    (
        "empty headline",
        _pin("    year: 2022\n    headline: '  '\n"),
        "pinned.hemtjanst.headline",
        "expected a non-empty string",
    ),
    (
        "headline not a string",
        _pin("    year: 2022\n    headline: [R]\n"),
        "pinned.hemtjanst.headline",
        "expected a non-empty string",
    ),
    (
        "lead a number",
        _pin("    year: 2022\n    lead: 12\n"),
        "pinned.hemtjanst.lead",
        "expected a non-empty string",
    ),
    (
        "lead null",
        _pin("    year: 2022\n    lead:\n"),
        "pinned.hemtjanst.lead",
        "expected a non-empty string",
    ),
    (
        "nothing pinned",
        _pin("    year: 2022\n"),
        "pinned.hemtjanst",
        "pins nothing; give a headline, a lead or both",
    ),
]


@pytest.mark.parametrize(("case", "front", "key", "says"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_front_matter_names_file_and_key(case, front, key, says):
    with pytest.raises(text.ContentError) as caught:
        text.parse_kommun_content(front, SOURCE, AREAS)
    message = str(caught.value)
    assert "\n" not in message.split(": front matter is not valid YAML")[0]
    assert message.startswith(f"{SOURCE}: {key}"), message
    assert says in message, message


# ------------------------------------------------------------------ the nightly run

NIGHTS = 4


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Four nightly runs of the fixture project, in process, each with a content file
    (a pin for this data year on Mellerud, a stale one on Åmål):

    1. the sample snapshot (fetched 1 March), first publish;
    2. a copy fetched on 2 March where the source revised a value the Mellerud
       hemtjänst text states (the ifo values are the same);
    3. the same copy again (the previous text stated the new value already);
    4. the same again: the build is a no-op.

    Returns per night (report, press.txt, index.html, feed.xml of Mellerud, press.txt
    of Åmål/ifo), and the facts and revised value.
    """
    from insyn import pipeline
    from tests.helpers.mini import make_mini_project
    from tests.helpers.snapshot_edit import edited_copy

    tmp = tmp_path_factory.mktemp("updates")
    root = make_mini_project(tmp)
    config = inputs.read_config(root / "config.yaml")
    reference = inputs.read_reference(root / "data" / "reference")
    sample = root / "data" / "sample"
    data = analysis.prepare(snapshot.load_snapshot(sample), config, reference)
    writer = text.Writer(text.make_text_env(ROOT / "templates"))
    mellerud = reference.kommun_by_slug(KOMMUN)
    facts = analysis.analyse_area(data, mellerud, config.area(MINI_AREA))
    kpi, year = text.press_text(facts, data, writer, config).stated[0]
    before = data.total[(kpi, mellerud.code)][year]
    after = before - 7 if before > 50 else before + 7

    def revise(rows):
        hit = [r for r in rows if r[:4] == [kpi, mellerud.code, str(year), "T"]]
        assert len(hit) == 1
        hit[0][4] = repr(after)
        return 1

    revised = tmp / "night2"
    edited_copy(sample, revised, revise)
    manifest = json.loads((revised / "manifest.json").read_text("utf-8"))
    manifest["fetched_at"] = "2026-03-02T01:00:00Z"  # fetched a day later
    (revised / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    folder = root / "content" / "kommuner"
    folder.mkdir()
    (folder / f"{KOMMUN}.md").write_text(
        f"---\npinned:\n  {MINI_AREA}:\n    year: {facts.data_year}\n"
        f'    headline: "{PIN_HEADLINE}"\n---\n',
        encoding="utf-8",
    )
    (folder / "amal.md").write_text(
        f"---\npinned:\n  ifo:\n    year: {facts.data_year - 1}\n"
        "    lead: En gammal ingress.\n---\n",
        encoding="utf-8",
    )
    site = tmp / "site"
    out = []
    for n, snap_dir in enumerate([sample, revised, revised, revised], start=1):
        options = pipeline.RunOptions(
            build=build.Options(
                root=root,
                config_path=root / "config.yaml",
                out=site,
                snapshot=snap_dir,
                images=False,
                jobs=1,
                progress=False,
                # the fourth night at the same build time as the third: a no-op build
                build_time=datetime(2026, 1, min(n, 3), tzinfo=UTC),
            ),
            targets=("dir",),
        )
        code, run = pipeline.run(
            options,
            config,
            reference,
            fetch=pytest.fail,
            publish=lambda names, path: [Outcome(t, PUBLISHED, "ok") for t in names],
        )
        assert code == pipeline.EXIT_OK, (run.error, run.findings)
        out.append(
            SimpleNamespace(
                report=run,
                press=(site / KOMMUN / MINI_AREA / "press.txt").read_text("utf-8"),
                page=(site / KOMMUN / MINI_AREA / "index.html").read_text("utf-8"),
                feed=(site / KOMMUN / "feed.xml").read_text("utf-8"),
                other=(site / "amal" / "ifo" / "press.txt").read_text("utf-8"),
                other_feed=(site / "amal" / "feed.xml").read_text("utf-8"),
                noop=(site / "manifest.json").stat().st_mtime_ns,
            )
        )
    return out, facts, (kpi, year, before, after)


def _gate(run, gate):
    return [f for f in run.findings if f["gate"] == gate]


def test_nightly_first_publish_has_a_dateline_and_no_correction(nights):
    out, facts, _ = nights
    first = out[0]
    headline, sample_note, dateline = first.press.split("\n\n")[:3]
    assert headline == PIN_HEADLINE and sample_note.startswith("Exempeldata")
    assert dateline == f"Siffrorna avser {facts.data_year} och skapades den 1 mars 2026."
    assert "ändrats av källan" not in first.press and "press-correction" not in first.page
    assert 'class="press-dateline"' in first.page and f"<h3>{PIN_HEADLINE}</h3>" in first.page


def test_nightly_revision_of_a_stated_value_is_corrected_once(nights):
    out, facts, (kpi, year, before, after) = nights
    ind = facts.lead.indicator
    assert ind.id == kpi  # the lead's value is the first the text states
    second, third = out[1], out[2]
    line = next(p for p in second.press.split("\n\n") if "ändrats av källan" in p)
    assert line.startswith(f"Uppgiften för {year} har ändrats av källan sedan förra versionen")
    assert f"var tidigare {text._value(ind, before)} och är nu {text._value(ind, after)}." in line
    assert f'<p class="press-correction">{html.escape(line, quote=False)}</p>' in second.page
    # the kommun's feed: the entry of the text says it first, under the same id
    entries = {
        e.findtext(f"{ATOM}id"): e for e in ET.fromstring(second.feed).findall(f"{ATOM}entry")
    }
    first_ids = [e.findtext(f"{ATOM}id") for e in ET.fromstring(out[0].feed).iter(f"{ATOM}entry")]
    assert list(entries) == first_ids
    corrected = [e for e in entries.values() if line in (e.findtext(f"{ATOM}summary") or "")]
    assert len(corrected) == 1 and corrected[0].findtext(f"{ATOM}id").endswith(
        f"/{KOMMUN}/{MINI_AREA}/{facts.data_year}"
    )
    # after the sample notice, before the lead
    sample_note = second.press.split("\n\n")[1]
    assert corrected[0].findtext(f"{ATOM}summary").startswith(f"{sample_note} {line} ")
    # the pinned headline stays (same data year) and the report asks for a check
    assert second.press.startswith(PIN_HEADLINE + "\n")
    assert any(KOMMUN in e for f in _gate(second.report, "fästa texter") for e in f["examples"])
    # the next night the previous text stated the new value already: no correction
    assert "ändrats av källan" not in third.press and "press-correction" not in third.page
    assert third.press.split("\n\n")[3:] == [p for p in second.press.split("\n\n")[3:] if p != line]


def test_nightly_dates_change_with_the_values_only(nights):
    """The dateline's day is the day the area's values were fetched as they are: the
    revised hemtjänst texts say 2 March, the unchanged ifo texts keep 1 March, and a
    text whose values did not change is the same every night (nothing to resend)."""
    out, facts, _ = nights
    year = facts.data_year
    first, second, third = out[0], out[1], out[2]
    assert f"Siffrorna avser {year} och skapades den 2 mars 2026." in second.press
    assert f"Siffrorna avser {year} och skapades den 2 mars 2026." in third.press
    assert f"Siffrorna avser {year} och skapades den 1 mars 2026." in first.other
    assert first.other == second.other == third.other == out[3].other

    def updated(feed, area, kommun=KOMMUN):
        for e in ET.fromstring(feed).iter(f"{ATOM}entry"):
            if e.findtext(f"{ATOM}id").endswith(f"/{kommun}/{area}/{year}"):
                return e.findtext(f"{ATOM}updated")
        raise AssertionError(area)

    assert updated(first.feed, MINI_AREA) == "2026-03-01T00:00:00Z"
    assert updated(first.other_feed, "ifo", "amal") == "2026-03-01T00:00:00Z"
    # the corrected entry is fresh; an unchanged text keeps its day
    assert updated(second.feed, MINI_AREA) == "2026-03-02T00:00:00Z"
    assert updated(second.other_feed, "ifo", "amal") == "2026-03-01T00:00:00Z"


def test_nightly_report_warns_of_a_stale_pin_every_night(nights):
    out, facts, _ = nights
    for n, night in enumerate(out, start=1):
        assert "En gammal ingress." not in night.other
        found = _gate(night.report, "fästa texter")
        dropped = [f for f in found if "inte används längre" in f["message"]]
        assert len(dropped) == 1 and dropped[0]["level"] == WARN, n
        assert dropped[0]["examples"][0].startswith(
            f"content/kommuner/amal.md: den fästa ingressen för ifo gäller {facts.data_year - 1}"
        )
        assert "fästa texter" in report.to_markdown(night.report)
    # the fourth night's build is a no-op (nothing rewritten) and still says it
    assert out[3].noop == out[2].noop


def test_other_revisions_are_another_build_input(tmp_path):
    options = build.Options(
        root=ROOT,
        config_path=ROOT / "config.yaml",
        out=tmp_path,
        snapshot=ROOT / "data" / "sample",
        build_time=datetime(2026, 1, 1, tzinfo=UTC),
    )
    config = inputs.read_config(options.config_path)

    def fingerprint(revisions):
        o = replace(options, revisions=revisions)
        return build.input_fingerprint(o, config, options.snapshot, options.build_time)

    r = Revision("U21468", "1461", 2022, "T", 70.0, 80.0)
    later = replace(r, year=2023)
    prints = [fingerprint(None), fingerprint(()), fingerprint((r,)), fingerprint((later,))]
    assert len(set(prints)) == len(prints)
    assert fingerprint((r, later)) == fingerprint((later, r))  # order does not matter
