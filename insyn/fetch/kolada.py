"""The Kolada API v3 client: the only module that talks to the network.

It batches id lists (Kolada refuses more than 25 ids in a comma list), follows
``next_url`` (a server may serve fewer rows than ``per_page`` asks for),
throttles itself, retries 429/5xx/timeouts with exponential backoff (honouring
``Retry-After``) and checks the shape of every answer, so that a broken answer
stops the fetch with the URL in the message instead of producing a quietly
wrong snapshot.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode, urljoin, urlsplit

import requests
import urllib3

from insyn.config import Config, KoladaSource
from insyn.data.groups import GroupSelection, select_groups
from insyn.data.model import GENDERS, Observation, RequestRecord
from insyn.data.reference import RIKET_ID, Reference
from insyn.errors import UserError
from insyn.fetch.http import GaveUp, RetryPolicy, Transient, retry_after, with_retries

log = logging.getLogger(__name__)

ENV_BASE_URL = "INSYN_KOLADA_URL"
MAX_IDS = 25
MAX_PER_PAGE = 5000
MAX_RETRY_AFTER = 300.0
#: redirects followed within one attempt (each checked to stay on the origin)
MAX_REDIRECTS = 5
USER_AGENT = "insyn/0.1 (static transparency pages about social services)"


class KoladaError(UserError, RuntimeError):
    """The API could not be used: the message names the URL and what was wrong."""


class RawCache(Protocol):
    """Where validated raw answers are kept so that a rerun resumes (see snapshot.RawCache)."""

    def get(self, url: str) -> dict[str, Any] | None: ...

    def put(self, url: str, payload: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    per_page: int = MAX_PER_PAGE
    batch_size: int = MAX_IDS
    throttle_seconds: float = 0.25
    timeout_seconds: float = 30.0
    max_retries: int = 5
    backoff_seconds: float = 1.0
    #: the largest answer read, in bytes (a 300 MB answer is refused, not read whole)
    max_response_bytes: int = 50 * 2**20
    #: the whole fetch must end within this many seconds (a server that sends one
    #: byte every two seconds never trips a read timeout)
    deadline_seconds: float = 30 * 60.0

    @classmethod
    def from_config(cls, src: KoladaSource, env: Mapping[str, str] | None = None) -> ClientSettings:
        """Settings from config.yaml; ``INSYN_KOLADA_URL`` overrides the base URL."""
        environ: Mapping[str, str] = os.environ if env is None else env
        return cls(
            base_url=(environ.get(ENV_BASE_URL) or src.base_url).rstrip("/"),
            per_page=min(src.per_page, MAX_PER_PAGE),
            batch_size=min(src.batch_size, MAX_IDS),
            throttle_seconds=src.throttle_seconds,
            timeout_seconds=src.timeout_seconds,
            max_retries=src.max_retries,
            backoff_seconds=src.backoff_seconds,
            max_response_bytes=int(src.max_response_mb * 2**20),
            deadline_seconds=src.deadline_minutes * 60.0,
        )


def _expects_rows(ids: Sequence[str]) -> bool:
    """Kommuner, regions and Riket always have values; a batch of only groups may not."""
    return any(not i.startswith("G") for i in ids)


def batched(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    """Split a list into comma-list sized pieces, keeping order."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


@dataclass
class KoladaClient:
    """A polite, validating client for the endpoints the site needs."""

    settings: ClientSettings
    session: requests.Session = field(default_factory=requests.Session)
    cache: RawCache | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    on_request: Callable[[str, int], None] | None = None
    records: list[RequestRecord] = field(default_factory=list)
    _last_request: float | None = field(default=None, repr=False)
    _started: float | None = field(default=None, repr=False)
    #: every value read, by (kpi, municipality, year, gender): a key twice must agree
    _seen: dict[tuple[str, str, int, str], float | None] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------- endpoints

    def kpis(self, ids: Sequence[str]) -> list[dict[str, Any]]:
        """Metadata of the given KPIs (``/kpi/{ids}``), batched."""
        rows: list[dict[str, Any]] = []
        for chunk in batched(sorted(set(ids)), self.settings.batch_size):
            # no rows is checked by the caller, which can name the missing KPI ids
            rows += self._list(f"/kpi/{','.join(chunk)}", _check_kpi, expect_rows=False)
        return rows

    def municipalities(self) -> list[dict[str, Any]]:
        """All kommuner, regions and Riket (``/municipality``)."""
        return self._list("/municipality", _check_municipality, expect_rows=True)

    def municipality_groups(self) -> list[dict[str, Any]]:
        """All municipality groups with their members (``/municipality_groups``)."""
        return self._list("/municipality_groups", _check_group, expect_rows=True)

    def data(
        self, kpis: Sequence[str], ids: Sequence[str], years: Sequence[int]
    ) -> list[Observation]:
        """Values for kpis × municipalities × years, in as many requests as the limits need."""
        out: list[Observation] = []
        for kpi_chunk in batched(list(kpis), self.settings.batch_size):
            for id_chunk in batched(list(ids), self.settings.batch_size):
                for year_chunk in batched([str(y) for y in years], MAX_IDS):
                    path = (
                        f"/data/kpi/{','.join(kpi_chunk)}/municipality/{','.join(id_chunk)}"
                        f"/year/{','.join(year_chunk)}"
                    )
                    rows = self._list(path, _check_data_row, expect_rows=_expects_rows(id_chunk))
                    asked = _Asked(set(kpi_chunk), set(id_chunk), {int(y) for y in year_chunk})
                    out += self._new_observations(rows, asked, self.settings.base_url + path)
        return out

    def _new_observations(
        self, rows: list[dict[str, Any]], asked: _Asked, url: str
    ) -> list[Observation]:
        """The observations of one request, checked against what it asked for: a row for
        a year, KPI or id never asked ("År 9999 var …" on the live site) or a key that
        comes twice with two values is refused; an exact repeat is dropped."""
        out = []
        for obs in _observations(rows):
            asked.check(obs, url)
            key = (obs.kpi, obs.municipality, obs.year, obs.gender)
            if key in self._seen:
                if self._seen[key] != obs.value:
                    raise KoladaError(
                        f"{url}: {obs.kpi} {obs.municipality} {obs.year} {obs.gender} comes "
                        f"twice with different values ({self._seen[key]} and {obs.value})"
                    )
                continue
            self._seen[key] = obs.value
            out.append(obs)
        return out

    # ------------------------------------------------------------ plumbing

    def _list(
        self, path: str, check_row: Callable[[Any, str], None], expect_rows: bool
    ) -> list[dict[str, Any]]:
        """GET a list endpoint, following ``next_url`` until the last page."""
        url: str | None = (
            f"{self.settings.base_url}{path}?{urlencode({'per_page': self.settings.per_page})}"
        )
        first = url
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        while url is not None:
            if url in seen:
                raise KoladaError(f"{url}: next_url loops back to a page already read")
            seen.add(url)
            payload = self._page(url, check_row)
            rows += payload["values"]
            url = self._next(payload.get("next_url"), url)
        if expect_rows and not rows:
            raise KoladaError(f"{first}: HTTP 200 with zero rows where rows were expected")
        if not rows:
            log.warning("%s: no rows", first)
        return rows

    def _next(self, next_url: Any, current: str) -> str | None:
        """Accept a next_url only on the same host, so a bad answer cannot send us elsewhere."""
        if next_url in (None, ""):
            return None
        base, nxt = urlsplit(self.settings.base_url), urlsplit(str(next_url))
        if (nxt.scheme, nxt.netloc) != (base.scheme, base.netloc):
            raise KoladaError(f"{current}: next_url {next_url!r} leaves {base.netloc}")
        return str(next_url)

    def _page(self, url: str, check_row: Callable[[Any, str], None]) -> dict[str, Any]:
        cached = self.cache.get(url) if self.cache is not None else None
        if cached is not None:
            self._record(url, len(cached["values"]))
            return cached
        payload = self._get_json(url)
        _check_envelope(payload, url)
        for i, row in enumerate(payload["values"]):
            check_row(row, f"{url}: values[{i}]")
        if self.cache is not None:
            self.cache.put(url, payload)
        self._record(url, len(payload["values"]))
        return payload

    def _record(self, url: str, rows: int) -> None:
        self.records.append(RequestRecord(url=url, rows=rows))
        if self.on_request is not None:
            self.on_request(url, rows)

    def _get_json(self, url: str) -> dict[str, Any]:
        """One GET with throttle and retries (fetch.http's one policy); returns parsed
        JSON or raises KoladaError naming the URL."""
        where = [url]  # a redirect within the origin moves the request

        def attempt() -> dict[str, Any]:
            for _ in range(MAX_REDIRECTS + 1):
                got = self._attempt(where[0])
                if isinstance(got, str):
                    where[0] = got
                    continue
                return got
            raise KoladaError(f"{url}: more than {MAX_REDIRECTS} redirects")

        def told(retry: int, reason: str, wait: float) -> None:
            log.warning("%s: %s; retrying in %.1f s", where[0], reason, wait)

        policy = RetryPolicy(
            attempts=self.settings.max_retries + 1,
            backoff=self.settings.backoff_seconds,
            retry_after_cap=MAX_RETRY_AFTER,
        )
        try:
            return with_retries(policy, attempt, self.sleep, told)
        except GaveUp as gave:
            raise KoladaError(f"{where[0]}: {gave.reason} after {gave.attempts} attempts") from None

    def _attempt(self, url: str) -> dict[str, Any] | str:
        """One GET: the parsed answer, or the URL a redirect within the origin points
        to; raises Transient for what another attempt may fix, KoladaError otherwise."""
        self._throttle()
        self._check_deadline(url)
        try:
            resp = self.session.get(
                url,
                timeout=self.settings.timeout_seconds,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                # a redirect is checked before it is followed: never to another host
                allow_redirects=False,
                stream=True,
            )
            if resp.status_code == 200:
                return _parse_json(self._read_body(resp, url), url)
        except (
            requests.Timeout,
            requests.ConnectionError,
            requests.exceptions.ChunkedEncodingError,  # body cut short (IncompleteRead)
        ) as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from None
        if resp.is_redirect:
            return self._redirect(resp, url)
        reason = f"HTTP {resp.status_code}"
        if resp.status_code != 429 and resp.status_code < 500:
            raise KoladaError(f"{url}: {reason}: {_snippet(self._error_text(resp))}")
        resp.close()
        raise Transient(reason, retry_after(resp.headers.get("Retry-After")))

    def _check_deadline(self, url: str) -> None:
        """The whole fetch has ``deadline_seconds``; the clock starts at the first request."""
        now = self.clock()
        if self._started is None:
            self._started = now
        if now - self._started > self.settings.deadline_seconds:
            raise KoladaError(
                f"{url}: the fetch took more than {self.settings.deadline_seconds:.0f} s "
                "(sources.kolada.deadline_minutes); stopped"
            )

    def _read_body(self, resp: requests.Response, url: str) -> bytes:
        """The body, read piece by piece against the size cap and the deadline.

        ``read1`` returns as soon as any bytes arrive, so a server that drips one
        byte every two seconds meets the deadline here instead of holding the night.
        """
        limit = self.settings.max_response_bytes
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            resp.close()
            raise KoladaError(f"{url}: answer of {int(declared)} bytes is over {_cap(limit)}")
        chunks: list[bytes] = []
        size = 0
        try:
            while piece := resp.raw.read1(65536, decode_content=True):
                size += len(piece)
                if size > limit:
                    raise KoladaError(f"{url}: answer is over {_cap(limit)}; stopped reading")
                chunks.append(piece)
                self._check_deadline(url)
        except urllib3.exceptions.ReadTimeoutError as exc:  # as requests would say it
            raise requests.Timeout(str(exc)) from None
        except (urllib3.exceptions.ProtocolError, urllib3.exceptions.DecodeError) as exc:
            raise requests.exceptions.ChunkedEncodingError(str(exc)) from None
        finally:
            resp.close()
        return b"".join(chunks)

    def _redirect(self, resp: requests.Response, url: str) -> str:
        """Follow a redirect only within the configured origin (as ``next_url``)."""
        location = urljoin(url, resp.headers.get("Location", ""))
        resp.close()
        base, target = urlsplit(self.settings.base_url), urlsplit(location)
        if (target.scheme, target.netloc) != (base.scheme, base.netloc):
            raise KoladaError(f"{url}: redirect to {_short(location)} leaves {base.netloc}")
        return location

    @staticmethod
    def _error_text(resp: requests.Response) -> str:
        """The start of an error body, never more than a few kilobytes of it."""
        try:
            return resp.raw.read(4096, decode_content=True).decode("utf-8", "replace")
        except (requests.RequestException, OSError, ValueError):
            return ""
        finally:
            resp.close()

    def _throttle(self) -> None:
        now = self.clock()
        if self._last_request is not None:
            wait = self.settings.throttle_seconds - (now - self._last_request)
            if wait > 0:
                self.sleep(wait)
                now += wait
        self._last_request = now


# ----------------------------------------------------------------- validation


def _cap(limit: int) -> str:
    return f"{limit / 2**20:g} MB (sources.kolada.max_response_mb)"


@dataclass(frozen=True)
class _Asked:
    """What one data request asked for, to hold its answer to."""

    kpis: set[str]
    ids: set[str]
    years: set[int]

    def check(self, obs: Observation, url: str) -> None:
        for what, got, allowed in (
            ("KPI", obs.kpi, self.kpis),
            ("municipality", obs.municipality, self.ids),
            ("year", obs.year, self.years),
        ):
            if got not in allowed:
                raise KoladaError(
                    f"{url}: answer has {what} {_short(got)}, which was not asked for"
                )


def _parse_json(body: bytes, url: str) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError:
        text = body[:4096].decode("utf-8", "replace")
        raise KoladaError(f"{url}: answer is not JSON: {_snippet(text)}") from None
    if not isinstance(payload, dict):
        raise KoladaError(f"{url}: expected a JSON object, got {type(payload).__name__}")
    return payload


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text[:120] + ("…" if len(text) > 120 else "")


def _fail(where: str, what: str, got: Any) -> None:
    raise KoladaError(f"{where}: expected {what}, got {_short(got)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _need(row: Any, where: str, key: str, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(row, dict):
        _fail(where, "an object", row)
    if key not in row:
        raise KoladaError(f"{where}: missing field {key!r}")
    value = row[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        _fail(f"{where}.{key}", what, value)
    if not isinstance(value, kind):
        _fail(f"{where}.{key}", what, value)
    return value


def _check_envelope(payload: dict[str, Any], url: str) -> None:
    _need(payload, url, "values", list, "a list")
    count = payload.get("count")
    if count is not None and (not isinstance(count, int) or count != len(payload["values"])):
        raise KoladaError(f"{url}: count {count!r} does not match {len(payload['values'])} rows")
    nxt = payload.get("next_url")
    if nxt is not None and not isinstance(nxt, str):
        _fail(f"{url}.next_url", "a URL or null", nxt)


def _check_kpi(row: Any, where: str) -> None:
    _need(row, where, "id", str, "a KPI id")
    _need(row, where, "title", str, "a string")
    _need(row, where, "is_divided_by_gender", (bool, int), "true|false")


def _check_municipality(row: Any, where: str) -> None:
    _need(row, where, "id", str, "a municipality id")
    _need(row, where, "title", str, "a string")
    kind = _need(row, where, "type", str, "K|L")
    if kind not in ("K", "L"):
        _fail(f"{where}.type", "K|L", kind)


def _check_group(row: Any, where: str) -> None:
    _need(row, where, "id", str, "a group id")
    _need(row, where, "title", str, "a string")
    members = _need(row, where, "members", list, "a list")
    for j, member in enumerate(members):
        _need(member, f"{where}.members[{j}]", "member_id", str, "a municipality id")


def _check_data_row(row: Any, where: str) -> None:
    _need(row, where, "kpi", str, "a KPI id")
    _need(row, where, "municipality", str, "a municipality id")
    _need(row, where, "period", int, "an integer year")
    values = _need(row, where, "values", list, "a list")
    for j, entry in enumerate(values):
        at = f"{where}.values[{j}]"
        gender = _need(entry, at, "gender", str, "T|K|M")
        if gender not in GENDERS:
            _fail(f"{at}.gender", "T|K|M", gender)
        if "value" not in entry:
            raise KoladaError(f"{at}: missing field 'value'")
        value = entry["value"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            _fail(f"{at}.value", "a number or null", value)
        status = entry.get("status")
        if status is not None and not isinstance(status, str):
            _fail(f"{at}.status", "a string or null", status)


def _observations(rows: Iterable[dict[str, Any]]) -> list[Observation]:
    """Flatten data rows; drop deleted values, keep ``value: null`` as missing."""
    out = []
    for row in rows:
        for entry in row["values"]:
            if entry.get("isdeleted"):
                continue
            value = entry["value"]
            out.append(
                Observation(
                    kpi=row["kpi"],
                    municipality=row["municipality"],
                    year=row["period"],
                    gender=entry["gender"],
                    value=None if value is None else float(value),
                    status=entry.get("status") or "",
                )
            )
    return out


# ---------------------------------------------------------------- a whole fetch


@dataclass(frozen=True)
class FetchResult:
    """What a complete fetch brings home, before it is written as a snapshot."""

    kpis: tuple[dict[str, Any], ...]
    municipalities: tuple[dict[str, Any], ...]
    groups: GroupSelection
    observations: tuple[Observation, ...]
    years: tuple[int, ...]
    records: tuple[RequestRecord, ...]


def fetch_years(src: KoladaSource, today_year: int) -> tuple[int, ...]:
    """The years to fetch: ``years`` years up to ``last_year`` (default: this year)."""
    last = src.last_year or today_year
    return tuple(range(last - src.years + 1, last + 1))


def data_plan(
    config: Config, reference: Reference, selection: GroupSelection
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Which KPIs to ask for which ids: everyone for all KPIs, similar groups per area."""
    base_ids = (
        [RIKET_ID]
        + [lan.region_id for lan in reference.lan]
        + [k.code for k in reference.kommuner]
        + [g.id for g in reference.kommungrupper]
        + [lan.group_id for lan in reference.lan]
    )
    plan = [(config.kolada_ids, tuple(base_ids))]
    for area in config.areas:
        kpis = tuple(sorted(i.id for i in area.indicators if i.is_kolada))
        if area.similar_group and kpis:
            ids = selection.similar_ids(area.similar_group)
            if ids:
                plan.append((kpis, ids))
    return plan


def planned_requests(
    plan: Sequence[tuple[Sequence[str], Sequence[str]]], n_years: int, batch: int
) -> int:
    """How many data requests a plan needs before any paging (for the progress bar)."""

    def chunks(n: int, size: int) -> int:
        return -(-n // size)

    return sum(
        chunks(len(k), batch) * chunks(len(i), batch) * chunks(n_years, MAX_IDS) for k, i in plan
    )


def fetch_all(
    client: KoladaClient,
    config: Config,
    reference: Reference,
    years: Sequence[int],
    on_plan: Callable[[int], None] | None = None,
) -> FetchResult:
    """Fetch metadata, groups and every configured value; fail on anything incomplete.

    ``on_plan`` is told how many data requests are planned (before paging) once
    the groups are known, so a progress bar can show done / planned.
    """
    kpis = client.kpis(config.kolada_ids)
    missing = sorted(set(config.kolada_ids) - {k["id"] for k in kpis})
    if missing:
        raise KoladaError(f"Kolada has no KPI {', '.join(missing)} (removed or renamed?)")
    municipalities = client.municipalities()
    known = {m["id"] for m in municipalities}
    needed = (
        {RIKET_ID} | {k.code for k in reference.kommuner} | {lan.region_id for lan in reference.lan}
    )
    if needed - known:
        raise KoladaError(f"Kolada's /municipality lacks {', '.join(sorted(needed - known)[:10])}")
    kinds = {a.similar_group for a in config.areas if a.similar_group}
    selection = select_groups(client.municipality_groups(), reference, kinds)
    plan = data_plan(config, reference, selection)
    if on_plan is not None:
        on_plan(planned_requests(plan, len(years), client.settings.batch_size))
    observations: list[Observation] = []
    for kpi_ids, ids in plan:
        observations += client.data(kpi_ids, ids, years)
    _check_every_kpi_has_values(config, reference, observations)
    return FetchResult(
        kpis=tuple(sorted(kpis, key=lambda k: k["id"])),
        municipalities=tuple(sorted(municipalities, key=lambda m: m["id"])),
        groups=selection,
        observations=tuple(observations),
        years=tuple(years),
        records=tuple(client.records),
    )


def _check_every_kpi_has_values(
    config: Config, reference: Reference, observations: Iterable[Observation]
) -> None:
    """A KPI with no kommun value at all means the source broke, not that data is missing."""
    kommuner = {k.code for k in reference.kommuner}
    with_values = {
        o.kpi for o in observations if o.value is not None and o.municipality in kommuner
    }
    empty = [kpi for kpi in config.kolada_ids if kpi not in with_values]
    if empty:
        raise KoladaError(
            f"Kolada answered with no kommun values for KPI {', '.join(empty)}; "
            "refusing to write an incomplete snapshot"
        )
