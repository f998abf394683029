"""One case's call to the target: retried when transient, paused when throttled.

A run calls a service that may be slow, briefly down or overloaded. A transient error
is retried with jittered back-off up to ``retries`` times (`targets.retry`, the loop the
guard uses too); throttling (429, or 503 with Retry-After) does not use up a retry: it
lowers the limit shared by every worker (`limiter.py`) and the case waits its turn
again, up to ``max_throttle_waits`` times. Each attempt runs under a timeout that backs
up the target's own, for targets that do not enforce theirs.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from phaseone.datasets.base import Case
from phaseone.errors import TargetError, TargetTimeout
from phaseone.evals.limiter import AdaptiveLimiter
from phaseone.evals.options import EvalOptions
from phaseone.targets.base import Target, TargetResponse
from phaseone.targets.retry import Backoff, call_with_retries, is_throttling, retry_after_of


@dataclass(frozen=True)
class CallPolicy:
    """How a run calls its target (from its `EvalOptions` and the target's timeout)."""

    timeout_s: float
    retries: int
    backoff: Backoff
    max_throttle_waits: int

    @classmethod
    def of(cls, options: EvalOptions, target_timeout_s: float) -> CallPolicy:
        # A backstop over the target's own timeout, for targets that do not enforce it.
        timeout = options.case_timeout_s or (target_timeout_s * 1.1 + 0.5)
        return cls(
            timeout_s=timeout,
            retries=options.retries,
            backoff=Backoff(options.backoff_base_s, options.backoff_max_s),
            max_throttle_waits=options.max_throttle_waits,
        )


async def call_target(
    target: Target, case: Case, limiter: AdaptiveLimiter, policy: CallPolicy
) -> TargetResponse:
    """The target's answer to `case`, or the last `TargetError` once retries run out."""
    throttled = 0  # per case, across its retries

    async def once() -> TargetResponse:
        await limiter.acquire()
        ok = False
        try:
            async with asyncio.timeout(policy.timeout_s):
                response = await target.call(case.input, case=case)
            ok = True
            return response
        except TimeoutError:
            raise TargetTimeout(f"{target.label}: no answer within {policy.timeout_s:g}s") from None
        finally:
            limiter.release(ok=ok)

    async def attempt() -> TargetResponse:
        nonlocal throttled
        while True:
            try:
                return await once()
            except TargetError as err:
                if not is_throttling(err):
                    raise
                throttled += 1
                if throttled > policy.max_throttle_waits:
                    raise
                limiter.throttle(retry_after_of(err))

    response, _ = await call_with_retries(
        attempt,
        policy.retries,
        policy.backoff,
        may_retry=lambda err, _delay: not is_throttling(err),  # throttling had its waits
    )
    return response
