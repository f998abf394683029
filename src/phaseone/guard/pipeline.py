"""The guard pipeline: every request passes the same stages, in this order.

authenticate → limit input → input guardrails (PII, injection) → rate limit → reserve
budget → call the target with resilience (kill switch, circuit breaker, timeout,
retries, fallback; canary routing; shadow copy) → output guardrail (JSON Schema) →
settle budget → trace + metrics.

A refusal raises a `GuardRefusal` subclass (status + code); everything that happened,
refused or not, ends in exactly one trace row. The hot path does no I/O with the
memory backends: keys are cached, patterns precompiled, traces enqueued for a
background writer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phaseone.datasets.base import Case
from phaseone.errors import GuardRefusal, TargetError, TargetTimeout
from phaseone.guard.auth import Authenticator
from phaseone.guard.budget import (
    BackendUnavailable,
    BudgetBackend,
    DatabaseBudget,
    LedgerSource,
    MemoryBudget,
    PeriodClock,
    RedisBudget,
    Scope,
    estimate_max_cost,
)
from phaseone.guard.callable import CallableTarget, StaticTarget
from phaseone.guard.injection import InjectionStage
from phaseone.guard.limits import InputLimits
from phaseone.guard.metrics import GuardMetrics
from phaseone.guard.output import OutputValidator
from phaseone.guard.pii import PiiStage
from phaseone.guard.ratelimit import DatabaseRate, MemoryRate, RateBackend, RedisRate
from phaseone.guard.refusals import (
    Blocked,
    BudgetExhausted,
    RateLimited,
    Unavailable,
    UpstreamError,
    UpstreamTimeout,
)
from phaseone.guard.resilience import (
    CircuitBreaker,
    CircuitOpenError,
    KillSwitch,
    call_resilient,
    longest_call_s,
)
from phaseone.guard.trace_process import ProcessTraceWriter
from phaseone.guard.tracing import TraceWriter, WriterMode
from phaseone.plan.components import OpenAITarget
from phaseone.plan.schema import Controls, StaticFallback
from phaseone.store.keys import KeyRecord
from phaseone.store.reachability import in_memory
from phaseone.targets.base import Target, TargetResponse
from phaseone.targets.tokens import MESSAGE_OVERHEAD_TOKENS, max_tokens_of

log = logging.getLogger("phaseone.guard")


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


# Seeded once from the OS; per-request `os.urandom` costs ~100 µs on some VMs. Request ids
# must be unique, not secret (feedback needs an API key anyway).
_ids = random.Random(os.urandom(32))


def new_request_id() -> str:
    """24 hex digits: milliseconds since the epoch (48 bits), then 48 random bits.

    Time-ordered, like a UUIDv7, because the id is the traces table's primary key: new
    rows land at the end of its index instead of at random pages all over it, which kept
    the trace writer's cost per row flat as the table grew (random ids made every insert
    touch a different page once the table outgrew the cache)."""
    return f"{time.time_ns() // 1_000_000:012x}{_ids.getrandbits(48):012x}"


def new_trace(request_id: str, project: str) -> dict[str, Any]:
    """A request's trace row as the stages fill it in: answered by the primary until a
    stage says otherwise. One literal, so every trace has every column."""
    return {
        "id": request_id,
        "project": project,
        "key_name": None,
        "started_at": dt.datetime.now(dt.UTC),
        "input": None,
        "output": None,
        "input_tokens": None,
        "output_tokens": None,
        "cost": None,
        "outcome": "ok",
        "status_code": 200,
        "error_kind": None,
        "findings": [],
        "route": "primary",
        "target_version": None,
        "shadow_output": None,
    }


class _Unredacted:
    """A target's answer waiting in a trace for `Guard._record` to redact it; never
    stored as it is (the writer only ever receives what `_record` hands it)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Route:
    __slots__ = ("breaker", "max_tokens", "name", "target", "version")

    def __init__(
        self,
        name: str,
        target: Target,
        version: str | None,
        max_tokens: int,
        breaker: CircuitBreaker | None,
    ) -> None:
        self.name = name
        self.target = target
        self.version = version
        self.max_tokens = max_tokens
        self.breaker = breaker


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
    ) -> None:
        c = controls or Controls()
        self.controls = c
        self.project = project
        self.store = store
        primary: Target = target if _is_target(target) else CallableTarget(target)  # type: ignore[arg-type,assignment]
        self._breakers: dict[str, CircuitBreaker] = {}
        budget_tokens = max_output_tokens or (c.budget.max_output_tokens if c.budget else 512)
        self.primary = _Route(
            "primary", primary, target_version, budget_tokens, self._breaker(primary)
        )
        self.canary = (
            _Route(
                "canary", canary_target, canary_version, budget_tokens, self._breaker(canary_target)
            )
            if canary_target is not None and canary_percent > 0
            else None
        )
        self.canary_fraction = canary_percent / 100.0
        fb = c.resilience.fallback
        if fallback_target is None and isinstance(fb, StaticFallback):
            fallback_target = StaticTarget(fb.static)
        self.fallback = (
            _Route("fallback", fallback_target, None, budget_tokens, None)
            if fallback_target
            else None
        )
        self.shadow = shadow_target
        # Targets that time their own calls (http, openai) take the guard's timeout, so one
        # timer, not two, runs on each call.
        for t in (primary, canary_target, fallback_target, shadow_target):
            limit = getattr(t, "limit_timeout", None)
            if limit is not None:
                limit(c.resilience.timeout_s)
        # stages
        required = c.auth.required if auth_required is None else auth_required
        self.auth = Authenticator(store, required=required)
        self.limits = InputLimits(c.limits)
        g = c.guardrails
        self.pii = PiiStage.from_plan(g.pii)
        self.injection = InjectionStage(g.injection.action, g.injection.threshold)
        self.output_validator = OutputValidator(g.output_schema) if g.output_schema else None
        self.metrics = GuardMetrics(project) if c.monitoring.metrics else None
        self.writer = (
            _trace_writer(
                store, c.monitoring.flush_interval_s, c.monitoring.trace_writer, trace_writer
            )
            if store is not None and c.monitoring.tracing
            else None
        )
        if self.metrics is not None and self.writer is not None:
            self.metrics.trace_status = self.writer.status
        ledger = self.writer.ledger if self.writer else None
        self.budget_backend: BudgetBackend | None = None
        if c.budget is not None:
            flush = self.writer.flush if self.writer else None
            self.budget_backend = _budget_backend(c, store, ledger, flush)
        self.rate_backend: RateBackend | None = None
        if c.rate_limit is not None:
            self.rate_backend = _rate_backend(c, store)
        self.kill_switch = KillSwitch(store, project, enabled=c.rollout.kill_switch)
        self._periods = PeriodClock()
        self._scope_cache: dict[tuple[str, float | None, str, str], list[Scope]] = {}
        self._shadow_tasks: set[asyncio.Task[None]] = set()
        self._holding: set[str] = set()  # budget reservation ids of requests in flight
        self._started = False
        #: Record each request's trace and metrics just after `invoke` returns (on the
        #: event loop's next turn) instead of before. The gateway sets it: its answer is
        #: then on the wire before that work runs, which keeps it off the latency path.
        #: Off for the Python API, whose callers may read metrics right after a call.
        self.record_after_return = False
        self.otel = None
        if c.monitoring.otel_endpoint:
            from phaseone.guard.otel import OtelExporter

            routes = (self.primary, self.canary, self.fallback)
            self.otel = OtelExporter(
                c.monitoring.otel_endpoint,
                project,
                {r.name: r.target for r in routes if r is not None},
            )

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
        from phaseone.targets import build_target

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
        )

    def _breaker(self, target: Target | None) -> CircuitBreaker | None:
        cfg = self.controls.resilience.circuit_breaker
        if target is None or cfg is None:
            return None
        label = getattr(target, "label", "target")
        if label not in self._breakers:
            self._breakers[label] = CircuitBreaker(cfg)
        return self._breakers[label]

    def start(self) -> None:
        if not self._started:
            self._started = True
            if self.writer is not None:
                self.writer.start()

    async def aclose(self) -> None:
        """Wait briefly for shadow calls, flush traces, close targets and backends."""
        if self._shadow_tasks:
            await asyncio.wait(list(self._shadow_tasks), timeout=5)
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)
        for closer in (self.budget_backend, self.rate_backend):
            if closer is not None:
                await closer.aclose()
        seen: set[int] = set()
        for r in (self.primary, self.canary, self.fallback):
            if r is not None and id(r.target) not in seen:
                seen.add(id(r.target))
                await r.target.aclose()
        if self.shadow is not None:
            await self.shadow.aclose()
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
        # The budget holds this request's reservation under its id, unless a caller reuses
        # an id still in flight (or one too long to store): then under a fresh one, so two
        # requests never share (and overwrite) one reservation.
        hold = rid if rid not in self._holding and len(rid) <= 40 else new_request_id()
        self._holding.add(hold)
        t0 = time.perf_counter()
        trace = new_trace(rid, self.project)
        findings: list[dict[str, Any]] = trace["findings"]
        try:
            key = await self.auth.aauthenticate(api_key, "invoke")
            trace["key_name"] = key.name
            text = self.limits.check(input)
            try:
                if self.pii.offload:
                    target_input, stored_input, pii_finding = await asyncio.to_thread(
                        self.pii.apply, input
                    )
                else:
                    target_input, stored_input, pii_finding = self.pii.apply(input)
            except Blocked as exc:
                trace["input"] = getattr(exc, "stored_input", None) if self._store_io else None
                findings.append(exc.finding or {})
                raise
            if self._store_io:
                trace["input"] = stored_input
            if pii_finding is not None:
                findings.append(pii_finding)
                if target_input is not input:
                    from phaseone.guard.injection import text_of

                    text = text_of(target_input)
            try:
                inj = self.injection.check(text)
            except Blocked as exc:
                findings.append(exc.finding or {})
                raise
            if inj is not None:
                findings.append(inj)
            await self._rate_limit(key)
            case = Case(id=rid, input=target_input, metadata=metadata) if metadata else None
            result = await self._call(rid, hold, key, target_input, text, case, trace, target)
            result.findings = findings
            result.latency_ms = (time.perf_counter() - t0) * 1000
            return result
        except GuardRefusal as exc:
            exc.request_id = rid
            trace["status_code"] = exc.status
            trace["error_kind"] = exc.code
            if trace["outcome"] == "ok":
                trace["outcome"] = "refused" if exc.status < 500 else "error"
            raise
        except BaseException as exc:  # a bug, or the caller cancelled: never a silent "ok"
            cancelled = isinstance(exc, asyncio.CancelledError)
            trace["outcome"] = "error"
            trace["status_code"] = 499 if cancelled else 500
            trace["error_kind"] = "cancelled" if cancelled else "internal"
            raise
        finally:
            self._holding.discard(hold)
            elapsed = time.perf_counter() - t0
            if self.record_after_return:
                asyncio.get_running_loop().call_soon(self._record_later, trace, elapsed)
            else:
                self._record(trace, elapsed)

    @property
    def _store_io(self) -> bool:
        return self.controls.monitoring.store_io

    async def _rate_limit(self, key: KeyRecord) -> None:
        rl = self.controls.rate_limit
        if rl is None or self.rate_backend is None:
            return
        rpm = key.rate_limit_rpm or rl.requests_per_minute
        try:
            wait = await self.rate_backend.take(key.name, rpm / 60.0, rl.burst)
        except BackendUnavailable as exc:
            if self.controls.budget and self.controls.budget.fail_mode == "open":
                return
            raise Unavailable(
                f"the rate-limit backend is unreachable: {exc}",
                code="rate_limit_backend_unavailable",
            ) from exc
        if wait > 0:
            raise RateLimited(
                f"rate limit of {rpm:g} requests/minute for key {key.name!r} reached",
                retry_after=wait,
            )

    def _scopes(self, key: KeyRecord) -> list[Scope]:
        b = self.controls.budget
        assert b is not None
        day, month = self._periods.periods(time.time())
        cache_key = (key.name, key.budget_daily, day, month)
        cached = self._scope_cache.get(cache_key)
        if cached is not None:
            return cached
        if len(self._scope_cache) > 10_000:
            self._scope_cache.clear()
        scopes = self._scope_cache[cache_key] = []
        if b.daily is not None:
            scopes.append(Scope(f"project:{self.project}", day, b.daily))
        if b.monthly is not None:
            scopes.append(Scope(f"project:{self.project}", month, b.monthly))
        key_daily = key.budget_daily if key.budget_daily is not None else b.per_key_daily
        if key_daily is not None:
            scopes.append(Scope(f"key:{key.name}", day, key_daily))
        return scopes

    def _choose_route(self, override: Target | None) -> tuple[_Route, bool]:
        """(route, kill switch on)."""
        if self.kill_switch.is_on():
            if self.fallback is None:
                raise Unavailable(
                    "the kill switch is on and there is no fallback", code="kill_switch"
                )
            return self.fallback, True
        if override is not None:
            return _Route(
                "primary", override, None, self.primary.max_tokens, self._breaker(override)
            ), False
        if self.canary is not None and random.random() < self.canary_fraction:
            return self.canary, False
        return self.primary, False

    async def _call(
        self,
        rid: str,
        hold: str,
        key: KeyRecord,
        target_input: Any,
        text: str,
        case: Case | None,
        trace: dict[str, Any],
        override: Target | None,
    ) -> GuardResult:
        if self.kill_switch.stale():  # idle for a while: read it now, not after this request
            await self.kill_switch.reread()
        route, killed = self._choose_route(override)
        # -- reserve the worst case in every scope at once
        budget = self.controls.budget
        scopes: list[Scope] = []
        reserved = 0.0
        if budget is not None and self.budget_backend is not None:
            reserved = self._worst_cost(route, target_input, text, case)
            if self.fallback is not None and not killed:
                spare = self._worst_cost(self.fallback, target_input, text, case)
                # An answer that fails the output schema is paid for AND followed by the
                # fallback's; a failed call is not paid for, so then the larger one covers it.
                reserved = reserved + spare if self.output_validator else max(reserved, spare)
            if budget.per_request_max is not None and reserved > budget.per_request_max + 1e-12:
                raise BudgetExhausted(
                    f"this request may cost up to {reserved:.6g}; the per-request maximum"
                    f" is {budget.per_request_max:g}",
                    code="request_too_expensive",
                )
            scopes = self._scopes(key)
            if scopes and reserved > 0:
                try:
                    over, remaining = await self.budget_backend.reserve(hold, scopes, reserved)
                except BackendUnavailable as exc:
                    if budget.fail_mode == "open":
                        scopes = []
                    else:
                        raise Unavailable(
                            f"the budget backend is unreachable: {exc}",
                            code="budget_backend_unavailable",
                        ) from exc
                else:
                    if over is not None:
                        raise BudgetExhausted(
                            f"the {over.label} budget of {over.ceiling:g} is used up"
                        )
                    if self.metrics is not None:
                        self.metrics.set_remaining(remaining)
            else:
                scopes = []
        actual = 0.0
        try:
            resp, used_route = await self._answer(route, killed, target_input, case)
            actual = max(0.0, resp.cost or 0.0)  # a negative cost must not give budget back
            if self.output_validator is not None:
                errs = self.output_validator.errors(resp.output)
                if errs:
                    if self.fallback is not None and used_route is not self.fallback:
                        trace["error_kind"] = "output_invalid"
                        resp2, used_route = await self._answer(
                            self.fallback, True, target_input, case
                        )
                        actual += max(0.0, resp2.cost or 0.0)
                        resp = resp2
                    else:
                        raise Blocked(
                            f"the output does not match the schema: {errs[0]}",
                            code="output_invalid",
                        )
        finally:
            if scopes:  # an answered request is served even if its settle fails
                await self._settle_quietly(hold, scopes, reserved, actual)
        trace["route"] = used_route.name
        trace["target_version"] = used_route.version
        trace["input_tokens"] = resp.input_tokens
        trace["output_tokens"] = resp.output_tokens
        trace["cost"] = actual
        if used_route.name == "fallback":
            trace["outcome"] = "fallback"
        if self._store_io:
            if self.pii.offload:
                trace["output"] = await asyncio.to_thread(self.pii.redact_for_trace, resp.output)
            elif self.record_after_return:  # `_record` redacts it, after the answer is sent
                trace["output"] = _Unredacted(resp.output)
            else:
                trace["output"] = self.pii.redact_for_trace(resp.output)
        if self.shadow is not None and used_route.name != "fallback":
            self._start_shadow(target_input, trace, key, text, case)
        return GuardResult(
            output=resp.output,
            request_id=rid,
            route=used_route.name,
            cost=actual,
            input_tokens=resp.input_tokens,
            output_tokens=resp.output_tokens,
            fallback_used=used_route.name == "fallback",
            target_version=used_route.version,
        )

    @staticmethod
    def _worst_cost(route: _Route, target_input: Any, text: str, case: Case | None) -> float:
        """The most this call can cost: what the budget reserves before it. A target that
        knows its whole prompt (the `openai` target: system prompt included) bounds its
        own input tokens; otherwise the input's UTF-8 bytes bound them."""
        price = route.target.price
        tokens = 0
        if price.per_1k_input_tokens:
            bound = getattr(route.target, "max_input_tokens", None)
            tokens = (
                bound(target_input, case=case)
                if bound is not None
                else max_tokens_of(text) + MESSAGE_OVERHEAD_TOKENS
            )
        return estimate_max_cost(price, tokens, route.max_tokens)

    async def _answer(
        self, route: _Route, killed: bool, target_input: Any, case: Case | None
    ) -> tuple[TargetResponse, _Route]:
        """The route's answer, or the fallback's when the route fails; else a refusal."""
        res = self.controls.resilience
        try:
            resp, _ = await call_resilient(
                route.target, target_input, res, route.breaker, case=case
            )
            return resp, route
        # The caller's message names the kind of failure, never the target's address or
        # what it answered (internal details); the log has the whole error.
        except CircuitOpenError:
            failure: GuardRefusal = Unavailable(
                f"the circuit breaker of the {route.name} target is open", code="circuit_open"
            )
        except TargetTimeout as exc:
            log.warning("target %s timed out: %s", route.name, exc)
            failure = UpstreamTimeout(f"the target gave no answer within {res.timeout_s:g}s")
        except TargetError as exc:
            log.warning("target %s failed (%s): %s", route.name, exc.kind, exc)
            status = getattr(exc, "status", None)
            if status == 429:  # the target's own rate limit, after retries: say when to retry
                wait = getattr(exc, "retry_after", None)
                failure = RateLimited(
                    "the target is rate limited; retry later",
                    retry_after=wait if wait is not None else 1.0,
                    code="target_rate_limited",
                )
            else:
                failure = UpstreamError(
                    f"the target failed ({exc.kind}{f', HTTP {status}' if status else ''})",
                    code="target_error",
                )
        finally:
            if self.metrics is not None and route.breaker is not None:
                self.metrics.set_circuit(route.target.label, route.breaker.state)
        if self.fallback is None or route is self.fallback:
            raise failure
        try:
            resp, _ = await call_resilient(self.fallback.target, target_input, res, None, case=case)
        except TargetError:
            raise failure from None
        return resp, self.fallback

    def _start_shadow(
        self,
        target_input: Any,
        trace: dict[str, Any],
        key: KeyRecord,
        text: str,
        case: Case | None,
    ) -> None:
        assert self.shadow is not None
        shadow = self.shadow
        timeout = self.controls.resilience.timeout_s

        async def run() -> None:
            scopes, reserved = await self._reserve_shadow(
                trace["id"], key, target_input, text, case
            )
            actual = 0.0
            try:
                if scopes is None:
                    out: Any = {
                        "skipped": "budget",
                        "message": "no room in the project budget, or its backend is unreachable",
                    }
                else:
                    async with asyncio.timeout(timeout):
                        resp = await shadow.call(target_input)
                    actual = resp.cost or 0.0
                    out = self.pii.redact_for_trace(resp.output)
            except Exception as exc:
                out = {"error": type(exc).__name__, "message": str(exc)[:200]}
            finally:
                if scopes:
                    await self._settle_quietly(trace["id"] + ":shadow", scopes, reserved, actual)
            if trace.get("_recorded"):
                if self.writer is not None:
                    self.writer.update(trace["id"], {"shadow_output": out})
            else:
                trace["shadow_output"] = out

        task = asyncio.get_running_loop().create_task(run())
        self._shadow_tasks.add(task)
        task.add_done_callback(self._shadow_tasks.discard)

    async def _settle_quietly(
        self, rid: str, scopes: list[Scope], reserved: float, actual: float
    ) -> None:
        """Settle from a background task, where an exception would reach nobody."""
        try:
            await self.budget_backend.settle(rid, scopes, reserved, actual)  # type: ignore[union-attr]
        except Exception as exc:
            log.warning("could not settle %s (%s); its reservation lapses with its lease", rid, exc)

    async def _reserve_shadow(
        self, rid: str, key: KeyRecord, target_input: Any, text: str, case: Case | None
    ) -> tuple[list[Scope] | None, float]:
        """The shadow copy costs real money, so it counts against the project's ceilings
        (not the caller's key: the caller did not ask for it). Returns the scopes reserved
        in (empty when there is no budget), or None when the copy must not run: no room,
        or the backend cannot say."""
        if self.controls.budget is None or self.budget_backend is None:
            return [], 0.0
        assert self.shadow is not None
        route = _Route("shadow", self.shadow, None, self.primary.max_tokens, None)
        reserved = self._worst_cost(route, target_input, text, case)
        scopes = [s for s in self._scopes(key) if s.scope.startswith("project:")]
        if not scopes or reserved <= 0:
            return [], 0.0
        try:
            over, _ = await self.budget_backend.reserve(rid + ":shadow", scopes, reserved)
        except BackendUnavailable:
            return None, 0.0
        return (None, 0.0) if over is not None else (scopes, reserved)

    def _record(self, trace: dict[str, Any], elapsed_s: float) -> None:
        trace["latency_ms"] = elapsed_s * 1000
        output = trace["output"]
        if type(output) is _Unredacted:
            trace["output"] = self.pii.redact_for_trace(output.value)
        trace["_recorded"] = True
        if self.metrics is not None:
            self.metrics.observe(
                trace["outcome"], trace["status_code"], trace["route"], elapsed_s,
                trace["input_tokens"], trace["output_tokens"], trace["cost"] or 0.0,
            )  # fmt: skip
            for f in trace["findings"]:
                self.metrics.finding(f.get("type", "finding"))
        if self.writer is not None:
            self.writer.trace(trace)
        if self.otel is not None:
            self.otel.export(trace)

    def _record_later(self, trace: dict[str, Any], elapsed_s: float) -> None:
        try:
            self._record(trace, elapsed_s)
        except Exception:  # nobody awaits this call: say so in the log
            log.exception("could not record the trace of request %s", trace.get("id"))

    def record_refusal(self, request_id: str, exc: GuardRefusal) -> None:
        """Trace a request refused before it reached `invoke` (the gateway's body-size and
        JSON checks), so every request still has exactly one trace."""
        exc.request_id = request_id
        trace = new_trace(request_id, self.project)
        trace["outcome"] = "refused" if exc.status < 500 else "error"
        trace["status_code"] = exc.status
        trace["error_kind"] = exc.code
        self._record(trace, 0.0)

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


def _trace_writer(
    store: Any, flush_interval_s: float, configured: str, auto: WriterMode
) -> TraceWriter | ProcessTraceWriter:
    if writer_mode(store, configured, auto) == "process":
        return ProcessTraceWriter(store, flush_interval_s)
    return TraceWriter(store, flush_interval_s)


def writer_mode(store: Any, configured: str, auto: WriterMode) -> WriterMode:
    """Which trace writer a guard uses: the plan's choice, else `auto`; a store another
    process cannot open (in-memory SQLite) is written from a thread whatever the choice."""
    mode: WriterMode = auto if configured == "auto" else configured  # type: ignore[assignment]
    url = str(getattr(store, "url", ""))
    if mode == "process" and url.startswith("sqlite") and in_memory(url):
        return "thread"
    return mode


def _budget_backend(
    c: Controls, store: Any, ledger: Any, flush: Callable[[], object] | None = None
) -> BudgetBackend:
    b = c.budget
    assert b is not None
    # A request calls at most three times (primary, fallback, fallback again after an
    # invalid output); the lease is twice that worst case.
    lease = b.reservation_lease_s or 2 * 3 * longest_call_s(c.resilience)
    if b.backend == "database":
        if store is None:
            raise ValueError("budget backend `database` needs a store")
        return DatabaseBudget(store, lease_s=lease)
    if b.backend == "redis":
        if not b.redis_url:
            from phaseone.errors import UsageError

            raise UsageError("budget backend `redis` needs `controls.budget.redis_url`")
        # The ledger rows this gateway writes are what Redis is rebuilt from after it lost
        # its data; a guard that writes none (no store, tracing off) cannot rebuild.
        source = LedgerSource(store, flush) if store is not None and ledger is not None else None
        return RedisBudget(
            b.redis_url,
            prefix=b.key_prefix,
            ledger=ledger,
            lease_s=lease,
            source=source,
            grace_s=c.monitoring.flush_interval_s + 2.0,
        )
    return MemoryBudget(ledger)


def _rate_backend(c: Controls, store: Any) -> RateBackend:
    rl = c.rate_limit
    assert rl is not None
    backend = rl.backend or (c.budget.backend if c.budget else "memory")
    if backend == "database" and store is not None:
        return DatabaseRate(store)
    if backend == "redis":
        url = rl.redis_url or (c.budget.redis_url if c.budget else None)
        if url:
            prefix = c.budget.key_prefix if c.budget else "phaseone"
            return RedisRate(url, prefix=prefix)
    return MemoryRate()
