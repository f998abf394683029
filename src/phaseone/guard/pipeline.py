"""The guard pipeline: every request passes the same stages, in this order.

authenticate → input guardrails (limits, PII, injection: `input_guardrails.py`) → rate
limit (`ratelimit.py`) → reserve budget (`spending.py`) → call the target with
resilience (kill switch, canary, circuit breaker, timeout, retries, fallback:
`routing.py`) → output schema (`output.py`) → settle budget → output guardrails (PII,
secrets, exfiltration links, the canary in a string answer or any string of a JSON one:
`output_values.py`) → shadow copy (`shadow.py`) → trace + metrics (`recording.py`).

A refusal raises a `GuardRefusal` subclass (status + code); everything that happened,
refused or not, ends in exactly one trace row. The hot path does no I/O with the
memory backends: keys are cached, patterns precompiled, traces enqueued for a
background writer.

`Guard` only wires the stages together and runs them in order; each stage's rules are
in its own module.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import GuardRefusal
from phaseone.guard.admission import Admissions, GuardRequest
from phaseone.guard.auth import Authenticator
from phaseone.guard.budget import BudgetBackend
from phaseone.guard.callable import CallableTarget, StaticTarget
from phaseone.guard.canary_share import CanaryShare
from phaseone.guard.chat import ChatAnswer, ChatCalls, ChatStart, messages_input
from phaseone.guard.chat_models import ServedModels, default_model, served_models
from phaseone.guard.engine_build import build_engines
from phaseone.guard.holdback import OutputGuard
from phaseone.guard.injection import InjectionStage
from phaseone.guard.input_guardrails import InputGuardrails
from phaseone.guard.limits import InputLimits
from phaseone.guard.metrics import GuardMetrics
from phaseone.guard.otel import OtelExporter
from phaseone.guard.output import OutputValidator, replace_invalid
from phaseone.guard.output_values import scan_value
from phaseone.guard.pii import PiiStage
from phaseone.guard.ratelimit import RateBackend, RateLimits
from phaseone.guard.recording import Recorder, trace_writer_for, writer_mode
from phaseone.guard.refusals import Blocked
from phaseone.guard.resilience import KillSwitch
from phaseone.guard.routing import Routes, RouteTargets
from phaseone.guard.shadow import ShadowCopies
from phaseone.guard.spending import Spending, budget_backend_for
from phaseone.guard.trace_row import new_request_id
from phaseone.guard.tracing import WriterMode
from phaseone.plan.components import OpenAITarget
from phaseone.plan.schema import Controls, StaticFallback
from phaseone.store.keys import KeyRecord
from phaseone.store.trace_row import TraceRow
from phaseone.targets import build_target
from phaseone.targets.base import Target
from phaseone.targets.chat import ChatChunk, ChatRequest
from phaseone.targets.chat_target import TargetUpstream


@dataclass
class GuardResult:
    """A request that was answered (by the primary, the canary or the fallback)."""

    output: Any
    request_id: str
    route: str = "primary"  #: primary | canary | fallback
    cost: float = 0.0
    latency_ms: float = 0.0
    input_tokens: int | None = None
    output_tokens: int | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    fallback_used: bool = False
    target_version: str | None = None
    status: int = 200

    def as_response(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "request_id": self.request_id,
            "route": self.route,
            "cost": self.cost,
        }


class Guard:
    """The runtime 20% around one target (or any callable), configured by `Controls`.

    Build it with `Guard.from_plan(loaded, store)`; call `await guard.invoke(input,
    api_key=…)`; close it with `await guard.aclose()` (flushes traces).

    Targets that time their own calls (the http and openai targets) get their timeout
    lowered to ``resilience.timeout_s``: one timer per call instead of two. A target
    instance shared with other code keeps that lower timeout.
    """

    def __init__(
        self,
        controls: Controls | None,
        target: Target | Callable[..., Any],
        *,
        store: Any = None,
        project: str = "default",
        fallback_target: Target | None = None,
        shadow_target: Target | None = None,
        canary_target: Target | None = None,
        canary_percent: float = 0.0,
        target_version: str | None = None,
        canary_version: str | None = None,
        max_output_tokens: int | None = None,
        auth_required: bool | None = None,
        trace_writer: WriterMode = "thread",
        models: ServedModels | None = None,
        base_dir: Path | None = None,
    ) -> None:
        c = controls or Controls()
        self.controls = c
        self.project = project
        self.store = store
        primary: Target = target if _is_target(target) else CallableTarget(target)  # type: ignore[arg-type,assignment]
        fb = c.resilience.fallback
        if fallback_target is None and isinstance(fb, StaticFallback):
            fallback_target = StaticTarget(fb.static)
        # Targets that time their own calls (http, openai) take the guard's timeout, so one
        # timer, not two, runs on each call.
        for t in (primary, canary_target, fallback_target, shadow_target):
            limit = getattr(t, "limit_timeout", None)
            if limit is not None:
                limit(c.resilience.timeout_s)
        # -- the stages, in the order a request meets them
        required = c.auth.required if auth_required is None else auth_required
        self.auth = Authenticator(store, required=required)
        g = c.guardrails
        self.limits = InputLimits(c.limits)
        self.pii = PiiStage.from_plan(g.pii)
        clf = g.injection.classifier
        self.injection = InjectionStage(
            g.injection.action,
            g.injection.threshold,
            classifier=clf.enabled,
            classifier_threshold=clf.threshold,
            # The optional engines' paths are relative to the plan's folder (`base_dir`).
            engines=build_engines(g.injection.engines, base_dir or Path("."))
            if g.injection.action != "off"
            else (),
        )
        store_io = c.monitoring.store_io
        self.inputs = InputGuardrails(self.limits, self.pii, self.injection, store_io=store_io)
        self.rate_limits = RateLimits(c, store)
        self.metrics = GuardMetrics(project) if c.monitoring.metrics else None
        self.writer = (
            trace_writer_for(
                store, c.monitoring.flush_interval_s, c.monitoring.trace_writer, trace_writer
            )
            if store is not None and c.monitoring.tracing
            else None
        )
        if self.metrics is not None and self.writer is not None:
            self.metrics.trace_status = self.writer.status
        budget_backend = (
            budget_backend_for(
                c,
                store,
                self.writer.ledger if self.writer else None,
                self.writer.flush if self.writer else None,
            )
            if c.budget is not None
            else None
        )
        self.output_validator = OutputValidator(g.output_schema) if g.output_schema else None
        self.spending = Spending(
            c.budget,
            budget_backend,
            project,
            self.metrics,
            pays_twice=self.output_validator is not None,
        )
        max_tokens = max_output_tokens or (c.budget.max_output_tokens if c.budget else 512)
        self.kill_switch = KillSwitch(store, project, enabled=c.rollout.kill_switch)
        auto = c.rollout.canary.auto if c.rollout.canary is not None else None
        share = (
            CanaryShare(store, project, c.rollout.canary.identity(), canary_percent)
            if c.rollout.canary is not None
            and auto is not None
            and auto.enabled
            and canary_target is not None
            and store is not None
            else None
        )
        self.routes = Routes(
            RouteTargets(
                primary=primary,
                primary_version=target_version,
                canary=canary_target,
                canary_percent=canary_percent,
                canary_version=canary_version,
                fallback=fallback_target,
            ),
            c.resilience,
            self.kill_switch,
            max_tokens,
            self.metrics,
            share,
        )
        chat_shadow = models is not None and any(m.shadow is not None for m in models)
        self.shadow = (
            ShadowCopies(
                shadow_target,
                self.spending,
                self.pii,
                self.writer,
                max_tokens=max_tokens,
                timeout_s=c.resilience.timeout_s,
            )
            if shadow_target is not None or chat_shadow
            else None
        )
        self.otel = (
            OtelExporter(
                c.monitoring.otel_endpoint,
                project,
                {r.name: r.target for r in self.routes},
            )
            if c.monitoring.otel_endpoint
            else None
        )
        self.recorder = Recorder(
            project,
            self.pii,
            store_io=store_io,
            writer=self.writer,
            metrics=self.metrics,
            otel=self.otel,
        )
        #: The output guardrails (PII, secrets, exfiltration links, the canary) on every
        #: answer, `/v1/invoke`'s and the chat path's; None when all are off.
        output_guard = OutputGuard.from_plan(g, self.pii)
        self.output_guard = output_guard if output_guard.active else None
        #: The public models of the OpenAI-compatible routes (default: the primary target
        #: under the project's name) and the chat path between admission and answer.
        if models is None:
            one = default_model(project, primary)
            if canary_target is not None and canary_percent > 0:
                one.canary = TargetUpstream(canary_target, model=project)
                one.canary_percent = canary_percent
            if shadow_target is not None:
                one.shadow = TargetUpstream(shadow_target, model=project)
            models = ServedModels([one])
        self.models = models
        self.chats = ChatCalls(
            self.models,
            self.spending,
            self.kill_switch,
            self.routes.fallback.target if self.routes.fallback else None,
            self.recorder,
            self.output_guard,
            self.rate_limits,
            self.routes,
            self.shadow,
        )
        #: The frame of every guarded call: auth, input guardrails, rate limit, and the
        #: one trace (`admission.py`).
        self.admit = Admissions(
            project, self.auth, self.inputs, self.rate_limits, self.spending, self.recorder
        )
        self._started = False

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_plan(
        cls,
        loaded: Any,
        store: Any,
        *,
        target: Target | Callable[..., Any] | None = None,
        fallback_target: Target | None = None,
        auth_required: bool | None = None,
        trace_writer: WriterMode = "thread",
    ) -> Guard:
        """A guard for the plan's target (or `target`, e.g. a `FaultyTarget`), configured
        by the plan's `controls` (defaults when the plan has none).

        Args:
            loaded: a `LoadedPlan`.
            store: the `Store` for keys, traces, the kill switch and database backends.
            target: use this instead of building the plan's target.
            fallback_target: use this instead of the plan's `resilience.fallback`.
            auth_required: override `controls.auth.required` (e.g. an in-process caller).
            trace_writer: what `controls.monitoring.trace_writer: auto` means here:
                ``thread`` (the Python API) or ``process`` (`phaseone serve`).
        """
        plan = loaded.plan
        c = plan.controls or Controls()
        base_dir = Path(loaded.base_dir)
        primary = target if target is not None else build_target(plan.target, base_dir)
        fb = c.resilience.fallback
        if fallback_target is None and fb is not None and not isinstance(fb, StaticFallback):
            fallback_target = build_target(fb, base_dir)
        shadow = build_target(c.rollout.shadow, base_dir) if c.rollout.shadow else None
        canary = build_target(c.rollout.canary.target, base_dir) if c.rollout.canary else None
        max_tokens = plan.target.max_tokens if isinstance(plan.target, OpenAITarget) else None
        # The chat routes' models: the plan's `models:`, its openai target (the client's
        # whole conversation passed on), or else the guard's own target.
        models = (
            served_models(plan, base_dir)
            if plan.models or (target is None and isinstance(plan.target, OpenAITarget))
            else None
        )
        return cls(
            c,
            primary,
            store=store,
            project=plan.project.name,
            fallback_target=fallback_target,
            shadow_target=shadow,
            canary_target=canary,
            canary_percent=c.rollout.canary.percent if c.rollout.canary else 0.0,
            target_version=plan.target.version,
            canary_version=c.rollout.canary.target.version if c.rollout.canary else None,
            max_output_tokens=max_tokens,
            auth_required=auth_required,
            trace_writer=trace_writer,
            models=models,
            base_dir=base_dir,
        )

    @property
    def budget_backend(self) -> BudgetBackend | None:
        """Where the budget counters live (None without `controls.budget`)."""
        return self.spending.backend

    @property
    def rate_backend(self) -> RateBackend | None:
        """Where the rate-limit buckets live (None without `controls.rate_limit`)."""
        return self.rate_limits.backend

    def start(self) -> None:
        if not self._started:
            self._started = True
            if self.writer is not None:
                self.writer.start()

    async def aclose(self) -> None:
        """Wait briefly for shadow calls, flush traces, close targets and backends."""
        if self.shadow is not None:
            await self.shadow.wait()
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)
        for closer in (self.budget_backend, self.rate_backend):
            if closer is not None:
                await closer.aclose()
        seen: set[int] = set()
        for r in self.routes:
            if id(r.target) not in seen:
                seen.add(id(r.target))
                await r.target.aclose()
        shadow = self.shadow.target if self.shadow is not None else None
        if shadow is not None and id(shadow) not in seen:
            seen.add(id(shadow))
            await shadow.aclose()
        await self.models.aclose(seen)
        await asyncio.to_thread(self.injection.close)
        if self.otel is not None:
            await asyncio.to_thread(self.otel.shutdown)
        self._started = False

    def flush(self) -> None:
        """Write queued traces now (tests, `phaseone capture` right after traffic)."""
        if self.writer is not None:
            self.writer.flush()

    # -- the pipeline ---------------------------------------------------------------

    async def invoke(
        self,
        input: Any,
        api_key: str | None = None,
        metadata: dict[str, Any] | None = None,
        *,
        request_id: str | None = None,
        target: Target | None = None,
    ) -> GuardResult:
        """Run one request through every stage.

        Args:
            input: what the target receives (a string or any JSON value).
            api_key: the caller's key (``p1_…``); required when `controls.auth.required`.
            metadata: free-form caller context; the target gets it as ``case.metadata``
                (request templates can use ``{{ case.metadata.lang }}``).
            request_id: use this id (the gateway's) instead of a new one.
            target: call this instead of the primary target (`protect`).

        Raises:
            GuardRefusal: a subclass with `.status`, `.code` and `.request_id`.
        """
        if not self._started:
            self.start()
        rid = request_id or new_request_id()
        async with self.admit(GuardRequest(rid, api_key, input)) as a:
            target_input = a.checked.target_input
            case = Case(id=rid, input=target_input, metadata=metadata) if metadata else None
            result = await self._call(
                rid, a.hold, a.key, target_input, a.checked.text, case, a.trace, target
            )
            result.findings = a.trace.findings
            result.latency_ms = a.elapsed_ms()
            return result

    async def _call(
        self,
        rid: str,
        hold: str,
        key: KeyRecord,
        target_input: Any,
        text: str,
        case: Case | None,
        trace: TraceRow,
        override: Target | None,
    ) -> GuardResult:
        """From the route's choice to the answer: reserve, call, check the output, settle."""
        routes = self.routes
        route, killed = await routes.choose(override)
        trace.chosen_route = route.name
        spare = None if killed else routes.fallback
        held = await self.spending.reserve(hold, key, route, spare, target_input, text, case)
        actual = 0.0
        try:
            resp, used, why = await routes.answer(route, target_input, case)
            actual = max(0.0, resp.cost or 0.0)  # a negative cost must not give budget back
            errors = self.output_validator.errors(resp.output) if self.output_validator else []
            if errors:
                resp, used, why = await replace_invalid(
                    errors, used, routes, target_input, case, trace
                )
                actual += max(0.0, resp.cost or 0.0)
        finally:  # an answered request is served even if its settle fails
            await self.spending.settle(held, actual)
        if self.rate_limits.counts_tokens:
            await self.rate_limits.spend(key, (resp.input_tokens or 0) + (resp.output_tokens or 0))
        trace.route = used.name
        trace.target_version = used.version
        trace.input_tokens = resp.input_tokens
        trace.output_tokens = resp.output_tokens
        trace.cost = actual
        if used.name == "fallback":
            trace.outcome = "fallback"
            trace.error_kind = "kill_switch" if killed else why  # why it is degraded
        output = resp.output
        pii_free = False  # the trace's PII finder already read `output` and found nothing
        if self.output_guard is not None and output is not None:
            scan = scan_value(self.output_guard, output)
            if scan.findings:
                trace.findings.extend(scan.findings)
            if scan.blocked:  # paid for and traced, never sent
                raise Blocked(f"the answer was withheld: {scan.reason}", code="output_blocked")
            output = scan.value
            pii_free = scan.pii_free and self.output_guard.pii_finder is self.pii.finder
        await self.recorder.keep_output(trace, output, pii_free=pii_free)
        if self.shadow is not None and self.shadow.target is not None and used.name != "fallback":
            self.shadow.start(target_input, trace, key, text, case)
        return GuardResult(
            output=output,
            request_id=rid,
            route=used.name,
            cost=actual,
            input_tokens=resp.input_tokens,
            output_tokens=resp.output_tokens,
            fallback_used=used.name == "fallback",
            target_version=used.version,
        )

    async def chat(
        self, req: ChatRequest, api_key: str | None = None, *, request_id: str | None = None
    ) -> ChatAnswer:
        """One chat completion through every stage (the same admission as `invoke`: the
        input guardrails read every message, tool results included).

        Raises:
            GuardRefusal: as `invoke`; also 404 ``model_not_found``, 422
                ``max_tokens_too_large``.
        """
        if not self._started:
            self.start()
        rid = request_id or new_request_id()
        async with self.admit(GuardRequest(rid, api_key, messages_input(req))) as a:
            return await self.chats.complete(a, req)

    async def chat_stream(
        self, req: ChatRequest, api_key: str | None = None, *, request_id: str | None = None
    ) -> AsyncGenerator[ChatStart | ChatChunk, None]:
        """One streamed chat completion: a `ChatStart` once an upstream has begun to
        answer (every refusal comes before it), the deltas in order, and a last chunk with
        the usage billed. Close the iterator (``aclose``) when its reader leaves: the
        budget settles on what was produced and the trace says the request was cut."""
        if not self._started:
            self.start()
        rid = request_id or new_request_id()
        async with self.admit(GuardRequest(rid, api_key, messages_input(req))) as a:
            events = self.chats.stream(a, req)
            try:
                async for event in events:
                    yield event
            finally:
                await events.aclose()

    async def embeddings(
        self,
        model: str,
        body: dict[str, Any],
        api_key: str | None = None,
        *,
        request_id: str | None = None,
    ) -> dict[str, Any]:
        """Embeddings of ``body["input"]`` by the first upstream of `model` that has them,
        through the same admission (the input guardrails read the texts)."""
        if not self._started:
            self.start()
        rid = request_id or new_request_id()
        async with self.admit(GuardRequest(rid, api_key, body.get("input"))) as a:
            return await self.chats.embeddings(a, model, body)

    def record_refusal(self, request_id: str, exc: GuardRefusal) -> None:
        """Trace a request refused before it reached `invoke` (the gateway's body-size and
        JSON checks), so every request still has exactly one trace."""
        self.recorder.refusal(request_id, exc)

    # -- wrapping callables ---------------------------------------------------------

    def protect(self, fn: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
        """Decorator: run every call of `fn` (sync or async) through this guard.

        The wrapped function is async and takes ``(input, *, api_key=None,
        metadata=None)``; it returns the output or raises a `GuardRefusal`.
        """
        target = CallableTarget(fn)

        @functools.wraps(fn)
        async def wrapper(
            input: Any, *, api_key: str | None = None, metadata: dict[str, Any] | None = None
        ) -> Any:
            result = await self.invoke(input, api_key=api_key, metadata=metadata, target=target)
            return result.output

        return wrapper


def _is_target(obj: Any) -> bool:
    return hasattr(obj, "call") and hasattr(obj, "price") and hasattr(obj, "aclose")


__all__ = ["Guard", "GuardResult", "new_request_id", "writer_mode"]
