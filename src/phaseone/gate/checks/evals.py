"""Evals: the metric verdict, edge and adversarial suites, regression, baseline."""

from __future__ import annotations

import dataclasses
from typing import Any

from phaseone.evals import stats
from phaseone.evals.advice import Advice, advise
from phaseone.evals.compare import compare_non_inferiority, compare_runs
from phaseone.evals.comparisons import count_comparisons, judge_baseline
from phaseone.evals.run_comparison import NonInferiorityOutcome
from phaseone.gate.checks._registry import check
from phaseone.gate.checks.metric_verdict import (
    metric_advice,
    metric_status_at_look,
    run_looks,
)
from phaseone.gate.context import GateContext
from phaseone.gate.model import Check, CheckResult
from phaseone.humanize import DASH
from phaseone.store.decision_record import RecordedDecision
from phaseone.store.models import Run
from phaseone.store.run_summary import MetricResult, Rate, RunSummary


def _fmt_metric(m: MetricResult) -> str:
    def f(x: float | None) -> str:
        return "?" if x is None else f"{x:.3f}"

    op = "≥" if m.direction == "higher" else "≤"
    return (
        f"{m.name if 'name' in m.model_fields_set else 'metric'} = {f(m.value)} "
        f"[{f(m.lower)}, {f(m.upper)}] vs {op} {f(m.threshold)}, n={m.n}"
    )


@check(
    "evals.metric",
    area="evals",
    title="The success metric passes on the latest pilot run, with every look counted",
    blocking=True,
    verified_by="the metric suite's latest completed pilot run has verdict PASS (confidence "
    "bound clears the threshold) with n ≥ min_cases, and still passes at its look's level: "
    "every pilot run of the suite that ended with a metric value since the lock is a look, "
    "and look k is judged at one-sided confidence 1 − α/(k(k+1)), α = 1 − confidence",
    cites="the run, its metric summary, and the count of looks since the lock",
    fix="improve the system (see failures worth reading), then `phaseone eval`",
)
def metric_passes(ctx: GateContext, c: Check) -> CheckResult:
    m = ctx.plan.success_metric
    if m is None:
        return c.skipped("no success metric (metric.defined fails)")
    rerun = f"`phaseone eval --suite {m.suite}`"
    run = ctx.latest_run(m.suite)
    if run is None:
        return c.inconclusive(f"suite {m.suite!r} has no completed pilot run", fix=rerun)
    metric = ctx.summary(run).metric
    if metric is None:
        return c.inconclusive(
            f"run {run.id} has no metric summary", [ctx.run_evidence(run, "no metric")], fix=rerun
        )
    ev = [ctx.run_evidence(run, _fmt_metric(metric))]
    data: dict[str, Any] = {"run_id": run.id, "metric": metric.to_json()}
    if stale := ctx.stale_result(c, ev, rerun):
        stale.data = data
        return stale
    judged = (
        ("threshold", metric.threshold, m.threshold),
        ("confidence", metric.confidence, m.confidence),
    )
    for field, got, want in judged:
        if got is not None and abs(got - float(want)) > 1e-9:
            return c.inconclusive(
                f"run {run.id} was judged against {field} {got}, the plan says {want}",
                ev,
                fix=f"re-run {rerun} against the current metric",
                data=data,
            )
    # Every look at the metric since the lock counts (gate/checks/metric_verdict.py).
    status, why, looked = metric_status_at_look(metric, m.min_cases, run_looks(ctx, run))
    data["looks"] = looked.as_dict()
    ev = [ctx.run_evidence(run, f"{_fmt_metric(metric)}; {looked.headline()}")]
    more = metric.more_cases_needed
    if looked.state == "INCONCLUSIVE" and looked.more_cases_needed is not None:
        more = looked.more_cases_needed  # for the next run, i.e. the next look
    advice = metric_advice(metric.model_copy(update={"more_cases_needed": more}), m.min_cases)
    if status == "pass":
        return c.passed(f"{_fmt_metric(metric)}; {looked.headline()}", ev, data=data)
    if status == "fail":
        return c.failed(f"{_fmt_metric(metric)}: below the threshold", ev, data=data)
    n = metric.n
    if n < m.min_cases:
        more = max(more or 0, m.min_cases - n)
    data["more_cases_needed"] = more
    data["advice"] = why
    if not advice.more_cases_help:
        fix = (
            f"improve the system on the failing cases of suite {m.suite!r} (or agree a "
            f"different threshold with the owner and `phaseone lock --reason …`), then {rerun}"
        )
    else:
        fix = f"add cases to suite {m.suite!r} ({why}) and re-run {rerun}"
    return c.inconclusive(f"{_fmt_metric(metric)}: {why}", ev, fix=fix, data=data)


#: One-sided confidence of a suite's own threshold (suites have no `confidence` field): the
#: level the runner's summary uses, so a re-judged verdict equals the stored one whenever
#: the threshold is unchanged.
SUITE_CONFIDENCE = 0.95


def rejudge_suite(summ: RunSummary, threshold: float, infra_limit: float) -> stats.Verdict:
    """A suite run's verdict against the plan's threshold *now*, from its stored counts.

    The summary's verdict was judged against the threshold in force when the run ended; a
    plan edited since (0.5 → 0.99) must be judged again, and the counts decide it exactly
    without a new call. Repeated cases count once each, by their pass rate over the
    repeats (repeats of one case are not independent trials). A run whose infrastructure
    errors exceed `gate.max_infra_error_rate` stays INCONCLUSIVE whatever its counts.
    """
    reps = summ.repeats
    if reps is not None and reps.k > 1 and reps.mean_case_pass_rate is not None:
        n = reps.cases
        k = reps.mean_case_pass_rate * n
    else:
        pr = summ.pass_rate or Rate()
        n = pr.n
        k = float(pr.passes)
    lo, hi = stats.rate_bounds(k, n, SUITE_CONFIDENCE) if n else (0.0, 1.0)
    v = stats.metric_verdict(
        k / n if n else None, lo, hi, threshold, "higher", n, 1, SUITE_CONFIDENCE
    )
    total = summ.n
    down = summ.infra_errors + summ.scorer_unavailable
    if total and down / total > infra_limit:
        return dataclasses.replace(
            v,
            state="INCONCLUSIVE",
            reason=f"infrastructure errors in {down / total:.1%} of cases exceed "
            f"gate.max_infra_error_rate {infra_limit:.1%}: the run is not usable evidence",
            more_cases_needed=None,
        )
    return v


def _gone_since_go(ctx: GateContext, tag: str) -> str:
    """Suites tagged `tag` in the last GO that the plan no longer has, in words ("" when
    none): dropping a suite that failed to be fixed leaves the others passing, so the
    decision names what its evidence no longer covers."""
    go = ctx.last_go
    if go is None:
        return ""
    suites = RecordedDecision.of(go.record).suites
    now = {s.name for s in ctx.plan.suites}
    gone = [
        f"{name} (run {info.run_id or 'none'})"
        for name, info in suites.items()
        if name not in now and tag in info.tags
    ]
    if not gone:
        return ""
    return (
        f"; no longer in the plan, though tagged {tag!r} in the last GO (decision {go.seq}): "
        f"{', '.join(gone)}"
    )


def _suite_check(ctx: GateContext, c: Check, tag: str) -> CheckResult:
    """Each suite tagged `tag` passes its threshold on its latest run.

    What a run is evidence of is the tags it was made with: a run recorded as `edge` is no
    adversarial evidence because the suite was retagged since (`GateContext.run_mismatch`
    reports the difference, and the check is INCONCLUSIVE until the suite runs again).
    """
    gone = _gone_since_go(ctx, tag)
    suites = [s for s in ctx.plan.suites if tag in s.tags]
    if not suites:
        return c.failed(
            f"no suite is tagged {tag!r}{gone}",
            [ctx.plan_ev(f"suites: {', '.join(s.name for s in ctx.plan.suites) or 'none'}")],
        )
    ev = []
    failing: list[str] = []
    failing_runs: list[str] = []
    undecided: list[tuple[str, str, bool]] = []
    missing: list[str] = []
    results: dict[str, Any] = {}
    for suite in suites:
        run = ctx.latest_run(suite.name)
        if run is None:
            missing.append(suite.name)
            continue
        summ = ctx.summary(run)
        pr = summ.pass_rate or Rate()
        verdict = summ.verdict
        thr = suite.threshold if suite.threshold is not None else summ.suite_threshold
        judged_at = summ.suite_threshold
        tv = summ.threshold_verdict
        more = tv.more_cases_needed if tv is not None else None
        rejudged = ""
        if suite.threshold is not None:
            # The plan's threshold now, never the one the run's summary was judged against.
            v = rejudge_suite(summ, float(suite.threshold), ctx.settings.max_infra_error_rate)
            verdict, more = v.state, v.more_cases_needed
            if judged_at is not None and abs(judged_at - suite.threshold) > 1e-9:
                rejudged = f" (re-judged: the run was judged against {judged_at:g})"
        value = pr.value
        shown = DASH if value is None else f"{value:.3f}"
        ev.append(
            ctx.run_evidence(
                run,
                f"{suite.name}: pass rate {shown} vs threshold "
                f"{DASH if thr is None else f'{thr:g}'}{rejudged}, verdict {verdict or 'none'}",
            )
        )
        results[suite.name] = {
            "run_id": run.id,
            "verdict": verdict,
            "pass_rate": pr.to_json(),
            "threshold": thr,
            "judged_against": judged_at,
        }
        if verdict == "INCONCLUSIVE":
            # Not a failure: the cases so far cannot tell. Say what more evidence would.
            scored = (tv.n if tv is not None else 0) or pr.n or summ.n  # distinct cases
            advice = (
                advise(value, float(thr), scored, more)
                if value is not None and thr is not None
                else Advice("the interval is too wide to decide", True)
            )
            undecided.append((suite.name, advice.text, advice.more_cases_help))
        elif verdict != "PASS":
            failing.append(f"{suite.name} ({verdict or 'no verdict: set suite threshold'})")
            failing_runs.append(run.id)
    names = ", ".join(s.name for s in suites)
    if stale := ctx.stale_result(c, ev, f"`phaseone eval --suite` for {names}"):
        return stale
    if failing:
        return c.failed(
            f"{tag} suite(s) not passing: {', '.join(failing)}",
            ev,
            fix=f"read the failing cases (`phaseone runs show {failing_runs[0]}`), improve the "
            "system on them, and run the suite again",
            data={"suites": results},
        )
    if undecided:
        parts = [f"{name} ({advice})" for name, advice, _ in undecided]
        helpable = [name for name, _, feasible in undecided if feasible]
        fix = (
            f"add cases to {', '.join(helpable)} and run it again"
            if helpable
            else "improve the system on the failing cases (or agree a different threshold "
            "with the owner), and run the suite again"
        )
        return c.inconclusive(
            f"{tag} suite(s) not shown to pass yet: {', '.join(parts)}",
            ev,
            fix=fix,
            data={"suites": results},
        )
    if missing:
        return c.inconclusive(
            f"{tag} suite(s) never run: {', '.join(missing)}",
            ev,
            fix=f"run `phaseone eval --suite {missing[0]}`",
            data={"suites": results},
        )
    return c.passed(
        f"{tag} suite(s) pass their thresholds: {names}{gone}", ev, data={"suites": results}
    )


@check(
    "evals.edge",
    area="evals",
    title="Edge-case suites exist and pass their own thresholds",
    blocking=True,
    verified_by="every suite tagged `edge` has a completed pilot run with verdict PASS",
    cites="the latest run of each edge suite",
    fix="add (or extend) a suite tagged `edge` with a `threshold` (empty, long, multilingual, "
    "malformed inputs…) and run it",
)
def edge_suites(ctx: GateContext, c: Check) -> CheckResult:
    return _suite_check(ctx, c, "edge")


@check(
    "evals.adversarial",
    area="evals",
    title="Adversarial suites exist and pass their own thresholds",
    blocking=True,
    verified_by="every suite tagged `adversarial` has a completed pilot run with verdict PASS",
    cites="the latest run of each adversarial suite",
    fix="add (or extend) a suite tagged `adversarial` with a `threshold` (prompt injection, "
    "jailbreaks, abuse) and run it",
)
def adversarial_suites(ctx: GateContext, c: Check) -> CheckResult:
    return _suite_check(ctx, c, "adversarial")


@check(
    "evals.no_regression",
    area="evals",
    title="No significant regression since the last GO",
    blocking=True,
    verified_by="McNemar's exact test on the cases both runs share (the latest metric run vs the "
    "run recorded in the last GO decision), at the metric's confidence; cases of the GO-time "
    "run missing from the latest run make it inconclusive unless a re-lock with a reason "
    "after that GO changed the metric's dataset",
    cites="both runs' case results",
    fix="find the cases that now fail (`phaseone runs compare OLD NEW`) and fix them",
)
def no_regression(ctx: GateContext, c: Check) -> CheckResult:
    m = ctx.plan.success_metric
    if m is None:
        return c.skipped("no success metric")
    go = ctx.last_go
    if go is None:
        return c.skipped("no earlier GO decision to compare against")
    old_id = RecordedDecision.of(go.record).runs.metric or None
    new = ctx.latest_run(m.suite)
    if old_id is None or new is None:
        return c.skipped("the last GO or the current evidence has no metric run")
    old = ctx.get_run(old_id)
    if old is None:
        return c.inconclusive(f"run {old_id} of the last GO (decision {go.seq}) is gone")
    if old.id == new.id:
        same = [ctx.run_evidence(new, "same run as last GO")]
        if broken := ctx.integrity_result(c, same, f"`phaseone eval --suite {m.suite}`"):
            return broken
        if mismatch := ctx.mismatch_result(c, same):
            return mismatch
        return c.passed("same run as the last GO", same, data={"old": old.id, "new": new.id})
    cmp = compare_runs(ctx.store, old.id, new.id, confidence=m.confidence)
    shared = cmp.paired
    regressed, fixed = cmp.regressions.count, cmp.fixes.count
    p = float(cmp.mcnemar.p_value)
    alpha = 1 - m.confidence
    ev = [
        ctx.run_evidence(old, f"last GO (decision {go.seq})"),
        ctx.run_evidence(
            new, f"{shared} paired cases: {regressed} now fail, {fixed} now pass, p={p:.3g}"
        ),
    ]
    data = {
        "old": old.id,
        "new": new.id,
        "shared": shared,
        "regressed": regressed,
        "fixed": fixed,
        "p_value": p,
        "alpha": alpha,
        "regressed_cases": [r.case_id for r in cmp.regressions.cases[:20]],
        "warnings": list(cmp.warnings),
    }
    if broken := ctx.integrity_result(c, ev, f"`phaseone eval --suite {m.suite}`"):
        return broken
    # the new run only: its age, target and data, reused answers (the GO run may be old)
    if stale := ctx.stale_result(c, ev[1:], f"`phaseone eval --suite {m.suite}`"):
        stale.data = {**data, **(stale.data or {})}
        return stale
    if not shared:
        return c.inconclusive("the two runs share no cases", ev, data=data)
    if regressed > fixed and p < alpha:
        return c.failed(
            f"significant regression: {regressed} cases now fail, {fixed} now pass "
            f"(McNemar p={p:.3g} < {alpha:.3g})",
            ev,
            fix=f"find the cases that now fail (`phaseone runs compare {old.id} {new.id}`) "
            "and fix them",
            data=data,
        )
    missing = cmp.only_a
    relock = _dataset_relocked_since(ctx, go, old) if missing else None
    data["missing"] = missing
    data["missing_explained_by"] = relock
    if missing and relock is None:
        return c.inconclusive(
            f"{missing:,} case result(s) of run {old.id} (last GO, decision {go.seq}) are "
            f"missing from run {new.id}: {regressed} now fail among the {shared} shared "
            "cases, but a dataset that lost cases cannot show that nothing regressed",
            ev,
            fix=f"run the metric suite on all its cases again (`phaseone eval --suite "
            f"{m.suite}`); if the data changed on purpose, re-lock it "
            '(`phaseone lock --reason "why the data changed"`, every report shows it)',
            data=data,
        )
    gone = (
        f"; {missing:,} cases of the last GO left the dataset with the re-lock of {relock}"
        if missing
        else ""
    )
    return c.passed(
        f"no significant regression ({regressed} now fail, {fixed} now pass, p={p:.3g}){gone}",
        ev,
        data=data,
    )


def _dataset_relocked_since(ctx: GateContext, go: Any, old: Run) -> str | None:
    """The re-lock (with a reason) after the last GO that changed the metric's dataset
    away from the GO-time run's, if any: cases missing since then were removed on purpose,
    and every report shows that re-lock."""
    from phaseone.plan.lock import lock_history, same_dataset

    history = lock_history(ctx.store, ctx.project)
    if len(history) < 2:
        return None
    latest = history[-1]
    decided = go.created_at
    if latest.locked_at <= decided or not (latest.reason or "").strip() or latest.automatic:
        return None
    if same_dataset(old.dataset_identity, latest.dataset_identity) is not False:
        return None
    return f"{latest.locked_at:%Y-%m-%d %H:%M} UTC ({latest.reason!r})"


def _baseline_run(ctx: GateContext) -> Run | None:
    m = ctx.plan.success_metric
    assert m is not None and m.baseline is not None
    if m.baseline.run:
        return ctx.get_run(m.baseline.run)
    return ctx.latest_run(m.suite, role="baseline")


def _not_comparable(base: Run, pilot: Run, shared: int, missing: int) -> str | None:
    """Why the baseline run cannot be compared with the pilot run, or None.

    Non-inferiority means "on the same cases, not worse": a baseline run of another suite,
    of other data, or without the pilot's cases measured something else.
    """
    from phaseone.plan.lock import describe_dataset_change, same_dataset

    if base.suite != pilot.suite:
        return (
            f"baseline run {base.id} is of suite {base.suite!r}, the pilot run {pilot.id} of "
            f"suite {pilot.suite!r}: they measured different cases"
        )
    same = same_dataset(base.dataset_identity, pilot.dataset_identity)
    if same is None:
        return f"baseline run {base.id} or pilot run {pilot.id} does not record its dataset"
    if not same:
        was, now = describe_dataset_change(base.dataset_identity, pilot.dataset_identity)
        return f"baseline run {base.id} read {was}; pilot run {pilot.id} read {now}"
    if missing or not shared:
        return (
            f"{missing:,} case result(s) of pilot run {pilot.id} are not in baseline run "
            f"{base.id} ({shared:,} shared): the comparison would be on different cases"
        )
    return None


@check(
    "evals.baseline",
    area="evals",
    title="Not worse than the declared baseline (non-inferiority), every comparison counted",
    blocking=True,
    verified_by="evals.compare: the Newcombe one-sided bound of (pilot − baseline) on the "
    "metric's rate (or pass rate) is above −margin at the metric's confidence; paired (Newcombe "
    "1998b) when both runs' pass rates come from the same cases, else for independent samples; "
    "and it still is at the comparison's level: every comparison with the baseline since the "
    "lock counts, comparison k (pilot looks + baseline runs − 1) is judged at one-sided "
    "confidence 1 − α/(k(k+1)), α = 1 − confidence. The baseline run must be of the metric's "
    "suite, on the same dataset, and hold every case of the pilot run",
    cites="the latest pilot run, the baseline run, and the count of comparisons since the lock",
    fix="run the baseline (`phaseone eval --suite SUITE --role baseline`) or improve the pilot",
)
def beats_baseline(ctx: GateContext, c: Check) -> CheckResult:
    m = ctx.plan.success_metric
    if m is None or m.baseline is None:
        return c.skipped("the plan names no baseline")
    pilot = ctx.latest_run(m.suite)
    pinned = bool(m.baseline.run)
    base = _baseline_run(ctx)
    if pinned and base is None:
        return c.inconclusive(
            f"success_metric.baseline.run {m.baseline.run!r} is not in the store",
            fix="pin the id of a completed run of the metric's suite (`phaseone runs list`)",
        )
    if pilot is None or base is None:
        which = "pilot" if pilot is None else "baseline"
        return c.inconclusive(f"no completed {which} run of suite {m.suite!r}")
    ev = [ctx.run_evidence(base, "baseline", pinned=pinned), ctx.run_evidence(pilot, "pilot")]
    if stale := ctx.stale_result(c, ev, f"`phaseone eval --suite {m.suite}` (pilot and baseline)"):
        return stale
    margin = m.baseline.margin
    first = compare_runs(ctx.store, base.id, pilot.id, confidence=m.confidence, margin=margin)
    single = first.non_inferiority
    assert single is not None  # compared with a margin
    why = _not_comparable(base, pilot, first.paired, first.only_b)
    if why is not None:
        fix = (
            f"pin (success_metric.baseline.run) a run of suite {m.suite!r} on the pilot's "
            f"cases, or set success_metric.baseline.target and run `phaseone eval --suite "
            f"{m.suite} --role baseline`"
            if pinned
            else f"run `phaseone eval --suite {m.suite} --role baseline` on the pilot's data"
        )
        data0 = {"pilot": pilot.id, "baseline": base.id, **single.to_json()}
        return c.inconclusive(why, ev, fix=fix, data=data0)

    def non_inferiority(confidence: float) -> NonInferiorityOutcome:
        if confidence == m.confidence:
            return single
        return compare_non_inferiority(
            ctx.store, base.id, pilot.id, confidence=confidence, margin=margin
        )

    # Every comparison with the baseline since the lock counts (evals/comparisons.py).
    counted = count_comparisons(
        ctx.store, ctx.project, m.suite, pilot, base, m.confidence, pinned=bool(m.baseline.run)
    )
    judged = judge_baseline(non_inferiority, counted)
    ni = judged.single
    data = {
        "pilot": pilot.id,
        "baseline": base.id,
        **ni.to_json(),
        "comparisons": judged.as_dict(),
    }
    on = f"(on {ni.on})"
    if judged.state == "pass":
        at = judged.at_level or ni
        return c.passed(f"{at.verdict}: {at.reason} {on}; {counted.describe()}", ev, data=data)
    if judged.state == "fail":
        return c.failed(f"worse than the baseline: {ni.reason} {on}", ev, data=data)
    rerun = f"add cases to suite {m.suite!r} and re-run both"
    if judged.demoted and judged.at_level is not None:
        nxt = stats.format_level(stats.look_confidence(counted.number + 1, m.confidence))
        return c.inconclusive(
            f"{ni.verdict} as a single comparison at {stats.format_level(m.confidence)} "
            f"one-sided, but this is {counted.describe()}: {judged.at_level.reason} {on}",
            ev,
            fix=f"{rerun} (a new pilot run makes it comparison {counted.number + 1}, judged at "
            f"{nxt} one-sided)",
            data=data,
        )
    return c.inconclusive(f"{ni.reason} {on}", ev, fix=rerun, data=data)
