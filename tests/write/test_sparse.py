"""Sparse, uneven, real series in charts, tables and pages (issue 12, item 4).

Real Kolada series are sparse: surveys answered by a few dozen kommuner, series
that start in different years, a year missing in the middle, no Riket or län
value for many KPIs. Every test builds a tiny in-memory snapshot against the
real reference tables:

* 1461 Mellerud: län 14 (region 0014); 0180 Stockholm, 1480 Göteborg; 0000 Riket
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
import vl_convert as vlc
from selectolax.lexbor import LexborHTMLParser

from insyn.analyse import analysis
from insyn.config import Config, parse_config
from insyn.site import embeds as site_embeds
from insyn.site import files as site_files
from insyn.site import metadata, plan, render, urls
from insyn.site import model as site_model
from insyn.write import charts, text
from insyn.write.figures import Figure, Note, has_chart, indicator_figures, span_years
from tests.helpers import whole as whole_site
from tests.helpers.project import ROOT, minimal_raw
from tests.helpers.sparse import KPI, Rows, indicator, make_snapshot, series

MELLERUD, STOCKHOLM, GOTEBORG, RIKET, VG_REGION = "1461", "0180", "1480", "0000", "0014"
GOTLAND, GOTLAND_REGION = "0980", "0009"
OTHERS = (STOCKHOLM, GOTEBORG, "0114")
YESNO = "U00002"


# ----------------------------------------------------------------- helpers


def make_config(*indicators: dict[str, Any], max_years: int | None = None) -> Config:
    raw = minimal_raw()
    raw["areas"][0]["indicators"] = list(indicators or (indicator(),))
    raw["areas"][0]["similar_group"] = None
    if max_years is not None:
        raw["charts"] = {"max_years": max_years}
    return parse_config(raw, "test.yaml")


def others(years: range, kpi: str = KPI, value: float = 50.0) -> Rows:
    """Values for three other kommuner in ``years``: they make the indicator's current year."""
    return [row for code in OTHERS for row in series(code, dict.fromkeys(years, value), kpi)]


@pytest.fixture(scope="module")
def writer() -> text.Writer:
    return text.Writer(text.make_text_env(ROOT / "templates"))


def shown(reference, writer, rows: Rows, config: Config | None = None, code: str = MELLERUD):
    """What the first indicator shows for one kommun, and its facts."""
    config = config or make_config()
    data = analysis.prepare(make_snapshot(rows), config, reference)
    area = config.areas[0]
    facts = analysis.analyse_area(data, reference.kommun(code), area)
    f = facts.indicators[0]
    return indicator_figures(f, facts, data, writer), f


def chart_rows(fig: Figure) -> dict[str, dict[str, Any]]:
    return {row["series"]: row for row in fig.chart.spec()["datasets"]["data"]}


# ------------------------------------------------------ no value, no chart


@pytest.mark.parametrize(
    ("rows", "config", "expected"),
    [
        pytest.param(
            [],
            None,
            "Det finns inga värden för nyckeltalet, varken för Mellerud eller för andra kommuner.",
            id="no-kommun-has-a-value",
        ),
        pytest.param(
            others(range(2020, 2025)),
            None,
            "Mellerud har inget värde för nyckeltalet. "
            "För 2024 finns värden för 3 av 290 kommuner.",
            id="never-a-value",
        ),
        pytest.param(
            others(range(2016, 2025)) + series(MELLERUD, {2018: 69.6, 2019: 71.2}),
            None,
            "Mellerud har inget värde för 2024. Det senaste värdet är 71 procent från 2019.",
            id="latest-earlier-value",
        ),
        pytest.param(
            others(range(2020, 2025), YESNO, 1.0) + series(MELLERUD, {2021: 1.0}, YESNO),
            make_config(indicator(YESNO, "yesno")),
            "Mellerud har inget svar för 2024. Det senaste svaret, från 2021, är ja.",
            id="latest-earlier-answer",
        ),
    ],
)
def test_no_current_value_gives_a_sentence_and_no_chart(reference, writer, rows, config, expected):
    result, f = shown(reference, writer, rows, config)
    assert not has_chart(f)
    assert [type(x) for x in result] == [Note]
    assert result[0].text == expected


def test_the_note_keeps_the_earlier_values_in_a_table(reference, writer):
    rows = others(range(2016, 2025)) + series(MELLERUD, {2017: 60.0, 2019: 71.2})
    rows += series(RIKET, {2016: 55.0, 2024: 58.0})
    (note,), _ = shown(reference, writer, rows)
    assert note.table is not None
    assert note.table.head == ("År", "Mellerud", "Riket")
    assert [r[0] for r in note.table.rows] == [str(y) for y in range(2016, 2025)]
    assert dict((r[0], r[1]) for r in note.table.rows)["2019"] == "71\u00a0%"


def test_no_values_at_all_gives_no_table(reference, writer):
    (note,), _ = shown(reference, writer, others(range(2020, 2025)))
    assert note.table is None


@pytest.mark.parametrize(
    ("rows", "config", "kinds"),
    [
        pytest.param(
            others(range(2020, 2025)) + series(MELLERUD, {2023: 40.0, 2024: 45.0}),
            None,
            ["over_time", "among_kommuner"],
            id="value-among-others",
        ),
        pytest.param(
            series(MELLERUD, {2023: 40.0, 2024: 45.0}),
            None,
            ["over_time"],
            id="alone-no-comparison-among-kommuner",
        ),
        pytest.param(
            others(range(2020, 2025), YESNO, 1.0) + series(MELLERUD, {2024: 0.0}, YESNO),
            make_config(indicator(YESNO, "yesno")),
            ["answers", "answer_shares"],
            id="answer-among-others",
        ),
        pytest.param(
            series(MELLERUD, {2024: 0.0}, YESNO),
            make_config(indicator(YESNO, "yesno")),
            ["answers"],
            id="the-only-answer",
        ),
    ],
)
def test_a_current_value_gives_charts(reference, writer, rows, config, kinds):
    result, f = shown(reference, writer, rows, config)
    assert has_chart(f)
    assert [x.kind for x in result] == kinds
    assert all(isinstance(x, Figure) for x in result)


# ---------------------------------------------------------------- time axis


@pytest.mark.parametrize(
    ("values", "max_years", "table", "chart"),
    [
        pytest.param([], 10, [], [], id="nothing"),
        pytest.param([{2022: 1.0}], 10, [2022], [2022], id="one-year"),
        pytest.param(
            [{2016: 1.0, 2022: 2.0}, {2018: 3.0}],
            10,
            list(range(2016, 2023)),
            list(range(2016, 2023)),
            id="union-of-the-series",
        ),
        pytest.param(
            [{y: 1.0 for y in range(1998, 2023)}],
            10,
            list(range(1998, 2023)),
            list(range(2013, 2023)),
            id="capped-at-max-years",
        ),
        pytest.param(
            [{2012: 1.0, 2022: 2.0}],
            3,
            list(range(2012, 2023)),
            [2020, 2021, 2022],
            id="gap-years-inside-the-span",
        ),
    ],
)
def test_span_years(values, max_years, table, chart):
    assert span_years(values, max_years) == (table, chart)


@pytest.mark.parametrize(
    ("mellerud", "riket", "max_years", "chart", "table"),
    [
        pytest.param(
            {y: 50.0 for y in range(2016, 2025)},
            {},
            10,
            (2016, 2024),
            (2016, 2024),
            id="starts-with-its-own-first-value-not-the-snapshot",
        ),
        pytest.param(
            {y: 50.0 for y in range(2005, 2025)},
            {},
            10,
            (2015, 2024),
            (2005, 2024),
            id="last-ten-years-in-the-chart-all-in-the-table",
        ),
        pytest.param(
            {y: 50.0 for y in range(2016, 2025)},
            {y: 40.0 for y in range(2012, 2025)},
            5,
            (2020, 2024),
            (2012, 2024),
            id="comparison-widens-the-span-config-caps-it",
        ),
    ],
)
def test_axis_spans_the_indicators_years(
    reference, writer, mellerud, riket, max_years, chart, table
):
    # another kommun reports from 1998: the snapshot's years do not matter
    rows = others(range(2020, 2025)) + series(GOTEBORG, {1998: 10.0})
    rows += series(MELLERUD, mellerud) + series(RIKET, riket)
    result, _ = shown(reference, writer, rows, make_config(max_years=max_years))
    fig = result[0]
    assert isinstance(fig, Figure) and fig.kind == "over_time"
    years = chart_rows(fig)["Mellerud"]["year"]
    assert (years[0], years[-1]) == chart
    assert years == list(range(chart[0], chart[1] + 1))
    assert (fig.table.rows[0][0], fig.table.rows[-1][0]) == tuple(map(str, table))
    assert f"Källa: Kolada, {chart[0]}–{chart[1]}." in fig.chart.spec()["title"]["subtitle"][-1]


def test_missing_year_is_a_null_row_and_a_gap(reference, writer):
    values = {y: 40.0 + y % 7 for y in range(2015, 2025) if y != 2021}
    rows = others(range(2015, 2025)) + series(MELLERUD, values)
    result, _ = shown(reference, writer, rows)
    fig = result[0]
    row = chart_rows(fig)["Mellerud"]
    assert row["year"] == list(range(2015, 2025))
    assert row["value"][row["year"].index(2021)] is None
    assert 0 not in row["value"]
    assert dict((r[0], r[1]) for r in fig.table.rows)["2021"] == "–"
    # the static image draws two pieces of line, not one across 2021
    svg = vlc.vegalite_to_svg(charts.for_static(fig.chart.spec()))
    line = re.search(r'<path [^>]*aria-roledescription="line mark"[^>]* d="([^"]+)"', svg)
    assert line is not None and line.group(1).count("M") == 2


@pytest.mark.parametrize(
    ("values", "isolated"),
    [
        pytest.param([1.0, 2.0, 3.0], False, id="a-line"),
        pytest.param([1.0, 2.0, None, 4.0, 5.0], False, id="gap-between-lines"),
        pytest.param([1.0, None, 3.0, 4.0], True, id="lone-first-value"),
        pytest.param([None, 2.0, 3.0, None, 5.0], True, id="lone-last-value"),
        pytest.param([None, 2.0], True, id="only-one-value"),
    ],
)
def test_a_lone_value_keeps_its_point_in_the_static_image(values, isolated):
    years = list(range(2020, 2020 + len(values)))
    chart = charts.series_chart(
        "over_time", [("kommun", "Mellerud", dict(zip(years, values, strict=True)))],
        years, 0, "Titel", ["Undertitel"], "Beskrivning",
    )  # fmt: skip
    static = charts.for_static(chart.spec())
    marks = [part["mark"]["type"] for part in static["layer"]]
    assert charts.has_isolated_value(chart.spec()) is isolated
    assert marks == (["line", "point"] if isolated else ["line"])
    if isolated:  # the lone value is drawn: one point per value
        svg = vlc.vegalite_to_svg(static)
        drawn = svg.count('aria-roledescription="point"')
        assert drawn == sum(v is not None for v in values)


# ------------------------------------------------------------- comparisons


def test_comparison_without_values_in_the_shown_years_is_dropped(reference, writer):
    rows = others(range(2020, 2025)) + series(MELLERUD, {y: 50.0 for y in range(2005, 2025)})
    rows += series(RIKET, {y: 40.0 for y in range(2005, 2011)})  # old values only
    rows += series(VG_REGION, {y: 45.0 for y in range(2018, 2025)})
    result, _ = shown(reference, writer, rows)
    fig = result[0]
    assert list(chart_rows(fig)) == ["Mellerud", "Västra Götalands län"]
    assert "riket" not in fig.description
    assert fig.table.head == ("År", "Mellerud", "Västra Götalands län", "Riket")  # whole series


def test_comparison_without_any_value_is_left_out_of_chart_and_table(reference, writer):
    rows = others(range(2020, 2025)) + series(MELLERUD, {2023: 40.0, 2024: 45.0})
    result, _ = shown(reference, writer, rows)
    fig = result[0]
    assert list(chart_rows(fig)) == ["Mellerud"]
    assert fig.table.head == ("År", "Mellerud")


@pytest.mark.parametrize(
    ("code", "region", "lines"),
    [
        pytest.param(MELLERUD, VG_REGION, ["Mellerud", "Västra Götalands län"], id="a-län"),
        pytest.param(GOTLAND, GOTLAND_REGION, ["Gotland"], id="gotland-is-its-own-län"),
    ],
)
def test_no_län_line_of_the_kommun_itself(reference, writer, code, region, lines):
    rows = others(range(2020, 2025)) + series(code, {2023: 40.0, 2024: 45.0})
    rows += series(region, {2023: 40.0, 2024: 45.0})
    result, _ = shown(reference, writer, rows, code=code)
    assert list(chart_rows(result[0])) == lines


@pytest.mark.parametrize(
    ("women", "men", "has_gender"),
    [
        pytest.param({2023: 40.0, 2024: 41.0}, {2023: 30.0, 2024: 31.0}, True, id="both"),
        pytest.param({2023: 40.0, 2024: 41.0}, {}, False, id="one-line-compares-nothing"),
        pytest.param({2024: 41.0}, {2010: 30.0}, False, id="men-only-before-the-window"),
    ],
)
def test_gender_chart_only_with_both_lines(reference, writer, women, men, has_gender):
    rows = others(range(2010, 2025)) + series(MELLERUD, {2023: 40.0, 2024: 45.0})
    rows += series(MELLERUD, women, gender="K") + series(MELLERUD, men, gender="M")
    config = make_config(indicator(by_gender=True))
    result, _ = shown(reference, writer, rows, config)
    assert ("gender" in [x.kind for x in result]) is has_gender


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(
            [(2024, "+1", "–", "–", "–"), (2024, "–", "–", "–", "–")],
            ("year", "change"),
            id="no-comparison-at-all",
        ),
        pytest.param(
            [(2024, "–", "86 %", "–", "–"), (None, "–", "–", "–", "–")],
            ("year", "riket"),
            id="riket-only-and-no-change",
        ),
        pytest.param(
            [(2024, "+1", "–", "–", "91 %"), (2023, "–", "80 %", "–", "–")],
            ("year", "change", "riket", "liknande"),
            id="some",
        ),
        pytest.param(
            [(None, "–", "–", "–", "–")],
            (),
            id="nothing-but-the-kommun-column",
        ),
        pytest.param(
            [(2024, "0", "1", "2", "3")],
            ("year", "change", "riket", "lan", "liknande"),
            id="all",
        ),
    ],
)
def test_empty_columns_are_left_out(cells, expected):
    keys = ("year", "change", "riket", "lan", "liknande")
    rows = [dict(zip(keys, c, strict=True)) for c in cells]
    assert plan.table_columns(rows) == expected


# -------------------------------------------------------------------- pages


def render_area(reference, writer) -> tuple[site_model.Page, list[site_model.Page], str]:
    """Mellerud's page of an area with a charted indicator (values, Riket, no län) and a
    yes/no indicator without a current answer, rendered; and its embed pages."""
    config = make_config(indicator(), indicator(YESNO, "yesno"))
    rows = others(range(2020, 2025)) + series(MELLERUD, {2023: 40.0, 2024: 45.0})
    rows += series(RIKET, {2023: 41.0, 2024: 42.0})
    rows += others(range(2020, 2025), YESNO, 1.0) + series(MELLERUD, {2021: 0.0}, YESNO)
    snap = make_snapshot(rows)
    mellerud = reference.kommun(MELLERUD)
    model = whole_site.build_model(snap, config, reference, writer, None, [mellerud])
    slug = config.areas[0].slug
    intros = {slug: ""}
    rows_ = plan.indicator_rows({slug: model.areas[(MELLERUD, slug)]})
    (page,) = plan.kommun_area_pages(model, mellerud, slug, config, reference, intros, rows_)
    embeds = site_embeds.kommun_embed_pages(model, mellerud, config, reference, areas=(slug,))
    env = render.make_env(ROOT / "templates")
    env.globals["iframe"] = lambda url, title, fig: site_embeds.iframe_snippet(url, title, fig)
    common = {**metadata.common_context(snap, config, datetime(2026, 1, 1)), "images": True}
    html = render.render_pages(env, [page], common)[urls.url_to_path(page.url)].decode()
    return page, embeds, html


@pytest.fixture(scope="module")
def area_page(reference, writer):
    page, embeds, html = render_area(reference, writer)
    return page, embeds, LexborHTMLParser(html), html


def test_same_input_same_page(reference, writer, area_page):
    assert render_area(reference, writer)[2] == area_page[3]


def test_page_shows_the_sentence_and_no_chart_or_embed(area_page):
    page, embeds, tree, _ = area_page
    missing = tree.css_first(f"section#{YESNO}")
    assert missing.css("figure") == [] and missing.css("textarea.embed-textarea") == []
    assert "Mellerud har inget svar för 2024. Det senaste svaret, från 2021, är nej." in (
        missing.text()
    )
    assert "Uppgift saknas för Mellerud" not in tree.body.text()
    charted = tree.css_first(f"section#{KPI}")
    assert charted.css("figure") and charted.css_first("textarea.embed-textarea")
    assert [p.url for p in embeds] == [f"/embed/mellerud/aldreomsorg/{KPI.lower()}/"]
    jobs = site_files.figure_jobs(page)
    assert jobs and all(YESNO not in str(job.patch) for job in jobs)


def test_page_tables_leave_out_empty_comparison_columns(area_page):
    _, _, tree, _ = area_page
    head = [th.text() for th in tree.css_first("section table thead").css("th")]
    assert "Riket" in head
    assert "Västra Götalands län" not in head and "Liknande kommuner" not in head
    compare = tree.css_first(f"section#{KPI} p.compare").text()
    assert "Riket" in compare and "–" not in compare and "län" not in compare


def test_no_share_image_without_any_chart(reference, writer):
    config = make_config()
    snap = make_snapshot(others(range(2020, 2025)))
    mellerud = reference.kommun(MELLERUD)
    model = whole_site.build_model(snap, config, reference, writer, None, [mellerud])
    slug = config.areas[0].slug
    assert (MELLERUD, slug) not in model.shares
    rows = plan.indicator_rows({slug: model.areas[(MELLERUD, slug)]})
    (page,) = plan.kommun_area_pages(model, mellerud, slug, config, reference, {slug: ""}, rows)
    assert page.context["og_image"] is None
    assert site_embeds.kommun_embed_pages(model, mellerud, config, reference, areas=(slug,)) == []
