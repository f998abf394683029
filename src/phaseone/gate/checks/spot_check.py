"""Integration at decision time: the system still answers as the cited run measured.

Every other check reads stored evidence; this one observes. See `gate/spot_check.py`.
"""

from __future__ import annotations

from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult


@check(
    "integration.spot_check",
    area="integration",
    title="The system answers now as it did in the cited run",
    blocking=True,
    verified_by="when the gate decides, gate.spot_check_cases random scored cases of the metric "
    "suite's latest run are re-called against the plan's target and scored by the suite's "
    "scorers; at most gate.spot_check_tolerance of them may change pass/fail, and the target "
    "must answer (the calls are stored as a run of role spot_check, their cost counted)",
    cites="the metric suite's latest run and the spot-check run made now",
    fix="re-run `phaseone eval`: the cited run no longer describes the system",
)
def spot_check_now(ctx: GateContext, c: Check) -> CheckResult:
    from phaseone.gate.spot_check import spot_check

    n = ctx.settings.spot_check_cases
    m = ctx.plan.success_metric
    suite = m.suite if m else (ctx.plan.suites[0].name if ctx.plan.suites else None)
    if n == 0:
        return c.skipped(
            "turned off (gate.spot_check_cases: 0): the gate did not observe the system when "
            "it decided, so a change since the cited run would not show"
        )
    if suite is None:
        return c.skipped("the plan has no suites to spot-check")
    run = ctx.latest_run(suite)
    rerun = f"re-run `phaseone eval --suite {suite}`"
    if run is None:
        return c.inconclusive(f"no completed run of {suite} to compare with", fix=rerun)
    result = spot_check(ctx.loaded, ctx.store, run, n)
    if result is None:
        return c.inconclusive(f"run {run.id} has no scored case to re-call", fix=rerun)
    ev = [
        ctx.verified(f"run {run.id}", f"cited run, {ctx.run_age(run)}", run.finished_at, [run.id]),
        ctx.verified(
            f"spot-check run {result.run_id}", result.describe(), ctx.now, [result.run_id]
        ),
    ]
    data = {
        "cited_run": run.id,
        "spot_check_run": result.run_id,
        "n": len(result.cases),
        "changed": [x.case_id for x in result.changed],
        "errors": len(result.errors),
        "cost": result.cost,
        "tolerance": ctx.settings.spot_check_tolerance,
    }
    if result.unreachable:
        first = result.errors[0].error
        return c.inconclusive(
            f"the target did not answer any of {len(result.cases)} spot-check calls "
            f"({first}); nothing shows the system still answers as in run {run.id}",
            ev,
            fix=f"bring the target back, then {rerun}",
            data=data,
        )
    allowed = result.allowed(ctx.settings.spot_check_tolerance)
    if len(result.changed) > allowed:
        return c.inconclusive(
            f"the system answers differently now: {result.describe()}; more than the "
            f"{allowed} that gate.spot_check_tolerance ({ctx.settings.spot_check_tolerance:.0%}) "
            "allows",
            ev,
            fix=f"{rerun}: the cited run no longer describes the system",
            data=data,
        )
    return c.passed(
        f"{result.describe()}; at most {allowed} may "
        f"(gate.spot_check_tolerance {ctx.settings.spot_check_tolerance:.0%})",
        ev,
        data=data,
    )
