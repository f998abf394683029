"""Statistics that turn case results into evidence a decision can rest on.

Everything here is a pure function of counts or score vectors (numpy/scipy, no
store, no I/O), so the runner, the comparison, the gate and the reports all compute
the same numbers the same way.

Which interval where, and why:

* **Displayed pass rates** use the Wilson score interval (`wilson_interval`): it
  behaves well near 0 and 1 where the normal ("Wald") interval collapses, and it is
  what people expect to read.
* **The success metric's verdict** on a rate uses the one-sided *exact*
  (Clopper–Pearson) bound (`rate_bounds`). The gate promises that a pilot whose
  true rate is exactly the threshold is declared PASS at most ``1 - confidence`` of
  the time. Measured over every threshold and n (see tests/evals/test_stats.py):
  the plain one-sided Wilson bound breaks that promise (P(PASS) = 5.66 % at n=200,
  threshold 0.90; up to 6.7 % at other thresholds), and so does the
  continuity-corrected Wilson bound at small n (5.4 % at n=10, threshold 0.31;
  6.8 % at n=20, threshold 0.02). The exact bound keeps it for every n and threshold
  by construction, and for the high rates pilots aim at it is no wider than
  continuity-corrected Wilson (184/200 at 95 %: exact 0.8810, Wilson-cc 0.8797).
* **Continuous scores** (means of similarity or judge scores, F1) use the
  percentile bootstrap.
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from phaseone.evals.advice import advise

if TYPE_CHECKING:
    from types import ModuleType

    import numpy as np

# numpy (~0.07 s of CPU to import) is imported by the functions that compute with it,
# not with this module: an eval imports it in the background as its calls go out
# (`load_in_background`), so the import overlaps the wait for answers instead of coming
# before the first call.


def _special() -> ModuleType:
    """scipy.special, imported on the first interval rather than with this module.

    scipy.special, not scipy.stats: the three distribution functions needed here are its
    ndtri (normal quantile), betaincinv (beta quantile) and bdtr (binomial CDF), with
    identical values, and `scipy.stats` costs every `phaseone eval` and `gate` ~0.9 s more
    to import (measured on the 2-core VM: 0.47 s against 1.35 s). Even scipy.special
    costs ~0.15 s, which commands that import this module but compute no interval (the
    plan, the runs list, `--help`) should not pay. `statistics.NormalDist` is no stand-in:
    its inverse CDF differs from ndtri in the last bits for most quantiles.
    """
    from scipy import special

    return cast("ModuleType", special)


#: What `load_in_background` has started importing in this process.
_loading: set[str] = set()


def _import_for_run(scipy: bool) -> None:
    # numpy for the summary (see load_in_background), and numpy.ma with it: the summary's
    # latency percentiles import it (~11 ms of CPU) through `np.percentile` -> `np.unique`
    # -> `np.ma.is_masked`; imported here, it too loads while the calls are out instead of
    # after the last one.
    import numpy.ma  # noqa: F401

    if scipy:
        _special()


def load_in_background(*, scipy: bool = True) -> None:
    """Start importing numpy (and scipy.special) in a thread, for an eval whose calls
    begin now.

    The run's summary needs numpy once the calls are done, and a verdict's bounds need
    scipy.special; imported then, they would come after the calls (numpy ~0.07 s,
    scipy.special ~0.14 s of CPU on the 2-core VM). Started as the calls go out, they are
    imported while the event loop only waits for answers (for long runs the whole import
    is hidden). Python's import lock makes the first use wait for this import rather than
    repeat it. ``scipy=False`` for a run expected to need no scipy (no verdict: its
    intervals are the displayed 95 % ones, `_NDTRI`); if one needs it after all,
    `_special()` imports it then. Each library is started once per process.
    """
    wanted = {"numpy", "scipy.special"} if scipy else {"numpy"}
    if wanted <= _loading | set(sys.modules):
        return
    _loading.update(wanted)
    thread = threading.Thread(
        target=_import_for_run, args=(scipy,), name="phaseone-import-stats", daemon=True
    )
    thread.start()


#: ``scipy.special.ndtri(q)`` for the quantiles of the usual levels (80, 90, 95, 99 %, one-
#: and two-sided), exactly as scipy returns them (tests/evals/test_stats.py compares each,
#: bit for bit). A run whose only intervals are the displayed 95 % Wilson intervals (an
#: eval without a metric or threshold) then needs no scipy at all; any other quantile is
#: scipy's. A table of scipy's own values, not a second implementation of ndtri.
_NDTRI: dict[float, float] = {
    0.8: 0.8416212335729143,
    0.9: 1.2815515655446004,
    0.95: 1.6448536269514722,
    0.975: 1.959963984540054,
    0.99: 2.3263478740408408,
    0.995: 2.5758293035489004,
}


Direction = Literal["higher", "lower"]
BoundMethod = Literal["exact", "wilson", "wilson_cc"]

#: Cap on the resample matrix (resamples × n) built at once, to bound memory.
_MAX_CELLS = 2_000_000


# --- intervals for proportions ------------------------------------------------------


def _z(confidence: float, one_sided: bool) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    q = confidence if one_sided else (1 + confidence) / 2
    known = _NDTRI.get(q)
    return known if known is not None else float(_special().ndtri(q))


def _check_counts(k: float, n: float) -> None:
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")


def wilson_interval(
    k: float,
    n: float,
    confidence: float = 0.95,
    *,
    one_sided: bool = False,
    continuity: bool = False,
) -> tuple[float, float]:
    """Wilson score interval for a proportion of ``k`` successes in ``n`` trials.

    Args:
        k: Successes (may be fractional when used for planning at an observed rate).
        n: Trials. ``n == 0`` gives the uninformative ``(0.0, 1.0)``.
        confidence: Coverage of the interval (two-sided), or of *each* bound when
            ``one_sided`` (then ``z = Φ⁻¹(confidence)``: the lower bound alone is a
            ``confidence``-level lower confidence bound, and likewise the upper).
        one_sided: Return the pair of one-sided bounds instead of a two-sided interval.
        continuity: Apply the continuity correction (Newcombe 1998, method 4), which
            widens the interval by roughly ``1/(2n)`` and makes it more conservative.

    Returns:
        ``(lower, upper)``, clipped to [0, 1].
    """
    _check_counts(k, n)
    if n == 0:
        return 0.0, 1.0
    z = _z(confidence, one_sided)
    z2 = z * z
    p = k / n
    if not continuity:
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
        lo, hi = centre - half, centre + half
    else:
        denom = 2 * (n + z2)
        rad_lo = z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1)
        rad_hi = z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1)
        lo = (2 * n * p + z2 - 1 - z * math.sqrt(max(rad_lo, 0.0))) / denom
        hi = (2 * n * p + z2 + 1 + z * math.sqrt(max(rad_hi, 0.0))) / denom
        if k == 0:
            lo = 0.0
        if k == n:
            hi = 1.0
    return max(0.0, lo), min(1.0, hi)


def clopper_pearson_interval(
    k: float, n: float, confidence: float = 0.95, *, one_sided: bool = False
) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval: never covers less than ``confidence``.

    Same arguments as `wilson_interval`. Fractional ``k`` is allowed (the beta
    quantiles are continuous in ``k``), which `cases_needed` relies on.
    """
    _check_counts(k, n)
    if n == 0:
        return 0.0, 1.0
    alpha = 1 - confidence if one_sided else (1 - confidence) / 2
    lo = 0.0 if k == 0 else float(_special().betaincinv(k, n - k + 1, alpha))
    hi = 1.0 if k == n else float(_special().betaincinv(k + 1, n - k, 1 - alpha))
    return lo, hi


def rate_bounds(
    k: float, n: float, confidence: float = 0.95, *, method: BoundMethod = "exact"
) -> tuple[float, float]:
    """The one-sided ``(lower, upper)`` bounds a rate's verdict is decided on.

    Args:
        k: Successes (passes, true positives, …).
        n: Trials the rate is over (cases, predicted positives, …).
        confidence: One-sided confidence of each bound (the plan's ``confidence``).
        method: ``exact`` (default; keeps the false-PASS rate ≤ 1 − confidence for
            every n and threshold), ``wilson`` or ``wilson_cc`` (for comparison).
    """
    if method == "exact":
        return clopper_pearson_interval(k, n, confidence, one_sided=True)
    return wilson_interval(k, n, confidence, one_sided=True, continuity=method == "wilson_cc")


# --- bootstrap ------------------------------------------------------------------------


def _as_array(values: Iterable[float | None]) -> np.ndarray:
    import numpy as np  # on first use: see the note on numpy at the top

    arr = np.asarray([v for v in values if v is not None], dtype=float)
    kept: np.ndarray = arr[~np.isnan(arr)]
    return kept


def _resampled_means(x: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Means of ``n_resamples`` bootstrap resamples, in chunks to bound memory."""
    import numpy as np  # on first use: see the note on numpy at the top

    n = x.size
    chunk = max(1, _MAX_CELLS // max(n, 1))
    out = np.empty(n_resamples, dtype=float)
    for start in range(0, n_resamples, chunk):
        stop = min(n_resamples, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        out[start:stop] = x[idx].mean(axis=1)
    return out


def _quantile_bounds(
    samples: np.ndarray, confidence: float, one_sided: bool
) -> tuple[float, float]:
    import numpy as np  # on first use: see the note on numpy at the top

    tail = 1 - confidence if one_sided else (1 - confidence) / 2
    lo, hi = np.quantile(samples, [tail, 1 - tail])
    return float(lo), float(hi)


def bootstrap_ci(
    values: Iterable[float | None],
    confidence: float = 0.95,
    *,
    one_sided: bool = False,
    n_resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Percentile-bootstrap interval for the mean of ``values``.

    Args:
        values: Scores; ``None`` and NaN are dropped (an errored case has no score).
        confidence: Two-sided coverage, or the level of each bound when ``one_sided``.
        one_sided: Return one-sided bounds (lower at ``1 - confidence``, upper at
            ``confidence`` quantile) for a verdict against a threshold.
        n_resamples: Bootstrap resamples; 2,000 keeps the quantiles stable to ~0.005.
        seed: Fixed by default so the same run always reports the same interval.

    Returns:
        ``(mean, lower, upper)``.

    Raises:
        ValueError: when no values remain (an interval of nothing is not a number).
    """
    import numpy as np  # on first use: see the note on numpy at the top

    x = _as_array(values)
    if x.size == 0:
        raise ValueError("bootstrap_ci needs at least one value")
    _z(confidence, one_sided)
    mean = float(x.mean())
    if x.size == 1 or np.all(x == x[0]):
        return mean, mean, mean
    means = _resampled_means(x, n_resamples, np.random.default_rng(seed))
    lo, hi = _quantile_bounds(means, confidence, one_sided)
    return mean, lo, hi


@dataclass(frozen=True)
class PairedDiff:
    """Mean difference ``a − b`` of two aligned score vectors, with its uncertainty."""

    diff: float
    lower: float
    upper: float
    p_value: float  #: two-sided, H0: mean difference is 0
    n: int
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def paired_bootstrap(
    a: Sequence[float | None],
    b: Sequence[float | None],
    confidence: float = 0.95,
    *,
    one_sided: bool = False,
    n_resamples: int = 2000,
    seed: int = 0,
) -> PairedDiff:
    """Paired bootstrap of ``mean(a − b)`` for the same cases scored in two runs.

    Pairing removes the case-to-case variation both runs share, so a real
    difference shows with far fewer cases than comparing two independent means.

    Args:
        a: Scores of the new run (pilot), aligned with ``b`` case by case.
        b: Scores of the reference run (baseline). Pairs where either side is
            ``None`` (errored) are dropped.
        confidence: Coverage of the interval (or of each bound when ``one_sided``).
        one_sided: One-sided bounds, as in `bootstrap_ci`.
        n_resamples: Bootstrap resamples.
        seed: Random seed (fixed, so reports are reproducible).

    Returns:
        The difference, its interval, and a two-sided p-value from the bootstrap
        under the null (differences re-centred on 0), ``(hits + 1) / (R + 1)``.
    """
    import numpy as np  # on first use: see the note on numpy at the top

    if len(a) != len(b):
        raise ValueError(f"paired scores must be aligned: {len(a)} vs {len(b)} values")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    if not pairs:
        raise ValueError("paired_bootstrap needs at least one pair with both scores")
    d = np.asarray([x - y for x, y in pairs], dtype=float)
    diff = float(d.mean())
    if d.size == 1 or np.all(d == d[0]):
        p = 1.0 if diff == 0 else 1 / (n_resamples + 1)
        return PairedDiff(diff, diff, diff, p, int(d.size), confidence)
    rng = np.random.default_rng(seed)
    means = _resampled_means(d, n_resamples, rng)
    lo, hi = _quantile_bounds(means, confidence, one_sided)
    null = means - diff  # the same resamples, re-centred: the null distribution
    hits = int(np.count_nonzero(np.abs(null) >= abs(diff) - 1e-12))
    p = min(1.0, (hits + 1) / (n_resamples + 1))
    return PairedDiff(diff, lo, hi, p, int(d.size), confidence)


# --- paired pass/fail -----------------------------------------------------------------


def mcnemar_exact(b: int, c: int) -> float:
    """Exact two-sided McNemar p-value from the discordant pair counts.

    Args:
        b: Cases the first run passed and the second failed.
        c: Cases the first run failed and the second passed.

    Returns:
        ``min(1, 2 · P(X ≤ min(b, c)))`` for ``X ~ Binomial(b + c, ½)``; 1.0 when there
        are no discordant pairs (the runs agree on every case: no evidence of a change).
    """
    if b < 0 or c < 0:
        raise ValueError(f"discordant counts must be >= 0, got b={b}, c={c}")
    n = b + c
    if n == 0:
        return 1.0
    return float(min(1.0, 2 * _special().bdtr(min(b, c), n, 0.5)))


def discordant_pairs(a: Sequence[bool | None], b: Sequence[bool | None]) -> tuple[int, int]:
    """``(b, c)`` for `mcnemar_exact`: a-pass/b-fail and a-fail/b-pass counts.

    Pairs where either side is ``None`` (errored case) are skipped.
    """
    if len(a) != len(b):
        raise ValueError(f"paired results must be aligned: {len(a)} vs {len(b)}")
    only_a = sum(1 for x, y in zip(a, b, strict=True) if x is True and y is False)
    only_b = sum(1 for x, y in zip(a, b, strict=True) if x is False and y is True)
    return only_a, only_b


# --- non-inferiority ------------------------------------------------------------------


@dataclass(frozen=True)
class NonInferiority:
    """Pilot vs baseline pass rates, against a margin (``method`` says whether the two
    runs were treated as paired on the same cases or as independent samples)."""

    diff: float  #: pilot rate − baseline rate
    lower: float  #: one-sided lower bound of the difference at ``confidence``
    upper: float  #: one-sided upper bound
    margin: float
    confidence: float
    pilot_rate: float
    baseline_rate: float
    non_inferior: bool  #: lower > −margin
    superior: bool  #: lower > 0
    verdict: Literal["superior", "non-inferior", "inferior", "inconclusive"]
    reason: str
    method: str = "newcombe-wilson"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def newcombe_interval(
    k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95, *, one_sided: bool = False
) -> tuple[float, float, float]:
    """Newcombe's hybrid score interval for ``p1 − p2`` (1998, method 10).

    It combines the two Wilson intervals, so it stays inside [−1, 1] and keeps
    close to nominal coverage where the Wald difference interval does not (small
    n, rates near 0 or 1).

    Returns:
        ``(diff, lower, upper)``.
    """
    if n1 == 0 or n2 == 0:
        raise ValueError("both samples need at least one case")
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, confidence, one_sided=one_sided)
    l2, u2 = wilson_interval(k2, n2, confidence, one_sided=one_sided)
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, lo, hi


def paired_newcombe_interval(
    both: int, only_1: int, only_2: int, neither: int, confidence: float = 0.95,
    *, one_sided: bool = False,
) -> tuple[float, float, float]:  # fmt: skip
    """Newcombe's score interval for ``p1 − p2`` when both rates come from the same cases
    (1998b, Statist. Med. 17:2635, method 10).

    The same cases are easy or hard for both systems, so the two rates move together:
    the interval combines the two Wilson intervals with the correlation ``φ`` of the
    paired table, which makes it narrower than treating the runs as independent —
    honest evidence that a fixed number of cases can show more. ``φ`` is corrected as
    Newcombe does (``ad − bc`` shrunk by ``n/2`` when positive).

    Args:
        both: Cases passed by both. only_1 / only_2: passed by one system only.
        neither: Failed by both.

    Returns:
        ``(diff, lower, upper)``.
    """
    n = both + only_1 + only_2 + neither
    if n == 0:
        raise ValueError("the paired table is empty")
    k1, k2 = both + only_1, both + only_2
    p1, p2 = k1 / n, k2 / n
    l1, u1 = wilson_interval(k1, n, confidence, one_sided=one_sided)
    l2, u2 = wilson_interval(k2, n, confidence, one_sided=one_sided)
    spread = k1 * (n - k1) * k2 * (n - k2)
    cross: float = both * neither - only_1 * only_2
    if cross > n / 2:
        cross -= n / 2
    elif cross >= 0:
        cross = 0
    phi = cross / math.sqrt(spread) if spread > 0 else 0.0
    d = p1 - p2
    lo = d - math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    hi = d + math.sqrt(max(0.0, (p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2))
    return d, lo, hi


def non_inferiority(
    pilot_k: int,
    pilot_n: int,
    base_k: int,
    base_n: int,
    margin: float,
    confidence: float = 0.95,
    *,
    paired: tuple[int, int, int, int] | None = None,
) -> NonInferiority:
    """Is the pilot's pass rate no worse than the baseline's by more than ``margin``?

    Uses one-sided bounds at ``confidence`` (a one-sided test, as non-inferiority
    is) of a Newcombe score interval of pilot − baseline: the paired one when
    ``paired`` gives the table of the same cases, else the one for independent
    samples (conservative for paired runs).

    Args:
        pilot_k: Pilot passes.
        pilot_n: Pilot scored cases.
        base_k: Baseline passes.
        base_n: Baseline scored cases.
        margin: The plan's margin, as a rate (0.02 means two percentage points).
        confidence: One-sided confidence level.
        paired: ``(both pass, only the pilot passes, only the baseline passes, both
            fail)`` over the same cases; it must agree with the counts above.
    """
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    method = "newcombe-wilson"
    if paired is not None:
        both, only_p, only_b, neither = paired
        n = both + only_p + only_b + neither
        if (both + only_p, both + only_b, n, n) != (pilot_k, base_k, pilot_n, base_n):
            raise ValueError(f"the paired table {paired} does not match the counts")
        d, lo, hi = paired_newcombe_interval(*paired, confidence, one_sided=True)
        method = "newcombe-paired"
    else:
        d, lo, hi = newcombe_interval(pilot_k, pilot_n, base_k, base_n, confidence, one_sided=True)
    pct = format_level(confidence)  # 99.58%, never a rounded "100%"
    span = f"pilot − baseline = {d:+.3f}, {pct} one-sided bounds [{lo:+.3f}, {hi:+.3f}]"
    if paired is not None:
        span += f" (paired on the same {pilot_n} cases)"
    verdict: Literal["superior", "non-inferior", "inferior", "inconclusive"]
    if lo > 0:
        verdict = "superior"
        reason = f"{span}: the lower bound is above 0, the pilot is better"
    elif lo > -margin:
        verdict = "non-inferior"
        reason = f"{span}: the lower bound is above −{margin:g}, the pilot is not worse"
    elif hi < -margin:
        verdict = "inferior"
        reason = f"{span}: even the upper bound is below −{margin:g}, the pilot is worse"
    else:
        verdict = "inconclusive"
        reason = f"{span}: the interval straddles −{margin:g}; more cases are needed"
    return NonInferiority(
        diff=d,
        lower=lo,
        upper=hi,
        margin=margin,
        confidence=confidence,
        pilot_rate=pilot_k / pilot_n,
        baseline_rate=base_k / base_n,
        non_inferior=lo > -margin,
        superior=lo > 0,
        verdict=verdict,
        reason=reason,
        method=method,
    )


# --- descriptive ----------------------------------------------------------------------


def percentiles(
    values: Iterable[float | None], qs: Sequence[float] = (50, 95, 99)
) -> dict[str, float | None]:
    """``{"p50": …, "p95": …, "p99": …}``; ``None`` values dropped; all ``None`` when empty."""
    import numpy as np  # on first use: see the note on numpy at the top

    x = _as_array(values)
    keys = [f"p{q:g}" for q in qs]
    if x.size == 0:
        return dict.fromkeys(keys)
    vals = np.percentile(x, list(qs))
    return {k: float(v) for k, v in zip(keys, vals, strict=True)}


def _label(x: Any) -> str:
    return "(none)" if x is None else str(x)


def classification_report(
    expected: Sequence[Hashable | None],
    predicted: Sequence[Hashable | None],
    labels: Sequence[str] | None = None,
    *,
    confidence: float = 0.95,
) -> dict[str, Any]:
    """Accuracy, per-label precision/recall/F1 with Wilson intervals, macro-F1, confusion.

    Args:
        expected: True labels (stringified; ``None`` becomes ``"(none)"``).
        predicted: Predicted labels, aligned with ``expected``.
        labels: Labels to report and to average macro-F1 over. Default: every label
            seen in either list, so a stray prediction ("unknown") counts against
            macro-F1 instead of vanishing.
        confidence: Two-sided level of the reported intervals.

    Returns:
        A JSON-ready dict: ``n``, ``accuracy``, ``accuracy_ci``, ``per_label`` (label →
        precision, precision_ci, recall, recall_ci, f1, support, tp, fp, fn),
        ``macro_f1``, ``labels`` and ``confusion`` (expected → predicted → count).
        Precision with no predicted positives is 0.0 with interval [0, 1] (nothing is
        known), likewise recall with no support.
    """
    import numpy as np  # on first use: see the note on numpy at the top

    if len(expected) != len(predicted):
        raise ValueError(
            f"expected and predicted differ in length: {len(expected)} vs {len(predicted)}"
        )
    exp = [_label(x) for x in expected]
    pred = [_label(x) for x in predicted]
    n = len(exp)
    if labels is None:
        labels = sorted(set(exp) | set(pred))
    labels = [str(x) for x in labels]
    confusion: dict[str, dict[str, int]] = {}
    for e, p in zip(exp, pred, strict=True):
        row = confusion.setdefault(e, {})
        row[p] = row.get(p, 0) + 1
    correct = sum(1 for e, p in zip(exp, pred, strict=True) if e == p)
    per_label: dict[str, dict[str, Any]] = {}
    for lab in labels:
        tp = sum(1 for e, p in zip(exp, pred, strict=True) if e == lab and p == lab)
        fp = sum(1 for e, p in zip(exp, pred, strict=True) if e != lab and p == lab)
        fn = sum(1 for e, p in zip(exp, pred, strict=True) if e == lab and p != lab)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[lab] = {
            "precision": precision,
            "precision_ci": list(wilson_interval(tp, tp + fp, confidence)),
            "recall": recall,
            "recall_ci": list(wilson_interval(tp, tp + fn, confidence)),
            "f1": f1,
            "support": tp + fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    macro_f1 = float(np.mean([v["f1"] for v in per_label.values()])) if per_label else 0.0
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "accuracy_ci": list(wilson_interval(correct, n, confidence)),
        "correct": correct,
        "per_label": per_label,
        "macro_f1": macro_f1,
        "labels": labels,
        "confusion": confusion,
    }


def f1_bootstrap(
    expected: Sequence[Hashable | None],
    predicted: Sequence[Hashable | None],
    *,
    label: str | None = None,
    labels: Sequence[str] | None = None,
    confidence: float = 0.95,
    one_sided: bool = True,
    n_resamples: int = 2000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Bootstrap interval of F1 for ``label``, or of macro-F1 when ``label`` is None.

    F1 is not a proportion, so it has no Wilson interval; resampling cases is the
    honest way to put bounds on it for a verdict.

    Returns:
        ``(value, lower, upper)``; one-sided bounds by default (for `metric_verdict`).
    """
    import numpy as np  # on first use: see the note on numpy at the top

    exp = [_label(x) for x in expected]
    pred = [_label(x) for x in predicted]
    if not exp:
        raise ValueError("f1_bootstrap needs at least one case")
    if labels is None:
        labels = sorted(set(exp) | set(pred))
    targets = [label] if label is not None else [str(x) for x in labels]
    index = {lab: i for i, lab in enumerate(sorted(set(exp) | set(pred) | set(targets)))}
    e = np.asarray([index[x] for x in exp])
    p = np.asarray([index[x] for x in pred])

    def f1_of(ei: np.ndarray, pi: np.ndarray) -> np.ndarray:
        scores = []
        for lab in targets:
            c = index[lab]
            tp = np.sum((ei == c) & (pi == c), axis=-1)
            fp = np.sum((ei != c) & (pi == c), axis=-1)
            fn = np.sum((ei == c) & (pi != c), axis=-1)
            denom = 2 * tp + fp + fn
            scores.append(np.where(denom > 0, 2 * tp / np.maximum(denom, 1), 0.0))
        mean: np.ndarray = np.mean(scores, axis=0)
        return mean

    value = float(f1_of(e, p))
    rng = np.random.default_rng(seed)
    n = e.size
    chunk = max(1, _MAX_CELLS // n)
    samples = np.empty(n_resamples)
    for start in range(0, n_resamples, chunk):
        stop = min(n_resamples, start + chunk)
        idx = rng.integers(0, n, size=(stop - start, n))
        samples[start:stop] = f1_of(e[idx], p[idx])
    lo, hi = _quantile_bounds(samples, confidence, one_sided)
    return value, lo, hi


# --- the verdict ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """PASS / FAIL / INCONCLUSIVE for one metric against its threshold."""

    state: Literal["PASS", "FAIL", "INCONCLUSIVE"]
    value: float | None
    lower: float
    upper: float
    threshold: float
    direction: Direction
    n: int
    min_cases: int
    confidence: float
    reason: str
    #: Further cases (beyond ``n``) that would decide at the observed rate; None when
    #: more cases at this rate cannot reach PASS, or when the verdict is decided.
    more_cases_needed: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cases_needed(
    p_hat: float,
    threshold: float,
    confidence: float = 0.95,
    *,
    direction: Direction = "higher",
    method: BoundMethod = "exact",
    max_n: int = 1_000_000_000,
) -> int | None:
    """Smallest total N at which the observed rate would clear the threshold.

    Assumes future cases keep the observed rate ``p_hat`` and finds the smallest N
    whose one-sided bound at ``k = p_hat · N`` clears ``threshold`` (the same bound
    and the same strict comparison the verdict uses). For means of [0, 1] scores it
    is a conservative estimate (their variance is at most a proportion's).

    Args:
        p_hat: Observed rate.
        threshold: The metric's threshold.
        confidence: One-sided confidence.
        direction: ``higher`` (the lower bound must exceed the threshold) or
            ``lower`` (the upper bound must be below it).
        method: The bound, as in `rate_bounds`.
        max_n: Search limit; beyond it the answer is None (not reachable in practice).

    Returns:
        N, or None when ``p_hat`` does not beat the threshold (more cases cannot help).
    """
    if direction == "lower":
        p_hat, threshold = 1 - p_hat, 1 - threshold
    if not (0 <= threshold < 1) or not (0 <= p_hat <= 1) or p_hat <= threshold:
        return None

    def clears(n: int) -> bool:
        return rate_bounds(p_hat * n, n, confidence, method=method)[0] > threshold

    hi = 1
    while not clears(hi):
        hi *= 2
        if hi > max_n:
            return None
    lo = hi // 2  # clears(lo) is False (or lo == 0)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if clears(mid):
            hi = mid
        else:
            lo = mid
    return hi


def metric_verdict(
    value: float | None,
    lower: float,
    upper: float,
    threshold: float,
    direction: Direction = "higher",
    n: int = 0,
    min_cases: int = 1,
    confidence: float = 0.95,
) -> Verdict:
    """Decide a metric from its one-sided bounds; never PASS on too little evidence.

    Args:
        value: The observed metric (None when nothing was scored).
        lower: One-sided lower confidence bound at ``confidence`` (for a rate, from
            `rate_bounds`; for a mean or F1, from a one-sided bootstrap).
        upper: One-sided upper confidence bound at ``confidence``.
        threshold: The plan's threshold.
        direction: ``higher`` means the metric must exceed the threshold (pass rate,
            precision); ``lower`` means it must stay below it (error rate, cost).
        n: Cases the metric is computed on.
        min_cases: Below this, the verdict is never PASS (it can still be FAIL: a
            bound already on the wrong side of the threshold is evidence).
        confidence: One-sided confidence level of the bounds (for messages and for
            the number of further cases needed).

    Returns:
        PASS when the bound on the unfavourable side clears the threshold and
        ``n >= min_cases``; FAIL when even the favourable bound misses it; otherwise
        INCONCLUSIVE with ``more_cases_needed`` at the observed rate.
    """
    pct = f"{confidence:.0%}"
    common: dict[str, Any] = {
        "value": value,
        "lower": lower,
        "upper": upper,
        "threshold": threshold,
        "direction": direction,
        "n": n,
        "min_cases": min_cases,
        "confidence": confidence,
    }
    if n == 0 or value is None:
        return Verdict(
            state="INCONCLUSIVE",
            reason="no scored cases yet",
            more_cases_needed=max(min_cases, 1),
            **common,
        )
    higher = direction == "higher"
    bound, other = (lower, upper) if higher else (upper, lower)
    side = "lower" if higher else "upper"
    cmp, anti = (">", "<") if higher else ("<", ">")
    clears = bound > threshold if higher else bound < threshold
    cannot = other < threshold if higher else other > threshold
    if clears and n >= min_cases:
        return Verdict(
            state="PASS",
            reason=(
                f"the {pct} one-sided {side} bound {bound:.4f} is {cmp} the threshold "
                f"{threshold:g} (observed {value:.4f}, n={n})"
            ),
            **common,
        )
    if cannot:
        other_side = "upper" if higher else "lower"
        return Verdict(
            state="FAIL",
            reason=(
                f"even the {pct} one-sided {other_side} bound {other:.4f} is {anti} the "
                f"threshold {threshold:g} (observed {value:.4f}, n={n}): the metric cannot "
                "reach it"
            ),
            **common,
        )
    if clears:  # decided by the evidence, but fewer cases than the plan requires
        return Verdict(
            state="INCONCLUSIVE",
            reason=(
                f"the {side} bound {bound:.4f} clears the threshold {threshold:g}, but only "
                f"{n} cases were scored and the plan requires at least {min_cases}"
            ),
            more_cases_needed=min_cases - n,
            **common,
        )
    total = cases_needed(value, threshold, confidence, direction=direction)
    span = (
        f"the {pct} one-sided bounds [{lower:.4f}, {upper:.4f}] straddle the threshold "
        f"{threshold:g} (observed {value:.4f}, n={n})"
    )
    rate = all(0 <= x <= 1 for x in (value, threshold))
    if total is None:
        advice = advise(value, threshold, n, None, direction=direction, rate=rate).text
        return Verdict(
            state="INCONCLUSIVE",
            reason=f"{span}; {advice}",
            more_cases_needed=None,
            **common,
        )
    total = max(total, min_cases)
    more = max(total - n, 1)
    advice = advise(
        value, threshold, n, more, direction=direction, min_cases=min_cases, rate=rate
    ).text
    return Verdict(
        state="INCONCLUSIVE",
        reason=f"{span}; {advice}",
        more_cases_needed=more,
        **common,
    )


def rate_verdict(
    k: int,
    n: int,
    threshold: float,
    direction: Direction = "higher",
    min_cases: int = 1,
    confidence: float = 0.95,
    *,
    method: BoundMethod = "exact",
) -> Verdict:
    """`metric_verdict` for a rate ``k / n``, with the bounds from `rate_bounds`.

    This is the one call the runner and the gate use for pass rates, accuracy,
    precision and recall, so the false-PASS guarantee holds wherever a rate is decided.
    """
    lo, hi = rate_bounds(k, n, confidence, method=method)
    value = k / n if n else None
    return metric_verdict(value, lo, hi, threshold, direction, n, min_cases, confidence)


# --- many looks, one guarantee ----------------------------------------------------------
#
# The gate judges the latest run of the metric's suite. A team that re-runs the suite and
# reads the verdict each time gets a new chance at a lucky PASS on every run: at n=100 and
# a true rate exactly at the threshold one run passes 4.7 % of the time, the best of 10
# runs 38 % and of 20 runs 62 %. So look k since the lock is judged at its own error rate
#
#     alpha_k = alpha / (k · (k + 1))        (alpha = 1 − confidence)
#
# half of alpha on the first look, a sixth on the second, a twelfth on the third, …; after K
# looks alpha · K/(K + 1) has been spent, never more than alpha. A false GO needs at least one
# look to pass at its level, and by the union bound (Boole's inequality)
#
#     P(any look passes) ≤ Σ_k P(look k passes) ≤ Σ_k alpha_k < alpha,
#
# whatever the dependence between looks: the same cases re-sent, an LLM that varies, a
# dataset re-sampled, or a system changed between runs. Nothing is assumed about how the
# looks relate, which is why no pooling or group-sequential boundary is used here: pooling
# mixes the versions a team iterated through, and group-sequential boundaries assume a
# number of looks and a correlation fixed in advance.
#
# Why this sequence: alpha·6/(π²k²) gives the first look a little more (0.61·alpha against
# 0.5·alpha: 96.96 % instead of 97.5 % one-sided at a 95 % plan) and every look from the
# second on less; teams look many times, and alpha/(k(k+1)) has a running total a reviewer
# can check by hand. A confirmatory run pre-registered with the lock would keep the single
# look's full power, but the lock is taken before the first eval, when nobody knows yet which
# run will be the one, and every other run would be unable to support a GO.


def look_alpha(look: int, alpha: float) -> float:
    """The error rate look ``look`` (1, 2, …) since the lock is judged at: ``α/(k(k+1))``.

    Args:
        look: 1 for the first look at the metric since the lock.
        alpha: The plan's overall false-PASS rate, ``1 − confidence``.

    Raises:
        ValueError: a look below 1 or an alpha outside (0, 1).
    """
    if look < 1:
        raise ValueError(f"looks are counted from 1, got {look}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    return alpha / (look * (look + 1))


def look_confidence(look: int, confidence: float) -> float:
    """The one-sided confidence look ``look`` is judged at: ``1 − α/(k(k+1))``."""
    return 1 - look_alpha(look, 1 - confidence)


def alpha_spent(looks: int, alpha: float) -> float:
    """The error rate spent by ``looks`` looks: ``α · K/(K+1)`` (the sum telescopes)."""
    if looks < 0:
        raise ValueError(f"looks must be >= 0, got {looks}")
    return alpha * looks / (looks + 1)


def format_level(confidence: float) -> str:
    """A confidence as a percentage with enough digits to tell it from 100 %.

    ``0.95`` → ``95%``, ``0.975`` → ``97.5%``, ``1 − 0.05/56`` → ``99.911%``: two
    significant digits of the error rate, so a strict level never prints as "100%".
    """
    a = 100 * (1 - confidence)
    digits = 0 if a >= 10 or a <= 0 else max(0, 1 - math.floor(math.log10(a)))
    text = f"{100 * confidence:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def rescaled_bounds(
    value: float, lower: float, upper: float, confidence: float, new_confidence: float
) -> tuple[float, float]:
    """One-sided bounds at ``new_confidence`` from bounds at ``confidence``.

    For metrics whose bounds come from a bootstrap (means, F1): the distance from the
    value to each bound is scaled by ``Φ⁻¹(new)/Φ⁻¹(old)``, i.e. the bootstrap's spread
    is read as a standard error and the normal quantile moved to the stricter level. A
    bootstrap of 2,000 resamples cannot resolve the 0.01 % tail directly (its most extreme
    resample sits near the 0.05 % quantile), so re-running it would be *less* honest. Like
    the bootstrap itself this is an approximation; rates use the exact bound instead.

    Raises:
        ValueError: a confidence outside (0.5, 1).
    """
    if not 0.5 < confidence < 1 or not 0.5 < new_confidence < 1:
        raise ValueError(f"confidences must be in (0.5, 1), got {confidence} and {new_confidence}")
    scale = float(_special().ndtri(new_confidence) / _special().ndtri(confidence))
    return value - max(value - lower, 0.0) * scale, value + max(upper - value, 0.0) * scale


def verdict_at_level(
    value: float | None,
    lower: float,
    upper: float,
    threshold: float,
    direction: Direction,
    n: int,
    min_cases: int,
    confidence: float,
    level: float,
    *,
    exact_rate: bool,
) -> Verdict:
    """A metric's verdict re-judged at a stricter one-sided ``level``.

    Args:
        value, lower, upper, threshold, direction, n, min_cases: as in `metric_verdict`;
            ``lower``/``upper`` are the bounds at ``confidence``.
        confidence: The level ``lower``/``upper`` were computed at (the plan's).
        level: The level to judge at (e.g. `look_confidence`).
        exact_rate: The metric is a rate ``k/n`` (pass rate, accuracy, precision, recall;
            ``k`` may be fractional for repeated cases): the exact bound is recomputed
            from ``k = value · n`` with `rate_bounds`, as the runner does. Otherwise the
            bounds are rescaled with `rescaled_bounds`.

    Returns:
        The `Verdict` at ``level`` (its ``confidence`` is ``level``).
    """
    if value is None or n == 0:
        return metric_verdict(None, 0.0, 1.0, threshold, direction, 0, min_cases, level)
    if exact_rate:
        k = value * n
        if abs(k - round(k)) < 1e-9:
            k = float(round(k))
        lo, hi = rate_bounds(min(max(k, 0.0), float(n)), n, level)
    else:
        lo, hi = rescaled_bounds(value, lower, upper, confidence, level)
    return metric_verdict(value, lo, hi, threshold, direction, n, min_cases, level)


__all__ = [
    "NonInferiority",
    "PairedDiff",
    "Verdict",
    "alpha_spent",
    "bootstrap_ci",
    "cases_needed",
    "classification_report",
    "clopper_pearson_interval",
    "discordant_pairs",
    "f1_bootstrap",
    "format_level",
    "look_alpha",
    "look_confidence",
    "mcnemar_exact",
    "metric_verdict",
    "newcombe_interval",
    "non_inferiority",
    "paired_bootstrap",
    "paired_newcombe_interval",
    "percentiles",
    "rate_bounds",
    "rate_verdict",
    "rescaled_bounds",
    "verdict_at_level",
    "wilson_interval",
]
