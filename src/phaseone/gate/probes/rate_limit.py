"""A burst beyond the per-key rate limit must trip it (429 with Retry-After)."""

from __future__ import annotations

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

#: Requests sent beyond the plan's burst before concluding the limit does not trip.
EXTRA = 20


@probe(
    "rate_limit",
    control="rate_limit",
    description="burst + 20 requests on a fresh key: a 429 must appear",
)
async def rate_limit(ctx: ProbeContext) -> ProbeOutcome:
    rl = ctx.loaded.plan.controls.rate_limit if ctx.loaded.plan.controls else None
    burst = rl.burst if rl else 60
    key = ctx.make_key("ratelimit")
    statuses: list[int] = []
    retry_after = None
    for _ in range(burst + EXTRA):
        reply = await ctx.invoke("probe: rate", key)
        statuses.append(reply.status)
        if reply.status == 429:
            retry_after = reply.headers.get("Retry-After")
            break
    tripped = 429 in statuses
    ok = tripped and statuses.count(200) >= 1
    summary = (
        f"429 after {len(statuses) - 1} accepted requests (burst {burst})"
        + (f", Retry-After {retry_after}" if retry_after else "")
        if tripped
        else f"no 429 in {len(statuses)} requests (burst {burst}): the limit does not trip"
    )
    if tripped and not ok:
        summary += "; but no request was accepted before it"
    return ProbeOutcome(
        ok,
        summary,
        {
            "sent": len(statuses),
            "burst": burst,
            "accepted": statuses.count(200),
            "retry_after": retry_after,
            "statuses": sorted(set(statuses)),
        },
    )
