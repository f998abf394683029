"""The one guarded call's frame: a request in, admitted or refused, recorded exactly once.

Every route into the guard (`Guard.invoke`, the chat path, streamed or not) runs inside
an `Admission`: on entry it authenticates the key, checks the input guardrails over the
whole input (for a chat: every message, tool results included) and takes a rate-limit
token; on exit — answered, refused, failed, cancelled, or a stream the client left — it
gives the budget hold id back and records the request's trace once, with the status the
caller saw. What happens between (reserve, route, call, output guard, settle) is the
caller's: it differs between one input and a conversation, the frame does not.

It is a class with ``__aenter__``/``__aexit__`` rather than an ``asynccontextmanager``:
it runs on every request, and a generator-based manager costs several microseconds more.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from phaseone.errors import GuardRefusal
from phaseone.guard.auth import Authenticator
from phaseone.guard.input_guardrails import CheckedInput, InputGuardrails
from phaseone.guard.ratelimit import RateLimits
from phaseone.guard.recording import Recorder
from phaseone.guard.spending import Spending
from phaseone.store.keys import KeyRecord
from phaseone.store.trace_row import TraceRow


@dataclass(slots=True)
class GuardRequest:
    """What a caller asks the guard: who (the key), under which id, and the input the
    guardrails read."""

    request_id: str
    api_key: str | None
    #: What the input guardrails check (and what a target receives, redacted as the plan
    #: says): any JSON value; for a chat, the list of its messages.
    input: Any
    #: The key scope the route needs.
    scope: str = "invoke"


@dataclass(slots=True)
class Admitted:
    """A request that passed auth, the input guardrails and the rate limit."""

    key: KeyRecord
    checked: CheckedInput
    #: The request's trace; the stages after admission fill in route, tokens, cost.
    trace: TraceRow
    #: The id its budget reservation is held under (`Spending.hold_id`).
    hold: str
    #: `time.perf_counter()` when the request arrived.
    started: float

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000


class Admissions:
    """Makes the `Admission` of each request for one guard's stages."""

    __slots__ = ("auth", "inputs", "project", "rate_limits", "recorder", "spending")

    def __init__(
        self,
        project: str,
        auth: Authenticator,
        inputs: InputGuardrails,
        rate_limits: RateLimits,
        spending: Spending,
        recorder: Recorder,
    ) -> None:
        self.project = project
        self.auth = auth
        self.inputs = inputs
        self.rate_limits = rate_limits
        self.spending = spending
        self.recorder = recorder

    def __call__(self, request: GuardRequest) -> Admission:
        return Admission(self, request)


class Admission:
    """``async with admissions(request) as admitted:`` — see the module docstring."""

    __slots__ = ("hold", "parts", "request", "started", "trace")

    def __init__(self, parts: Admissions, request: GuardRequest) -> None:
        self.parts = parts
        self.request = request
        self.started = time.perf_counter()
        self.trace = TraceRow(request.request_id, parts.project)
        self.hold = parts.spending.hold_id(request.request_id)

    async def __aenter__(self) -> Admitted:
        p, r, trace = self.parts, self.request, self.trace
        try:
            key = await p.auth.aauthenticate(r.api_key, r.scope)
            trace.key_name = key.name
            checked = await p.inputs.check(r.input, trace)
            await p.rate_limits.check(key)
        except BaseException as exc:
            self._close(exc)
            raise
        return Admitted(key, checked, trace, self.hold, self.started)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close(exc)

    def _close(self, exc: BaseException | None) -> None:
        """Mark how the request ended, give back its hold id, record its trace."""
        trace = self.trace
        try:
            if isinstance(exc, GuardRefusal):
                exc.request_id = self.request.request_id
                trace.status_code = exc.status
                trace.error_kind = exc.code
                if trace.outcome == "ok":
                    trace.outcome = "refused" if exc.status < 500 else "error"
            elif exc is not None:
                # A bug, the caller cancelled, or a stream's reader left: never a silent "ok".
                gone = isinstance(exc, asyncio.CancelledError | GeneratorExit)
                trace.outcome = "error"
                trace.status_code = 499 if gone else 500
                trace.error_kind = "cancelled" if gone else "internal"
        finally:
            self.parts.spending.release_id(self.hold)
            self.parts.recorder.finish(trace, time.perf_counter() - self.started)


__all__ = ["Admission", "Admissions", "Admitted", "GuardRequest"]
