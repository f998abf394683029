"""SIGTERM under load loses no trace: every request that got a 200 has its row.

The flush interval is set far longer than the test, so the rows can only come from
the flush on graceful shutdown.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import aiohttp
from guardkit import start_serve, write_plan
from sqlalchemy import select

from phaseone.store import Store
from phaseone.store.keys import create_key
from phaseone.store.models import Trace
from servers import JsonServer


async def test_sigterm_under_load_keeps_every_answered_trace(tmp_path: Path) -> None:
    store_url = f"sqlite:///{tmp_path / 't.db'}"
    with JsonServer(latency_s=0.02) as upstream:
        loaded = write_plan(
            tmp_path,
            {"monitoring": {"flush_interval_s": 60}, "rate_limit": None},
            target={"kind": "http", "url": upstream.url},
            store_url=store_url,
        )
        store = Store(store_url)
        key = create_key(store, "load")
        served = start_serve(loaded.path, tmp_path / "serve.log")
        proc, url = served.proc, served.url + "/v1/invoke"
        answered: list[str] = []
        failed = 0
        stop = asyncio.Event()

        async def worker(session: aiohttp.ClientSession) -> None:
            nonlocal failed
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    async with session.post(
                        url, json={"input": f"m{i}"}, headers={"authorization": f"Bearer {key}"}
                    ) as resp:
                        body = await resp.json()
                        if resp.status == 200:
                            answered.append(body["request_id"])
                except (aiohttp.ClientError, ValueError):
                    failed += 1
                    await asyncio.sleep(0.01)

        async with aiohttp.ClientSession() as session:
            tasks = [asyncio.create_task(worker(session)) for _ in range(16)]
            await asyncio.sleep(1.5)
            in_flight_before = upstream.in_flight
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)
            stop.set()
            await asyncio.gather(*tasks)
        # uvicorn re-raises the captured SIGTERM after its graceful shutdown
        assert await asyncio.to_thread(proc.wait, 30) in (0, -signal.SIGTERM)
    assert len(answered) > 50 and in_flight_before >= 0
    with store.session() as s:
        stored = set(s.scalars(select(Trace.id)))
    missing = set(answered) - stored
    assert not missing, f"{len(missing)} of {len(answered)} answered requests have no trace"
    store.close()
