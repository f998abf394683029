"""The chat path between admission and the answer: model, reserve, route, call, settle.

`Guard.chat` and `Guard.chat_stream` run this inside the same `Admission` as
`Guard.invoke` (auth, input guardrails over every message, rate limit, one trace); what
differs from one input is here: the public model and its output allowance, the budget
reserved on the whole conversation and ``max_tokens``, the upstreams tried in order (the
kill switch sends everything to the plan's fallback), and settling on the usage billed —
for a stream also when it is cut or its reader leaves: then on what was produced.

When an upstream reports no usage, the settle counts the bound the reservation used
(one token per UTF-8 byte of the prompt, of the answer), so spend never falls below
what could have been billed.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from phaseone.chat import ChatMessage
from phaseone.errors import GuardRefusal, TargetError
from phaseone.guard.admission import Admitted
from phaseone.guard.budget import estimate_max_cost
from phaseone.guard.chat_models import ServedModel, ServedModels
from phaseone.guard.holdback import OutputGuard
from phaseone.guard.ratelimit import RateLimits
from phaseone.guard.recording import Recorder
from phaseone.guard.refusals import InvalidInput, Unavailable, UpstreamTimeout
from phaseone.guard.resilience import CircuitBreaker, KillSwitch
from phaseone.guard.routing import Routes, refusal_for
from phaseone.guard.shadow import ShadowCopies
from phaseone.guard.spending import Reservation, Spending
from phaseone.guard.tool_calls import HeldToolCalls, scan_tool_calls
from phaseone.store.trace_row import TraceRow
from phaseone.targets.base import Target, cost_of
from phaseone.targets.chat import (
    ChatChunk,
    ChatCompletion,
    ChatRequest,
    ChatUpstream,
    ChatUsage,
    EmbeddingsUnsupported,
    chat_cost,
)
from phaseone.targets.chat_openai import usage_of
from phaseone.targets.chat_target import TargetUpstream
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of

log = logging.getLogger("phaseone.guard")

#: The routes whose answers are the model itself (not degraded): traced under their own
#: name, and copied to the shadow.
_SHADOWED = ("primary", "canary")


@dataclass(slots=True, frozen=True)
class Attempt:
    """One way to answer: the route's name (``primary``, ``canary``, ``fallback``,
    ``kill_switch``) and the upstream."""

    route: str
    upstream: ChatUpstream
    #: The code of the failure that moved the request on to this attempt (None: the
    #: first one tried answered); a fallback's trace records it as its `error_kind`.
    after: str | None = None


@dataclass(slots=True)
class ChatAnswer:
    """A whole answer, as the client gets it."""

    completion: ChatCompletion
    #: primary | canary | fallback | kill_switch
    route: str
    model: str
    request_id: str
    #: The usage billed (the upstream's, or the bound when it reported none).
    usage: ChatUsage
    cost: float


@dataclass(slots=True)
class ChatStart:
    """The first event of a stream: the answer has begun (an upstream sent its first
    chunk), and who gives it. Until then every failure is a refusal with its status."""

    route: str
    model: str
    request_id: str
    time_to_first_chunk_ms: float


def messages_input(req: ChatRequest) -> list[object]:
    """What the input guardrails read of a conversation: every message's content (system,
    user, assistant history, tool results), then the tool calls of the assistant turns
    that made them (their arguments are text the model reads too). Only the values: the
    roles and field names are the gateway's own words, and scanning them costs time."""
    items: list[object] = [m.content for m in req.messages]
    items.extend(m.tool_calls for m in req.messages if m.tool_calls)
    return items


def with_checked(req: ChatRequest, checked: object) -> ChatRequest:
    """`req` with the contents and tool calls the input guardrails passed (redacted when
    the plan says so); `req` itself when they are unchanged."""
    n = len(req.messages)
    if not isinstance(checked, list) or len(checked) < n:
        return req
    calls = iter(checked[n:])
    messages = []
    changed = False
    for m, content in zip(req.messages, checked, strict=False):
        tool_calls = next(calls, m.tool_calls) if m.tool_calls else None
        if content is not m.content or tool_calls is not m.tool_calls:
            changed = True
            m = ChatMessage(m.role, content, m.name, tool_calls, m.tool_call_id)
        messages.append(m)
    if not changed:
        return req
    return ChatRequest(
        req.model, messages, req.max_tokens, req.stream, req.include_usage, req.extra
    )


def bound_usage(req: ChatRequest, produced: str) -> ChatUsage:
    """The most a request could be billed for when its upstream says nothing."""
    return ChatUsage(req.max_prompt_tokens(), max_tokens_of(produced))


class ChatCalls:
    """The chat path of one guard."""

    def __init__(
        self,
        models: ServedModels,
        spending: Spending,
        kill_switch: KillSwitch,
        fallback: Target | None,
        recorder: Recorder,
        output: OutputGuard | None = None,
        rate_limits: RateLimits | None = None,
        routes: Routes | None = None,
        shadow: ShadowCopies | None = None,
    ) -> None:
        self.models = models
        #: Where a model's shadow copies run (`ServedModel.shadow`), None without one.
        self.shadow = shadow
        #: The guard's routes: their circuit breakers, one per upstream label (shared with
        #: `/v1/invoke` when both call the same service), and the metrics' breaker gauge.
        self.routes = routes
        #: Counts each answer's tokens against the key's `tokens_per_minute`.
        self.rate_limits = rate_limits if rate_limits and rate_limits.counts_tokens else None
        #: The output guardrails (None when all are off): whole answers are scanned, streams
        #: pass a hold-back window (`holdback.py`).
        self.output = output if output is not None and output.active else None
        self.spending = spending
        self.kill_switch = kill_switch
        self.recorder = recorder
        #: The plan's `resilience.fallback`, served as a chat model: the last fallback of
        #: every model, and the only answer while the kill switch is on.
        self.fallback = (
            Attempt("fallback", TargetUpstream(fallback, model=fallback.label))
            if fallback is not None
            else None
        )
        #: Each model's attempts in order, without a canary (`_in_order`).
        self._orders: dict[str, tuple[ServedModel, tuple[Attempt, ...]]] = {}

    # -- before the call ----------------------------------------------------------------

    async def attempts(self, model: ServedModel) -> Sequence[Attempt]:
        """The upstreams to try, in order."""
        ks = self.kill_switch
        if ks.stale():
            await ks.reread()
        if ks.is_on():
            if self.fallback is None:
                raise Unavailable(
                    "the kill switch is on and there is no fallback", code="kill_switch"
                )
            return [Attempt("kill_switch", self.fallback.upstream)]
        if model.canary is not None:
            share = (
                self.routes.canary_percent(model.canary_percent)
                if self.routes is not None
                else model.canary_percent
            )
            if random.random() * 100 < share:
                # The canary's share: tried first; the model's own upstreams back it up.
                out = [Attempt("canary", model.canary)]
                out += (Attempt("fallback", u) for u in model.upstreams)
                if self.fallback is not None:
                    out.append(self.fallback)
                return out
        return self._in_order(model)

    def _in_order(self, model: ServedModel) -> tuple[Attempt, ...]:
        """The model's upstreams, then the plan's fallback: the same on every request
        that is not a canary's, so made once per model (`Attempt` is frozen)."""
        known = self._orders.get(model.name)
        if known is not None and known[0] is model:
            return known[1]
        out = [
            Attempt("primary" if i == 0 else "fallback", u) for i, u in enumerate(model.upstreams)
        ]
        if self.fallback is not None:
            out.append(self.fallback)
        order = tuple(out)
        self._orders[model.name] = (model, order)
        return order

    async def _prepare(
        self, a: Admitted, req: ChatRequest
    ) -> tuple[ServedModel, ChatRequest, int, Sequence[Attempt], Reservation]:
        model = self.models.get(req.model)
        a.trace.model = model.name
        req = with_checked(req, a.checked.target_input)
        max_tokens = model.output_tokens(req)
        attempts = await self.attempts(model)
        a.trace.chosen_route = attempts[0].route
        prompt = req.max_prompt_tokens()
        # A failed call is not paid for, so the dearest upstream's worst case covers
        # whichever of them answers.
        worst = max(estimate_max_cost(t.upstream.price, prompt, max_tokens) for t in attempts)
        held = await self.spending.reserve_amount(a.hold, a.key, worst)
        return model, req, max_tokens, attempts, held

    # -- a whole answer -----------------------------------------------------------------

    async def complete(self, a: Admitted, req: ChatRequest) -> ChatAnswer:
        model, req, max_tokens, attempts, held = await self._prepare(a, req)
        actual = 0.0
        try:
            answer, used = await self._first_answer(attempts, req, max_tokens)
            usage = answer.usage or bound_usage(req, answer.content or "")
            actual = max(0.0, chat_cost(used.upstream.price, usage))
        finally:
            await self.spending.settle(held, actual)
        if self.rate_limits is not None:
            await self.rate_limits.spend(a.key, usage.total_tokens)
        self._trace(a.trace, used, usage, actual)
        pii_free = self._scan_answer(answer, a.trace) if self.output is not None else False
        await self.recorder.keep_output(a.trace, answer.content, pii_free=pii_free)
        self._shadow(model, used, req, max_tokens, a)
        return ChatAnswer(answer, used.route, model.name, a.trace.id, usage, actual)

    def _scan_answer(self, answer: ChatCompletion, trace: TraceRow) -> bool:
        """The output guardrails on a whole answer: its text and its tool calls' arguments
        (redacted in place; blocked: neither is sent). True when the trace's PII finder
        read the text and found nothing (`Recorder.keep_output`)."""
        assert self.output is not None
        blocked = False
        pii_free = False
        if answer.content:
            scan = self.output.scan(answer.content)
            trace.findings.extend(scan.findings)
            answer.content = scan.text
            blocked = scan.blocked
            pii_free = scan.pii_free and self.output.pii_finder is self.recorder.pii.finder
        if answer.tool_calls and not blocked:
            calls = scan_tool_calls(self.output, answer.tool_calls)
            trace.findings.extend(calls.findings)
            answer.tool_calls = calls.calls
            blocked = calls.blocked
        if blocked:  # OpenAI's convention: an answer withheld by a content filter
            answer.content = "" if answer.content is not None else None
            answer.tool_calls = None
            answer.finish_reason = "content_filter"
            trace.error_kind = "output_blocked"
            return False
        return pii_free

    async def _first_answer(
        self, attempts: Sequence[Attempt], req: ChatRequest, max_tokens: int
    ) -> tuple[ChatCompletion, Attempt]:
        failure: GuardRefusal | None = None
        for at in attempts:
            upstream = at.upstream
            breaker = self._breaker(at)
            if breaker is not None and not breaker.allow():
                failure = Unavailable(
                    f"the circuit breaker of the {at.route} upstream is open", code="circuit_open"
                )
                continue
            try:
                if upstream.times_itself:  # one timer a call, not two
                    answer = await upstream.complete(req, max_tokens)
                else:
                    async with asyncio.timeout(upstream.timeout_s):
                        answer = await upstream.complete(req, max_tokens)
            except (TimeoutError, TargetError) as exc:
                self._verdict(at, breaker, ok=False)
                failure = self._failure(at, exc)
                continue
            except BaseException:
                if breaker is not None:
                    breaker.release()
                raise
            self._verdict(at, breaker, ok=True)
            return answer, (at if failure is None else replace(at, after=failure.code))
        assert failure is not None
        raise failure

    # -- a streamed answer --------------------------------------------------------------

    async def stream(
        self, a: Admitted, req: ChatRequest
    ) -> AsyncGenerator[ChatStart | ChatChunk, None]:
        """`ChatStart`, the deltas in order, then one chunk with the usage billed."""
        model, req, max_tokens, attempts, held = await self._prepare(a, req)
        produced: list[str] = []  # what the upstream sent (and bills)
        sent: list[str] = []  # what the client got (after the output guardrails)
        redactor = self.output.stream() if self.output is not None else None
        # Tool calls are held to the end of the answer, then scanned whole (`tool_calls.py`).
        held_calls = HeldToolCalls(self.output) if self.output is not None else None
        usage: ChatUsage | None = None
        used: Attempt | None = None
        chunks: AsyncIterator[ChatChunk] | None = None
        try:
            used, chunks, first = await self._first_chunk(attempts, req, max_tokens)
            yield ChatStart(
                used.route, model.name, a.trace.id, (time.perf_counter() - a.started) * 1000
            )
            chunk: ChatChunk | None = first
            finish: str | None = None
            blocked = False
            while chunk is not None:
                if chunk.usage is not None:
                    usage = chunk.usage
                text = chunk.content
                if text:
                    produced.append(text)
                    if redactor is not None:
                        text = redactor.feed(text)
                        if redactor.blocked:
                            blocked = True
                            break
                    if text:
                        sent.append(text)
                calls = chunk.tool_calls
                if calls:
                    produced.append(_arguments_of(calls))
                    if held_calls is not None:
                        held_calls.feed(calls)
                        calls = None
                if text or calls:
                    if a.trace.ttft_ms is None:  # the first token the client gets
                        a.trace.ttft_ms = (time.perf_counter() - a.started) * 1000
                    yield ChatChunk(text or None, None, calls)
                finish = chunk.finish_reason or finish
                try:
                    chunk = await anext(chunks, None)  # (as `_next`, one frame less a chunk)
                except TargetError as exc:  # cut mid-stream: the caller gets an error event
                    raise self._failure(used, exc) from None
            if redactor is not None and not blocked:
                rest = redactor.close()
                blocked = redactor.blocked
                if rest:
                    sent.append(rest)
                    if a.trace.ttft_ms is None:
                        a.trace.ttft_ms = (time.perf_counter() - a.started) * 1000
                    yield ChatChunk(rest)
            if held_calls is not None and not blocked:
                last_calls = held_calls.close()
                blocked = held_calls.blocked
                if last_calls:
                    if a.trace.ttft_ms is None:
                        a.trace.ttft_ms = (time.perf_counter() - a.started) * 1000
                    yield ChatChunk(None, None, last_calls)
            if blocked:  # end the answer here: what is withheld never leaves
                a.trace.error_kind = "output_blocked"
                finish = "content_filter"
            yield ChatChunk(finish_reason=finish or "stop")
            yield ChatChunk(usage=usage or bound_usage(req, "".join(produced)))
            self._shadow(model, used, req, max_tokens, a)
        finally:
            if chunks is not None:
                await _close(chunks)
            billed = usage or bound_usage(req, "".join(produced))
            actual = max(0.0, chat_cost(used.upstream.price, billed)) if used is not None else 0.0
            await self.spending.settle(held, actual)
            if used is not None:
                if self.rate_limits is not None:
                    await self.rate_limits.spend(a.key, billed.total_tokens)
                self._trace(a.trace, used, billed, actual)
                if redactor is not None:
                    a.trace.findings.extend(redactor.findings)
                if held_calls is not None:
                    a.trace.findings.extend(held_calls.findings)
                await self.recorder.keep_output(a.trace, "".join(sent))

    async def _first_chunk(
        self, attempts: Sequence[Attempt], req: ChatRequest, max_tokens: int
    ) -> tuple[Attempt, AsyncIterator[ChatChunk], ChatChunk]:
        """The first upstream that starts answering, its stream, and its first chunk."""
        failure: GuardRefusal | None = None
        for at in attempts:
            breaker = self._breaker(at)
            if breaker is not None and not breaker.allow():
                failure = Unavailable(
                    f"the circuit breaker of the {at.route} upstream is open", code="circuit_open"
                )
                continue
            chunks = at.upstream.stream(req, max_tokens)
            try:
                if at.upstream.times_itself:
                    first = await _next(chunks)
                else:
                    async with asyncio.timeout(at.upstream.timeout_s):
                        first = await _next(chunks)
            except (TimeoutError, TargetError) as exc:
                await _close(chunks)
                self._verdict(at, breaker, ok=False)
                failure = self._failure(at, exc)
                continue
            except BaseException:
                await _close(chunks)
                if breaker is not None:
                    breaker.release()
                raise
            self._verdict(at, breaker, ok=True)
            if failure is not None:
                at = replace(at, after=failure.code)
            return at, chunks, first if first is not None else ChatChunk(finish_reason="stop")
        assert failure is not None
        raise failure

    # -- embeddings -----------------------------------------------------------------------

    async def embeddings(
        self, a: Admitted, model_name: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        """The first of the model's upstreams that serves embeddings answers (the kill
        switch stops them: there is no static embedding)."""
        model = self.models.get(model_name)
        a.trace.model = model.name
        ks = self.kill_switch
        if ks.stale():
            await ks.reread()
        if ks.is_on():
            raise Unavailable("the kill switch is on", code="kill_switch")
        texts = a.checked.target_input
        prompt = max_tokens_of(a.checked.text) + MESSAGE_OVERHEAD_TOKENS
        worst = max(estimate_max_cost(u.price, prompt, 0) for u in model.upstreams)
        held = await self.spending.reserve_amount(a.hold, a.key, worst)
        actual = 0.0
        failure: GuardRefusal | None = None
        try:
            for i, upstream in enumerate(model.upstreams):
                at = Attempt(
                    "primary" if i == 0 else "fallback",
                    upstream,
                    failure.code if failure is not None else None,
                )
                try:
                    async with asyncio.timeout(upstream.timeout_s):
                        doc = await upstream.embeddings({**body, "input": texts})
                except EmbeddingsUnsupported:
                    continue
                except (TimeoutError, TargetError) as exc:
                    failure = self._failure(at, exc)
                    continue
                usage = usage_of(doc)
                tokens = usage.prompt_tokens if usage is not None else prompt
                actual = max(0.0, cost_of(upstream.price, tokens, 0))
                if self.rate_limits is not None:
                    await self.rate_limits.spend(a.key, tokens)
                self._trace(a.trace, at, ChatUsage(tokens, 0), actual)
                return {**doc, "model": model.name}
        finally:
            await self.spending.settle(held, actual)
        raise failure or InvalidInput(
            f"the model {model.name!r} serves no embeddings (none of its upstreams has them)",
            code="embeddings_unsupported",
        )

    # -- shared -------------------------------------------------------------------------

    def _shadow(
        self, model: ServedModel, used: Attempt, req: ChatRequest, max_tokens: int, a: Admitted
    ) -> None:
        """A copy to the model's shadow, as `/v1/invoke` makes one: for an answer its
        primary or canary gave (a fallback's answer says nothing about the new version)."""
        if model.shadow is None or self.shadow is None or used.route not in _SHADOWED:
            return
        self.shadow.start_chat(model.shadow, req, max_tokens, a.trace, a.key)

    def _breaker(self, at: Attempt) -> CircuitBreaker | None:
        return self.routes.breaker_for(at.upstream.label) if self.routes is not None else None

    def _verdict(self, at: Attempt, breaker: CircuitBreaker | None, *, ok: bool) -> None:
        """Tell the upstream's breaker how the call went (and the metrics its state)."""
        if breaker is None:
            return
        if ok:
            breaker.success()
        else:
            breaker.failure()
        metrics = self.routes.metrics if self.routes is not None else None
        if metrics is not None:
            metrics.set_circuit(at.upstream.label, breaker.state)

    @staticmethod
    def _failure(at: Attempt, exc: BaseException) -> GuardRefusal:
        """What the caller is told if no later upstream answers (never the upstream's
        address or its answer: the log has those)."""
        if isinstance(exc, TargetError):
            log.warning(
                "upstream %s (%s) failed (%s): %s", at.route, at.upstream.label, exc.kind, exc
            )
            return refusal_for(exc)
        log.warning("upstream %s (%s) timed out", at.route, at.upstream.label)
        return UpstreamTimeout(f"the model gave no answer within {at.upstream.timeout_s:g}s")

    @staticmethod
    def _trace(trace: TraceRow, used: Attempt, usage: ChatUsage, cost: float) -> None:
        trace.route = used.route if used.route in _SHADOWED else "fallback"
        if used.route not in _SHADOWED:
            trace.outcome = "fallback"  # a degraded answer (counted in /metrics)
            if trace.error_kind is None:  # why it is degraded; an output block says more
                trace.error_kind = "kill_switch" if used.route == "kill_switch" else used.after
        trace.target_version = used.upstream.model
        trace.input_tokens = usage.prompt_tokens
        trace.output_tokens = usage.completion_tokens
        trace.cost = cost


def _arguments_of(deltas: list[dict[str, Any]]) -> str:
    """The model-written text of tool-call deltas (what the upstream bills for them)."""
    parts: list[str] = []
    for d in deltas:
        fn = d.get("function") if isinstance(d, dict) else None
        if isinstance(fn, dict):
            parts.extend(v for v in (fn.get("name"), fn.get("arguments")) if isinstance(v, str))
    return "".join(parts)


async def _next(chunks: AsyncIterator[ChatChunk]) -> ChatChunk | None:
    """The next chunk, None at the end."""
    try:
        return await anext(chunks)
    except StopAsyncIteration:
        return None


async def _close(chunks: AsyncIterator[ChatChunk]) -> None:
    closer = getattr(chunks, "aclose", None)
    if closer is not None:
        try:
            await closer()
        except Exception:  # a broken upstream stream must not hide the request's outcome
            log.debug("closing an upstream stream failed", exc_info=True)


__all__ = ["Attempt", "ChatAnswer", "ChatCalls", "ChatStart", "messages_input"]
