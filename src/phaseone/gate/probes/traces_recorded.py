"""Every request leaves a trace: the id the gateway returns for an answered request and
for a refused one are both found in the traces table, with the status the caller saw."""

from __future__ import annotations

import asyncio

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext, Reply
from phaseone.store.models import Trace


def _seen(reply: Reply, trace: Trace | None) -> str:
    if trace is None:
        return f"{reply.shown()}, no trace for request {reply.request_id}"
    return f"{reply.shown()}, trace {trace.id} (status {trace.status_code})"


@probe(
    "traces_recorded",
    control="monitoring",
    description="positive: an answered request (200) is traced with status 200; negative: a "
    "refused request (no key → 401; over-limit → 413 when keys are off) is traced with its status",
)
async def traces_recorded(ctx: ProbeContext) -> ProbeOutcome:
    key = ctx.general_key()
    ok_reply = await ctx.invoke("probe: trace me", key)
    refused, want, how = await ctx.refused(key)
    good, bad = await asyncio.gather(
        ctx.wait_trace(ok_reply.request_id), ctx.wait_trace(refused.request_id)
    )
    positive = Observation(
        "HTTP 200 with an answer, and a trace with status 200",
        _seen(ok_reply, good),
        ok_reply.answered and good is not None and good.status_code == 200,
    )
    negative = Observation(
        f"{how} → HTTP {want}, and a trace with status {want}",
        f"{how} → {_seen(refused, bad)}",
        refused.status == want and bad is not None and bad.status_code == want,
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {
            "traces": {"accepted": good.id if good else None, "refused": bad.id if bad else None},
            "statuses": [ok_reply.status, refused.status],
        },
    )
