"""A local HTTP server that speaks Kolada API v3, for offline tests and benchmarks.

Standard library only. Listens on 127.0.0.1 and never touches the network beyond it.

    from tests.helpers.kolada_fake import FakeKolada, KoladaData

    with FakeKolada(KoladaData.small(), page_size_cap=2) as fk:
        requests.get(f"{fk.base_url}/data/kpi/U21468/municipality/1461/year/2023")
        fk.fail_next(429, count=2, retry_after=1)   # the next two requests get 429
        fk.requests_seen                            # ["/v3/data/kpi/...", ...]

Protocol (base path ``/v3``)::

    GET /v3/kpi[/{ids}]                    KPI metadata
    GET /v3/municipality[/{ids}]           {id, title, type}
    GET /v3/municipality_groups[/{ids}]    {id, title, members: [{member_id, member_title}]}
    GET /v3/data/kpi/{kpis}/municipality/{ids}/year/{years}
        (any two or three of kpi/municipality/year, in any order)

Every answer is ``{"values": [...], "count": n_on_page, "next_url": url|null,
"previous_url": url|null}``; ``per_page`` (default and max 5000) and ``page`` (1-based)
page it. More than 25 ids in a comma list, a bad year, ``per_page`` > 5000 -> 400 with
``{"error": "..."}``; unknown path -> 404.

Run as a script to serve on a fixed port::

    python -m tests.helpers.kolada_fake --port 8765              # KoladaData.small()
    python -m tests.helpers.kolada_fake --port 8765 --generate   # project_dataset(): the KPIs in
        # config/*.yaml x kommuner, regions, Riket, SKR and län groups from data/reference/
        # (falls back to KoladaData.generate(80, 350) when those are missing; --synthetic
        # forces it). --years 2015-2024 --seed 0 --page-size-cap N
Generated values are synthetic: the unit kind (percent/yes-no/per 10 000) is by position.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import random
import re
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from tests.helpers.local_server import LocalServer

BASE_PATH = "/v3"
MAX_IDS = 25
MAX_PER_PAGE = 5000
DEFAULT_PER_PAGE = 5000
MALFORMED_KINDS = (
    "not_json",  # 200, text/html garbage
    "missing_values",  # envelope without "values"
    "wrong_type",  # first row's period is the string "2023x"
    "values_not_list",  # first row's "values" is a string
    "truncated",  # JSON cut in half (Content-Length matches the cut body)
    "incomplete",  # Content-Length of the full body, half sent, connection closed
)


# --------------------------------------------------------------------------- data


def _gv(
    gender: str, value: float | None, count: int = 1, status: str = "", isdeleted: bool = False
) -> dict[str, Any]:
    return {
        "gender": gender,
        "count": count,
        "status": status,
        "value": value,
        "isdeleted": isdeleted,
    }


def _kpi(
    kpi_id: str,
    title: str,
    description: str,
    *,
    gender: bool,
    operating_area: str = "Äldre och funktionshinder",
    perspective: str = "Kvalitet och resultat",
    auspice: str | None = "X",
    municipality_type: str = "K",
) -> dict[str, Any]:
    return {
        "id": kpi_id,
        "title": title,
        "description": description,
        "is_divided_by_gender": gender,
        "municipality_type": municipality_type,
        "auspice": auspice,
        "operating_area": operating_area,
        "perspective": perspective,
        "prel_publication_date": None,
        "publication_date": "2025-10-01",
        "publ_period": "2024",
        "has_ou_data": False,
    }


def _region_title(rid: str) -> str:
    return "Riket" if rid == "0000" else f"Region {rid}"


@dataclass
class KoladaData:
    """What the fake serves. ``rows`` are data rows exactly in the wire shape."""

    kpis: list[dict] = field(default_factory=list)
    municipalities: list[dict] = field(default_factory=list)
    groups: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)

    # ------------------------------------------------------------ from a snapshot
    @classmethod
    def from_snapshot(cls, directory: Path) -> KoladaData:
        """What Kolada would answer for a snapshot's tables: a fetch of it gives the same
        values back. The committed sample is consistent with the config (units, scales),
        so a whole nightly run (fetch, gates, build) can be tested against the fake."""
        from insyn.data import snapshot

        snap = snapshot.load_snapshot(Path(directory))
        obs = snap.observations
        by_key: dict[tuple[str, str, int], list[dict]] = {}
        members = {g["id"]: len(g["members"]) for g in snap.groups}
        columns = (obs[c].tolist() for c in ("kpi", "municipality", "year", "gender", "value"))
        for kpi, muni, year, gender, value in zip(*columns, strict=True):
            value = None if value != value else value  # NaN: missing
            by_key.setdefault((kpi, muni, int(year)), []).append(
                _gv(gender, value, count=members.get(muni, 1))
            )
        rows = [
            {"kpi": k, "municipality": m, "period": y, "values": v}
            for (k, m, y), v in sorted(by_key.items())
        ]
        kpis = [{**m, "auspice": "", "prel_publication_date": None} for m in snap.kpis.values()]
        return cls(
            kpis=kpis,
            municipalities=list(snap.municipalities),
            groups=list(snap.groups),
            rows=rows,
        )

    def without(self, keep: Callable[[dict], bool]) -> KoladaData:
        """A copy with only the data rows for which ``keep(row)`` is true."""
        return KoladaData(
            list(self.kpis),
            list(self.municipalities),
            list(self.groups),
            [r for r in self.rows if keep(r)],
        )

    # ----------------------------------------------------------------- small
    @classmethod
    def small(cls) -> KoladaData:
        """Tiny hand-made dataset, 2022-2024.

        KPIs: U21468 (percent, divided by gender: T/K/M), U20341 (yes/no "(Ja=1, Nej=0)"),
        N28820 (antal/10 000 inv). Kommuner 0114, 0180 (region 0001), 1461, 1480
        (region 0014), Riket 0000. Groups G92787 (SKR "Storstäder", 0180+1480) and
        G33623 (län group, 1461+1480; the real ones have more members).
        Quirks on purpose:
          * U21468/1461/2022: value null for K (T and M present)
          * U21468/0114/2024: T entry has isdeleted true
          * N28820/1461/2023: no row at all (missing year)
          * group rows (G92787, G33623) with count = number of members
        """
        kpis = [
            _kpi(
                "U21468",
                "Brukarbedömning hemtjänst äldreomsorg - helhetssyn, andel (%)",
                "Andel personer 65+ med hemtjänst som är mycket eller ganska nöjda med "
                "hemtjänsten sammantaget. Källa: Socialstyrelsen.",
                gender=True,
                auspice="T",
            ),
            _kpi(
                "U20341",
                "Kommunen har infört automatiserade processer inom äldreomsorg, (Ja=1, Nej=0)",
                "Svar på enkätfrågan om automatiserade handläggningsprocesser. "
                "Källa: Socialstyrelsen.",
                gender=False,
                perspective="Resurser",
                auspice="E",
            ),
            _kpi(
                "N28820",
                "Personer med boende enligt LSS, antal/10 000 inv",
                "Antal personer med boende enligt LSS, dividerat med antal invånare, "
                "gånger 10 000. Källa: Socialstyrelsen.",
                gender=False,
                perspective="Volymer",
            ),
        ]
        municipalities = [
            {"id": "0000", "title": "Riket", "type": "L"},
            {"id": "0001", "title": "Region Stockholm", "type": "L"},
            {"id": "0014", "title": "Västra Götalandsregionen", "type": "L"},
            {"id": "0114", "title": "Upplands Väsby", "type": "K"},
            {"id": "0180", "title": "Stockholm", "type": "K"},
            {"id": "1461", "title": "Mellerud", "type": "K"},
            {"id": "1480", "title": "Göteborg", "type": "K"},
        ]
        groups = [
            {
                "id": "G92787",
                "title": "Storstäder (ovägt medel)",
                "members": [
                    {"member_id": "0180", "member_title": "Stockholm"},
                    {"member_id": "1480", "member_title": "Göteborg"},
                ],
            },
            {
                "id": "G33623",
                "title": "Västra Götalands läns kommuner (ovägt medel)",
                "members": [
                    {"member_id": "1461", "member_title": "Mellerud"},
                    {"member_id": "1480", "member_title": "Göteborg"},
                ],
            },
        ]
        years = (2022, 2023, 2024)
        rows: list[dict] = []

        def add(kpi: str, muni: str, year: int, values: list[dict]) -> None:
            rows.append({"kpi": kpi, "municipality": muni, "period": year, "values": values})

        # U21468: percent, K/M/T
        base = {
            "0000": 86.0,
            "0001": 84.0,
            "0014": 85.0,
            "0114": 83.0,
            "0180": 82.0,
            "1461": 90.0,
            "1480": 84.0,
        }
        for muni, b in base.items():
            for i, year in enumerate(years):
                t = round(b + i, 1)
                k, m = round(t + 1.0, 1), round(t - 1.5, 1)
                vals = [_gv("K", k), _gv("M", m), _gv("T", t)]
                if (muni, year) == ("1461", 2022):
                    vals[0] = _gv("K", None)
                if (muni, year) == ("0114", 2024):
                    vals[2] = _gv("T", t, isdeleted=True)
                add("U21468", muni, year, vals)
        for gid, members in (("G92787", ("0180", "1480")), ("G33623", ("1461", "1480"))):
            for i, year in enumerate(years):
                t = round(sum(base[x] + i for x in members) / len(members), 1)
                add(
                    "U21468",
                    gid,
                    year,
                    [
                        _gv("K", round(t + 1.0, 1), count=2),
                        _gv("M", round(t - 1.5, 1), count=2),
                        _gv("T", t, count=2),
                    ],
                )
        # U20341: yes/no, kommuner only
        yes = {"0114": (0, 1, 1), "0180": (1, 1, 1), "1461": (0, 0, 1), "1480": (1, 1, 0)}
        for muni, answers in yes.items():
            for year, a in zip(years, answers, strict=True):
                add("U20341", muni, year, [_gv("T", float(a))])
        # N28820: per 10 000 inv
        per10k = {
            "0000": 27.1,
            "0001": 22.4,
            "0014": 30.2,
            "0114": 21.0,
            "0180": 19.5,
            "1461": 48.3,
            "1480": 24.8,
        }
        for muni, b in per10k.items():
            for i, year in enumerate(years):
                if (muni, year) == ("1461", 2023):
                    continue
                add("N28820", muni, year, [_gv("T", round(b + 0.4 * i, 1))])
        rows.sort(key=_row_key)
        return cls(kpis=kpis, municipalities=municipalities, groups=groups, rows=rows)

    # -------------------------------------------------------------- generate
    @classmethod
    def generate(
        cls,
        kpi_ids: Sequence[str] | int = 80,
        municipality_ids: Sequence[str] | int = 350,
        years: Sequence[int] = tuple(range(2015, 2025)),
        seed: int = 0,
        *,
        group_defs: Mapping[str, Any] | Sequence[dict] | None = None,
        missing_rate: float = 0.03,
        null_rate: float = 0.01,
        deleted_rate: float = 0.002,
    ) -> KoladaData:
        """Deterministic synthetic dataset (same arguments -> same data).

        ``kpi_ids``/``municipality_ids`` are id lists or counts (a count makes synthetic
        ids: "U9xxxx" KPIs; Riket, 21 regions, kommuner and "G9xxx" groups).
        Ids "0000" -> Riket, "00NN" -> region (type L), "G..." -> group (rows are the
        member mean, count = members with a value), anything else -> kommun (type K).
        ``group_defs`` (see ``dataset_for_ids``) fixes group titles and members;
        otherwise groups get 2-12 members drawn from the kommuner.
        Every 10th KPI is yes/no, every 3rd is per 10 000 inv, the rest percent; about
        half of the percent KPIs are divided by gender (K/M/T).
        80 KPIs x 350 ids x 10 years is about 280 000 rows in a couple of seconds.
        """
        rng = random.Random(seed)
        if isinstance(kpi_ids, int):
            kpi_ids = [f"U{90000 + i:05d}" for i in range(kpi_ids)]
        if isinstance(municipality_ids, int):
            municipality_ids = _synthetic_municipality_ids(municipality_ids)
        kpi_ids = sorted(dict.fromkeys(kpi_ids))
        municipality_ids = sorted(dict.fromkeys(municipality_ids))
        years = sorted(set(int(y) for y in years))

        kommuner = [
            m
            for m in municipality_ids
            if not m.startswith("G") and not (len(m) == 4 and m.startswith("00"))
        ]
        group_ids = [m for m in municipality_ids if m.startswith("G")]
        municipalities = []
        for m in municipality_ids:
            if m.startswith("G"):
                continue
            if m in kommuner:
                municipalities.append({"id": m, "title": f"Kommun {m}", "type": "K"})
            else:
                municipalities.append({"id": m, "title": _region_title(m), "type": "L"})
        title_of = {m["id"]: m["title"] for m in municipalities}
        groups = _normalise_groups(group_defs, title_of) if group_defs is not None else []
        known = {g["id"] for g in groups}
        for gid in group_ids:
            if gid in known:
                continue
            n = min(len(kommuner), rng.randint(2, 12))
            members = sorted(rng.sample(kommuner, n)) if n else []
            groups.append(
                {
                    "id": gid,
                    "title": f"Grupp {gid} (ovägt medel)",
                    "members": [
                        {"member_id": x, "member_title": title_of.get(x, x)} for x in members
                    ],
                }
            )
        groups = [g for g in groups if g["id"] in set(group_ids)] if group_ids else groups

        areas = (
            "Äldre och funktionshinder",
            "Individ- och familjeomsorg",
            "Barn och unga",
            "Kommunen, övergripande",
        )
        perspectives = ("Kvalitet och resultat", "Volymer", "Resurser")
        kpis, kinds = [], {}
        for i, k in enumerate(kpi_ids):
            if i % 10 == 0:
                kind, title = "yesno", f"Syntetiskt nyckeltal {k}, (Ja=1, Nej=0)"
            elif i % 3 == 0:
                kind, title = "per10k", f"Syntetiskt nyckeltal {k}, antal/10 000 inv"
            else:
                kind = "pct_g" if i % 3 == 1 else "pct"
                title = f"Syntetiskt nyckeltal {k}, andel (%)"
            kinds[k] = kind
            kpis.append(
                _kpi(
                    k,
                    title,
                    f"Genererat testnyckeltal {k}. Källa: syntetisk.",
                    gender=kind == "pct_g",
                    operating_area=areas[i % len(areas)],
                    perspective=perspectives[i % len(perspectives)],
                )
            )

        rows: list[dict] = []
        rnd = rng.random
        gauss = rng.gauss
        member_values: dict[tuple[str, str, int], dict[str, float]] = {}
        need_members = {x["member_id"] for g in groups for x in g["members"]}
        for k in kpi_ids:
            kind = kinds[k]
            genders = ("K", "M", "T") if kind == "pct_g" else ("T",)
            for m in municipality_ids:
                if m.startswith("G"):
                    continue
                if kind == "yesno":
                    p = 0.3 + 0.5 * rnd()
                elif kind == "per10k":
                    level = 5 + 60 * rnd()
                else:
                    level = 40 + 55 * rnd()
                for y in years:
                    if rnd() < missing_rate:
                        continue
                    if kind == "yesno":
                        t = float(rnd() < p)
                    elif kind == "per10k":
                        level = max(0.0, level + gauss(0, 1.5))
                        t = round(level, 1)
                    else:
                        level = min(100.0, max(0.0, level + gauss(0, 2.0)))
                        t = round(level, 1)
                    vals = []
                    for g in genders:
                        v = (
                            t
                            if g == "T"
                            else round(
                                min(100.0, max(0.0, t + (2.0 if g == "K" else -2.0) + gauss(0, 1))),
                                1,
                            )
                        )
                        if rnd() < null_rate:
                            v = None
                        vals.append(
                            {
                                "gender": g,
                                "count": 1,
                                "status": "",
                                "value": v,
                                "isdeleted": rnd() < deleted_rate,
                            }
                        )
                    rows.append({"kpi": k, "municipality": m, "period": y, "values": vals})
                    if m in need_members:
                        member_values[(k, m, y)] = {
                            x["gender"]: x["value"]
                            for x in vals
                            if x["value"] is not None and not x["isdeleted"]
                        }
            for grp in groups:
                ids = [x["member_id"] for x in grp["members"]]
                for y in years:
                    vals = []
                    for g in genders:
                        got = [
                            member_values[(k, x, y)][g]
                            for x in ids
                            if g in member_values.get((k, x, y), {})
                        ]
                        if got:
                            vals.append(
                                {
                                    "gender": g,
                                    "count": len(got),
                                    "status": "",
                                    "value": round(sum(got) / len(got), 2),
                                    "isdeleted": False,
                                }
                            )
                    if vals:
                        rows.append(
                            {"kpi": k, "municipality": grp["id"], "period": y, "values": vals}
                        )
        rows.sort(key=_row_key)
        return cls(kpis=kpis, municipalities=municipalities, groups=groups, rows=rows)


def _row_key(row: Mapping[str, Any]) -> tuple[str, str, int]:
    return (row["kpi"], row["municipality"], row["period"])


_REGION_CODES = (
    "0001",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0012",
    "0013",
    "0014",
    "0017",
    "0018",
    "0019",
    "0020",
    "0021",
    "0022",
    "0023",
    "0024",
    "0025",
)


def _synthetic_municipality_ids(n: int) -> list[str]:
    """Riket, the 21 region codes, up to 290 kommun-like codes, then G9xxx groups."""
    ids = ["0000", *_REGION_CODES][:n]
    lan = [int(r[2:]) for r in _REGION_CODES]
    i = 0
    while len(ids) < n and i < 290:
        ids.append(f"{lan[i % len(lan)]:02d}{80 + i // len(lan):02d}")
        i += 1
    g = 0
    while len(ids) < n:
        ids.append(f"G9{g:04d}")
        g += 1
    return ids


def _normalise_groups(
    group_defs: Mapping[str, Any] | Sequence[dict], title_of: Mapping[str, str]
) -> list[dict]:
    out = []
    if isinstance(group_defs, Mapping):
        for gid, spec in group_defs.items():
            if isinstance(spec, Mapping):
                title, members = spec.get("title", f"Grupp {gid}"), spec.get("members", [])
            else:
                title, members = f"Grupp {gid} (ovägt medel)", spec
            out.append({"id": gid, "title": title, "members": members})
    else:
        out = [dict(g) for g in group_defs]
    for g in out:
        g["members"] = [
            dict(x)
            if isinstance(x, Mapping)
            else {"member_id": x, "member_title": title_of.get(x, x)}
            for x in g["members"]
        ]
    return out


def dataset_for_ids(
    kpi_ids: Iterable[str],
    municipality_ids: Iterable[str],
    group_defs: Mapping[str, Any] | Sequence[dict] | None = None,
    years: Iterable[int] = range(2015, 2025),
    seed: int = 0,
) -> KoladaData:
    """A generated dataset for exactly the ids the project asks for.

    ``kpi_ids``: KPI ids from the config. ``municipality_ids``: kommun/region ids
    ("0000" Riket, "00NN" regions) plus group ids. ``group_defs`` describes groups as
    ``{"G123": ["1461", "1480"]}``, ``{"G123": {"title": ..., "members": [...]}}`` or a
    list of Kolada-shaped group dicts; group ids found there are added to the ids.
    Deterministic for a given ``seed``.
    """
    ids = list(municipality_ids)
    if group_defs is not None:
        gids = (
            group_defs.keys() if isinstance(group_defs, Mapping) else [g["id"] for g in group_defs]
        )
        ids += [g for g in gids if g not in ids]
    return KoladaData.generate(list(kpi_ids), ids, list(years), seed, group_defs=group_defs)


# ------------------------------------------------------------------------- server


class _BadRequest(Exception):
    pass


class _NotFound(Exception):
    pass


def _split_ids(raw: str, what: str) -> list[str]:
    ids = [unquote(x).strip() for x in raw.split(",")]
    if any(not x for x in ids):
        raise _BadRequest(f"empty id in {what} list")
    if len(ids) > MAX_IDS:
        raise _BadRequest(f"too many {what} ids: {len(ids)} > {MAX_IDS}")
    return ids


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise _BadRequest(f"{name} must be an integer, got {raw!r}") from None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeKolada/3"
    timeout = 30  # idle keep-alive connections give up after this
    disable_nagle_algorithm = True  # headers and body go out separately: no 40 ms stalls

    def log_message(self, format, *args):  # noqa: A002 - silence stderr
        pass

    def do_GET(self):  # noqa: N802
        self.server.fake._handle(self)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
        declared_length: int | None = None,
        close: bool = False,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header(
                "Content-Length", str(len(body) if declared_length is None else declared_length)
            )
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (ConnectionError, TimeoutError):
            self.close_connection = True


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FakeKolada(LocalServer):
    """Kolada v3 on 127.0.0.1:<free port>, served from a daemon thread.

    Settable at any time: ``page_size_cap`` (serve at most this many rows per page
    whatever ``per_page`` says). Fault methods are thread-safe and each queued fault is
    consumed by the request it fires on (FIFO when queued several times).
    """

    handler = _Handler
    thread_name = "fake-kolada"

    def __init__(
        self,
        data: KoladaData | None = None,
        page_size_cap: int | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.page_size_cap = page_size_cap
        self._init_server(host, port)
        self._lock = threading.Lock()
        self.requests_seen: list[str] = []
        self.fired: list[tuple[str, str]] = []  # (fault, path+query) as they fire
        self.server_errors: list[str] = []  # tracebacks of bugs inside the fake
        self.clear()
        self.set_data(data if data is not None else KoladaData.small())

    # ------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>/v3 (no trailing slash)."""
        host = "127.0.0.1" if self._host in ("", "0.0.0.0") else self._host
        return f"http://{host}:{self.port}{BASE_PATH}"

    def url(self, path: str) -> str:
        """base_url + path, e.g. fk.url("/municipality")."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ------------------------------------------------------------------ data
    def set_data(self, data: KoladaData) -> None:
        index = {_row_key(r): r for r in data.rows}
        keys = sorted(index)
        with self._lock:
            self.data = data
            self._index, self._keys = index, keys

    # ------------------------------------------------------------ request log
    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests_seen)

    def reset_log(self) -> None:
        with self._lock:
            self.requests_seen.clear()
            self.fired.clear()

    # ---------------------------------------------------------------- faults
    def fail_next(
        self,
        status: int,
        count: int = 1,
        retry_after: int | str | None = None,
        body: bytes | str | dict | list | None = None,
    ) -> None:
        """The next ``count`` requests answer ``status`` (with Retry-After if given)."""
        with self._lock:
            self._fail_queue.append(
                {"status": status, "left": count, "retry_after": retry_after, "body": body}
            )

    def malformed_next(self, kind: str, count: int = 1) -> None:
        """The next ``count`` requests get a broken 200; kind in MALFORMED_KINDS."""
        if kind not in MALFORMED_KINDS:
            raise ValueError(f"unknown kind {kind!r}; one of {MALFORMED_KINDS}")
        with self._lock:
            self._malformed_queue.append({"kind": kind, "left": count})

    def delay_next(self, seconds: float, count: int = 1) -> None:
        """The next ``count`` requests sleep ``seconds`` first, then answer as usual."""
        with self._lock:
            self._delay_queue.append({"seconds": seconds, "left": count})

    def tamper_next(self, change: Callable[[dict], dict], count: int = 1) -> None:
        """The next ``count`` answers go through ``change(envelope)`` first: rows the
        request never asked for, duplicates, unknown ids (issue 14, item 3)."""
        with self._lock:
            self._tamper_queue.append({"change": change, "left": count})

    def redirect_next(self, location: str, count: int = 1) -> None:
        """The next ``count`` requests answer 302 to ``location``."""
        with self._lock:
            self._redirect_queue.append({"location": location, "left": count})

    def drip_next(self, seconds_per_chunk: float, chunk: int = 1, count: int = 1) -> None:
        """The next ``count`` answers send their body ``chunk`` bytes at a time, one
        chunk every ``seconds_per_chunk``: a server that never times out a read."""
        with self._lock:
            self._drip_queue.append({"seconds": seconds_per_chunk, "chunk": chunk, "left": count})

    def huge_next(self, n_bytes: int, declare: bool = True, count: int = 1) -> None:
        """The next ``count`` answers are ``n_bytes`` of JSON whitespace padding, with a
        true Content-Length (``declare``) or none (read until the connection closes)."""
        with self._lock:
            self._huge_queue.append({"bytes": n_bytes, "declare": declare, "left": count})

    def empty_for_kpi(self, kpi_id: str) -> None:
        """Standing (until clear()): data requests naming this KPI get 200 with 0 rows."""
        with self._lock:
            self._empty_kpis.add(kpi_id)

    def always_fail(self, status: int | None, retry_after: int | str | None = None) -> None:
        """Every request answers ``status`` until clear() (or always_fail(None))."""
        with self._lock:
            self._always = (
                None
                if status is None
                else {"status": status, "retry_after": retry_after, "body": None}
            )

    def clear(self) -> None:
        """Drop all faults (the request log is kept; see reset_log())."""
        with self._lock:
            self._fail_queue: list[dict] = []
            self._malformed_queue: list[dict] = []
            self._delay_queue: list[dict] = []
            self._empty_kpis: set[str] = set()
            self._always: dict | None = None
            self._tamper_queue: list[dict] = []
            self._redirect_queue: list[dict] = []
            self._drip_queue: list[dict] = []
            self._huge_queue: list[dict] = []

    @staticmethod
    def _pop(queue: list[dict]) -> dict | None:
        if not queue:
            return None
        head = queue[0]
        head["left"] -= 1
        if head["left"] <= 0:
            queue.pop(0)
        return head

    def _record_error(self, text: str) -> None:
        with self._lock:
            self.server_errors.append(text)

    # -------------------------------------------------------------- handling
    def _handle(self, h: _Handler) -> None:
        target = h.path
        with self._lock:
            self.requests_seen.append(target)
            delay = self._pop(self._delay_queue)
            fail = self._always or self._pop(self._fail_queue)
            malformed = None if fail else self._pop(self._malformed_queue)
            tamper = self._pop(self._tamper_queue)
            redirect = self._pop(self._redirect_queue)
            drip = self._pop(self._drip_queue)
            huge = self._pop(self._huge_queue)
            empty_kpis = set(self._empty_kpis)
            if delay:
                self.fired.append(("delay", target))
            if fail:
                self.fired.append((f"fail:{fail['status']}", target))
            if malformed:
                self.fired.append((f"malformed:{malformed['kind']}", target))
        if delay and self._stop.wait(delay["seconds"]):
            h.close_connection = True
            return
        if redirect:
            h._send(302, b"", headers={"Location": redirect["location"]})
            return
        if huge:
            self._send_huge(h, huge)
            return
        if fail:
            headers = {}
            if fail["retry_after"] is not None:
                headers["Retry-After"] = str(fail["retry_after"])
            body, ctype = fail["body"], "application/json"
            if body is None:
                body = _json({"error": f"injected HTTP {fail['status']}"})
            elif isinstance(body, dict | list):
                body = _json(body)
            elif isinstance(body, str):
                body, ctype = body.encode("utf-8"), "text/plain; charset=utf-8"
            h._send(fail["status"], body, ctype, headers)
            return
        try:
            envelope = self._answer(h, target, empty_kpis)
        except _BadRequest as e:
            h._send(400, _json({"error": str(e)}))
            return
        except _NotFound as e:
            h._send(404, _json({"error": str(e) or "not found"}))
            return
        except Exception:  # a bug in the fake: say so loudly in the test, not on stderr
            self._record_error(traceback.format_exc())
            h._send(500, _json({"error": "internal error in FakeKolada"}))
            return
        if tamper:
            envelope = tamper["change"](envelope)
        if malformed:
            self._send_malformed(h, malformed["kind"], envelope)
        elif drip:
            self._send_drip(h, _json(envelope), drip)
        else:
            h._send(200, _json(envelope))

    def _send_drip(self, h: _Handler, body: bytes, drip: dict) -> None:
        try:
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.flush()
            for i in range(0, len(body), drip["chunk"]):
                if self._stop.wait(drip["seconds"]):
                    break
                h.wfile.write(body[i : i + drip["chunk"]])
                h.wfile.flush()
        except (ConnectionError, TimeoutError):
            pass
        h.close_connection = True

    def _send_huge(self, h: _Handler, huge: dict) -> None:
        head, tail = b'{"values": [', b"]}"
        pad = huge["bytes"] - len(head) - len(tail)
        try:
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            if huge["declare"]:
                h.send_header("Content-Length", str(huge["bytes"]))
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(head)
            block = b" " * 65536
            while pad > 0:
                h.wfile.write(block[: min(pad, len(block))])
                pad -= len(block)
            h.wfile.write(tail)
            h.wfile.flush()
        except (ConnectionError, TimeoutError):
            pass
        h.close_connection = True

    def _send_malformed(self, h: _Handler, kind: str, envelope: dict) -> None:
        if kind == "not_json":
            h._send(
                200,
                b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                b"<body><h1>Bad Gateway</h1><p>upstream error</p></body></html>",
                "text/html; charset=utf-8",
            )
            return
        env = dict(envelope)
        if kind == "missing_values":
            env.pop("values")
        elif kind in ("wrong_type", "values_not_list"):
            rows = list(env["values"])
            bad = (
                dict(rows[0])
                if rows and "period" in rows[0]
                else {
                    "kpi": "U00000",
                    "municipality": "0000",
                    "period": 2023,
                    "values": [_gv("T", 1.0)],
                }
            )
            if kind == "wrong_type":
                bad["period"] = f"{bad['period']}x"
            else:
                bad["values"] = "n/a"
            if rows and "period" in rows[0]:
                rows[0] = bad
            else:
                rows.insert(0, bad)
            env["values"], env["count"] = rows, len(rows)
        body = _json(env)
        if kind == "truncated":
            h._send(200, body[: max(1, len(body) // 2)])
        elif kind == "incomplete":
            h._send(200, body[: max(1, len(body) // 2)], declared_length=len(body), close=True)
        else:
            h._send(200, body)

    def _answer(self, h: _Handler, target: str, empty_kpis: set[str]) -> dict:
        parts = urlsplit(target)
        path = parts.path
        if not path.startswith(BASE_PATH + "/"):
            raise _NotFound(f"no such path: {path}")
        segs = [s for s in path[len(BASE_PATH) :].split("/") if s]
        if not segs or segs[0] not in ("kpi", "municipality", "municipality_groups", "data"):
            raise _NotFound(f"no such path: {path}")
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        per_page = _int_param(query, "per_page", DEFAULT_PER_PAGE)
        page = _int_param(query, "page", 1)
        if per_page < 1 or per_page > MAX_PER_PAGE:
            raise _BadRequest(f"per_page must be 1..{MAX_PER_PAGE}, got {per_page}")
        if page < 1:
            raise _BadRequest(f"page must be >= 1, got {page}")
        with self._lock:
            data, index, keys = self.data, self._index, self._keys
        head, rest = segs[0], segs[1:]
        if head in ("kpi", "municipality", "municipality_groups") and len(rest) <= 1:
            items = {
                "kpi": data.kpis,
                "municipality": data.municipalities,
                "municipality_groups": data.groups,
            }[head]
            if rest:
                wanted = set(_split_ids(rest[0], head))
                items = [x for x in items if x["id"] in wanted]
        elif head == "data":
            items = self._data_rows(rest, index, keys, empty_kpis)
        else:
            raise _NotFound(f"no such path: {path}")
        return self._page(h, path, query, items, per_page, page)

    @staticmethod
    def _data_rows(rest: list[str], index: dict, keys: list, empty_kpis: set[str]) -> list:
        if len(rest) not in (4, 6) or len(rest) % 2:
            raise _NotFound("data path must be /data/<dim>/<ids>/<dim>/<ids>[/<dim>/<ids>]")
        dims: dict[str, list[str]] = {}
        for name, raw in zip(rest[::2], rest[1::2], strict=True):
            if name not in ("kpi", "municipality", "year") or name in dims:
                raise _NotFound(f"bad data dimension {name!r}")
            dims[name] = _split_ids(raw, name)
        kset = set(dims["kpi"]) if "kpi" in dims else None
        mset = set(dims["municipality"]) if "municipality" in dims else None
        yset = None
        if "year" in dims:
            try:
                yset = {int(y) for y in dims["year"]}
            except ValueError:
                raise _BadRequest(f"bad year in {dims['year']}") from None
        if kset is not None and kset & empty_kpis:
            return []
        if kset is not None and mset is not None and yset is not None:
            out = []
            for k in sorted(kset):
                for m in sorted(mset):
                    for y in sorted(yset):
                        r = index.get((k, m, y))
                        if r is not None:
                            out.append(r)
            return out
        return [
            index[key]
            for key in keys
            if (kset is None or key[0] in kset)
            and key[0] not in empty_kpis
            and (mset is None or key[1] in mset)
            and (yset is None or key[2] in yset)
        ]

    def _page(
        self, h: _Handler, path: str, query: dict[str, str], items: list, per_page: int, page: int
    ) -> dict:
        cap = self.page_size_cap
        size = min(per_page, cap) if cap else per_page
        start = (page - 1) * size
        chunk = items[start : start + size]
        host = h.headers.get("Host") or f"127.0.0.1:{self.port}"

        def link(p: int) -> str:
            q = dict(query)
            q["per_page"], q["page"] = str(per_page), str(p)
            return f"http://{host}{path}?{urlencode(q)}"

        return {
            "values": chunk,
            "count": len(chunk),
            "next_url": link(page + 1) if start + size < len(items) else None,
            "previous_url": link(page - 1) if page > 1 else None,
        }


# ------------------------------------------------------------------------- script


_KPI_ID = re.compile(r"^\s*-?\s*id:\s*[\"']?([A-Z]\d{5})\b", re.MULTILINE)


def project_dataset(
    root: Path, years: Iterable[int] = range(2015, 2025), seed: int = 0
) -> KoladaData | None:
    """A generated dataset shaped like the project: KPI ids from config.yaml and
    config/*.yaml (``- id: U21468`` lines), kommuner/regions/groups from
    data/reference/{kommuner,lan,kommungrupper}.csv (SKR groups and "<län>s kommuner"
    groups with their members, Riket 0000). None when either part is missing."""
    cfgs = [root / "config.yaml", *sorted((root / "config").glob("*.yaml"))]
    kpi_ids = sorted(
        {m for p in cfgs if p.is_file() for m in _KPI_ID.findall(p.read_text(encoding="utf-8"))}
    )
    ref = root / "data" / "reference"
    if not kpi_ids or not (ref / "kommuner.csv").is_file():
        return None

    def read(name: str) -> list[dict[str, str]]:
        path = ref / name
        if not path.is_file():
            return []
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    kommuner, lan, skr = read("kommuner.csv"), read("lan.csv"), read("kommungrupper.csv")
    municipalities = [{"id": "0000", "title": "Riket", "type": "L"}]
    municipalities += [{"id": r["region_id"], "title": r["name"], "type": "L"} for r in lan]
    municipalities += [{"id": k["code"], "title": k["name"], "type": "K"} for k in kommuner]

    def members(pred) -> list[dict[str, str]]:
        return [{"member_id": k["code"], "member_title": k["name"]} for k in kommuner if pred(k)]

    groups = [
        {
            "id": g["id"],
            "title": f"{g['title']} (ovägt medel)",
            "members": members(lambda k, g=g: k.get("kommungrupp") == g["id"]),
        }
        for g in skr
    ]
    groups += [
        {
            "id": r["group_id"],
            "title": f"{r['name']}s kommuner (ovägt medel)",
            "members": members(lambda k, r=r: k.get("lan_code") == r["code"]),
        }
        for r in lan
        if r.get("group_id")
    ]
    data = dataset_for_ids(kpi_ids, [m["id"] for m in municipalities], groups, years, seed)
    data.municipalities = municipalities  # real titles
    return data


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.helpers.kolada_fake",
        description="Serve a fake Kolada API v3 on 127.0.0.1.",
    )
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument(
        "--generate",
        action="store_true",
        help="serve a generated dataset instead of KoladaData.small(): the "
        "project's KPIs and kommuner (project_dataset) when config/ and "
        "data/reference/ exist, else synthetic ids",
    )
    ap.add_argument(
        "--synthetic",
        action="store_true",
        help="with --generate: ignore the project, use --kpis/--municipalities",
    )
    ap.add_argument("--kpis", type=int, default=80, help="synthetic KPI count")
    ap.add_argument(
        "--municipalities",
        type=int,
        default=350,
        help="synthetic id count incl. Riket, regions and groups",
    )
    ap.add_argument("--years", default="2015-2024", help="e.g. 2015-2024")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--page-size-cap", type=int, default=None)
    ap.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    args = ap.parse_args(argv)

    if args.generate:
        lo, _, hi = args.years.partition("-")
        years = range(int(lo), int(hi or lo) + 1)
        data = None if args.synthetic else project_dataset(args.root, years, args.seed)
        if data is None:
            data = KoladaData.generate(args.kpis, args.municipalities, years, args.seed)
    else:
        data = KoladaData.small()
    with FakeKolada(data, page_size_cap=args.page_size_cap, port=args.port) as fk:
        print(
            f"FakeKolada serving {len(data.kpis)} KPIs, {len(data.municipalities)} "
            f"municipalities, {len(data.groups)} groups, {len(data.rows)} rows at "
            f"{fk.base_url} (Ctrl-C stops)",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
