"""Shadow copies (`controls.rollout.shadow`): the same input sent to a second target in
the background, its answer stored beside the live one's trace and never returned.

The chat models that serve the plan's target send their copies here too
(`start_chat`): the same conversation to the model's shadow upstream.

A copy costs real money, so it reserves against the project's budget first and is
skipped when there is no room (`Spending.reserve_shadow`). Its answer is redacted like
any output before it is stored.
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.datasets.base import Case
from phaseone.guard.budget import estimate_max_cost
from phaseone.guard.pii import PiiStage
from phaseone.guard.routing import Route
from phaseone.guard.spending import Spending
from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.guard.tracing import TraceWriter
from phaseone.store.keys import KeyRecord
from phaseone.store.trace_row import TraceRow
from phaseone.targets.base import Target
from phaseone.targets.chat import ChatRequest, ChatUpstream, ChatUsage, chat_cost
from phaseone.targets.tokens import max_tokens_of

_NO_ROOM = {
    "skipped": "budget",
    "message": "no room in the project budget, or its backend is unreachable",
}


class ShadowCopies:
    """The shadow target of one guard and the copies in flight."""

    def __init__(
        self,
        target: Target | None,
        spending: Spending,
        pii: PiiStage,
        writer: TraceWriter | ProcessTraceWriter | None,
        *,
        max_tokens: int,
        timeout_s: float,
    ) -> None:
        #: `/v1/invoke`'s shadow (None: only the chat models have one, `start_chat`).
        self.target = target
        self.route = Route("shadow", target, None, max_tokens, None) if target else None
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

    def start_chat(
        self,
        upstream: ChatUpstream,
        req: ChatRequest,
        max_tokens: int,
        trace: TraceRow,
        key: KeyRecord,
    ) -> None:
        """A chat model's copy: the same conversation to its shadow upstream, whole (a
        streamed request's copy too: nobody reads it as it comes)."""
        task = asyncio.get_running_loop().create_task(
            self._run_chat(upstream, req, max_tokens, trace, key)
        )
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(
        self, target_input: Any, trace: TraceRow, key: KeyRecord, text: str, case: Case | None
    ) -> None:
        assert self.target is not None and self.route is not None
        held = await self.spending.reserve_shadow(
            trace.id, key, self.route, target_input, text, case
        )
        actual = 0.0
        try:
            if held is None:
                out: Any = _NO_ROOM
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
        self._keep(trace, out)

    async def _run_chat(
        self,
        upstream: ChatUpstream,
        req: ChatRequest,
        max_tokens: int,
        trace: TraceRow,
        key: KeyRecord,
    ) -> None:
        worst = estimate_max_cost(upstream.price, req.max_prompt_tokens(), max_tokens)
        held = await self.spending.reserve_shadow_amount(trace.id, key, worst)
        actual = 0.0
        try:
            if held is None:
                out: Any = _NO_ROOM
            else:
                async with asyncio.timeout(min(self.timeout_s, upstream.timeout_s)):
                    answer = await upstream.complete(req, max_tokens)
                content = answer.content or ""
                usage = answer.usage or ChatUsage(req.max_prompt_tokens(), max_tokens_of(content))
                actual = max(0.0, chat_cost(upstream.price, usage))
                out = self.pii.redact_for_trace(content)
        except Exception as exc:
            out = {"error": type(exc).__name__, "message": str(exc)[:200]}
        finally:
            if held is not None:
                await self.spending.settle(held, actual)
        self._keep(trace, out)

    def _keep(self, trace: TraceRow, out: Any) -> None:
        """The copy's answer to the request's trace, or to its row once recorded."""
        if trace.recorded:
            if self.writer is not None:
                self.writer.update(trace.id, {"shadow_output": out})
        else:
            trace.shadow_output = out

    async def wait(self, timeout_s: float = 5.0) -> None:
        """Wait at most `timeout_s` for the copies in flight (before the traces are flushed)."""
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=timeout_s)
