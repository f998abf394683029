"""When to try a target again, and how long to wait first.

Transient failures (timeouts, dropped connections, 5xx) are worth another attempt after
a jittered, exponentially growing pause — jittered so that many callers that failed
together do not come back together. A 429, or a 503 with Retry-After, is throttling: the
service asks everyone to slow down, which callers with a shared limit handle apart from
their retries (`phaseone.evals.limiter`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from phaseone.errors import TargetError, TargetStatusError


@dataclass(frozen=True)
class Backoff:
    """Jittered exponential back-off: retry ``k`` waits between half and all of
    ``min(max_s, base_s · 2^(k-1))``, and at least what Retry-After asked for."""

    base_s: float
    max_s: float = math.inf

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (1 for the first)."""
        cap = min(self.max_s, self.base_s * 2.0 ** (retry - 1))
        delay = cap / 2 + random.uniform(0, cap / 2)
        if retry_after is not None:
            delay = max(delay, float(retry_after))
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
