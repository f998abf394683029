"""Every request leaves a trace: the id the gateway returns is found in the traces table."""

from __future__ import annotations

import asyncio

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext


@probe(
    "traces_recorded",
    control="monitoring",
    description="an accepted and a refused request both appear as traces",
)
async def traces_recorded(ctx: ProbeContext) -> ProbeOutcome:
    ok_reply = await ctx.invoke("probe: trace me", ctx.general_key())
    refused = await ctx.invoke("probe: trace me too", None)
    traces = await asyncio.gather(
        ctx.wait_trace(ok_reply.request_id), ctx.wait_trace(refused.request_id)
    )
    found = {
        label: (t.id if t else None)
        for label, t in zip(("accepted", "refused"), traces, strict=True)
    }
    missing = [k for k, v in found.items() if v is None]
    ok = not missing
    ids = ", ".join(str(v) for v in found.values())
    return ProbeOutcome(
        ok,
        f"traces stored for the accepted and the refused request ({ids})"
        if ok
        else f"no trace for the {' and '.join(missing)} request(s)",
        {"traces": found, "statuses": [ok_reply.status, refused.status]},
    )
