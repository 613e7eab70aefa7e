"""The one retry policy for every HTTP client of the project (Kolada, CMS).

Both clients used to carry their own loop and their own ``Retry-After`` parser,
and the two disagreed: one read an HTTP date, the other fell back to its own
backoff; one let the header replace the backoff, the other never waited less
than it. Here is the one rule: exponential backoff, capped; a ``Retry-After``
(seconds or an HTTP date) lengthens the wait, never shortens it, up to the
client's cap.
"""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: exponential backoff never waits longer than this (seconds)
BACKOFF_CAP = 60.0


class Transient(Exception):
    """A failure another attempt may fix: a timeout, a dropped connection, 408, 429, 5xx."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class GaveUp(Exception):
    """Every attempt failed; ``reason`` is the last failure. Callers say it in their
    own words (KoladaError, CmsError), with the URL or page they were after."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(f"{reason} after {attempts} attempts")
        self.reason, self.attempts = reason, attempts


def retry_after(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date
    (RFC 9110, 10.2.3). None when absent or unreadable; never negative."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # an HTTP date is GMT; a zone-less one is read so
            return None
        seconds = when.timestamp() - now()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How often to try and how long to wait between tries."""

    attempts: int  # the first try included
    backoff: float  # seconds before the second try, doubled for each later one
    retry_after_cap: float = BACKOFF_CAP  # a server cannot make us wait longer

    def wait(self, retry: int, told: float | None) -> float:
        """Seconds before retry number ``retry`` (1 for the first retry)."""
        wait = min(self.backoff * 2 ** (retry - 1), BACKOFF_CAP)
        if told is not None:
            wait = max(wait, min(told, self.retry_after_cap))
        return wait


def with_retries(
    policy: RetryPolicy,
    attempt: Callable[[], T],
    sleep: Callable[[float], None],
    on_retry: Callable[[int, str, float], None] | None = None,
) -> T:
    """Run ``attempt`` until it returns; on :class:`Transient`, wait and try again,
    at most ``policy.attempts`` times in all; then raise :class:`GaveUp`.
    ``on_retry(retry, reason, wait)`` is told before each wait (logging, counts)."""
    last = ""
    for n in range(1, policy.attempts + 1):
        try:
            return attempt()
        except Transient as t:
            last = t.reason
            if n == policy.attempts:
                break
            wait = policy.wait(n, t.retry_after)
            if on_retry is not None:
                on_retry(n, last, wait)
            sleep(wait)
    raise GaveUp(last, policy.attempts)
