"""Reading and writing snapshots, and the other input files a build reads.

A snapshot directory is written beside its final place and renamed into it only
when complete and verified, so a failed or killed fetch can never leave half a
snapshot where a build would pick it up. Every file's sha256 is in the
manifest and checked on load, so a hand-edited or truncated snapshot is
refused rather than published.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import logging
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from insyn.config import Config
from insyn.data.model import (
    GENDERS,
    OBS_COLUMNS,
    SNAPSHOT_FILES,
    Observation,
    RequestRecord,
    Snapshot,
    observations_frame,
    sort_observations,
)
from insyn.data.reference import RIKET_ID, Reference
from insyn.inputs import InputError, swap, write_atomic

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
EXTRA_COLUMNS = ("kpi", "municipality", "year", "gender", "value")
#: A fetched snapshot's directory: its day, and its time when a day has more than one.
DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{6}Z)?$")


class SnapshotError(InputError):
    """A snapshot or input file is missing, corrupt or inconsistent; names the file."""


# ------------------------------------------------------------------ inputs


# ----------------------------------------------------------- serialisation


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(obj: Any) -> bytes:
    """Stable JSON: sorted keys, UTF-8, one trailing newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def format_value(value: float | None) -> str:
    """Shortest exact text of a float for the CSV; integers without '.0'."""
    if value is None or value != value:  # None or NaN
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _value_texts(values: pd.Series) -> pd.Series:
    """format_value over a whole column at C speed (str(float) is repr in Python 3)."""
    text = values.astype("float64").astype(str).str.replace(r"\.0$", "", regex=True)
    return text.where(values.notna(), "")


def observations_csv(frame: pd.DataFrame) -> bytes:
    """observations.csv bytes in the canonical order and number format."""
    frame = sort_observations(frame)
    status = frame["status"].astype(str)
    if status.str.contains(r'[",\n\r]', regex=True).any():
        return _observations_csv_quoted(frame)
    lines = (
        frame["kpi"].astype(str)
        + ","
        + frame["municipality"].astype(str)
        + ","
        + frame["year"].astype(str)
        + ","
        + frame["gender"].astype(str)
        + ","
        + _value_texts(frame["value"])
        + ","
        + status
    )
    body = "\n".join(lines.tolist())
    return (",".join(OBS_COLUMNS) + "\n" + body + ("\n" if body else "")).encode("utf-8")


def _observations_csv_quoted(frame: pd.DataFrame) -> bytes:
    """The slow path for a status text that needs CSV quoting."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OBS_COLUMNS)
    for kpi, muni, year, gender, value, status in zip(
        *(frame[c].tolist() for c in OBS_COLUMNS), strict=True
    ):
        writer.writerow((kpi, muni, int(year), gender, format_value(value), status or ""))
    return buf.getvalue().encode("utf-8")


@dataclass(frozen=True)
class SnapshotContent:
    """The tables of a snapshot before they are written."""

    source: str
    base_url: str
    fetched_at: str
    years: tuple[int, ...]
    kpis: Sequence[dict[str, Any]]
    municipalities: Sequence[dict[str, Any]]
    groups: Sequence[dict[str, Any]]
    observations: Sequence[Observation]
    requests: Sequence[RequestRecord] = ()
    extra: dict[str, Any] | None = None
    #: store observations.csv gzipped (observations.csv.gz): the committed default
    compress: bool = False
    #: the observations as a canonical frame, instead of ``observations`` (large imports)
    frame: pd.DataFrame | None = None


#: The name of the compressed observations table in a snapshot.
OBS_GZ = "observations.csv.gz"


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, no time stamp, the highest level."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as fh:
        fh.write(data)
    return buf.getvalue()


def snapshot_files(content: SnapshotContent) -> dict[str, bytes]:
    """All files of a snapshot as bytes, manifest included (pure, for tests and writing)."""
    if content.frame is not None:
        frame = sort_observations(content.frame)
    else:
        frame = observations_frame(list(content.observations))
    table = observations_csv(frame)
    files = {
        **({OBS_GZ: gzip_bytes(table)} if content.compress else {"observations.csv": table}),
        "kpis.json": _json_bytes(sorted(content.kpis, key=lambda k: k["id"])),
        "municipalities.json": _json_bytes(sorted(content.municipalities, key=lambda m: m["id"])),
        "groups.json": _json_bytes(sorted(content.groups, key=lambda g: g["id"])),
    }
    counts = frame.groupby("kpi", sort=True).agg(rows=("value", "size"), values=("value", "count"))
    manifest = {
        "format": FORMAT_VERSION,
        "source": content.source,
        "base_url": content.base_url,
        "fetched_at": content.fetched_at,
        "years": list(content.years),
        "requests": [{"url": r.url, "rows": r.rows} for r in content.requests],
        "request_count": len(content.requests),
        "rows_per_kpi": {k: int(v) for k, v in counts["rows"].items()},
        "values_per_kpi": {k: int(v) for k, v in counts["values"].items()},
        "row_count": int(len(frame)),
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    if content.extra:
        manifest.update(content.extra)
    files["manifest.json"] = _json_bytes(manifest)
    return files


def write_snapshot(
    target: Path, content: SnapshotContent, check: Callable[[Snapshot], None] | None = None
) -> Path:
    """Write a snapshot to ``target`` atomically: a temp dir, verified, then renamed.

    ``check`` sees the snapshot as it will be loaded (hashes verified) and may raise
    to stop it from replacing anything.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        for name, data in snapshot_files(content).items():
            _write_file(tmp / name, data)
        written = load_snapshot(tmp)  # verify what was written before it becomes visible
        if check is not None:
            check(written)
        swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("wrote snapshot %s", target)
    return target


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


# ----------------------------------------------------------------- reading


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot, verifying every file against the sha256 in its manifest."""
    path = Path(path)
    manifest = _read_json(path / "manifest.json")
    if not isinstance(manifest, dict) or "files" not in manifest:
        raise SnapshotError(f"{path / 'manifest.json'}: not a snapshot manifest (no 'files')")
    raw: dict[str, bytes] = {}
    for name in _stored_names(manifest):
        file = path / name
        try:
            raw[name] = file.read_bytes()
        except OSError:
            raise SnapshotError(f"{file}: missing from the snapshot") from None
        expected = manifest["files"].get(name)
        if expected != _sha256(raw[name]):
            raise SnapshotError(
                f"{file}: sha256 does not match the manifest (changed or truncated)"
            )
    if OBS_GZ in raw:
        raw["observations.csv"] = _gunzip(raw.pop(OBS_GZ), path / OBS_GZ)
    kpis = _records(raw, path, "kpis.json", {"id": str, "title": str})
    return Snapshot(
        manifest=manifest,
        kpis={k["id"]: k for k in kpis},
        municipalities=_records(raw, path, "municipalities.json", {"id": str, "title": str}),
        groups=_records(raw, path, "groups.json", {"id": str, "title": str, "members": list}),
        observations=_parse_observations(raw["observations.csv"], path / "observations.csv"),
        path=str(path),
    )


def _records(
    raw: dict[str, bytes], path: Path, name: str, fields: dict[str, type]
) -> tuple[dict[str, Any], ...]:
    """A JSON list of objects whose ``fields`` have their types, else one SnapshotError.

    The sha256 check only proves the files are as written: a snapshot edited by hand
    and rehashed must still fail here, naming the file and item, not in a template.
    """
    data = _parse_json(raw[name], path / name)
    if not isinstance(data, list):
        raise SnapshotError(f"{path / name}: expected a JSON list, got {type(data).__name__}")
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise SnapshotError(f"{path / name}: item {i + 1} is not an object")
        for key, kind in fields.items():
            if not isinstance(item.get(key), kind):
                raise SnapshotError(
                    f"{path / name}: item {i + 1}: {key!r} must be a {kind.__name__}"
                )
    return tuple(data)


def _stored_names(manifest: dict[str, Any]) -> tuple[str, ...]:
    """The files a snapshot stores: observations.csv, or its gzipped form."""
    files = manifest["files"]
    if not isinstance(files, dict):
        return SNAPSHOT_FILES
    if OBS_GZ in files and "observations.csv" not in files:
        return tuple(OBS_GZ if n == "observations.csv" else n for n in SNAPSHOT_FILES)
    return SNAPSHOT_FILES


def _gunzip(data: bytes, path: Path) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise SnapshotError(f"{path}: not a valid gzip file: {exc}") from None


def _read_json(path: Path) -> Any:
    try:
        return _parse_json(path.read_bytes(), path)
    except OSError:
        raise SnapshotError(f"{path}: missing") from None


def _parse_json(data: bytes, path: Path) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"{path}: not valid JSON: {exc}") from None


def _parse_observations(data: bytes, path: Path) -> pd.DataFrame:
    """Parse observations.csv; the fast typed parse, and a slow one to locate an error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SnapshotError(f"{path}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x})") from None
    header = text.split("\n", 1)[0].split(",")
    if tuple(header) != OBS_COLUMNS:
        raise SnapshotError(f"{path}: expected columns {','.join(OBS_COLUMNS)}, got {header}")
    import pandas as pd  # here: a no-op build never parses a snapshot

    text_cols = ("kpi", "municipality", "gender", "status")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            # text as str first: a "category" dtype here would infer 0000 as the integer 0
            dtype=cast(Any, {**{c: str for c in text_cols}, "year": "int64", "value": "float64"}),
            keep_default_na=False,
            na_values={"value": [""]},
        )
    except ValueError:
        _locate_bad_cell(text, path)
        raise
    infinite = frame["value"].abs() == float("inf")
    if infinite.any():
        i = int(infinite.to_numpy().nonzero()[0][0])
        raise SnapshotError(f"{path}:{i + 2}: bad value {float(frame['value'].iloc[i])!r}")
    frame = frame.astype({c: "category" for c in text_cols})
    bad_gender = ~frame["gender"].isin(GENDERS)
    if bad_gender.any():
        i = int(bad_gender.to_numpy().nonzero()[0][0])
        raise SnapshotError(f"{path}:{i + 2}: bad gender {frame['gender'].iloc[i]!r}")
    return frame


def _locate_bad_cell(text: str, path: Path) -> None:
    """Raise a SnapshotError naming the first line whose year or value is not a number."""
    reader = csv.reader(io.StringIO(text))
    next(reader)
    for lineno, row in enumerate(reader, start=2):
        if len(row) != len(OBS_COLUMNS):
            raise SnapshotError(f"{path}:{lineno}: expected {len(OBS_COLUMNS)} columns")
        year, value = row[2], row[4]
        if not year.isdigit():
            raise SnapshotError(f"{path}:{lineno}: bad year {year!r}")
        if value != "" and not NUMBER.fullmatch(value):
            # float() alone would take nan and inf, and a nan would pass as a missing value
            raise SnapshotError(f"{path}:{lineno}: bad value {value[:40]!r}")
    raise SnapshotError(f"{path}: not a valid observations file")


# ----------------------------------------------------------- finding snapshots


def newest_snapshot(data_dir: Path) -> Path:
    """The newest fetched snapshot in data/kolada/, else the embedded default (real
    Kolada values, data/default/), else the invented sample (data/sample/)."""
    fetched = data_dir / "kolada"
    if fetched.is_dir():
        dated = sorted(p for p in fetched.iterdir() if p.is_dir() and DATE_DIR.match(p.name))
        for candidate in reversed(dated):
            if (candidate / "manifest.json").exists():
                return candidate
    for name in ("default", "sample"):
        if (data_dir / name / "manifest.json").exists():
            return data_dir / name
    raise SnapshotError(f"{data_dir}: no snapshot found (run `python build.py fetch`)")


def fetch_target(data_dir: Path, now: datetime, published: Path | None = None) -> Path:
    """Where a new fetch goes: ``kolada/<day>``, or ``<day>T<time>Z`` when that is the
    published snapshot (a second run the same day must not overwrite it)."""
    fetched = Path(data_dir) / "kolada"
    day = fetched / now.strftime("%Y-%m-%d")
    if published is not None and day.resolve() == Path(published).resolve():
        return fetched / now.strftime("%Y-%m-%dT%H%M%SZ")
    return day


def prune_snapshots(data_dir: Path, keep: set[Path], newest: int) -> list[Path]:
    """Remove fetched snapshots except ``keep`` and the ``newest`` others; returns the removed."""
    fetched = Path(data_dir) / "kolada"
    if not fetched.is_dir():
        return []
    kept = {Path(p).resolve() for p in keep}
    dated = sorted(p for p in fetched.iterdir() if p.is_dir() and DATE_DIR.match(p.name))
    candidates = [p for p in dated if p.resolve() not in kept]
    removed = candidates[: max(0, len(candidates) - newest)]
    for path in removed:
        shutil.rmtree(path)
        log.info("removed old snapshot %s", path)
    return removed


# -------------------------------------------------------------- raw answer cache


class RawCache:
    """Validated raw API answers on disk, keyed by URL, so a failed fetch resumes."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.hits = 0

    def _file(self, url: str) -> Path:
        return self.directory / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()}.json"

    def get(self, url: str) -> dict[str, Any] | None:
        file = self._file(url)
        try:
            entry = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("url") != url:
            return None
        self.hits += 1
        return entry["payload"]

    def put(self, url: str, payload: dict[str, Any]) -> None:
        data = json.dumps({"url": url, "payload": payload}).encode("utf-8")
        write_atomic(self._file(url), data, durable=False)

    def clear(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def partial_dir(target: Path) -> Path:
    """Where an unfinished fetch of ``target`` keeps its raw answers."""
    return target.parent / f".{target.name}.partial"


# ------------------------------------------------------------------ data/extra


def load_with_extra(path: Path, extra_dir: Path, config: Config, reference: Reference) -> Snapshot:
    """A snapshot as builds and gates see it: with data/extra/ merged in."""
    snap = load_snapshot(path)
    return merge_extra(snap, read_extra(extra_dir, config, reference), config)


def read_extra(directory: Path, config: Config, reference: Reference) -> list[Observation]:
    """Read and validate every data/extra/*.csv; errors name the file and line."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    allowed_kpis = {i.id: i.by_gender for i in config.indicators}
    allowed_ids = (
        {RIKET_ID} | {k.code for k in reference.kommuner} | {lan.region_id for lan in reference.lan}
    )
    out: list[Observation] = []
    seen: dict[tuple[str, str, int, str], str] = {}
    for file in sorted(directory.glob("*.csv")):
        for obs, where in _read_extra_file(file, allowed_kpis, allowed_ids, build_year()):
            if obs.key in seen:
                raise SnapshotError(f"{where}: duplicate of {seen[obs.key]}")
            seen[obs.key] = where
            out.append(obs)
    return out


def build_year() -> int:
    """The year of the build (``SOURCE_DATE_EPOCH`` when set): no value can be later."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return when.year


def _read_extra_file(
    file: Path, kpis: dict[str, bool], ids: set[str], last_year: int
) -> Iterable[tuple[Observation, str]]:
    reader = csv.reader(io.StringIO(_extra_text(file), newline=""))
    try:
        header = next(reader, None)
        if header is None or tuple(h.strip() for h in header) != EXTRA_COLUMNS:
            raise SnapshotError(f"{file}:1: expected columns {','.join(EXTRA_COLUMNS)}")
        for row in reader:
            where = f"{file}:{reader.line_num}"
            if row and any(c.strip() for c in row):
                yield _extra_row(row, where, kpis, ids, last_year), where
    except csv.Error as exc:
        # a field over csv's size limit (a 10 MB cell) or a stray quote: one line
        raise SnapshotError(f"{file}:{reader.line_num}: not a valid CSV row: {exc}") from None


def _extra_text(file: Path) -> str:
    """The text of an extra CSV, which must be UTF-8 (with or without BOM).

    A file saved as Latin-1 or UTF-16 (Excel's "Unicode text"), or a directory
    whose name ends in .csv, is one SnapshotError naming the file (and line):
    never a traceback, and never a guess at the encoding that could garble a name.
    """
    try:
        data = file.read_bytes()
    except OSError as exc:
        kind = "a directory, not a CSV file" if file.is_dir() else f"cannot read: {exc.strerror}"
        raise SnapshotError(f"{file}: {kind}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SnapshotError(f"{file}: saved as UTF-16; save it as UTF-8 (CSV UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SnapshotError(
            f"{file}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x}, Latin-1?); "
            "save it as UTF-8 (CSV UTF-8)"
        ) from None


#: A number as a spreadsheet writes it: no underscores, spaces, inf or nan.
NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?")


def _extra_row(
    row: list[str], where: str, kpis: dict[str, bool], ids: set[str], last_year: int
) -> Observation:
    if len(row) != len(EXTRA_COLUMNS):
        raise SnapshotError(f"{where}: expected {len(EXTRA_COLUMNS)} columns, got {len(row)}")
    kpi, muni, year, gender, value = (c.strip() for c in row)
    if kpi not in kpis:
        raise SnapshotError(f"{where}: kpi {kpi!r} is not an indicator in config.yaml")
    if muni not in ids:
        raise SnapshotError(f"{where}: unknown municipality {muni!r}")
    if not re.fullmatch(r"(19|20|21)\d\d", year):
        raise SnapshotError(f"{where}: bad year {year!r}")
    if int(year) > last_year:
        raise SnapshotError(f"{where}: year {year} is after the build year {last_year}")
    if gender not in GENDERS:
        raise SnapshotError(f"{where}: gender must be T, K or M, got {gender!r}")
    if gender != "T" and not kpis[kpi]:
        raise SnapshotError(
            f"{where}: gender {gender} for {kpi}, which is not by_gender in config.yaml"
        )
    shown = repr(value if len(value) <= 40 else value[:37] + "...")
    if value and not NUMBER.fullmatch(value):
        # float() would take '1_000', ' 1e3', 'inf' and 'nan'; a sheet never means those
        raise SnapshotError(f"{where}: value {shown} is not a number")
    number = None if value == "" else float(value.replace(",", "."))
    if number is not None and not math.isfinite(number):
        # nan, inf and what overflows to inf (1e309): no chart, rank or text can use them
        raise SnapshotError(f"{where}: value {shown} is not a finite number")
    return Observation(kpi, muni, int(year), gender, number, "extra")


def merge_extra(snapshot: Snapshot, extra: Sequence[Observation], config: Config) -> Snapshot:
    """Add data/extra values to a snapshot; a value Kolada already has is a conflict.

    Custom indicators get their metadata from config.yaml, with or without values.
    """
    merged = frame = snapshot.observations
    if extra:
        keys = ("kpi", "municipality", "year", "gender")
        existing = set(zip(*(frame[c].tolist() for c in keys), strict=True))
        clash = [o for o in extra if o.key in existing]
        if clash:
            raise SnapshotError(
                f"data/extra: {clash[0].key} is already in the snapshot {snapshot.path}"
            )
        import pandas as pd

        merged = sort_observations(
            pd.concat([frame, observations_frame(list(extra))], ignore_index=True)
        )
    kpis = dict(snapshot.kpis)
    for ind in config.indicators:
        if not ind.is_kolada:
            kpis[ind.id] = {
                "id": ind.id,
                "title": ind.title,
                "description": ind.description,
                "is_divided_by_gender": ind.by_gender,
                "source": "extra",
            }
    return Snapshot(
        manifest=snapshot.manifest,
        kpis=kpis,
        municipalities=snapshot.municipalities,
        groups=snapshot.groups,
        observations=merged,
        path=snapshot.path,
    )


# ------------------------------------------------------------------ build inputs
