"""A run's summary as typed records: what the gate, the dashboard, the reports and the CLI read.

`evals.summary` writes the summary as JSON into ``runs.summary`` (that JSON is the stored
contract, sealed by `evals.integrity`); every reader parses it here, once, into
`RunSummary`, and reads attributes instead of string keys. The records live in the store
because the store hands runs to every layer above it.

Backward compatible on purpose: every field has a default, so a summary written by an
older phaseone (before fresh counts, repeats or seals existed) loads; fields this version
does not know are kept (``extra="allow"``), and a field that is not in its recorded shape
(an edited row) is dropped rather than failing the reader — the integrity check, not the
parser, says a summary was edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from phaseone.store.json_records import JsonRecord

if TYPE_CHECKING:  # the records need no SQLAlchemy; a reader of a summary may not either
    from phaseone.store.models import Run

#: A count that may be fractional (a case's share of its repeats) and is stored as it came.
Number = int | float


class SummaryPart(JsonRecord):
    """A part of a run summary: every field optional, unknown fields kept."""


class Rate(SummaryPart):
    """A pass rate with its two-sided Wilson interval (``evals.summary.rate_dict``)."""

    value: float | None = None
    lower: float = 0.0
    upper: float = 1.0
    passes: Number = 0
    n: int = 0
    #: With repeats: the distinct cases the displayed interval is over.
    cases: int | None = None


class ScorerResult(SummaryPart):
    """One scorer over the run: its mean with an interval, and its own pass rate."""

    mean: float | None = None
    lower: float = 0.0
    upper: float = 1.0
    ci_method: str = "none"
    pass_rate: Rate = Rate()
    errors: int = 0
    unavailable: int = 0


class TagResult(SummaryPart):
    """The cases carrying one tag."""

    n: int = 0
    errors: int = 0
    error_rate: float = 0.0
    pass_rate: Rate = Rate()


class Latency(SummaryPart):
    """Latency percentiles in ms (fresh calls only in ``latency_ms``)."""

    p50: float | None = None
    p95: float | None = None
    p99: float | None = None
    mean: float | None = None
    n: int | None = None
    excluded_cached: int = 0
    note: str | None = None


class Tokens(SummaryPart):
    input: int = 0
    output: int = 0


class Cost(SummaryPart):
    """What the run spent (``total``: fresh calls) and what a call costs."""

    total: float = 0.0
    mean: float | None = None
    p95: float | None = None
    cached_original: float = 0.0
    fresh_mean: float | None = None
    fresh_p95: float | None = None
    note: str | None = None

    @property
    def has_fresh_figures(self) -> bool:
        """Written by a phaseone that keeps the fresh calls' cost apart."""
        return "fresh_mean" in self.model_fields_set


class Repeats(SummaryPart):
    """How the answers of a case asked k times vary (``--repeat k``)."""

    k: int = 1
    cases: int = 0
    mean_case_pass_rate: float | None = None
    always_pass: int = 0
    always_fail: int = 0
    flaky: int = 0
    label_changed: int | None = None


class ThresholdVerdict(SummaryPart):
    """The suite threshold's verdict when the run ended."""

    verdict: str | None = None
    reason: str = ""
    more_cases_needed: int | None = None
    value: float | None = None
    n: int = 0


class MetricResult(SummaryPart):
    """The success metric on this run, with its verdict."""

    name: str | None = None
    scorer: str = ""
    aggregate: str = "pass_rate"
    label: Any = None
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    threshold: float | None = None
    direction: str = "higher"
    confidence: float | None = None
    n: int = 0
    min_cases: int | None = None
    verdict: str | None = None
    more_cases_needed: int | None = None
    reason: str = ""


class LabelResult(SummaryPart):
    """One label of a classification scorer: precision and recall with their two-sided
    Wilson intervals, F1 and the counts (``evals.stats.classification_report``)."""

    precision: float | None = None
    precision_ci: list[float] = [0.0, 1.0]
    recall: float | None = None
    recall_ci: list[float] = [0.0, 1.0]
    f1: float | None = None
    support: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0


class ClassificationResult(SummaryPart):
    """A classification scorer over the run: accuracy, per-label results, macro-F1."""

    n: int = 0
    accuracy: float | None = None
    accuracy_ci: list[float] | None = None
    correct: int = 0
    per_label: dict[str, LabelResult] = {}
    macro_f1: float | None = None
    labels: list[str] = []
    confusion: dict[str, dict[str, int]] = {}


class Throttle(SummaryPart):
    """How the target throttled the run (429 / Retry-After)."""

    throttled: int = 0
    min_concurrency: int | None = None
    paused_s: float = 0.0


class Execution(SummaryPart):
    """Facts about how the run went (wall time, throttling, why it stopped)."""

    status: str | None = None
    wall_s: float | None = None
    stopped: str | None = None
    #: One line naming what was down, when an outage stopped the run.
    stop_cause: str | None = None
    duplicate_case_ids: int = 0
    throttle: Throttle | None = None


class BaselineComparison(SummaryPart):
    """The pilot run compared with a baseline run (``phaseone eval --baseline``)."""

    run_id: str | None = None
    target: Any = None
    margin: float | None = None
    non_inferiority: dict[str, Any] | None = None
    mcnemar: dict[str, Any] | None = None
    regressions: int = 0
    fixes: int = 0
    paired: int = 0


class RunSummary(SummaryPart):
    """A run's summary (the JSON in ``runs.summary``; see `evals.summary`)."""

    n: int = 0
    scored: int = 0
    errors: int = 0
    error_rate: float = 0.0
    infra_errors: int = 0
    infra_error_rate: float = 0.0
    scorer_unavailable: int = 0
    error_kinds: dict[str, int] = {}
    cached: int = 0
    #: None in summaries written before fresh calls were counted apart (`Freshness`).
    fresh_calls: int | None = None
    reused_answers: int | None = None
    fresh_errors: int | None = None
    fresh_scored: int | None = None
    pass_rate: Rate | None = None
    scorers: dict[str, ScorerResult] = {}
    classification: dict[str, ClassificationResult] = {}
    by_tag: dict[str, TagResult] = {}
    latency_ms: Latency | None = None
    cached_latency_ms: Latency | None = None
    tokens: Tokens = Tokens()
    cost: Cost = Cost()
    repeats: Repeats | None = None
    suite_threshold: float | None = None
    threshold_verdict: ThresholdVerdict | None = None
    metric: MetricResult | None = None
    verdict: str | None = None
    verdict_reason: str | None = None
    dataset: dict[str, Any] = {}
    execution: Execution | None = None
    #: The seal (`evals.integrity`), read there as the JSON it is.
    integrity: dict[str, Any] | None = None
    baseline: BaselineComparison | None = None

    @property
    def repeated(self) -> bool:
        """Were the cases asked more than once (``--repeat k``)?"""
        return self.repeats is not None and self.repeats.k > 1


def run_summary(run: Run) -> RunSummary | None:
    """The run's summary, typed; None while the run has none (it is running, or was
    killed before its summary was written)."""
    return RunSummary.of(run.summary) if run.summary else None


def summary_or_empty(run: Run) -> RunSummary:
    """The run's summary, typed; an empty one (all defaults) when it has none."""
    return RunSummary.of(run.summary)
