"""Requests within the per-key rate limit are answered; a burst beyond it trips the limit
(429 with Retry-After)."""

from __future__ import annotations

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext

#: Requests sent beyond the plan's burst before concluding the limit does not trip.
EXTRA = 20


@probe(
    "rate_limit",
    control="rate_limit",
    description="a fresh key: positive: its first request → 200 with an answer; negative: "
    "within burst + 20 requests a 429 appears",
)
async def rate_limit(ctx: ProbeContext) -> ProbeOutcome:
    rl = ctx.loaded.plan.controls.rate_limit if ctx.loaded.plan.controls else None
    burst = rl.burst if rl else 60
    key = ctx.make_key("ratelimit")
    statuses: list[int] = []
    answered = 0
    first = None
    retry_after = None
    for _ in range(burst + EXTRA):
        reply = await ctx.invoke("probe: rate", key)
        first = first or reply
        statuses.append(reply.status)
        answered += reply.answered
        if reply.status == 429:
            retry_after = reply.headers.get("Retry-After")
            break
    assert first is not None
    # accepted *before* the refusal: the 429 is the limit, not a gateway that refuses all
    positive = Observation(
        "the first request on a fresh key → HTTP 200 with an answer",
        f"first request → {first.shown()}; {answered} answered before any 429",
        first.answered,
    )
    tripped = 429 in statuses
    negative = Observation(
        f"a 429 within {burst + EXTRA} requests (burst {burst})",
        f"429 after {len(statuses) - 1} requests"
        + (f", Retry-After {retry_after}" if retry_after else "")
        if tripped
        else f"no 429 in {len(statuses)} requests",
        tripped,
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {
            "sent": len(statuses),
            "burst": burst,
            "accepted": answered,
            "retry_after": retry_after,
            "statuses": sorted(set(statuses)),
        },
    )
