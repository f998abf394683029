"""The gate's reading of a run's metric verdict, shared by `evals.metric` (does the
run pass?) and `metric.*` (is the metric locked, has it drifted?).

One path to a metric PASS: the stored verdict PASS with at least `min_cases` cases, then
re-judged at the level of its look since the lock (`phaseone.evals.looks`).
"""

from __future__ import annotations

import dataclasses

from phaseone.evals.advice import Advice, advise
from phaseone.evals.looks import LookJudgement, Looks, count_looks, judge
from phaseone.evals.stats import format_level
from phaseone.gate.context import GateContext
from phaseone.gate.model import Status
from phaseone.store.models import Run
from phaseone.store.run_summary import MetricResult


def metric_status(metric: MetricResult, min_cases: int) -> tuple[Status, str]:
    """The gate's reading of a run's metric verdict: the one path to a metric PASS.

    A PASS needs the stored verdict PASS *and* at least `min_cases` cases; INCONCLUSIVE
    (the interval straddles the threshold) is never a pass, whatever the point value.
    """
    verdict = (metric.verdict or "").upper()
    n = metric.n
    if verdict == "PASS" and n >= min_cases:
        return "pass", "PASS"
    if verdict == "PASS":
        return "inconclusive", f"only {n} cases, fewer than min_cases={min_cases}"
    if verdict == "FAIL":
        return "fail", "FAIL"
    return "inconclusive", metric_advice(metric, min_cases).text


def metric_advice(metric: MetricResult, min_cases: int | None = None) -> Advice:
    """What more evidence would settle an undecided metric (see `evals.advice`)."""
    value, thr = metric.value, metric.threshold
    if thr is None:
        return Advice("the interval is too wide to decide", True)
    more = metric.more_cases_needed
    n = metric.n
    floor = int(min_cases if min_cases is not None else metric.min_cases or 1)
    if n < floor:
        more = max(more or 0, floor - n)
    return advise(
        value,
        thr,
        n,
        more if more else None,
        direction="lower" if metric.direction == "lower" else "higher",
        min_cases=floor,
        rate=value is not None and 0 <= value <= 1 and 0 <= thr <= 1,
    )


def metric_status_at_look(
    metric: MetricResult, min_cases: int, looks: Looks
) -> tuple[Status, str, LookJudgement]:
    """The gate's reading of a run's metric with every look since the lock counted.

    First the single-look reading (`metric_status`: stored verdict PASS and
    ``n ≥ min_cases``), then the look's level: a PASS that does not survive re-judging
    at ``1 − α/(k(k+1))`` becomes INCONCLUSIVE. Nothing else changes, so a look can only
    make the gate stricter.

    Args:
        metric: The run's metric result (``RunSummary.metric``).
        min_cases: The plan's ``success_metric.min_cases``.
        looks: Where the run stands among the looks (`count_looks`).

    Returns:
        The check status, the reason when it is not a pass, and the judgement (for the
        evidence and the report).
    """
    status, why = metric_status(metric, min_cases)
    j = judge(metric, looks)
    if status == "pass" and j.state != "PASS":
        side = "lower" if j.direction == "higher" else "upper"
        return (
            "inconclusive",
            f"passes as a single look at {format_level(looks.confidence)}, but this is "
            f"{looks.describe()}, where the {side} bound "
            f"{'?' if j.bound is None else f'{j.bound:.4f}'} does not clear the threshold",
            j,
        )
    enough = metric.n >= min_cases  # else the min_cases reason stands
    if status == "inconclusive" and j.more_cases_needed is not None and enough:
        # the next run is the next look, judged more strictly than this one
        nxt = dataclasses.replace(looks, look=looks.total + 1, total=looks.total + 1)
        advice = metric_advice(
            metric.model_copy(update={"more_cases_needed": j.more_cases_needed}), min_cases
        )
        why = f"{advice.text} (the next run is {nxt.describe()})"
    return status, why, j


def run_looks(ctx: GateContext, run: Run) -> Looks:
    """`count_looks` for a run of the metric's suite, from the gate's store and plan."""
    m = ctx.plan.success_metric
    assert m is not None
    return count_looks(ctx.store, ctx.project, m.suite, run.id, m.confidence)
