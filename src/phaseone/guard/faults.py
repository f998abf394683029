"""Fault injection: wrap any Target so it errors, answers slowly or hangs.

Used by tests and by the gate's probes to exercise resilience for real. The mode can
be changed while the target is in use (e.g. ``error`` to open the circuit, then ``ok``
to watch it close again).
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.errors import TargetConnectionError, TargetStatusError
from phaseone.targets.base import Target, TargetResponse

MODES = ("ok", "error", "slow", "hang", "connection", "fail_first")


class FaultyTarget:
    """A Target that misbehaves on purpose.

    Args:
        inner: the real target answering in ``ok`` mode (and after ``fail_first``).
        mode: ``ok``; ``error`` (HTTP `status`, transient when 5xx); ``slow`` (sleep
            `delay_s`, then answer); ``hang`` (never answer; the guard's timeout must act);
            ``connection`` (connection refused); ``fail_first`` (the first `fail_times`
            calls fail with `status`, then ``ok``).
    """

    def __init__(
        self,
        inner: Target,
        mode: str = "error",
        *,
        delay_s: float = 1.0,
        status: int = 503,
        fail_times: int = 1,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown fault mode {mode!r}; one of {', '.join(MODES)}")
        self.inner = inner
        self.mode = mode
        self.delay_s = delay_s
        self.status = status
        self.fail_times = fail_times
        self.calls = 0
        self.price = inner.price
        self.label = f"faulty({mode}) {inner.label}"
        self.fingerprint = inner.fingerprint

    async def call(self, input: Any, *, case: Any = None) -> TargetResponse:
        self.calls += 1
        mode = self.mode
        if mode == "fail_first":
            mode = "error" if self.calls <= self.fail_times else "ok"
        if mode == "error":
            raise TargetStatusError(f"injected HTTP {self.status}", status=self.status)
        if mode == "connection":
            raise TargetConnectionError("injected: connection refused")
        if mode == "hang":
            await asyncio.Event().wait()
        if mode == "slow":
            await asyncio.sleep(self.delay_s)
        return await self.inner.call(input, case=case)

    async def aclose(self) -> None:
        await self.inner.aclose()
