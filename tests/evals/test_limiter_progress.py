"""The AIMD limiter's arithmetic and the plain (non-TTY) progress lines."""

from __future__ import annotations

import asyncio
import io

from phaseone.evals.limiter import AdaptiveLimiter
from phaseone.evals.progress import NullProgress, PlainProgress, make_progress


async def test_throttle_halves_once_per_burst_then_recovers_additively() -> None:
    lim = AdaptiveLimiter(16)
    lim.throttle(0.0)
    assert lim.effective == 8
    lim.throttle(0.0)  # same burst (within the pause window): no second halving
    assert lim.effective == 8
    assert lim.stats.throttled == 2 and lim.stats.min_limit == 8
    for _ in range(200):
        await lim.acquire()
        lim.release(ok=True)
    assert lim.effective == 16  # back to full speed, never above it
    assert lim.in_flight == 0


async def test_waiters_get_slots_as_calls_finish() -> None:
    lim = AdaptiveLimiter(2)
    await lim.acquire()
    await lim.acquire()
    third = asyncio.create_task(lim.acquire())
    await asyncio.sleep(0)
    assert not third.done()  # no free slot
    lim.release(ok=True)
    await asyncio.wait_for(third, 1)
    assert lim.in_flight == 2


async def test_cancelled_waiter_leaves_no_trace() -> None:
    lim = AdaptiveLimiter(1)
    await lim.acquire()
    waiter = asyncio.create_task(lim.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    lim.release(ok=True)
    await asyncio.wait_for(lim.acquire(), 1)
    assert lim.in_flight == 1


def test_plain_progress_lines_for_ci_logs() -> None:
    out = io.StringIO()
    p = PlainProgress(out, every_s=0.0)
    p.start("spam (pilot)", 4, already_done=1)
    p.advance(passed=True, error=False, cached=False)
    p.advance(passed=False, error=False, cached=True)
    p.advance(passed=None, error=True, cached=False)
    p.stop()
    last = out.getvalue().strip().splitlines()[-1]
    assert last.startswith("spam (pilot): 4/4")
    assert "pass 50.0%" in last and "errors 1" in last and "cached 1" in last
    assert "\x1b" not in out.getvalue()  # no terminal control codes in logs


def test_make_progress_picks_by_terminal() -> None:
    assert isinstance(make_progress(False), NullProgress)
    assert isinstance(make_progress(True, io.StringIO()), PlainProgress)
