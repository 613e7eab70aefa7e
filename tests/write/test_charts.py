"""Vega-Lite charts: schema, snapshots, Swedish locale, colours, gaps and the helpers.

Templates and filled charts are validated against the Vega-Lite schema that altair
ships; a few charts are rendered with vl-convert to check what a reader sees (tick
labels, broken lines). Update the chart snapshots after an intended change with
UPDATE_SNAPSHOTS=1 (`make snapshots`) and review the diff.
"""

from __future__ import annotations

import copy
import hashlib
import html
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import jsonschema
import pytest
import vl_convert as vlc
from altair.vegalite.v6.schema import core
from PIL import Image

from insyn.build import images
from insyn.write import charts, figures

SNAPSHOTS = Path(__file__).parent.parent / "snapshots" / "charts"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

NBSP = "\u00a0"
MINUS = "\u2212"
DECIMALS = range(4)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# ------------------------------------------------------------------ fixed inputs

YEARS = list(range(2016, 2026))
GAP_YEAR = 2019
MELLERUD = {
    2016: 41.2, 2017: 43.0, 2018: 39.8, 2019: None, 2020: 44.5,
    2021: 46.1, 2022: 45.0, 2023: 47.3, 2024: 48.9, 2025: 47.6,
}  # fmt: skip
RIKET = {year: 38.0 + 0.5 * i for i, year in enumerate(YEARS)}
KVINNOR = {2021: 12.5, 2022: 13.0, 2023: 12.0, 2024: 14.25, 2025: 13.5}
MAN = {2021: 9.5, 2022: 10.0, 2024: 11.0, 2025: 10.75}  # 2023 absent altogether
ANSWERS = {2021: "Ja", 2022: "Nej", 2023: None, 2024: "Ja"}  # 2023 unanswered
ANSWER_LABELS = ["Ja", "Nej"]
ANSWER_COUNTS = [("Ja", 201), ("Nej", 89)]
AREAS = [
    ("Hemtjänst", {"top": 3, "middle": 5, "bottom": 1}),
    ("Individ- och familjeomsorg", {"top": 1, "bottom": 4}),
    ("Särskilt boende", {"middle": 2}),
]
BANDS = ["top", "middle", "bottom"]
SUBTITLE = ["Andel (%)", "Källa: Kolada"]


def _over_time(decimals: int = 1, title: str = "Andel brukare som är nöjda") -> charts.Chart:
    return charts.series_chart(
        "over_time",
        [("kommun", "Mellerud", MELLERUD), ("riket", "Riket", RIKET)],
        YEARS, decimals, title, SUBTITLE, "Linjediagram",
    )  # fmt: skip


def _gender(decimals: int = 1) -> charts.Chart:
    return charts.series_chart(
        "gender",
        [("kvinnor", "Kvinnor", KVINNOR), ("man", "Män", MAN)],
        list(range(2021, 2026)), decimals, "Efter kön", SUBTITLE, "Linjediagram",
    )  # fmt: skip


def _among(decimals: int = 1) -> charts.Chart:
    return charts.among_chart(
        "/data/among/U21468-2024.json", "1461", decimals, "Bland kommunerna", SUBTITLE, "Streck"
    )


def _answers() -> charts.Chart:
    return charts.answers_chart(
        ANSWERS, [2021, 2022, 2023, 2024], ANSWER_LABELS, "Finns en plan?", ["Svar"], "Svar"
    )


def _answer_shares() -> charts.Chart:
    return charts.answer_shares_chart(ANSWER_COUNTS, "Ja", "Så svarar kommunerna", [], "Stap")


def _area_overview() -> charts.Chart:
    return charts.area_overview_chart(AREAS, BANDS, "Läget per område", ["Mellerud"], "Stap")


def _share() -> charts.Chart:
    return charts.share_chart(_over_time(), ["Mellerud tappar", "mot rikets trend"], SUBTITLE)


#: kind -> a filled chart of that kind at the given number of decimals. The answer and
#: overview charts are always built at 0 decimals; their templates do not depend on it,
#: so the same patch is put on each template.
FILLED: dict[str, Callable[[int], charts.Chart]] = {
    "over_time": _over_time,
    "among_kommuner": _among,
    "gender": _gender,
    "answers": lambda d: charts.Chart(template=f"answers-{d}", patch=_answers()["patch"]),
    "answer_shares": lambda d: charts.Chart(
        template=f"answer_shares-{d}", patch=_answer_shares()["patch"]
    ),
    "area_overview": lambda d: charts.Chart(
        template=f"area_overview-{d}", patch=_area_overview()["patch"]
    ),
}

#: snapshot name -> chart
SNAPSHOT_CASES: dict[str, Callable[[], charts.Chart]] = {
    "over_time-mellerud-riket-gap": _over_time,
    "among_kommuner-mellerud": _among,
    "gender-missing-year": _gender,
    "answers-missing-year": _answers,
    "answer_shares-own-answer": _answer_shares,
    "area_overview-three-areas": _area_overview,
    "share-over_time-mellerud": _share,
}


# ----------------------------------------------------------------------- helpers


def _compare(name: str, actual: str) -> None:
    """The convention of tests/write/test_text.py, in a folder of its own."""
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written; check it and commit")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, run `make snapshots` and review the diff"
    )


_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
#: a tick label: digits with optional minus, grouping and decimals (years included)
_NUMBER = re.compile(rf"^[-{MINUS}]?\d[\d{NBSP} .,]*$")


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in _TEXT.findall(svg)]


def _number_labels(svg: str) -> list[str]:
    return [t for t in _texts(svg) if _NUMBER.match(t)]


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _layer_marks(spec: dict[str, Any]) -> list[str]:
    return [part["mark"]["type"] for part in spec.get("layer", [])]


# ------------------------------------------------------------------------ schema


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = core.load_schema()
    assert schema["$ref"] == "#/definitions/TopLevelSpec"
    return jsonschema.Draft7Validator(schema)


def _assert_valid(validator: jsonschema.Draft7Validator, spec: dict[str, Any]) -> None:
    errors = sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors)


KIND_DECIMALS = [(kind, d) for kind in charts.KINDS for d in DECIMALS]
KIND_DECIMALS_IDS = [f"{kind}-{d}" for kind, d in KIND_DECIMALS]


@pytest.mark.parametrize(("kind", "decimals"), KIND_DECIMALS, ids=KIND_DECIMALS_IDS)
def test_template_is_valid_vega_lite(validator, kind, decimals):
    spec = json.loads(charts.template(kind, decimals))
    assert spec["$schema"] == alt.SCHEMA_URL
    _assert_valid(validator, spec)


@pytest.mark.parametrize(("kind", "decimals"), KIND_DECIMALS, ids=KIND_DECIMALS_IDS)
def test_filled_chart_is_valid_vega_lite(validator, kind, decimals):
    chart = FILLED[kind](decimals)
    assert chart.template_name == f"{kind}-{decimals}"
    _assert_valid(validator, chart.spec())


@pytest.mark.parametrize("kind", charts.KINDS)
def test_share_chart_is_valid_vega_lite(validator, kind):
    share = charts.share_chart(FILLED[kind](0), ["Rad ett", "rad två"], SUBTITLE)
    _assert_valid(validator, share.spec())


def _with(path: str, value: Any) -> dict[str, Any]:
    spec = json.loads(charts.template("over_time", 1))
    charts.set_path(spec, path, value)
    return spec


@pytest.mark.parametrize(
    "spec",
    [
        _with("layer.0.mark.type", "nonsense"),
        _with("layer.0.mark.invalid", "sometimes"),
        _with("width", "wide"),
        _with("nonsense", 1),
        _with("config.locale.number.grouping", "3"),
    ],
    ids=["unknown-mark", "unknown-invalid-mode", "width-not-number", "unknown-key", "bad-locale"],
)
def test_validation_rejects_an_invalid_spec(validator, spec):
    """Control: the validation above can fail."""
    assert list(validator.iter_errors(spec))


# --------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("name", SNAPSHOT_CASES)
def test_chart_snapshot(name):
    chart = SNAPSHOT_CASES[name]()
    _compare(f"{name}.json", json.dumps(chart, ensure_ascii=False, sort_keys=True, indent=1))


def test_every_snapshot_has_a_case():
    """No stale snapshot files once a case is renamed or removed."""
    files = {p.stem for p in SNAPSHOTS.glob("*.json")}
    assert files <= set(SNAPSHOT_CASES), f"stale snapshots: {sorted(files - set(SNAPSHOT_CASES))}"


# ---------------------------------------------------------------- Swedish locale


@pytest.mark.parametrize(
    "values",
    [
        {2016: 12.5, 2017: 13.25, 2018: None, 2019: -4.5, 2020: 0.25},
        {2016: 1.25, 2017: 1.5, 2018: -0.75},
    ],
    ids=["tens", "halves"],
)
def test_ticks_use_decimal_comma_and_minus_sign(values):
    chart = charts.series_chart(
        "over_time", [("kommun", "Mellerud", values)], sorted(values), 1, "T", [], "d"
    )
    labels = _number_labels(vlc.vegalite_to_svg(chart.spec()))
    assert any(re.fullmatch(r"\d+,\d", t) for t in labels), labels
    assert not [t for t in labels if re.search(r"\d\.\d", t)], labels
    negative = [t for t in labels if t[0] in "-" + MINUS]
    assert negative, labels
    assert all(t.startswith(MINUS) for t in negative), negative


def test_ticks_group_thousands_with_nbsp():
    values = {2020: 12_000.0, 2021: 18_500.0, 2022: 25_000.0}
    chart = charts.series_chart(
        "over_time", [("kommun", "Mellerud", values)], sorted(values), 0, "T", [], "d"
    )
    labels = _number_labels(vlc.vegalite_to_svg(chart.spec()))
    grouped = [t for t in labels if re.fullmatch(rf"\d{{1,3}}{NBSP}\d{{3}}", t)]
    assert grouped, labels
    assert not [t for t in labels if re.search(r"\d[,. ]\d{3}\b", t)], labels


def test_locale_is_in_every_template():
    for kind, d in KIND_DECIMALS:
        locale = json.loads(charts.template(kind, d))["config"]["locale"]["number"]
        assert locale == charts.FORMAT_LOCALE
        assert (locale["decimal"], locale["thousands"], locale["minus"]) == (",", NBSP, MINUS)


# ----------------------------------------------------------------------- colours

COLOURS = [
    *((f"SERIES_STYLE[{role}]", style[0]) for role, style in charts.SERIES_STYLE.items()),
    *((f"BAND_STYLE[{band}]", style[0]) for band, style in charts.BAND_STYLE.items()),
    ("HIGHLIGHT", charts.HIGHLIGHT),
    ("OTHERS", charts.OTHERS),
    ("TEXT", charts.TEXT),
    ("MUTED", charts.MUTED),
]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54)],
    ids=["black-white", "same", "grey-aa-limit"],
)
def test_contrast_formula(a, b, expected):
    assert _contrast(a, b) == pytest.approx(expected, abs=0.01)
    assert _contrast(b, a) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("colour", [c for _, c in COLOURS], ids=[n for n, _ in COLOURS])
def test_colour_contrast_against_background(colour):
    assert _contrast(colour, charts.BACKGROUND) >= 3.0


@pytest.mark.parametrize("colour", [charts.TEXT, charts.MUTED], ids=["TEXT", "MUTED"])
def test_text_contrast_against_background(colour):
    assert _contrast(colour, charts.BACKGROUND) >= 4.5


@pytest.mark.parametrize(
    "roles",
    [("kommun", "riket", "lan", "liknande"), ("kvinnor", "man")],
    ids=["comparison", "gender"],
)
def test_series_differ_without_colour(roles):
    """Series shown together differ in stroke width or dash, not only in colour."""
    looks = [(charts.SERIES_STYLE[r][1], tuple(charts.SERIES_STYLE[r][2])) for r in roles]
    assert len(set(looks)) == len(roles), dict(zip(roles, looks, strict=True))


# -------------------------------------------------------------- gaps, not zeros


def test_missing_year_is_null_not_zero():
    chart = _gender()
    rows = {row["series"]: row for row in chart.spec()["datasets"]["data"]}
    for name, values in (("Kvinnor", KVINNOR), ("Män", MAN)):
        assert rows[name]["year"] == list(range(2021, 2026))
        assert rows[name]["value"] == [values.get(y) for y in range(2021, 2026)]
    assert rows["Män"]["value"][2] is None  # 2023: absent from the mapping

    row = next(r for r in _over_time().spec()["datasets"]["data"] if r["series"] == "Mellerud")
    i = row["year"].index(GAP_YEAR)  # None in the mapping: the year stays, as null
    assert row["value"][i] is None
    assert 0 not in row["value"]


@pytest.mark.parametrize("kind", ["over_time", "gender"])
def test_lines_break_at_missing_values(kind):
    spec = json.loads(charts.template(kind, 1))
    for part in spec["layer"]:
        assert part["mark"]["invalid"].startswith("break-paths"), part["mark"]


def test_rendered_line_breaks_at_the_gap():
    svg = vlc.vegalite_to_svg(charts.for_static(_over_time().spec()))
    paths = re.findall(r'<path [^>]*aria-roledescription="line mark"[^>]*>', svg)
    moves = {
        re.search(r'stroke="([^"]+)"', p).group(1): re.search(r' d="([^"]+)"', p).group(1)
        for p in paths
    }
    assert moves[charts.SERIES_STYLE["kommun"][0]].count("M") == 2  # one break, at 2019
    assert moves[charts.SERIES_STYLE["riket"][0]].count("M") == 1


def test_unanswered_year_stays_on_the_axis_without_a_mark():
    spec = _answers().spec()
    assert spec["encoding"]["x"]["scale"]["domain"] == [2021, 2022, 2023, 2024]
    assert [row["year"] for row in spec["datasets"]["data"]] == [2021, 2022, 2024]
    assert "2023" in _texts(vlc.vegalite_to_svg(spec))


# ---------------------------------------------------------------------- set_path


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("title", "Ny", {"title": "Ny", "layer": [{"mark": {"type": "line"}}], "list": [1, 2]}),
        ("list.1", 9, {"title": "T", "layer": [{"mark": {"type": "line"}}], "list": [1, 9]}),
        (
            "layer.0.mark.type",
            "point",
            {"title": "T", "layer": [{"mark": {"type": "point"}}], "list": [1, 2]},
        ),
        (
            "layer.0.mark.size",
            36,
            {"title": "T", "layer": [{"mark": {"type": "line", "size": 36}}], "list": [1, 2]},
        ),
        ("title", None, {"layer": [{"mark": {"type": "line"}}], "list": [1, 2]}),
        ("absent", None, {"title": "T", "layer": [{"mark": {"type": "line"}}], "list": [1, 2]}),
        (
            "layer.0.mark.type",
            None,
            {"title": "T", "layer": [{"mark": {}}], "list": [1, 2]},
        ),
        ("list.0", None, {"title": "T", "layer": [{"mark": {"type": "line"}}], "list": [None, 2]}),
    ],
    ids=[
        "dict-key",
        "list-index",
        "nested",
        "nested-new-key",
        "none-deletes",
        "none-absent-key",
        "none-nested-deletes",
        "none-in-list-sets-null",
    ],
)
def test_set_path(path, value, expected):
    spec = {"title": "T", "layer": [{"mark": {"type": "line"}}], "list": [1, 2]}
    charts.set_path(spec, path, value)
    assert spec == expected


@pytest.mark.parametrize("kind", charts.KINDS)
def test_spec_does_not_change_the_template(kind):
    before = charts.template(kind, 0)
    chart = FILLED[kind](0)
    first = chart.spec()
    first["title"] = "changed"  # even a caller's change does not leak back
    assert chart.spec() == FILLED[kind](0).spec()
    assert chart.spec()["title"] != "changed"
    assert charts.template(kind, 0) == before
    assert json.loads(before)["title"] == {"text": "x", "subtitle": ["x"]}


# --------------------------------------------------------------------- spec_json

NASTY = '</script><img src=x onerror=alert(1)> & "a&b" <!--'


@pytest.mark.parametrize(
    "value",
    [
        charts.series_chart("over_time", [("kommun", NASTY, MELLERUD)], YEARS, 1, NASTY,
                            [NASTY], "d"),
        charts.answers_chart({2024: NASTY}, [2024], [NASTY], NASTY, [], "d"),
    ],
    ids=["series", "answers"],
)  # fmt: skip
@pytest.mark.parametrize("form", ["chart", "spec"])
def test_spec_json_is_safe_in_a_script_tag(value, form):
    data = value if form == "chart" else value.spec()
    text = charts.spec_json(data)
    for raw in ("</", "<", ">", "&"):
        assert raw not in text
    assert json.loads(text) == json.loads(json.dumps(data))


# ------------------------------------------------------------ static rendering


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("over_time", ["line", "point"], ["line"]),
        ("gender", ["line", "point"], ["line"]),
        ("among_kommuner", ["tick", "tick", "text"], ["tick", "tick", "text"]),
        ("answer_shares", ["bar", "text"], ["bar", "text"]),
        ("area_overview", ["bar", "text"], ["bar", "text"]),
        ("answers", [], []),
    ],
    ids=["over_time", "gender", "among_kommuner", "answer_shares", "area_overview", "answers"],
)
def test_for_static_drops_points_of_line_charts_only(kind, before, after):
    spec = FILLED[kind](1).spec()
    kept = copy.deepcopy(spec)
    static = charts.for_static(spec)
    assert spec == kept  # the input is left alone
    assert _layer_marks(spec) == before
    assert _layer_marks(static) == after
    # the static image names the font it was laid out with (charts.STATIC_FONT)
    assert static["config"]["font"] == charts.STATIC_FONT
    if before == after:
        assert static == {**spec, "config": {**spec["config"], "font": charts.STATIC_FONT}}


@pytest.fixture(scope="module")
def small_chart() -> dict[str, Any]:
    return charts.for_static(_answer_shares().spec())


def test_slim_svg():
    svg = vlc.vegalite_to_svg(charts.for_static(_over_time().spec()))
    slim = images.slim_svg(svg)
    assert len(slim) < len(svg)
    assert slim.startswith("<svg")
    ET.fromstring(slim)
    assert _texts(slim) == _texts(svg)  # every label is still there
    assert not re.search(r'\s(class|role|aria-[a-z]+)="', slim)
    assert not re.search(r"\d\.\d\d", slim)


def test_quantize_png(small_chart):
    png = bytes(vlc.vegalite_to_png(small_chart, scale=1.0))
    out = images.quantize_png(png)
    assert out.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(png)) as original, Image.open(io.BytesIO(out)) as quantized:
        quantized.verify()
        assert quantized.size == original.size
        assert quantized.mode == "P"
    with Image.open(io.BytesIO(out)) as quantized:
        assert len(quantized.getcolors(256)) <= 64


def test_share_chart_renders_at_share_size():
    png = bytes(vlc.vegalite_to_png(charts.for_static(_share().spec()), scale=1.0))
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (charts.SHARE_WIDTH, charts.SHARE_HEIGHT)


def test_among_chart_labels_only_the_kommun_and_riket():
    rows = charts.among_rows(
        [("1461", "Mellerud", 41.0), ("1480", "Göteborg", 38.5), ("0114", "Upplands Väsby", 44.0)],
        riket=40.2,
    )
    spec = _among().spec()
    charts.set_path(spec, "data", {"values": rows})
    texts = _texts(vlc.vegalite_to_svg(spec))
    assert "Mellerud" in texts and "Riket" in texts
    assert "Göteborg" not in texts and "Upplands Väsby" not in texts


# ---------------------------------------------------------------- template files


def test_template_files_one_per_kind_and_decimals():
    files = charts.template_files()
    assert set(files) == {f"{kind}-{d}.json" for kind, d in KIND_DECIMALS}
    for kind, d in KIND_DECIMALS:
        data = files[f"{kind}-{d}.json"]
        assert isinstance(data, bytes)
        assert json.loads(data.decode("utf-8")) == json.loads(charts.template(kind, d))


@pytest.mark.parametrize("name", SNAPSHOT_CASES)
def test_every_chart_names_a_template_file(name):
    assert f"{SNAPSHOT_CASES[name]().template_name}.json" in charts.template_files()


@pytest.mark.parametrize(
    ("template", "patch"),
    [
        ("over_time-0", [["data.0.values", [{"year": [2021, 2022], "value": [1, 2]}]]]),
        ("over_time-1", [["title.text", "Åtta år – ”citat” & <tag>"]]),
        ("among_kommuner-2", []),
        ("answers-0", [["data.0.values", [{"b": 1, "a": None}]]]),
    ],
)
def test_static_hash_hashes_the_whole_chart(template: str, patch: list) -> None:
    """The image's name hashes version, template name, template and patch as one JSON
    list, although the head is hashed once per kind (figures._static_head)."""
    kind, decimals = template.rsplit("-", 1)
    whole = json.dumps(
        [figures.STATIC_VERSION, template, charts.template(kind, int(decimals)), patch],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    chart = charts.Chart(template=template, patch=patch)
    assert figures.static_hash(chart) == hashlib.sha256(whole.encode()).hexdigest()[:20]
    other = charts.Chart(template=template, patch=[*patch, ["width", 1]])
    assert figures.static_hash(other) != figures.static_hash(chart)
