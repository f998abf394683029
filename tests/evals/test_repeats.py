"""`--repeat` asks the same cases again: it never makes more cases (issue #15, finding 7).

Real runs of a real plan through the runner; the summaries under test are the ones the
runner stores. Each test would PASS a verdict on pooled repeats before the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from evals_workspace import spam_cases, suite, write_workspace

from phaseone.evals import EvalOptions, arun_suite
from phaseone.plan.workspace import open_workspace

ALTERNATING = '''
"""Answers some cases differently on every other call: a non-deterministic pilot."""
import re

_calls = {}
SPAM = ("win", "free", "prize")


def classify(text):
    n = int(re.findall(r"\\d+", str(text))[0])
    _calls[n] = _calls.get(n, 0) + 1
    spam = any(w in str(text).lower() for w in SPAM)
    if n % 4 == 1 and _calls[n] % 3 == 0:  # every third call of these cases says spam
        spam = True
    return "spam" if spam else "ham"
'''


def _metric(aggregate: str, threshold: float, min_cases: int, **kw: Any) -> dict[str, Any]:
    return {
        "name": aggregate,
        "suite": "spam",
        "scorer": "classification",
        "aggregate": aggregate,
        "threshold": threshold,
        "min_cases": min_cases,
        **kw,
    }


async def _summary(tmp_path: Path, *, repeat: int | None, **ws: Any) -> dict[str, Any]:
    plan = write_workspace(tmp_path, **ws)
    loaded, store = open_workspace(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(repeat=repeat, progress=False))
    assert run.summary is not None
    return run.summary


@pytest.mark.parametrize("aggregate", ["accuracy", "recall", "precision", "pass_rate"])
async def test_repeats_do_not_reach_min_cases(tmp_path: Path, aggregate: str) -> None:
    """40 cases against min_cases 100: INCONCLUSIVE, with or without --repeat 3 (before the
    fix, 120 pooled answers passed min_cases and the metric said PASS)."""
    metric = _metric(aggregate, 0.5, 100, **({"label": "spam"} if aggregate != "pass_rate" else {}))
    if aggregate == "pass_rate":
        metric["scorer"] = "classification"
    for repeat, sub in ((None, "once"), (3, "thrice")):
        s = await _summary(tmp_path / sub, repeat=repeat, cases=spam_cases(40), metric=metric)
        m = s["metric"]
        assert m["verdict"] == "INCONCLUSIVE", (repeat, m["reason"])
        assert m["n"] <= 40, (repeat, m["n"])
        assert m["more_cases_needed"] >= 60
    assert s["n"] == 120  # every answer is stored and counted descriptively
    assert "n counts cases" in m["reason"]


async def test_a_suite_threshold_is_judged_on_distinct_cases(tmp_path: Path) -> None:
    """20 cases, all right, threshold 0.9: the exact bound over 20 cases (0.861) does not
    clear it; 100 pooled answers (0.970) did, before the fix."""
    ws = {"cases": spam_cases(20), "suites": [suite(threshold=0.9)]}
    once = await _summary(tmp_path / "once", repeat=None, **ws)
    five = await _summary(tmp_path / "five", repeat=5, **ws)
    assert once["verdict"] == five["verdict"] == "INCONCLUSIVE"
    assert five["threshold_verdict"]["n"] == 20
    assert "each case counts its pass rate over 5 repeats" in five["verdict_reason"]
    # the displayed interval is as wide as 20 cases make it, not 100 answers
    assert five["pass_rate"]["n"] == 100 and five["pass_rate"]["cases"] == 20
    assert five["pass_rate"]["lower"] == pytest.approx(once["pass_rate"]["lower"])


@pytest.mark.parametrize("aggregate", ["f1", "macro_f1"])
async def test_f1_with_repeats_resamples_whole_cases(tmp_path: Path, aggregate: str) -> None:
    """A deterministic pilot asked 4 times: the cluster bootstrap over 60 cases gives the
    interval of 60 cases, where resampling 240 answers gave one half as wide."""
    kw = {"label": "spam"} if aggregate == "f1" else {}
    metric = _metric(aggregate, 0.5, 10, **kw)
    ws = {"cases": spam_cases(60, wrong_every=5), "metric": metric}
    once = (await _summary(tmp_path / "once", repeat=None, **ws))["metric"]
    four = (await _summary(tmp_path / "four", repeat=4, **ws))["metric"]
    assert four["n"] == once["n"] == 60
    assert four["value"] == pytest.approx(once["value"])
    assert "cluster bootstrap over cases" in four["reason"]
    width_once = once["value"] - once["lower"]
    width_four = four["value"] - four["lower"]
    assert width_four == pytest.approx(width_once, rel=0.35)  # same cases, same uncertainty
    assert width_four > 0.6 * width_once  # pooled answers gave ~0.5 × (1/√4)


async def test_precision_counts_a_case_by_the_share_of_repeats_that_predicted_the_label(
    tmp_path: Path,
) -> None:
    """Cases 1, 5, 9, … say spam on one call in three: each adds 1/3 of a case to the
    precision's denominator (and nothing to its numerator: they are ham)."""
    (tmp_path / "alt_pilot.py").write_text(ALTERNATING)
    metric = _metric("precision", 0.5, 5, label="spam")
    s = await _summary(
        tmp_path,
        repeat=3,
        cases=spam_cases(24),
        metric=metric,
        target={"kind": "python", "callable": "alt_pilot:classify"},
    )
    m = s["metric"]
    spam = 8  # ids 0, 3, …, 21
    flaky_ham = sum(1 for i in range(24) if i % 4 == 1 and i % 3 != 0)  # 1, 5, 13, 17
    assert m["value"] == pytest.approx(spam / (spam + flaky_ham / 3))
    assert m["n"] == int(spam + flaky_ham / 3)  # the fractional count, rounded down
    assert s["repeats"]["label_changed"] == flaky_ham
    assert s["repeats"]["flaky"] == flaky_ham
