"""Budgets stay exact through a 10 s outage of PostgreSQL or of Redis (issue #21).

The shared PostgreSQL and Redis keep running: a TCP proxy (`relkit.TcpProxy`) stands
between `phaseone serve` and the service, and the test cuts it for 10 s (every open
connection reset, new ones refused) while eight clients keep sending, then restores it
and lets them use the budget up. Exact means:

* the target is called at most as many times as the budget allows, once per 200;
* every accepted request is accounted: its reservation is in the ledger (PostgreSQL) or
  its settlement is (Redis), and its trace is stored once the store is back;
* at the end the counters hold exactly the budget (spent + still reserved), and the
  spent part is the sum of the ledger's settlements: nothing counted twice or lost;
* while the service is away the gateway refuses with 503 (fails closed), never a 500.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guardkit import write_plan
from relkit import (
    Load,
    TcpProxy,
    pg_address,
    pg_through,
    redis_address,
    redis_through,
    serving,
    wait_for,
)
from sqlalchemy import select

from own_redis import OwnRedis
from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import BudgetCounter, BudgetEntry, BudgetReservation, Trace
from servers import JsonServer

ALLOWED, PRICE = 120, 0.01
CLIENTS = 8
OUTAGE_S = 10.0
#: What a client may get while the store or Redis is away: the gateway fails closed.
OUTAGE_CODES = {"budget_backend_unavailable", "auth_backend_unavailable"}


def _plan(tmp_path: Path, upstream: JsonServer, budget: dict[str, Any], store_url: str) -> Path:
    controls = {
        "rate_limit": {"requests_per_minute": 6_000_000, "burst": 100_000, "backend": "memory"},
        "budget": {"daily": ALLOWED * PRICE, **budget},
        "resilience": {"timeout_s": 30, "retries": 0},
        "monitoring": {"flush_interval_s": 0.2},
    }
    target = {"kind": "http", "url": upstream.url, "price": {"per_call": PRICE}, "timeout_s": 30}
    return write_plan(tmp_path, controls, target=target, store_url=store_url).path


async def _through_an_outage(load: Load, proxy: TcpProxy) -> None:
    """Two seconds of traffic, the proxy cut for `OUTAGE_S`, then until the budget is used."""
    await load.until(lambda: load.count(200) >= 20, 60)
    before = len(load.answers)
    await asyncio.to_thread(proxy.cut)
    await asyncio.sleep(OUTAGE_S)
    during = load.answers[before:]
    await asyncio.to_thread(proxy.restore)
    assert await load.until(load.exhausted, 90), _tally(load)
    await load.stop()
    # the outage was seen: refused, fail-closed
    assert any(a.status == 503 and a.code in OUTAGE_CODES for a in during), _tally(load)


def _tally(load: Load) -> dict[tuple[int, str | None], int]:
    out: dict[tuple[int, str | None], int] = {}
    for a in load.answers:
        out[(a.status, a.code)] = out.get((a.status, a.code), 0) + 1
    return out


def _check_answers(load: Load, upstream: JsonServer) -> set[str]:
    for a in load.answers:
        assert a.status in (200, 402, 503), _tally(load)
        if a.status == 503:
            assert a.code in OUTAGE_CODES, _tally(load)
    accepted = load.ids(200)
    assert len(accepted) == load.count(200)
    assert ALLOWED - CLIENTS <= len(accepted) <= ALLOWED, _tally(load)
    assert upstream.requests == len(accepted)  # one paid call per 200, none refused
    return accepted


def _traces_stored(store: Store, ids: set[str]) -> bool:
    with store.session() as s:
        return ids <= set(s.scalars(select(Trace.id).where(Trace.id.in_(ids))))


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
async def test_exact_budget_through_a_postgresql_outage(tmp_path: Path, store_url: str) -> None:
    store = Store(store_url)
    key = create_key(store, "load")
    with TcpProxy(*pg_address(store_url)) as proxy, JsonServer(latency_s=0.01) as upstream:
        plan = _plan(tmp_path, upstream, {"backend": "database"}, pg_through(store_url, proxy))
        with serving(plan, tmp_path / "serve.log") as served:
            async with Load(served.url, key, clients=CLIENTS) as load:
                await _through_an_outage(load, proxy)
            accepted = _check_answers(load, upstream)
            await asyncio.to_thread(wait_for, lambda: _traces_stored(store, accepted), 60)
            assert "Traceback" not in served.log_text()

    with store.session() as s:
        (counter,) = s.scalars(select(BudgetCounter)).all()
        ledger = s.execute(select(BudgetEntry.request_id, BudgetEntry.action)).all()
        still_open = set(s.scalars(select(BudgetReservation.request_id)))
    reserved_ids = [rid for rid, action in ledger if action == "reserve"]
    settled_ids = [rid for rid, action in ledger if action == "settle"]
    assert not [rid for rid, action in ledger if action in ("expire", "release")]
    # The budget admitted exactly ALLOWED reservations, each once ...
    assert len(reserved_ids) == len(set(reserved_ids)) == ALLOWED
    # ... every accepted request holds one (and a reservation without a 200 is still
    # counted: its commit went through, its answer was lost in the cut) ...
    assert accepted <= set(reserved_ids)
    assert set(reserved_ids) - accepted <= still_open
    # ... settled at most once, and the counters are the ledger's sums.
    assert len(settled_ids) == len(set(settled_ids)) and set(settled_ids) <= accepted
    assert set(settled_ids) | still_open == set(reserved_ids)
    assert counter.spent == pytest.approx(PRICE * len(settled_ids))
    assert counter.reserved == pytest.approx(PRICE * len(still_open))
    assert counter.spent + counter.reserved == pytest.approx(ALLOWED * PRICE)
    store.close()


def _redis_counters(url: str, prefix: str) -> tuple[float, float]:
    import redis

    r = redis.Redis.from_url(url)
    try:
        keys = [
            k
            for k in r.scan_iter(f"{prefix}:budget:*")
            if not k.endswith((b":res", b":amt", b":late", b":epoch"))
        ]
        assert len(keys) == 1, keys
        reserved, spent = r.hmget(keys[0], "reserved", "spent")
        return float(reserved or 0), float(spent or 0)
    finally:
        r.close()


def _redis_cleanup(url: str, prefix: str) -> None:
    import redis

    r = redis.Redis.from_url(url)
    with contextlib.suppress(redis.RedisError):
        keys = list(r.scan_iter(f"{prefix}:*"))
        if keys:
            r.delete(*keys)
    r.close()


def _check_redis_ledger(store: Store, accepted: set[str], url: str, prefix: str) -> None:
    """Every accepted request has one settlement in the store's ledger (written even when
    Redis was away at its settle), and Redis holds exactly the budget."""
    wait_for(lambda: _traces_stored(store, accepted), 60)
    with store.session() as s:
        settled = [
            rid
            for rid, action in s.execute(select(BudgetEntry.request_id, BudgetEntry.action))
            if action == "settle"
        ]
    assert len(settled) == len(set(settled)) and set(settled) == accepted
    reserved, spent = _redis_counters(url, prefix)
    # A settle that Redis missed (cut between reserve and settle) stays reserved: counted.
    assert spent <= PRICE * len(accepted) + 1e-9
    assert spent + reserved == pytest.approx(ALLOWED * PRICE)


async def test_exact_budget_through_a_redis_outage(tmp_path: Path, redis_url: str) -> None:
    store_url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(store_url)
    key = create_key(store, "load")
    prefix = f"p1rel-{uuid.uuid4().hex[:10]}"
    try:
        with TcpProxy(*redis_address(redis_url)) as proxy, JsonServer(latency_s=0.01) as up:
            budget = {
                "backend": "redis",
                "redis_url": redis_through(redis_url, proxy),
                "key_prefix": prefix,
            }
            plan = _plan(tmp_path, up, budget, store_url)
            with serving(plan, tmp_path / "serve.log") as served:
                async with Load(served.url, key, clients=CLIENTS) as load:
                    await _through_an_outage(load, proxy)
                accepted = _check_answers(load, up)
                await asyncio.to_thread(_check_redis_ledger, store, accepted, redis_url, prefix)
                assert "Traceback" not in served.log_text()
    finally:
        _redis_cleanup(redis_url, prefix)
        store.close()


# --- a Redis that persists its data, killed and restarted -------------------------------


class PersistentRedis(OwnRedis):
    """A redis-server of this test's own with `appendonly yes` (`appendfsync always`)."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir, "--appendonly", "yes", "--appendfsync", "always")


@pytest.fixture
def persistent_redis(tmp_path: Path) -> Iterator[PersistentRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = PersistentRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


async def test_exact_budget_across_a_restart_of_a_persistent_redis(
    tmp_path: Path, persistent_redis: PersistentRedis
) -> None:
    """SIGKILL of a Redis with `appendonly yes` under traffic: it comes back with its
    counters, so neither more than the budget nor less is admitted."""
    store_url = f"sqlite:///{tmp_path / 'p.db'}"
    store = Store(store_url)
    key = create_key(store, "load")
    prefix = f"p1rel-{uuid.uuid4().hex[:10]}"
    budget = {"backend": "redis", "redis_url": persistent_redis.url, "key_prefix": prefix}
    with JsonServer(latency_s=0.01) as upstream:
        plan = _plan(tmp_path, upstream, budget, store_url)
        with serving(plan, tmp_path / "serve.log") as served:
            async with Load(served.url, key, clients=CLIENTS) as load:
                await load.until(lambda: load.count(200) >= ALLOWED // 2, 60)
                await asyncio.to_thread(persistent_redis.kill)
                await asyncio.sleep(2)
                await asyncio.to_thread(persistent_redis.start)
                assert await load.until(load.exhausted, 90), _tally(load)
            for a in load.answers:  # while Redis was down: 503, fail-closed
                assert a.status in (200, 402) or a.code in OUTAGE_CODES, _tally(load)
            assert load.count(503) > 0, "the restart was not seen"
            accepted = load.ids(200)
            assert ALLOWED - CLIENTS <= len(accepted) <= ALLOWED, _tally(load)
            assert upstream.requests == len(accepted)
            await asyncio.to_thread(
                _check_redis_ledger, store, accepted, persistent_redis.url, prefix
            )
    store.close()
