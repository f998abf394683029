"""Budgets: reserve the worst-case cost before the call, settle to the actual cost after.

A request touches several scopes at once — the project's day and month, the key's
day — and is admitted only if its reservation fits under EVERY ceiling; the check and
the reservation are one atomic step across all scopes, so ``spent + reserved`` never
exceeds a ceiling, whatever the concurrency and however many gateway instances run.
Backends: ``memory`` (one process, a lock), ``database`` (one transaction with row
locks; see `_db`), ``redis`` (one Lua script). A process killed between reserve and
settle leaves its reservation counted until its lease ends (twice the longest a request
can take), never longer: the first request that would be refused for it then gives it
back. Amounts are in the plan's currency.
Shadow calls count against the project's ceilings, not the caller's key (see
`Guard._reserve_shadow`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import delete, select, update

from phaseone.plan.components import Price
from phaseone.store.database import Store
from phaseone.store.models import BudgetCounter, BudgetEntry, BudgetReservation

EPS = 1e-9
#: Seconds between sweeps of expired reservations (shared backends), per process.
SWEEP_S = 60.0
#: How long a reservation of a shared backend is held when the caller sets no lease.
DEFAULT_LEASE_S = 600.0


class BackendUnavailable(Exception):
    """The shared budget / rate-limit backend could not be reached."""


@dataclass(frozen=True)
class Scope:
    """One ceiling a request counts against, e.g. project ``inbox`` on ``d:2026-11-26``."""

    scope: str
    period: str
    ceiling: float
    #: ``project:d``, ``project:m``, ``key:d`` — the metrics label (derived).
    label: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.label:
            label = f"{self.scope.split(':', 1)[0]}:{self.period.split(':', 1)[0]}"
            object.__setattr__(self, "label", label)


#: Tokens a chat format adds around each message (role markers, separators) and to prime
#: the answer: OpenAI's counting guide gives 3–4 per message and 3 for the reply; 8 each
#: leaves room for other formats.
MESSAGE_OVERHEAD_TOKENS = 8


def max_tokens_of(text: str) -> int:
    """An upper bound of the tokens `text` can be billed as: its UTF-8 length in bytes.

    Byte-level BPE tokenizers (GPT, Llama 3, Claude…) and SentencePiece with byte fallback
    never make a token of less than one byte. The usual "4 characters a token" is an
    average, not a bound — code, numbers and non-English text cost far more — and a
    reservation below the real cost would let spend cross a ceiling."""
    return len(text.encode("utf-8"))


def estimate_max_cost(price: Price, input_tokens: int, max_output_tokens: int) -> float:
    """Worst case: at most `input_tokens` in (a bound, see `max_tokens_of`) and the whole
    output allowance out."""
    cost = price.per_call
    if price.per_1k_input_tokens:
        cost += input_tokens / 1000 * price.per_1k_input_tokens
    if price.per_1k_output_tokens:
        cost += max_output_tokens / 1000 * price.per_1k_output_tokens
    return cost


LedgerSink = Callable[[dict[str, Any]], None]


def _ledger(
    request_id: str, s: Scope, action: str, amount: float, at: dt.datetime | None = None
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "scope": s.scope,
        "period": s.period,
        "action": action,
        "amount": amount,
        "created_at": at or dt.datetime.now(dt.UTC),
    }


def _settle_row(request_id: str, scopes: Sequence[Scope], actual: float) -> dict[str, Any]:
    """The memory and Redis backends write ONE ledger row per request, at settlement,
    naming every scope it counted against (the reservation itself lives only in the
    backend). The database backend writes reserve and settle rows per scope, in the
    same transaction as the counters."""
    return {
        "request_id": request_id,
        "scope": ",".join(s.scope for s in scopes)[:200],
        "period": ",".join(s.period.split(":", 1)[0] for s in scopes)[:20],
        "action": "settle" if actual else "release",
        "amount": actual,
        "created_at": dt.datetime.now(dt.UTC),
    }


def _first_over(
    ordered: Sequence[Scope], rows: dict[tuple[str, str], tuple[float, float]], amount: float
) -> Scope | None:
    for s in ordered:
        reserved, spent = rows[(s.scope, s.period)]
        if reserved + spent + amount > s.ceiling + EPS:
            return s
    return None


class BudgetBackend(Protocol):
    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        """Reserve `amount` in every scope, or in none. Returns (the scope that did not fit
        or None, remaining per scope label after the reservation)."""
        ...

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        """Turn a reservation into spend: release `reserved`, add `actual`."""
        ...

    async def aclose(self) -> None: ...


class MemoryBudget:
    """One process: a dict and a lock. Ledger rows go to the trace writer.

    Open reservations are remembered by request id, as the shared backends do, so a
    settle releases only what its reserve took: a second settle, or one for a request
    that never reserved, adds its spend and gives nothing back."""

    def __init__(self, ledger: LedgerSink | None = None) -> None:
        self._lock = threading.Lock()
        self._c: dict[tuple[str, str], list[float]] = {}  # [reserved, spent]
        self._open: dict[str, float] = {}  # request id → amount reserved in each scope
        self._ledger = ledger
        self._newest: dict[str, str] = {}  # period kind ("d", "m") → newest period seen

    def _forget_past(self, scopes: Sequence[Scope]) -> None:
        """Drop the counters of days and months that are over, once a newer one is seen:
        a long-running gateway with many keys otherwise keeps every day it has served."""
        newer = False
        for s in scopes:
            kind = s.period[:1]
            if s.period > self._newest.get(kind, ""):
                self._newest[kind] = s.period
                newer = True
        if newer:
            for cell in [c for c in self._c if c[1] < self._newest.get(c[1][:1], "")]:
                del self._c[cell]

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        with self._lock:
            self._forget_past(scopes)
            cells = [self._c.setdefault((s.scope, s.period), [0.0, 0.0]) for s in scopes]
            for s, c in zip(scopes, cells, strict=True):
                if c[0] + c[1] + amount > s.ceiling + EPS:
                    return s, {}
            remaining = {}
            for s, c in zip(scopes, cells, strict=True):
                c[0] += amount
                remaining[s.label] = s.ceiling - c[0] - c[1]
            self._open[request_id] = amount
        return None, remaining

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        with self._lock:
            held = self._open.pop(request_id, None)
            release = min(reserved, held) if held is not None else 0.0
            for s in scopes:
                c = self._c.setdefault((s.scope, s.period), [0.0, 0.0])
                c[0] = max(0.0, c[0] - release)
                c[1] += actual
        if self._ledger:
            self._ledger(_settle_row(request_id, scopes, actual))

    def spent(self, scope: str, period: str) -> tuple[float, float]:
        r, s = self._c.get((scope, period), [0.0, 0.0])
        return r, s

    async def aclose(self) -> None:
        return None


class DatabaseBudget:
    """The store's database: one transaction per reserve, row locks in scope order.

    Every reservation is also a row of `budget_reservations` that expires after `lease_s`
    (the guard sets twice the longest a request can take). A gateway killed between
    reserve and settle leaves its rows behind; once expired they are given back by the
    first request that would otherwise be refused for them, so a crash costs the
    ceiling for one lease, not for the rest of the month. Each process also sweeps the
    scopes it reserves in every `sweep_s`, so the remaining budget it reports (the
    Prometheus gauge) stops counting a dead reservation soon after its lease ends."""

    #: Seconds between two sweeps of expired reservations by one process.
    sweep_s = SWEEP_S

    def __init__(
        self, store: Store, lease_s: float = DEFAULT_LEASE_S, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.lease_s = lease_s
        self._clock = clock
        self._next_sweep = 0.0

    def _counters(
        self, conn: Any, ordered: Sequence[Scope]
    ) -> dict[tuple[str, str], tuple[float, float]]:
        """(reserved, spent) per scope, row-locked on PostgreSQL (in the given order)."""
        q = select(BudgetCounter.reserved, BudgetCounter.spent)
        rows = {}
        for s in ordered:
            qq = q.where(BudgetCounter.scope == s.scope, BudgetCounter.period == s.period)
            if self.store.dialect == "postgresql":
                qq = qq.with_for_update()
            r = conn.execute(qq).one()
            rows[(s.scope, s.period)] = (r.reserved, r.spent)
        return rows

    def _reclaim(self, conn: Any, ordered: Sequence[Scope], now: float) -> int:
        """Give back the expired reservations of these scopes; returns how many."""
        res = BudgetReservation
        stamp = dt.datetime.fromtimestamp(now, dt.UTC)
        count = 0
        for s in ordered:
            where = (res.scope == s.scope, res.period == s.period, res.expires_at < now)
            # What this DELETE removed, not what a SELECT saw: two processes sweeping at
            # once must not both give the same reservation back.
            expired = conn.execute(
                delete(res).where(*where).returning(res.request_id, res.amount)
            ).all()
            if not expired:
                continue
            conn.execute(
                update(BudgetCounter)
                .where(BudgetCounter.scope == s.scope, BudgetCounter.period == s.period)
                .values(
                    reserved=BudgetCounter.reserved - sum(r.amount for r in expired),
                    updated_at=stamp,
                )
            )
            conn.execute(
                BudgetEntry.__table__.insert(),  # type: ignore[attr-defined]
                [_ledger(r.request_id, s, "expire", r.amount, stamp) for r in expired],
            )
            count += len(expired)
        return count

    def _reserve_sync(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        from phaseone.guard._db import insert_missing, locked_transaction

        ordered = sorted(scopes, key=lambda s: (s.scope, s.period))
        now_s = self._clock()
        now = dt.datetime.fromtimestamp(now_s, dt.UTC)
        with locked_transaction(self.store) as conn:
            insert_missing(
                conn,
                self.store,
                BudgetCounter.__table__,  # type: ignore[arg-type]
                [
                    {"scope": s.scope, "period": s.period, "reserved": 0.0, "spent": 0.0,
                     "updated_at": now}
                    for s in ordered
                ],
            )  # fmt: skip
            if now_s >= self._next_sweep:
                self._next_sweep = now_s + self.sweep_s
                self._reclaim(conn, ordered, now_s)
            rows = self._counters(conn, ordered)
            over = _first_over(ordered, rows, amount)
            if over is not None:
                # Only now look for reservations a killed gateway left behind: the
                # common path pays nothing for them.
                if not self._reclaim(conn, ordered, now_s):
                    return over, {}
                rows = self._counters(conn, ordered)
                over = _first_over(ordered, rows, amount)
                if over is not None:
                    return over, {}
            remaining = {}
            for s in ordered:
                reserved, spent = rows[(s.scope, s.period)]
                conn.execute(
                    update(BudgetCounter)
                    .where(BudgetCounter.scope == s.scope, BudgetCounter.period == s.period)
                    .values(reserved=BudgetCounter.reserved + amount, updated_at=now)
                )
                remaining[s.label] = s.ceiling - reserved - spent - amount
            expires = now_s + self.lease_s
            conn.execute(
                BudgetReservation.__table__.insert(),  # type: ignore[attr-defined]
                [
                    {"request_id": request_id, "scope": s.scope, "period": s.period,
                     "amount": amount, "expires_at": expires}
                    for s in ordered
                ],
            )  # fmt: skip
            conn.execute(
                BudgetEntry.__table__.insert(),  # type: ignore[attr-defined]
                [_ledger(request_id, s, "reserve", amount, now) for s in ordered],
            )
        return None, remaining

    def _settle_sync(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        from phaseone.guard._db import locked_transaction

        ordered = sorted(scopes, key=lambda s: (s.scope, s.period))
        now = dt.datetime.fromtimestamp(self._clock(), dt.UTC)
        res = BudgetReservation
        with locked_transaction(self.store) as conn:
            if self.store.dialect == "postgresql":
                # Counter rows first (the order every reserve takes them in), then the
                # reservation: a reserve reclaiming this one holds the counter lock.
                # (SQLite's BEGIN IMMEDIATE already serialises the whole transaction.)
                self._counters(conn, ordered)
            for s in ordered:
                held = conn.execute(
                    delete(res).where(
                        res.request_id == request_id, res.scope == s.scope, res.period == s.period
                    )
                ).rowcount
                # An expired reservation was already given back by `_reclaim`.
                release = reserved if held else 0.0
                conn.execute(
                    update(BudgetCounter)
                    .where(BudgetCounter.scope == s.scope, BudgetCounter.period == s.period)
                    .values(
                        reserved=BudgetCounter.reserved - release,
                        spent=BudgetCounter.spent + actual,
                        updated_at=now,
                    )
                )
            action = "settle" if actual else "release"
            conn.execute(
                BudgetEntry.__table__.insert(),  # type: ignore[attr-defined]
                [_ledger(request_id, s, action, actual, now) for s in ordered],
            )

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        from sqlalchemy.exc import DBAPIError

        try:
            return await asyncio.to_thread(self._reserve_sync, request_id, scopes, amount)
        except DBAPIError as exc:
            raise BackendUnavailable(str(exc.orig)) from exc

    async def settle(
        self, request_id: str, scopes: Sequence[Scope], reserved: float, actual: float
    ) -> None:
        await asyncio.to_thread(self._settle_sync, request_id, scopes, reserved, actual)

    async def ping(self) -> None:
        """Raise if the database does not answer (`/healthz`)."""

        def select_one() -> None:
            with self.store.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")

        await asyncio.to_thread(select_one)

    async def aclose(self) -> None:
        return None


# KEYS come in threes per scope: the counters hash (reserved, spent), a sorted set of
# open reservations scored by expiry (ms, the Redis server's clock), and a hash of their
# amounts. ARGV: amount, one ceiling per scope, key TTL (s), request id, lease (ms), and
# "1" to sweep every scope's expired reservations first (else only when short of room).
# Returns {over scope index or 0, remaining per scope, {scope index, request id, amount}…
# of the reservations given back}.
_RESERVE_LUA = """
local amount = tonumber(ARGV[1])
local n = #KEYS / 3
local ttl = tonumber(ARGV[n + 2])
local rid = ARGV[n + 3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('HEXISTS', KEYS[3], rid) == 1 then
  -- already reserved: this is a client's retry after a lost reply; reserve nothing twice
  local left = {}
  for i = 1, n do
    local v = redis.call('HMGET', KEYS[3 * i - 2], 'reserved', 'spent')
    left[i] = tostring(tonumber(ARGV[i + 1]) - tonumber(v[1] or '0') - tonumber(v[2] or '0'))
  end
  return {0, left, {}}
end
local function over(i)
  local v = redis.call('HMGET', KEYS[3 * i - 2], 'reserved', 'spent')
  return tonumber(v[1] or '0') + tonumber(v[2] or '0') + amount > tonumber(ARGV[i + 1]) + 1e-9
end
local expired = {}
local function reclaim(i)
  local z, h = KEYS[3 * i - 1], KEYS[3 * i]
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
  if #gone > 0 then redis.call('HINCRBYFLOAT', KEYS[3 * i - 2], 'reserved', -total) end
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
  local k, z, h = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local r = redis.call('HINCRBYFLOAT', k, 'reserved', amount)
  redis.call('ZADD', z, now + tonumber(ARGV[n + 4]), rid)
  redis.call('HSET', h, rid, ARGV[1])
  for _, key in ipairs({k, z, h}) do redis.call('EXPIRE', key, ttl) end
  local s = tonumber(redis.call('HGET', k, 'spent') or '0')
  left[i] = tostring(tonumber(ARGV[i + 1]) - tonumber(r) - s)
end
return {0, left, expired}
"""
# ARGV: reserved, actual, request id. A reservation already reclaimed (expired) is not
# released twice.
_SETTLE_LUA = """
for i = 1, #KEYS / 3 do
  local k, z, h = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  if redis.call('ZREM', z, ARGV[3]) == 1 then
    redis.call('HDEL', h, ARGV[3])
    redis.call('HINCRBYFLOAT', k, 'reserved', -tonumber(ARGV[1]))
  end
  redis.call('HINCRBYFLOAT', k, 'spent', tonumber(ARGV[2]))
end
return 0
"""


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


class RedisBudget:
    """Redis: ONE Lua script checks and reserves all scopes atomically.

    Reservations expire after `lease_s` like the database backend's, timed by the Redis
    server's clock so every gateway agrees, and are swept every `sweep_s` the same way."""

    #: Seconds between two sweeps of expired reservations by one process.
    sweep_s = SWEEP_S

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "phaseone",
        ledger: LedgerSink | None = None,
        lease_s: float = DEFAULT_LEASE_S,
    ) -> None:
        try:
            import redis.asyncio  # noqa: F401
        except ImportError as exc:  # pragma: no cover - redis is in the dev extra
            from phaseone.errors import MissingExtraError

            raise MissingExtraError("the redis budget backend", "redis", "redis") from exc
        self._redis = redis_client(url)
        self._reserve = self._redis.register_script(_RESERVE_LUA)
        self._settle = self._redis.register_script(_SETTLE_LUA)
        self.prefix = prefix
        self.lease_s = lease_s
        self._ledger = ledger
        self._next_sweep = 0.0

    def _keys(self, scopes: Sequence[Scope]) -> list[str]:
        keys = []
        for s in scopes:
            base = f"{self.prefix}:budget:{s.scope}:{s.period}"
            keys += [base, base + ":res", base + ":amt"]
        return keys

    async def reserve(
        self, request_id: str, scopes: Sequence[Scope], amount: float
    ) -> tuple[Scope | None, dict[str, float]]:
        from redis.exceptions import RedisError

        args: list[str | int] = [
            repr(amount),
            *[repr(s.ceiling) for s in scopes],
            40 * 86400,
            request_id,
            int(self.lease_s * 1000),
            "1" if self._sweep_due() else "0",
        ]
        try:
            idx, left, expired = await self._reserve(keys=self._keys(scopes), args=args)
        except RedisError as exc:
            raise BackendUnavailable(str(exc)) from exc
        if expired and self._ledger:  # as the database backend records them
            for j in range(0, len(expired), 3):
                i, rid, amount = expired[j : j + 3]
                self._ledger(_ledger(_text(rid), scopes[int(i) - 1], "expire", float(amount)))
        if int(idx):
            return scopes[int(idx) - 1], {}
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
        await self._settle(keys=self._keys(scopes), args=[repr(reserved), repr(actual), request_id])
        if self._ledger:
            self._ledger(_settle_row(request_id, scopes, actual))

    async def ping(self) -> None:
        """Raise if Redis does not answer (`/healthz`)."""
        await self._redis.ping()

    async def aclose(self) -> None:
        await self._redis.aclose()


class PeriodClock:
    """UTC day/month period labels, recomputed at most once a second."""

    def __init__(self) -> None:
        self._at = -1
        self._day = self._month = ""

    def periods(self, now_s: float) -> tuple[str, str]:
        sec = int(now_s)
        if sec != self._at:
            d = dt.datetime.fromtimestamp(sec, dt.UTC)
            self._day, self._month, self._at = f"d:{d:%Y-%m-%d}", f"m:{d:%Y-%m}", sec
        return self._day, self._month
