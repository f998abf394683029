"""Fault drill: a target that fails, hangs and recovers must trigger retry, timeout,
fallback and the circuit breaker — each observed, not assumed.

Runs only against an in-process gateway around a `FaultyTarget` on a scratch store,
with the plan's resilience settings but timings shortened (timeout ≤ 0.5 s, reset ≤
0.5 s, backoff ≤ 10 ms) so the drill takes seconds; the mechanisms are the plan's.
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


async def _step(
    ctx: ProbeContext, mode: str, key: str, timeout_s: float, **kw: Any
) -> tuple[Any, int]:
    t = ctx.target
    t.mode = mode
    t.calls = 0
    for k, v in kw.items():
        setattr(t, k, v)
    reply = await ctx.invoke(f"probe: fault {mode}", key, timeout_s=timeout_s)
    return reply, t.calls


@probe(
    "fault_injection",
    control="resilience",
    drill=True,
    description="positive: a healthy target → 200 via primary, one target call; negative: "
    "fail once (retry), hang (timeout), fail (fallback), keep failing (circuit opens, then "
    "closes after reset)",
)
async def fault_injection(ctx: ProbeContext) -> ProbeOutcome:
    res = ctx.loaded.plan.controls.resilience if ctx.loaded.plan.controls else None
    if res is None:
        return ProbeOutcome(False, "no controls.resilience in the plan", {})
    key = ctx.general_key()
    budget_s = res.timeout_s * (res.retries + 1) + res.backoff_base_s * 2**res.retries + 5
    parts: dict[str, dict[str, Any]] = {}

    # the good case: a healthy target is called once and its answer served
    healthy, calls = await _step(ctx, "ok", key, budget_s)
    positive = Observation(
        "a healthy target → HTTP 200 with an answer via primary, 1 target call",
        f"healthy target → {healthy.shown()}, {calls} target call(s)",
        healthy.answered and healthy.route == "primary" and calls == 1,
    )

    # retry: the first call fails with a transient 503, the retry succeeds
    reply, calls = await _step(ctx, "fail_first", key, budget_s, fail_times=1, status=503)
    parts["retry"] = {
        "ok": res.retries > 0 and reply.status == 200 and reply.route == "primary" and calls == 2,
        "what": f"fail once → HTTP {reply.status} via {reply.route}, {calls} target calls"
        + ("" if res.retries > 0 else " (retries: 0 in the plan)"),
    }
    # timeout: the target hangs; the guard must give up and answer
    try:
        reply, calls = await _step(ctx, "hang", key, budget_s)
        answered = reply.status == 504 or (reply.status == 200 and reply.route == "fallback")
        parts["timeout"] = {
            "ok": answered,
            "what": f"hang → HTTP {reply.status} via {reply.route} after {reply.elapsed_s:.2f} s "
            f"({calls} attempts)",
        }
    except TimeoutError:
        parts["timeout"] = {"ok": False, "what": f"hang → no answer within {budget_s:.1f} s"}
    # fallback: the target fails for good; the caller still gets the fallback answer
    reply, calls = await _step(ctx, "error", key, budget_s, status=503)
    parts["fallback"] = {
        "ok": res.fallback is not None and reply.status == 200 and reply.route == "fallback",
        "what": f"503 from target → HTTP {reply.status} via {reply.route}"
        + ("" if res.fallback is not None else " (no fallback in the plan)"),
    }
    # circuit breaker: keep failing until calls stop reaching the target, then recover
    cb = res.circuit_breaker
    if cb is None:
        parts["circuit_breaker"] = {"ok": False, "what": "no circuit_breaker in the plan"}
    else:
        t = ctx.target
        t.mode, t.calls = "error", 0
        opened_after = None
        for i in range(cb.failure_threshold + 3):
            before = t.calls
            await ctx.invoke("probe: fault breaker", key, timeout_s=budget_s)
            if t.calls == before:
                opened_after = i
                break
        closed = False
        reply_after = None
        if opened_after is not None:
            t.mode = "ok"
            await asyncio.sleep(cb.reset_after_s + 0.2)
            for _ in range(5):
                reply_after = await ctx.invoke("probe: fault recover", key, timeout_s=budget_s)
                if reply_after.status == 200 and reply_after.route == "primary":
                    closed = True
                    break
                await asyncio.sleep(cb.reset_after_s)
        parts["circuit_breaker"] = {
            "ok": opened_after is not None and closed,
            "what": (
                f"opened after {opened_after} more failing request(s), "
                + ("closed again after reset" if closed else "did not close after reset")
            )
            if opened_after is not None
            else f"still calling the failing target after {cb.failure_threshold + 3} requests",
        }
    ctx.target.mode = "ok"
    failed = [k for k, v in parts.items() if not v["ok"]]
    negative = Observation(
        "retry, timeout, fallback and circuit breaker each handle their fault",
        ("all four work — " if not failed else f"{', '.join(failed)} not working — ")
        + "; ".join(f"{k}: {v['what']}" for k, v in parts.items()),
        not failed,
    )
    return ProbeOutcome.of(positive, negative, parts)
