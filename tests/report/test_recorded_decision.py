"""A stored decision's record read as typed fields (`store.decision_record`)."""

from __future__ import annotations

from phaseone.report.render import _metric_advice
from phaseone.store.decision_record import RecordedDecision

OLD_RECORD = {
    "version": 1,
    "outcome": "INCONCLUSIVE",
    "project": "support-bot",
    "plan_file": "phaseone.yaml",
    "reasons": ["evals.metric: the interval straddles the threshold"],
    "owner": {"name": "Dana Okafor", "email": "dana@example.com"},
    "metric": {
        "run_id": "r1",
        "result": {"value": 0.82, "threshold": 0.8, "n": 120, "verdict": "INCONCLUSIVE"},
        "more_cases_needed": 300,
    },
    "runs": {"metric": "r1", "suites": {"faq": "r1"}},
    "suites": {"faq": {"run_id": "r1", "tags": ["edge"], "threshold": 0.8, "n": 120}},
    "counts": {"pass": 20, "fail": 0, "inconclusive": 1, "skipped": 3},
}


def test_an_old_record_reads_as_typed_fields() -> None:
    rec = RecordedDecision.of(OLD_RECORD)
    assert rec.outcome == "INCONCLUSIVE" and rec.owner.name == "Dana Okafor"
    assert rec.metric.result is not None and rec.metric.result.n == 120
    assert rec.runs.metric == "r1" and rec.suites["faq"].tags == ["edge"]
    assert rec.counts["inconclusive"] == 1
    assert rec.seq is None and rec.record_hash is None  # not in this record: defaults
    assert rec.to_json() == OLD_RECORD  # nothing lost, nothing added


def test_a_record_without_a_metric_result_gives_no_advice() -> None:
    assert _metric_advice({"metric": {"result": None}}) is None
    assert _metric_advice({}) is None
    assert _metric_advice(OLD_RECORD) is not None
