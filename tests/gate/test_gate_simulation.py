"""The gate's metric path, simulated: a plan whose true rate is at or below the threshold
must get GO at most 5% of the time at 95% confidence.

The path simulated is the one the gate uses: the runner's `rate_verdict` (what lands in
`Run.summary.metric`) read by the gate's `metric_status`. 2,000 draws per true rate,
n = 200 cases, threshold 0.80.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import binom

from phaseone.evals.stats import rate_verdict
from phaseone.gate.checks.evals import metric_status

N, DRAWS, THRESHOLD, CONFIDENCE, MIN_CASES = 200, 2000, 0.80, 0.95, 100
RATES = (0.70, 0.75, 0.78, 0.80, 0.82, 0.85, 0.88, 0.92)


def _go_for_k() -> np.ndarray:
    """The gate's metric status for every possible number of passes k (it depends on k alone)."""
    go = np.zeros(N + 1, dtype=bool)
    for k in range(N + 1):
        v = rate_verdict(k, N, THRESHOLD, "higher", MIN_CASES, CONFIDENCE)
        metric = {**v.as_dict(), "verdict": v.state}
        go[k] = metric_status(metric, MIN_CASES)[0] == "pass"
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
