"""Input within `controls.limits.max_input_chars` is answered; one character more is
refused with 413, before the target."""

from __future__ import annotations

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


@probe(
    "input_size_limit",
    control="limits",
    description="positive: an input of exactly max_input_chars → 200 with an answer; "
    "negative: one character more → 413",
)
async def input_size(ctx: ProbeContext) -> ProbeOutcome:
    controls = ctx.loaded.plan.controls
    limit = controls.limits.max_input_chars if controls else 8000
    key = ctx.general_key()
    inside = await ctx.invoke("x" * limit, key)
    over = await ctx.invoke("x" * (limit + 1), key)
    positive = Observation(
        f"{limit} chars (the limit) → HTTP 200 with an answer",
        f"{limit} chars → {inside.shown()}",
        inside.answered,
    )
    negative = Observation(
        f"{limit + 1} chars → 413", f"{limit + 1} chars → HTTP {over.status}", over.status == 413
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {"inside": inside.status, "status": over.status, "chars": limit + 1, "limit": limit},
    )
