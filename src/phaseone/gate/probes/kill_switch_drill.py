"""Kill-switch drill: switch on → traffic goes to the fallback; off → back to primary.

Runs on a scratch store and an in-process gateway, so drilling never touches the live
kill switch; the drill ends with the switch OFF and checks that it is.
"""

from __future__ import annotations

import asyncio
import time

from phaseone.gate.probes._registry import ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext, Reply

#: How long the gateway may take to notice the switch (it may cache the setting).
NOTICE_S = 10.0


async def _until_route(ctx: ProbeContext, key: str, route: str) -> tuple[Reply, float]:
    t0 = time.monotonic()
    while True:
        reply = await ctx.invoke("probe: kill switch", key)
        if reply.route == route or time.monotonic() - t0 > NOTICE_S:
            return reply, time.monotonic() - t0
        await asyncio.sleep(0.1)


@probe(
    "kill_switch_drill",
    control="rollout",
    drill=True,
    description="kill switch on → fallback route; off → primary route; left OFF",
)
async def kill_switch_drill(ctx: ProbeContext) -> ProbeOutcome:
    from phaseone.store.settings import kill_switch_on, set_kill_switch

    key = ctx.general_key()
    start, _ = await _until_route(ctx, key, "primary")
    set_kill_switch(ctx.store, ctx.project, True)
    try:
        on, t_on = await _until_route(ctx, key, "fallback")
    finally:
        set_kill_switch(ctx.store, ctx.project, False)
    off, t_off = await _until_route(ctx, key, "primary")
    left_off = not kill_switch_on(ctx.store, ctx.project)
    ok = (
        start.route == "primary"
        and on.status == 200
        and on.route == "fallback"
        and off.route == "primary"
        and left_off
    )
    summary = (
        f"before: {start.route}; switch on → HTTP {on.status} via {on.route} "
        f"({t_on:.1f} s); off → {off.route} ({t_off:.1f} s); switch left "
        f"{'OFF' if left_off else 'ON'}"
    )
    return ProbeOutcome(
        ok,
        summary,
        {
            "before": start.route,
            "on": [on.status, on.route],
            "off": off.route,
            "left_off": left_off,
        },
    )
