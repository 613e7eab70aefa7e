"""The one retry policy (insyn.fetch.http) that the Kolada client and the CMS
publisher share: its Retry-After parser and its waits, table-driven."""

import pytest

from insyn.fetch.http import GaveUp, RetryPolicy, Transient, retry_after, with_retries

NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 GMT


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("3", 3.0),
        (" 7 ", 7.0),
        ("0", 0.0),
        ("-5", 0.0),  # never a negative wait
        ("1.5", 1.5),
        ("soon", None),
        ("nan", None),
        ("Tue, 14 Nov 2023 22:13:50 GMT", 30.0),  # an HTTP date, 30 s ahead
        ("Tue, 14 Nov 2023 22:13:00 GMT", 0.0),  # already past
        ("Tue, 14 Nov 2023 22:13:50", None),  # no zone: not an HTTP date
    ],
)
def test_retry_after(header, expected):
    assert retry_after(header, now=lambda: NOW) == expected


@pytest.mark.parametrize(
    ("retry", "told", "wait"),
    [
        (1, None, 0.5),
        (2, None, 1.0),
        (3, 7.0, 7.0),  # the server asks for longer: it gets it
        (4, 100000.0, 60.0),  # up to the cap
        (3, 0.0, 2.0),  # a shorter Retry-After never shortens the backoff
        (20, None, 60.0),  # backoff is capped too
    ],
)
def test_policy_waits(retry, told, wait):
    assert RetryPolicy(attempts=5, backoff=0.5, retry_after_cap=60.0).wait(retry, told) == wait


def test_with_retries_returns_after_transient_failures():
    failures = [Transient("HTTP 503"), Transient("HTTP 429", retry_after=4.0)]
    waits: list[float] = []
    told: list[tuple[int, str, float]] = []

    def attempt() -> str:
        if failures:
            raise failures.pop(0)
        return "ok"

    policy = RetryPolicy(attempts=3, backoff=1.0)
    assert with_retries(policy, attempt, waits.append, lambda *a: told.append(a)) == "ok"
    assert waits == [1.0, 4.0]
    assert told == [(1, "HTTP 503", 1.0), (2, "HTTP 429", 4.0)]


def test_with_retries_gives_up_with_the_last_reason():
    reasons = iter(["timeout", "HTTP 502", "HTTP 503"])

    def attempt() -> str:
        raise Transient(next(reasons))

    waits: list[float] = []
    with pytest.raises(GaveUp) as gave:
        with_retries(RetryPolicy(attempts=3, backoff=0.5), attempt, waits.append)
    assert (gave.value.reason, gave.value.attempts) == ("HTTP 503", 3)
    assert waits == [0.5, 1.0]  # no wait after the last attempt


def test_other_errors_are_not_retried():
    calls = []

    def attempt() -> str:
        calls.append(1)
        raise ValueError("a 404 is not transient")

    with pytest.raises(ValueError):
        with_retries(RetryPolicy(attempts=4, backoff=0.5), attempt, lambda s: None)
    assert len(calls) == 1
