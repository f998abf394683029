"""Shadow copies (`controls.rollout.shadow`): the same input sent to a second target in
the background, its answer stored beside the live one's trace and never returned.

A copy costs real money, so it reserves against the project's budget first and is
skipped when there is no room (`Spending.reserve_shadow`). Its answer is redacted like
any output before it is stored.
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.datasets.base import Case
from phaseone.guard.pii import PiiStage
from phaseone.guard.routing import Route
from phaseone.guard.spending import Spending
from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.guard.tracing import TraceWriter
from phaseone.store.keys import KeyRecord
from phaseone.store.trace_row import TraceRow
from phaseone.targets.base import Target


class ShadowCopies:
    """The shadow target of one guard and the copies in flight."""

    def __init__(
        self,
        target: Target,
        spending: Spending,
        pii: PiiStage,
        writer: TraceWriter | ProcessTraceWriter | None,
        *,
        max_tokens: int,
        timeout_s: float,
    ) -> None:
        self.target = target
        self.route = Route("shadow", target, None, max_tokens, None)
        self.spending = spending
        self.pii = pii
        self.writer = writer
        self.timeout_s = timeout_s
        #: Copies still running (`aclose` waits for them briefly).
        self.tasks: set[asyncio.Task[None]] = set()

    def start(
        self, target_input: Any, trace: TraceRow, key: KeyRecord, text: str, case: Case | None
    ) -> None:
        """Send a copy in the background; its answer (or why there is none) goes to the
        request's trace, or to its stored row when the trace was already recorded."""
        task = asyncio.get_running_loop().create_task(
            self._run(target_input, trace, key, text, case)
        )
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(
        self, target_input: Any, trace: TraceRow, key: KeyRecord, text: str, case: Case | None
    ) -> None:
        held = await self.spending.reserve_shadow(
            trace.id, key, self.route, target_input, text, case
        )
        actual = 0.0
        try:
            if held is None:
                out: Any = {
                    "skipped": "budget",
                    "message": "no room in the project budget, or its backend is unreachable",
                }
            else:
                async with asyncio.timeout(self.timeout_s):
                    resp = await self.target.call(target_input)
                actual = resp.cost or 0.0
                out = self.pii.redact_for_trace(resp.output)
        except Exception as exc:
            out = {"error": type(exc).__name__, "message": str(exc)[:200]}
        finally:
            if held is not None:
                await self.spending.settle(held, actual)
        if trace.recorded:
            if self.writer is not None:
                self.writer.update(trace.id, {"shadow_output": out})
        else:
            trace.shadow_output = out

    async def wait(self, timeout_s: float = 5.0) -> None:
        """Wait at most `timeout_s` for the copies in flight (before the traces are flushed)."""
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=timeout_s)
