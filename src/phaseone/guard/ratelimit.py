"""Rate limits: a token bucket per key (refill `requests_per_minute`/60 per second, up to
`burst`). Same three backends as budgets: memory, the store's database (row lock),
Redis (one Lua script, timed by the Redis server's clock so instances agree).

With `tokens_per_minute`, a second bucket per key counts model tokens: a request needs one
token of room to start, and its real usage (prompt + answer) is taken after the call,
into debt if need be, so the key waits until the bucket refills. What a key can exceed
the limit by is the usage of the requests it has in flight at once."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Protocol

from phaseone.guard.budget import BackendUnavailable
from phaseone.guard.budget_redis import redis_client
from phaseone.guard.refusals import RateLimited, Unavailable
from phaseone.plan.schema import Controls
from phaseone.store.database import Store
from phaseone.store.keys import KeyRecord
from phaseone.store.locking import DatabaseUnavailable
from phaseone.store.rate_buckets import Bucket, take_from_bucket

log = logging.getLogger("phaseone.guard")


class RateBackend(Protocol):
    async def take(
        self, key: str, rate_per_s: float, burst: int, cost: float = 1.0, debt: bool = False
    ) -> float:
        """Take `cost` tokens; 0.0 when allowed, else seconds until they are available.
        With `debt`, always take them (the bucket may go below zero) and return 0.0."""
        ...

    async def aclose(self) -> None: ...


def take_token(
    tokens: float,
    elapsed_s: float,
    rate_per_s: float,
    burst: int,
    cost: float = 1.0,
    debt: bool = False,
) -> tuple[float, float]:
    """The token bucket's rule: refill for `elapsed_s` (up to `burst`), then take `cost`.
    Returns (tokens left, 0.0) when they were taken, else (tokens, seconds until they are
    there). With `debt` they are always taken, the bucket going below zero if need be."""
    tokens = min(float(burst), tokens + max(0.0, elapsed_s) * rate_per_s)
    if debt or tokens >= cost:
        return tokens - cost, 0.0
    return tokens, (cost - tokens) / rate_per_s


class MemoryRate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._b: dict[str, list[float]] = {}  # [tokens, last monotonic]

    async def take(
        self, key: str, rate_per_s: float, burst: int, cost: float = 1.0, debt: bool = False
    ) -> float:
        now = time.monotonic()
        with self._lock:
            b = self._b.get(key)
            if b is None:
                b = self._b[key] = [float(burst), now]
            b[0], wait = take_token(b[0], now - b[1], rate_per_s, burst, cost, debt)
            b[1] = now
            return wait

    async def aclose(self) -> None:
        return None


class DatabaseRate:
    """The store's database: the bucket is read and written in one locked transaction
    (`store/rate_buckets.py`); the rule is `take_token`, as for `MemoryRate`."""

    def __init__(self, store: Store, prefix: str = "rate") -> None:
        self.store = store
        self.prefix = prefix

    def _take_sync(self, key: str, rate_per_s: float, burst: int, cost: float, debt: bool) -> float:
        now = time.time()

        def take(bucket: Bucket) -> tuple[Bucket, float]:
            tokens, wait = take_token(
                bucket.tokens, now - bucket.updated, rate_per_s, burst, cost, debt
            )
            return Bucket(tokens, now), wait

        return take_from_bucket(self.store, f"{self.prefix}:{key}", Bucket(float(burst), now), take)

    async def take(
        self, key: str, rate_per_s: float, burst: int, cost: float = 1.0, debt: bool = False
    ) -> float:
        try:
            return await asyncio.to_thread(self._take_sync, key, rate_per_s, burst, cost, debt)
        except DatabaseUnavailable as exc:
            raise BackendUnavailable(exc.message) from exc

    async def aclose(self) -> None:
        return None


_TAKE_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3] or 1)
local debt = ARGV[4] == '1'
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1] or burst)
local ts = tonumber(v[2] or now)
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if debt or tokens >= cost then tokens = tokens - cost else wait = (cost - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RedisRate:
    def __init__(self, url: str, *, prefix: str = "phaseone") -> None:
        self._redis = redis_client(url)
        self._take = self._redis.register_script(_TAKE_LUA)
        self.prefix = prefix

    async def take(
        self, key: str, rate_per_s: float, burst: int, cost: float = 1.0, debt: bool = False
    ) -> float:
        from redis.exceptions import RedisError

        try:
            wait = await self._take(
                keys=[f"{self.prefix}:rate:{key}"],
                args=[repr(rate_per_s), burst, repr(float(cost)), "1" if debt else "0"],
            )
        except RedisError as exc:
            raise BackendUnavailable(str(exc)) from exc
        return float(wait)

    async def aclose(self) -> None:
        await self._redis.aclose()


class RateLimits:
    """The rate-limit stage of one guard (`controls.rate_limit`): one token per request
    from the key's bucket, or a 429 that says when to retry."""

    def __init__(self, controls: Controls, store: Store | None) -> None:
        self.config = controls.rate_limit
        #: A backend that cannot answer lets requests through with `budget.fail_mode: open`.
        self.fail_open = controls.budget is not None and controls.budget.fail_mode == "open"
        self.backend: RateBackend | None = (
            rate_backend_for(controls, store) if self.config is not None else None
        )
        rl = self.config
        tpm = rl.tokens_per_minute if rl is not None else None
        #: Whether requests' tokens are counted (`spend` has work to do).
        self.counts_tokens = tpm is not None
        #: The token bucket's size: `tokens_burst`, else a minute's worth.
        self._token_burst = (
            (rl.tokens_burst or max(1, int(tpm))) if rl is not None and tpm is not None else 0
        )

    async def check(self, key: KeyRecord) -> None:
        rl = self.config
        if rl is None or self.backend is None:
            return
        rpm = key.rate_limit_rpm or rl.requests_per_minute
        wait = await self._take(key.name, rpm, rl.burst)
        if wait is None:
            return
        if wait > 0:
            raise RateLimited(
                f"rate limit of {rpm:g} requests/minute for key {key.name!r} reached",
                retry_after=wait,
            )
        tpm = rl.tokens_per_minute
        if tpm is None:
            return
        wait = await self._take("tpm:" + key.name, tpm, self._token_burst)
        if wait is not None and wait > 0:
            raise RateLimited(
                f"rate limit of {tpm:g} tokens/minute for key {key.name!r} reached",
                retry_after=wait,
                code="token_rate_limited",
            )

    async def _take(self, bucket: str, per_minute: float, burst: int) -> float | None:
        """One unit from `bucket`: the seconds to wait before it is there (0: taken). A
        backend that cannot answer refuses the request with a 503, or lets it through
        (None: nothing more to check) when the plan's `fail_mode` is open."""
        assert self.backend is not None
        try:
            return await self.backend.take(bucket, per_minute / 60.0, burst)
        except BackendUnavailable as exc:
            if self.fail_open:
                return None
            raise Unavailable(
                f"the rate-limit backend is unreachable: {exc}",
                code="rate_limit_backend_unavailable",
            ) from exc

    async def spend(self, key: KeyRecord, tokens: int | None) -> None:
        """Take a request's real usage (prompt + answer tokens) from the key's token bucket
        after the call, into debt if need be. A backend that cannot answer is logged, not
        raised: the request was answered."""
        rl = self.config
        if rl is None or rl.tokens_per_minute is None or self.backend is None or not tokens:
            return
        try:
            await self.backend.take(
                "tpm:" + key.name,
                rl.tokens_per_minute / 60.0,
                self._token_burst,
                float(tokens),
                debt=True,
            )
        except BackendUnavailable as exc:
            log.warning("could not count %d tokens for key %s: %s", tokens, key.name, exc)


def rate_backend_for(controls: Controls, store: Store | None) -> RateBackend:
    """The backend `controls.rate_limit.backend` names (else the budget's): memory, the
    store's database, or Redis."""
    rl = controls.rate_limit
    assert rl is not None
    budget = controls.budget
    backend = rl.backend or (budget.backend if budget else "memory")
    if backend == "database" and store is not None:
        return DatabaseRate(store)
    if backend == "redis":
        url = rl.redis_url or (budget.redis_url if budget else None)
        if url:
            return RedisRate(url, prefix=budget.key_prefix if budget else "phaseone")
    return MemoryRate()
