"""The kill switch bites on the very first request after it is flipped, on an idle gateway.

The guard caches the switch for KILL_SWITCH_TTL_S so that, under load, no request reads
the database for it. Before, a stale reading was refreshed in the background and the
request went on with the old value: the first request after `phaseone kill-switch on`
on a quiet gateway still reached the primary. Now a request that finds the reading
stale waits for one fresh read (shared by the requests that arrive meanwhile).
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from builders import PROJECT, go_plan_dict, loaded_plan

from phaseone.gate.probes.harness import ProbeTarget
from phaseone.guard import Guard
from phaseone.guard import resilience as res
from phaseone.store.database import Store
from phaseone.store.settings import set_kill_switch


@pytest.fixture
def store(tmp_path: Path) -> Any:
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.close()


async def _guard(tmp_path: Path, store: Store) -> Guard:
    """The GO plan's guard (fallback: static text) without spend or rate controls."""
    d = go_plan_dict()
    d["controls"].update(budget=None, rate_limit=None)
    loaded = loaded_plan(tmp_path, d)
    return Guard.from_plan(loaded, store, target=ProbeTarget(), auth_required=False)


async def test_first_request_after_on_and_off_on_an_idle_guard(
    tmp_path: Path, store: Store
) -> None:
    guard = await _guard(tmp_path, store)
    try:
        assert (await guard.invoke("before")).route == "primary"
        await asyncio.sleep(res.KILL_SWITCH_TTL_S + 0.1)  # idle
        set_kill_switch(store, PROJECT, True)
        first = await guard.invoke("first after on")
        assert (first.route, first.output) == ("fallback", "sorry, try later")
        await asyncio.sleep(res.KILL_SWITCH_TTL_S + 0.1)
        set_kill_switch(store, PROJECT, False)
        assert (await guard.invoke("first after off")).route == "primary"
    finally:
        await guard.aclose()


async def test_under_load_the_switch_is_read_at_most_once_per_ttl(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No database read per request: back-to-back requests share one reading, renewed at
    most once per TTL less the refresh lead."""
    reads = 0
    real = res.kill_switch_on

    def counting(*a: Any) -> bool:
        nonlocal reads
        reads += 1
        return real(*a)

    monkeypatch.setattr(res, "kill_switch_on", counting)  # the name the guard calls
    guard = await _guard(tmp_path, store)
    try:
        reads = 0
        t0 = time.monotonic()
        n = 0
        while time.monotonic() - t0 < 3 * res.KILL_SWITCH_TTL_S:
            await asyncio.gather(*(guard.invoke(f"load {n + i}") for i in range(10)))
            n += 10
        elapsed = time.monotonic() - t0
    finally:
        await guard.aclose()
    assert n >= 50  # it was load
    renew_s = res.KILL_SWITCH_TTL_S - res.KILL_SWITCH_REFRESH_AHEAD_S
    assert 1 <= reads <= elapsed / renew_s + 2, (reads, n, elapsed)


async def test_a_store_that_hangs_delays_a_request_by_the_read_wait_at_most(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from phaseone.store import settings

    guard = await _guard(tmp_path, store)
    monkeypatch.setattr(res, "KILL_SWITCH_READ_WAIT_S", 0.2)
    release = threading.Event()

    def hanging(*a: Any) -> bool:
        release.wait(5)  # the store hangs until the test ends (the worker is freed at once)
        return True

    monkeypatch.setattr(settings, "kill_switch_on", hanging)
    try:
        await asyncio.sleep(res.KILL_SWITCH_TTL_S + 0.1)
        t0 = time.monotonic()
        r = await guard.invoke("store hangs")
        assert r.route == "primary"  # the last known value
        assert time.monotonic() - t0 < 1.0
    finally:
        release.set()
        await guard.aclose()
