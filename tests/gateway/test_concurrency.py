"""Budgets hold under concurrency: 500 requests at once at a budget that allows 100.

In one process (memory and database backends), and across TWO `phaseone serve`
processes sharing the store's database (SQLite and PostgreSQL) or Redis.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from guardkit import Serving, fire, start_serve, write_plan
from sqlalchemy import func, select

from phaseone.gateway import create_app, serve_in_thread
from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import BudgetCounter, BudgetEntry
from servers import JsonServer

N, ALLOWED, PRICE = 500, 100, 0.01


def controls(backend: str, **extra: Any) -> dict[str, Any]:
    return {
        "rate_limit": {"requests_per_minute": 6_000_000, "burst": 100_000, "backend": "memory"},
        "budget": {"daily": ALLOWED * PRICE, "backend": backend, **extra},
        "resilience": {"timeout_s": 60, "retries": 0},
        "monitoring": {"flush_interval_s": 0.2},
    }


@pytest.fixture
def upstream() -> Iterator[JsonServer]:
    with JsonServer() as s:
        yield s


def target(upstream: JsonServer) -> dict[str, Any]:
    return {"kind": "http", "url": upstream.url, "price": {"per_call": PRICE}, "timeout_s": 60}


def check(statuses: list[int], upstream: JsonServer) -> None:
    assert statuses.count(200) == ALLOWED, sorted(set(statuses))
    assert statuses.count(402) == N - ALLOWED, {s: statuses.count(s) for s in set(statuses)}
    assert statuses.count(402) == N - ALLOWED
    assert upstream.requests == ALLOWED


@pytest.mark.parametrize("backend", ["memory", "database"])
async def test_one_process(tmp_path: Path, upstream: JsonServer, backend: str) -> None:
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    loaded = write_plan(tmp_path, controls(backend), target=target(upstream))
    key = create_key(store, "load")
    with serve_in_thread(create_app(loaded, store)) as server:
        statuses = await fire([server.url], key, N)
    check(statuses, upstream)
    if backend == "database":
        with store.session() as s:
            row = s.scalars(select(BudgetCounter)).one()
            assert row.spent == pytest.approx(ALLOWED * PRICE) and row.reserved == pytest.approx(0)
            assert s.scalar(select(func.count()).select_from(BudgetEntry)) == 2 * ALLOWED
    store.close()


def _two_gateways(
    tmp_path: Path, plan_controls: dict[str, Any], store_url: str, upstream: JsonServer
) -> Iterator[list[str]]:
    loaded = write_plan(tmp_path, plan_controls, target=target(upstream), store_url=store_url)
    served: list[Serving] = []
    try:
        for i in range(2):
            served.append(start_serve(loaded.path, tmp_path / f"serve{i}.log"))
        yield [s.url for s in served]
    finally:
        for s in served:
            s.proc.terminate()
        for s in served:
            s.proc.wait(30)


async def test_two_processes_sharing_the_database(
    tmp_path: Path, upstream: JsonServer, store_url: str
) -> None:
    store = Store(store_url)
    key = create_key(store, "load")
    gen = _two_gateways(tmp_path, controls("database"), store_url, upstream)
    urls = next(gen)
    try:
        statuses = await fire(urls, key, N)
    finally:
        for _ in gen:
            pass
    check(statuses, upstream)
    with store.session() as s:
        spent = s.scalar(select(func.sum(BudgetCounter.spent)))
        reserved = s.scalar(select(func.sum(BudgetCounter.reserved)))
    assert spent == pytest.approx(ALLOWED * PRICE) and reserved == pytest.approx(0, abs=1e-9)
    store.close()


async def test_two_processes_sharing_redis(
    tmp_path: Path, upstream: JsonServer, redis_url: str
) -> None:
    store_url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(store_url)
    key = create_key(store, "load")
    prefix = f"p1test-{uuid.uuid4().hex[:10]}"
    plan_controls = controls("redis", redis_url=redis_url, key_prefix=prefix)
    gen = _two_gateways(tmp_path, plan_controls, store_url, upstream)
    urls = next(gen)
    try:
        statuses = await fire(urls, key, N)
    finally:
        for _ in gen:
            pass
    check(statuses, upstream)
    import redis

    r = redis.Redis.from_url(redis_url)
    keys = list(r.scan_iter(f"{prefix}:*"))
    assert keys
    # (beside it, the epoch marker a Redis restart is detected by)
    (budget_key,) = [k for k in keys if b":budget:" in k and not k.endswith(b":budget:epoch")]
    assert float(r.hget(budget_key, "spent")) == pytest.approx(ALLOWED * PRICE)
    assert float(r.hget(budget_key, "reserved")) == pytest.approx(0, abs=1e-9)
    r.delete(*keys)
    store.close()
