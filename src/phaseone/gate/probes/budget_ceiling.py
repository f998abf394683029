"""Spend must stop at the ceiling: a key with a small budget is answered until the
budget is used up, then refused 402, and nothing is spent beyond it.

The budget is set from the price *observed* on this gateway (the cost stored in the
trace of one probe request), so the probe works against a live gateway whose target
price it cannot know. The gateway reserves a request's worst case before calling the
target; when that is above the observed cost (token-priced targets), a budget of 2.5
requests may refuse the very first one, so the probe tries budgets 4× larger, up to
`RUNGS` times, until one shows an accepted request followed by the 402.
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext, Reply
from phaseone.humanize import money
from phaseone.store.gate_queries import key_spend

MAX_REQUESTS = 20
#: Budgets tried: 2.5, 10, 40, 160 times the observed cost of one request.
FIRST_BUDGET_REQUESTS = 2.5
GROWTH = 4.0
RUNGS = 4
EPS = 1e-9


def _spent(ctx: ProbeContext, name: str | None) -> tuple[float, float]:
    """(traced spend, settled ledger spend) of one key."""
    # the budget's own audit ledger must agree: settled spend on the key's scope
    spend = key_spend(ctx.store, name)
    return spend.traced, spend.settled


async def _drain(ctx: ProbeContext, key: str) -> tuple[list[Reply], int]:
    """Requests on `key` until a 402 (or MAX_REQUESTS): (replies, answered before the 402)."""
    replies: list[Reply] = []
    for _ in range(MAX_REQUESTS):
        reply = await ctx.invoke("probe: budget", key)
        replies.append(reply)
        if reply.status == 402:
            break
    return replies, sum(r.answered for r in replies)


@probe(
    "budget_ceiling",
    control="budget",
    description="a key whose budget is 2.5× the observed cost of a request: positive: "
    "requests answered 200 until the budget is used; negative: then 402, traced spend ≤ budget",
)
async def budget_ceiling(ctx: ProbeContext) -> ProbeOutcome:
    pricing = ctx.make_key("budget-price", rate_limit_rpm=1_000_000)
    first = await ctx.invoke("probe: budget price", pricing)
    trace = await ctx.wait_trace(first.request_id)
    price = float(trace.cost or 0.0) if trace is not None else 0.0
    if not first.answered or price <= 0:
        why = (
            f"the pricing request → {first.shown()}"
            if not first.answered
            else "the pricing request was answered but "
            + ("left no trace" if trace is None else "cost nothing")
            + ", so no budget can be used up"
        )
        return ProbeOutcome.of(
            Observation("a request answered 200 at a known cost", why, False),
            Observation("402 at the ceiling", "not tried: no price to set a ceiling from", False),
            {"price": price, "pricing_status": first.status},
        )
    ceiling, answered, name = 0.0, 0, None
    replies: list[Reply] = []
    for rung in range(RUNGS):
        ceiling = price * FIRST_BUDGET_REQUESTS * GROWTH**rung
        key = ctx.make_key(f"budget{rung}", budget_daily=ceiling, rate_limit_rpm=1_000_000)
        name = ctx.key_name(key)
        replies, answered = await _drain(ctx, key)
        refused = replies[-1].status == 402
        if answered or not refused:
            break  # shown both, or the budget does not trip: a larger one will not either
    await asyncio.gather(*(ctx.wait_trace(r.request_id) for r in replies[-1:]))
    await asyncio.sleep(0.05)
    spent, ledger = _spent(ctx, name)
    refused = replies[-1].status == 402
    within = max(spent, ledger) <= ceiling + EPS
    cur = ctx.loaded.plan.project.currency
    positive = Observation(
        "at least one request answered 200 before the 402",
        f"{answered} answered on a key with budget {money(ceiling, cur)} ({ceiling / price:g}× "
        f"the observed cost {money(price, cur)} of a request)",
        answered >= 1,
    )
    negative = Observation(
        f"402 within {MAX_REQUESTS} requests",
        f"402 after {answered} answered" if refused else f"no 402 in {len(replies)} requests",
        refused,
    )
    details: dict[str, Any] = {
        "price": price,
        "ceiling": ceiling,
        "spent": spent,
        "ledger": ledger,
        "accepted": answered,
        "sent": len(replies),
    }
    return ProbeOutcome.of(
        positive,
        negative,
        details,
        also=within,
        note=f"traced spend {money(spent, cur)}, ledger {money(ledger, cur)} "
        + ("≤" if within else "EXCEED the")
        + f" budget {money(ceiling, cur)}",
    )
