"""The Kolada v3 client against the local fake: paging, batching, retries, validation."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
import requests

from insyn.config import KoladaSource
from insyn.data.model import Observation
from insyn.data.snapshot import RawCache
from insyn.fetch.kolada import ClientSettings, KoladaClient, KoladaError, planned_requests
from tests.helpers.kolada_fake import MALFORMED_KINDS, FakeKolada, KoladaData

KPIS = ("N28820", "U20341", "U21468")
IDS = ("0000", "0001", "0014", "0114", "0180", "1461", "1480", "G92787", "G33623")
YEARS = (2022, 2023, 2024)


@pytest.fixture
def fake():
    with FakeKolada(KoladaData.small()) as server:
        yield server
    assert not server.server_errors, server.server_errors


def make_client(fake_or_url, sleeps: list | None = None, **settings) -> KoladaClient:
    base = fake_or_url if isinstance(fake_or_url, str) else fake_or_url.base_url
    opts = {
        "throttle_seconds": 0,
        "backoff_seconds": 0.5,
        "timeout_seconds": 2,
        "max_retries": 2,
        **settings,
    }
    cache = opts.pop("cache", None)
    return KoladaClient(
        ClientSettings(base_url=base, **opts),
        cache=cache,
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
    )


def expected(data: KoladaData, kpis=KPIS, ids=IDS, years=YEARS) -> set[Observation]:
    """The observations small() holds for a request, computed without the client."""
    return {
        Observation(
            r["kpi"],
            r["municipality"],
            r["period"],
            v["gender"],
            None if v["value"] is None else float(v["value"]),
            v["status"],
        )
        for r in data.rows
        if r["kpi"] in kpis and r["municipality"] in ids and r["period"] in years
        for v in r["values"]
        if not v["isdeleted"]
    }


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


# ------------------------------------------------------------------- paging


def test_paging_follows_next_url_and_returns_every_row_once(fake):
    fake.page_size_cap = 2
    client = make_client(fake, per_page=5000)
    got = client.data(KPIS, IDS, YEARS)
    assert len(got) == len(set(got))
    assert set(got) == expected(KoladaData.small())
    n_rows = sum(1 for r in KoladaData.small().rows if r["municipality"] in IDS)
    assert [r.rows for r in client.records] == [2] * (n_rows // 2) + [1] * (n_rows % 2)
    assert [path_and_query(r.url) for r in client.records] == fake.requests_seen
    assert "per_page=5000" in client.records[0].url
    assert all(f"page={i + 2}" in r.url for i, r in enumerate(client.records[1:]))


@pytest.mark.parametrize("endpoint, n", [("municipalities", 7), ("municipality_groups", 2)])
def test_paging_of_list_endpoints(fake, endpoint, n):
    fake.page_size_cap = 3
    client = make_client(fake)
    rows = getattr(client, endpoint)()
    assert len(rows) == n and len({r["id"] for r in rows}) == n
    assert len(client.records) == -(-n // 3)


# ----------------------------------------------------------------- batching


@pytest.fixture
def fake60():
    data = KoladaData.generate(["U21468"], 60, years=(2023, 2024), missing_rate=0)
    with FakeKolada(data) as server:
        yield server
    assert not server.server_errors


def id_lists(fake: FakeKolada) -> list[int]:
    return [len(p.split("/municipality/")[1].split("/")[0].split(",")) for p in fake.requests_seen]


@pytest.mark.parametrize(
    "batch_size, sizes", [(25, [25, 25, 10]), (10, [10] * 6), (7, [7] * 8 + [4])]
)
def test_batching_keeps_comma_lists_short(fake60, batch_size, sizes):
    ids = sorted(m["id"] for m in fake60.data.municipalities)
    assert len(ids) == 60
    got = make_client(fake60, batch_size=batch_size).data(["U21468"], ids, [2023, 2024])
    assert id_lists(fake60) == sizes
    assert {o.municipality for o in got} == set(ids)
    assert not [f for f in fake60.fired if f[0].startswith("fail")]


def test_fake_refuses_long_comma_lists_so_the_batching_test_means_something(fake60):
    ids = sorted(m["id"] for m in fake60.data.municipalities)
    with pytest.raises(KoladaError, match="HTTP 400.*too many"):
        make_client(fake60, batch_size=30).data(["U21468"], ids, [2023])


def test_kpi_metadata_is_batched(fake):
    ids = [f"U{i:05d}" for i in range(30)] + list(KPIS)
    rows = make_client(fake, batch_size=25).kpis(ids)
    assert sorted(r["id"] for r in rows) == list(KPIS)
    assert [len(p.split("/kpi/")[1].split("?")[0].split(",")) for p in fake.requests_seen] == [
        25,
        8,
    ]


def test_planned_requests_counts_batches():
    assert planned_requests([(KPIS, ["x"] * 60), (KPIS, ["y"] * 3)], 3, 25) == 3 + 1
    assert planned_requests([(["k"] * 26, ["x"] * 25)], 30, 25) == 2 * 1 * 2


# ------------------------------------------------------------------ retries


def test_429_honours_retry_after(fake):
    fake.fail_next(429, retry_after=3)
    sleeps: list[float] = []
    rows = make_client(fake, sleeps).municipalities()
    assert sleeps == [3.0]
    assert len(rows) == 7 and fake.request_count == 2


def test_5xx_backs_off_exponentially(fake):
    fake.fail_next(503, count=3)
    sleeps: list[float] = []
    make_client(fake, sleeps, backoff_seconds=0.5, max_retries=3).municipalities()
    assert sleeps == [0.5, 1.0, 2.0]
    assert fake.request_count == 4


def test_timeout_is_retried(fake):
    fake.delay_next(1.5)
    sleeps: list[float] = []
    rows = make_client(fake, sleeps, timeout_seconds=0.2).municipalities()
    assert len(rows) == 7 and sleeps == [0.5] and fake.request_count == 2


def test_connection_error_is_retried_then_named():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v3"
    sleeps: list[float] = []
    with pytest.raises(KoladaError, match=r"ConnectionError.*after 3 attempts") as err:
        make_client(url, sleeps).municipalities()
    assert f"{url}/municipality" in str(err.value)
    assert sleeps == [0.5, 1.0]


def test_gives_up_after_max_retries_naming_url_and_attempts(fake):
    fake.always_fail(500)
    sleeps: list[float] = []
    with pytest.raises(KoladaError) as err:
        make_client(fake, sleeps, max_retries=2).municipalities()
    assert fake.url("/municipality?per_page=5000") in str(err.value)
    assert "HTTP 500 after 3 attempts" in str(err.value)
    assert fake.request_count == 3 and len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 404])
def test_client_errors_are_not_retried(fake, status):
    fake.fail_next(status)
    sleeps: list[float] = []
    with pytest.raises(KoladaError, match=f"HTTP {status}") as err:
        make_client(fake, sleeps).municipalities()
    assert fake.url("/municipality") in str(err.value)
    assert fake.request_count == 1 and sleeps == []


def test_incomplete_body_is_retried_like_a_connection_error(fake):
    fake.malformed_next("incomplete")
    rows = make_client(fake).data(["U21468"], ["1461"], YEARS)
    assert len(rows) == 9 and fake.request_count == 2


# ---------------------------------------------------------------- malformed


@pytest.mark.parametrize(
    "kind, detail",
    [
        ("not_json", "not JSON"),
        ("missing_values", "'values'"),
        ("wrong_type", ".period"),
        ("values_not_list", ".values"),
        ("truncated", "not JSON"),
        ("incomplete", "attempts"),
    ],
)
def test_malformed_answer_names_the_url(fake, kind, detail):
    assert kind in MALFORMED_KINDS
    fake.malformed_next(kind)
    with pytest.raises(KoladaError) as err:
        make_client(fake, max_retries=0).data(["U21468"], ["1461"], YEARS)
    message = str(err.value)
    assert fake.url("/data/kpi/U21468/municipality/1461/year/2022,2023,2024") in message
    assert detail in message


@pytest.mark.parametrize(
    "body, detail",
    [
        ({"values": [], "count": 3, "next_url": None}, "count 3 does not match"),
        ({"values": [{"id": "0000", "title": "Riket", "type": "X"}]}, "type"),
        (
            {
                "values": [{"id": "0000", "title": "Riket", "type": "L"}],
                "next_url": "http://elsewhere.example/v3/municipality?page=2",
            },
            "leaves",
        ),
    ],
)
def test_bad_envelopes_are_refused(fake, body, detail):
    fake.fail_next(200, body=body)
    with pytest.raises(KoladaError, match=detail) as err:
        make_client(fake).municipalities()
    assert fake.url("/municipality") in str(err.value)
    assert fake.request_count == 1


def test_next_url_looping_back_is_refused(fake):
    first = fake.url("/municipality?per_page=5000")
    fake.fail_next(200, body={"values": [], "count": 0, "next_url": first})
    with pytest.raises(KoladaError, match="loops back"):
        make_client(fake).municipalities()


def test_zero_rows_for_data_is_an_error(fake):
    fake.empty_for_kpi("U21468")
    with pytest.raises(KoladaError, match="zero rows") as err:
        make_client(fake).data(["U21468"], ["1461"], YEARS)
    assert "/data/kpi/U21468/municipality/1461/" in str(err.value)


def test_zero_rows_for_a_batch_of_only_groups_is_not_an_error(fake, caplog):
    """Kolada may lack group averages for a KPI; kommun batches decide completeness."""
    assert make_client(fake).data(["U21468"], ["G99999"], YEARS) == []
    assert "no rows" in caplog.text


def test_unknown_kpi_ids_give_no_rows_not_an_error(fake):
    assert make_client(fake).kpis(["N99999"]) == []


# ------------------------------------------------------------- observations


def test_rows_become_observations(fake):
    got = make_client(fake).data(["U21468", "U20341"], ["0114", "1461", "G92787"], YEARS)
    keys = {o.key for o in got}
    assert Observation("U21468", "1461", 2022, "K", None) in got
    assert ("U21468", "0114", 2024, "T") not in keys
    assert {("U21468", "0114", 2024, g) for g in "KM"} <= keys
    assert {g for k, m, y, g in keys if (k, m, y) == ("U21468", "1461", 2023)} == {"T", "K", "M"}
    assert {y for k, m, y, _ in keys if m == "G92787"} == set(YEARS)
    assert set(got) == expected(
        KoladaData.small(), ("U21468", "U20341"), ("0114", "1461", "G92787")
    )


# ------------------------------------------------------------------ throttle


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class SlowSession(requests.Session):
    """Each request takes 0.2 s on the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self.clock = clock

    def get(self, *args, **kwargs):
        self.clock.now += 0.2
        return super().get(*args, **kwargs)


@pytest.mark.parametrize("throttle, waits", [(0.5, [0.3, 0.3, 0.3]), (0.1, []), (0, [])])
def test_throttle_waits_the_remainder(fake, throttle, waits):
    fake.page_size_cap = 2
    clock = FakeClock()
    client = KoladaClient(
        ClientSettings(base_url=fake.base_url, throttle_seconds=throttle, timeout_seconds=2),
        session=SlowSession(clock),
        sleep=clock.sleep,
        clock=clock,
    )
    client.municipalities()
    assert fake.request_count == 4
    assert clock.sleeps == pytest.approx(waits)


# --------------------------------------------------------------------- cache


def test_raw_cache_makes_a_second_client_skip_the_network(fake, tmp_path):
    fake.page_size_cap = 4
    first = make_client(fake, cache=RawCache(tmp_path / "raw"))
    rows1 = first.data(KPIS, IDS, YEARS)
    n = fake.request_count
    assert n > 1
    cache = RawCache(tmp_path / "raw")
    second = make_client(fake, cache=cache)
    rows2 = second.data(KPIS, IDS, YEARS)
    assert fake.request_count == n
    assert rows2 == rows1
    assert second.records == first.records and cache.hits == n


# -------------------------------------------------------------------- config


def source(**kw) -> KoladaSource:
    base = {
        "base_url": "https://api.kolada.se/v3",
        "years": 3,
        "last_year": 2024,
        "per_page": 5000,
        "batch_size": 25,
        "throttle_seconds": 0.25,
        "timeout_seconds": 30,
        "max_retries": 5,
        "backoff_seconds": 1,
    }
    return KoladaSource(**{**base, **kw})


@pytest.mark.parametrize(
    "env, src, base_url, per_page, batch_size",
    [
        ({}, source(), "https://api.kolada.se/v3", 5000, 25),
        (
            {"INSYN_KOLADA_URL": "http://127.0.0.1:9/v3/"},
            source(),
            "http://127.0.0.1:9/v3",
            5000,
            25,
        ),
        (
            {"INSYN_KOLADA_URL": ""},
            source(base_url="https://x.example/v3/"),
            "https://x.example/v3",
            5000,
            25,
        ),
        ({}, source(per_page=9999, batch_size=100), "https://api.kolada.se/v3", 5000, 25),
        ({}, source(per_page=100, batch_size=10), "https://api.kolada.se/v3", 100, 10),
    ],
)
def test_settings_from_config(env, src, base_url, per_page, batch_size):
    s = ClientSettings.from_config(src, env)
    assert (s.base_url, s.per_page, s.batch_size) == (base_url, per_page, batch_size)
    assert (s.throttle_seconds, s.max_retries) == (src.throttle_seconds, src.max_retries)
