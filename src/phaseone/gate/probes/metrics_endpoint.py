"""`/metrics` answers and its request counter moves with the probe's own traffic: the
answered requests under status 200, and a refused one under its refusal status."""

from __future__ import annotations

import re

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

_SAMPLE = re.compile(r"^(phaseone_requests_total)(\{[^}]*\})?\s+([0-9.eE+-]+)", re.M)
_STATUS = re.compile(r'status="(\d+)"')


def requests_total(text: str, status: int | None = None) -> float:
    """The sum of `phaseone_requests_total` samples, only those of `status` when given."""
    total = 0.0
    for m in _SAMPLE.finditer(text):
        if status is not None:
            s = _STATUS.search(m.group(2) or "")
            if s is None or int(s.group(1)) != status:
                continue
        total += float(m.group(3))
    return total


@probe(
    "metrics_endpoint",
    control="monitoring",
    description="GET /metrics around 3 answered requests and 1 refused one (no key → 401; "
    'over-limit → 413 when keys are off): positive: phaseone_requests_total{status="200"} +3; '
    "negative: the refusal's status +1",
)
async def metrics_endpoint(ctx: ProbeContext) -> ProbeOutcome:
    key = ctx.general_key()
    status, before = await ctx.get("/metrics", key)
    sent = 3
    answered = 0
    for _ in range(sent):
        answered += (await ctx.invoke("probe: metrics", key)).answered
    refused, want, how = await ctx.refused(key)
    status_after, after = await ctx.get("/metrics", key)
    readable = status == 200 and status_after == 200
    up = requests_total(after, 200) - requests_total(before, 200) if readable else 0.0
    down = requests_total(after, want) - requests_total(before, want) if readable else 0.0
    where = "" if readable else f" (GET /metrics → HTTP {status}, then {status_after})"
    positive = Observation(
        f"{sent} requests answered and counted under status 200",
        f"{answered}/{sent} answered, status-200 count +{up:g}{where}",
        answered == sent and up >= sent,
    )
    negative = Observation(
        f"{how} → refused {want} and counted under status {want}",
        f"{how} → HTTP {refused.status}, status-{want} count +{down:g}{where}",
        refused.status == want and down >= 1,
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {"delta": up, "delta_refused": down, "sent": sent, "status": status_after},
    )
