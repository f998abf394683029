"""Budget and rate-limit backends: atomic across scopes, exact under concurrency,
fail closed (or open) when unreachable."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from guardkit import EchoTarget, write_plan

from phaseone.guard import Guard, Unavailable
from phaseone.guard.budget import BackendUnavailable, MemoryBudget, Scope, estimate_max_cost
from phaseone.guard.budget_database import DatabaseBudget
from phaseone.guard.budget_redis import RedisBudget
from phaseone.guard.ratelimit import DatabaseRate, MemoryRate, RedisRate, take_token
from phaseone.plan.components import Price
from phaseone.store import Store
from phaseone.store.budget_counters import LedgerEntry
from phaseone.store.models import BudgetEntry, BudgetReservation

DEAD_REDIS = "redis://127.0.0.1:9/0"


def scopes(tag: str, day: float = 0.5, key: float = 100.0) -> list[Scope]:
    return [Scope(f"project:{tag}", "d:2026-01-01", day), Scope(f"key:{tag}", "d:2026-01-01", key)]


async def exercise(backend: Any, tag: str) -> None:
    sc = scopes(tag)
    results = await asyncio.gather(*(backend.reserve(f"r{i}", sc, 0.01) for i in range(120)))
    admitted = [f"r{i}" for i, r in enumerate(results) if r[0] is None]
    assert len(admitted) == 50  # 0.5 / 0.01, never more
    assert all(r[0] == sc[0] for r in results if r[0] is not None)
    # settle half to a smaller actual cost: the difference is released
    await asyncio.gather(*(backend.settle(rid, sc, 0.01, 0.004) for rid in admitted[:25]))
    again = await asyncio.gather(*(backend.reserve(f"s{i}", sc, 0.01) for i in range(40)))
    assert sum(1 for r in again if r[0] is None) == 15  # 25 × 0.006 released
    # all-or-nothing across scopes: a full key scope blocks, the project scope is untouched
    tight = [Scope(f"project:{tag}2", "d:x", 1.0), Scope(f"key:{tag}2", "d:x", 0.0)]
    over, _ = await backend.reserve("t", tight, 0.01)
    assert over == tight[1]
    ok, left = await backend.reserve("u", tight[:1], 1.0)
    assert ok is None and left[tight[0].label] == pytest.approx(0.0)
    # a settle gives back only what its own reserve took: never twice, never unasked
    pair = scopes(f"{tag}3", day=0.1)
    for rid in ("held", "done"):
        assert (await backend.reserve(rid, pair, 0.05))[0] is None
    for rid in ("done", "done", "never-reserved"):
        await backend.settle(rid, pair, 0.05, 0.0)
    over, _ = await backend.reserve("w", pair, 0.06)
    assert over == pair[0]  # "held" still holds 0.05 of the 0.1
    assert (await backend.reserve("x", pair, 0.05))[0] is None


async def test_memory_budget() -> None:
    await exercise(MemoryBudget(), "mem")


async def test_database_budget(store: Store) -> None:
    await exercise(DatabaseBudget(store), "db")


async def test_redis_budget(redis_url: str) -> None:
    prefix = f"p1test-{uuid.uuid4().hex[:8]}"
    backend = RedisBudget(redis_url, prefix=prefix)
    try:
        await exercise(backend, "rd")
    finally:
        keys = [k async for k in backend._redis.scan_iter(f"{prefix}:*")]
        if keys:
            await backend._redis.delete(*keys)
        await backend.aclose()


def test_estimate_max_cost() -> None:
    price = Price(per_1k_input_tokens=1.0, per_1k_output_tokens=2.0, per_call=0.5)
    assert estimate_max_cost(price, 1000, 500) == pytest.approx(0.5 + 1.0 + 1.0)
    assert estimate_max_cost(Price(per_call=0.25), 10_000, 500) == 0.25


@pytest.mark.parametrize("kind", ["memory", "database", "redis"])
async def test_rate_backends(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if kind == "memory":
        rate: Any = MemoryRate()
    elif kind == "database":
        rate = DatabaseRate(Store(f"sqlite:///{tmp_path / 'r.db'}"))
    else:
        url = request.getfixturevalue("redis_url")
        rate = RedisRate(url, prefix=f"p1test-{uuid.uuid4().hex[:8]}")
    key = f"k{uuid.uuid4().hex[:6]}"
    waits = [await rate.take(key, 1.0, 3) for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0] and 0 < waits[3] <= 1.0
    await asyncio.sleep(1.05)
    assert await rate.take(key, 1.0, 3) == 0.0  # refilled one token
    await rate.aclose()


@pytest.mark.parametrize("kind", ["memory", "database", "redis"])
async def test_rate_backends_take_many_tokens_and_into_debt(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """`tokens_per_minute`: a request's usage is taken after the call, into debt if need
    be; the next one waits until the bucket is back above what it asks."""
    if kind == "memory":
        rate: Any = MemoryRate()
    elif kind == "database":
        rate = DatabaseRate(Store(f"sqlite:///{tmp_path / 't.db'}"))
    else:
        url = request.getfixturevalue("redis_url")
        rate = RedisRate(url, prefix=f"p1test-{uuid.uuid4().hex[:8]}")
    key = f"t{uuid.uuid4().hex[:6]}"
    assert await rate.take(key, 10.0, 100, 60.0) == 0.0  # 40 left
    wait = await rate.take(key, 10.0, 100, 60.0)  # not 60 there: wait ~2 s, nothing taken
    assert 1.5 < wait <= 2.0
    assert await rate.take(key, 10.0, 100, 90.0, debt=True) == 0.0  # about -50 now
    wait = await rate.take(key, 10.0, 100, 1.0)
    assert 5.0 < wait <= 5.1  # (1 - (-50)) / 10 per second
    await rate.aclose()


def test_the_bucket_rule_with_a_cost_and_debt() -> None:
    assert take_token(5.0, 0.0, 1.0, 10, cost=3.0) == (2.0, 0.0)
    assert take_token(2.0, 0.0, 1.0, 10, cost=3.0) == (2.0, 1.0)
    assert take_token(2.0, 0.0, 1.0, 10, cost=3.0, debt=True) == (-1.0, 0.0)
    assert take_token(-1.0, 4.0, 1.0, 10) == (2.0, 0.0)  # refilled out of debt, one taken
    assert take_token(9.0, 100.0, 1.0, 10, cost=1.0) == (9.0, 0.0)  # refill stops at burst


async def test_unreachable_redis_fails_closed_then_open(
    tmp_path: Path, sqlite_store: Store
) -> None:
    with pytest.raises(BackendUnavailable):
        await RedisBudget(DEAD_REDIS).reserve("x", scopes("dead"), 0.01)
    for mode, served in [("closed", False), ("open", True)]:
        loaded = write_plan(
            tmp_path,
            {
                "rate_limit": None,
                "budget": {
                    "daily": 1,
                    "backend": "redis",
                    "redis_url": DEAD_REDIS,
                    "fail_mode": mode,
                },
            },
        )
        guard = Guard.from_plan(loaded, sqlite_store, target=EchoTarget(0.01), auth_required=False)
        if served:
            assert (await guard.invoke("hi")).output == "hi"
        else:
            with pytest.raises(Unavailable) as exc:
                await guard.invoke("hi")
            assert (exc.value.status, exc.value.code) == (503, "budget_backend_unavailable")
        await guard.aclose()


async def expiry(backend: Any, tag: str, later: Any) -> None:
    """A reservation whose request never settles (its gateway was killed) counts until its
    lease ends, then the next request that needs the room gets it back, once."""
    sc = scopes(tag, day=0.05)
    assert (await backend.reserve("dead", sc, 0.03))[0] is None  # …and then the process dies
    over, _ = await backend.reserve("early", sc, 0.03)
    assert over == sc[0]  # within the lease the dead reservation still counts
    assert (await backend.reserve("small", sc, 0.01))[0] is None
    await backend.settle("small", sc, 0.01, 0.01)
    await later()
    over, left = await backend.reserve("after", sc, 0.03)
    assert over is None and left[sc[0].label] == pytest.approx(0.05 - 0.01 - 0.03)
    # the dead request's own settle, should it come after all, does not give it back twice
    await backend.settle("dead", sc, 0.03, 0.0)
    over, _ = await backend.reserve("too-much", sc, 0.02)
    assert over == sc[0]
    assert (await backend.reserve("fits", sc, 0.01))[0] is None


async def swept(backend: Any, tag: str, later: Any) -> None:
    """With room to spare nobody is refused, so only the periodic sweep gives a dead
    reservation back: the remaining budget reported (the Prometheus gauge) stops counting
    it one sweep after its lease ends."""
    sc = scopes(tag, day=1.0)
    assert (await backend.reserve("dead", sc, 0.3))[0] is None  # never settled
    _, left = await backend.reserve("live", sc, 0.1)
    assert left[sc[0].label] == pytest.approx(0.6)  # within the lease: counted
    await backend.settle("live", sc, 0.1, 0.1)
    await later()
    _, left = await backend.reserve("next", sc, 0.1)
    assert left[sc[0].label] == pytest.approx(1.0 - 0.1 - 0.1)


async def test_database_sweeps_expired_reservations(store: Store) -> None:
    now = [1_000_000.0]
    backend = DatabaseBudget(store, lease_s=60, clock=lambda: now[0])

    async def later() -> None:
        now[0] += backend.sweep_s + 1  # past the lease (60 s) and the next sweep

    await swept(backend, "dbs", later)


@contextlib.asynccontextmanager
async def short_leases(
    redis_url: str, ledger: list[LedgerEntry] | None = None
) -> AsyncIterator[RedisBudget]:
    """A Redis backend with 0.3 s leases under its own key prefix, removed afterwards."""
    prefix = f"p1test-{uuid.uuid4().hex[:8]}"
    sink = ledger.append if ledger is not None else None
    backend = RedisBudget(redis_url, prefix=prefix, lease_s=0.3, ledger=sink)
    try:
        yield backend
    finally:
        keys = [k async for k in backend._redis.scan_iter(f"{prefix}:*")]
        if keys:
            await backend._redis.delete(*keys)
        await backend.aclose()


async def test_redis_sweeps_expired_reservations(redis_url: str) -> None:
    async def later() -> None:
        await asyncio.sleep(0.4)  # the lease runs on the Redis server's clock

    rows: list[LedgerEntry] = []
    async with short_leases(redis_url, rows) as backend:
        backend.sweep_s = 0.35
        await swept(backend, "rds", later)
    expired = {(r.request_id, r.scope) for r in rows if r.action == "expire"}
    assert expired == {("dead", "project:rds"), ("dead", "key:rds")}  # the ledger says so


async def test_database_reservations_expire(store: Store) -> None:
    now = [1_000_000.0]
    backend = DatabaseBudget(store, lease_s=60, clock=lambda: now[0])

    async def later() -> None:
        now[0] += 61

    await expiry(backend, "dbx", later)
    with store.session() as s:
        rows = s.execute(
            sa.select(BudgetEntry.request_id, BudgetEntry.action).where(
                BudgetEntry.action == "expire"
            )
        ).all()
        left = s.scalars(sa.select(BudgetReservation.request_id)).all()
    assert {(r.request_id, r.action) for r in rows} == {("dead", "expire")}
    assert sorted(left) == ["after", "after", "fits", "fits"]  # open ones, a row per scope


async def test_redis_reservations_expire(redis_url: str) -> None:
    async def later() -> None:
        await asyncio.sleep(0.4)  # the lease runs on the Redis server's clock

    rows: list[LedgerEntry] = []
    async with short_leases(redis_url, rows) as backend:
        await expiry(backend, "rdx", later)
    expired = [(r.request_id, r.scope, r.amount) for r in rows if r.action == "expire"]
    assert expired == [("dead", "project:rdx", pytest.approx(0.03))]


def test_the_guard_leases_reservations_for_twice_the_longest_request(
    tmp_path: Path, sqlite_store: Store
) -> None:
    resilience = {"timeout_s": 5, "retries": 1, "backoff_base_s": 0.1}
    loaded = write_plan(
        tmp_path,
        {"rate_limit": None, "budget": {"daily": 1, "backend": "database"},
         "resilience": resilience},
    )  # fmt: skip
    guard = Guard.from_plan(loaded, sqlite_store, target=EchoTarget(0.01), auth_required=False)
    assert isinstance(guard.budget_backend, DatabaseBudget)
    # one call: 2 attempts × 5 s + one wait of at most 30 s (a Retry-After); three calls
    assert guard.budget_backend.lease_s == pytest.approx(2 * 3 * (2 * 5 + 30))
    loaded = write_plan(
        tmp_path,
        {"rate_limit": None,
         "budget": {"daily": 1, "backend": "database", "reservation_lease_s": 90}},
    )  # fmt: skip
    guard = Guard.from_plan(loaded, sqlite_store, target=EchoTarget(0.01), auth_required=False)
    assert guard.budget_backend.lease_s == 90  # type: ignore[union-attr]
