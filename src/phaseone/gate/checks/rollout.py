"""Rollout: a way back — kill switch to a fallback, drilled for real."""

from __future__ import annotations

from phaseone.gate.checks._registry import check
from phaseone.gate.checks.controls import probe_backed
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult


@check(
    "rollout.kill_switch",
    area="rollout",
    title="Kill switch and fallback configured, and the drill passed",
    blocking=True,
    verified_by="controls.rollout.kill_switch and controls.resilience.fallback are set, and the "
    "kill-switch drill probe routed traffic to the fallback and back",
    cites="the plan and the newest kill_switch_drill probe result",
    fix="set controls.rollout.kill_switch: true and a controls.resilience.fallback, then "
    "`phaseone verify`",
)
def kill_switch(ctx: GateContext, c: Check) -> CheckResult:
    controls = ctx.plan.controls
    if controls is None:
        return c.failed("no controls: there is no way to switch the system off")
    missing = []
    if not controls.rollout.kill_switch:
        missing.append("controls.rollout.kill_switch is off")
    if controls.resilience.fallback is None:
        missing.append("no controls.resilience.fallback to route to")
    if missing:
        return c.failed("; ".join(missing), [ctx.plan_ev("rollout/fallback")])
    return probe_backed(ctx, c, ("kill_switch_drill",))
