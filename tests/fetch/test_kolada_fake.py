"""Tests for the fake Kolada v3 server itself (plain requests, no project code)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.helpers.kolada_fake import FakeKolada, KoladaData, dataset_for_ids, project_dataset

DATA_ALL = (
    "/data/kpi/U21468,U20341,N28820/municipality/0000,0001,0014,0114,0180,1461,1480,"
    "G92787,G33623/year/2022,2023,2024"
)


@pytest.fixture(scope="module")
def small() -> KoladaData:
    return KoladaData.small()


@pytest.fixture
def fk(small):
    with FakeKolada(small) as server:
        yield server
    assert not server.server_errors, server.server_errors


def get(fk: FakeKolada, path: str, **kw) -> requests.Response:
    return requests.get(fk.url(path), timeout=kw.pop("timeout", 5), **kw)


def follow(url: str, session: requests.Session | None = None) -> tuple[list, int]:
    """All rows behind url via next_url; returns (rows, number of pages)."""
    s = session or requests.Session()
    rows, pages = [], 0
    while url:
        r = s.get(url, timeout=5)
        r.raise_for_status()
        body = r.json()
        rows += body["values"]
        pages += 1
        url = body["next_url"]
    return rows, pages


# ------------------------------------------------------------------ envelope


@pytest.mark.parametrize(
    "path, n",
    [
        ("/kpi/U21468,U20341,N28820", 3),
        ("/kpi/U21468", 1),
        ("/kpi/NOPE1", 0),
        ("/kpi", 3),
        ("/municipality", 7),
        ("/municipality_groups", 2),
        ("/data/kpi/U21468/municipality/1461/year/2022,2023,2024", 3),
        (DATA_ALL, 59),
    ],
)
def test_envelope_shape(fk, path, n):
    r = get(fk, path)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"values", "count", "next_url", "previous_url"}
    assert body["count"] == len(body["values"]) == n
    assert body["next_url"] is None and body["previous_url"] is None


def test_object_fields(fk):
    kpi = get(fk, "/kpi/U21468").json()["values"][0]
    assert set(kpi) >= {
        "id",
        "title",
        "description",
        "is_divided_by_gender",
        "municipality_type",
        "operating_area",
        "perspective",
        "publication_date",
        "publ_period",
        "has_ou_data",
        "auspice",
        "prel_publication_date",
    }
    assert kpi["is_divided_by_gender"] is True
    munis = get(fk, "/municipality").json()["values"]
    assert {m["type"] for m in munis} == {"K", "L"}
    assert {"0180", "1461", "0000", "0001", "0014"} <= {m["id"] for m in munis}
    group = get(fk, "/municipality_groups").json()["values"][0]
    assert set(group) == {"id", "title", "members"}
    assert set(group["members"][0]) == {"member_id", "member_title"}


def test_data_rows_shape_and_order(fk):
    rows = get(fk, DATA_ALL).json()["values"]
    keys = [(r["kpi"], r["municipality"], r["period"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for r in rows:
        assert set(r) == {"kpi", "municipality", "period", "values"}
        assert isinstance(r["period"], int)
        for v in r["values"]:
            assert set(v) == {"gender", "count", "status", "value", "isdeleted"}
            assert v["gender"] in {"T", "K", "M"}
            assert isinstance(v["count"], int) and isinstance(v["status"], str)
            assert v["value"] is None or isinstance(v["value"], float)
            assert isinstance(v["isdeleted"], bool)


def test_data_filters_on_all_three_lists(fk):
    rows = get(fk, "/data/kpi/U20341,N28820/municipality/1461/year/2023,2024").json()["values"]
    assert [(r["kpi"], r["period"]) for r in rows] == [
        ("N28820", 2024),
        ("U20341", 2023),
        ("U20341", 2024),
    ]  # N28820/1461/2023 missing


def test_data_with_two_dimensions(fk):
    rows = get(fk, "/data/kpi/U20341/year/2024").json()["values"]
    assert {r["municipality"] for r in rows} == {"0114", "0180", "1461", "1480"}


# -------------------------------------------------------------------- small()


def test_small_has_the_quirks(small):
    entries = [(r, v) for r in small.rows for v in r["values"]]
    assert any(v["value"] is None for _, v in entries)
    assert any(v["isdeleted"] for _, v in entries)
    assert {v["gender"] for _, v in entries} == {"T", "K", "M"}
    assert any(r["municipality"].startswith("G") and v["count"] > 1 for r, v in entries)
    assert any("(Ja=1, Nej=0)" in k["title"] and not k["is_divided_by_gender"] for k in small.kpis)
    assert any("10 000" in k["title"] for k in small.kpis)
    assert {r["period"] for r in small.rows} == {2022, 2023, 2024}
    titles = {m["id"]: m["title"] for m in small.municipalities}
    assert titles["1461"] == "Mellerud" and titles["0180"] == "Stockholm"
    member_ids = {m["member_id"] for g in small.groups for m in g["members"]}
    assert member_ids <= set(titles)


def test_generate_is_deterministic_and_sized():
    a = KoladaData.generate(
        ["U1", "U2", "U3"], ["0000", "0001", "0180", "1461", "G1"], [2022, 2023], seed=7
    )
    b = KoladaData.generate(
        ["U3", "U2", "U1"], ["G1", "1461", "0180", "0001", "0000"], [2023, 2022], seed=7
    )
    assert a == b
    assert a != KoladaData.generate(
        ["U1", "U2", "U3"], ["0000", "0001", "0180", "1461", "G1"], [2022, 2023], seed=8
    )
    assert len(a.rows) <= 3 * 5 * 2
    assert {m["id"]: m["type"] for m in a.municipalities} == {
        "0000": "L",
        "0001": "L",
        "0180": "K",
        "1461": "K",
    }


def test_generate_benchmark_size():
    """The benchmark's data set has its size (how fast it is made is make bench's
    matter: a timed test failed at 24 s on a busy machine)."""
    d = KoladaData.generate(80, 350, range(2015, 2025), seed=1)
    assert len(d.kpis) == 80 and 250_000 < len(d.rows) <= 80 * 350 * 10


def test_dataset_for_ids_groups_are_member_means():
    d = dataset_for_ids(["U1"], ["0180", "1480"], {"G9": ["0180", "1480"]}, [2024], seed=3)
    assert d.groups == [
        {
            "id": "G9",
            "title": "Grupp G9 (ovägt medel)",
            "members": [
                {"member_id": "0180", "member_title": "Kommun 0180"},
                {"member_id": "1480", "member_title": "Kommun 1480"},
            ],
        }
    ]
    by = {r["municipality"]: r["values"] for r in d.rows}
    members = [
        by[m][0]["value"] for m in ("0180", "1480") if m in by and by[m][0]["value"] is not None
    ]
    assert members
    assert by["G9"][0]["count"] == len(members)
    assert by["G9"][0]["value"] == pytest.approx(sum(members) / len(members), abs=0.01)


def test_project_dataset_from_config_and_reference():
    data = project_dataset(Path(__file__).resolve().parents[2], years=[2024], seed=0)
    if data is None:
        pytest.skip("config/*.yaml or data/reference/kommuner.csv not there yet")
    ids = {m["id"]: m for m in data.municipalities}
    assert ids["1461"] == {"id": "1461", "title": "Mellerud", "type": "K"}
    assert ids["0000"]["type"] == "L"
    assert {r["municipality"] for r in data.rows} <= set(ids) | {g["id"] for g in data.groups}
    assert all(g["members"] for g in data.groups)


# --------------------------------------------------------------------- paging


def test_page_size_cap_forces_paging(small):
    with FakeKolada(small, page_size_cap=2) as fk:
        first = get(fk, DATA_ALL + "?per_page=5000").json()
        assert first["count"] == 2 and first["previous_url"] is None
        assert first["next_url"].startswith(f"http://127.0.0.1:{fk.port}/v3/data/")
        assert "per_page=5000" in first["next_url"] and "page=2" in first["next_url"]
        rows, pages = follow(fk.url(DATA_ALL) + "?per_page=5000")
        assert pages == 30  # 59 rows, 2 a page
        keys = [(r["kpi"], r["municipality"], r["period"]) for r in rows]
        assert len(keys) == len(set(keys)) == 59
        second = requests.get(first["next_url"], timeout=5).json()
        assert second["previous_url"] is not None and "page=1" in second["previous_url"]
        fk.page_size_cap = None
        assert rows == get(fk, DATA_ALL).json()["values"]


@pytest.mark.parametrize("per_page, pages", [(1, 59), (10, 6), (59, 1), (5000, 1)])
def test_per_page(fk, per_page, pages):
    rows, n = follow(fk.url(DATA_ALL) + f"?per_page={per_page}")
    assert n == pages and len(rows) == 59


def test_page_past_the_end_is_empty(fk):
    body = get(fk, DATA_ALL + "?per_page=50&page=9").json()
    assert body["values"] == [] and body["count"] == 0 and body["next_url"] is None


# --------------------------------------------------------------------- errors


def _ids(n: int, fmt: str = "U{:05d}") -> str:
    return ",".join(fmt.format(i) for i in range(n))


@pytest.mark.parametrize(
    "path, status",
    [
        (f"/kpi/{_ids(26)}", 400),
        (f"/kpi/{_ids(25)}", 200),
        (f"/data/kpi/{_ids(26)}/municipality/1461/year/2024", 400),
        (f"/data/kpi/U21468/municipality/{_ids(26, '{:04d}')}/year/2024", 400),
        (f"/data/kpi/U21468/municipality/1461/year/{_ids(26, '{}')}", 400),
        (f"/data/kpi/{_ids(25)}/municipality/{_ids(25, '{:04d}')}/year/{_ids(25, '{}')}", 200),
        (f"/municipality/{_ids(26, '{:04d}')}", 400),
        ("/data/kpi/U21468/municipality/1461/year/20x4", 400),
        ("/data/kpi/U21468,,U20341/municipality/1461/year/2024", 400),
        ("/kpi/U21468?per_page=5001", 400),
        ("/kpi/U21468?per_page=0", 400),
        ("/kpi/U21468?page=0", 400),
        ("/kpi/U21468?per_page=many", 400),
        ("/kpi/U21468?per_page=5000", 200),
        ("/nope", 404),
        ("/data/kpi/U21468", 404),
        ("/data/kpi/U21468/kommun/1461", 404),
        ("/kpi/U21468/extra", 404),
    ],
)
def test_status_codes(fk, path, status):
    r = get(fk, path)
    assert r.status_code == status
    if status != 200:
        assert isinstance(r.json()["error"], str)


def test_404_outside_base_path(fk):
    r = requests.get(f"http://127.0.0.1:{fk.port}/v2/kpi/U21468", timeout=5)
    assert r.status_code == 404


# --------------------------------------------------------------------- faults


@pytest.mark.parametrize("status, count", [(429, 1), (503, 2), (500, 3)])
def test_fail_next_fires_exactly_count_times(fk, status, count):
    fk.fail_next(status, count=count)
    codes = [get(fk, "/kpi/U21468").status_code for _ in range(count + 2)]
    assert codes == [status] * count + [200, 200]
    assert fk.fired == [(f"fail:{status}", "/v3/kpi/U21468")] * count


def test_fail_next_queue_is_fifo(fk):
    fk.fail_next(429, retry_after=1)
    fk.fail_next(503, count=2)
    assert [get(fk, "/municipality").status_code for _ in range(4)] == [429, 503, 503, 200]


def test_retry_after_on_429(fk):
    fk.fail_next(429, retry_after=2)
    r = get(fk, "/kpi/U21468")
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
    assert "error" in r.json()
    assert "Retry-After" not in get(fk, "/kpi/U21468").headers


@pytest.mark.parametrize(
    "body, ctype, text",
    [
        ({"message": "busy"}, "application/json", '{"message":"busy"}'),
        ("Service Unavailable", "text/plain", "Service Unavailable"),
    ],
)
def test_fail_next_custom_body(fk, body, ctype, text):
    fk.fail_next(503, body=body)
    r = get(fk, "/kpi/U21468")
    assert r.status_code == 503 and r.headers["Content-Type"].startswith(ctype)
    assert r.text == text


def _decode(r: requests.Response):
    return json.loads(r.content.decode("utf-8"))


@pytest.mark.parametrize(
    "kind", ["not_json", "missing_values", "wrong_type", "values_not_list", "truncated"]
)
def test_malformed_next_fires_exactly_count_times(fk, kind):
    path = "/data/kpi/U21468/municipality/1461/year/2022,2023,2024"
    good = get(fk, path).json()
    fk.malformed_next(kind, count=2)
    bad = [get(fk, path) for _ in range(2)]
    for r in bad:
        assert r.status_code == 200
        if kind in ("not_json", "truncated"):
            with pytest.raises(ValueError):
                _decode(r)
        elif kind == "missing_values":
            assert "values" not in r.json()
        elif kind == "wrong_type":
            rows = r.json()["values"]
            assert rows[0]["period"] == "2022x" and rows[1:] == good["values"][1:]
        else:
            assert r.json()["values"][0]["values"] == "n/a"
    assert get(fk, path).json() == good
    assert [f for f, _ in fk.fired] == [f"malformed:{kind}"] * 2


def test_malformed_not_json_is_html(fk):
    fk.malformed_next("not_json")
    r = get(fk, "/municipality")
    assert r.headers["Content-Type"].startswith("text/html") and "<html" in r.text


def test_malformed_wrong_type_on_empty_answer(fk):
    fk.malformed_next("wrong_type")
    rows = get(fk, "/data/kpi/NOPE1/municipality/1461/year/2024").json()["values"]
    assert len(rows) == 1 and isinstance(rows[0]["period"], str)


def test_malformed_incomplete_breaks_the_read(fk):
    fk.malformed_next("incomplete")
    with pytest.raises(requests.exceptions.RequestException):
        get(fk, DATA_ALL)
    assert get(fk, DATA_ALL).status_code == 200


def test_malformed_rejects_unknown_kind(fk):
    with pytest.raises(ValueError):
        fk.malformed_next("gibberish")


def test_fail_takes_precedence_and_malformed_waits(fk):
    fk.fail_next(500)
    fk.malformed_next("missing_values")
    assert get(fk, "/kpi").status_code == 500
    assert "values" not in get(fk, "/kpi").json()
    assert "values" in get(fk, "/kpi").json()


def test_empty_for_kpi(fk):
    fk.empty_for_kpi("U20341")
    for path in (
        "/data/kpi/U20341/municipality/1461/year/2024",
        "/data/kpi/U21468,U20341/municipality/1461/year/2024",
    ):
        body = get(fk, path).json()
        assert body["values"] == [] and body["count"] == 0 and body["next_url"] is None
    assert get(fk, "/data/kpi/U21468/municipality/1461/year/2024").json()["count"] == 1
    no_kpi = get(fk, "/data/municipality/1461/year/2024").json()["values"]
    assert {r["kpi"] for r in no_kpi} == {"U21468", "N28820"}
    assert get(fk, "/data/kpi/U20341/municipality/1461/year/2024").json()["count"] == 0
    fk.clear()
    assert get(fk, "/data/kpi/U20341/municipality/1461/year/2024").json()["count"] == 1


def test_delay_next_triggers_client_timeout(fk):
    fk.delay_next(1.0, count=2)
    for _ in range(2):
        with pytest.raises(requests.exceptions.Timeout):
            get(fk, "/kpi/U21468", timeout=0.3)
    # the third answers at once: within its timeout, and nothing more fired
    assert get(fk, "/kpi/U21468", timeout=0.9).status_code == 200
    assert [f for f, _ in fk.fired] == ["delay", "delay"]


def test_delay_then_answer(fk):
    fk.delay_next(0.3)
    t = time.perf_counter()
    assert get(fk, "/kpi/U21468").status_code == 200
    assert time.perf_counter() - t >= 0.3


def test_always_fail_and_clear(fk):
    fk.always_fail(500)
    assert [get(fk, "/kpi").status_code for _ in range(5)] == [500] * 5
    fk.always_fail(None)
    assert get(fk, "/kpi").status_code == 200
    fk.always_fail(503, retry_after=5)
    fk.fail_next(429)  # stays queued while always_fail answers
    r = get(fk, "/kpi")
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    fk.malformed_next("not_json")
    fk.delay_next(2)
    fk.empty_for_kpi("U21468")
    fk.clear()
    # nothing queued fires after clear (the log says so; a clock would on a busy machine)
    assert get(fk, "/kpi").json()["count"] == 3
    assert get(fk, "/data/kpi/U21468/municipality/1461/year/2024").json()["count"] == 1
    assert [f for f, _ in fk.fired] == ["fail:500"] * 5 + ["fail:503"]


# ------------------------------------------------------------- log, lifecycle


def test_request_log_includes_failures(fk):
    fk.fail_next(503)
    get(fk, "/kpi/U21468")
    get(fk, "/kpi/U21468?per_page=10&page=1")
    get(fk, "/nope")
    assert fk.requests_seen == ["/v3/kpi/U21468", "/v3/kpi/U21468?per_page=10&page=1", "/v3/nope"]
    assert fk.request_count == 3
    fk.reset_log()
    assert fk.request_count == 0 and fk.fired == []


def test_concurrent_requests_are_all_logged(fk):
    fk.fail_next(503, count=5)
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: get(fk, "/municipality").status_code, range(40)))
    assert codes.count(503) == 5 and codes.count(200) == 35
    assert fk.request_count == 40


def test_lifecycle_and_ports():
    with FakeKolada() as a, FakeKolada(KoladaData.small()) as b:
        assert a.port != b.port
        assert a.base_url == f"http://127.0.0.1:{a.port}/v3"
        assert requests.get(a.url("/municipality"), timeout=5).status_code == 200
        port = a.port
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/v3/municipality", timeout=2)


def test_close_while_a_request_is_delayed():
    fk = FakeKolada().start()
    fk.delay_next(30)
    t = threading.Thread(target=lambda: _swallow(fk.url("/kpi")), daemon=True)
    t.start()
    time.sleep(0.2)
    started = time.perf_counter()
    fk.close()
    assert time.perf_counter() - started < 3


def _swallow(url: str) -> None:
    with contextlib.suppress(requests.exceptions.RequestException):
        requests.get(url, timeout=10)


def test_set_data_swaps_dataset(fk):
    fk.set_data(KoladaData.generate(["U1"], ["1461"], [2024], seed=0))
    assert [k["id"] for k in get(fk, "/kpi").json()["values"]] == ["U1"]


def test_benchmark_dataset_pages_through_server():
    data = KoladaData.generate(30, 60, range(2015, 2025), seed=2)
    kpis = ",".join(k["id"] for k in data.kpis[:25])
    munis = ",".join(m["id"] for m in data.municipalities[:25])
    years = ",".join(str(y) for y in range(2015, 2025))
    expected = [
        r
        for r in data.rows
        if r["kpi"] in kpis.split(",") and r["municipality"] in munis.split(",")
    ]
    with FakeKolada(data, page_size_cap=1000) as fk:
        rows, pages = follow(fk.url(f"/data/kpi/{kpis}/municipality/{munis}/year/{years}"))
    assert rows == expected and pages == -(-len(expected) // 1000)
