"""A run's summary (`Run.summary`), computed by streaming its case results from the store.

One pass over the results in (case id, repeat) order collects compact arrays — pass/fail,
scores, latencies, labels — never the rows themselves, so summarising 100,000 cases stays
small. The JSON shape is the contract in CONTRACTS.md ("Runs in the store"); GATE, DEMO
and REPORT read it.

Honesty rules applied here:

* Fresh latency percentiles come only from fresh calls; cached results are counted and
  left out, and the summary says so (``latency_ms.excluded_cached``).
* ``cost.total`` is what this run spent (fresh calls); the per-call mean and p95 use every
  answered case, cached ones at their original cost, because that is what a call costs.
* Infrastructure errors above ``gate.max_infra_error_rate`` make the verdict INCONCLUSIVE,
  never FAIL: a flaky network is not evidence about the AI system's quality.
* Scorers are independent. A case whose judge was down is a ``scorer`` error for the case
  as a whole (its overall pass/fail is unknown), but every scorer that did score it still
  counts: a metric on another scorer keeps the case. A metric's infrastructure errors are
  the target's plus those of its own scorer (a judge that was down), nobody else's.
* **Repeats are not new cases.** ``--repeat k`` asks each case k times; the k answers
  of one case are correlated (same input, same difficulty), so pooling them as k·n
  independent trials would shrink every interval by about √k and let `min_cases` be met
  by asking the same cases again. With repeats, every verdict (success metric and suite
  threshold) is decided on distinct cases: ``n`` counts cases, and each case weighs 1,
  split evenly over its scored repeats:

  - pass rate, accuracy, recall: each case counts the share of its repeats that passed
    (were correct, found the label) — a fractional success — and the exact bound is
    taken over ``n`` cases. A fraction in [0, 1] varies no more than a 0/1 outcome, so
    the bound is at least as wide as for ``n`` single answers: it never claims more than
    ``n`` distinct cases support.
  - precision: its denominator is the cases *predicted* the label, which can differ
    between repeats. Each case adds the share of its repeats that predicted the label to
    the denominator (and, when its expected label is that label, to the numerator), so
    a case predicted ``spam`` in 2 of 3 repeats counts as 2/3 of a case. ``n`` is that
    fractional count rounded down.
  - mean: the per-case mean over repeats, bootstrapped over cases.
  - F1 and macro-F1: a cluster bootstrap — cases (with all their repeats) are resampled,
    never single answers — on per-case-weighted true/false positive and false negative
    counts.

  We chose per-case shares over a per-case majority label: a majority vote changes what
  is measured (the majority of k calls is a different, steadier system than the one that
  answers in production, once), while per-case shares keep the value equal to the pooled
  one and only correct its uncertainty. Repeats still measure each case's variability:
  ``RunSummary.repeats`` counts cases that always pass, always fail or flip, and for a
  classification metric the cases whose predicted label changed between repeats.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from phaseone.evals import stats
from phaseone.evals.outage import INFRA_ERROR_KINDS
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.schema import SuccessMetric
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.runs import RESULT_FACTS, ResultsDigest, iter_result_rows

if TYPE_CHECKING:
    import numpy as np

# numpy (~0.07 s of CPU to import) is imported by the functions that compute with it,
# not with this module: an eval imports it in the background as its calls go out
# (`phaseone.evals.stats.load_in_background`), so the import overlaps the wait for
# answers instead of coming before the first call.

#: The columns a summary reads, in the order `ResultsDigest` hashes them.
_COLUMNS = RESULT_FACTS
#: Above this many values the bootstrap uses fewer resamples (its cost is resamples × n).
_BIG = 20_000


def rate_dict(k: int, n: int, confidence: float = 0.95) -> dict[str, Any]:
    """``{"value", "lower", "upper", "passes", "n"}`` with a two-sided Wilson interval."""
    lo, hi = stats.wilson_interval(k, n, confidence)
    return {"value": (k / n) if n else None, "lower": lo, "upper": hi, "passes": k, "n": n}


@dataclass
class _ScorerAcc:
    values: array[float] = field(default_factory=lambda: array("d"))
    passes: int = 0
    binary: bool = True
    errors: int = 0  #: cases this scorer could not score
    unavailable: int = 0  #: of those, because its own infrastructure failed (a judge down)


@dataclass
class _Acc:
    """Everything a summary needs, in compact form."""

    n: int = 0
    errors: int = 0
    infra_errors: int = 0
    scorer_unavailable: int = 0  #: cases where a scorer's infrastructure failed (a judge down)
    error_kinds: dict[str, int] = field(default_factory=dict)
    cached: int = 0
    scored: int = 0
    passes: int = 0
    scorers: dict[str, _ScorerAcc] = field(default_factory=dict)
    tags: dict[str, list[int]] = field(default_factory=dict)  # tag -> [n, scored, passes, errors]
    fresh_latency: array[float] = field(default_factory=lambda: array("d"))
    cached_latency: array[float] = field(default_factory=lambda: array("d"))
    costs: array[float] = field(default_factory=lambda: array("d"))
    fresh_costs: array[float] = field(default_factory=lambda: array("d"))
    fresh_errors: int = 0
    fresh_scored: int = 0
    spent: float = 0.0
    cached_cost: float = 0.0
    tokens_in: int = 0
    tokens_out: int = 0
    tokens_seen: int = 0
    labels: dict[str, tuple[list[Any], list[Any]]] = field(default_factory=dict)
    #: scorer -> the case number (0, 1, …) of each label pair: repeats group by case
    label_cases: dict[str, array[int]] = field(default_factory=dict)
    cases: int = 0  #: distinct case ids seen
    # repeats: per-case pass rates, built from consecutive rows of one case
    case_rates: array[float] = field(default_factory=lambda: array("d"))
    max_repeat: int = 0
    # the metric scorer per case (mean over its repeats): the unit of a repeated run
    metric_case_pass: array[float] = field(default_factory=lambda: array("d"))
    metric_case_value: array[float] = field(default_factory=lambda: array("d"))


def _classification_pair(
    name: str, score: dict[str, Any], expected: Any, output: Any
) -> tuple[Any, Any]:
    details = score.get("details") or {}
    exp = details.get("expected", expected)
    pred = details.get("predicted", details.get("output", output))
    return exp, pred


def _accumulate(
    store: Store,
    run: Run,
    class_scorers: set[str],
    metric_scorer: str | None = None,
    digest: ResultsDigest | None = None,
) -> _Acc:
    acc = _Acc()
    intern: dict[str, str] = {}
    cur_case: str | None = None
    cur = [0, 0]  # scored, passes of the current case
    mcur = [0.0, 0.0, 0.0]  # the metric scorer on the current case: n, passes, sum of values

    def close_case() -> None:
        if cur[0]:
            acc.case_rates.append(cur[1] / cur[0])
        if mcur[0]:
            acc.metric_case_pass.append(mcur[1] / mcur[0])
            acc.metric_case_value.append(mcur[2] / mcur[0])

    for row in iter_result_rows(store, run.id, _COLUMNS):
        if digest is not None:
            digest.add(row)
        (
            case_id,
            repeat_index,
            tags,
            scores,
            passed,
            error_kind,
            latency,
            tin,
            tout,
            cost,
            cached,
            expected,
            output,
            _created_at,
        ) = row
        acc.n += 1
        acc.max_repeat = max(acc.max_repeat, int(repeat_index) + 1)
        if case_id != cur_case:
            if cur_case is not None:
                close_case()
                acc.cases += 1
            cur_case = case_id
            cur[0] = cur[1] = 0
            mcur[0] = mcur[1] = mcur[2] = 0.0
        is_error = error_kind is not None
        for t in tags or ():
            slot = acc.tags.setdefault(str(t), [0, 0, 0, 0])
            slot[0] += 1
            if is_error:
                slot[3] += 1
            elif passed is not None:
                slot[1] += 1
                slot[2] += bool(passed)
        if cached:
            acc.cached += 1
        if latency is not None:
            (acc.cached_latency if cached else acc.fresh_latency).append(float(latency))
        if cost is not None:
            acc.costs.append(float(cost))
            if cached:
                acc.cached_cost += float(cost)
            else:
                acc.spent += float(cost)
                acc.fresh_costs.append(float(cost))
        if not cached:
            acc.tokens_in += int(tin or 0)
            acc.tokens_out += int(tout or 0)
        if tin is not None or tout is not None:
            acc.tokens_seen += 1
        if is_error:
            acc.errors += 1
            acc.fresh_errors += not cached
            acc.error_kinds[error_kind] = acc.error_kinds.get(error_kind, 0) + 1
            if error_kind in INFRA_ERROR_KINDS:
                acc.infra_errors += 1
            if error_kind != "scorer":
                continue
        elif passed is None:
            continue
        else:
            acc.scored += 1
            acc.fresh_scored += not cached
            cur[0] += 1
            if passed:
                acc.passes += 1
                cur[1] += 1
        down = False
        for name, score in (scores or {}).items():
            sa = acc.scorers.get(name)
            if sa is None:
                sa = acc.scorers[name] = _ScorerAcc()
            if score.get("error") is not None and score.get("value") is None:
                sa.errors += 1  # this scorer failed on the case; the others still count
                if score.get("unavailable"):
                    sa.unavailable += 1
                    down = True
                continue
            value = float(score.get("value", 0.0))
            sa.values.append(value)
            if value not in (0.0, 1.0):
                sa.binary = False
            if score.get("passed"):
                sa.passes += 1
            if name == metric_scorer:
                mcur[0] += 1
                mcur[1] += bool(score.get("passed"))
                mcur[2] += value
            if name in class_scorers:
                exp, pred = _classification_pair(name, score, expected, output)
                pair = acc.labels.setdefault(name, ([], []))
                # One object per distinct label, not per row: keeps 100k cases small.
                pair[0].append(intern.setdefault(exp, exp) if isinstance(exp, str) else exp)
                pair[1].append(intern.setdefault(pred, pred) if isinstance(pred, str) else pred)
                acc.label_cases.setdefault(name, array("l")).append(acc.cases)
        acc.scorer_unavailable += down
    if cur_case is not None:
        close_case()
        acc.cases += 1
    return acc


def _mean_ci(values: Sequence[float], binary: bool) -> tuple[float | None, float, float, str]:
    n = len(values)
    if n == 0:
        return None, 0.0, 1.0, "none"
    if binary:
        k = int(sum(values))
        lo, hi = stats.wilson_interval(k, n)
        return k / n, lo, hi, "wilson"
    mean, lo, hi = stats.bootstrap_ci(values, n_resamples=2000 if n <= _BIG else 500)
    return mean, lo, hi, "bootstrap"


def _summarise_latency(acc: _Acc) -> dict[str, Any]:
    fresh = acc.fresh_latency
    out: dict[str, Any] = dict(stats.percentiles(fresh, (50, 95, 99)))
    out["mean"] = (sum(fresh) / len(fresh)) if len(fresh) else None
    out["n"] = len(fresh)
    out["excluded_cached"] = len(acc.cached_latency)
    if len(acc.cached_latency):
        out["note"] = (
            f"fresh calls only; {len(acc.cached_latency)} cached results are excluded "
            "(their original latency is in cached_latency_ms)"
        )
    return out


def _scorer_kinds(run: Run, loaded: LoadedPlan | None) -> dict[str, dict[str, Any]]:
    """Scorer name → its config, from the run (what it ran with) or else the plan."""
    out: dict[str, dict[str, Any]] = {}
    for cfg in (run.config or {}).get("scorers", []) or []:
        name = cfg.get("name") or cfg.get("kind")
        if name:
            out[str(name)] = cfg
    if not out and loaded is not None:
        try:
            suite = loaded.plan.suite(run.suite)
        except KeyError:
            return out
        for sc in suite.scorers:
            out[sc.label] = sc.model_dump(mode="json", by_alias=True)
    return out


def _metric(
    m: SuccessMetric,
    acc: _Acc,
    reports: dict[str, dict[str, Any]],
    labels_cfg: dict[str, Any],
) -> dict[str, Any]:
    agg = m.aggregate
    sa = acc.scorers.get(m.scorer)
    conf = m.confidence
    verdict: stats.Verdict
    note = ""
    repeated = acc.max_repeat > 1
    if agg == "pass_rate" and repeated:
        # Repeats of one case are not independent trials: the case is the unit, scored
        # by its pass rate over the repeats (a fractional success for the exact bound).
        rates = acc.metric_case_pass
        n = len(rates)
        k = float(sum(rates))
        lo, hi = stats.rate_bounds(k, n, conf) if n else (0.0, 1.0)
        verdict = stats.metric_verdict(
            k / n if n else None, lo, hi, m.threshold, m.direction, n, m.min_cases, conf
        )
        note = f" (n counts cases; each case counts its pass rate over {acc.max_repeat} repeats)"
    elif agg == "pass_rate":
        k_, n_ = (sa.passes, len(sa.values)) if sa else (0, 0)
        verdict = stats.rate_verdict(k_, n_, m.threshold, m.direction, m.min_cases, conf)
    elif agg == "mean":
        values = sa.values if sa else array("d")
        if repeated:
            values = acc.metric_case_value
            note = f" (n counts cases; each case counts its mean over {acc.max_repeat} repeats)"
        if len(values):
            mean, lo, hi = stats.bootstrap_ci(
                values, conf, one_sided=True, n_resamples=2000 if len(values) <= _BIG else 500
            )
            verdict = stats.metric_verdict(
                mean, lo, hi, m.threshold, m.direction, len(values), m.min_cases, conf
            )
        else:
            verdict = stats.metric_verdict(None, 0.0, 1.0, m.threshold, m.direction, 0, m.min_cases)
    else:
        exp, pred = acc.labels.get(m.scorer, ([], []))
        n_all = len(exp)
        if repeated and n_all:
            verdict, note = _repeated_classification(
                m, exp, pred, acc.label_cases.get(m.scorer, array("l")), labels_cfg.get(m.scorer)
            )
            note += f" (n counts cases; each case weighs 1 over its {acc.max_repeat} repeats)"
        elif agg == "accuracy":
            correct = sum(1 for e, p in zip(exp, pred, strict=True) if str(e) == str(p))
            verdict = stats.rate_verdict(
                correct, n_all, m.threshold, m.direction, m.min_cases, conf
            )
        elif agg in ("precision", "recall"):
            label = str(m.label)
            tp = sum(1 for e, p in zip(exp, pred, strict=True) if str(e) == label == str(p))
            if agg == "precision":
                n = sum(1 for p in pred if str(p) == label)
                note = f" (n counts the cases predicted `{label}`)"
            else:
                n = sum(1 for e in exp if str(e) == label)
                note = f" (n counts the cases whose expected label is `{label}`)"
            verdict = stats.rate_verdict(tp, n, m.threshold, m.direction, m.min_cases, conf)
        else:  # f1, macro_f1
            if n_all:
                value, lo, hi = stats.f1_bootstrap(
                    exp,
                    pred,
                    label=str(m.label) if agg == "f1" else None,
                    labels=labels_cfg.get(m.scorer),
                    confidence=conf,
                    n_resamples=2000 if n_all <= _BIG else 500,
                )
                verdict = stats.metric_verdict(
                    value, lo, hi, m.threshold, m.direction, n_all, m.min_cases, conf
                )
            else:
                verdict = stats.metric_verdict(
                    None, 0.0, 1.0, m.threshold, m.direction, 0, m.min_cases, conf
                )
        if m.scorer not in reports and n_all == 0 and sa is not None:
            note += " (the scorer gave no labels: is it a classification scorer?)"
    out = {
        "name": m.name,
        "scorer": m.scorer,
        "aggregate": agg,
        "label": m.label,
        "value": verdict.value,
        "lower": verdict.lower,
        "upper": verdict.upper,
        "threshold": m.threshold,
        "direction": m.direction,
        "confidence": conf,
        "n": verdict.n,
        "min_cases": m.min_cases,
        "verdict": verdict.state,
        "more_cases_needed": verdict.more_cases_needed,
        "reason": verdict.reason + note,
    }
    return out


def _label_str(x: Any) -> str:
    return "(none)" if x is None else str(x)


def _case_groups(cases: Sequence[int]) -> tuple[np.ndarray, np.ndarray, int]:
    """(weight of each answer, its case's position 0…C-1, C): every case weighs 1 in all,
    split evenly over its answers, so a case asked k times counts once."""
    import numpy as np  # on first use: see the note on numpy at the top

    idx = np.asarray(cases, dtype=np.int64)
    _, inv, counts = np.unique(idx, return_inverse=True, return_counts=True)
    return 1.0 / counts[inv], inv, int(counts.size)


def _repeated_classification(
    m: SuccessMetric,
    exp: Sequence[Any],
    pred: Sequence[Any],
    cases: Sequence[int],
    labels: Sequence[str] | None,
) -> tuple[stats.Verdict, str]:
    """A classification metric of a repeated run, decided on distinct cases.

    Accuracy, precision and recall: per-case shares (see the module docstring) with the
    exact bound over the cases' total weight. F1 / macro-F1: cluster bootstrap over cases.
    """
    import numpy as np  # on first use: see the note on numpy at the top

    conf = m.confidence
    e = np.asarray([_label_str(x) for x in exp], dtype=object)
    p = np.asarray([_label_str(x) for x in pred], dtype=object)
    w, inv, n_cases = _case_groups(cases)
    note = ""
    if m.aggregate in ("accuracy", "precision", "recall"):
        label = str(m.label)
        if m.aggregate == "accuracy":
            hit, within = e == p, np.ones(e.size, dtype=bool)
        elif m.aggregate == "recall":
            within = e == label
            hit = within & (p == label)
            note = f" (the cases whose expected label is `{label}`)"
        else:
            within = p == label
            hit = within & (e == label)
            note = f" (the cases predicted `{label}`, each by the share of its repeats)"
        n_eff = float(w[within].sum())
        k = min(float(w[hit].sum()), n_eff)
        n_int = math.floor(n_eff + 1e-9)
        if n_eff <= 0:
            return stats.metric_verdict(
                None, 0.0, 1.0, m.threshold, m.direction, 0, m.min_cases, conf
            ), note
        lo, hi = stats.rate_bounds(k, n_eff, conf)
        return stats.metric_verdict(
            k / n_eff, lo, hi, m.threshold, m.direction, n_int, m.min_cases, conf
        ), note
    value, lo, hi = _f1_cluster_bootstrap(
        e, p, w, inv, n_cases, label=str(m.label) if m.aggregate == "f1" else None,
        labels=labels, confidence=conf,
        n_resamples=2000 if n_cases <= _BIG else 500,
    )  # fmt: skip
    verdict = stats.metric_verdict(
        value, lo, hi, m.threshold, m.direction, n_cases, m.min_cases, conf
    )
    return verdict, " (cluster bootstrap over cases)"


def _f1_cluster_bootstrap(
    e: np.ndarray,
    p: np.ndarray,
    w: np.ndarray,
    inv: np.ndarray,
    n_cases: int,
    *,
    label: str | None,
    labels: Sequence[str] | None,
    confidence: float,
    n_resamples: int,
    seed: int = 0,
) -> tuple[float, float, float]:
    """F1 (of ``label``, or macro-F1) with one-sided bounds from resampling whole cases.

    Each case's weighted true positive, false positive and false negative counts per label
    form one row; a resample draws cases with replacement (multinomial counts) and sums
    their rows, so the repeats of a case always travel together.
    """
    import numpy as np  # on first use: see the note on numpy at the top

    if labels is None:
        labels = sorted(set(e.tolist()) | set(p.tolist()))
    targets = [label] if label is not None else [str(x) for x in labels]
    t = len(targets)
    rows = np.zeros((n_cases, 3 * t))
    for j, lab in enumerate(targets):
        is_e, is_p = e == lab, p == lab
        rows[:, j] = np.bincount(inv, weights=w * (is_e & is_p), minlength=n_cases)
        rows[:, t + j] = np.bincount(inv, weights=w * (~is_e & is_p), minlength=n_cases)
        rows[:, 2 * t + j] = np.bincount(inv, weights=w * (is_e & ~is_p), minlength=n_cases)

    def f1_of(totals: np.ndarray) -> np.ndarray:
        tp, fp, fn = totals[..., :t], totals[..., t : 2 * t], totals[..., 2 * t :]
        denom = 2 * tp + fp + fn
        safe = np.where(denom > 0, denom, 1.0)
        return np.asarray(np.where(denom > 0, 2 * tp / safe, 0.0).mean(axis=-1))

    value = float(f1_of(rows.sum(axis=0)))
    rng = np.random.default_rng(seed)
    probs = np.full(n_cases, 1.0 / n_cases)
    chunk = max(1, 2_000_000 // n_cases)
    samples = np.empty(n_resamples)
    for start in range(0, n_resamples, chunk):
        stop = min(n_resamples, start + chunk)
        draws = rng.multinomial(n_cases, probs, size=stop - start)
        samples[start:stop] = f1_of(draws @ rows)
    tail = 1 - confidence
    lo, hi = np.quantile(samples, [tail, 1 - tail])
    return value, float(lo), float(hi)


def _label_variability(acc: _Acc, scorer: str) -> int:
    """Cases whose predicted label was not the same in every repeat."""
    import numpy as np  # on first use: see the note on numpy at the top

    _, pred = acc.labels.get(scorer, ([], []))
    cases = acc.label_cases.get(scorer)
    if not pred or cases is None:
        return 0
    labels = np.asarray([_label_str(x) for x in pred], dtype=object)
    _, codes = np.unique(labels, return_inverse=True)
    _, inv, n_cases = _case_groups(cases)
    lo = np.full(n_cases, np.iinfo(np.int64).max)
    hi = np.full(n_cases, -1)
    np.minimum.at(lo, inv, codes)
    np.maximum.at(hi, inv, codes)
    return int(np.count_nonzero(lo != hi))


def _threshold_verdict(acc: _Acc, threshold: float) -> stats.Verdict:
    """The suite threshold's verdict: on distinct cases when the run repeats them."""
    if acc.max_repeat <= 1:
        return stats.rate_verdict(acc.passes, acc.scored, threshold)
    rates = acc.case_rates
    n = len(rates)
    k = min(float(sum(rates)), float(n))
    lo, hi = stats.rate_bounds(k, n) if n else (0.0, 1.0)
    v = stats.metric_verdict(k / n if n else None, lo, hi, threshold, "higher", n, 1)
    note = f" (n counts cases; each case counts its pass rate over {acc.max_repeat} repeats)"
    return stats.Verdict(**{**v.as_dict(), "reason": v.reason + note})


def _infra_override(
    verdict: str | None, reason: str, infra_rate: float, limit: float
) -> tuple[str | None, str]:
    if infra_rate <= limit:
        return verdict, reason
    if verdict is None:
        return "INCONCLUSIVE", (
            f"infrastructure errors in {infra_rate:.1%} of cases exceed the limit {limit:.1%} "
            "(gate.max_infra_error_rate): the run is not usable evidence"
        )
    return "INCONCLUSIVE", (
        f"infrastructure errors in {infra_rate:.1%} of cases exceed the limit {limit:.1%} "
        f"(gate.max_infra_error_rate); the result says nothing about quality "
        f"(without them: {verdict}, {reason})"
    )


@dataclass(frozen=True)
class SummaryInputs:
    """What a summary depends on besides the case results: recorded with the run.

    A summary is a pure function of the run's case results, its config and these inputs,
    so the gate can recompute a stored summary and compare (`evals.integrity`). They are
    recorded rather than read from today's plan: a threshold agreed anew after the run
    changes the verdict the plan would give, which is not an edit of the run.

    Attributes:
        metric: The success metric, when it is on this run's suite (its baseline left out:
            it plays no part in a summary and may carry a target's settings).
        suite_threshold: The suite's pass-rate threshold the run was judged against.
        max_infra_error_rate: ``gate.max_infra_error_rate`` (default 0.1 without a plan).
        scorer_kinds: Scorer name → ``{"kind", "labels"}``.
    """

    metric: SuccessMetric | None
    suite_threshold: float | None
    max_infra_error_rate: float
    scorer_kinds: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, run: Run, loaded: LoadedPlan | None) -> SummaryInputs:
        plan = loaded.plan if loaded is not None else None
        metric = plan.success_metric if plan is not None else None
        if metric is not None and metric.suite != run.suite:
            metric = None
        if metric is not None and metric.baseline is not None:
            metric = metric.model_copy(update={"baseline": None})
        threshold = (run.config or {}).get("suite_threshold")
        if threshold is None and plan is not None:
            try:
                threshold = plan.suite(run.suite).threshold
            except KeyError:
                threshold = None
        kinds = {
            name: {"kind": cfg.get("kind"), "labels": cfg.get("labels")}
            for name, cfg in _scorer_kinds(run, loaded).items()
        }
        return cls(
            metric=metric,
            suite_threshold=float(threshold) if threshold is not None else None,
            max_infra_error_rate=plan.gate.max_infra_error_rate if plan is not None else 0.1,
            scorer_kinds=kinds,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": (
                self.metric.model_dump(mode="json", exclude={"baseline"}) if self.metric else None
            ),
            "suite_threshold": self.suite_threshold,
            "max_infra_error_rate": self.max_infra_error_rate,
            "scorer_kinds": self.scorer_kinds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SummaryInputs:
        """The recorded inputs back (ValueError when they are not in the recorded shape)."""
        try:
            metric = data.get("metric")
            threshold = data.get("suite_threshold")
            kinds = data.get("scorer_kinds") or {}
            if not isinstance(kinds, dict):
                raise ValueError("scorer_kinds is not a mapping")
            return cls(
                metric=SuccessMetric.model_validate(metric) if metric is not None else None,
                suite_threshold=float(threshold) if threshold is not None else None,
                max_infra_error_rate=float(data["max_infra_error_rate"]),
                scorer_kinds={str(k): dict(v) for k, v in kinds.items()},
            )
        except (KeyError, TypeError, AttributeError, ValidationError) as exc:
            raise ValueError(f"recorded summary inputs are unreadable: {exc}") from None


def compute_summary(
    store: Store,
    run: Run,
    loaded: LoadedPlan | None = None,
    *,
    notes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The run's summary in the CONTRACTS.md shape, from its stored case results.

    Args:
        store: The store holding the run's results.
        run: The run (its config says which scorers classify and the suite threshold).
        loaded: The plan, for the success metric and the infra-error limit; without it
            only descriptive statistics and the suite threshold verdict are computed.
        notes: Facts about the execution (wall time, throttling, stop reason), kept
            under ``execution``.
    """
    return summarise(store, run, SummaryInputs.of(run, loaded), notes=notes)


def summarise(
    store: Store,
    run: Run,
    inputs: SummaryInputs,
    *,
    notes: dict[str, Any] | None = None,
    digest: ResultsDigest | None = None,
) -> dict[str, Any]:
    """`compute_summary` from recorded inputs; ``digest`` is fed every row on the way
    (one pass over the results makes both the summary and its digest)."""
    kinds = inputs.scorer_kinds
    class_scorers = {n for n, c in kinds.items() if c.get("kind") == "classification"}
    labels_cfg = {n: c.get("labels") for n, c in kinds.items() if c.get("labels")}
    metric_cfg = inputs.metric
    if metric_cfg is not None and metric_cfg.aggregate not in ("pass_rate", "mean"):
        class_scorers.add(metric_cfg.scorer)  # labels needed even for a non-classification kind
    metric_scorer = metric_cfg.scorer if metric_cfg is not None else None
    acc = _accumulate(store, run, class_scorers, metric_scorer, digest)

    n = acc.n
    reports: dict[str, dict[str, Any]] = {
        name: stats.classification_report(exp, pred, labels_cfg.get(name))
        for name, (exp, pred) in acc.labels.items()
        if exp
    }
    repeats = _repeats(acc, metric_scorer)
    pass_rate = rate_dict(acc.passes, acc.scored)
    if repeats is not None and len(acc.case_rates):
        # The displayed interval too: over distinct cases, never narrower than they support.
        lo, hi = stats.wilson_interval(float(sum(acc.case_rates)), len(acc.case_rates))
        pass_rate.update(lower=lo, upper=hi, cases=len(acc.case_rates))

    # --- verdicts ------------------------------------------------------------------------
    threshold = inputs.suite_threshold
    limit = inputs.max_infra_error_rate
    verdict: str | None = None
    reason = ""
    threshold_verdict: dict[str, Any] | None = None
    if threshold is not None:
        tv = _threshold_verdict(acc, float(threshold))
        threshold_verdict = {
            "verdict": tv.state,
            "reason": tv.reason,
            "more_cases_needed": tv.more_cases_needed,
            "value": tv.value,
            "n": tv.n,
        }
        verdict, reason = tv.state, tv.reason
    metric: dict[str, Any] | None = None
    if metric_cfg is not None:
        metric = _metric(metric_cfg, acc, reports, labels_cfg)
        own = acc.scorers.get(metric_cfg.scorer)
        down = acc.infra_errors + (own.unavailable if own is not None else 0)
        verdict, reason = _infra_override(
            metric["verdict"], metric["reason"], down / n if n else 0.0, limit
        )
        metric.update(verdict=verdict, reason=reason)
    else:
        down = acc.infra_errors + acc.scorer_unavailable
        verdict, reason = _infra_override(verdict, reason, down / n if n else 0.0, limit)

    # The stored shape (CONTRACTS.md; read back as `store.run_summary.RunSummary`).
    # Optional parts are absent, not null, when they do not apply: the seal is over them.
    return {
        "n": n,
        "scored": acc.scored,
        "errors": acc.errors,
        "error_rate": acc.errors / n if n else 0.0,
        "infra_errors": acc.infra_errors,
        "infra_error_rate": acc.infra_errors / n if n else 0.0,
        "scorer_unavailable": acc.scorer_unavailable,
        "error_kinds": acc.error_kinds,
        "cached": acc.cached,
        # Fresh calls (made by this run) and reused answers (from the response cache,
        # `phaseone eval --cache`) apart: only fresh calls are evidence for the gate.
        "fresh_calls": n - acc.cached,
        "reused_answers": acc.cached,
        "fresh_errors": acc.fresh_errors,
        "fresh_scored": acc.fresh_scored,
        "pass_rate": pass_rate,
        "scorers": _scorers(acc),
        "classification": reports,
        "by_tag": _by_tag(acc),
        "latency_ms": _summarise_latency(acc),
        **({"cached_latency_ms": _cached_latency(acc)} if len(acc.cached_latency) else {}),
        "tokens": {"input": acc.tokens_in, "output": acc.tokens_out},
        "cost": _cost(acc),
        **({"repeats": repeats} if repeats is not None else {}),
        "suite_threshold": threshold,
        **({"threshold_verdict": threshold_verdict} if threshold_verdict is not None else {}),
        **({"metric": metric} if metric is not None else {}),
        "verdict": verdict,
        "verdict_reason": reason or None,
        "dataset": dict(run.dataset_identity or {}),
        **({"execution": notes} if notes else {}),
    }


def _scorers(acc: _Acc) -> dict[str, Any]:
    """Each scorer's mean with its interval, its pass rate and its failures."""
    out: dict[str, Any] = {}
    for name, sa in acc.scorers.items():
        mean, lo, hi, method = _mean_ci(sa.values, sa.binary)
        out[name] = {
            "mean": mean,
            "lower": lo,
            "upper": hi,
            "ci_method": method,
            "pass_rate": rate_dict(sa.passes, len(sa.values)),
            "errors": sa.errors,
            "unavailable": sa.unavailable,
        }
    return out


def _by_tag(acc: _Acc) -> dict[str, Any]:
    return {
        tag: {
            "n": slot[0],
            "errors": slot[3],
            "error_rate": slot[3] / slot[0] if slot[0] else 0.0,
            "pass_rate": rate_dict(slot[2], slot[1]),
        }
        for tag, slot in sorted(acc.tags.items())
    }


def _cached_latency(acc: _Acc) -> dict[str, Any]:
    """The original latency of the answers reused from the cache (never in latency_ms)."""
    return {**stats.percentiles(acc.cached_latency, (50, 95, 99)), "n": len(acc.cached_latency)}


def _cost(acc: _Acc) -> dict[str, Any]:
    costs = acc.costs
    return {
        "total": acc.spent,
        "mean": (sum(costs) / len(costs)) if len(costs) else None,
        "p95": stats.percentiles(costs, (95,))["p95"] if len(costs) else None,
        "cached_original": acc.cached_cost,
        "fresh_mean": (sum(acc.fresh_costs) / len(acc.fresh_costs)) if acc.fresh_costs else None,
        "fresh_p95": stats.percentiles(acc.fresh_costs, (95,))["p95"] if acc.fresh_costs else None,
        "note": "total = spent by this run's fresh calls; mean/p95 per answered case, "
        "cached ones at their original cost",
    }


def _repeats(acc: _Acc, metric_scorer: str | None) -> dict[str, Any] | None:
    """How each case's answers varied over its repeats (None for a run without repeats)."""
    if acc.max_repeat <= 1:
        return None
    rates = acc.case_rates
    out: dict[str, Any] = {
        "k": acc.max_repeat,
        "cases": len(rates),
        "mean_case_pass_rate": (sum(rates) / len(rates)) if len(rates) else None,
        "always_pass": sum(1 for r in rates if r == 1.0),
        "always_fail": sum(1 for r in rates if r == 0.0),
        "flaky": sum(1 for r in rates if 0.0 < r < 1.0),
    }
    if metric_scorer is not None and metric_scorer in acc.labels:
        out["label_changed"] = _label_variability(acc, metric_scorer)
    return out
