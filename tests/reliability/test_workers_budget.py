"""`phaseone serve --workers 3`: one gateway, three worker processes, one exact budget
(issue #21). 300 requests at once at a budget that allows 60; the kernel spreads the
connections over the workers, which share the budget through the store's database
(SQLite and PostgreSQL) or Redis."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import psutil
import pytest
from guardkit import fire, write_plan
from relkit import serving
from sqlalchemy import func, select

from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import BudgetCounter, BudgetEntry
from servers import JsonServer

N, ALLOWED, PRICE, WORKERS = 300, 60, 0.01, 3


def _plan(tmp_path: Path, upstream: JsonServer, budget: dict[str, Any], store_url: str) -> Path:
    controls = {
        "rate_limit": {"requests_per_minute": 6_000_000, "burst": 100_000, "backend": "memory"},
        "budget": {"daily": ALLOWED * PRICE, **budget},
        "resilience": {"timeout_s": 60, "retries": 0},
        "monitoring": {"flush_interval_s": 0.2},
    }
    target = {"kind": "http", "url": upstream.url, "price": {"per_call": PRICE}, "timeout_s": 60}
    return write_plan(tmp_path, controls, target=target, store_url=store_url).path


def _workers(pid: int) -> int:
    """Worker processes of a `--workers N` gateway: its children that are not trace writers
    (each worker has its own trace-writer child)."""
    children = psutil.Process(pid).children()
    cmdlines = [" ".join(c.cmdline()) for c in children]
    return sum(1 for c in cmdlines if "spawn_main" in c and "resource_tracker" not in c)


def _check(statuses: list[int], upstream: JsonServer) -> None:
    tally = {s: statuses.count(s) for s in set(statuses)}
    assert tally == {200: ALLOWED, 402: N - ALLOWED}, tally
    assert upstream.requests == ALLOWED


async def test_three_workers_sharing_the_database(tmp_path: Path, store_url: str) -> None:
    store = Store(store_url)
    key = create_key(store, "load")
    with JsonServer(latency_s=0.02) as upstream:
        plan = _plan(tmp_path, upstream, {"backend": "database"}, store_url)
        with serving(plan, tmp_path / "serve.log", workers=WORKERS) as served:
            assert _workers(served.proc.pid) == WORKERS
            statuses = await fire([served.url], key, N)
        _check(statuses, upstream)
    with store.session() as s:
        (counter,) = s.scalars(select(BudgetCounter)).all()
        settles = s.scalar(
            select(func.count()).select_from(BudgetEntry).where(BudgetEntry.action == "settle")
        )
    assert counter.spent == pytest.approx(ALLOWED * PRICE)
    assert counter.reserved == pytest.approx(0, abs=1e-9)
    assert settles == ALLOWED
    store.close()


async def test_three_workers_sharing_redis(tmp_path: Path, redis_url: str) -> None:
    import redis

    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    key = create_key(store, "load")
    prefix = f"p1rel-{uuid.uuid4().hex[:10]}"
    budget = {"backend": "redis", "redis_url": redis_url, "key_prefix": prefix}
    r = redis.Redis.from_url(redis_url)
    try:
        with JsonServer(latency_s=0.02) as upstream:
            plan = _plan(tmp_path, upstream, budget, store.url)
            with serving(plan, tmp_path / "serve.log", workers=WORKERS) as served:
                assert _workers(served.proc.pid) == WORKERS
                statuses = await fire([served.url], key, N)
            _check(statuses, upstream)
        (counters,) = [
            k
            for k in r.scan_iter(f"{prefix}:budget:*")
            if not k.endswith((b":res", b":amt", b":late", b":epoch"))
        ]
        assert float(r.hget(counters, "spent")) == pytest.approx(ALLOWED * PRICE)
        assert float(r.hget(counters, "reserved")) == pytest.approx(0, abs=1e-9)
    finally:
        keys = list(r.scan_iter(f"{prefix}:*"))
        if keys:
            r.delete(*keys)
        r.close()
        store.close()
