"""An AIMD concurrency limiter shared by the workers of one run.

A target that answers 429 (or 503 with Retry-After) is telling us it is overloaded.
Retrying each request on its own schedule would keep it overloaded, so all workers share
one limit: a throttle signal halves the effective concurrency and pauses new calls for
Retry-After; every success adds back about one slot per "window" of successes (additive
increase), so the run recovers to full speed once the target copes again — the scheme TCP
uses for the same problem.

The fast path (a free slot, no pause) takes no lock and does not await: asyncio runs one
coroutine at a time, so check-and-increment cannot interleave.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass


@dataclass
class LimiterStats:
    throttled: int = 0  #: throttle signals received (429 / Retry-After)
    min_limit: int = 0  #: lowest effective concurrency reached
    paused_s: float = 0.0  #: total pause asked for by Retry-After

    def as_dict(self) -> dict[str, float | int]:
        return {
            "throttled": self.throttled,
            "min_concurrency": self.min_limit,
            "paused_s": round(self.paused_s, 3),
        }


class AdaptiveLimiter:
    """At most ``limit`` calls in flight; ``limit`` shrinks on throttling and grows back."""

    def __init__(self, max_concurrency: int, *, default_pause_s: float = 1.0) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be ≥ 1")
        self.max = max_concurrency
        self.limit = float(max_concurrency)
        self.in_flight = 0
        self.default_pause_s = default_pause_s
        self._paused_until = 0.0
        self._last_decrease = -1e9
        self._waiters: deque[asyncio.Future[None]] = deque()
        self.stats = LimiterStats(min_limit=max_concurrency)

    @property
    def effective(self) -> int:
        return max(1, int(self.limit))

    async def acquire(self) -> None:
        while True:
            now = time.monotonic()
            if self._paused_until > now:
                await asyncio.sleep(self._paused_until - now)
                continue
            if self.in_flight < self.effective:
                self.in_flight += 1
                return
            fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut
            except asyncio.CancelledError:
                if fut in self._waiters:
                    self._waiters.remove(fut)
                raise

    def release(self, *, ok: bool) -> None:
        self.in_flight -= 1
        if ok and self.limit < self.max:
            # +1 slot per `limit` successes: linear recovery per round trip.
            self.limit = min(float(self.max), self.limit + 1.0 / self.limit)
        self._wake()

    def throttle(self, retry_after: float | None) -> None:
        """The target said "slow down": halve the limit (once per burst) and pause."""
        now = time.monotonic()
        pause = self.default_pause_s if retry_after is None else max(0.0, retry_after)
        self.stats.throttled += 1
        # One overload burst produces many 429s at once; halve once per pause window.
        if now - self._last_decrease > max(pause, 0.05):
            self.limit = max(1.0, self.limit / 2)
            self._last_decrease = now
            self.stats.min_limit = min(self.stats.min_limit, self.effective)
        until = now + pause
        if until > self._paused_until:
            self.stats.paused_s += until - max(self._paused_until, now)
            self._paused_until = until

    def _wake(self) -> None:
        free = self.effective - self.in_flight
        while free > 0 and self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)
                free -= 1
