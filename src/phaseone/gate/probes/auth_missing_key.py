"""A valid key is answered; a request without a key, or with a key that was never issued,
is refused with 401."""

from __future__ import annotations

import secrets

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


@probe(
    "auth_missing_key",
    control="auth",
    description="positive: a valid key → 200 with an answer; negative: no key and a "
    "made-up key → 401",
)
async def missing_key(ctx: ProbeContext) -> ProbeOutcome:
    valid = await ctx.invoke("probe: hello", ctx.general_key())
    missing = await ctx.invoke("probe: hello", None)
    # shaped like a real key, so a gateway that only checks the prefix is caught too
    bad = await ctx.invoke("probe: hello", f"p1_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}")
    positive = Observation(
        "a valid key → HTTP 200 with an answer", f"valid key → {valid.shown()}", valid.answered
    )
    negative = Observation(
        "no key → 401 and a made-up key → 401",
        f"no key → HTTP {missing.status}, made-up key → HTTP {bad.status}",
        missing.status == 401 and bad.status == 401,
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {"valid": valid.status, "status": missing.status, "bad": bad.status, "code": missing.code},
    )
