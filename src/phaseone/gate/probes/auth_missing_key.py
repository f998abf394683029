"""A request without any key must be refused with 401."""

from __future__ import annotations

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


@probe("auth_missing_key", control="auth", description="POST /v1/invoke with no key → 401")
async def missing_key(ctx: ProbeContext) -> ProbeOutcome:
    reply = await ctx.invoke("probe: hello", None)
    ok = reply.status == 401
    return ProbeOutcome(
        ok,
        f"no key → HTTP {reply.status}" + ("" if ok else " (expected 401: anyone can call it)"),
        {"status": reply.status, "code": reply.code},
    )
