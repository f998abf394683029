"""A stored decision's signed record, read as typed fields (`RecordedDecision`).

The gate writes the record (`gate.decision.build_record`) and the store hash-chains it
as JSON; the dashboard, the report and the gate's own comparisons with the last GO read
it back through this model instead of by string key. Old records load: every field has a
default and unknown fields are kept (`store.json_records`).
"""

from __future__ import annotations

from typing import Any

from phaseone.store.json_records import JsonRecord
from phaseone.store.run_summary import MetricResult


class DecisionOwner(JsonRecord):
    """The production owner named in the plan when the decision was taken."""

    name: str | None = None


class DecisionMetric(JsonRecord):
    """The success metric as declared, and the metric run's result."""

    declared: dict[str, Any] | None = None
    run_id: str | None = None
    result: MetricResult | None = None
    more_cases_needed: int | None = None
    looks: dict[str, Any] | None = None


class DecisionRuns(JsonRecord):
    """The runs the decision cites: the metric run, the baseline, each suite's latest."""

    metric: str | None = None
    baseline: Any = None
    suites: dict[str, str | None] = {}


class DecidedSuite(JsonRecord):
    """One suite's latest run as the decision saw it (its summary's figures beside)."""

    run_id: str | None = None
    tags: list[str] = []
    threshold: float | None = None
    by_tag: dict[str, dict[str, Any]] = {}


class RecordedCheck(JsonRecord):
    """One check's result in the record (`gate.evidence.CheckResult.to_dict`)."""

    id: str = ""
    area: str = ""
    status: str = ""
    attested: bool = False


class RecordedDecision(JsonRecord):
    """A decision's record (``decisions.record``)."""

    version: int = 1
    outcome: str | None = None
    project: str | None = None
    plan_hash: str | None = None
    plan_file: str | None = None
    decided_at: str | None = None
    reasons: list[str] = []
    owner: DecisionOwner = DecisionOwner()
    metric: DecisionMetric = DecisionMetric()
    counts: dict[str, int] = {}
    checks: list[RecordedCheck] = []
    runs: DecisionRuns = DecisionRuns()
    suites: dict[str, DecidedSuite] = {}
    seq: int | None = None
    record_hash: str | None = None
