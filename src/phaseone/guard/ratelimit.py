"""Rate limits: a token bucket per key (refill `requests_per_minute`/60 per second, up to
`burst`). Same three backends as budgets: memory, the store's database (row lock),
Redis (one Lua script, timed by the Redis server's clock so instances agree)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Protocol

from sqlalchemy import select, update

from phaseone.guard.budget import BackendUnavailable
from phaseone.store.database import Store
from phaseone.store.models import RateBucket


class RateBackend(Protocol):
    async def take(self, key: str, rate_per_s: float, burst: int) -> float:
        """Take one token; 0.0 when allowed, else seconds until one is available."""
        ...

    async def aclose(self) -> None: ...


class MemoryRate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._b: dict[str, list[float]] = {}  # [tokens, last monotonic]

    async def take(self, key: str, rate_per_s: float, burst: int) -> float:
        now = time.monotonic()
        with self._lock:
            b = self._b.get(key)
            if b is None:
                b = self._b[key] = [float(burst), now]
            tokens = min(float(burst), b[0] + (now - b[1]) * rate_per_s)
            b[1] = now
            if tokens >= 1.0:
                b[0] = tokens - 1.0
                return 0.0
            b[0] = tokens
            return (1.0 - tokens) / rate_per_s

    async def aclose(self) -> None:
        return None


class DatabaseRate:
    def __init__(self, store: Store, prefix: str = "rate") -> None:
        self.store = store
        self.prefix = prefix

    def _take_sync(self, key: str, rate_per_s: float, burst: int) -> float:
        from phaseone.guard._db import insert_missing, locked_transaction

        k = f"{self.prefix}:{key}"
        now = time.time()
        with locked_transaction(self.store) as conn:
            insert_missing(
                conn,
                self.store,
                RateBucket.__table__,  # type: ignore[arg-type]
                [{"key": k, "tokens": float(burst), "updated": now}],
            )
            q = select(RateBucket.tokens, RateBucket.updated).where(RateBucket.key == k)
            if self.store.dialect == "postgresql":
                q = q.with_for_update()
            row = conn.execute(q).one()
            tokens = min(float(burst), row.tokens + max(0.0, now - row.updated) * rate_per_s)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / rate_per_s
            conn.execute(
                update(RateBucket).where(RateBucket.key == k).values(tokens=tokens, updated=now)
            )
        return wait

    async def take(self, key: str, rate_per_s: float, burst: int) -> float:
        from sqlalchemy.exc import DBAPIError

        try:
            return await asyncio.to_thread(self._take_sync, key, rate_per_s, burst)
        except DBAPIError as exc:
            raise BackendUnavailable(str(exc.orig)) from exc

    async def aclose(self) -> None:
        return None


_TAKE_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1] or burst)
local ts = tonumber(v[2] or now)
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RedisRate:
    def __init__(self, url: str, *, prefix: str = "phaseone") -> None:
        from phaseone.guard.budget import redis_client

        self._redis = redis_client(url)
        self._take = self._redis.register_script(_TAKE_LUA)
        self.prefix = prefix

    async def take(self, key: str, rate_per_s: float, burst: int) -> float:
        from redis.exceptions import RedisError

        try:
            wait = await self._take(
                keys=[f"{self.prefix}:rate:{key}"], args=[repr(rate_per_s), burst]
            )
        except RedisError as exc:
            raise BackendUnavailable(str(exc)) from exc
        return float(wait)

    async def aclose(self) -> None:
        await self._redis.aclose()
