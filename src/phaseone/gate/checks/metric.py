"""Metric: the number was agreed, locked before the first evidence existed, and every
look at it since the lock is counted.

The looks rule (`phaseone.evals.looks`): each pilot run of the metric's suite that ended
with a metric value since the lock is a look, and look k is judged at one-sided confidence
1 − α/(k(k+1)). `metric_verdict.metric_status_at_look` is the gate's one decision on the metric: the
`evals.metric` check calls it, and tests/gate/test_gate_simulation.py simulates it — so
re-running a suite until one run passes cannot push the false-GO rate above α.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from phaseone.gate.checks._registry import check
from phaseone.gate.checks.metric_verdict import run_looks
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult
from phaseone.store.plans import metric_locks

#: Seconds of clock skew tolerated between a lock and the run that triggered it.
_SKEW_S = 5.0


def _drift(ctx: GateContext) -> dict[str, Any] | None:
    from phaseone.plan.lock import metric_drift

    # The latest metric run's dataset: a run on other data than the lock names is drift.
    d = metric_drift(ctx.store, ctx.loaded, ctx.metric_dataset_identity)
    return None if d is None else {**d.as_dict(), "describe": d.describe()}


@check(
    "metric.defined",
    area="metric",
    title="A success metric with threshold and confidence is declared",
    blocking=True,
    verified_by="the plan's `success_metric` names an existing suite and one of its scorers",
    cites="the plan version",
    fix="agree the number with the owner and write it under `success_metric:` "
    "(name, suite, scorer, aggregate, threshold, confidence, min_cases)",
)
def metric_defined(ctx: GateContext, c: Check) -> CheckResult:
    m = ctx.plan.success_metric
    if m is None:
        return c.failed("the plan has no success_metric: nothing can trigger the decision")
    ev = [
        ctx.plan_ev(
            f"{m.name}: {m.aggregate} {'≥' if m.direction == 'higher' else '≤'} {m.threshold:g} "
            f"at {m.confidence:.0%} confidence, at least {m.min_cases} cases"
        )
    ]
    try:
        suite = ctx.plan.suite(m.suite)
    except KeyError:
        return c.failed(f"success_metric.suite {m.suite!r} is not a suite of the plan", ev)
    if m.scorer not in {s.label for s in suite.scorers}:
        return c.failed(f"success_metric.scorer {m.scorer!r} is not a scorer of {m.suite!r}", ev)
    return c.passed(f"{m.name} is declared on suite {m.suite!r}", ev)


@check(
    "metric.locked",
    area="metric",
    title="The metric was locked before the first evidence and has not changed since",
    blocking=True,
    verified_by="the metric lock's time stamp precedes the suite's first run, and the plan's "
    "metric hash still equals the locked one (or it was re-locked with a reason)",
    cites="metric_locks rows and the first run of the metric's suite",
    fix="put the agreed metric back, or re-lock it on purpose with `phaseone lock --reason …` "
    "(every report will show the change)",
)
def metric_locked(ctx: GateContext, c: Check) -> CheckResult:
    m = ctx.plan.success_metric
    if m is None:
        return c.skipped("no success metric (metric.defined fails)")
    locks = metric_locks(ctx.store, ctx.project)
    first_run = ctx.first_run_at(m.suite)
    if not locks:
        if first_run is not None:
            return c.failed(
                f"suite {m.suite!r} has runs since {first_run:%Y-%m-%d %H:%M} UTC but the metric "
                "was never locked: it could have been chosen after seeing results",
                fix="lock the metric now (`phaseone lock`) and re-run the suite so the evidence "
                "post-dates the lock",
            )
        return c.inconclusive(
            "the metric is not locked yet (it locks on the first eval run of its suite)",
            fix=f"run `phaseone eval --suite {m.suite}`",
        )
    first = locks[0]
    latest = locks[-1]
    ev = [
        ctx.verified(
            "metric lock",
            f"locked {len(locks)} time(s); first at {first.locked_at:%Y-%m-%d %H:%M} UTC",
            latest.locked_at,
            [f"lock:{lk.id}" for lk in locks],
        )
    ]
    data: dict[str, Any] = {"locks": len(locks)}
    if first_run is not None and first_run + dt.timedelta(seconds=_SKEW_S) < first.locked_at:
        return c.failed(
            f"the metric was locked at {first.locked_at:%Y-%m-%d %H:%M} UTC, after the "
            f"first run of {m.suite!r} at {first_run:%Y-%m-%d %H:%M} UTC",
            ev,
            fix="re-run the suite so the evidence post-dates the lock",
            data=data,
        )
    drift = _drift(ctx)
    if drift is not None:
        data["drift"] = drift
        return c.failed(
            f"{drift['headline']}: {'; '.join(drift['describe'])}",
            ev,
            data=data,
        )
    relocks = locks[1:]
    unexplained = [lk for lk in relocks if not (lk.reason or "").strip()]
    if unexplained:
        return c.failed(
            f"{len(unexplained)} re-lock(s) have no reason recorded",
            ev,
            fix="re-lock with `phaseone lock --reason …` saying why the metric changed",
            data=data,
        )
    looked = ""
    if (run := ctx.latest_run(m.suite)) is not None:
        counted = run_looks(ctx, run)
        data["looks"] = counted.total
        data["looks_since_first_lock"] = counted.since_first_lock
        since = "since the re-lock" if counted.relocked else "since the lock"
        looked = f"; {counted.total} look(s) at the metric {since}, each counted by evals.metric"
    if relocks:
        data["relock_reasons"] = [lk.reason for lk in relocks]
        latest_relock = _latest_relock(ctx, relocks[-1].reason)
        return c.passed(
            f"re-locked {len(relocks)} time(s) with a reason; latest: {latest_relock}{looked}",
            ev,
            data=data,
        )
    return c.passed(f"locked before the first run and unchanged since{looked}", ev, data=data)


def _latest_relock(ctx: GateContext, reason: str | None) -> str:
    """The newest re-lock with what it changed (`plan.lock.relock_lines`), so the row shows
    where the goalposts moved, not only why."""
    from phaseone.plan.lock import lock_history, relock_lines

    lines = relock_lines(lock_history(ctx.store, ctx.project))
    return lines[-1] if lines else repr(reason)
