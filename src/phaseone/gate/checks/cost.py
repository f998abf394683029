"""Cost: phase two costed, the projected run cost under its ceiling, phase one on budget."""

from __future__ import annotations

import datetime as dt

from phaseone.evals.freshness import Freshness
from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.cost_projection import CostProjection, PerRequestCost, RunCost, TraceCost
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.humanize import ago, money
from phaseone.store.gate_queries import project_eval_spend, project_live_spend
from phaseone.store.run_summary import RunSummary


def fresh_cost(summary: RunSummary) -> tuple[float | None, float | None]:
    """(mean, p95) cost per request of a run's fresh calls only.

    Reused answers carry the cost of a call made earlier, maybe to another version of
    the system: they are no measurement. A summary from before the fresh figures existed
    is used only when it reused nothing (then all its figures are fresh)."""
    cost = summary.cost
    if cost.has_fresh_figures:
        return cost.fresh_mean, cost.fresh_p95
    if Freshness.of(summary).all_fresh:
        return cost.mean, cost.p95
    return None, None


def per_request_cost(ctx: GateContext) -> tuple[PerRequestCost | None, list[Evidence]]:
    """Measured cost per request, from the metric run and from live traces (None: neither
    measured anything).

    The projection uses the larger of the two means (and of the two p95s): a pilot
    whose live requests cost more than its eval cases is projected at the live price.
    """
    from phaseone.evals.stats import percentiles

    m = ctx.plan.success_metric
    suite = m.suite if m else (ctx.plan.suites[0].name if ctx.plan.suites else None)
    run = ctx.latest_run(suite) if suite else None
    runs: RunCost | None = None
    traces: TraceCost | None = None
    ev: list[Evidence] = []
    if run is not None:
        summ = ctx.summary(run)
        fresh = Freshness.of(summ)
        mean, p95 = fresh_cost(summ)
        if mean is not None and fresh.fresh_calls:
            runs = RunCost(
                mean=mean,
                p95=p95 if p95 is not None else mean,
                run_id=run.id,
                n=fresh.fresh_calls,
                reused_answers=fresh.reused_answers,
                finished_at=(run.finished_at or run.started_at).isoformat(),
                # a resumed run is as old as its oldest answer
                observed_from=ctx.run_observed(run)[0].isoformat(),
            )
            ev.append(
                ctx.run_evidence(
                    run,
                    f"cost/request mean {money(mean, ctx.plan.project.currency)} over "
                    f"{fresh.describe()}, {ctx.run_age(run)}",
                )
            )
    costs = [t.cost for t in ctx.recent_traces if t.cost is not None and t.outcome != "refused"]
    if costs:
        traces = TraceCost(
            mean=sum(costs) / len(costs),
            p95=float(percentiles(costs, (95,))["p95"] or 0.0),
            n=len(costs),
        )
        newest = max(t.started_at for t in ctx.recent_traces)
        ev.append(
            ctx.verified(
                "traces",
                f"{len(costs)} live requests, cost/request mean "
                f"{money(traces.mean, ctx.plan.project.currency)}",
                newest,
            )
        )
    measured = [x for x in (runs, traces) if x is not None]
    if not measured:
        return None, ev
    mean = max(x.mean for x in measured)
    p95 = max(x.p95 for x in measured)
    return PerRequestCost(mean, p95, runs, traces), ev


def projection(ctx: GateContext) -> CostProjection | None:
    """The phase-two cost projection that goes into the decision record."""
    two = ctx.plan.phases.two
    if two is None:
        return None
    per_req, _ = per_request_cost(ctx)
    items_monthly = sum(i.monthly for i in two.items)
    vol = two.expected_monthly_requests
    monthly = monthly_p95 = None
    if per_req is not None and vol is not None:
        monthly = per_req.mean * vol + items_monthly
        monthly_p95 = per_req.p95 * vol + items_monthly
    return CostProjection(
        currency=ctx.plan.project.currency,
        one_off_total=sum(i.one_off for i in two.items),
        items_monthly=items_monthly,
        items=[i.model_dump() for i in two.items],
        expected_monthly_requests=vol,
        ceiling_monthly=two.run_cost_ceiling_monthly,
        cost_per_request=per_req,
        assumptions=(
            "cost per request = the larger of the eval-run and live-trace means (p95 likewise);"
            " eval runs count fresh calls only, never answers reused from the cache",
            "volume = phases.two.expected_monthly_requests, flat across the month",
            "monthly items (hosting, support, licences) added as declared in the plan",
        ),
        projected_monthly=monthly,
        projected_monthly_p95=monthly_p95,
    )


@check(
    "cost.phase_two_costed",
    area="cost",
    title="Phase two is costed: line items, expected volume, run-cost ceiling",
    blocking=True,
    verified_by="phases.two has cost items, expected_monthly_requests and run_cost_ceiling_monthly",
    cites="the plan version",
    fix="cost the production build under `phases.two` (items with one_off/monthly, "
    "expected_monthly_requests, run_cost_ceiling_monthly)",
)
def phase_two_costed(ctx: GateContext, c: Check) -> CheckResult:
    two = ctx.plan.phases.two
    if two is None:
        return c.failed(
            "the plan has no phases.two: finance has nothing to fund", [ctx.plan_ev("no phase two")]
        )
    missing = [
        n
        for n, v in (
            ("items", two.items),
            ("expected_monthly_requests", two.expected_monthly_requests),
            ("run_cost_ceiling_monthly", two.run_cost_ceiling_monthly),
        )
        if v is None or v == []
    ]
    cur = ctx.plan.project.currency
    ev = [
        ctx.plan_ev(
            f"{len(two.items)} items, one-off {money(sum(i.one_off for i in two.items), cur)}, "
            f"monthly {money(sum(i.monthly for i in two.items), cur)}"
        )
    ]
    if missing:
        return c.failed(f"phases.two lacks {', '.join(missing)}", ev)
    return c.passed("phase two is costed", ev)


@check(
    "cost.run_cost",
    area="cost",
    title="Projected monthly run cost under the ceiling",
    blocking=True,
    verified_by="measured cost per request (fresh calls of the metric run, not answers reused "
    "from the cache, and live traces) × expected monthly "
    "requests + monthly items ≤ phases.two.run_cost_ceiling_monthly",
    cites="the metric run's cost figures and live traces",
    fix="lower the cost per request (smaller model, caching, shorter prompts) or agree a higher "
    "ceiling with finance",
)
def run_cost(ctx: GateContext, c: Check) -> CheckResult:
    two = ctx.plan.phases.two
    if two is None or two.expected_monthly_requests is None or two.run_cost_ceiling_monthly is None:
        return c.skipped("phase two has no volume or ceiling (cost.phase_two_costed fails)")
    proj = projection(ctx)
    _, ev = per_request_cost(ctx)
    per_req = proj.cost_per_request if proj is not None else None
    if (
        proj is None
        or per_req is None
        or proj.projected_monthly is None
        or proj.projected_monthly_p95 is None
    ):
        return c.inconclusive(
            "no cost per request measured on fresh calls yet (answers reused from the cache "
            "are no measurement)",
            ev,
            fix="run `phaseone eval` without --cache",
        )
    if stale := ctx.stale_result(c, ev, "`phaseone eval`", reused_ok=True):
        return stale
    cur = ctx.plan.project.currency
    ceil = two.run_cost_ceiling_monthly
    mean, hi = proj.projected_monthly, proj.projected_monthly_p95
    desc = (
        f"projected {money(mean, cur)}/month ({money(hi, cur)} at the p95 cost per request) "
        f"vs ceiling {money(ceil, cur)}"
    )
    runs_src = per_req.runs
    if runs_src is not None:
        at = dt.datetime.fromisoformat(runs_src.observed_from or runs_src.finished_at)
        desc += f"; measured on {runs_src.n:,} fresh calls observed from {ago(at, ctx.now)}"
    data = proj.to_json()
    if mean > ceil:
        return c.failed(desc, ev, data=data)
    if per_req.mean == 0:
        desc += "; measured cost per request is 0 — set target.price if calls cost anything"
    elif hi > ceil:
        desc += "; the p95 projection exceeds the ceiling: keep a budget control on"
    return c.passed(desc, ev, data=data)


@check(
    "cost.phase_one_budget",
    area="cost",
    title="Phase-one spend within its budget",
    blocking=False,
    verified_by="sum of the cost of every eval case and live request so far vs phases.one.budget",
    cites="case results and traces",
    fix="agree the overspend with the sponsor, or lower the cost per request",
)
def phase_one_budget(ctx: GateContext, c: Check) -> CheckResult:
    budget = ctx.plan.phases.one.budget
    evals = project_eval_spend(ctx.store, ctx.project)
    live = project_live_spend(ctx.store, ctx.project)
    spent = evals + live
    cur = ctx.plan.project.currency
    ev = [
        ctx.verified(
            "case results and traces",
            f"spent {money(spent, cur)} (evals {money(float(evals), cur)}, "
            f"live {money(float(live), cur)})",
        )
    ]
    data = {"spent": spent, "evals": float(evals), "live": float(live), "budget": budget}
    if budget is None:
        return c.skipped(f"no phases.one.budget; spent {money(spent, cur)}", data=data)
    if spent > budget:
        return c.failed(f"spent {money(spent, cur)} of {money(budget, cur)}", ev, data=data)
    return c.passed(
        f"spent {money(spent, cur)} of {money(budget, cur)} ({spent / budget:.0%})"
        if budget
        else f"spent {money(spent, cur)}",
        ev,
        data=data,
    )
