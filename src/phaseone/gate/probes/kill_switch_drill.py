"""Kill-switch drill: on → the fallback answers from the very first request; off → the
primary answers again from the very first request.

The drill lets the gateway sit idle for longer than the guard's kill-switch cache
(`KILL_SWITCH_TTL_S`) before each flip, so the request right after the flip is the
one a paging engineer would send: it must already see the new state. (Under load a
gateway may serve requests from a reading up to that TTL old; docs/deployment.md.)

Runs on a scratch store and an in-process gateway, so drilling never touches the live
kill switch; the drill ends with the switch OFF and checks that it is.
"""

from __future__ import annotations

import asyncio

from phaseone.gate.probes._registry import Observation, ProbeOutcome, probe
from phaseone.gate.probes.harness import ProbeContext, Reply
from phaseone.guard.resilience import KILL_SWITCH_TTL_S

#: Idle time before each flip: the cache's TTL plus a margin for a loaded machine.
IDLE_S = KILL_SWITCH_TTL_S + 0.2
#: Requests sent right after each flip; every one must show the new state.
AFTER_FLIP = 3


async def _burst(ctx: ProbeContext, key: str) -> list[Reply]:
    return [await ctx.invoke("probe: kill switch", key) for _ in range(AFTER_FLIP)]


def _routes(replies: list[Reply]) -> str:
    return ", ".join(f"{r.status} {r.route or '-'}" for r in replies)


@probe(
    "kill_switch_drill",
    control="rollout",
    drill=True,
    description="positive: primary answers before the switch and from the first request after "
    "it is turned off; negative: the fallback answers from the first request after it is "
    "turned on (idle gateway); left OFF",
)
async def kill_switch_drill(ctx: ProbeContext) -> ProbeOutcome:
    from phaseone.store.settings import kill_switch_on, set_kill_switch

    key = ctx.general_key()
    before = await ctx.invoke("probe: kill switch", key)
    await asyncio.sleep(IDLE_S)
    set_kill_switch(ctx.store, ctx.project, True)
    try:
        on = await _burst(ctx, key)
        await asyncio.sleep(IDLE_S)
    finally:
        set_kill_switch(ctx.store, ctx.project, False)
    off = await _burst(ctx, key)
    left_off = not kill_switch_on(ctx.store, ctx.project)
    primary = [before, *off]
    positive = Observation(
        "primary answers (200) before the switch and from the first request after it is off",
        f"before: {before.shown()}; after off: {_routes(off)}",
        all(r.answered and r.route == "primary" for r in primary),
    )
    negative = Observation(
        f"the fallback answers (200) the first {AFTER_FLIP} requests after it is on",
        f"after on: {_routes(on)}",
        all(r.answered and r.route == "fallback" for r in on),
    )
    return ProbeOutcome.of(
        positive,
        negative,
        {
            "before": before.route,
            "on": [[r.status, r.route] for r in on],
            "off": [[r.status, r.route] for r in off],
            "idle_s": IDLE_S,
            "left_off": left_off,
        },
        also=left_off,
        note=f"switch left {'OFF' if left_off else 'ON'}",
    )
