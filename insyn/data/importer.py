"""Make a snapshot from tidy CSV files of Kolada values (``python build.py import``).

Kolada's own answers are the normal input (``fetch``). The importer serves the
embedded default, which is made from a public scrape of real Kolada values, and
any operator who has values as tidy CSV (``kpi,municipality,year,gender,value``)
from elsewhere. The result is a snapshot like a fetched one: KPI metadata from a
catalogue file in Kolada's v3 shape, the project's municipalities, and the
groups the site compares with, their values computed as Kolada computes them
(the unweighted mean of the members that have a value).

Values are copied as they are: whether a value can be right is decided later, at
the quarantine (insyn/data/quarantine.py), never here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from insyn.config import Config
from insyn.data.groups import parse_similar_title, select_groups
from insyn.data.model import GENDERS
from insyn.data.reference import RIKET_ID, Reference, municipality_rows
from insyn.data.snapshot import EXTRA_COLUMNS, SnapshotContent, SnapshotError, build_year

log = logging.getLogger(__name__)

#: A Kolada KPI id; anything else in a values file is an error, not a value to drop.
KPI_ID = re.compile(r"^[NU]\d{5}$")
#: The first year a values file may hold (Kolada starts in the 1990s); the last is the
#: build year (a value for 2099 would be published as "2099 var …").
FIRST_YEAR = 1950
#: Decimals kept in computed group means (Kolada's own group values have few).
GROUP_DECIMALS = 2
#: The v3 KPI fields a snapshot keeps (as ``fetch`` gets them from /v3/kpi).
KPI_FIELDS = (
    "id",
    "title",
    "description",
    "is_divided_by_gender",
    "municipality_type",
    "auspice",
    "operating_area",
    "perspective",
    "prel_publication_date",
    "publication_date",
    "publ_period",
    "has_ou_data",
)


class ImportInputError(SnapshotError):
    """An input file of the importer is wrong; the message names the file and line."""


@dataclass(frozen=True)
class ImportInputs:
    """What an import reads, already parsed."""

    values: pd.DataFrame  # kpi, municipality, year, gender, value (float, NaN = null)
    files: tuple[dict[str, Any], ...]  # {"path", "sha256", "rows"} per input file
    catalogue: Mapping[str, dict[str, Any]]
    groups: tuple[dict[str, Any], ...]


# ------------------------------------------------------------------ reading


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_values(path: Path, allowed_ids: set[str]) -> pd.DataFrame:
    """One tidy CSV (plain or .gz) of values; every error names the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportInputError(f"{path}: cannot read: {exc.strerror}") from None
    if raw[:2] == b"\x1f\x8b":
        import gzip

        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise ImportInputError(f"{path}: not a valid gzip file: {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportInputError(f"{path}: not UTF-8 (byte {exc.start})") from None
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    if tuple(h.strip() for h in header) != EXTRA_COLUMNS:
        raise ImportInputError(
            f"{path}:1: expected columns {','.join(EXTRA_COLUMNS)}, got {header}"
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
        )
    except (ValueError, pd.errors.ParserError) as exc:
        raise ImportInputError(f"{path}: not a valid CSV file: {exc}") from None
    frame.columns = list(EXTRA_COLUMNS)
    return _typed_values(frame.apply(lambda c: c.str.strip()), path, allowed_ids)


def _typed_values(frame: pd.DataFrame, path: Path, allowed_ids: set[str]) -> pd.DataFrame:
    """Check every column and convert year and value; the first bad row is named."""

    def fail(mask: pd.Series, what: str, column: str) -> None:
        if mask.any():
            i = int(np.flatnonzero(mask.to_numpy())[0])
            raise ImportInputError(f"{path}:{i + 2}: {what} {frame[column].iloc[i]!r}")

    fail(~frame["kpi"].str.fullmatch(KPI_ID.pattern), "not a Kolada KPI id:", "kpi")
    fail(~frame["municipality"].isin(allowed_ids), "unknown municipality", "municipality")
    fail(~frame["year"].str.fullmatch(r"\d{4}"), "bad year", "year")
    years = frame["year"].astype("int64")
    fail(years < FIRST_YEAR, "year out of range", "year")
    last = build_year()
    fail(years > last, f"year after the build year {last}:", "year")
    fail(~frame["gender"].isin(GENDERS), "gender must be T, K or M, got", "gender")
    values = pd.to_numeric(frame["value"].str.replace(",", ".", regex=False), errors="coerce")
    fail((frame["value"] != "") & ~np.isfinite(values), "value is not a finite number:", "value")
    out = pd.DataFrame(
        {
            "kpi": frame["kpi"],
            "municipality": frame["municipality"],
            "year": years,
            "gender": frame["gender"],
            "value": values.astype("float64"),
        }
    )
    keys = ["kpi", "municipality", "year", "gender"]
    dup = out.duplicated(keys)
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        key = ", ".join(str(out[k].iloc[i]) for k in keys)
        raise ImportInputError(f"{path}:{i + 2}: duplicate row for {key}")
    return out


def read_catalogue(path: Path) -> dict[str, dict[str, Any]]:
    """KPI metadata in Kolada's v3 shape: a JSON list (or a v3 envelope) or a CSV."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportInputError(f"{path}: cannot read KPI catalogue: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportInputError(f"{path}: not valid JSON: {exc}") from None
        rows = data.get("values") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportInputError(f"{path}: expected a list of KPIs (or {{'values': [...]}})")
    else:
        rows = [_catalogue_csv_row(r) for r in csv.DictReader(io.StringIO(text))]
    out = {}
    for i, row in enumerate(rows):
        if not isinstance(row.get("id"), str) or not isinstance(row.get("title"), str):
            raise ImportInputError(f"{path}: KPI number {i + 1} has no string 'id' and 'title'")
        out[row["id"]] = {k: row.get(k) for k in KPI_FIELDS}
    return out


def _catalogue_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A CSV catalogue row with v3 types: booleans as bool, empty as None."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("is_divided_by_gender", "has_ou_data"):
            out[key] = value.strip().lower() in ("true", "1", "ja")
        else:
            out[key] = value if value != "" else None
    return out


def read_groups(path: Path) -> tuple[dict[str, Any], ...]:
    """Municipality groups as /v3/municipality_groups returns them."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportInputError(f"{path}: cannot read municipality groups: {exc}") from None
    rows = data.get("values") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ImportInputError(f"{path}: expected a list of groups (or {{'values': [...]}})")
    for i, g in enumerate(rows):
        ok = (
            isinstance(g, dict)
            and isinstance(g.get("id"), str)
            and isinstance(g.get("members"), list)
        )
        if not ok or not all(isinstance(m, dict) and "member_id" in m for m in g["members"]):
            raise ImportInputError(f"{path}: group number {i + 1} lacks 'id' or 'members'")
    return tuple(rows)


def read_inputs(
    value_files: Sequence[Path], catalogue: Path, groups: Path, reference: Reference
) -> ImportInputs:
    """Read and check every input file of an import."""
    allowed = (
        {RIKET_ID} | {k.code for k in reference.kommuner} | {lan.region_id for lan in reference.lan}
    )
    frames, files = [], []
    for path in value_files:
        frame = read_values(Path(path), allowed)
        frames.append(frame)
        files.append(
            {"path": Path(path).name, "sha256": sha256_file(Path(path)), "rows": len(frame)}
        )
    values = pd.concat(frames, ignore_index=True)
    keys = ["kpi", "municipality", "year", "gender"]
    dup = values.duplicated(keys)
    if dup.any():
        row = values[dup].iloc[0]
        key = ", ".join(str(row[k]) for k in keys)
        raise ImportInputError(f"{files[-1]['path']}: {key} is also in an earlier values file")
    files.append({"path": Path(catalogue).name, "sha256": sha256_file(Path(catalogue))})
    files.append({"path": Path(groups).name, "sha256": sha256_file(Path(groups))})
    return ImportInputs(values, tuple(files), read_catalogue(Path(catalogue)), read_groups(groups))


# ------------------------------------------------------------------ the snapshot


def import_snapshot(
    inputs: ImportInputs,
    config: Config,
    reference: Reference,
    *,
    fetched_at: str,
    provenance: str,
) -> SnapshotContent:
    """A snapshot of the configured KPIs' values, with group means (pure)."""
    kpis = config.kolada_ids
    missing = [k for k in kpis if k not in inputs.catalogue]
    if missing:
        raise ImportInputError(f"KPI catalogue has no {', '.join(missing[:5])} (in config.yaml)")
    values = inputs.values[inputs.values["kpi"].isin(kpis)]
    skipped = len(inputs.values) - len(values)
    if skipped:
        log.warning("%d rows of KPIs not in config.yaml left out", skipped)
    if values.empty:
        raise ImportInputError("the values files hold no value of a KPI in config.yaml")
    without = sorted(set(kpis) - set(values["kpi"].unique()))
    if without:
        log.info("%d configured KPIs have no values: %s", len(without), ", ".join(without))
    kinds = {a.similar_group for a in config.areas if a.similar_group}
    selection = select_groups(inputs.groups, reference, kinds)
    means = group_means(values, selection.groups, reference, group_kpis(config, selection.groups))
    frame = pd.concat([values.assign(status=""), means.assign(status="")], ignore_index=True)
    years = tuple(sorted(int(y) for y in frame["year"].unique()))
    return SnapshotContent(
        source="csv",
        base_url="",
        fetched_at=fetched_at,
        years=years,
        kpis=[inputs.catalogue[k] for k in kpis],
        municipalities=municipality_rows(reference),
        groups=list(selection.groups),
        observations=(),
        frame=frame,
        compress=True,
        extra={
            "generator": "insyn.data.importer",
            "provenance": provenance,
            "inputs": list(inputs.files),
        },
    )


def group_kpis(config: Config, groups: Sequence[Mapping[str, Any]]) -> dict[str, frozenset[str]]:
    """The KPIs each group is compared on, as a fetch asks Kolada for them: the
    kommungrupper and län groups carry every KPI, a "Liknande kommuner" group
    only the KPIs of the areas of its own kind."""
    every = frozenset(config.kolada_ids)
    by_kind: dict[str, set[str]] = {}
    for area in config.areas:
        if area.similar_group:
            by_kind.setdefault(area.similar_group, set()).update(
                i.id for i in area.indicators if i.is_kolada
            )
    out = {}
    for g in groups:
        parsed = parse_similar_title(str(g.get("title", "")))
        out[str(g["id"])] = every if parsed is None else frozenset(by_kind.get(parsed[0], ()))
    return out


def group_means(
    values: pd.DataFrame,
    groups: Sequence[Mapping[str, Any]],
    reference: Reference,
    kpis: Mapping[str, frozenset[str]] | None = None,
) -> pd.DataFrame:
    """Each group's value as Kolada computes it: the unweighted mean of its members
    that have a value (per KPI, year and gender); no row where no member has one.

    Only kommuner count as members: a group of kommuner never averages in a region.
    ``kpis`` limits each group to the KPIs it is compared on (None: every KPI).
    """
    kommuner = {k.code for k in reference.kommuner}
    membership = pd.DataFrame(
        [
            (str(g["id"]), str(m["member_id"]))
            for g in groups
            for m in g["members"]
            if str(m["member_id"]) in kommuner
        ],
        columns=["group", "municipality"],
    )
    present = values[values["value"].notna()]
    merged = membership.merge(present, on="municipality", how="inner")
    if kpis is not None:
        wanted = pd.DataFrame(
            [(gid, kpi) for gid, ks in kpis.items() for kpi in sorted(ks)], columns=["group", "kpi"]
        )
        merged = merged.merge(wanted, on=["group", "kpi"], how="inner")
    means = merged.groupby(["kpi", "group", "year", "gender"], sort=True)["value"].mean()
    out = means.round(GROUP_DECIMALS).reset_index().rename(columns={"group": "municipality"})
    return out[["kpi", "municipality", "year", "gender", "value"]]
