"""Atom feeds: RFC 4287 structure, ids, escaping, order, caps, determinism; one real-model run.

Most tests use small fakes with the attributes feeds.py reads (a SiteModel's
``areas`` and ``press``, an AreaFacts' ``kommun``, ``area``, ``lead`` and
``data_year``) so that scores, names and years can be chosen per case.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from insyn import inputs
from insyn.config import Area, parse_config
from insyn.data import snapshot
from insyn.data.reference import Kommun, Lan, Reference
from insyn.site import feeds, plan
from insyn.site.feeds import entry_id, most_newsworthy, rfc3339, site_feeds
from insyn.write import text
from tests.helpers import whole as whole_site
from tests.helpers.project import ROOT, minimal_raw

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://example.se/insyn/"
UPDATED = datetime(2025, 9, 1, 6, 30, tzinfo=UTC)
# RFC 4151: tag:<DNS name>,<YYYY[-MM[-DD]]>:<specific>
TAG_RE = re.compile(
    r"^tag:[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*,"
    r"\d{4}(-\d{2}(-\d{2})?)?:[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$"
)
RFC3339_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
HOSTILE = "Ond & <b>\"Kommun\"</b> 'x' ]]>"


# --------------------------------------------------------------------------- fakes


@dataclass(frozen=True)
class FakeFacts:
    kommun: Kommun
    area: Area
    lead: object | None
    data_year: int | None


def make_config(n_areas: int = 2, organisation: str = "Testorganisationen"):
    raw = minimal_raw()
    first = raw["areas"][0]
    raw["areas"] = []
    for i in range(n_areas):
        area = {**first, "slug": f"omrade{i}", "title": f"Område {i}"}
        area["indicators"] = [
            {**ind, "id": f"X_{i}_{j}"} for j, ind in enumerate(first["indicators"])
        ]
        raw["areas"].append(area)
    raw["site"]["organisation"] = organisation
    return parse_config(raw, "test.yaml")


def make_kommun(i: int, name: str | None = None) -> Kommun:
    short = name or f"Kommun{i}"
    return Kommun(
        code=f"{1400 + i:04d}",
        name=short,
        official_name=f"{short} kommun",
        genitive=f"{short}s",
        preposition="i",
        slug=f"kommun-{i}",
        lan_code="14",
        kommungrupp="G1",
    )


def make_reference(kommuner: list[Kommun]) -> Reference:
    lan = Lan("14", "Västra Götalands län", "Västra Götaland", "0014", "vastra-gotaland", "G14")
    return Reference(tuple(kommuner), (lan,), ())


def make_press(headline: str, lead: str = "Ingressen.", sample: bool = False) -> text.PressText:
    return text.PressText(
        headline=headline,
        lead=lead,
        body=("Brödtext ett.", "Brödtext två."),
        quote=None,
        method="Källa: Kolada.",
        contact="Kontakt: test@example.se",
        sample_note="Exempeldata: påhittade siffror." if sample else None,
    )


def make_site(config, kommuner, score=lambda k, a: float(k), year=2025, press=None):
    """A fake SiteModel: every kommun × area, with ``score(kommun_index, area_index)``.

    A score of None means the text has no lead (nothing to report).
    """
    areas, texts = {}, {}
    for ki, k in enumerate(kommuner):
        for ai, a in enumerate(config.areas):
            s = score(ki, ai)
            lead = None if s is None else SimpleNamespace(score=s)
            areas[(k.code, a.slug)] = FakeFacts(k, a, lead, year)
            texts[(k.code, a.slug)] = (press or {}).get(
                (k.code, a.slug), make_press(f"Rubrik för {k.name}, {a.title}")
            )
    return SimpleNamespace(areas=areas, press=texts)


def parse(data: bytes) -> ET.Element:
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    data.decode("utf-8")  # valid UTF-8
    return ET.fromstring(data)


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]


def one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(f"{A}{tag}")
    assert len(found) == 1, f"{tag}: {len(found)} elements"
    return found[0]


def links(parent: ET.Element, rel: str) -> list[ET.Element]:
    return [el for el in parent.findall(f"{A}link") if el.get("rel", "alternate") == rel]


@pytest.fixture
def small():
    config = make_config(2)
    kommuner = [make_kommun(i) for i in range(4)]
    reference = make_reference(kommuner)
    return config, reference, make_site(config, kommuner)


# -------------------------------------------------------------------------- tests


def test_one_feed_for_the_site_each_kommun_and_each_area(small):
    config, reference, model = small
    files = site_feeds(model, config, reference, UPDATED)
    assert set(files) == {
        "feed.xml",
        *(f"kommun-{i}/feed.xml" for i in range(4)),
        "omrade/omrade0/feed.xml",
        "omrade/omrade1/feed.xml",
    }


def check_atom(path: str, data: bytes, base: str = BASE) -> ET.Element:
    """RFC 4287 §4.1.1 and §4.1.2 for one feed document; returns the parsed feed."""
    feed = parse(data)
    assert feed.tag == f"{A}feed"
    assert feed.get(XML_LANG) == "sv"
    assert TAG_RE.match(one(feed, "id").text), one(feed, "id").text
    assert one(feed, "title").text
    assert one(feed, "subtitle").text
    assert RFC3339_Z.match(one(feed, "updated").text)
    author = one(feed, "author")
    assert one(author, "name").text
    (self_link,) = links(feed, "self")
    assert self_link.get("type") == "application/atom+xml"
    assert self_link.get("href") == base + path
    (alternate,) = links(feed, "alternate")
    assert alternate.get("type") == "text/html"
    page = path.removesuffix("feed.xml")
    assert alternate.get("href") == base + page
    ids = entry_ids(feed)
    assert len(ids) == len(set(ids)), "entry ids must be unique in a feed"
    for entry in feed.findall(f"{A}entry"):
        assert TAG_RE.match(one(entry, "id").text), one(entry, "id").text
        assert one(entry, "title").text
        assert RFC3339_Z.match(one(entry, "updated").text)
        (link,) = links(entry, "alternate")
        assert link.get("href").startswith(base)
        assert link.get("type") == "text/html"
        assert one(entry, "summary").get("type") == "text"
        assert one(entry, "content").get("type") == "html"
        assert len(entry.findall(f"{A}author")) <= 1
    return feed


def test_every_feed_is_valid_atom(small):
    config, reference, model = small
    for path, data in site_feeds(model, config, reference, UPDATED).items():
        check_atom(path, data)


def test_feed_head_values(small):
    config, reference, model = small
    feed = parse(site_feeds(model, config, reference, UPDATED)["kommun-1/feed.xml"])
    assert one(feed, "title").text == "Insyn test – nyheter för Kommun1 kommun"
    assert one(feed, "id").text == "tag:example.se,2026:/insyn/kommun-1/feed.xml"
    assert one(feed, "updated").text == "2025-09-01T06:30:00Z"
    author = one(feed, "author")
    assert one(author, "name").text == "Testorganisationen"
    assert one(author, "email").text == "test@example.se"
    assert one(author, "uri").text == "https://example.se/"


def test_kommun_feed_has_one_entry_per_area_in_config_order(small):
    config, reference, model = small
    feed = parse(site_feeds(model, config, reference, UPDATED)["kommun-2/feed.xml"])
    entries = feed.findall(f"{A}entry")
    assert [one(e, "link").get("href") for e in entries] == [
        BASE + "kommun-2/omrade0/",
        BASE + "kommun-2/omrade1/",
    ]
    assert [one(e, "title").text for e in entries] == [
        "Rubrik för Kommun2, Område 0",
        "Rubrik för Kommun2, Område 1",
    ]
    assert entry_ids(feed) == [
        "tag:example.se,2026:/insyn/kommun-2/omrade0/2025",
        "tag:example.se,2026:/insyn/kommun-2/omrade1/2025",
    ]


def test_entry_carries_the_press_text(small):
    config, reference, _ = small
    kommuner = list(reference.kommuner)
    press = {(kommuner[0].code, "omrade0"): make_press("Rubriken", "Ingressen här.", sample=True)}
    model = make_site(config, kommuner, press=press)
    feed = parse(site_feeds(model, config, reference, UPDATED)["kommun-0/feed.xml"])
    entry = feed.findall(f"{A}entry")[0]
    assert one(entry, "title").text == "Rubriken"
    # the sample notice comes first, so a reader that shows only the summary still says it
    assert one(entry, "summary").text == "Exempeldata: påhittade siffror. Ingressen här."
    content = one(entry, "content").text
    paragraphs = [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", content)]
    assert paragraphs == text.PressText.paragraphs(press[(kommuner[0].code, "omrade0")])
    assert one(entry, "category").get("term") == "omrade0"


def test_hostile_names_and_headlines_round_trip():
    hostile_config = make_config(1, organisation=HOSTILE)
    kommun = make_kommun(0, name=HOSTILE)
    reference = make_reference([kommun])
    headline = "<script>alert(\"x\")</script> & co 'q' ]]> \r slut"
    lead = "a < b & c > d \x00\x0b utan styrtecken"
    press = {(kommun.code, "omrade0"): make_press(headline, lead)}
    model = make_site(hostile_config, [kommun], press=press)
    files = site_feeds(model, hostile_config, reference, UPDATED)
    for path, data in files.items():
        check_atom(path, data)
    feed = parse(files["kommun-0/feed.xml"])
    assert one(feed, "title").text == f"Insyn test – nyheter för {HOSTILE} kommun"
    assert one(one(feed, "author"), "name").text == HOSTILE
    entry = one(feed, "entry")
    assert one(entry, "title").text == headline  # the CR survives as a character reference
    assert one(entry, "summary").text == "a < b & c > d  utan styrtecken"  # XML-illegal dropped
    assert "<script>" not in one(entry, "content").text  # HTML-escaped inside the HTML
    assert b"<script>" not in files["kommun-0/feed.xml"]


def test_site_feed_takes_the_50_most_newsworthy():
    config = make_config(2)
    kommuner = [make_kommun(i) for i in range(40)]
    reference = make_reference(kommuner)
    # 80 texts; scores repeat so ties must be broken by kommun code, then area slug
    model = make_site(config, kommuner, score=lambda k, a: float((k * 7 + a * 3) % 11))
    files = site_feeds(model, config, reference, UPDATED)
    site = parse(files["feed.xml"])
    assert len(site.findall(f"{A}entry")) == feeds.MAX_ENTRIES == 50
    expected = sorted(
        model.areas.values(), key=lambda f: (-f.lead.score, f.kommun.code, f.area.slug)
    )[:50]
    assert entry_ids(site) == [entry_id(BASE, f.kommun, f.area, 2025) for f in expected]
    for area in config.areas:
        feed = parse(files[f"omrade/{area.slug}/feed.xml"])
        ids = entry_ids(feed)
        assert len(ids) == 40  # fewer kommuner than the cap: all of them
        assert all(f"/{area.slug}/" in i for i in ids)


def test_area_feed_is_capped_and_ordered():
    config = make_config(1)
    kommuner = [make_kommun(i) for i in range(60)]
    reference = make_reference(kommuner)
    model = make_site(config, kommuner, score=lambda k, a: float(k % 5))
    feed = parse(site_feeds(model, config, reference, UPDATED)["omrade/omrade0/feed.xml"])
    ids = entry_ids(feed)
    assert len(ids) == 50
    # score 4 first (kommun 4, 9, 14 ...), ties by kommun code
    assert ids[:3] == [entry_id(BASE, kommuner[k], config.areas[0], 2025) for k in (4, 9, 14)]


def test_texts_without_a_lead_are_not_news_but_stay_in_the_kommun_feed(small):
    config, reference, _ = small
    kommuner = list(reference.kommuner)
    model = make_site(config, kommuner, score=lambda k, a: None if k == 0 else 1.0)
    files = site_feeds(model, config, reference, UPDATED)
    assert not any("/kommun-0/" in i for i in entry_ids(parse(files["feed.xml"])))
    assert len(entry_ids(parse(files["feed.xml"]))) == 6
    assert len(entry_ids(parse(files["omrade/omrade0/feed.xml"]))) == 3
    assert len(entry_ids(parse(files["kommun-0/feed.xml"]))) == 2


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # (kommun index, area index, score) -> expected order of (kommun index, area index)
        ([(0, 0, 1.0), (1, 0, 3.0), (2, 0, 2.0)], [(1, 0), (2, 0), (0, 0)]),
        ([(2, 0, 1.0), (0, 0, 1.0), (1, 0, 1.0)], [(0, 0), (1, 0), (2, 0)]),  # ties: code
        ([(0, 1, 1.0), (0, 0, 1.0)], [(0, 0), (0, 1)]),  # same kommun: area slug
        ([(0, 0, None), (1, 0, 0.0)], [(1, 0)]),  # no lead: left out; score 0 stays
        ([(0, 0, -1.0), (1, 0, 0.5)], [(1, 0), (0, 0)]),
    ],
)
def test_most_newsworthy_order(scores, expected):
    config = make_config(2)
    kommuner = [make_kommun(i) for i in range(3)]
    facts = [
        FakeFacts(
            kommuner[k], config.areas[a], None if s is None else SimpleNamespace(score=s), 2025
        )
        for k, a, s in scores
    ]
    got = most_newsworthy(facts)
    assert [(kommuner.index(f.kommun), config.areas.index(f.area)) for f in got] == expected


def test_most_newsworthy_limit():
    config = make_config(1)
    facts = [
        FakeFacts(make_kommun(i), config.areas[0], SimpleNamespace(score=1.0), 2025)
        for i in range(5)
    ]
    assert len(most_newsworthy(facts, limit=3)) == 3
    assert len(most_newsworthy(facts)) == 5


def test_two_calls_give_the_same_bytes_in_any_input_order(small):
    config, reference, model = small
    one_run = site_feeds(model, config, reference, UPDATED)
    reordered = SimpleNamespace(
        areas=dict(reversed(list(model.areas.items()))),
        press=dict(reversed(list(model.press.items()))),
    )
    assert site_feeds(reordered, config, reference, UPDATED) == one_run
    assert site_feeds(model, config, reference, UPDATED) == one_run


def test_ids_change_with_the_data_year_not_with_the_date(small):
    config, reference, _ = small
    kommuner = list(reference.kommuner)
    first = site_feeds(make_site(config, kommuner, year=2024), config, reference, UPDATED)
    later = site_feeds(
        make_site(config, kommuner, year=2024), config, reference, UPDATED + timedelta(days=30)
    )
    new_year = site_feeds(make_site(config, kommuner, year=2025), config, reference, UPDATED)
    for path in first:
        ids = entry_ids(parse(first[path]))
        assert entry_ids(parse(later[path])) == ids
        assert one(parse(later[path]), "updated").text == "2025-10-01T06:30:00Z"
        assert set(entry_ids(parse(new_year[path]))).isdisjoint(ids)


@pytest.mark.parametrize(
    ("base", "year", "expected"),
    [
        ("https://example.se/", 2025, "tag:example.se,2026:/mellerud/hemtjanst/2025"),
        ("https://example.se/insyn/", 2024, "tag:example.se,2026:/insyn/mellerud/hemtjanst/2024"),
        ("https://Example.SE:8443/", 2025, "tag:example.se,2026:/mellerud/hemtjanst/2025"),
        ("https://example.se/a b/", 2025, "tag:example.se,2026:/a%20b/mellerud/hemtjanst/2025"),
        ("https://example.se/", None, "tag:example.se,2026:/mellerud/hemtjanst/"),
    ],
)
def test_entry_id(base, year, expected):
    kommun = make_kommun(0)
    kommun = Kommun(**{**{f: getattr(kommun, f) for f in Kommun.__slots__}, "slug": "mellerud"})
    area = Area("hemtjanst", "Hemtjänst", "x.md", None, ())
    got = entry_id(base, kommun, area, year)
    assert got == expected
    assert TAG_RE.match(got)


def test_entry_id_needs_a_host():
    with pytest.raises(ValueError):
        entry_id("file:///tmp/", make_kommun(0), Area("a", "A", "a.md", None, ()), 2025)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 9, 1, 12, 0, 5, 999), "2025-09-01T12:00:05Z"),  # naive: UTC
        (datetime(2025, 9, 1, 1, 0, tzinfo=timezone(timedelta(hours=2))), "2025-08-31T23:00:00Z"),
        (datetime(2025, 9, 1, tzinfo=UTC), "2025-09-01T00:00:00Z"),
        (date(2025, 9, 1), "2025-09-01T00:00:00Z"),
    ],
)
def test_rfc3339(moment, expected):
    assert rfc3339(moment) == expected


# ------------------------------------------------------------- one real model


@pytest.fixture(scope="module")
def real(config):
    """The sample snapshot analysed for one län only (a few seconds, not half a minute)."""
    full = inputs.read_reference(ROOT / "data" / "reference")
    lan = [x for x in full.lan if x.code == "14"]
    reference = Reference(
        tuple(k for k in full.kommuner if k.lan_code == "14"), tuple(lan), full.kommungrupper
    )
    sample = snapshot.load_snapshot(ROOT / "data" / "sample")
    writer = text.Writer(text.make_text_env(ROOT / "templates"))
    mellerud = reference.kommun_by_slug("mellerud")
    model = whole_site.build_model(sample, config, reference, writer, only=[mellerud])
    return model, reference


def test_real_model_feeds(real, config):
    model, reference = real
    files = site_feeds(model, config, reference, UPDATED)
    assert len(files) == 1 + len(reference.kommuner) + len(config.areas)
    base = config.site.base_url
    for path, data in files.items():
        check_atom(path, data, base)
    mellerud = parse(files["mellerud/feed.xml"])
    entries = mellerud.findall(f"{A}entry")
    kommun = reference.kommun_by_slug("mellerud")
    # a withheld text (no news, or no current values) has no entry
    published = [a for a in config.areas if not model.press[(kommun.code, a.slug)].withheld]
    assert 0 < len(entries) == len(published)
    for entry, area in zip(entries, published, strict=True):
        press = model.press[(kommun.code, area.slug)]
        assert one(entry, "title").text == press.headline
        assert one(entry, "summary").text.endswith(press.lead)
        year = model.areas[(kommun.code, area.slug)].data_year
        assert one(entry, "id").text == entry_id(base, kommun, area, year)
    # the site feed starts with the start page's news, in the same order
    start = plan._start_page(model, config, reference, None)
    site_titles = [one(e, "title").text for e in parse(files["feed.xml"]).findall(f"{A}entry")]
    assert site_titles[:10] == [n["headline"] for n in start.context["news"]]
    assert len(site_titles) == 50
    assert site_feeds(model, config, reference, UPDATED) == files
