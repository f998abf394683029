"""Spend must stop at the ceiling: a key with a tiny budget is refused 402, nothing beyond it."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import PROBE_PRICE, ProbeContext
from phaseone.humanize import money
from phaseone.store.models import BudgetEntry, Trace

MAX_REQUESTS = 20
EPS = 1e-9


@probe(
    "budget_ceiling",
    control="budget",
    description="a key with a budget of 2.5 requests: 402 appears, traced spend ≤ the budget",
)
async def budget_ceiling(ctx: ProbeContext) -> ProbeOutcome:
    # In-process the probe target's price is known; against a live gateway the price is
    # not, so the budget is tiny and the first request may already be refused.
    ceiling = PROBE_PRICE.per_call * 2.5 if ctx.in_process else 1e-6
    key = ctx.make_key("budget", budget_daily=ceiling, rate_limit_rpm=1_000_000)
    name = ctx.key_name(key)
    statuses: list[int] = []
    last_id = None
    for _ in range(MAX_REQUESTS):
        reply = await ctx.invoke("probe: budget", key)
        statuses.append(reply.status)
        last_id = reply.request_id or last_id
        if reply.status == 402:
            break
    await ctx.wait_trace(last_id)
    await asyncio.sleep(0.05)
    with ctx.store.session() as s:
        spent = float(
            s.scalar(select(func.coalesce(func.sum(Trace.cost), 0.0)).where(Trace.key_name == name))
            or 0.0
        )
        # the budget's own audit ledger must agree: settled spend on the key's scope
        ledger = float(
            s.scalar(
                select(func.coalesce(func.sum(BudgetEntry.amount), 0.0)).where(
                    BudgetEntry.scope.contains(f"key:{name}"), BudgetEntry.action == "settle"
                )
            )
            or 0.0
        )
    refused = 402 in statuses
    within = max(spent, ledger) <= ceiling + EPS
    ok = refused and within
    accepted = statuses.count(200)
    cur = ctx.loaded.plan.project.currency
    if not refused:
        summary = (
            f"no 402 in {len(statuses)} requests on a key with budget {money(ceiling, cur)}: "
            "spend is not capped (or requests cost nothing)"
        )
    else:
        summary = (
            f"402 after {accepted} accepted request(s); traced spend {money(spent, cur)}, "
            f"ledger {money(ledger, cur)} ≤ budget {money(ceiling, cur)}"
            if within
            else f"402 came, but spend (traces {money(spent, cur)}, ledger {money(ledger, cur)})"
            f" exceeds the budget {money(ceiling, cur)}"
        )
    return ProbeOutcome(
        ok,
        summary,
        {
            "ceiling": ceiling,
            "spent": spent,
            "ledger": ledger,
            "accepted": accepted,
            "sent": len(statuses),
        },
    )
