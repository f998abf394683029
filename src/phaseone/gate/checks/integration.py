"""Integration: the pilot ran against the live system and live data, not exports."""

from __future__ import annotations

from typing import Any

from phaseone.evals.freshness import Freshness
from phaseone.gate.checks._registry import check
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult, Evidence
from phaseone.humanize import DASH, ago
from phaseone.plan.components import is_live_dataset, sqlite_file
from phaseone.plan.schema import Suite
from phaseone.store.run_summary import RunSummary

LIVE_TARGET_KINDS = frozenset({"http", "openai"})


def run_figures(summary: RunSummary) -> tuple[float | None, float | None, int]:
    """(error rate, p95 latency ms, n) of a run's fresh calls.

    Answers reused from the response cache are no observation of the target: the error
    rate is over fresh calls and the p95 over fresh latencies (the summary already leaves
    reused ones out), and n counts fresh calls only.
    """
    fresh = Freshness.of(summary)
    p95 = summary.latency_ms.p95 if summary.latency_ms is not None else None
    return (
        fresh.error_rate,
        p95 if fresh.fresh_latencies else None,
        fresh.fresh_calls,
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
) -> tuple[list[Evidence], list[str], dict[str, Any], list[str]]:
    """Evidence, limit problems, figures, and the suites whose latest run made no fresh call.

    Shared by the integration and reliability checks: both judge runs by the same limits,
    on fresh calls only. A run of reused answers only measured nothing: it is listed as
    unmeasured (the checks are then inconclusive), never taken as within limits.
    """
    ev: list[Evidence] = []
    probs: list[str] = []
    figures: dict[str, Any] = {}
    unmeasured: list[str] = []
    for s in suites:
        run = ctx.latest_run(s.name)
        if run is None:
            continue
        summ = ctx.summary(run)
        err, p95, n = run_figures(summ)
        fresh = Freshness.of(summ)
        figures[s.name] = {
            "run_id": run.id,
            "error_rate": err,
            "p95_ms": p95,
            "n": n,
            "fresh_calls": fresh.fresh_calls,
            "reused_answers": fresh.reused_answers,
            "finished_at": (run.finished_at or run.started_at).isoformat(),
        }
        ev.append(
            ctx.run_evidence(
                run,
                f"{s.name}: {fresh.describe()}, errors {DASH if err is None else f'{err:.1%}'}, "
                f"p95 {DASH if p95 is None else f'{p95:.0f} ms'}, {ctx.run_age(run)}",
            )
        )
        if fresh.fresh_calls == 0 or (
            ctx.settings.max_p95_latency_ms is not None and fresh.fresh_latencies == 0
        ):
            unmeasured.append(f"{s.name} (run {run.id}: {fresh.describe()})")
        probs += limits_problems(ctx, s.name, err, p95)
    return ev, probs, figures, unmeasured


@check(
    "integration.live_target",
    area="integration",
    title="The target is the live service and it answered in the latest run",
    blocking=True,
    verified_by="target kind is http or openai (a network service, not an in-process function), "
    "and the metric suite's latest run made fresh calls to it (answers reused from the cache do "
    "not count) with an error rate under gate.max_error_rate",
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
    summ = ctx.summary(run)
    err, _, n = run_figures(summ)
    fresh = Freshness.of(summ)
    ev.append(
        ctx.run_evidence(
            run, f"{fresh.describe()}, error rate {DASH if err is None else f'{err:.1%}'}"
        )
    )
    rerun = f"`phaseone eval --suite {suite}`"
    if stale := ctx.stale_result(c, ev[1:], rerun, reused_ok=True):
        return stale
    data = {"run_id": run.id, "fresh_calls": n, "reused_answers": fresh.reused_answers}
    if n == 0:
        return c.inconclusive(
            f"0 fresh calls in run {run.id} ({ctx.run_age(run)}): its "
            f"{fresh.reused_answers:,} answers were reused from the response cache, so the "
            "target was not reached",
            ev,
            fix=f"run {rerun} without --cache",
            data=data,
        )
    if fresh.fresh_answered == 0:
        return c.failed(
            f"the target answered none of {n} fresh calls in run {run.id} ({ctx.run_age(run)})",
            ev,
            data=data,
        )
    probs = limits_problems(ctx, f"run {run.id}", err, None)
    if probs:
        return c.failed("; ".join(probs), ev, data=data)
    reused = (
        f"; {fresh.reused_answers:,} reused answers not counted" if fresh.reused_answers else ""
    )
    return c.passed(
        f"{t.kind} target answered {fresh.fresh_answered}/{n} fresh calls in run {run.id} "
        f"({ctx.run_age(run)}){reused}",
        ev,
        data=data,
    )


@check(
    "integration.live_dataset",
    area="integration",
    title="At least one suite reads live data (SQL, HTTP API or production traces)",
    blocking=True,
    verified_by="a suite's dataset kind is sql (a database server, or a `sqlite:///` file the "
    "plan declares `live: true`), http or traces and that suite has a completed run "
    "(the source was reachable)",
    cites="the plan's datasets and their runs",
    fix="replace an exported file with the live source: `dataset: {kind: sql, url: …, query: …}` "
    "or `kind: http`, or capture production traces (`phaseone capture`)",
)
def live_dataset(ctx: GateContext, c: Check) -> CheckResult:
    live = [s for s in ctx.plan.suites if is_live_dataset(s.dataset)]
    kinds = ", ".join(f"{s.name}:{s.dataset.kind}" for s in ctx.plan.suites) or "no suites"
    ev: list[Evidence] = [ctx.plan_ev(f"datasets {kinds}")]
    exports = [
        s.name
        for s in ctx.plan.suites
        if s.dataset.kind == "sql" and sqlite_file(s.dataset.url) and not s.dataset.live
    ]
    if not live:
        why = (
            "every suite reads an exported file; none reads the live system"
            if ctx.plan.suites
            else "the plan has no suites, so nothing reads the live system"
        )
        if exports:
            why += (
                f" ({', '.join(exports)} read(s) a SQLite file: an export unless it is the "
                "system's own store — then say so with `live: true` on its dataset)"
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
    # The dataset is read fresh even by a --cache run: its reused answers do not matter here.
    if stale := ctx.stale_result(c, ev[1:], f"`phaseone eval --suite {ran[0]}`", reused_ok=True):
        return stale
    declared = [
        s.name for s in live if s.name in ran and s.dataset.kind == "sql" and s.dataset.live
    ]
    note = (
        f" ({', '.join(declared)}: a SQLite file the plan declares the live store, "
        "`live: true`; its content is compared with each run)"
        if declared
        else ""
    )
    return c.passed(f"live data read by {', '.join(ran)}{note}", ev)


@check(
    "integration.latency_errors",
    area="integration",
    title="Integration latency and errors within the gate's limits",
    blocking=True,
    verified_by="p95 latency and error rate of the fresh calls of the latest run of every "
    "live-data suite (answers reused from the cache are no measurement), against "
    "gate.max_p95_latency_ms and gate.max_error_rate",
    cites="the latest runs of the live-data suites",
    fix="fix the failing calls or the slow path (see the run's errors), then re-run the suites",
)
def integration_latency(ctx: GateContext, c: Check) -> CheckResult:
    live = [s for s in ctx.plan.suites if is_live_dataset(s.dataset)]
    if not live:
        return c.skipped("no live-data suite (integration.live_dataset fails)")
    ev, probs, figures, unmeasured = runs_within_limits(ctx, live)
    if not ev:
        return c.inconclusive(
            "no live-data suite has a completed run",
            fix=f"run `phaseone eval --suite {live[0].name}`",
        )
    if stale := ctx.stale_result(c, ev, "`phaseone eval` for the live-data suites", reused_ok=True):
        return stale
    if unmeasured:
        return c.inconclusive(
            f"no fresh latency measured: {', '.join(unmeasured)}",
            ev,
            fix="run `phaseone eval` for the live-data suites without --cache",
            data={"suites": figures},
        )
    if probs:
        return c.failed("; ".join(probs), ev, data={"suites": figures})
    note = "" if ctx.settings.max_p95_latency_ms else " (no gate.max_p95_latency_ms set)"
    newest = ago(max(e.at for e in ev), ctx.now)
    return c.passed(
        f"within limits on fresh calls{note}; newest run finished {newest}",
        ev,
        data={"suites": figures},
    )
