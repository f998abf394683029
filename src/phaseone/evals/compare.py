"""Comparing two runs of the same suite, case by case.

Two runs over the same cases are paired data: the same case is easy or hard in both.
Pairing is what makes a small change visible, so the comparison merges the two runs'
results on (case id, repeat index) — streaming both in order, never loading a run — and
reports regressions (passed in A, failed in B), fixes, the exact McNemar test on the
discordant pairs, a paired bootstrap per scorer, and — for a pilot against a baseline —
the non-inferiority verdict with the plan's margin.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from phaseone.evals import stats
from phaseone.evals.run_comparison import (
    CaseChange,
    Changes,
    McNemar,
    NonInferiorityOutcome,
    RunBrief,
    RunComparison,
)
from phaseone.plan.schema import RATE_AGGREGATES
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import summary_or_empty
from phaseone.store.runs import get_run, iter_result_rows

_COLS = ("case_id", "repeat_index", "passed", "error_kind", "scores", "expected", "output")
#: Regressions and fixes listed case by case (all are counted).
MAX_LISTED = 100

Row = tuple[Any, ...]


def _merge(a: Iterator[Row], b: Iterator[Row]) -> Iterator[tuple[Row | None, Row | None]]:
    """Full outer merge-join of two streams ordered by (case_id, repeat_index)."""
    ra = next(a, None)
    rb = next(b, None)
    while ra is not None or rb is not None:
        if rb is None or (ra is not None and (ra[0], ra[1]) < (rb[0], rb[1])):
            yield ra, None
            ra = next(a, None)
        elif ra is None or (rb[0], rb[1]) < (ra[0], ra[1]):
            yield None, rb
            rb = next(b, None)
        else:
            yield ra, rb
            ra = next(a, None)
            rb = next(b, None)


@dataclass
class _Pairs:
    paired: int = 0
    both_pass: int = 0
    both_fail: int = 0
    regressions: int = 0
    fixes: int = 0
    errored: int = 0
    only_a: int = 0
    only_b: int = 0
    regression_cases: list[CaseChange] = field(default_factory=list)
    fix_cases: list[CaseChange] = field(default_factory=list)
    scores: dict[str, tuple[array[float], array[float]]] = field(default_factory=dict)


def _case(ra: Row, rb: Row) -> CaseChange:
    return CaseChange(
        case_id=ra[0], repeat_index=ra[1], expected=ra[5], output_a=ra[6], output_b=rb[6]
    )


def _pair_up(store: Store, a_id: str, b_id: str) -> _Pairs:
    p = _Pairs()
    for ra, rb in _merge(
        iter_result_rows(store, a_id, _COLS), iter_result_rows(store, b_id, _COLS)
    ):
        if rb is None:
            p.only_a += 1
            continue
        if ra is None:
            p.only_b += 1
            continue
        if ra[2] is None or rb[2] is None:
            p.errored += 1
            continue
        p.paired += 1
        pa, pb = bool(ra[2]), bool(rb[2])
        if pa and pb:
            p.both_pass += 1
        elif not pa and not pb:
            p.both_fail += 1
        elif pa:
            p.regressions += 1
            if len(p.regression_cases) < MAX_LISTED:
                p.regression_cases.append(_case(ra, rb))
        else:
            p.fixes += 1
            if len(p.fix_cases) < MAX_LISTED:
                p.fix_cases.append(_case(ra, rb))
        sa, sb = ra[4] or {}, rb[4] or {}
        for name in sa.keys() & sb.keys():
            va, vb = sa[name].get("value"), sb[name].get("value")
            if va is None or vb is None:
                continue
            arrs = p.scores.setdefault(name, (array("d"), array("d")))
            arrs[0].append(float(va))
            arrs[1].append(float(vb))
    return p


def _rate_counts(run: Run) -> tuple[int, int, str]:
    """(k, n, what) of the run's decisive rate: its metric when it is a rate, else pass rate."""
    s = summary_or_empty(run)
    m = s.metric
    if m is not None and m.aggregate in RATE_AGGREGATES and m.n and m.value is not None:
        name = m.name if "name" in m.model_fields_set else "metric"
        return round(m.value * m.n), m.n, f"{name} ({m.aggregate})"
    pr = s.pass_rate
    return (int(pr.passes), pr.n, "pass rate") if pr is not None else (0, 0, "pass rate")


def _brief(run: Run) -> RunBrief:
    s = summary_or_empty(run)
    return RunBrief(
        id=run.id,
        suite=run.suite,
        role=run.role,
        status=run.status,
        target=run.target_label,
        started_at=run.started_at,
        pass_rate=s.pass_rate,
        verdict=s.verdict,
    )


def _non_inferiority(
    a: Run, b: Run, p: _Pairs, margin: float, confidence: float
) -> NonInferiorityOutcome:
    """B tested for non-inferiority to A on the runs' decisive rate (`_rate_counts`)."""
    kb, nb, what = _rate_counts(b)
    ka, na, _ = _rate_counts(a)
    if not (na and nb):
        return NonInferiorityOutcome.untested(margin, what)
    # Paired when the pass rates are exactly the paired table's margins (same cases, none
    # errored or missing on one side, no repeats folded together).
    table = (p.both_pass, p.fixes, p.regressions, p.both_fail)
    same = what == "pass rate" and (kb, ka, nb, na) == (
        p.both_pass + p.fixes,
        p.both_pass + p.regressions,
        p.paired,
        p.paired,
    )
    ni = stats.non_inferiority(kb, nb, ka, na, margin, confidence, paired=table if same else None)
    return NonInferiorityOutcome.tested(ni, what)


def compare_non_inferiority(
    store: Store, a_id: str, b_id: str, *, confidence: float, margin: float
) -> NonInferiorityOutcome:
    """`compare_runs(...).non_inferiority` alone: what the baseline's counted comparisons
    ask for at each level (`comparisons.judge_baseline`)."""
    a = get_run(store, a_id)
    b = get_run(store, b_id)
    return _non_inferiority(a, b, _pair_up(store, a.id, b.id), margin, confidence)


def compare_runs(
    store: Store,
    a_id: str,
    b_id: str,
    *,
    confidence: float = 0.95,
    margin: float | None = None,
) -> RunComparison:
    """Compare run B against run A (A is the reference: "regression" = passed in A only).

    Args:
        store: The store with both runs.
        a_id: The reference run (baseline, or the older run). A unique prefix is enough.
        b_id: The run under test (pilot, or the newer run).
        confidence: Level of the paired intervals and of the one-sided non-inferiority bound.
        margin: With a margin, B is tested for non-inferiority to A (B ≥ A − margin) on
            the runs' decisive rate (their success metric when it is a rate, else pass rate).

    Returns:
        The comparison (`RunComparison.to_json` for the JSON); ``warnings`` lists what
        limits it (different suites, different data, cases present in one run only).
    """
    a = get_run(store, a_id)
    b = get_run(store, b_id)
    warnings: list[str] = []
    if a.suite != b.suite:
        warnings.append(f"the runs are of different suites ({a.suite} vs {b.suite})")
    ha = (a.dataset_identity or {}).get("content_hash")
    hb = (b.dataset_identity or {}).get("content_hash")
    if ha and hb and ha != hb:
        warnings.append("the runs saw different dataset contents; only shared cases are paired")
    p = _pair_up(store, a.id, b.id)
    if p.only_a or p.only_b:
        warnings.append(f"{p.only_a} results only in A, {p.only_b} only in B (not paired)")
    if p.errored:
        warnings.append(f"{p.errored} pairs left out because a case errored in either run")
    p_value = stats.mcnemar_exact(p.regressions, p.fixes)
    scorers: dict[str, stats.PairedDiff] = {}
    for name, (va, vb) in sorted(p.scores.items()):
        # B − A: positive means B scores higher.
        scorers[name] = stats.paired_bootstrap(vb, va, confidence)
    non_inferiority = None if margin is None else _non_inferiority(a, b, p, margin, confidence)
    return RunComparison(
        a=_brief(a),
        b=_brief(b),
        paired=p.paired,
        only_a=p.only_a,
        only_b=p.only_b,
        both_pass=p.both_pass,
        both_fail=p.both_fail,
        regressions=Changes(p.regressions, tuple(p.regression_cases)),
        fixes=Changes(p.fixes, tuple(p.fix_cases)),
        mcnemar=McNemar(
            b=p.regressions,
            c=p.fixes,
            p_value=p_value,
            significant=p_value < 1 - confidence,
        ),
        scorers=scorers,
        confidence=confidence,
        warnings=tuple(warnings),
        non_inferiority=non_inferiority,
    )


def worse_reasons(c: RunComparison, *, metric_scorer: str | None, direction: str) -> list[str]:
    """Why run B is significantly worse than run A, from a `compare_runs` result (empty:
    it is not). `phaseone runs compare` exits 1 when this is not empty, so CI can stop on it.

    Significantly worse means, at the comparison's confidence: McNemar's exact test on the
    paired cases shows more regressions than fixes; or the paired bootstrap interval of the
    metric's scorer (B − A) lies wholly on the worse side of 0; or, with a margin, B is
    inferior to A.

    Args:
        c: A `compare_runs` result.
        metric_scorer: The plan's success-metric scorer (None: no metric).
        direction: ``higher`` or ``lower``: which way the metric's scorer is better.
    """
    out: list[str] = []
    mc = c.mcnemar
    regressed, fixed = c.regressions.count, c.fixes.count
    if mc.significant and regressed > fixed:
        out.append(
            f"{regressed} cases regressed and {fixed} were fixed (exact McNemar p = "
            f"{mc.p_value:.3g} < {1 - c.confidence:.3g})"
        )
    d = c.scorers.get(metric_scorer) if metric_scorer else None
    if d is not None:
        worse = d.upper < 0 if direction == "higher" else d.lower > 0
        if worse:
            out.append(
                f"the metric's scorer {metric_scorer} moved {d.diff:+.3f} (B − A), "
                f"{c.confidence:.0%} interval [{d.lower:+.3f}, {d.upper:+.3f}] "
                "excludes 0"
            )
    ni = c.non_inferiority
    if ni is not None and ni.verdict == "inferior":
        out.append(f"B is inferior to A by more than the margin {ni.margin}")
    return out
