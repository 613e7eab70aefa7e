"""The site's data downloads: per kommun × area, and the whole data set under /data/.

Two audiences, two conventions. ``<kommun>/<area>/data.csv`` is for people who
open it in Excel with Swedish settings: UTF-8 with BOM (so Excel sees UTF-8),
``;`` between fields and a decimal comma. The files under ``data/`` are for
programs: UTF-8 without BOM, ``,`` and a decimal point, described by a
Frictionless Data Package. Both carry the values at the full precision of the
snapshot (never rounded to the indicator's decimals, never in exponent
notation), because a download that rounds cannot be checked against Kolada.

Pure: data in, bytes out. The build time and data date come in through
:class:`DownloadMeta`, so the same input gives byte-identical files. Only the
two files that describe ``data/`` (LASMIG.txt, datapackage.json) carry the build
date; the 2 900 kommun × area files change only when their data does, so an
incremental build can leave them alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from insyn.analyse.analysis import Data
from insyn.config import Area, Config, Indicator
from insyn.data.model import Snapshot
from insyn.data.reference import RIKET_ID, Kommun, Reference, slugify
from insyn.site import urls
from insyn.write import sv

log = logging.getLogger(__name__)

#: Gender codes in file order and how the files for people name them.
GENDERS = (("T", "Totalt"), ("K", "Kvinnor"), ("M", "Män"))
GENDER_LABELS = dict(GENDERS)

AREA_CSV_HEADER = (
    "Kommunkod",
    "Kommun",
    "Nyckeltal-id",
    "Nyckeltal",
    "Enhet",
    "År",
    "Kön",
    "Värde",
    "Svar",
    "Riket",
    "Län",
    "Liknande kommuner",
)

#: Words for config directions in nyckeltal.csv.
DIRECTION_WORDS = {"higher": "högre är bättre", "lower": "lägre är bättre", "none": "ingen"}

DATA_DIR = "data"
#: observationer.csv carries only the unit's code: its name and kind are in enheter.csv,
#: once per unit instead of on each of a million rows (they made up half the file).
#: ``karantän`` is "ja" for a value outside its indicator's plausible range: the file
#: keeps every value as the source served it, the pages leave those out.
OBSERVATIONS_COLUMNS = ("nyckeltal", "kod", "år", "kön", "värde", "status", "karantän")
QUARANTINE_MARK = "ja"
UNIT_COLUMNS = ("kod", "namn", "typ")
#: The kinds of unit in enheter.csv, as :func:`unit_names` names them.
UNIT_KINDS = ("kommun", "län", "riket", "region", "grupp")
INDICATOR_COLUMNS = (
    "id",
    "titel",
    "område",
    "område_titel",
    "enhet",
    "riktning",
    "decimaler",
    "per_kön",
    "skala",
    "beskrivning",
    "kolada_titel",
)
KOMMUN_COLUMNS = (
    "kod",
    "namn",
    "officiellt_namn",
    "slug",
    "län_kod",
    "län_kolada_kod",
    "län_namn",
    "kommungrupp_kod",
    "kommungrupp",
)

#: Titles and order of the /data/ files on a download page; other files follow by path.
FILE_TITLES = {
    f"{DATA_DIR}/observationer.csv": "Alla värden för webbplatsens nyckeltal",
    f"{DATA_DIR}/enheter.csv": "Kommuner, län, riket och grupper: kod, namn och typ",
    f"{DATA_DIR}/nyckeltal.csv": "Nyckeltalen: namn, område, enhet och beskrivning",
    f"{DATA_DIR}/kommuner.csv": "Kommunerna: kod, namn och län",
    f"{DATA_DIR}/datapackage.json": "Maskinläsbar beskrivning av filerna (Data Package)",
    f"{DATA_DIR}/LASMIG.txt": "Läs mig: om filerna, källan och licensen",
}
FORMATS = {"csv": "CSV", "json": "JSON", "txt": "Text"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DownloadMeta:
    """What the files say about themselves: site, source, licence, dates (YYYY-MM-DD)."""

    site_title: str
    base_url: str
    source: str
    source_url: str
    licence_name: str
    licence_url: str
    is_sample: bool
    data_date: str
    build_date: str

    def __post_init__(self) -> None:
        # a wrong date would end up in 2 900 files: refuse it here, not in review
        for name in ("data_date", "build_date"):
            if not _DATE.match(getattr(self, name)):
                raise ValueError(
                    f"DownloadMeta.{name} must be YYYY-MM-DD, not {getattr(self, name)!r}"
                )


# ------------------------------------------------------------------ numbers


def number_text(value: float | int | None, decimal_sep: str = ",") -> str:
    """A value at full precision for a CSV cell: shortest exact text, no exponent.

    ``12.0`` → ``12``, ``-0.5`` → ``-0,5``, ``1e-05`` → ``0,00001``, missing → ``""``.
    The minus is ASCII (U+2212 would make Excel read text, not a number), and
    there is no digit grouping, for the same reason.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("a number is required, not a bool")
    number = float(value)
    if math.isnan(number):
        return ""
    if math.isinf(number):
        raise ValueError(f"a finite number is required, not {value!r}")
    if number.is_integer():
        return str(int(number))  # also turns -0.0 into "0"
    text = repr(number)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text if decimal_sep == "." else text.replace(".", decimal_sep)


def json_number_text(value: float | int | None) -> str:
    """A value as JSON text: ``null`` when missing, ``12`` (not ``12.0``) when whole."""
    if value is None or math.isnan(value):
        return "null"
    if math.isinf(value):
        raise ValueError(f"a finite number is required, not {value!r}")
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


# ------------------------------------------------------------ kommun × area

#: (CSV text, JSON text) of a missing value.
_MISSING = ("", "null")


class _Texts:
    """Formatted values of series, memoised for one build: Riket's, a län's and a
    group's values appear in the files of many kommuner, and formatting is most
    of the cost of 2 900 × 2 files."""

    def __init__(self, data: Data) -> None:
        self._data = weakref.ref(data)  # no strong reference: the memo must not keep it alive
        self.years: dict[str, tuple[int, ...]] = {}
        self.indexes = {"T": data.total, "K": data.women, "M": data.men}
        self.memo: dict[tuple[str, str, str], dict[int, tuple[str, str]]] = {}
        self.values: dict[float, tuple[str, str]] = {}

    def value(self, value: float) -> tuple[str, str]:
        """(CSV text, JSON text) of one present value; values repeat a lot across kommuner."""
        texts = self.values.get(value)
        if texts is None:
            texts = self.values[value] = (number_text(value), json_number_text(value))
        return texts

    def series(self, gender: str, kpi: str, unit: str | None) -> dict[int, tuple[str, str]]:
        if unit is None:
            return {}
        key = (gender, kpi, unit)
        texts = self.memo.get(key)
        if texts is None:
            series = self.indexes[gender].get((kpi, unit), {})
            texts = {y: self.value(v) for y, v in series.items()}
            self.memo[key] = texts
        return texts

    def years_of(self, indicators: Iterable[Indicator]) -> Mapping[str, tuple[int, ...]]:
        """indicator_years, each indicator computed once (all the config's in one scan)."""
        indicators = tuple(indicators)
        todo = [i for i in indicators if i.id not in self.years]
        if todo:
            data = self._data()
            assert data is not None, "called with a Data that is still in use"
            if any(i.id not in self.years for i in data.config.indicators):
                todo += data.config.indicators
            self.years.update(indicator_years(data, todo))
        return {i.id: self.years[i.id] for i in indicators}

    def own(self, gender: str, kpi: str, code: str) -> Mapping[int, float]:
        return self.indexes[gender].get((kpi, code), {})


def comparison_ids(data: Data, kommun: Kommun, area: Area) -> tuple[str, str, str | None]:
    """Kolada ids of Riket, the kommun's län and the area's similar-kommuner group.

    The same units analysis._comparisons compares with (the län as Kolada's
    region, the latest "Liknande kommuner" group of the area's kind).
    """
    lan = data.reference.lan_of(kommun)
    similar = data.similar.get((area.similar_group, kommun.code)) if area.similar_group else None
    return RIKET_ID, lan.region_id, similar


def indicator_years(data: Data, indicators: Iterable[Indicator]) -> dict[str, tuple[int, ...]]:
    """The years with any value of each indicator (kvinnor and män only where shown).

    Every kommun's file lists the same years, so a missing value is an empty
    cell in a row that exists, not a row that silently is not there.
    """
    wanted = {ind.id: ind for ind in indicators}
    years: dict[str, set[int]] = {kpi: set() for kpi in wanted}
    gendered = {kpi for kpi, ind in wanted.items() if ind.by_gender}
    for index, kpis in ((data.total, wanted), (data.women, gendered), (data.men, gendered)):
        for (kpi, _), series in index.items():
            if kpi in kpis:
                years[kpi].update(series)
    return {kpi: tuple(sorted(ys)) for kpi, ys in years.items()}


def area_files(data: Data, kommun: Kommun, area: Area, meta: DownloadMeta) -> dict[str, bytes]:
    """``<kommun>/<area>/data.csv`` and ``data.json`` for one kommun and area.

    Cheap per call (the per-snapshot work is memoised on ``data``), so a build can
    call it inside each kommun's job.
    """
    texts = _texts_for(data)
    return _area_files(texts, data, kommun, area, meta, texts.years_of(area.indicators))


def area_inputs(data: Data, kommun: Kommun, area: Area) -> tuple[Any, ...]:
    """Every value of the snapshot :func:`area_files` reads besides its meta (in the
    build's base key): the series of the kommun, Riket, its län and its similar kommuner
    (totals, women and men) of each indicator, and the years every file lists. The
    incremental build keys a kommun × area on this instead of on the files (issue 16;
    see figures.figure_inputs)."""
    texts = _texts_for(data)
    years = texts.years_of(area.indicators)
    codes = (kommun.code, *comparison_ids(data, kommun, area))
    return tuple(
        (ind.id, years.get(ind.id, ()))
        + tuple(texts.own(g, ind.id, code) if code else None for g, _ in GENDERS for code in codes)
        for ind in area.indicators
    )


def all_area_files(
    data: Data,
    config: Config,
    reference: Reference,
    meta: DownloadMeta,
    kommuner: Iterable[Kommun] | None = None,
) -> dict[str, bytes]:
    """The downloads of every kommun (or of ``kommuner``) × every area."""
    texts = _texts_for(data)
    years = texts.years_of(config.indicators)
    out: dict[str, bytes] = {}
    for kommun in reference.kommuner if kommuner is None else kommuner:
        for area in config.areas:
            out.update(_area_files(texts, data, kommun, area, meta, years))
    log.debug("%d kommun × area download files", len(out))
    return out


#: Memo per live Data: id -> (weak reference to it, its _Texts); dropped when it dies.
_MEMO: dict[int, tuple[weakref.ref, _Texts]] = {}


def _texts_for(data: Data) -> _Texts:
    """The _Texts of ``data``, made once: scanning the indexes for the years of every
    indicator takes tens of milliseconds, too much for each of 2 900 calls. Only
    speed depends on this memo, never the output."""
    hit = _MEMO.get(id(data))
    if hit is not None and hit[0]() is data:
        return hit[1]
    texts = _Texts(data)
    _MEMO[id(data)] = (weakref.ref(data), texts)
    weakref.finalize(data, _MEMO.pop, id(data), None)
    return texts


def _area_files(
    texts: _Texts,
    data: Data,
    kommun: Kommun,
    area: Area,
    meta: DownloadMeta,
    years: Mapping[str, Sequence[int]],
) -> dict[str, bytes]:
    ids = comparison_ids(data, kommun, area)
    csv_lines = [";".join(AREA_CSV_HEADER)]
    indicators = []
    for ind in area.indicators:
        lines, values = _indicator_lines(texts, kommun, ind, years.get(ind.id, ()), ids)
        csv_lines += lines
        indicators.append(_indicator_doc(ind, values))
    base = urls.rel(urls.kommun_area(kommun.slug, area.slug))
    return {
        base + "data.csv": ("\r\n".join(csv_lines) + "\r\n").encode("utf-8-sig"),
        base + "data.json": _area_json(data, kommun, area, meta, ids, indicators),
    }


def _indicator_lines(
    texts: _Texts,
    kommun: Kommun,
    ind: Indicator,
    years: Sequence[int],
    ids: tuple[str, str, str | None],
) -> tuple[list[str], list[str]]:
    """The CSV lines and the JSON value objects (one line each, compact) of one indicator.

    Written by hand rather than through csv.writer and json.dumps: there are
    some 650 000 of them in a build. The only free text (names, title, unit,
    answer) is quoted with the csv module's rules by :func:`_quote`.
    """
    prefix = ";".join(
        _quote(t, ";")
        for t in (
            kommun.code,
            kommun.name,
            ind.id,
            ind.title,
            sv.unit_label(ind.unit, ind.denominator),
        )
    )
    answers = {label: (_quote(label, ";"), _json_text(label)) for _, label in ind.scale}
    genders = GENDERS if ind.by_gender else GENDERS[:1]
    Texts = dict[int, tuple[str, str]]
    series: list[tuple[str, Mapping[int, float], Texts, Texts, Texts]] = []
    for g, label in genders:
        riket_s, lan_s, similar_s = (texts.series(g, ind.id, unit) for unit in ids)
        series.append((label, texts.own(g, ind.id, kommun.code), riket_s, lan_s, similar_s))
    categorical = ind.is_categorical
    memo, value_texts = texts.values, texts.value
    csv_lines: list[str] = []
    json_lines: list[str] = []
    for year in years:
        for label, own, riket, lan, similar in series:
            value = own.get(year)
            if value is None:
                v_csv, v_json = _MISSING
            else:
                v_csv, v_json = memo.get(value) or value_texts(value)
            r_csv, r_json = riket.get(year, _MISSING)
            l_csv, l_json = lan.get(year, _MISSING)
            s_csv, s_json = similar.get(year, _MISSING)
            answer = svar = ""
            if categorical:
                text = None if value is None else ind.label(value)
                answer, a_json = _MISSING if text is None else answers[text]
                svar = f',"svar":{a_json}'
            csv_lines.append(f"{prefix};{year};{label};{v_csv};{answer};{r_csv};{l_csv};{s_csv}")
            json_lines.append(
                f'{{"år":{year},"kön":"{label}","värde":{v_json}{svar},'
                f'"riket":{r_json},"län":{l_json},"liknande":{s_json}}}'
            )
    return csv_lines, json_lines


def source_note(meta: DownloadMeta) -> str:
    """What the values are and what they are not (our calculations are not Kolada's)."""
    ours = (
        "Placeringar, förändringar och sammanfattningar på webbplatsen är våra egna "
        f"beräkningar och inte {sv.genitive(meta.source)}."
    )
    if meta.is_sample:
        return (
            f"Exempeldata: värdena är påhittade och kommer inte från {meta.source}. "
            f"De visar bara hur filerna ser ut. {ours}"
        )
    return (
        f"Värdena för kommunen, riket, länet och liknande kommuner kommer från {meta.source} "
        f"och är återgivna som de hämtades, utan avrundning. {ours}"
    )


def _area_json(
    data: Data,
    kommun: Kommun,
    area: Area,
    meta: DownloadMeta,
    ids: tuple[str, str, str | None],
    indicators: list[str],
) -> bytes:
    """data.json in the layout of :func:`_lines_json`.

    No build date: it would change 2 900 files on every build although their
    data did not, and defeat the incremental build. ``hämtad`` dates the data.
    """
    lan = data.reference.lan_of(kommun)
    _, lan_id, similar_id = ids
    similar = (
        {"kod": similar_id, "namn": f"Liknande kommuner {area.similar_group}"}
        if similar_id
        else None
    )
    head = {
        "titel": f"{area.title} {kommun.in_name}",
        "sida": meta.base_url + urls.rel(urls.kommun_area(kommun.slug, area.slug)),
        "webbplats": meta.site_title,
        "kommun": {
            "kod": kommun.code,
            "namn": kommun.name,
            "officiellt_namn": kommun.official_name,
        },
        "område": {"slug": area.slug, "titel": area.title},
        "jämförelser": {
            "riket": {"kod": RIKET_ID, "namn": "Riket"},
            "län": {"kod": lan_id, "namn": lan.name},
            "liknande": similar,
        },
        "källa": meta.source,
        "källa_url": meta.source_url,
        "licens": {"namn": meta.licence_name, "url": meta.licence_url},
        "exempeldata": meta.is_sample,
        "hämtad": meta.data_date,
        "anmärkning": source_note(meta),
    }
    return _lines_json(head, "nyckeltal", indicators)


def _lines_json(head: Mapping[str, Any], key: str, items: Sequence[str]) -> bytes:
    """A JSON object with one member of ``head`` per line and then ``key``: the
    already serialised ``items``, one per line.

    Compact (no spaces, no indentation) because the values are most of the 80 MB
    of data.json files on the site; one line per member, indicator and value row,
    so a reader can still scan the file and a diff shows which values changed.
    """
    members = [f"{_json_str(k)}:{_compact(v)}" for k, v in head.items()]
    body = ",\n".join(items)
    members.append(f"{_json_str(key)}:[\n{body}\n]" if items else f"{_json_str(key)}:[]")
    return ("{\n" + ",\n".join(members) + "\n}\n").encode("utf-8")


def _indicator_doc(ind: Indicator, value_lines: list[str]) -> str:
    """One indicator of data.json: its description on one line, then a value row per line.

    The description is the same in 290 files, so it is serialised once.
    """
    head = _indicator_head(ind)
    if not value_lines:
        return head + "]}"
    return head + "\n" + ",\n".join(value_lines) + "\n]}"


@lru_cache(maxsize=1024)
def _indicator_head(ind: Indicator) -> str:
    """``{"id":…,"titel":…,…,"värden":[``: an indicator up to its values."""
    doc: dict[str, Any] = {
        "id": ind.id,
        "titel": ind.title,
        "enhet": sv.unit_label(ind.unit, ind.denominator),
        "beskrivning": ind.description,
    }
    if ind.is_categorical:
        doc["skala"] = [{"kod": code, "svar": label} for code, label in ind.scale]
    return _compact(doc)[:-1] + ',"värden":['


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return _json_str(value)
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=4096)
def _json_str(text: str) -> str:
    """Keys and labels recur in every file: quote each once."""
    return json.dumps(text, ensure_ascii=False)


def _compact(value: Any) -> str:
    """One JSON value on one line without spaces."""
    if isinstance(value, str):
        return _json_str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_bytes(doc: Any) -> bytes:
    """Readable and stable: fixed key order (as built), indent 1, UTF-8, final newline."""
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ------------------------------------------------------------------ /data/


#: C0 control characters but tab and newline: no name or title needs them, and a NUL
#: or a bare CR (which csv.writer does not quote) breaks a reader's rows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
#: First characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """Free text as a CSV cell that a spreadsheet shows and never runs.

    The titles and names come from config.yaml, Kolada and the reference tables;
    a title "=HYPERLINK(…)" would run when a reader opens the download. A leading
    ``'`` makes it text. Numbers never pass here, so -3.2 stays a number.
    """
    text = _CONTROL.sub("", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _quote(text: str, sep: str = ",") -> str:
    """One CSV field as csv.writer (QUOTE_MINIMAL) writes it, as text (:func:`csv_text`)."""
    text = csv_text(text)
    if sep in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _machine_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A small /data/ table: ``,``, LF, UTF-8 without BOM; its text as :func:`csv_text`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_text(v) if isinstance(v, str) else v for v in row] for row in rows)
    return buf.getvalue().encode("utf-8")


def unit_names(snapshot: Snapshot, reference: Reference) -> dict[str, tuple[str, str]]:
    """Name and kind (kommun, län, riket, grupp, region) of every id in the snapshot.

    The reference tables win for kommuner and län, so the names match the pages.
    """
    out: dict[str, tuple[str, str]] = {}
    for m in snapshot.municipalities:
        kind = "kommun" if m.get("type") == "K" else "region"
        out[str(m["id"])] = (str(m.get("title", "")), kind)
    for g in snapshot.groups:
        out[str(g["id"])] = (str(g.get("title", "")), "grupp")
    for lan in reference.lan:
        out[lan.region_id] = (lan.name, "län")
    for k in reference.kommuner:
        out[k.code] = (k.name, "kommun")
    out[RIKET_ID] = ("Riket", "riket")
    return out


def _texts(values: Any, fmt: Callable[[Any], str]) -> np.ndarray:
    """``fmt`` over a column, called once per distinct value (a million rows, far fewer values)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        texts = np.array([fmt(c) for c in cats] + [fmt(None)], dtype=object)
        return texts[values.cat.codes.to_numpy()]  # code -1 (missing) takes the last
    uniq, inverse = np.unique(values.to_numpy(), return_inverse=True)
    return np.array([fmt(v) for v in uniq], dtype=object)[inverse]


def _configured(snapshot: Snapshot, config: Config) -> np.ndarray:
    """Which rows of the snapshot belong to a configured indicator."""
    obs = snapshot.observations
    return obs["kpi"].isin([ind.id for ind in config.indicators]).to_numpy()


def _observed(snapshot: Snapshot, config: Config) -> pd.DataFrame:
    """The observations of the configured indicators: the rows of observationer.csv."""
    return snapshot.observations[_configured(snapshot, config)]


def observations_csv(snapshot: Snapshot, config: Config, reference: Reference) -> bytes:
    """Every value of the configured indicators, tidy, in the snapshot's canonical order.

    The unit is only its code; :func:`units_csv` names it. Quarantined values
    (outside their plausible range) are kept as the source served them and marked
    in the column ``karantän``: the file is a faithful copy, the pages are not
    the place for a share of 108 percent.
    """
    from insyn.data import quarantine

    rows = _configured(snapshot, config)
    frame = snapshot.observations[rows]
    kommuner = [k.code for k in reference.kommuner]
    flags = quarantine.split(snapshot.observations, config.indicators, kommuner).flags[rows]
    marks = np.where(flags, QUARANTINE_MARK, "").astype(object)

    def text(value: Any) -> str:
        return "" if value is None else _quote(str(value))

    columns = (
        _texts(frame["kpi"].astype("category"), text),
        _texts(frame["municipality"].astype("category"), text),
        _texts(frame["year"], str),
        _texts(frame["gender"].astype("category"), text),
        _texts(frame["value"].astype("float64"), lambda v: number_text(v, ".")),
        _texts(frame["status"].astype("category"), text),
        marks,
    )
    body = "".join(
        [f"{a},{b},{c},{d},{e},{f},{g}\n" for a, b, c, d, e, f, g in zip(*columns, strict=True)]
    )
    return (",".join(OBSERVATIONS_COLUMNS) + "\n" + body).encode("utf-8")


def units_csv(snapshot: Snapshot, config: Config, reference: Reference) -> bytes:
    """enheter.csv: code, name and kind of every unit in observationer.csv, by code.

    Exactly the units that occur there, so ``kod`` is a foreign key both ways:
    every row of observationer.csv finds its name, and no name is without values.
    """
    names = unit_names(snapshot, reference)
    codes = sorted({str(c) for c in _observed(snapshot, config)["municipality"].unique()})
    unnamed = [c for c in codes if c not in names]
    if unnamed:
        log.warning("%d units without a name in enheter.csv, e.g. %s", len(unnamed), unnamed[0])
    return _machine_csv(UNIT_COLUMNS, [(c, *names.get(c, ("", ""))) for c in codes])


def indicators_csv(snapshot: Snapshot, config: Config) -> bytes:
    """nyckeltal.csv: the configured indicators in config order, with Kolada's own title
    beside ours, so a reader can find the indicator in Kolada."""
    rows = []
    for area in config.areas:
        for ind in area.indicators:
            kolada = snapshot.kpis.get(ind.id, {})
            rows.append(
                (
                    ind.id,
                    ind.title,
                    area.slug,
                    area.title,
                    sv.unit_label(ind.unit, ind.denominator),
                    DIRECTION_WORDS[ind.direction],
                    ind.decimals,
                    "ja" if ind.by_gender else "nej",
                    ", ".join(f"{code}={label}" for code, label in ind.scale),
                    ind.description,
                    kolada.get("title", "") if ind.is_kolada else "",
                )
            )
    return _machine_csv(INDICATOR_COLUMNS, rows)


def kommuner_csv(reference: Reference) -> bytes:
    """kommuner.csv: the reference table, to join observationer.csv on ``kod``."""
    grupper = {g.id: g.title for g in reference.kommungrupper}
    rows = []
    for k in reference.kommuner:
        lan = reference.lan_of(k)
        rows.append(
            (
                k.code,
                k.name,
                k.official_name,
                k.slug,
                lan.code,
                lan.region_id,
                lan.name,
                k.kommungrupp,
                grupper.get(k.kommungrupp, ""),
            )
        )
    return _machine_csv(KOMMUN_COLUMNS, rows)


def site_data_files(
    snapshot: Snapshot, config: Config, reference: Reference, meta: DownloadMeta
) -> dict[str, bytes]:
    """The /data/ section: observations, units, indicators, kommuner, Data Package, readme.

    Nothing here but LASMIG.txt and datapackage.json carries the build date.
    """
    tables = {
        "observationer.csv": observations_csv(snapshot, config, reference),
        "enheter.csv": units_csv(snapshot, config, reference),
        "nyckeltal.csv": indicators_csv(snapshot, config),
        "kommuner.csv": kommuner_csv(reference),
    }
    files = {f"{DATA_DIR}/{name}": data for name, data in tables.items()}
    files[f"{DATA_DIR}/datapackage.json"] = datapackage(tables, meta)
    files[f"{DATA_DIR}/LASMIG.txt"] = readme(config, reference, meta).encode("utf-8")
    return files


# ------------------------------------------------------------ Data Package


def _field(name: str, type_: str, title: str, description: str = "", **extra: Any) -> dict:
    out: dict[str, Any] = {"name": name, "type": type_, "title": title}
    if description:
        out["description"] = description
    out.update(extra)
    return out


def _foreign_key(field: str, resource: str, target: str) -> dict[str, Any]:
    return {"fields": field, "reference": {"resource": resource, "fields": target}}


def _schemas() -> dict[str, dict[str, Any]]:
    """Table Schemas of the CSV files (https://specs.frictionlessdata.io/table-schema/),
    in the order of the package's resources."""
    genders = ", ".join(f"{c} = {w.lower()}" for c, w in GENDERS)
    return {
        "observationer": {
            "fields": [
                _field("nyckeltal", "string", "Nyckeltal-id", "Koladas id, t.ex. N00945."),
                _field(
                    "kod",
                    "string",
                    "Kod",
                    "Kommun, län, riket (0000) eller grupp (G…); namnet står i enheter.csv.",
                ),
                _field("år", "year", "År"),
                _field("kön", "string", "Kön", genders, constraints={"enum": ["T", "K", "M"]}),
                _field("värde", "number", "Värde", "Tomt när värdet saknas."),
                _field("status", "string", "Status", "Koladas status för värdet."),
                _field(
                    "karantän",
                    "string",
                    "Karantän",
                    "ja när värdet ligger utanför nyckeltalets rimliga gränser och därför "
                    "inte visas på webbplatsen; annars tomt.",
                    constraints={"enum": [QUARANTINE_MARK]},
                ),
            ],
            "primaryKey": ["nyckeltal", "kod", "år", "kön"],
            "foreignKeys": [
                _foreign_key("kod", "enheter", "kod"),
                _foreign_key("nyckeltal", "nyckeltal", "id"),
            ],
            "missingValues": [""],
        },
        "enheter": {
            "fields": [
                _field("kod", "string", "Kod", "Kommun, län, riket (0000) eller grupp (G…)."),
                _field("namn", "string", "Namn"),
                _field(
                    "typ",
                    "string",
                    "Typ",
                    ", ".join(UNIT_KINDS[:-1]) + " eller " + UNIT_KINDS[-1] + ".",
                    constraints={"enum": list(UNIT_KINDS)},
                ),
            ],
            "primaryKey": ["kod"],
            "missingValues": [""],
        },
        "nyckeltal": {
            "fields": [
                _field("id", "string", "Nyckeltal-id"),
                _field("titel", "string", "Nyckeltal", "Webbplatsens korta namn."),
                _field("område", "string", "Område", "Områdets del av adressen."),
                _field("område_titel", "string", "Områdets namn"),
                _field("enhet", "string", "Enhet"),
                _field("riktning", "string", "Önskad riktning"),
                _field("decimaler", "integer", "Decimaler", "Decimaler som webbplatsen visar."),
                _field("per_kön", "string", "Visas per kön", "ja eller nej."),
                _field("skala", "string", "Svarsalternativ", "Kod=svar, för ja/nej-frågor."),
                _field("beskrivning", "string", "Vad mäts?"),
                _field("kolada_titel", "string", "Koladas titel"),
            ],
            "primaryKey": ["id"],
            "missingValues": [""],
        },
        "kommuner": {
            "fields": [
                _field("kod", "string", "Kommunkod"),
                _field("namn", "string", "Namn"),
                _field("officiellt_namn", "string", "Officiellt namn"),
                _field("slug", "string", "Adress", "Kommunens del av webbplatsens adresser."),
                _field("län_kod", "string", "Länskod"),
                _field("län_kolada_kod", "string", "Länets kod i Kolada"),
                _field("län_namn", "string", "Län"),
                _field("kommungrupp_kod", "string", "Kommungruppens kod i Kolada"),
                _field("kommungrupp", "string", "Kommungrupp (SKR)"),
            ],
            "primaryKey": ["kod"],
            "missingValues": [""],
        },
    }


_RESOURCE_TEXT = {
    "observationer": (
        "Alla värden",
        "Alla värden för webbplatsens nyckeltal: kommuner, län, riket och grupper, "
        "alla år och kön.",
    ),
    "enheter": (
        "Enheter",
        "Namn och typ för varje kod i observationer.csv: kommuner, län, riket och grupper.",
    ),
    "nyckeltal": ("Nyckeltal", "Webbplatsens nyckeltal med område, enhet och beskrivning."),
    "kommuner": ("Kommuner", "Kommunerna med kod, namn, län och kommungrupp."),
}


def datapackage(tables: Mapping[str, bytes], meta: DownloadMeta) -> bytes:
    """A Frictionless Data Package descriptor (v1) for the CSV files beside it."""
    schemas = _schemas()
    resources = []
    for path in sorted(tables, key=lambda p: list(schemas).index(p.removesuffix(".csv"))):
        name = path.removesuffix(".csv")
        title, description = _RESOURCE_TEXT[name]
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "title": title,
                "description": description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(tables[path]),
                "hash": "sha256:" + hashlib.sha256(tables[path]).hexdigest(),
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": schemas[name],
            }
        )
    description = (
        f"Värden för nyckeltalen på {meta.site_title}, hämtade {meta.data_date}. "
        + source_note(meta)
    )
    doc = {
        "profile": "tabular-data-package",
        "name": slugify(meta.site_title) or "insyn",
        "title": f"{meta.site_title}: öppna data",
        "description": description,
        "homepage": meta.base_url,
        "keywords": ["Kolada", "kommuner", "socialtjänst", "öppna jämförelser"],
        "licenses": [{"title": meta.licence_name, "path": meta.licence_url}],
        "sources": [{"title": meta.source, "path": meta.source_url}],
        "exempeldata": meta.is_sample,
        "hämtad": meta.data_date,
        "byggd": meta.build_date,
        "resources": resources,
    }
    return _json_bytes(doc)


# ------------------------------------------------------------------ readme


def readme(config: Config, reference: Reference, meta: DownloadMeta) -> str:
    """LASMIG.txt: what the files are, their format, source and licence, in Swedish."""
    example = f"{meta.base_url}{reference.kommuner[0].slug}/{config.areas[0].slug}/"
    if meta.is_sample:
        dates = [
            f"Filerna skapades {meta.build_date}.",
            "",
            "OBS! EXEMPELDATA. Värdena i de här filerna är påhittade och kommer inte",
            f"från {meta.source}. De visar bara hur filerna ser ut. Använd dem inte som",
            f"uppgifter om någon kommun. Exempeldatan är daterad {meta.data_date}.",
        ]
    else:
        dates = [
            f"Uppgifterna hämtades från {meta.source} {meta.data_date}. "
            f"Filerna skapades {meta.build_date}."
        ]
    parts = [f"{meta.site_title}: öppna data", "", *dates, ""]
    parts += [
        "FILERNA",
        "",
        "observationer.csv  Alla värden för webbplatsens nyckeltal: kommuner, län, riket",
        "                   och grupper av kommuner, alla år och kön.",
        "enheter.csv        Namn och typ för varje kod i observationer.csv.",
        "nyckeltal.csv      Nyckeltalen: namn, område, enhet, beskrivning.",
        "kommuner.csv       Kommunerna: kod, namn, län och kommungrupp.",
        "datapackage.json   Maskinläsbar beskrivning av filerna och deras kolumner",
        "                   (Frictionless Data Package).",
        "",
        "FORMAT",
        "",
        "Filerna i den här mappen är gjorda för program: UTF-8 utan BOM, kommatecken",
        "mellan fälten, punkt som decimaltecken, radslut LF och kolumnnamn på första",
        "raden. Värdena har full precision, som de hämtades, utan avrundning. Ett tomt",
        "värde betyder att uppgiften saknas. Koder som 0114 är text: behåll de",
        "inledande nollorna.",
        "",
        "Kolumner i observationer.csv:",
        "  nyckeltal  nyckeltalets id i Kolada, t.ex. N00945 (id som börjar med X har",
        "             lagts till av webbplatsen och kommer inte från Kolada)",
        "  kod        kommunkod, 0000 för riket, 00 + länskod för län, G… för grupper;",
        "             namnet står i enheter.csv",
        "  år         år",
        "  kön        T = totalt, K = kvinnor, M = män",
        "  värde      värdet; för ja/nej-frågor svarets kod (se skala i nyckeltal.csv)",
        "  status     Koladas status för värdet, oftast tom; extra betyder att värdet",
        "             har lagts till av webbplatsen och inte kommer från Kolada",
        "  karantän   ja när värdet ligger utanför nyckeltalets rimliga gränser (till",
        "             exempel en andel över 100 procent); annars tom. Sådana värden",
        "             finns kvar i filen som källan lämnade dem men visas inte på",
        "             webbplatsen och räknas inte med i placeringar och jämförelser",
        "",
        "Kolumner i enheter.csv (en rad för varje kod i observationer.csv):",
        "  kod        samma kod som i observationer.csv",
        "  namn       kommunens, länets eller gruppens namn",
        "  typ        kommun, län, riket, region eller grupp",
        "",
        "Namnen för raderna i observationer.csv får du genom att koppla ihop filerna",
        "med kolumnen kod.",
        "",
        "PER KOMMUN OCH OMRÅDE",
        "",
        "Varje sida för en kommun och ett område har också data.csv och data.json med",
        "kommunens värden och samma års värden för riket, länet och liknande kommuner,",
        f"till exempel {example}data.csv",
        "De filerna har bara värdena som sidan visar: värden i karantän är inte med.",
        "Den filen är gjord för Excel med svenska inställningar: UTF-8 med BOM,",
        "semikolon mellan fälten och decimalkomma.",
        "",
        "KÄLLA OCH LICENS",
        "",
        f"Källa: {meta.source} ({meta.source_url}).",
        f"Licens: {meta.licence_name} ({meta.licence_url}).",
        f'Ange "Källa: {meta.source}" när du använder uppgifterna.',
        "",
        "Placeringar, förändringar och sammanfattningar på webbplatsen är våra egna",
        f"beräkningar och inte {sv.genitive(meta.source)}. Filerna innehåller bara värdena som de",
        "hämtades.",
        "",
        f"Webbplats: {meta.base_url}",
    ]
    return "\n".join(parts) + "\n"


# ------------------------------------------------------------------ index


def size_text(size: int) -> str:
    """File size for a download link: "512 byte", "4,2 kB", "31 MB" (SI units)."""
    if size < 1000:
        return f"{sv.format_number(size)}{sv.NBSP}byte"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            return f"{sv.format_number(value, 1 if value < 9.95 else 0)}{sv.NBSP}{unit}"
    raise AssertionError("unreachable")


def site_data_index(files: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """The files for a download page, known files first: path, name, title, format, size."""
    known = list(FILE_TITLES)
    order = sorted(files, key=lambda p: (known.index(p) if p in known else len(known), p))
    out = []
    for path in order:
        name = path.rsplit("/", 1)[-1]
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        out.append(
            {
                "path": path,
                "name": name,
                "title": FILE_TITLES.get(path, name),
                "format": FORMATS.get(ext, ext.upper()),
                "size": len(files[path]),
                "size_text": size_text(len(files[path])),
            }
        )
    return out
