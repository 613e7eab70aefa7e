"""The charts of one indicator as a page shows them: chart, description, table.

Every chart comes with a short Swedish description (its accessible name) and a
data table, so that it makes sense without sight and without JavaScript. The
main chart of each indicator also gets a static SVG, named by a hash of what it
shows, so an unchanged chart is never rendered twice (images.py renders them).

Real series are sparse: surveys answered by a few dozen kommuner, series that
start in different years, years missing in the middle. So a kommun without a
value for the indicator's current year gets no chart but a :class:`Note` (a
sentence with its latest earlier value); a chart's time axis spans only the
years of the values it compares, at most ``config.charts.max_years`` of them
(the table keeps the whole series); a missing year stays on the axis as null,
so the line breaks there; and a comparison without a value in the shown years
is left out of the chart, one without any value out of the table.
"""

from __future__ import annotations

import functools
import hashlib
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from insyn.analyse.analysis import AreaFacts, Data, IndicatorFacts
from insyn.config import Indicator
from insyn.data.reference import RIKET_ID, Kommun
from insyn.write import charts, sv
from insyn.write.text import Writer, indicator_ctx, kommun_ctx

UNIT_SUBTITLES = {
    "percent": "Andel i procent",
    "percent_signed": "Avvikelse i procent",
    "per_1000": f"Antal per 1{sv.NBSP}000 invånare",
    "per_10000": f"Antal per 10{sv.NBSP}000 invånare",
    "per_100000": f"Antal per 100{sv.NBSP}000 invånare",
    "count": "Antal",
    "kronor": "Kronor",
    "days": "Dagar",
    "index": "Index",
    "yesno": "Svar ja eller nej",
    "ordinal": "Svarsalternativ",
}


def unit_subtitle(ind: Indicator) -> str:
    """ "Antal per 10 000 vuxna invånare": the unit with the indicator's own denominator."""
    if ind.denominator and ind.unit in ("per_1000", "per_10000", "per_100000"):
        return "Antal " + sv.unit_label(ind.unit, ind.denominator)
    return UNIT_SUBTITLES[ind.unit]


#: Bumped when the static rendering changes, so cached images are not reused.
STATIC_VERSION = "3"


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Figure:
    """One chart with everything that goes around it."""

    id: str
    kind: str
    chart: charts.Chart
    title: str
    description: str
    table: Table
    static_hash: str | None = None  # the main chart's static SVG, by content hash

    @property
    def static_path(self) -> str | None:
        return f"img/{self.static_hash}.svg" if self.static_hash else None


@dataclass(frozen=True)
class Note:
    """What an indicator shows instead of charts when the kommun has no current value:
    a chart of old values (or of the comparisons alone) would suggest news that is not
    there, and an empty one says nothing. The table keeps any earlier values."""

    id: str
    text: str
    table: Table | None = None
    kind: str = "note"


#: What one indicator shows on a kommun × area page: its figures, or one note.
Shown = Figure | Note


def shown_to_data(shown: Sequence[Shown]) -> list[dict[str, Any]]:
    """An indicator's figures as plain JSON data, for the build's figure cache
    (build/figurecache.py): :func:`shown_from_data` gives them back equal."""
    return [_shown_data(item) for item in shown]


def _table_data(table: Table | None) -> list[Any] | None:
    return (
        None if table is None else [table.caption, list(table.head), [list(r) for r in table.rows]]
    )


def _shown_data(item: Shown) -> dict[str, Any]:
    if isinstance(item, Note):
        return {"note": [item.id, item.text, _table_data(item.table), item.kind]}
    chart = {"template": item.chart["template"], "patch": [list(p) for p in item.chart["patch"]]}
    return {
        "figure": [item.id, item.kind, chart, item.title, item.description],
        "table": _table_data(item.table),
        "static_hash": item.static_hash,
    }


def shown_from_data(items: Sequence[Any]) -> tuple[Shown, ...]:
    """The figures :func:`shown_to_data` wrote; ValueError when ``items`` are not such
    data (a cache file from another version, or damaged)."""
    try:
        return tuple(_shown_from(item) for item in items)
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"not the data of figures: {exc!r}") from exc


def _table_from(data: Any) -> Table | None:
    if data is None:
        return None
    caption, head, rows = data
    return Table(str(caption), tuple(head), tuple(tuple(r) for r in rows))


def _shown_from(item: Mapping[str, Any]) -> Shown:
    if "note" in item:
        id_, text, table, kind = item["note"]
        return Note(id_, text, _table_from(table), kind)
    id_, kind, chart, title, description = item["figure"]
    patch = [(str(path), value) for path, value in chart["patch"]]
    table = _table_from(item["table"])
    if table is None:
        raise ValueError("a figure without its table")
    return Figure(
        id_,
        kind,
        charts.Chart(template=chart["template"], patch=patch),
        title,
        description,
        table,
        item["static_hash"],
    )


def has_chart(f: IndicatorFacts) -> bool:
    """Whether the indicator gets charts in the kommun: it has a value for the
    indicator's current year (or a later one)."""
    return f.value is not None and not f.missing_now


def has_among(f: IndicatorFacts) -> bool:
    """Whether the indicator gets an among-kommuner chart (and its shared data file):
    a ranked current value among at least two kommuner; among itself alone the chart
    says nothing."""
    return has_chart(f) and f.rank is not None and f.rank.n > 1


def span_years(series: Sequence[Mapping[int, Any]], max_years: int) -> tuple[list[int], list[int]]:
    """(table years, chart years) of the values in ``series``.

    The table runs from the first to the last year with any value, every year in
    between (a missing year is a row of "–", in the chart a gap); the chart shows
    the last ``max_years`` of them. Not the snapshot's years: a series that starts
    in 2016 gets no empty axis from 1998.
    """
    present = sorted({year for values in series for year in values})
    if not present:
        return [], []
    table = list(range(present[0], present[-1] + 1))
    return table, table[-max_years:]


def static_hash(chart: charts.Chart) -> str:
    """A name for the static image: the same chart always gets the same name.

    The name hashes the JSON of [STATIC_VERSION, template name, template, patch]; the
    head of that JSON is the same for every chart of a kind and is hashed once
    (_static_head). Dumping the template anew for each of the 35 000 charts cost 0,7
    CPU-s in a one-kommun night (issue 16, measured with py-spy).
    """
    h = _static_head(chart.template_name).copy()
    h.update(_static_json(chart["patch"]).encode("utf-8") + b"]")
    return h.hexdigest()[:20]


@functools.cache
def _static_head(name: str) -> Any:
    """sha256 fed with the JSON list's head up to the patch: '[version,name,template,'."""
    kind, decimals = name.rsplit("-", 1)
    head = _static_json([STATIC_VERSION, name, charts.template(kind, int(decimals))])
    return hashlib.sha256(head[:-1].encode("utf-8") + b",")


def _static_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _kind_decimals(chart: charts.Chart) -> tuple[str, int]:
    kind, decimals = chart.template_name.rsplit("-", 1)
    return kind, int(decimals)


def _subtitle(ind: Indicator, years: Sequence[int]) -> list[str]:
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    return [f"{ind.title}. {unit_subtitle(ind)}.", f"Källa: Kolada, {span}."]


def table_cell(ind: Indicator, value: float | None, aggregate: bool = False) -> str:
    """A value in a table cell. A yes/no value of Riket, a län or a group (``aggregate``,
    or any value that is not a code) is an average of answers, shown as the share
    giving the desired answer."""
    if value is None:
        return "–"
    if ind.is_categorical and (aggregate or not float(value).is_integer()):
        return _aggregate_text(value, ind)
    return sv.format_table_value(value, ind.unit, ind.decimals, dict(ind.scale))


def _aggregate_text(value: float, ind: Indicator) -> str:
    codes = [c for c, _ in ind.scale]
    if ind.unit != "yesno":
        return sv.format_number(value, 1)
    best = ind.best_code if ind.best_code is not None else max(codes)
    other = next(c for c in codes if c != best)
    share = (value - other) / (best - other) * 100
    return f"{sv.format_number(share, 0)}{sv.NBSP}% {dict(ind.scale)[best].lower()}"


def indicator_figures(
    f: IndicatorFacts, facts: AreaFacts, data: Data, writer: Writer
) -> list[Shown]:
    """The charts of one indicator on its kommun × area page (main chart first), or
    one :class:`Note` when the kommun has no current value."""
    c = indicator_ctx(f, data)
    if not has_chart(f):
        return [_note(f, facts, c, data, writer)]
    if f.indicator.is_categorical:
        return [*_categorical(f, c, data, writer)]
    figures: list[Shown] = [_over_time(f, facts, c, data, writer)]
    if has_among(f):
        figures.append(_among(f, c, data, writer))
    gender = _gender(f, c, data, writer) if f.indicator.by_gender else None
    if gender is not None:
        figures.append(gender)
    return figures


def figure_inputs(f: IndicatorFacts, facts: AreaFacts, data: Data) -> tuple[Any, ...]:
    """Every value of the snapshot :func:`indicator_figures` reads for one indicator,
    besides ``f`` itself (the config, the reference tables and the templates are in the
    build's base key): the lines of its chart over time (:func:`_series`), the kommun's
    women's and men's series, and what a figure shows of all kommuner: how many
    reported (a note), every kommun's answers (a ja/nej indicator), their lowest,
    median and highest value and number (the chart among kommuner).

    The incremental build keys a kommun × area on this instead of on the charts it
    would compute (issue 16: computing them for 2 900 groups to find the 800 that
    changed took a third of a one-kommun night). A figure that reads something more
    must add it here, or its page goes stale: tests/build/test_real_build.py builds a
    one-kommun night and compares it with a build from nothing.
    """
    ind, k = f.indicator, f.kommun
    # read as the figures read them: the comparison lines through _series
    series = (
        _series(f, facts, data),
        data.women.get((ind.id, k.code), {}),
        data.men.get((ind.id, k.code), {}),
    )
    # the same branches as indicator_figures: what of all kommuner each figure shows
    if not has_chart(f):
        stats = data.stats.get((ind.id, f.current_year)) if f.current_year else None
        return (series, "note", len(stats.values) if stats else 0)
    if ind.is_categorical:
        year = f.year or data.current_year.get(ind.id)
        return (series, "answers", year and _answer_counts(data, ind, year))
    if not has_among(f) or f.year is None:
        return (series, "over_time")
    return (series, "among", *_among_summary(ind, data.stats[(ind.id, f.year)].values))


def _among_summary(ind: Indicator, values: Sequence[float]) -> tuple[str, str, str, int]:
    """The lowest, median and highest value as the chart's table prints them, and how
    many kommuner have one. Printed, not raw: another kommun's new value moves the
    median of 289 by a hair (6,738544 → 6,734993) that prints alike, and 148 of the
    902 pages a one-kommun night rebuilt differed in nothing else (issue 16)."""
    return (
        table_cell(ind, values[0]),
        table_cell(ind, statistics.median(values)),
        table_cell(ind, values[-1]),
        len(values),
    )


def _note(f: IndicatorFacts, facts: AreaFacts, c: dict, data: Data, writer: Writer) -> Note:
    """The sentence instead of charts, and the table of earlier values if there are any."""
    ind = f.indicator
    current = f.current_year
    stats = data.stats.get((ind.id, current)) if current is not None else None
    ctx = {
        **c,
        "reported": len(stats.values) if stats else 0,
        "kommuner": len(data.reference.kommuner),
    }
    text = _say(writer, "missing_note", f, c=ctx)
    table = None
    if f.value is not None:
        series = _series(f, facts, data)
        years, _ = span_years([values for _, _, values in series], data.config.charts.max_years)
        caption = f"{ind.title} {f.kommun.in_name}, {unit_subtitle(ind).lower()}"
        table = _series_table(ind, caption, series, years)
    return Note(id=f"{ind.id}-saknas", text=text, table=table)


def _say(writer: Writer, macro: str, f: IndicatorFacts, **ctx: Any) -> str:
    return writer.say("charts.j2", macro, (f.kommun.code, f.indicator.id, macro), **ctx)


def _series(f: IndicatorFacts, facts: AreaFacts, data: Data) -> list[tuple[str, str, dict]]:
    ind, k = f.indicator, f.kommun
    lan = data.reference.lan_of(k)
    out = [("kommun", k.name, data.total.get((ind.id, k.code), {}))]
    lan_values = data.total.get((ind.id, lan.region_id), {})
    if lan_values and not _alone_in_lan(k, data):  # Gotland: no line of itself
        out.append(("lan", lan.name, lan_values))
    if facts.area.similar_group:
        gid = data.similar.get((facts.area.similar_group, k.code))
        if gid:
            out.append(("liknande", "Liknande kommuner", data.total.get((ind.id, gid), {})))
    out.append(("riket", "Riket", data.total.get((ind.id, RIKET_ID), {})))
    return [s for s in out if s[2] or s[0] == "kommun"]


def _alone_in_lan(kommun: Kommun, data: Data) -> bool:
    """Whether the kommun is its län's only one (Gotland): the län's line is its own."""
    return sum(1 for k in data.reference.kommuner if k.lan_code == kommun.lan_code) == 1


def _in_years(series: Sequence[tuple[str, str, Mapping[int, Any]]], years: Sequence[int]) -> list:
    """The series with a value in ``years`` (the kommun's always): a comparison line
    with nothing to show in the chart would only crowd its legend."""
    return [s for s in series if s[0] == "kommun" or any(y in s[2] for y in years)]


def _in_text(role: str, name: str) -> str:
    """A comparison's name inside a sentence: "riket", "liknande kommuner", a län's name."""
    return name if role == "lan" else name[:1].lower() + name[1:]


def _series_table(
    ind: Indicator,
    caption: str,
    series: Sequence[tuple[str, str, Mapping[int, float]]],
    years: Sequence[int],
) -> Table:
    """A year-by-series table of the whole series; its years in the caption."""
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else f"{years[0]}" if years else ""
    return Table(
        caption=f"{caption}, {span}." if span else f"{caption}.",
        head=("År", *[name for _, name, _ in series]),
        rows=tuple(
            (str(y), *[table_cell(ind, values.get(y)) for _, _, values in series]) for y in years
        ),
    )


def _over_time(f: IndicatorFacts, facts: AreaFacts, c: dict, data: Data, writer: Writer) -> Figure:
    ind = f.indicator
    series = _series(f, facts, data)
    table_years, years = span_years([v for _, _, v in series], data.config.charts.max_years)
    shown = _in_years(series, years)
    title = _say(writer, "over_time_title", f, c=c)
    others = [_in_text(role, name) for role, name, _ in shown[1:]]
    description = _say(
        writer, "over_time_description", f, c=c, series=others, first=years[0], last=years[-1]
    )
    chart = charts.series_chart(
        "over_time", shown, years, ind.decimals, title, _subtitle(ind, years), description
    )
    caption = f"{title}. {ind.title}, {unit_subtitle(ind).lower()}"
    table = _series_table(ind, caption, series, table_years)
    return Figure(
        id=f"{ind.id}-tid",
        kind="over_time",
        chart=chart,
        title=title,
        description=description,
        table=table,
        static_hash=static_hash(chart),
    )


def among_file(kpi: str, year: int) -> str:
    """Site path of the shared file with every kommun's value of one KPI and year."""
    return f"data/kommunvarden/{kpi}-{year}.json"


def among_data(data: Data, ind: Indicator, year: int) -> bytes:
    values = [
        (k.code, k.name, data.total[(ind.id, k.code)][year])
        for k in data.reference.kommuner
        if year in data.total.get((ind.id, k.code), {})
    ]
    riket = data.total.get((ind.id, RIKET_ID), {}).get(year)
    rows = charts.among_rows(values, riket)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _among(f: IndicatorFacts, c: dict, data: Data, writer: Writer) -> Figure:
    ind = f.indicator
    assert f.year is not None and f.value is not None and f.rank is not None
    title = _say(writer, "among_title", f, c=c)
    description = _say(writer, "among_description", f, c=c)
    # kommun × area pages are two levels deep: the shared file is relative to them
    chart = charts.among_chart(
        "../../" + among_file(ind.id, f.year),
        f.kommun.code,
        ind.decimals,
        title,
        _subtitle(ind, [f.year]),
        description,
    )
    values = data.stats[(ind.id, f.year)].values  # every kommun's value, sorted
    riket = f.comparison("riket")
    rows = [(f.kommun.name, table_cell(ind, f.value))]
    if ind.direction != "none":
        rows.append(("Placering", sv.rank_text(f.rank.rank, f.rank.n, f.rank.tied)))
    if riket is not None:  # no row of "–" where Riket has no value
        rows.append(("Riket", table_cell(ind, riket.value)))
    lowest, median, highest, count = _among_summary(ind, values)
    rows += [
        ("Lägsta värdet bland kommunerna", lowest),
        ("Medianen bland kommunerna", median),
        ("Högsta värdet bland kommunerna", highest),
        ("Antal kommuner med värde", str(count)),
    ]
    table = Table(caption=f"{title}. {ind.title} {f.year}.", head=("", "Värde"), rows=tuple(rows))
    return Figure(
        id=f"{ind.id}-kommuner",
        kind="among_kommuner",
        chart=chart,
        title=title,
        description=description,
        table=table,
    )


def _gender(f: IndicatorFacts, c: dict, data: Data, writer: Writer) -> Figure | None:
    """Kvinnor and män over time; only when both have a value in the chart's years,
    since one line alone compares nothing."""
    ind = f.indicator
    key = (ind.id, f.kommun.code)
    series = [
        ("kvinnor", sv.capitalize(ind.gender_words[0]), data.women.get(key, {})),
        ("man", sv.capitalize(ind.gender_words[1]), data.men.get(key, {})),
    ]
    table_years, years = span_years([v for _, _, v in series], data.config.charts.max_years)
    if not all(any(y in values for y in years) for _, _, values in series):
        return None
    title = _say(writer, "gender_title", f, c=c)
    description = _say(writer, "gender_description", f, c=c, first=years[0], last=years[-1])
    chart = charts.series_chart(
        "gender", series, years, ind.decimals, title, _subtitle(ind, years), description
    )
    table = _series_table(ind, f"{title}. {ind.title}", series, table_years)
    return Figure(
        id=f"{ind.id}-kon",
        kind="gender",
        chart=chart,
        title=title,
        description=description,
        table=table,
    )


def _categorical(f: IndicatorFacts, c: dict, data: Data, writer: Writer) -> list[Figure]:
    ind = f.indicator
    labels = [label for _, label in sorted(ind.scale, key=_scale_order(ind))]
    series = data.total.get((ind.id, f.kommun.code), {})
    table_years, years = span_years([series], data.config.charts.max_years)
    answers = {y: ind.label(series[y]) if y in series else None for y in table_years}
    title = _say(writer, "answers_title", f, c=c)
    description = _say(writer, "answers_description", f, c=c, first=years[0], last=years[-1])
    chart = charts.answers_chart(
        {y: answers[y] for y in years}, years, labels, title, _subtitle(ind, years), description
    )
    span = f"{table_years[0]}–{table_years[-1]}" if len(table_years) > 1 else f"{table_years[0]}"
    table = Table(
        caption=f"{title}. {ind.title}, {span}.",
        head=("År", "Svar"),
        rows=tuple((str(y), answers[y] or "–") for y in table_years),
    )
    figures = [
        Figure(
            id=f"{ind.id}-svar",
            kind="answers",
            chart=chart,
            title=title,
            description=description,
            table=table,
            static_hash=static_hash(chart),
        )
    ]
    year = f.year or data.current_year.get(ind.id)
    if year is None:
        return figures
    counts = _answer_counts(data, ind, year)
    if sum(count for _, count in counts) < 2:
        return figures  # the kommun's own answer alone: nothing to compare
    own = ind.label(series[year]) if year in series else None
    parts = [f"{label.lower()} {count}" for label, count in counts]
    ctx = {**c, "year": year}
    title2 = _say(writer, "shares_title", f, c=ctx)
    description2 = _say(writer, "shares_description", f, c=ctx, parts=parts)
    chart2 = charts.answer_shares_chart(counts, own, title2, _subtitle(ind, [year]), description2)
    table2 = Table(
        caption=f"{title2}. {ind.title}.",
        head=("Svar", "Antal kommuner"),
        rows=tuple((label, str(count)) for label, count in counts),
    )
    figures.append(
        Figure(
            id=f"{ind.id}-andelar",
            kind="answer_shares",
            chart=chart2,
            title=title2,
            description=description2,
            table=table2,
        )
    )
    return figures


def _scale_order(ind: Indicator):
    """Best answer first (for direction none: the scale's own order)."""
    if ind.direction == "lower":
        return lambda item: item[0]
    if ind.direction == "higher":
        return lambda item: -item[0]
    return lambda item: 0


def _answer_counts(data: Data, ind: Indicator, year: int) -> list[tuple[str, int]]:
    counts: dict[int, int] = {}
    for k in data.reference.kommuner:
        value = data.total.get((ind.id, k.code), {}).get(year)
        if value is not None:
            counts[int(value)] = counts.get(int(value), 0) + 1
    return [
        (label, counts.get(code, 0)) for code, label in sorted(ind.scale, key=_scale_order(ind))
    ]


# ------------------------------------------------------------- area overview


BANDS_DIRECTED = ("top", "middle", "bottom")


def area_overview_figure(kommun: Kommun, areas: Sequence[AreaFacts], writer: Writer) -> Figure:
    """The kommun page's overview: per area, how many indicators are in each band."""
    rows: list[tuple[str, Mapping[str, int]]] = []
    table_rows = []
    for facts in areas:
        counts: dict[str, int] = {}
        for f in facts.indicators:
            if f.rank is not None and f.indicator.direction != "none":
                counts[f.rank.band] = counts.get(f.rank.band, 0) + 1
        score = facts.score
        rows.append((facts.area.title, counts))
        table_rows.append(
            (
                facts.area.title,
                *[str(counts.get(b, 0)) for b in BANDS_DIRECTED],
                "–" if score is None else f"{sv.format_number(score.share, 0)}{sv.NBSP}%",
            )
        )
    k = kommun_ctx(kommun)
    parts = [
        f"{area}: {c.get('top', 0)} bland de bästa, {c.get('middle', 0)} i mitten och "
        f"{c.get('bottom', 0)} bland de sämsta."
        for area, c in rows
    ]
    title = writer.say("charts.j2", "overview_title", (kommun.code, "overview"), k=k)
    description = writer.say(
        "charts.j2", "overview_description", (kommun.code, "ov"), k=k, parts=parts
    )
    chart = charts.area_overview_chart(
        rows,
        BANDS_DIRECTED,
        title,
        [
            "Antal nyckeltal per läge jämfört med andra kommuner (nyckeltal med önskad riktning).",
            "Källa: Kolada. Placeringar: våra beräkningar.",
        ],
        description,
    )
    table = Table(
        caption=f"{title}: antal nyckeltal per läge och andel positiva svar",
        head=(
            "Område",
            "Bästa fjärdedelen",
            "Mittersta hälften",
            "Sämsta fjärdedelen",
            "Positiva svar (vår beräkning)",
        ),
        rows=tuple(table_rows),
    )
    return Figure(
        id="oversikt",
        kind="area_overview",
        chart=chart,
        title=title,
        description=description,
        table=table,
        static_hash=static_hash(chart),
    )
