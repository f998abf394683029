"""Retrying a call to a target: the one retry loop, and the back-off between attempts.

Transient failures (timeouts, dropped connections, 5xx) are worth another attempt after
a jittered, exponentially growing pause — jittered so that many callers that failed
together do not come back together. The eval runner (`phaseone.evals.calls`) and the
guard (`phaseone.guard.resilience`) both retry through `call_with_retries`; what an
attempt is (a limiter slot, a circuit breaker, a deadline) is theirs.

A 429, or a 503 with Retry-After, is throttling: the service asks everyone to slow
down, which the eval runner handles apart from its retries, with a shared limit.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from phaseone.errors import TargetError, TargetStatusError

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Jittered exponential back-off: retry ``k`` waits ``min(max_s, base_s · 2^(k-1))``
    times a uniform factor in `jitter`, and at least what Retry-After asked for (up to
    `retry_after_cap_s`)."""

    base_s: float
    max_s: float = math.inf
    jitter: tuple[float, float] = (0.5, 1.0)
    retry_after_cap_s: float = math.inf

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (1 for the first)."""
        step = min(self.max_s, self.base_s * 2.0 ** (retry - 1))
        delay = step * random.uniform(*self.jitter)
        if retry_after is not None:
            delay = max(delay, min(float(retry_after), self.retry_after_cap_s))
        return delay


def retry_after_of(err: TargetError) -> float | None:
    """Seconds the target asked to wait (its Retry-After), when it said."""
    value = getattr(err, "retry_after", None)
    return None if value is None else float(value)


def is_throttling(err: TargetError) -> bool:
    """The target asks callers to slow down: HTTP 429, or 503 with Retry-After."""
    return isinstance(err, TargetStatusError) and (
        err.status == 429 or (err.status == 503 and retry_after_of(err) is not None)
    )


async def call_with_retries(
    attempt: Callable[[], Awaitable[T]],
    retries: int,
    backoff: Backoff,
    *,
    may_retry: Callable[[TargetError, float], bool] | None = None,
) -> tuple[T, int]:
    """`attempt()` until it answers, retrying a transient `TargetError` up to `retries`
    times with `backoff` in between.

    Args:
        attempt: One attempt; raises a `TargetError` when it fails.
        retries: The most retries after the first attempt.
        backoff: The pause before each retry.
        may_retry: Given the error and the pause, whether to retry at all (a deadline
            the pause would cross, an error the caller handles itself).

    Returns:
        The answer and the retries it took.

    Raises:
        TargetError: the last failure, when it is not transient or retries ran out.
    """
    retry = 0
    while True:
        try:
            return await attempt(), retry
        except TargetError as err:
            if not err.transient or retry >= retries:
                raise
            delay = backoff.delay(retry + 1, retry_after_of(err))
            if may_retry is not None and not may_retry(err, delay):
                raise
            retry += 1
            if delay > 0:
                await asyncio.sleep(delay)
