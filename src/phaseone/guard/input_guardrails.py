"""The input's checks, in order: limits (size, depth), PII, prompt injection.

What passes is a `CheckedInput`: what the target receives (redacted when the plan says
so), what the trace stores, and the text the later stages measure. Each finding is
added to the request's trace, including the one that blocks it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from phaseone.guard.injection import InjectionStage, text_of
from phaseone.guard.limits import InputLimits
from phaseone.guard.pii import PiiStage
from phaseone.guard.refusals import Blocked
from phaseone.guard.seen_texts import is_messages
from phaseone.store.trace_row import TraceRow


@dataclass(frozen=True)
class CheckedInput:
    """An input that passed the checks."""

    #: What the target receives (the input as sent, or redacted).
    target_input: Any
    #: The text of `target_input` (the budget bounds its tokens with it).
    text: str


class InputGuardrails:
    """The plan's limits and input guardrails (`controls.limits`, `controls.guardrails`)."""

    def __init__(
        self, limits: InputLimits, pii: PiiStage, injection: InjectionStage, *, store_io: bool
    ) -> None:
        self.limits = limits
        self.pii = pii
        self.injection = injection
        #: Whether traces keep inputs and outputs (`controls.monitoring.store_io`).
        self.store_io = store_io

    async def check(self, input: Any, trace: TraceRow) -> CheckedInput:
        """Refuse the input (413/422) or return what the target gets; fills the trace's
        ``input`` and ``findings``."""
        findings = trace.findings
        text = self.limits.check(input)
        # A conversation's messages are read one by one, each once per key (`seen_texts`).
        key = (trace.key_name or "") if is_messages(input) else None
        try:
            if self.pii.offload:  # a model-based finder: off the event loop
                target_input, stored_input, pii_finding = await asyncio.to_thread(
                    self.pii.apply, input
                )
            else:
                target_input, stored_input, pii_finding = self.pii.apply(input, key)
        except Blocked as exc:
            trace.input = getattr(exc, "stored_input", None) if self.store_io else None
            findings.append(exc.finding or {})
            raise
        if self.store_io:
            trace.input = stored_input
        if pii_finding is not None:
            findings.append(pii_finding)
            if target_input is not input:
                text = text_of(target_input)
        try:
            if self.injection.offload:  # a model or an LLM judge: off the event loop
                injection = await asyncio.to_thread(self.injection.check, text)
            elif key is not None:
                # Still a conversation: the PII stage returns the list or a redacted copy
                # of it. `text_of` joins a conversation's contents last first.
                parts = target_input[::-1]
                injection = self.injection.check(text, parts, key)
            else:
                injection = self.injection.check(text)
        except Blocked as exc:
            findings.append(exc.finding or {})
            raise
        if injection is not None:
            findings.append(injection)
        return CheckedInput(target_input, text)
