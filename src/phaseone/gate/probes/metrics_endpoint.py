"""`/metrics` answers and its request counter moves with the probe's own traffic."""

from __future__ import annotations

import re

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

_SAMPLE = re.compile(r"^(phaseone_requests_total)(\{[^}]*\})?\s+([0-9.eE+-]+)", re.M)


def requests_total(text: str) -> float:
    return sum(float(m.group(3)) for m in _SAMPLE.finditer(text))


@probe(
    "metrics_endpoint",
    control="monitoring",
    description="GET /metrics, send 3 requests, GET /metrics: phaseone_requests_total +3",
)
async def metrics_endpoint(ctx: ProbeContext) -> ProbeOutcome:
    key = ctx.general_key()
    status, before = await ctx.get("/metrics", key)
    if status != 200:
        return ProbeOutcome(False, f"GET /metrics → HTTP {status}", {"status": status})
    sent = 3
    for _ in range(sent):
        await ctx.invoke("probe: metrics", key)
    status, after = await ctx.get("/metrics", key)
    delta = requests_total(after) - requests_total(before)
    ok = status == 200 and delta >= sent
    return ProbeOutcome(
        ok,
        f"phaseone_requests_total rose by {delta:g} for {sent} requests"
        if ok
        else f"phaseone_requests_total rose by {delta:g} for {sent} requests: traffic not counted",
        {"delta": delta, "sent": sent},
    )
