"""A run's summary read as typed records (`store.run_summary.RunSummary`).

The stored JSON is the contract: a summary the runner writes reads back whole, and one
written by an older phaseone (before fresh counts, repeats or seals) still loads, with
defaults where it says nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from evals_workspace import spam_cases, suite, write_workspace

from phaseone.evals import EvalOptions, arun_suite
from phaseone.evals.freshness import Freshness
from phaseone.evals.integrity import verify_run
from phaseone.plan.workspace import open_workspace
from phaseone.store.case_rows import CaseRow, store_case_rows
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import MetricResult, Rate, RunSummary, run_summary
from phaseone.store.types import parse_aware

#: A summary as phaseone wrote it before fresh calls, repeats and seals existed.
OLD_SUMMARY = {
    "n": 50,
    "scored": 48,
    "errors": 2,
    "error_rate": 0.04,
    "cached": 10,
    "pass_rate": {"value": 0.75, "lower": 0.61, "upper": 0.85, "passes": 36, "n": 48},
    "latency_ms": {"p50": 120.0, "p95": 300.0, "p99": 410.0, "mean": 140.0},
    "cost": {"total": 0.05, "mean": 0.001, "p95": 0.002},
    "metric": {
        "name": "pass rate",
        "aggregate": "pass_rate",
        "value": 0.75,
        "lower": 0.63,
        "upper": 0.84,
        "threshold": 0.7,
        "direction": "higher",
        "n": 48,
        "verdict": "INCONCLUSIVE",
        "reason": "the interval straddles the threshold",
    },
    "verdict": "INCONCLUSIVE",
}


async def test_a_stored_summary_reads_back_whole(tmp_path: Path) -> None:
    metric = {
        "name": "spam precision",
        "suite": "spam",
        "scorer": "classification",
        "aggregate": "precision",
        "label": "spam",
        "threshold": 0.5,
        "min_cases": 10,
    }
    plan = write_workspace(
        tmp_path, cases=spam_cases(30), metric=metric, suites=[suite(threshold=0.6)]
    )
    loaded, store = open_workspace(plan)
    run = await arun_suite(loaded, store, "spam", EvalOptions(repeat=2, progress=False))
    assert run.summary is not None
    typed = run_summary(run)
    assert typed is not None
    # Every field the runner wrote, and nothing else, in the shape it was written.
    assert typed.to_json() == run.summary
    assert typed.n == 60 and typed.repeated and typed.repeats is not None
    assert typed.metric is not None and typed.metric.label == "spam"
    assert typed.integrity is not None and typed.execution is not None
    assert typed.threshold_verdict is not None and typed.threshold_verdict.n == 30
    assert verify_run(store, run).intact  # the seal is over the stored JSON, untouched
    store.close()


def test_an_old_summary_loads_with_defaults() -> None:
    s = RunSummary.of(OLD_SUMMARY)
    assert s.n == 50 and s.errors == 2
    assert s.pass_rate == Rate(value=0.75, lower=0.61, upper=0.85, passes=36, n=48)
    assert s.metric is not None and s.metric.verdict == "INCONCLUSIVE"
    assert s.metric.confidence is None and s.metric.min_cases is None
    assert s.repeats is None and not s.repeated
    assert s.integrity is None and s.execution is None and s.baseline is None
    assert s.fresh_calls is None and s.reused_answers is None
    assert not s.cost.has_fresh_figures
    # Freshness falls back on n and cached, as it always did for these summaries.
    f = Freshness.of(s)
    assert (f.fresh_calls, f.reused_answers, f.fresh_errors, f.fresh_answered) == (40, 10, 2, 38)
    # Read back, it is the JSON it was: old runs keep their shape.
    assert s.to_json() == OLD_SUMMARY


def test_a_field_not_in_its_shape_is_dropped_not_fatal() -> None:
    raw = {"n": 5, "metric": "edited", "pass_rate": {"value": "x", "n": 4}, "extra": 1}
    s = RunSummary.of(raw)
    assert s.n == 5 and s.metric is None
    # the innermost field goes: the rate keeps what is in shape
    assert s.pass_rate == Rate(n=4)
    assert s.to_json() == {"n": 5, "pass_rate": {"n": 4}, "extra": 1}  # unknown fields kept
    assert raw["pass_rate"] == {"value": "x", "n": 4}  # the stored row is not touched
    edited = RunSummary.of({"metric": {"verdict": "PASS", "n": "lots"}}).metric
    assert edited is not None and edited.verdict == "PASS" and edited.n == 0
    assert RunSummary.of(None) == RunSummary()
    assert RunSummary.of({"metric": {"value": 0.9}}).metric == MetricResult(value=0.9)


def _load_sealed_run(store: Store) -> Run:
    """The run in data/sealed_run_v2.json into ``store``: sealed by the summary builder
    as it was before summaries were read as typed records (summary version 2)."""
    data = json.loads((Path(__file__).parent / "data" / "sealed_run_v2.json").read_text())
    fields = dict(data["run"])
    for key in ("started_at", "finished_at"):
        fields[key] = parse_aware(fields[key])
    run = Run(**fields)
    with store.session() as s:
        s.add(run)
    rows = [
        CaseRow(
            run_id=run.id,
            **{**row, "created_at": parse_aware(row["created_at"])},
        )
        for row in data["case_results"]
    ]
    store_case_rows(store, rows)
    return run


def test_a_run_sealed_before_typed_summaries_still_verifies(store: Store) -> None:
    """An existing database's sealed run: the summary recomputed today is the one stored
    (same JSON, value for value), so the seal holds and the typed reading loads it."""
    run = _load_sealed_run(store)
    assert verify_run(store, run).state == "intact"
    typed = run_summary(run)
    assert typed is not None and typed.to_json() == run.summary
    assert typed.repeats is not None and typed.repeats.k == 2
    assert typed.metric is not None and typed.metric.aggregate == "precision"
