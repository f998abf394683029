"""A key that worked must stop working the moment it is revoked."""

from __future__ import annotations

import asyncio
import time

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

#: How long a revoked key may keep working (gateways cache key lookups briefly).
REVOCATION_WINDOW_S = 5.0


@probe(
    "auth_revoked_key",
    control="auth",
    description="a fresh key answers 200, the same key after revocation → 401",
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
    ok = before.status == 200 and after.status == 401
    summary = (
        f"valid key → HTTP {before.status}; revoked → HTTP {after.status} after {waited:.1f} s"
    )
    if before.status != 200:
        summary += " (the valid key did not work, so revocation could not be shown)"
    elif after.status != 401:
        summary += f" (expected 401 within {REVOCATION_WINDOW_S:g} s: a revoked key still works)"
    return ProbeOutcome(
        ok, summary, {"before": before.status, "after": after.status, "waited_s": waited}
    )
