"""Input over `controls.limits.max_input_chars` must be refused with 413, before the target."""

from __future__ import annotations

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


@probe(
    "input_size_limit",
    control="limits",
    description="an input one character over max_input_chars → 413",
)
async def input_size(ctx: ProbeContext) -> ProbeOutcome:
    controls = ctx.loaded.plan.controls
    limit = controls.limits.max_input_chars if controls else 8000
    reply = await ctx.invoke("x" * (limit + 1), ctx.general_key())
    ok = reply.status == 413
    return ProbeOutcome(
        ok,
        f"{limit + 1} chars (limit {limit}) → HTTP {reply.status}"
        + ("" if ok else " (expected 413: oversized input reaches the target)"),
        {"status": reply.status, "chars": limit + 1, "limit": limit},
    )
