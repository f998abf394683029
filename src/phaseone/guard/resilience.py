"""Resilience around a target: timeout, retries with jittered exponential backoff for
transient errors only, a circuit breaker per target, and the kill switch.

Fallbacks are chosen by `routing.py` (it knows the route); this module only says
whether the target answered, and why not.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from typing import Any

from phaseone.errors import TargetError, TargetTimeout
from phaseone.plan.schema import CircuitBreaker as BreakerConfig
from phaseone.plan.schema import Resilience
from phaseone.store.settings import kill_switch_on
from phaseone.targets.base import Target, TargetResponse
from phaseone.targets.retry import Backoff, call_with_retries

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
STATE_VALUE = {CLOSED: 0, HALF_OPEN: 1, OPEN: 2}


class CircuitOpenError(Exception):
    """The breaker is open: the target is not called at all."""


class CircuitBreaker:
    """Closed → (``failure_threshold`` consecutive failures) → open → (``reset_after_s``)
    → half-open: one trial call; success closes it, failure opens it again."""

    def __init__(self, config: BreakerConfig) -> None:
        self.threshold = config.failure_threshold
        self.reset_after_s = config.reset_after_s
        self.state = CLOSED
        self.failures = 0
        self._opened_at = 0.0
        self._trial_running = False

    def allow(self) -> bool:
        if self.state == CLOSED:
            return True
        if self.state == OPEN:
            if time.monotonic() - self._opened_at < self.reset_after_s:
                return False
            self.state = HALF_OPEN
            self._trial_running = False
        if self._trial_running:
            return False
        self._trial_running = True
        return True

    def success(self) -> None:
        self.failures = 0
        self._trial_running = False
        self.state = CLOSED

    def release(self) -> None:
        """The trial call ended without a verdict on the target (the request was
        cancelled, or failed on something of its own): the next request may try."""
        self._trial_running = False

    def failure(self) -> None:
        self._trial_running = False
        self.failures += 1
        if self.state == HALF_OPEN or self.failures >= self.threshold:
            self.state = OPEN
            self._opened_at = time.monotonic()


#: The longest wait a target's Retry-After header can ask for between two attempts.
RETRY_AFTER_CAP_S = 30.0


def longest_call_s(config: Resilience) -> float:
    """The longest `call_resilient` can take: every attempt times out and every wait
    between attempts is at its longest. Budget reservations are held for a multiple of
    this (a request still running cannot lose its reservation)."""
    waits = sum(
        max(1.5 * config.backoff_base_s * 2.0**a, RETRY_AFTER_CAP_S) for a in range(config.retries)
    )
    longest = (config.retries + 1) * config.timeout_s + waits
    return float(longest if config.deadline_s is None else min(longest, config.deadline_s))


async def call_resilient(
    target: Target,
    input: Any,
    config: Resilience,
    breaker: CircuitBreaker | None,
    *,
    case: Any = None,
) -> tuple[TargetResponse, int]:
    """Call `target` with timeout and retries; returns (response, retries used).

    `config.deadline_s` bounds all attempts together: the last attempt is cut short at
    the deadline and no retry waits past it.

    Raises `CircuitOpenError` when the breaker refuses, else the last `TargetError`.
    """
    # A target that times its own calls at least as strictly (the http and openai targets,
    # whose aiohttp timeout the guard lowers to `timeout_s`) needs no second timer.
    own = getattr(target, "timeout_s", None)
    enforced = isinstance(own, int | float) and own <= config.timeout_s
    deadline_s = config.deadline_s
    deadline = None if deadline_s is None else time.monotonic() + deadline_s

    async def attempt() -> TargetResponse:
        if breaker is not None and not breaker.allow():
            raise CircuitOpenError(getattr(target, "label", "target"))
        limit = config.timeout_s
        if deadline is not None:
            limit = min(limit, deadline - time.monotonic())
        try:
            if limit <= 0:
                raise TimeoutError
            if enforced and limit >= config.timeout_s:
                resp = await target.call(input, case=case)
            else:
                async with asyncio.timeout(limit):
                    resp = await target.call(input, case=case)
        except TimeoutError:
            err: TargetError = TargetTimeout(
                f"no answer within {config.timeout_s:g}s"
                if limit >= config.timeout_s
                else f"no answer before the deadline of {deadline_s:g}s (resilience.deadline_s)"
            )
        except TargetError as exc:
            err = exc
        except BaseException:  # cancelled, or a bug: never leave a half-open trial taken
            if breaker is not None:
                breaker.release()
            raise
        else:
            if breaker is not None:
                breaker.success()
            return resp
        if breaker is not None:
            breaker.failure()
        raise err

    def before_deadline(_err: TargetError, delay: float) -> bool:
        """No retry that could not start before the deadline."""
        return deadline is None or time.monotonic() + delay < deadline

    backoff = Backoff(config.backoff_base_s, jitter=(0.5, 1.5), retry_after_cap_s=RETRY_AFTER_CAP_S)
    return await call_with_retries(attempt, config.retries, backoff, may_retry=before_deadline)


#: How long a kill-switch reading is reused before the next request reads it again.
KILL_SWITCH_TTL_S = 0.5
#: A request that finds the reading this close to `KILL_SWITCH_TTL_S` starts the next read
#: in the background and goes on with the current one (still younger than the TTL). Under
#: steady traffic (one request per 0.1 s or more) the reading is then renewed before it goes
#: stale and no request waits for the database; without it one request per TTL did (at 200
#: req/s that was the 99th percentile: a read of ~1-3.5 ms of CPU when run cold).
KILL_SWITCH_REFRESH_AHEAD_S = 0.1
#: Longest a request waits for that read; a store that does not answer by then leaves
#: the last known value in force (a blip must not stall traffic).
KILL_SWITCH_READ_WAIT_S = 1.0


class KillSwitch:
    """The project's kill switch from the store's `settings`, cached for `ttl_s`.

    A reading younger than `ttl_s` is used as it is: under load no request touches the
    database for it. A request that finds the reading older than that waits for a new
    one (`stale` / `reread`; one read on a worker thread, shared by every request that
    arrives while it runs), so on a gateway idle for `ttl_s` the very first request
    after the switch is turned on is already served by the fallback. The bound that
    remains under load: a request may use a reading taken up to `ttl_s` (plus one read)
    before it starts, so requests in the first `ttl_s` after the flip may still go to
    the primary. A request that finds the reading older than `ttl_s − ahead_s` starts the
    next read in the background (`is_on`), so under steady traffic no request waits for
    one: at most one database read per `ttl_s − ahead_s` per gateway instance.
    """

    _pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="p1-kill")

    def __init__(
        self,
        store: Any,
        project: str,
        *,
        ttl_s: float = KILL_SWITCH_TTL_S,
        ahead_s: float = KILL_SWITCH_REFRESH_AHEAD_S,
        enabled: bool = True,
    ) -> None:
        self.store = store
        self.project = project
        self.ttl_s = ttl_s
        #: Age from which a request starts the next read without waiting for it.
        self.renew_s = max(0.0, ttl_s - ahead_s)
        self.enabled = enabled and store is not None
        self._value = False
        self._read_at = 0.0
        self._pending: concurrent.futures.Future[None] | None = None
        if self.enabled:
            self.refresh()

    def refresh(self) -> None:
        try:
            self._value = kill_switch_on(self.store, self.project)
        except Exception:  # keep the last known value if the store blips
            pass
        self._read_at = time.monotonic()

    def stale(self) -> bool:
        """The cached reading is older than `ttl_s`: the next request should `reread`."""
        return self.enabled and time.monotonic() - self._read_at > self.ttl_s

    async def reread(self) -> None:
        """Read the switch again (or join the read in progress) without blocking the loop;
        give up after KILL_SWITCH_READ_WAIT_S and keep the last value."""
        if self._pending is None or self._pending.done():
            self._pending = self._pool.submit(self.refresh)
        await asyncio.wait([asyncio.wrap_future(self._pending)], timeout=KILL_SWITCH_READ_WAIT_S)

    def is_on(self) -> bool:
        """The cached reading; one about to go stale (or stale) also starts a refresh in
        the background, so the requests after this one find a fresh reading."""
        if not self.enabled:
            return False
        value = self._value  # this request's answer, whatever the read started below does
        if time.monotonic() - self._read_at > self.renew_s and (
            self._pending is None or self._pending.done()
        ):
            self._pending = self._pool.submit(self.refresh)
        return value
