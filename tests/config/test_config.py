"""config.yaml validation: every bad input gives a message naming the key path."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import yaml

from insyn.config import (
    Colors,
    ConfigError,
    Footer,
    Licence,
    Logo,
    contrast_ratio,
    darken,
    load_config_text,
    parse_config,
    schema_paths,
)
from tests.helpers.project import ROOT, minimal_raw


def _set(path: str, value) -> Callable[[dict], None]:
    """A mutation that sets a dotted/indexed path, e.g. "areas.0.indicators.1.unit".

    Missing mappings on the way are created ("site.colors.primary" on a config
    without ``site.colors``).
    """

    def mutate(raw: dict) -> None:
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Callable[[dict], None]:
    def mutate(raw: dict) -> None:
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return mutate


def _dup_area(raw: dict) -> None:
    raw["areas"].append(dict(raw["areas"][0], indicators=[]))


def _dup_indicator(raw: dict) -> None:
    raw["areas"][0]["indicators"].append(dict(raw["areas"][0]["indicators"][0]))


BAD = [
    (
        _set("areas.0.indicators.0.direction", "up"),
        "areas[0].indicators[0].direction: expected higher|lower|none, got 'up'",
    ),
    (
        _set("areas.0.indicators.0.unit", "procent"),
        "areas[0].indicators[0].unit: expected percent|percent_signed|per_1000",
    ),
    (
        _set("areas.0.indicators.0.decimals", "1"),
        "areas[0].indicators[0].decimals: expected an integer 0–3, got '1'",
    ),
    (
        _set("areas.0.indicators.0.decimals", 7),
        "areas[0].indicators[0].decimals: expected an integer 0–3, got 7",
    ),
    (
        _set("areas.0.indicators.0.id", "N123"),
        "areas[0].indicators[0].id: expected a Kolada KPI id",
    ),
    (
        _set("areas.0.indicators.0.by_gender", "ja"),
        "areas[0].indicators[0].by_gender: expected true|false",
    ),
    (_set("areas.0.indicators.0.colour", "red"), "areas[0].indicators[0].colour: unknown key"),
    (_delete("areas.0.indicators.0.title"), "areas[0].indicators[0].title: missing"),
    (
        _set("areas.0.indicators.0.title", "  "),
        "areas[0].indicators[0].title: expected a non-empty string",
    ),
    (
        _delete("areas.0.indicators.1.scale"),
        "areas[0].indicators[1].scale: missing (required for unit yesno)",
    ),
    (
        _set("areas.0.indicators.1.scale", {1: "Ja", 0: "Nej", 2: "Vet ej"}),
        "areas[0].indicators[1].scale: expected exactly two codes for yesno",
    ),
    (
        _set("areas.0.indicators.1.scale", {"ja": 1, "nej": 0}),
        "areas[0].indicators[1].scale: expected a mapping of integer codes",
    ),
    (
        _set("areas.0.indicators.0.scale", {1: "Ja", 0: "Nej"}),
        "areas[0].indicators[0].scale: only allowed for unit yesno|ordinal",
    ),
    (
        _dup_indicator,
        "areas[0].indicators[2].id: 'U21468' is already used in areas[0].indicators[0]",
    ),
    (_dup_area, "areas[1].indicators: expected 1–30 items, got 0"),
    (_set("areas.0.slug", "Äldre omsorg"), "areas[0].slug: expected a lower-case ascii slug"),
    (_set("areas.0.intro", "../secret.md"), "areas[0].intro: expected a path under content/"),
    (_set("areas", []), "areas: expected 1–50 items, got 0"),
    (_set("areas", {"slug": "x"}), "areas: expected a list, got"),
    (
        _set("site.base_url", "https://example.se"),
        "site.base_url: expected an absolute http(s) URL ending in /",
    ),
    (_set("site.language", "en"), "site.language: expected sv, got 'en'"),
    (_set("site.contact.email", "nobody"), "site.contact.email: expected an e-mail address"),
    (_delete("site.contact"), "site.contact: missing (expected a mapping)"),
    (
        _set("sources.kolada.batch_size", 26),
        "sources.kolada.batch_size: expected an integer 1–25, got 26",
    ),
    (_set("sources.kolada.per_page", 10000), "sources.kolada.per_page: expected an integer 1–5000"),
    (
        _set("sources.kolada.years", True),
        "sources.kolada.years: expected an integer 1–30, got True",
    ),
    (
        _set("sources.kolada.last_year", 1999),
        "sources.kolada.last_year: expected a year 2000–2100 or null",
    ),
    (
        _set("sources.kolada.throttle_seconds", -1),
        "sources.kolada.throttle_seconds: expected a number 0–60",
    ),
    (
        _set("sources.kolada.base_url", "api.kolada.se"),
        "sources.kolada.base_url: expected an http(s) URL",
    ),
    (_set("thresholds.max_total_drop", 1.5), "thresholds.max_total_drop: expected a number 0–1"),
    (_set("publish.targets", ["ftp"]), "publish.targets: expected a list of target names"),
    (
        _set("extra_key", 1),
        "extra_key: unknown key (allowed: site, sources, areas, thresholds, charts, size, publish, "
        "templates_override, content)",
    ),
]

# site: theming, footer, licence, templates_override (issue 5)
_DARK = {"background": "#222222", "text": "#eeeeee", "primary": "#66aaff", "accent": "#66aaff"}
THEME_BAD = [
    (_set("site.colors.primary", "blue"), "site.colors.primary: expected a colour as #rrggbb"),
    (_set("site.colors.primary", "#abc"), "site.colors.primary: expected a colour as #rrggbb"),
    (_set("site.colors.text", 0x1B1B1B), "site.colors.text: expected a colour as #rrggbb"),
    (_set("site.colors.link", "#00558c"), "site.colors.link: unknown key"),
    (
        _set("site.colors.primary", "#7f9fbf"),
        "site.colors.primary: link contrast 2.75:1 of #7f9fbf on site.colors.background "
        "#ffffff is below 4.5:1",
    ),
    (
        _set("site.colors.text", "#999999"),
        "site.colors.text: text contrast 2.84:1 of #999999",
    ),
    (
        # 4.47:1 must not pass as "4.5"
        _set("site.colors.primary_dark", "#777777"),
        "site.colors.primary_dark: link contrast 4.47:1 of #777777",
    ),
    (
        _set("site.colors.accent", "#DDDDDD"),
        "site.colors.accent: non-text contrast 1.35:1 of #dddddd on site.colors.background "
        "#ffffff is below 3:1",
    ),
    (
        _set("site.colors", _DARK),
        "site.colors.primary_dark: link contrast 3.41:1 of #4776b2 on site.colors.background "
        "#222222 is below 4.5:1 (WCAG 2.1) (derived from site.colors.primary; "
        "set site.colors.primary_dark)",
    ),
    (
        _set("site.colors.background", "#1b1b1b"),
        "site.colors.text: text contrast 1.00:1",
    ),
    (_set("site.logo", {"src": "logo.svg"}), "site.logo.alt: missing"),
    (
        _set("site.logo", {"src": "logo.svg", "alt": " "}),
        "site.logo.alt: expected a non-empty text alternative",
    ),
    (
        _set("site.logo", {"src": "../secret.svg", "alt": "Logo"}),
        "site.logo.src: expected a file under static/",
    ),
    (
        _set("site.logo", {"src": "/etc/logo.svg", "alt": "Logo"}),
        "site.logo.src: expected a file under static/",
    ),
    (
        _set("site.logo", {"src": "logo.gif", "alt": "Logo"}),
        "site.logo.src: expected a file under static/",
    ),
    (_set("site.logo", "logo.svg"), "site.logo: expected a mapping, got 'logo.svg'"),
    (
        _set("site.description", "Första meningen.\nAndra raden."),
        "site.description: expected one sentence of at most 200 characters",
    ),
    (
        _set("site.description", "x" * 201),
        "site.description: expected one sentence of at most 200 characters",
    ),
    (
        _set("site.footer.links", [{"title": "Skript", "url": "javascript:alert(1)"}]),
        "site.footer.links[0].url: expected an http(s) URL or a path on the site",
    ),
    (
        _set("site.footer.links", [{"url": "https://www.kolada.se/"}]),
        "site.footer.links[0].title: missing",
    ),
    (_set("site.footer.text", ""), "site.footer.text: expected a non-empty string or null"),
    (_set("site.licence", {"name": "CC0"}), "site.licence.url: missing"),
    (
        _set("site.licence", {"name": "CC0", "url": "ftp://example.se/"}),
        "site.licence.url: expected an http(s) URL",
    ),
    (
        _set("templates_override", "../theme"),
        "templates_override: expected a directory relative to the project root",
    ),
    (
        _set("templates_override", "/srv/theme"),
        "templates_override: expected a directory relative to the project root",
    ),
]
BAD += THEME_BAD

# text and paths a build would publish or read although wrong (issue 14, item 9)
BAD += [
    (_set("site.title", "Insyn\x00"), "site.title: expected a non-empty string without control"),
    (_set("site.title", "In\x1bsyn"), "site.title: expected a non-empty string without control"),
    (_set("sources.extra_dir", "../../../etc"), "sources.extra_dir: expected a directory under"),
    (_set("sources.extra_dir", "/etc"), "sources.extra_dir: expected a directory under data/"),
]

# publish.dir.path: the dir target replaces what it names (issue 14)
DIR_PATH_BAD = [
    pytest.param(path, id=f"dir-path-{path or 'empty'}")
    for path in (".", "./", "..", "../..", "/", "//", "/srv/..", "", "state", "data/www", "www")
]
DIR_PATH_GOOD = ["../www", "../insyn-www/site", "/srv/www/insyn", None]


@pytest.mark.parametrize("path", DIR_PATH_BAD)
def test_a_dangerous_dir_path_is_refused(path):
    raw = minimal_raw()
    raw["publish"] = {"targets": ["dir"], "dir": {"path": path}}
    with pytest.raises(ConfigError, match=r"^test\.yaml: publish\.dir\.path: expected a directory"):
        parse_config(raw, "test.yaml")


@pytest.mark.parametrize("path", DIR_PATH_GOOD)
def test_a_dir_path_outside_the_project_is_accepted(path):
    raw = minimal_raw()
    raw["publish"] = {"targets": [], "dir": {"path": path}}
    assert parse_config(raw, "test.yaml").publish.dir_path == path


@pytest.mark.parametrize(("mutate", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_config_is_refused_with_key_path(mutate, message):
    raw = minimal_raw()
    mutate(raw)
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "test.yaml")
    assert str(err.value).startswith("test.yaml: ")
    assert message in str(err.value)


def test_top_level_must_be_a_mapping():
    with pytest.raises(ConfigError, match=r"test.yaml: \(top level\): expected a mapping"):
        parse_config(["x"], "test.yaml")


def test_yaml_syntax_error_names_line():
    with pytest.raises(ConfigError, match=r"broken.yaml: line 2 not valid YAML"):
        load_config_text("site:\n  title: a: b\n", "broken.yaml")


def test_minimal_config_builds_frozen_dataclasses(minimal_config):
    ind = minimal_config.indicator("U23401")
    assert ind.scale == ((0, "Nej"), (1, "Ja"))
    assert ind.best_code == 1 and ind.label(0) == "Nej" and ind.area == "aldreomsorg"
    assert minimal_config.kolada_ids == ("U21468", "U23401")
    with pytest.raises(AttributeError):
        ind.title = "x"  # frozen


def test_best_code_follows_direction_for_ja_1_nej_2():
    raw = minimal_raw()
    raw["areas"][0]["indicators"][1].update(scale={1: "Ja", 2: "Nej"}, direction="lower")
    assert parse_config(raw).indicator("U23401").best_code == 1


def test_custom_indicator_is_not_kolada():
    raw = minimal_raw()
    raw["areas"][0]["indicators"][0]["id"] = "X_krisplan"
    cfg = parse_config(raw)
    assert not cfg.indicator("X_krisplan").is_kolada
    assert cfg.kolada_ids == ("U23401",)


def test_shipped_config_is_valid(config):
    assert len(config.areas) >= 9
    for area in config.areas:
        assert 4 <= len(area.indicators) <= 15, area.slug
        assert (ROOT / "content" / area.intro).is_file(), area.intro


def test_every_schema_key_is_documented():
    doc = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_\[\].]+)`", doc))
    missing = [p for p in schema_paths() if p not in documented]
    assert not missing, f"undocumented config keys in docs/config.md: {missing}"


def test_every_key_of_shipped_config_is_in_schema():
    """The shipped file uses only schema keys (parse_config enforces it; this names the path)."""
    import yaml

    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    paths = set(schema_paths())

    def walk(node, prefix):
        if isinstance(node, dict) and not all(isinstance(k, int) for k in node):
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else key
                assert path in paths, path
                walk(value, path)
        elif isinstance(node, list):
            for item in node:
                walk(item, prefix + "[]")

    walk(data, "")


# ------------------------------------------------------------------ site theming


def test_site_theming_defaults_when_absent(minimal_config):
    """A config without the theming keys gets the shipped look, a licence and no logo."""
    site = minimal_config.site
    assert site.colors == Colors()
    assert site.colors.primary_dark == "#003b62"
    assert site.logo is None
    assert site.footer == Footer(text=None, links=())
    assert site.licence == Licence()
    assert site.description.endswith(".")
    assert minimal_config.templates_override is None


def test_site_theming_values():
    raw = minimal_raw()
    raw["site"].update(
        logo={"src": "bilder/logo.svg", "alt": "Exempelkommunen"},
        colors={"primary": "#0B5394", "text": "#000000"},
        footer={"links": [{"title": "Om", "url": "/om/"}, {"title": "K", "url": "https://k.se/"}]},
        licence={"name": "CC0 1.0", "url": "https://creativecommons.org/publicdomain/zero/1.0/"},
    )
    raw["templates_override"] = "theme/templates"
    cfg = parse_config(raw)
    assert cfg.site.logo == Logo(src="bilder/logo.svg", alt="Exempelkommunen")
    # lower-cased; primary_dark derived from primary; unset keys keep their defaults
    assert cfg.site.colors == Colors(
        text="#000000", primary="#0b5394", primary_dark=darken("#0b5394")
    )
    assert [link.is_external for link in cfg.site.footer.links] == [False, True]
    assert cfg.site.licence.name == "CC0 1.0"
    assert cfg.templates_override == "theme/templates"


@pytest.mark.parametrize(
    ("a", "b", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes on white
        ("#ffffff", "#767676", 4.54),  # symmetric
        ("#00558c", "#ffffff", 7.84),
    ],
)
def test_contrast_ratio(a, b, ratio):
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.005)


def test_shipped_colours_pass_contrast(config):
    colors = config.site.colors
    for key in ("text", "primary", "primary_dark"):
        assert contrast_ratio(getattr(colors, key), colors.background) >= 4.5, key
    assert contrast_ratio(colors.accent, colors.background) >= 3.0


@pytest.mark.parametrize(
    ("keep", "kept", "dropped"),
    [
        pytest.param({"U21468", "U21505"}, {"U21468", "U21505"}, {"U21504"}, id="some-left-out"),
        pytest.param({"U21468", "U21505", "U21504"}, None, set(), id="all-kept"),
        pytest.param(set(), None, set(), id="area-without-values-keeps-its-indicators"),
    ],
)
def test_with_indicators(keep, kept, dropped):
    """Indicators without any value leave the build's config; an area is never emptied."""
    from insyn.config import with_indicators

    raw = minimal_raw()
    first = raw["areas"][0]["indicators"][0]
    raw["areas"][0]["indicators"] = [{**first, "id": kpi} for kpi in ("U21468", "U21505", "U21504")]
    config = parse_config(raw, "test.yaml")
    all_ids = {i.id for i in config.indicators}
    narrowed, left_out = with_indicators(config, keep)
    assert {i.id for i in narrowed.indicators} == (kept if kept is not None else all_ids)
    assert {i.id for inds in left_out.values() for i in inds} == dropped


# ------------------------------------------------------------------ hostile YAML (issue 14, item 7)

#: A "billion laughs" alias bomb, small enough to expand (9**3 strings) if it were allowed.
ALIAS_BOMB = """\
site:
  title: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  description: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  organisation: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
"""


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(ALIAS_BOMB, id="alias-bomb"),
        pytest.param("site:\n  title: &t Insyn\n  organisation: *t\n", id="one-alias"),
        pytest.param("site:\n  title: &t Insyn\n", id="anchor-only"),
    ],
)
def test_yaml_anchors_and_aliases_are_refused(text: str) -> None:
    """An alias bomb costs seconds and gigabytes to expand (and to repr in a message):
    config.yaml never needs an alias, so any anchor or alias is refused at load."""
    with pytest.raises(ConfigError) as err:
        load_config_text(text, "bomb.yaml")
    message = str(err.value)
    assert message.startswith("bomb.yaml: line 2"), message
    assert "site.title" in message and "alias" in message
    assert "\n" not in message


def test_yaml_error_is_one_line():
    with pytest.raises(ConfigError) as err:
        load_config_text("site:\n  title: a: b\n", "broken.yaml")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(_set("site.title", ["x" * 10_000_000]), id="long-list"),
        pytest.param(_set("site.base_url", "x" * 10_000_000), id="long-string"),
        pytest.param(_set("site.title", {"x" * 10_000_000: 1}), id="long-key"),
        pytest.param(lambda raw: raw["site"].update({"y" * 10_000_000: 1}), id="long-unknown-key"),
    ],
)
def test_config_error_shows_a_bounded_value(mutate) -> None:
    """A 10 MB value is named, never printed whole: the message stays one short line."""
    raw = minimal_raw()
    mutate(raw)
    with pytest.raises(ConfigError) as err:
        parse_config(raw, "test.yaml")
    assert str(err.value).startswith("test.yaml: site.")
    assert len(str(err.value)) < 300, str(err.value)[:400]


def test_front_matter_refuses_aliases() -> None:
    from insyn.write.text import ContentError, parse_kommun_content

    front = "---\nquote: &q Hej\nfoo: *q\n---\nText\n"
    with pytest.raises(ContentError, match=r"kommun.md: front matter: line 2: .*alias") as err:
        parse_kommun_content(front, "kommun.md")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({0: "inget boende har internet", 1: "några boenden har internet"}, "answers: expected"),
        ({0: "Inget boende har internet", 1: "x", 2: "y"}, "answers: expected"),
        ({0: "a " * 11, 1: "x", 2: "y"}, "answers: expected"),
        # no verb to put in the past: "året innan uppgav kommunen att …" needs one
        (
            {0: "inget boende med internet", 1: "några med internet", 2: "alla med internet"},
            "answers: expected",
        ),
    ],
    ids=["code-missing", "capital", "too-long", "no-verb"],
)
def test_answers_need_a_short_clause_for_every_code(answers, message):
    """``answers:`` turns "svarar ”Alla” på frågan om …" into a plain statement, so
    every code of the scale needs a lower-case clause that fits a headline."""
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    ind = next(i for a in raw["areas"] for i in a["indicators"] if i["id"] == "U23340")
    ind["answers"] = answers
    with pytest.raises(ConfigError, match=message):
        parse_config(raw, "config.yaml")


@pytest.mark.parametrize(
    "none",
    [
        "Ingen av LSS-bostäderna har en rutin",  # a capital
        "LSS-bostäderna saknar en rutin vid misstanke om våld",  # not "ingen/inget/inga"
        "ingen av LSS-bostäderna har en rutin vid misstanke om våld eller övergrepp",  # 12
    ],
    ids=["capital", "no-ingen", "too-long"],
)
def test_none_is_a_short_clause_that_says_none(none):
    """``none:`` replaces "andelen … var 0 procent" in a headline: a lower-case main
    clause with "ingen", "inget" or "inga" that fits twelve words with the kommun."""
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    ind = next(i for a in raw["areas"] for i in a["indicators"] if i["id"] == "U28125")
    ind["none"] = none
    with pytest.raises(ConfigError, match=r"U28125|indicators\[\d+\]\.none"):
        parse_config(raw, "config.yaml")


def test_none_is_for_shares_only():
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    ind = next(i for a in raw["areas"] for i in a["indicators"] if i["id"] == "U00958")
    ind["none"] = "inga vräkningar har genomförts"
    with pytest.raises(ConfigError, match=r"\.none: only for unit percent, not per_100000"):
        parse_config(raw, "config.yaml")


@pytest.mark.parametrize(
    ("clause", "past"),
    [
        ("det är brist på bostäder", "det var brist på bostäder"),
        ("alla LSS-boenden har internet på rummen", "alla LSS-boenden hade internet på rummen"),
        ("det finns för få platser på äldreboende", "det fanns för få platser på äldreboende"),
        ("det tar 4–7 dagar till första besöket", "det tog 4–7 dagar till första besöket"),
        # only the first verb: "är" inside a later word is no verb
        ("tillgången på platser är i balans", "tillgången på platser var i balans"),
        ("inget äldreboende med internet", None),
    ],
)
def test_past_clause_puts_the_answer_in_the_past(clause, past):
    from insyn.config.schema import past_clause

    assert past_clause(clause) == past


def test_every_answer_of_the_config_has_a_past() -> None:
    """What a kommun answered an earlier year reads in the past, never as a quoted
    label ("året innan var svaret ”Underskott”"; an editor's finding)."""
    config = load_config_text((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for ind in config.indicators:
        for code, _label in ind.scale:
            if ind.clause(code) is not None:
                past = ind.past(code)
                assert past is not None and past != ind.clause(code), (ind.id, code)


@pytest.mark.parametrize(
    ("kpi", "counted"),
    [
        ("U00958", ["vräkning", "vräkningar"]),  # no article
        ("U00958", ["En vräkning", "vräkningar"]),  # a capital
        ("U00958", ["en vräkning"]),  # one form only
        ("U21468", ["en person", "personer"]),  # not a rate
    ],
    ids=["no-article", "capital", "one-form", "not-a-rate"],
)
def test_counted_is_one_and_many_of_a_rate(kpi, counted):
    raw = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    ind = next(i for a in raw["areas"] for i in a["indicators"] if i["id"] == kpi)
    ind["counted"] = counted
    with pytest.raises(ConfigError, match=rf"{kpi}|indicators\[\d+\]\.counted"):
        parse_config(raw, "config.yaml")
