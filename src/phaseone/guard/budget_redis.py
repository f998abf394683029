"""The Redis budget backend: one Lua script checks and reserves every scope at once.

Redis holds the counters as a cache of the spend; the store's ledger is the source of
truth it is rebuilt from when Redis loses its data (`RedisBudget`, `ledger_spend`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from phaseone.errors import MissingExtraError
from phaseone.guard.budget import (
    DEFAULT_LEASE_S,
    SWEEP_S,
    BackendUnavailable,
    LedgerSink,
    Scope,
    ledger_row,
    settle_row,
)
from phaseone.store.budget_ledger import settled_since
from phaseone.store.database import Store

log = logging.getLogger("phaseone.guard")


# KEYS come in fours per scope: the counters hash (reserved, spent), a sorted set of open
# reservations scored by expiry (ms, the Redis server's clock), a hash of their amounts,
# and the scope's "late" hash (see `RedisBudget`); then the epoch marker. ARGV: amount,
# one ceiling per scope, key TTL (s), request id, lease (ms), "1" to sweep every scope's
# expired reservations first (else only when short of room), and the epoch this process
# knows ("" when it keeps no ledger to rebuild from: then the marker is not looked at).
# Returns {over scope index or 0, remaining per scope, {scope index, request id, amount}…
# of the reservations given back}; {-1} when the marker is gone (Redis lost its data),
# {-2, {epoch}} when it is not the one this process knows (another gateway rebuilt).
_RESERVE_LUA = """
local n = (#KEYS - 1) / 4
local amount = tonumber(ARGV[1])
local ttl = tonumber(ARGV[n + 2])
local rid = ARGV[n + 3]
local known = ARGV[n + 6]
if known ~= '' then
  local e = redis.call('GET', KEYS[#KEYS])
  if not e then return {-1, {}, {}} end
  if e ~= known then return {-2, {e}, {}} end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HEXISTS', KEYS[3], rid) == 1 then
  -- already reserved: this is a client's retry after a lost reply; reserve nothing twice
  local left = {}
  for i = 1, n do
    local v = redis.call('HMGET', KEYS[4 * i - 3], 'reserved', 'spent')
    left[i] = tostring(tonumber(ARGV[i + 1]) - tonumber(v[1] or '0') - tonumber(v[2] or '0'))
  end
  return {0, left, {}}
end
local function over(i)
  local v = redis.call('HMGET', KEYS[4 * i - 3], 'reserved', 'spent')
  return tonumber(v[1] or '0') + tonumber(v[2] or '0') + amount > tonumber(ARGV[i + 1]) + 1e-9
end
local expired = {}
local function reclaim(i)
  local z, h = KEYS[4 * i - 2], KEYS[4 * i - 1]
  local gone = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  local total = 0
  for _, id in ipairs(gone) do
    local amt = redis.call('HGET', h, id) or '0'
    total = total + tonumber(amt)
    redis.call('HDEL', h, id)
    redis.call('ZREM', z, id)
    table.insert(expired, i)
    table.insert(expired, id)
    table.insert(expired, amt)
  end
  if #gone > 0 then redis.call('HINCRBYFLOAT', KEYS[4 * i - 3], 'reserved', -total) end
  return #gone
end
if ARGV[n + 5] == '1' then
  for i = 1, n do reclaim(i) end
end
for i = 1, n do
  if over(i) and (reclaim(i) == 0 or over(i)) then return {i, {}, expired} end
end
local left = {}
for i = 1, n do
  local k, z, h = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1]
  local r = redis.call('HINCRBYFLOAT', k, 'reserved', amount)
  redis.call('ZADD', z, now + tonumber(ARGV[n + 4]), rid)
  redis.call('HSET', h, rid, ARGV[1])
  for _, key in ipairs({k, z, h}) do redis.call('EXPIRE', key, ttl) end
  local s = tonumber(redis.call('HGET', k, 'spent') or '0')
  left[i] = tostring(tonumber(ARGV[i + 1]) - tonumber(r) - s)
end
return {0, left, expired}
"""
# KEYS as for reserve, then the set of request ids settled since the marker went missing.
# ARGV: reserved, actual, request id, key TTL (s), "1" when this process rebuilds from a
# ledger. A reservation already reclaimed (expired) is not released twice. While the
# marker is missing (Redis lost its data and the counters are not rebuilt yet) the
# settle is also noted in the scope's "late" hash, so the rebuild can tell it apart from
# the same request's ledger row and count it exactly once.
_SETTLE_LUA = """
local n = (#KEYS - 2) / 4
local ttl = tonumber(ARGV[4])
local lost = ARGV[5] == '1' and redis.call('EXISTS', KEYS[#KEYS - 1]) == 0
for i = 1, n do
  local k, z, h, l = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1], KEYS[4 * i]
  if redis.call('ZREM', z, ARGV[3]) == 1 then
    redis.call('HDEL', h, ARGV[3])
    redis.call('HINCRBYFLOAT', k, 'reserved', -tonumber(ARGV[1]))
  end
  redis.call('HINCRBYFLOAT', k, 'spent', tonumber(ARGV[2]))
  redis.call('EXPIRE', k, ttl)
  if lost then
    redis.call('HSET', l, ARGV[3], ARGV[2])
    redis.call('EXPIRE', l, ttl)
  end
end
if lost then
  redis.call('HSET', KEYS[#KEYS], ARGV[3], '1')
  redis.call('EXPIRE', KEYS[#KEYS], ttl)
end
return 0
"""
# Re-register one open reservation after Redis lost it (KEYS as for reserve, without the
# marker; ARGV: amount, request id, lease (ms), key TTL (s)). A reservation Redis still
# holds is left alone, so this can run any number of times.
_ADOPT_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS / 4 do
  local k, z, h = KEYS[4 * i - 3], KEYS[4 * i - 2], KEYS[4 * i - 1]
  if redis.call('HEXISTS', h, ARGV[2]) == 0 then
    redis.call('HINCRBYFLOAT', k, 'reserved', tonumber(ARGV[1]))
    redis.call('ZADD', z, now + tonumber(ARGV[3]), ARGV[2])
    redis.call('HSET', h, ARGV[2], ARGV[1])
    for _, key in ipairs({k, z, h}) do redis.call('EXPIRE', key, tonumber(ARGV[4])) end
  end
end
return 0
"""
# The rebuild's last step, atomic. KEYS: (counters hash, late hash) per scope, then the
# late-ids hash, the marker and the rebuild lock. ARGV: the ledger's spend per scope
# (without requests settled since the marker went missing), the new epoch, the lock
# token, key TTL (s). Each counter becomes the ledger's spend plus what settled since;
# a counter already higher (Redis kept its data and lost only the marker) is kept.
_REBUILD_LUA = """
local m = (#KEYS - 3) / 2
if redis.call('GET', KEYS[#KEYS]) ~= ARGV[m + 2] then return 0 end
local ttl = tonumber(ARGV[m + 3])
for i = 1, m do
  local k, l = KEYS[2 * i - 1], KEYS[2 * i]
  local want = tonumber(ARGV[i])
  for _, v in ipairs(redis.call('HVALS', l)) do want = want + tonumber(v) end
  local have = tonumber(redis.call('HGET', k, 'spent') or '0')
  if want > have then redis.call('HINCRBYFLOAT', k, 'spent', want - have) end
  redis.call('HSETNX', k, 'reserved', '0')
  redis.call('EXPIRE', k, ttl)
  redis.call('DEL', l)
end
redis.call('DEL', KEYS[#KEYS - 2])
redis.call('SET', KEYS[#KEYS - 1], ARGV[m + 1])
redis.call('DEL', KEYS[#KEYS])
return 1
"""
#: Seconds a Redis key of a budget scope lives after its last write (a month and more).
KEY_TTL_S = 40 * 86400
#: Seconds one gateway may hold the rebuild lock (beyond the grace) before another may try.
REBUILD_LOCK_S = 120.0


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def redis_client(url: str) -> Any:
    """An asyncio Redis client whose pool makes callers wait for a connection (at most
    64 per process) instead of failing with "Too many connections" under bursts."""
    import redis.asyncio as aioredis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError

    pool = aioredis.BlockingConnectionPool.from_url(
        url,
        max_connections=64,
        timeout=5.0,
        socket_timeout=2.0,
        socket_connect_timeout=2.0,
        # A pooled connection idle this long is checked (PING) before use: one Redis
        # restart or proxy idle timeout must not cost a 503 per dead connection.
        health_check_interval=5,
        socket_keepalive=True,
        # ... nor a connection that died since: one retry on a fresh connection (the
        # reserve script is idempotent per request id, so a retry reserves nothing twice).
        retry=Retry(NoBackoff(), 1),
        retry_on_error=[RedisConnectionError],
    )
    return aioredis.Redis(connection_pool=pool)


@dataclass(frozen=True)
class LedgerSource:
    """The store's `budget_ledger`, which a Redis backend rebuilds its counters from.

    Args:
        store: the store the gateway's trace writer writes ledger rows to.
        flush: the trace writer's ``flush``: this process's settled requests reach the
            ledger before the rebuild reads it.
    """

    store: Store
    flush: Callable[[], object] | None = None


def ledger_spend(
    store: Store, now: dt.datetime, skip: Sequence[str] = ()
) -> dict[tuple[str, str], float]:
    """Spend per (scope, period) of the day and the month of `now`, summed from the ledger.

    Rows of the memory and Redis backends name their scopes in one row
    (``project:a,project:a,key:k`` with ``d,m,d``, see `settle_row`) and are dated by
    their settlement; a request reserved before midnight and settled after it is counted
    in the new day too, which errs on the side of refusing. Rows of the database backend
    carry one scope and its exact period. Requests whose id is in `skip` are left out
    (the rebuild counts them from Redis).
    """
    day = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    labels = {"d": f"d:{day:%Y-%m-%d}", "m": f"m:{month:%Y-%m}"}
    totals: dict[tuple[str, str], float] = {}
    for kind, since in (("m", month), ("d", day)):
        label = labels[kind]
        for row in settled_since(store, since, skip):
            if ":" in row.periods:  # the database backend: one scope, its exact period
                if row.periods == label:
                    totals[(row.scopes, label)] = totals.get((row.scopes, label), 0.0) + row.amount
                continue
            for name, k in zip(row.scopes.split(","), row.periods.split(","), strict=False):
                if k == kind and name:
                    totals[(name, label)] = totals.get((name, label), 0.0) + row.amount
    return totals


class RedisBudget:
    """Redis: ONE Lua script checks and reserves all scopes atomically.

    Reservations expire after `lease_s` like the database backend's, timed by the Redis
    server's clock so every gateway agrees, and are swept every `sweep_s` the same way.

    Redis is a cache of the spend; the store's ledger is its source of truth. A Redis that
    restarts without persistence comes back empty, and counting from zero would admit a
    second day's worth of spend. So, given a `source`, the backend keeps an *epoch
    marker* key in Redis, and every reserve checks it in the same script: when it is gone,
    nothing is admitted until the counters are rebuilt:

    1. every gateway process that notices (at its next reserve, or its watcher within
       `check_s`) flushes its trace writer and re-registers the reservations it has open;
    2. one of them (a Redis lock) waits `grace_s` for the others to do so, reads the
       ledger's spend for the day and month, adds what settled since the marker went
       missing (noted in Redis by the settle script, so nothing counts twice), writes the
       counters and a new marker in one script, and logs it;
    3. the others see the new marker and carry on. If the ledger cannot be read, requests
       are refused (`BackendUnavailable`: a 503 when the budget fails closed) and the error
       is logged, until it can.

    Requests waiting meanwhile wait at most `recover_wait_s`.
    """

    #: Seconds between two sweeps of expired reservations by one process.
    sweep_s = SWEEP_S

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "phaseone",
        ledger: LedgerSink | None = None,
        lease_s: float = DEFAULT_LEASE_S,
        source: LedgerSource | None = None,
        check_s: float = 1.0,
        grace_s: float = 3.0,
        recover_wait_s: float = 30.0,
    ) -> None:
        try:
            import redis.asyncio  # noqa: F401
        except ImportError as exc:  # pragma: no cover - redis is in the dev extra
            raise MissingExtraError("the redis budget backend", "redis", "redis") from exc
        self._redis = redis_client(url)
        self._reserve = self._redis.register_script(_RESERVE_LUA)
        self._settle = self._redis.register_script(_SETTLE_LUA)
        self._adopt = self._redis.register_script(_ADOPT_LUA)
        self._rebuild = self._redis.register_script(_REBUILD_LUA)
        self.prefix = prefix
        self.lease_s = lease_s
        self._ledger = ledger
        self._next_sweep = 0.0
        self.source = source
        self.check_s = check_s
        self.grace_s = grace_s
        self.recover_wait_s = recover_wait_s
        self._epoch_key = f"{prefix}:budget:epoch"
        self._lock_key = f"{prefix}:budget:rebuild"
        self._late_key = f"{prefix}:budget:late"
        self._epoch: str | None = None  # the marker this process last saw
        #: request id → (scopes, amount) of this process's open reservations
        self._open: dict[str, tuple[Sequence[Scope], float]] = {}
        self._recovering: asyncio.Lock | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._closed = False
        #: How many times this process rebuilt the counters (tests, logs).
        self.rebuilds = 0

    def _base(self, s: Scope) -> str:
        return f"{self.prefix}:budget:{s.scope}:{s.period}"

    def _keys(self, scopes: Sequence[Scope]) -> list[str]:
        keys = []
        for s in scopes:
            base = self._base(s)
            keys += [base, base + ":res", base + ":amt", base + ":late"]
        return keys

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        from redis.exceptions import RedisError

        keys = [*self._keys(scopes), self._epoch_key]
        try:
            if self.source is not None:
                self._watch()
                if self._epoch is None:
                    await self._recover()
            for _ in range(3):
                args: list[str | int] = [
                    repr(amount),
                    *[repr(s.ceiling) for s in scopes],
                    KEY_TTL_S,
                    request_id,
                    int(self.lease_s * 1000),
                    "1" if self._sweep_due() else "0",
                    (self._epoch or "") if self.source is not None else "",
                ]
                idx, left, expired = await self._reserve(keys=keys, args=args)
                if int(idx) >= 0:
                    break
                await self._recover()
            else:
                raise BackendUnavailable("the budget counters are being rebuilt; try again")
        except RedisError as exc:
            raise BackendUnavailable(str(exc)) from exc
        if expired and self._ledger:  # as the database backend records them
            for j in range(0, len(expired), 3):
                i, rid, amt = expired[j : j + 3]
                self._ledger(ledger_row(_text(rid), scopes[int(i) - 1], "expire", float(amt)))
        if int(idx):
            return scopes[int(idx) - 1], {}
        if self.source is not None:
            self._open[request_id] = (tuple(scopes), amount)
        return None, {s.label: float(v) for s, v in zip(scopes, left, strict=True)}

    def _sweep_due(self) -> bool:
        now = time.monotonic()
        if now < self._next_sweep:
            return False
        self._next_sweep = now + self.sweep_s
        return True

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        self._open.pop(request_id, None)
        try:
            await self._settle(
                keys=[*self._keys(scopes), self._epoch_key, self._late_key],
                args=[
                    repr(reserved),
                    repr(actual),
                    request_id,
                    KEY_TTL_S,
                    "1" if self.source is not None else "0",
                ],
            )
        finally:
            # After the script (see `_rebuild_from_ledger`), and even when Redis is away:
            # the spend is then in the ledger, which a rebuild reads.
            if self._ledger:
                self._ledger(settle_row(request_id, scopes, actual))

    # -- when Redis lost its data ---------------------------------------------------

    def _watch(self) -> None:
        """Start the watcher of the epoch marker on this event loop (once)."""
        if not self._closed and (self._watcher is None or self._watcher.done()):
            self._watcher = asyncio.get_running_loop().create_task(self._watch_loop())

    async def _watch_loop(self) -> None:
        """Notice a lost marker within `check_s` even while this process reserves
        nothing, so its open reservations are re-registered before the rebuild counts."""
        while not self._closed:
            await asyncio.sleep(self.check_s)
            try:
                seen = await self._redis.get(self._epoch_key)
                if seen is None or _text(seen) != self._epoch:
                    await self._recover()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis away: the next reserve reports it
                log.debug("budget epoch check failed: %s", exc)

    async def _recover(self) -> None:
        """Bring this process in line with Redis's marker, rebuilding the counters from
        the ledger when the marker is gone (see the class docstring)."""
        if self._recovering is None:
            self._recovering = asyncio.Lock()
        async with self._recovering:
            seen = await self._redis.get(self._epoch_key)
            if seen is not None and _text(seen) == self._epoch:
                return  # another coroutine of this process has just done it
            if seen is not None:
                await self._adopt_open(_text(seen))
                return
            if self.source is None:  # pragma: no cover - reserve checks the marker only with one
                raise BackendUnavailable("Redis lost the budget counters and there is no ledger")
            log.warning(
                "Redis has no budget epoch marker (%s): it restarted without persistence, was"
                " flushed, or is new; budgets wait for a rebuild from the store's ledger",
                self._epoch_key,
            )
            if self.source.flush is not None:
                try:
                    await asyncio.to_thread(self.source.flush)
                except Exception as exc:  # its rows are then written by its own schedule
                    log.warning("could not flush the trace writer before the rebuild: %s", exc)
            await self._adopt_open(None)
            deadline = time.monotonic() + self.recover_wait_s
            token = uuid.uuid4().hex
            # Long enough for a month of ledger to be summed; a rebuilder that dies holds
            # the others back (503s) no longer than this.
            lock_ms = int((self.grace_s + REBUILD_LOCK_S) * 1000)
            while True:
                if await self._redis.set(self._lock_key, token, nx=True, px=lock_ms):
                    try:
                        await self._rebuild_from_ledger(token)
                    finally:
                        if await self._redis.get(self._lock_key) == token.encode():
                            await self._redis.delete(self._lock_key)
                    return
                await asyncio.sleep(0.05)
                seen = await self._redis.get(self._epoch_key)
                if seen is not None:
                    await self._adopt_open(_text(seen))
                    log.info("budget counters were rebuilt by another gateway process")
                    return
                if time.monotonic() > deadline:
                    raise BackendUnavailable(
                        f"the budget counters were not rebuilt within {self.recover_wait_s:g} s"
                    )

    async def _adopt_open(self, epoch: str | None) -> None:
        """Re-register this process's open reservations (idempotent), then take `epoch`."""
        for rid, (scopes, amount) in list(self._open.items()):
            if rid in self._open:  # not settled meanwhile
                await self._adopt(
                    keys=self._keys(scopes),
                    args=[repr(amount), rid, int(self.lease_s * 1000), KEY_TTL_S],
                )
        if epoch is not None:
            self._epoch = epoch

    async def _rebuild_from_ledger(self, token: str) -> None:
        assert self.source is not None
        await asyncio.sleep(self.grace_s)  # the other processes flush and re-register
        # Ids settled since the marker went missing, read BEFORE the ledger: one that
        # settles in between is then counted twice at worst, never missed.
        late = [_text(r) for r in await self._redis.hkeys(self._late_key)]
        now = dt.datetime.now(dt.UTC)
        try:
            spend = await asyncio.to_thread(ledger_spend, self.source.store, now, late)
        except Exception as exc:
            log.error(
                "Redis lost the budget counters and the ledger cannot be read (%s): budget"
                " requests are refused until it can",
                exc,
            )
            raise BackendUnavailable(
                f"Redis lost the budget counters and the ledger cannot be read: {exc}"
            ) from exc
        keys: list[str] = []
        for scope, period in spend:
            base = f"{self.prefix}:budget:{scope}:{period}"
            keys += [base, base + ":late"]
        epoch = uuid.uuid4().hex
        done = await self._rebuild(
            keys=[*keys, self._late_key, self._epoch_key, self._lock_key],
            args=[*[repr(v) for v in spend.values()], epoch, token, KEY_TTL_S],
        )
        if not int(done):
            raise BackendUnavailable("the budget rebuild lost its lock; try again")
        self._epoch = epoch
        self.rebuilds += 1
        log.warning(
            "budget counters rebuilt from the ledger (%s), plus %d request(s) settled"
            " meanwhile counted from Redis; epoch %s",
            ", ".join(f"{s} {p} {v:.6g}" for (s, p), v in sorted(spend.items())) or "no spend",
            len(late),
            epoch,
        )

    async def ping(self) -> None:
        """Raise if Redis does not answer (`/healthz`)."""
        await self._redis.ping()

    async def aclose(self) -> None:
        # The flag as well as the cancel: the Redis client may turn a cancellation that
        # hits it mid-command into an error, which the watcher's loop would outlive.
        self._closed = True
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError, RuntimeError):
                await self._watcher
            self._watcher = None
        await self._redis.aclose()


def persistence_warning(url: str) -> str | None:
    """What `phaseone serve` should say about the Redis at `url` keeping budgets across a
    restart, or None when it persists (RDB snapshots or an append-only file).

    Without persistence a restart empties Redis; the Redis backend then rebuilds its
    counters from the store's ledger (requests wait for it), but a deployment should not
    rely on that alone. CONFIG may be disabled or renamed (managed Redis): then say so."""
    import redis
    from redis.exceptions import RedisError, ResponseError

    client = redis.Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
    try:
        save = _text(client.config_get("save").get("save") or "")
        aof = _text(client.config_get("appendonly").get("appendonly") or "no")
    except ResponseError as exc:
        return (
            f"cannot tell whether Redis persists its data (CONFIG GET refused: {exc}); make"
            " sure it does (appendonly yes), see docs/deployment.md"
        )
    except RedisError as exc:
        return f"Redis is unreachable ({exc}); budget requests are refused until it is"
    finally:
        client.close()
    if aof == "yes" or save.strip():
        return None
    return (
        'Redis keeps no persistence (save "", appendonly no): a restart empties it and'
        " budgets are rebuilt from the store's ledger while requests wait; set"
        " `appendonly yes` (see docs/deployment.md)"
    )
