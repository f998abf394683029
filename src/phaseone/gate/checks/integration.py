"""Integration: the pilot ran against the live system and live data, not exports."""

from __future__ import annotations

from typing import Any

from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.humanize import DASH
from phaseone.plan.components import LIVE_DATASET_KINDS
from phaseone.plan.schema import Suite

LIVE_TARGET_KINDS = frozenset({"http", "openai"})


def run_figures(summary: dict[str, Any]) -> tuple[float | None, float | None, int]:
    """(error rate, p95 latency ms, n) of a run summary."""
    err = summary.get("error_rate")
    p95 = (summary.get("latency_ms") or {}).get("p95")
    return (
        float(err) if isinstance(err, int | float) else None,
        float(p95) if isinstance(p95, int | float) else None,
        int(summary.get("n") or 0),
    )


def limits_problems(
    ctx: GateContext, label: str, err: float | None, p95: float | None
) -> list[str]:
    g = ctx.settings
    out = []
    if err is not None and err > g.max_error_rate:
        out.append(f"{label}: error rate {err:.1%} > gate.max_error_rate {g.max_error_rate:.1%}")
    if p95 is not None and g.max_p95_latency_ms is not None and p95 > g.max_p95_latency_ms:
        out.append(
            f"{label}: p95 latency {p95:.0f} ms > gate.max_p95_latency_ms "
            f"{g.max_p95_latency_ms:.0f} ms"
        )
    return out


def runs_within_limits(
    ctx: GateContext, suites: list[Suite]
) -> tuple[list[Evidence], list[str], dict[str, Any]]:
    """Evidence, limit problems and figures of the latest run of each suite that has one.

    Shared by the integration and reliability checks: both judge runs by the same limits.
    """
    ev: list[Evidence] = []
    probs: list[str] = []
    figures: dict[str, Any] = {}
    for s in suites:
        run = ctx.latest_run(s.name)
        if run is None:
            continue
        err, p95, n = run_figures(ctx.summary(run))
        figures[s.name] = {"run_id": run.id, "error_rate": err, "p95_ms": p95, "n": n}
        ev.append(
            ctx.run_evidence(
                run,
                f"{s.name}: {n} cases, errors {DASH if err is None else f'{err:.1%}'}, "
                f"p95 {DASH if p95 is None else f'{p95:.0f} ms'}",
            )
        )
        probs += limits_problems(ctx, s.name, err, p95)
    return ev, probs, figures


@check(
    "integration.live_target",
    area="integration",
    title="The target is the live service and it answered in the latest run",
    blocking=True,
    verified_by="target kind is http or openai (a network service, not an in-process function), "
    "and the metric suite's latest run got answers with an error rate under gate.max_error_rate",
    cites="the plan's target and the latest metric run",
    fix="point `target:` at the deployed service (http or openai kind) and run the suite",
)
def live_target(ctx: GateContext, c: Check) -> CheckResult:
    t = ctx.plan.target
    ev: list[Evidence] = [ctx.plan_ev(f"target kind {t.kind}")]
    if t.kind not in LIVE_TARGET_KINDS:
        return c.failed(
            f"target kind {t.kind!r} calls code in-process; the pilot has not been measured "
            "through the service production will call",
            ev,
        )
    m = ctx.plan.success_metric
    suite = m.suite if m else (ctx.plan.suites[0].name if ctx.plan.suites else None)
    run = ctx.latest_run(suite) if suite else None
    if run is None:
        return c.inconclusive(
            "no completed run against the target yet",
            ev,
            fix=f"run `phaseone eval --suite {suite}`",
        )
    err, _, n = run_figures(ctx.summary(run))
    ev.append(
        ctx.run_evidence(run, f"{n} calls, error rate {DASH if err is None else f'{err:.1%}'}")
    )
    if stale := ctx.stale_result(c, ev[1:], f"`phaseone eval --suite {suite}`"):
        return stale
    scored = int(ctx.summary(run).get("scored") or 0)
    if scored == 0:
        return c.failed(f"the target answered none of {n} calls in run {run.id}", ev)
    probs = limits_problems(ctx, f"run {run.id}", err, None)
    if probs:
        return c.failed("; ".join(probs), ev)
    return c.passed(f"{t.kind} target answered {scored}/{n} calls in run {run.id}", ev)


@check(
    "integration.live_dataset",
    area="integration",
    title="At least one suite reads live data (SQL, HTTP API or production traces)",
    blocking=True,
    verified_by="a suite's dataset kind is sql, http or traces and that suite has a completed run "
    "(the source was reachable)",
    cites="the plan's datasets and their runs",
    fix="replace an exported file with the live source: `dataset: {kind: sql, url: …, query: …}` "
    "or `kind: http`, or capture production traces (`phaseone capture`)",
)
def live_dataset(ctx: GateContext, c: Check) -> CheckResult:
    live = [s for s in ctx.plan.suites if s.dataset.kind in LIVE_DATASET_KINDS]
    kinds = ", ".join(f"{s.name}:{s.dataset.kind}" for s in ctx.plan.suites) or "no suites"
    ev: list[Evidence] = [ctx.plan_ev(f"datasets {kinds}")]
    if not live:
        why = (
            "every suite reads an exported file; none reads the live system"
            if ctx.plan.suites
            else "the plan has no suites, so nothing reads the live system"
        )
        return c.failed(why, ev)
    ran = []
    for s in live:
        run = ctx.latest_run(s.name)
        if run is not None:
            ev.append(ctx.run_evidence(run, f"{s.name} read {s.dataset.kind} source"))
            ran.append(s.name)
    if not ran:
        return c.inconclusive(
            f"live-data suite(s) {', '.join(s.name for s in live)} never completed a run",
            ev,
            fix=f"run `phaseone eval --suite {live[0].name}`",
        )
    if stale := ctx.stale_result(c, ev[1:], f"`phaseone eval --suite {ran[0]}`"):
        return stale
    return c.passed(f"live data read by {', '.join(ran)}", ev)


@check(
    "integration.latency_errors",
    area="integration",
    title="Integration latency and errors within the gate's limits",
    blocking=True,
    verified_by="p95 latency and error rate of the latest run of every live-data suite, "
    "against gate.max_p95_latency_ms and gate.max_error_rate",
    cites="the latest runs of the live-data suites",
    fix="fix the failing calls or the slow path (see the run's errors), then re-run the suites",
)
def integration_latency(ctx: GateContext, c: Check) -> CheckResult:
    live = [s for s in ctx.plan.suites if s.dataset.kind in LIVE_DATASET_KINDS]
    if not live:
        return c.skipped("no live-data suite (integration.live_dataset fails)")
    ev, probs, figures = runs_within_limits(ctx, live)
    if not ev:
        return c.inconclusive(
            "no live-data suite has a completed run",
            fix=f"run `phaseone eval --suite {live[0].name}`",
        )
    if stale := ctx.stale_result(c, ev, "`phaseone eval` for the live-data suites"):
        return stale
    if probs:
        return c.failed("; ".join(probs), ev, data={"suites": figures})
    note = "" if ctx.settings.max_p95_latency_ms else " (no gate.max_p95_latency_ms set)"
    return c.passed(f"within limits{note}", ev, data={"suites": figures})
