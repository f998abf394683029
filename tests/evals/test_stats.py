"""Statistics against values computed independently of the code under test.

Expected numbers come from closed forms evaluated by hand (with
`statistics.NormalDist` for z, not scipy) or from published tables (Newcombe 1998,
Stat Med 17:857 and 17:873), never from the implementation itself.
"""

from __future__ import annotations

import math
from math import comb
from statistics import NormalDist

import numpy as np
import pytest
from scipy.special import ndtri
from scipy.stats import binom

from phaseone.evals import stats
from phaseone.evals.stats import (
    alpha_spent,
    bootstrap_ci,
    cases_needed,
    classification_report,
    clopper_pearson_interval,
    discordant_pairs,
    f1_bootstrap,
    format_level,
    look_alpha,
    look_confidence,
    mcnemar_exact,
    metric_verdict,
    newcombe_interval,
    non_inferiority,
    paired_bootstrap,
    paired_newcombe_interval,
    percentiles,
    rate_bounds,
    rate_verdict,
    rescaled_bounds,
    verdict_at_level,
    wilson_interval,
)

Z95_TWO = NormalDist().inv_cdf(0.975)
Z95_ONE = NormalDist().inv_cdf(0.95)


def hand_wilson(k: int, n: int, z: float) -> tuple[float, float]:
    """The textbook formula, written out independently of the module."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


# --- Wilson -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [
        # 46/50: 0.811618, 0.968450 (the brief's 0.8117 is a rounding slip; 0.81162 → 0.8116)
        (46, 50, 0.8116, 0.9685),
        # 184/200: 0.874011, 0.950159
        (184, 200, 0.8740, 0.9502),
        # Newcombe 1998 (single proportion), method 3
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_two_sided_known_values(k: int, n: int, lo: float, hi: float) -> None:
    got = wilson_interval(k, n, 0.95)
    assert got == pytest.approx((lo, hi), abs=5e-5)
    assert got == pytest.approx(hand_wilson(k, n, Z95_TWO), abs=1e-12)


def test_wilson_one_sided_uses_z_of_confidence() -> None:
    lo, hi = wilson_interval(46, 50, 0.95, one_sided=True)
    assert (lo, hi) == pytest.approx((0.833302, 0.963578), abs=1e-6)
    assert (lo, hi) == pytest.approx(hand_wilson(46, 50, Z95_ONE), abs=1e-12)
    # one-sided 95% bounds are the two-sided 90% interval
    assert (lo, hi) == pytest.approx(wilson_interval(46, 50, 0.90), abs=1e-12)


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [(15, 148, 0.0598, 0.1644), (1, 29, 0.0018, 0.1963)],  # Newcombe 1998, method 4
)
def test_wilson_continuity_corrected_known_values(k: int, n: int, lo: float, hi: float) -> None:
    assert wilson_interval(k, n, 0.95, continuity=True) == pytest.approx((lo, hi), abs=5e-5)


def test_wilson_edges() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)
    lo, hi = wilson_interval(10, 10, continuity=True)
    assert hi == 1.0 and 0 < lo < 1
    assert wilson_interval(0, 10)[0] == 0.0
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
    with pytest.raises(ValueError):
        wilson_interval(5, 10, confidence=1.0)


# --- Clopper–Pearson ------------------------------------------------------------------


def exact_lower_by_bisection(k: int, n: int, alpha: float) -> float:
    """Solve P(X >= k | p) = alpha for p with exact binomial sums (no scipy)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        tail = sum(comb(n, i) * mid**i * (1 - mid) ** (n - i) for i in range(k, n + 1))
        lo, hi = (mid, hi) if tail < alpha else (lo, mid)
    return lo


def test_clopper_pearson_known_values() -> None:
    # all successes: lower bound is alpha^(1/n) in closed form
    assert clopper_pearson_interval(30, 30, 0.95, one_sided=True)[0] == pytest.approx(
        0.05 ** (1 / 30), abs=1e-10
    )
    # no successes: the upper bound is 1 - alpha^(1/n) ("rule of three" for large n)
    assert clopper_pearson_interval(0, 100, 0.95, one_sided=True)[1] == pytest.approx(
        1 - 0.05 ** (1 / 100), abs=1e-10
    )
    assert rate_bounds(184, 200, 0.95)[0] == pytest.approx(
        exact_lower_by_bisection(184, 200, 0.05), abs=1e-9
    )
    assert clopper_pearson_interval(46, 50, 0.95)[0] == pytest.approx(
        exact_lower_by_bisection(46, 50, 0.025), abs=1e-9
    )


# --- McNemar --------------------------------------------------------------------------


def test_mcnemar_exact_known_values() -> None:
    # b=10, c=2: 2 * (C(12,0)+C(12,1)+C(12,2)) / 2^12 = 2 * 79 / 4096
    assert mcnemar_exact(10, 2) == pytest.approx(158 / 4096, abs=1e-12)
    assert round(mcnemar_exact(10, 2), 4) == 0.0386
    assert mcnemar_exact(2, 10) == mcnemar_exact(10, 2)
    assert mcnemar_exact(8, 17) == pytest.approx(
        2 * sum(comb(25, i) for i in range(9)) / 2**25, abs=1e-12
    )
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(5, 5) == 1.0
    assert mcnemar_exact(0, 6) == pytest.approx(2 / 64)


def test_discordant_pairs_skips_errored() -> None:
    a = [True, True, False, False, None, True]
    b = [False, True, True, False, True, None]
    assert discordant_pairs(a, b) == (1, 1)


# --- bootstrap ------------------------------------------------------------------------


def test_bootstrap_is_seeded_and_close_to_normal_theory() -> None:
    rng = np.random.default_rng(42)
    x = rng.normal(0.6, 0.1, size=400)
    mean, lo, hi = bootstrap_ci(x, 0.95)
    assert bootstrap_ci(x, 0.95) == (mean, lo, hi)  # same seed, same numbers
    se = x.std(ddof=1) / math.sqrt(x.size)
    assert mean == pytest.approx(x.mean())
    assert lo == pytest.approx(mean - Z95_TWO * se, abs=0.25 * se)
    assert hi == pytest.approx(mean + Z95_TWO * se, abs=0.25 * se)
    m1, lo1, hi1 = bootstrap_ci(x, 0.95, one_sided=True)
    assert lo < lo1 < m1 < hi1 < hi
    assert lo1 == pytest.approx(mean - Z95_ONE * se, abs=0.25 * se)


def test_bootstrap_drops_none_and_handles_degenerate() -> None:
    assert bootstrap_ci([1.0, None, 1.0]) == (1.0, 1.0, 1.0)
    assert bootstrap_ci([0.3]) == (0.3, 0.3, 0.3)
    with pytest.raises(ValueError):
        bootstrap_ci([None])


def test_bootstrap_large_input_is_chunked() -> None:
    x = np.tile([0.0, 1.0], 5000)  # 10,000 values: 2000 × 10,000 cells would be 160 MB
    mean, lo, hi = bootstrap_ci(x, 0.95, n_resamples=500)
    assert mean == 0.5
    assert lo == pytest.approx(0.5 - Z95_TWO * 0.005, abs=0.002)
    assert hi == pytest.approx(0.5 + Z95_TWO * 0.005, abs=0.002)


def test_paired_bootstrap_detects_a_real_difference() -> None:
    rng = np.random.default_rng(1)
    base = rng.uniform(0, 1, 300)
    better = np.clip(base + 0.05 + rng.normal(0, 0.05, 300), 0, 1)
    r = paired_bootstrap(list(better), list(base))
    assert r.diff == pytest.approx(float(np.mean(better - base)))
    assert 0 < r.lower < r.diff < r.upper
    assert r.p_value < 0.01
    assert r.n == 300
    same = paired_bootstrap(list(base), list(base))
    assert (same.diff, same.p_value) == (0.0, 1.0)
    noise = paired_bootstrap(list(base + rng.normal(0, 0.05, 300)), list(base))
    assert noise.lower < 0 < noise.upper
    assert noise.p_value > 0.05


def test_paired_bootstrap_rejects_misaligned_and_drops_errored_pairs() -> None:
    with pytest.raises(ValueError):
        paired_bootstrap([1.0], [1.0, 0.0])
    r = paired_bootstrap([1.0, None, 0.5, 1.0], [0.5, 1.0, None, 0.5])
    assert r.n == 2 and r.diff == 0.5


# --- descriptive ----------------------------------------------------------------------


def test_percentiles() -> None:
    values = [float(i) for i in range(1, 101)]  # 1..100; numpy linear: p50 = 50.5
    got = percentiles([*values, None])
    assert got == pytest.approx({"p50": 50.5, "p95": 95.05, "p99": 99.01})
    assert percentiles([]) == {"p50": None, "p95": None, "p99": None}
    assert percentiles([None], (90,)) == {"p90": None}


def test_classification_report_hand_computed() -> None:
    expected = ["spam"] * 6 + ["ham"] * 4
    predicted = ["spam"] * 4 + ["ham"] * 2 + ["ham"] * 3 + ["spam"]
    r = classification_report(expected, predicted)
    # spam: TP=4, FP=1, FN=2 → P=0.8, R=2/3, F1=8/11; ham: TP=3, FP=2, FN=1 → P=0.6, R=0.75
    spam, ham = r["per_label"]["spam"], r["per_label"]["ham"]
    assert r["accuracy"] == 0.7 and r["n"] == 10
    assert (spam["precision"], spam["recall"], spam["support"]) == (0.8, pytest.approx(2 / 3), 6)
    assert spam["f1"] == pytest.approx(8 / 11)
    assert ham["f1"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert r["macro_f1"] == pytest.approx((8 / 11 + 2 * 0.6 * 0.75 / 1.35) / 2)
    assert spam["precision_ci"] == pytest.approx(list(hand_wilson(4, 5, Z95_TWO)))
    assert spam["recall_ci"] == pytest.approx(list(hand_wilson(4, 6, Z95_TWO)))
    assert r["confusion"] == {"spam": {"spam": 4, "ham": 2}, "ham": {"ham": 3, "spam": 1}}
    assert r["labels"] == ["ham", "spam"]


def test_classification_report_stray_label_and_empty_precision() -> None:
    r = classification_report(["a", "b", "b"], ["a", "b", "unknown"])
    assert r["labels"] == ["a", "b", "unknown"]
    assert r["per_label"]["unknown"]["f1"] == 0.0
    assert r["macro_f1"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    r2 = classification_report(["a", "b"], ["a", "a"], labels=["a", "b"])
    assert r2["per_label"]["b"]["precision"] == 0.0
    assert r2["per_label"]["b"]["precision_ci"] == [0.0, 1.0]
    assert r2["confusion"]["b"] == {"a": 1}


def test_f1_bootstrap_matches_report_value() -> None:
    rng = np.random.default_rng(3)
    exp = list(rng.choice(["spam", "ham"], 200))
    pred = [e if rng.random() < 0.85 else ("ham" if e == "spam" else "spam") for e in exp]
    rep = classification_report(exp, pred)
    v, lo, hi = f1_bootstrap(exp, pred, label="spam")
    assert v == pytest.approx(rep["per_label"]["spam"]["f1"])
    assert lo < v < hi
    mv, mlo, mhi = f1_bootstrap(exp, pred)
    assert mv == pytest.approx(rep["macro_f1"])
    assert mlo < mv < mhi


# --- verdicts -------------------------------------------------------------------------


def test_metric_verdict_three_states() -> None:
    lo, hi = rate_bounds(184, 200, 0.95)
    v = metric_verdict(0.92, lo, hi, 0.85, "higher", 200, 100, 0.95)
    assert v.state == "PASS" and v.more_cases_needed is None
    v = metric_verdict(0.92, lo, hi, 0.95, "higher", 200, 100, 0.95)
    assert v.state == "FAIL" and "cannot reach" in v.reason
    v = rate_verdict(184, 200, 0.90, "higher", 100, 0.95)
    assert v.state == "INCONCLUSIVE"
    assert v.more_cases_needed is not None and v.more_cases_needed > 0
    total = 200 + v.more_cases_needed
    assert rate_bounds(0.92 * total, total, 0.95)[0] > 0.90
    assert rate_bounds(0.92 * (total - 1), total - 1, 0.95)[0] <= 0.90


def test_metric_verdict_min_cases_and_no_data() -> None:
    v = rate_verdict(50, 50, 0.8, "higher", min_cases=100)
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed == 50
    v = rate_verdict(0, 0, 0.8, min_cases=30)
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed == 30
    # a FAIL needs no minimum: 0/10 already rules out 0.8
    assert rate_verdict(0, 10, 0.8, min_cases=100).state == "FAIL"


def test_metric_verdict_at_or_below_threshold_cannot_be_helped_by_more_cases() -> None:
    v = rate_verdict(90, 100, 0.9)
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed is None
    assert cases_needed(0.9, 0.9) is None
    assert cases_needed(0.85, 0.9) is None


def test_metric_verdict_lower_is_better() -> None:
    # error rate 2/200 must stay below 5%
    assert rate_verdict(2, 200, 0.05, "lower").state == "PASS"
    assert rate_verdict(30, 200, 0.05, "lower").state == "FAIL"
    v = rate_verdict(8, 200, 0.05, "lower")
    assert v.state == "INCONCLUSIVE" and v.more_cases_needed is not None
    total = 200 + v.more_cases_needed
    assert rate_bounds(0.04 * total, total)[1] < 0.05


def test_cases_needed_is_the_smallest_n() -> None:
    n = cases_needed(0.95, 0.9, 0.95)
    assert n is not None
    assert rate_bounds(0.95 * n, n)[0] > 0.9 >= rate_bounds(0.95 * (n - 1), n - 1)[0]
    # a perfect score: the bound is 0.05^(1/n), so n = ceil(log 0.05 / log 0.9) (+1 if equal)
    assert cases_needed(1.0, 0.9, 0.95) == math.floor(math.log(0.05) / math.log(0.9)) + 1


# --- the false-PASS guarantee ---------------------------------------------------------


def pass_probability(n: int, p: float, method: str) -> float:
    """Exact P(PASS) when the true rate is p: the binomial mass of every k that passes."""
    k = np.arange(n + 1)
    passes = [rate_bounds(int(i), n, 0.95, method=method)[0] > p for i in k]  # type: ignore[arg-type]
    return float(binom.pmf(k[np.asarray(passes)], n, p).sum())


def test_plain_wilson_breaks_the_guarantee_which_is_why_the_verdict_is_exact() -> None:
    # Documented finding: plain one-sided Wilson passes 5.66% of pilots that sit exactly
    # on a 0.90 threshold at n=200 (more than the promised 5%).
    assert pass_probability(200, 0.90, "wilson") > 0.055
    # continuity-corrected Wilson also exceeds 5% at small n (n=10, threshold ≈ 0.31)
    assert pass_probability(10, 0.3088, "wilson_cc") > 0.05


@pytest.mark.parametrize("n", [30, 50, 100, 200, 500])
def test_exact_bound_false_pass_rate_at_most_alpha(n: int) -> None:
    for threshold in (0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98):
        assert pass_probability(n, threshold, "exact") <= 0.05 + 1e-12


def test_simulated_false_pass_rate_at_threshold() -> None:
    """2,000 simulated pilots of n=200 whose true pass rate equals the threshold.

    The exact PASS probability is ≤ 5%; the Monte-Carlo standard error of a 5%
    rate over 2,000 runs is 0.49 points, so 1.5 points of slack (3 SE) is allowed.
    """
    rng = np.random.default_rng(2026)
    for threshold in (0.85, 0.90):
        ks = rng.binomial(200, threshold, size=2000)
        verdicts = [rate_verdict(int(k), 200, threshold, "higher", 30, 0.95).state for k in ks]
        false_pass = verdicts.count("PASS") / len(verdicts)
        assert false_pass <= 0.05 + 0.015, (threshold, false_pass)


# --- non-inferiority ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "lo", "hi"),
    [  # Newcombe 1998 (difference of proportions), method 10
        ((56, 70, 48, 80), 0.0524, 0.3339),
        ((9, 10, 3, 10), 0.1705, 0.8090),
        ((5, 56, 0, 29), -0.0381, 0.1926),
        ((0, 10, 0, 20), -0.1611, 0.2775),
    ],
)
def test_newcombe_known_values(args: tuple[int, int, int, int], lo: float, hi: float) -> None:
    _, got_lo, got_hi = newcombe_interval(*args, 0.95)
    assert (got_lo, got_hi) == pytest.approx((lo, hi), abs=5e-5)


def test_non_inferiority_verdicts() -> None:
    sup = non_inferiority(190, 200, 160, 200, margin=0.02)
    assert sup.verdict == "superior" and sup.superior and sup.non_inferior
    ni = non_inferiority(180, 200, 182, 200, margin=0.10)
    assert ni.verdict == "non-inferior" and ni.non_inferior and not ni.superior
    assert ni.lower > -0.10
    inf = non_inferiority(120, 200, 190, 200, margin=0.05)
    assert inf.verdict == "inferior" and not inf.non_inferior
    inc = non_inferiority(180, 200, 182, 200, margin=0.02)
    assert inc.verdict == "inconclusive"
    # one-sided 95% bounds are the two-sided 90% Newcombe interval
    _, lo90, hi90 = newcombe_interval(180, 200, 182, 200, 0.90)
    assert (inc.lower, inc.upper) == pytest.approx((lo90, hi90))
    assert inc.as_dict()["verdict"] == "inconclusive"


def test_paired_newcombe_known_value() -> None:
    # Fagerland, Lydersen & Laake, "Statistical Analysis of Contingency Tables", ch. 8:
    # the paired table [[59, 6], [16, 80]] gives −0.0621 (95% CI −0.1186 to −0.0046).
    d, lo, hi = paired_newcombe_interval(59, 6, 16, 80, 0.95)
    assert (d, lo, hi) == pytest.approx((-0.0621, -0.1186, -0.0046), abs=5e-5)


def test_pairing_narrows_the_interval_when_the_runs_agree_case_by_case() -> None:
    # 180/200 vs 182/200; the same cases are hard for both (170 both pass, 8 both fail).
    _, lo_i, hi_i = newcombe_interval(180, 200, 182, 200, 0.95)
    _, lo_p, hi_p = paired_newcombe_interval(170, 10, 12, 8, 0.95)
    assert lo_i < lo_p < hi_p < hi_i
    # no agreement beyond chance (φ ≤ 0 after Newcombe's correction): not narrower
    _, lo_0, hi_0 = paired_newcombe_interval(162, 18, 20, 0, 0.95)
    assert hi_0 - lo_0 >= hi_i - lo_i - 1e-9


def test_non_inferiority_uses_the_paired_table_when_given() -> None:
    table = (170, 10, 12, 8)
    ni = non_inferiority(180, 200, 182, 200, margin=0.055, paired=table)
    ind = non_inferiority(180, 200, 182, 200, margin=0.055)
    assert ni.method == "newcombe-paired" and ind.method == "newcombe-wilson"
    # the same evidence settles the question only when its pairing is used
    assert ni.verdict == "non-inferior" and ind.verdict == "inconclusive"
    _, lo90, hi90 = paired_newcombe_interval(*table, 0.90)
    assert (ni.lower, ni.upper) == pytest.approx((lo90, hi90))
    with pytest.raises(ValueError, match="does not match"):
        non_inferiority(181, 200, 182, 200, margin=0.05, paired=table)


# --- many looks, one guarantee ------------------------------------------------------------


def test_look_levels_sum_to_less_than_alpha_over_any_number_of_looks() -> None:
    alpha = 0.05
    # by hand: α/2, α/6, α/12, α/20
    assert [look_alpha(k, alpha) for k in (1, 2, 3, 4)] == pytest.approx(
        [0.025, 0.05 / 6, 0.05 / 12, 0.0025]
    )
    for looks in (1, 2, 7, 20, 1000):
        total = math.fsum(look_alpha(k, alpha) for k in range(1, looks + 1))
        assert total == pytest.approx(alpha_spent(looks, alpha)) and total < alpha
        assert total == pytest.approx(alpha * looks / (looks + 1))
    assert look_confidence(1, 0.95) == pytest.approx(0.975)
    assert look_confidence(7, 0.95) == pytest.approx(1 - 0.05 / 56)
    with pytest.raises(ValueError):
        look_alpha(0, alpha)
    with pytest.raises(ValueError):
        look_alpha(1, 1.0)


@pytest.mark.parametrize(
    ("confidence", "text"),
    [
        (0.95, "95%"),
        (0.975, "97.5%"),
        (1 - 0.05 / 6, "99.17%"),
        (1 - 0.05 / 56, "99.911%"),
        (1 - 0.05 / 420, "99.988%"),
        (0.9, "90%"),
    ],
)
def test_format_level_never_rounds_a_strict_level_to_100(confidence: float, text: str) -> None:
    assert format_level(confidence) == text


@pytest.mark.parametrize(("k", "n"), [(180, 200), (172, 200), (95, 100), (61.5, 70), (3, 4)])
def test_verdict_at_level_of_a_rate_is_the_runners_exact_verdict_at_that_level(
    k: float, n: int
) -> None:
    """A rate re-judged from its stored value and n gives exactly the bounds the runner
    would have computed at that level (so the gate's look level is no approximation)."""
    for level in (0.95, 0.975, 1 - 0.05 / 56):
        got = verdict_at_level(k / n, 0.0, 1.0, 0.8, "higher", n, 1, 0.95, level, exact_rate=True)
        want_lo, want_hi = clopper_pearson_interval(k, n, level, one_sided=True)
        assert (got.lower, got.upper) == pytest.approx((want_lo, want_hi), abs=1e-12)
        assert got.confidence == level
    # and at the plan's own level it is the stored single-look verdict
    same = verdict_at_level(0.9, 0.0, 1.0, 0.8, "higher", 200, 100, 0.95, 0.95, exact_rate=True)
    assert same == rate_verdict(180, 200, 0.8, "higher", 100, 0.95)


def test_a_stricter_level_turns_a_narrow_pass_into_inconclusive_never_into_fail() -> None:
    # 172/200 = 0.86: the exact one-sided 95% lower bound is above 0.8 (PASS) ...
    assert rate_verdict(172, 200, 0.8, "higher", 100, 0.95).state == "PASS"
    strict = verdict_at_level(
        0.86, 0.0, 1.0, 0.8, "higher", 200, 100, 0.95, 1 - 0.05 / 420, exact_rate=True
    )
    # ... at look 20's level (1 − 0.05/420) it no longer is, and it cannot be a FAIL:
    # the upper bound only moves further above the threshold.
    assert strict.state == "INCONCLUSIVE"
    assert strict.lower < 0.8 < strict.upper


def test_rescaled_bounds_move_the_normal_quantile_and_match_a_bootstrap() -> None:
    z95, z99 = NormalDist().inv_cdf(0.95), NormalDist().inv_cdf(0.99)
    lo, hi = rescaled_bounds(0.7, 0.6, 0.75, 0.95, 0.99)
    assert lo == pytest.approx(0.7 - 0.1 * z99 / z95)
    assert hi == pytest.approx(0.7 + 0.05 * z99 / z95)
    assert rescaled_bounds(0.7, 0.6, 0.75, 0.95, 0.95) == pytest.approx((0.6, 0.75))
    # against a real bootstrap at a level it can resolve (1% tail of 20,000 resamples)
    rng = np.random.default_rng(7)
    x = rng.beta(5, 2, size=400)
    mean, lo95, hi95 = bootstrap_ci(x, 0.95, one_sided=True, n_resamples=20_000)
    _, lo99, hi99 = bootstrap_ci(x, 0.99, one_sided=True, n_resamples=20_000)
    rlo, rhi = rescaled_bounds(mean, lo95, hi95, 0.95, 0.99)
    assert rlo == pytest.approx(lo99, abs=0.002) and rhi == pytest.approx(hi99, abs=0.002)
    with pytest.raises(ValueError):
        rescaled_bounds(0.7, 0.6, 0.75, 0.95, 1.0)


def test_the_table_of_normal_quantiles_is_scipys_bit_for_bit() -> None:
    """`_NDTRI` spares a run without a verdict the scipy import; every value in it is the
    one scipy.special.ndtri returns, so no interval changes in its last bit."""
    assert stats._NDTRI, "the table is empty"
    for q, z in stats._NDTRI.items():
        assert z == float(ndtri(q)), (q, z, float(ndtri(q)))
    # and the quantiles the usual levels ask for are the keys, as `_z` computes them
    for confidence in (0.8, 0.9, 0.95, 0.99):
        assert (1 + confidence) / 2 in stats._NDTRI and confidence in stats._NDTRI
        assert stats._z(confidence, one_sided=False) == float(ndtri((1 + confidence) / 2))
        assert stats._z(confidence, one_sided=True) == float(ndtri(confidence))
