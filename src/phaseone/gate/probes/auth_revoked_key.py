"""A key that worked must stop working the moment it is revoked."""

from __future__ import annotations

import asyncio
import time

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

#: How long a revoked key may keep working (gateways cache key lookups briefly).
REVOCATION_WINDOW_S = 5.0


@probe(
    "auth_revoked_key",
    control="auth",
    description="positive: a fresh key → 200 with an answer; negative: the same key after "
    "revocation → 401 within 5 s",
)
async def revoked_key(ctx: ProbeContext) -> ProbeOutcome:
    from phaseone.store.keys import revoke_key

    key = ctx.make_key("revoked")
    before = await ctx.invoke("probe: hello", key)
    name = ctx.key_name(key)
    assert name is not None
    revoke_key(ctx.store, name)
    # Gateways cache key lookups for a few seconds; revocation must bite within the window.
    t0 = time.monotonic()
    while True:
        after = await ctx.invoke("probe: hello", key)
        waited = time.monotonic() - t0
        if after.status == 401 or waited > REVOCATION_WINDOW_S:
            break
        await asyncio.sleep(0.25)
    positive = Observation(
        "the fresh key → HTTP 200 with an answer", f"fresh key → {before.shown()}", before.answered
    )
    negative = Observation(
        f"the revoked key → 401 within {REVOCATION_WINDOW_S:g} s",
        f"revoked → HTTP {after.status} after {waited:.1f} s",
        after.status == 401,
    )
    return ProbeOutcome.of(
        positive, negative, {"before": before.status, "after": after.status, "waited_s": waited}
    )
