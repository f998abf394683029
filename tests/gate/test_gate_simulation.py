"""The gate's metric path, simulated: a plan whose true rate is at or below the threshold
must get GO at most 5% of the time at 95% confidence — on one run, and on the best of many.

The path simulated is the one the gate uses: the runner's `rate_verdict` (what lands in
`Run.summary.metric`) read by the gate's `metric_status` (one look), and by
`metric_status_at_look` (every look since the lock counted), the function the gate's
`evals.metric` check calls.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

import numpy as np
from builders import add_run, go_evidence, loaded_plan, metric_summary, summary
from scipy.stats import beta, binom

from phaseone.evals.looks import Looks
from phaseone.evals.stats import look_confidence, rate_verdict
from phaseone.gate.checks.metric_verdict import metric_status, metric_status_at_look
from phaseone.gate.decision import decide
from phaseone.store.database import Store
from phaseone.store.run_summary import MetricResult

N, DRAWS, THRESHOLD, CONFIDENCE, MIN_CASES = 200, 2000, 0.80, 0.95, 100
RATES = (0.70, 0.75, 0.78, 0.80, 0.82, 0.85, 0.88, 0.92)
ALPHA = 1 - CONFIDENCE


def _metric(k: int, n: int) -> MetricResult:
    """A run's metric result as the runner writes it for k passes out of n."""
    v = rate_verdict(k, n, THRESHOLD, "higher", MIN_CASES, CONFIDENCE)
    stored = {**v.as_dict(), "verdict": v.state, "aggregate": "pass_rate", "name": "pass rate"}
    return MetricResult.model_validate(stored)


def _go_for_k() -> np.ndarray:
    """The gate's metric status for every possible number of passes k (it depends on k alone)."""
    go = np.zeros(N + 1, dtype=bool)
    for k in range(N + 1):
        go[k] = metric_status(_metric(k, N), MIN_CASES)[0] == "pass"
    return go


def _go_rate(go_for_k: np.ndarray, true_rate: float, rng: np.random.Generator) -> float:
    return float(go_for_k[rng.binomial(N, true_rate, size=DRAWS)].mean())


def _exact_go_probability(go_for_k: np.ndarray, true_rate: float) -> float:
    return float(binom.pmf(np.flatnonzero(go_for_k), N, true_rate).sum())


def test_false_go_rate_at_most_5_percent() -> None:
    rng = np.random.default_rng(20261126)
    go_for_k = _go_for_k()
    observed = {p: _go_rate(go_for_k, p, rng) for p in RATES}
    exact = {p: _exact_go_probability(go_for_k, p) for p in RATES}
    print()
    for p, rate in observed.items():
        kind = "false GO" if p <= THRESHOLD else "GO (power)"
        print(
            f"true rate {p:.2f}: {kind} rate {rate:.4f} over {DRAWS} runs of n={N} "
            f"(exact {exact[p]:.4f})"
        )
    for p, rate in observed.items():
        if p <= THRESHOLD:
            assert rate <= 0.05, f"true rate {p}: false GO {rate:.3f} > 5%"
            assert exact[p] <= 0.05, f"true rate {p}: exact false GO {exact[p]:.4f} > 5%"
    # and the gate is not trivially safe: a clearly better system gets its GO
    assert observed[0.92] >= 0.95


# --- many looks -----------------------------------------------------------------------------
#
# A team re-runs the suite on a system whose true rate is exactly the threshold (an LLM above
# temperature 0, a dataset re-sampled from live data) and stops at the first run that
# passes. 2,000 such sequences of 20 looks, n = 100 cases per run.

LOOK_N, LOOKS, SEQUENCES = 100, 20, 2000


@functools.cache
def _gate_passes(k: int, look: int) -> bool:
    """The gate's decision (`metric_status_at_look`) on a run with k passes at look `look`."""
    status, _, _ = metric_status_at_look(_metric(k, LOOK_N), MIN_CASES, Looks.at(look, CONFIDENCE))
    return status == "pass"


@functools.cache
def _single_look_passes(k: int) -> bool:
    """What the gate did before looks were counted: the latest run, read on its own."""
    return metric_status(_metric(k, LOOK_N), MIN_CASES)[0] == "pass"


def _upper_99(hits: int, trials: int) -> float:
    """One-sided 99% upper bound of a Monte-Carlo rate (exact)."""
    return 1.0 if hits == trials else float(beta.ppf(0.99, hits + 1, trials - hits))


def _lower_99(hits: int, trials: int) -> float:
    return 0.0 if hits == 0 else float(beta.ppf(0.01, hits, trials - hits + 1))


def _sequences(rng: np.random.Generator) -> np.ndarray:
    """Passes per run: independent binomial draws, SEQUENCES × LOOKS."""
    return rng.binomial(LOOK_N, THRESHOLD, size=(SEQUENCES, LOOKS))


def _same_cases_sequences(rng: np.random.Generator) -> np.ndarray:
    """Dependent looks: each sequence samples its 100 cases once from a population at the
    threshold — 60% always right, 10% always wrong, 30% flaky at 2/3 (0.6 + 0.3 · 2/3 =
    0.8) — and every run of the sequence re-sends those same cases, so a lucky sample of
    cases is lucky on every look."""
    kinds = np.array([1.0, 0.0, 2 / 3])
    mix = np.array([0.6, 0.1, 0.3])
    assert abs(float(kinds @ mix) - THRESHOLD) < 1e-12
    p = kinds[rng.choice(3, size=(SEQUENCES, LOOK_N), p=mix)]
    return (rng.random((SEQUENCES, LOOKS, LOOK_N)) < p[:, None, :]).sum(axis=2)


def _any_look_passes(passes: np.ndarray, decide_look: Any) -> np.ndarray:
    ok = np.array(
        [[decide_look(int(k), j + 1) for j, k in enumerate(row)] for row in passes], dtype=bool
    )
    return np.asarray(ok.any(axis=1))


def test_counting_looks_keeps_false_go_at_most_alpha_over_20_reruns() -> None:
    rng = np.random.default_rng(20261206)
    for name, passes in (
        ("independent binomial runs", _sequences(rng)),
        ("same sampled cases re-sent", _same_cases_sequences(rng)),
    ):
        any_go = _any_look_passes(passes, _gate_passes)
        hits = int(any_go.sum())
        rate, upper = hits / SEQUENCES, _upper_99(hits, SEQUENCES)
        print(
            f"\n{name}: false GO (any of {LOOKS} looks passes, every look counted) "
            f"{rate:.4f}, 99% upper bound {upper:.4f} (alpha {ALPHA:.2f})"
        )
        assert upper <= ALPHA + 0.005, f"{name}: false GO {rate:.4f} (upper {upper:.4f})"
    # Exactly, for independent looks: P(any) = 1 − Π(1 − P(look k passes)) ≤ Σ α_k < α.
    per_look = [
        sum(binom.pmf(k, LOOK_N, THRESHOLD) for k in range(LOOK_N + 1) if _gate_passes(k, j))
        for j in range(1, LOOKS + 1)
    ]
    exact_any = 1 - float(np.prod([1 - q for q in per_look]))
    print(f"exact false GO over {LOOKS} independent looks: {exact_any:.4f}")
    assert exact_any <= ALPHA
    for j, q in enumerate(per_look, start=1):
        assert q <= 1 - look_confidence(j, CONFIDENCE) + 1e-12, f"look {j}: {q}"


def test_single_look_reading_breaks_the_promise_under_reruns() -> None:
    """Why looks are counted: the latest run read on its own, re-run until it passes."""
    rng = np.random.default_rng(20261206)
    passes = _sequences(rng)
    single = np.array([[_single_look_passes(int(k)) for k in row] for row in passes])
    p1 = sum(binom.pmf(k, LOOK_N, THRESHOLD) for k in range(LOOK_N + 1) if _single_look_passes(k))
    print()
    for looks in (1, 10, 20):
        hits = int(single[:, :looks].any(axis=1).sum())
        exact = 1 - (1 - p1) ** looks
        print(
            f"best of {looks:2d} single-look runs: false GO {hits / SEQUENCES:.4f} "
            f"(exact {exact:.4f})"
        )
    # One run keeps the promise (4.7% at n=100) ...
    assert p1 <= ALPHA
    # ... the best of 20 is far above it: 62% exactly, and the simulation shows it too.
    hits = int(single.any(axis=1).sum())
    assert 1 - (1 - p1) ** LOOKS > 0.5
    assert _lower_99(hits, SEQUENCES) > ALPHA + 0.3


def test_counting_looks_keeps_the_first_looks_power() -> None:
    """The price, measured: a clearly better system (true rate 0.92, n=100) passes a single
    look 97% of the time; counting looks, its first look still passes 90% of the time, and
    every further look is judged more strictly (59% at look 5, 30% at look 20)."""
    power = {
        j: sum(binom.pmf(k, LOOK_N, 0.92) for k in range(LOOK_N + 1) if _gate_passes(k, j))
        for j in (1, 2, 5, 20)
    }
    single = sum(binom.pmf(k, LOOK_N, 0.92) for k in range(LOOK_N + 1) if _single_look_passes(k))
    print(f"\npower at true rate 0.92: single look {single:.3f}; by look {power}")
    assert power[1] >= 0.85 and power[1] >= single - 0.1
    assert power[1] >= power[2] >= power[5] >= power[20]  # stricter at every further look


def test_twenty_reruns_with_one_lucky_pass_is_not_go(tmp_path: Path, store: Store) -> None:
    """End to end through the store: 19 runs that do not pass, then one that happens to pass
    at the plan's 95%: the gate does not say GO, and says which look it was."""
    loaded = loaded_plan(tmp_path)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    go_evidence(store, loaded, at=start)  # the lock, one passing run per suite, probes
    n = 200
    lucky = min(k for k in range(n + 1) if metric_status(_metric(k, n), MIN_CASES)[0] == "pass")
    assert _metric(lucky, n).verdict == "PASS"
    # look 1 is the run go_evidence recorded; looks 2–19 are unremarkable runs at 0.80
    for i in range(2, 20):
        summ = summary(n=n, passes=160, metric=_metric(160, n).to_json())
        add_run(store, "main", summ, at=start + dt.timedelta(minutes=2 * i))
    last = add_run(
        store,
        "main",
        summary(n=n, passes=lucky, metric=_metric(lucky, n).to_json()),
        at=start + dt.timedelta(minutes=45),
    )
    rec = decide(loaded, store)
    check = next(c for c in rec.record["checks"] if c["id"] == "evals.metric")
    print(f"\n{check['status']}: {check['reason']}")
    assert rec.outcome != "GO"
    assert check["status"] == "inconclusive"
    assert "look 20 since the lock" in check["reason"]
    looks = rec.record["metric"]["looks"]
    assert looks["look"] == 20 and looks["total"] == 20
    assert looks["single_look_verdict"] == "PASS" and looks["verdict"] == "INCONCLUSIVE"
    assert rec.record["metric"]["run_id"] == last
    locked = next(c for c in rec.record["checks"] if c["id"] == "metric.locked")
    assert "20 look(s) at the metric since the lock" in locked["reason"]


def test_one_run_that_passes_its_first_look_is_go(tmp_path: Path, store: Store) -> None:
    """The control for the test above: the same store shape with one look gets its GO."""
    loaded = loaded_plan(tmp_path)
    go_evidence(store, loaded)
    rec = decide(loaded, store)
    check = next(c for c in rec.record["checks"] if c["id"] == "evals.metric")
    assert rec.outcome == "GO", rec.reasons
    assert "look 1 since the lock: judged at 97.5% one-sided" in check["reason"]
    assert check["data"]["looks"]["look"] == 1
    assert metric_summary()["verdict"] == "PASS"


def test_the_report_shows_the_look_and_its_level(tmp_path: Path, store: Store) -> None:
    from phaseone.report import render

    loaded = loaded_plan(tmp_path)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    go_evidence(store, loaded, at=start)
    for i in range(2, 8):  # six more looks: the latest run is look 7
        add_run(store, "main", summary(metric=metric_summary()), at=start + dt.timedelta(minutes=i))
    rec = decide(loaded, store)
    assert rec.record["metric"]["looks"]["look"] == 7
    md = render(rec.record, "markdown")
    assert "look 7 since the lock (7 in all), judged at 99.911% one-sided" in md
    html = render(rec.record, "html")
    assert 'id="metric-looks"' in html and "judged at <strong>99.911%</strong> one-sided" in html
    # a record written before looks were counted still renders
    old = {**rec.record, "metric": {k: v for k, v in rec.record["metric"].items() if k != "looks"}}
    assert "Every look counted" not in render(old, "markdown")
    assert 'id="metric-looks"' not in render(old, "html")
