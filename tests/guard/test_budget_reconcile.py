"""Budgets survive a Redis restart without persistence: the counters are rebuilt from the
store's ledger before anything more is admitted, so the ceiling holds exactly.

These tests start their OWN redis-server (``--save "" --appendonly no``) on a free port of
127.0.0.1 (tests/own_redis.py), so they can kill and restart it without touching the shared
Redis."""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guardkit import start_serve, write_plan

from own_redis import OwnRedis
from phaseone.guard import BudgetExhausted, Guard, GuardRefusal
from phaseone.guard.budget import BackendUnavailable, PeriodClock, Scope
from phaseone.guard.budget_redis import LedgerSource, RedisBudget, persistence_warning
from phaseone.plan.components import Price
from phaseone.store import Store
from phaseone.store.traces import write_batch
from phaseone.targets.base import TargetResponse

PRICE = 0.01


class RedisServer(OwnRedis):
    """One redis-server of this test's own, without persistence, that can be restarted."""

    def __init__(self, workdir: Path, *extra: str) -> None:
        super().__init__(workdir, "--appendonly", "no", *extra)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


class SlowTarget:
    """Answers after `delay_s`, costing `PRICE` a call: requests are in flight when Redis dies."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.price = Price(per_call=PRICE)
        self.label = self.fingerprint = "slow"
        self.delay_s = delay_s

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        await asyncio.sleep(self.delay_s)
        return TargetResponse(input, self.delay_s * 1000, 3, 4, PRICE)

    async def aclose(self) -> None:
        return None


def guard_for(
    tmp_path: Path, store: Store, url: str, calls: int, delay_s: float = 0.0, prefix: str = ""
) -> Guard:
    tmp_path.mkdir(exist_ok=True)
    loaded = write_plan(
        tmp_path,
        {
            "rate_limit": None,
            "budget": {
                "daily": calls * PRICE,
                "backend": "redis",
                "redis_url": url,
                "key_prefix": prefix or f"p1test-{uuid.uuid4().hex[:8]}",
                "reservation_lease_s": 5,
            },
            "monitoring": {"flush_interval_s": 0.2, "trace_writer": "thread"},
        },
    )
    return Guard.from_plan(loaded, store, target=SlowTarget(delay_s), auth_required=False)


async def accepted(guard: Guard, n: int) -> int:
    ok = 0
    for i in range(n):
        try:
            await guard.invoke(f"q{i}")
            ok += 1
        except BudgetExhausted:
            pass
    return ok


async def test_a_restart_without_persistence_does_not_double_the_budget(
    own_redis: RedisServer, sqlite_store: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    guard = guard_for(tmp_path, sqlite_store, own_redis.url, calls=10)
    try:
        assert await accepted(guard, 6) == 6
        guard.flush()
        own_redis.restart()  # every key is gone: the day's 6 calls are forgotten by Redis
        with caplog.at_level(logging.WARNING, logger="phaseone.guard"):
            after = await accepted(guard, 20)
        assert after == 4  # 10 in all, exactly: neither more nor fewer
        assert "rebuilt from the ledger" in caplog.text
        assert "no budget epoch marker" in caplog.text
    finally:
        await guard.aclose()


async def test_two_gateways_with_requests_in_flight_across_the_restart(
    own_redis: RedisServer, sqlite_store: Store, tmp_path: Path
) -> None:
    """Two guards (two gateway processes: their own Redis clients, writers, open
    reservations) sharing one budget, with calls in flight while Redis is killed and
    restarted: the requests served in all never cost more than the ceiling."""
    n = 30
    guards = [
        guard_for(tmp_path / f"g{i}", sqlite_store, own_redis.url, n, 0.15, prefix="shared")
        for i in range(2)
    ]
    served = [0]
    refused = [0]
    stop = asyncio.Event()

    async def client(g: Guard, i: int) -> None:
        for j in range(400):  # bounded
            if stop.is_set():
                return
            try:
                await g.invoke(f"c{i}-{j}")
                served[0] += 1
            except BudgetExhausted:
                refused[0] += 1
                await asyncio.sleep(0.02)
            except GuardRefusal:  # 503 while Redis is down
                await asyncio.sleep(0.05)

    tasks = [asyncio.create_task(client(guards[i % 2], i)) for i in range(8)]
    try:
        deadline = time.monotonic() + 30
        while served[0] < 12 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert served[0] >= 12
        await asyncio.to_thread(own_redis.restart)  # with calls in flight
        deadline = time.monotonic() + 60
        while refused[0] < 40 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
        assert refused[0] >= 40, "the budget was never used up"
        assert served[0] <= n
        rebuilt = sum(g.budget_backend.rebuilds for g in guards)  # type: ignore[union-attr]
        assert rebuilt >= 2  # the first start, and after the restart (by one of the two)
    finally:
        stop.set()
        for t in tasks:
            t.cancel()
        for g in guards:
            await g.aclose()


def backend_on(url: str, store: Store, prefix: str, **kw: Any) -> RedisBudget:
    """A Redis backend whose ledger rows go straight to `store` (as a flushed writer's do)."""
    return RedisBudget(
        url,
        prefix=prefix,
        ledger=lambda row: write_batch(store, ledger=[row]),
        source=LedgerSource(store),
        check_s=0.1,
        grace_s=0.5,
        recover_wait_s=10,
        **kw,
    )


async def test_open_reservations_are_re_registered_and_late_settles_count_once(
    own_redis: RedisServer, sqlite_store: Store
) -> None:
    """A request still in flight when Redis restarts keeps its reservation (its gateway
    re-registers it before the rebuild), and a request that settles while the counters
    are not rebuilt yet counts once, not once from Redis and again from the ledger."""
    day, month = PeriodClock().periods(time.time())
    sc = [Scope("project:r", day, 1.0), Scope("project:r", month, 5.0)]
    one, two = (backend_on(own_redis.url, sqlite_store, "shared") for _ in range(2))
    try:
        assert (await two.reserve("done", sc, 0.3))[0] is None
        await two.settle("done", sc, 0.3, 0.3)
        assert (await one.reserve("in-flight", sc, 0.4))[0] is None
        assert (await one.reserve("late", sc, 0.2))[0] is None
        await asyncio.to_thread(own_redis.restart)
        await one.settle("late", sc, 0.2, 0.2)  # before anything is rebuilt
        # `one` reserves nothing more: its watcher alone must notice and re-register
        over, left = await two.reserve("new", sc, 0.1)
        assert over is None
        # 0.3 settled before + 0.2 settled late + 0.4 still held + 0.1 = 1.0
        assert left[sc[0].label] == pytest.approx(0.0)
        assert one.rebuilds + two.rebuilds >= 2
        over, _ = await two.reserve("one-too-many", sc, 0.01)
        assert over == sc[0]
        await one.settle("in-flight", sc, 0.4, 0.1)  # gives back 0.3
        assert (await two.reserve("fits", sc, 0.3))[0] is None
        assert (await two.reserve("does-not", sc, 0.01))[0] == sc[0]
    finally:
        await one.aclose()
        await two.aclose()


async def test_the_ledger_cannot_be_read_refuses_with_503(
    own_redis: RedisServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    sc = [Scope("project:x", "d:2026-01-01", 1.0)]
    backend = RedisBudget(
        own_redis.url, prefix="p1t", source=LedgerSource(store), grace_s=0.1, recover_wait_s=5
    )
    try:
        assert (await backend.reserve("a", sc, 0.1))[0] is None
        own_redis.restart()
        store.close()
        (tmp_path / "store.db").unlink()
        (tmp_path / "store.db").mkdir()  # the store's file can no longer be opened
        with (
            caplog.at_level(logging.ERROR, logger="phaseone.guard"),
            pytest.raises(BackendUnavailable, match="ledger cannot be read"),
        ):
            await backend.reserve("b", sc, 0.1)
        assert "ledger cannot be read" in caplog.text
    finally:
        await backend.aclose()


def test_persistence_warning(own_redis: RedisServer) -> None:
    warning = persistence_warning(own_redis.url)
    assert warning is not None and "no persistence" in warning
    import redis

    client = redis.Redis.from_url(own_redis.url)
    client.config_set("appendonly", "yes")
    assert persistence_warning(own_redis.url) is None
    client.close()
    assert "unreachable" in (persistence_warning("redis://127.0.0.1:9/0") or "")


def test_persistence_warning_when_config_is_disabled(tmp_path: Path) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path, "--rename-command", "CONFIG", "")
    server.start()
    try:
        warning = persistence_warning(server.url) or ""
        assert "cannot tell whether Redis persists" in warning and "CONFIG" in warning
    finally:
        server.kill()


def test_serve_warns_at_start_up_when_redis_does_not_persist(
    own_redis: RedisServer, tmp_path: Path
) -> None:
    budget = {"daily": 1, "backend": "redis", "redis_url": own_redis.url, "key_prefix": "p1s"}
    loaded = write_plan(
        tmp_path, {"rate_limit": None, "budget": budget}, store_url=f"sqlite:///{tmp_path}/s.db"
    )
    served = start_serve(loaded.path, tmp_path / "serve.log")
    served.proc.terminate()
    served.proc.wait(30)
    said = " ".join(served.log_text().split())
    assert "WARNING: budgets: Redis keeps no persistence" in said
    assert "appendonly yes" in said
