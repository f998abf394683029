"""The production plan, `phaseone.yaml`, as pydantic models.

This module is the single source for validation, for `phaseone schema` (JSON
Schema for editors) and for `docs/plan.md`. Field descriptions are the docs.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from phaseone.plan.components import (
    DatasetConfig,
    ScorerConfig,
    Strict,
    TargetConfig,
)

RATE_AGGREGATES = frozenset({"pass_rate", "accuracy", "precision", "recall", "f1", "macro_f1"})


class Project(Strict):
    name: str = Field(..., min_length=1, examples=["inbox-screening"])
    description: str = ""
    currency: str = Field("EUR", min_length=3, max_length=3, description="ISO 4217 code.")


class Owner(Strict):
    """The production owner: a person in the line organisation who will run the live system."""

    name: str = Field(..., min_length=1, examples=["Dana Okafor"])
    role: str = Field(..., min_length=1, examples=["Head of Customer Support Operations"])
    team: str = Field(..., min_length=1, examples=["Customer Support"])
    contact: str = Field(..., min_length=3, examples=["dana.okafor@example.com"])


class Baseline(Strict):
    """What the pilot must beat (or not be worse than, by `margin`)."""

    target: TargetConfig | None = Field(
        None, description="A baseline system run on the same suite."
    )
    run: str | None = Field(None, description="Or an existing run id to compare against.")
    margin: float = Field(
        0.0, ge=0, le=1, description="Non-inferiority margin: pilot ≥ baseline − margin."
    )

    @model_validator(mode="after")
    def _one_of(self) -> Baseline:
        if self.target is None and self.run is None:
            raise ValueError("a baseline needs `target` or `run`")
        return self


class SuccessMetric(Strict):
    """The number, agreed up front, that triggers the production decision."""

    name: str = Field(..., examples=["spam precision"])
    suite: str = Field(..., description="Name of the suite the metric is computed on.")
    scorer: str = Field(..., description="Name (or kind) of a scorer of that suite.")
    aggregate: Literal["pass_rate", "mean", "accuracy", "precision", "recall", "f1", "macro_f1"] = (
        Field("pass_rate", description="How case scores become the metric.")
    )
    label: str | None = Field(
        None, description="For precision/recall/f1: the positive label, e.g. `spam`."
    )
    threshold: float = Field(..., description="The value the metric must clear.")
    direction: Literal["higher", "lower"] = "higher"
    confidence: float = Field(0.95, gt=0.5, lt=1, description="One-sided confidence level.")
    min_cases: int = Field(30, ge=1, description="Fewer cases than this is never a PASS.")
    baseline: Baseline | None = None

    @field_validator("threshold")
    @classmethod
    def _threshold_range(cls, threshold: float, info: ValidationInfo) -> float:
        # A field validator (not a model one) so the error is located at `threshold`.
        aggregate = info.data.get("aggregate", "pass_rate")
        if aggregate in RATE_AGGREGATES and not 0 <= threshold <= 1:
            raise PydanticCustomError(
                "rate_threshold_range",
                "threshold {threshold} is outside [0, 1], but `{aggregate}` is a rate",
                {"threshold": threshold, "aggregate": aggregate},
            )
        return threshold

    @model_validator(mode="after")
    def _label_needed(self) -> SuccessMetric:
        if self.aggregate in {"precision", "recall", "f1"} and not self.label:
            raise ValueError(f"aggregate `{self.aggregate}` needs `label` (the positive class)")
        return self


class Suite(Strict):
    """A dataset of cases and the scorers that judge each output."""

    name: str = Field(..., pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    dataset: DatasetConfig
    scorers: list[ScorerConfig] = Field(..., min_length=1)
    tags: list[str] = Field(
        default_factory=list, description="Tags for every case: `happy`, `edge`, `adversarial`…"
    )
    threshold: float | None = Field(
        None, ge=0, le=1, description="This suite's own pass-rate threshold (edge/adversarial)."
    )
    repeat: int = Field(1, ge=1, le=100, description="Runs per case for non-deterministic targets.")


# --- controls -------------------------------------------------------------------------


class AuthControl(Strict):
    required: bool = Field(True, description="Every route but /healthz needs an API key.")


class LimitsControl(Strict):
    max_input_chars: int = Field(8000, gt=0)
    max_body_bytes: int = Field(65536, gt=0)


PiiKind = Literal["email", "phone", "card", "iban", "national_id"]
PII_KINDS: tuple[PiiKind, ...] = ("email", "phone", "card", "iban", "national_id")


class PiiGuardrail(Strict):
    action: Literal["redact", "block", "flag", "off"] = "redact"
    kinds: list[PiiKind] = Field(
        default_factory=lambda: list(PII_KINDS), description="Which kinds of PII to look for."
    )
    redact_traces: bool = Field(True, description="Redact before a trace is stored.")


class InjectionGuardrail(Strict):
    action: Literal["block", "flag", "off"] = "block"
    threshold: float = Field(0.5, ge=0, le=1, description="Score at or above which it acts.")


class Guardrails(Strict):
    pii: PiiGuardrail = Field(default_factory=PiiGuardrail)
    injection: InjectionGuardrail = Field(default_factory=InjectionGuardrail)
    output_schema: dict[str, object] | None = Field(
        None, description="JSON Schema the target's output must satisfy."
    )


class RateLimit(Strict):
    requests_per_minute: float = Field(600, gt=0, description="Per key, token bucket refill rate.")
    burst: int = Field(60, gt=0)
    backend: Literal["memory", "database", "redis"] | None = Field(
        None, description="Where buckets live; default: the budget's backend, else memory."
    )
    redis_url: str | None = Field(None, description="Default: the budget's `redis_url`.")


class Budget(Strict):
    per_request_max: float | None = Field(None, ge=0)
    daily: float | None = Field(None, ge=0, description="Project ceiling per UTC day.")
    monthly: float | None = Field(None, ge=0, description="Project ceiling per calendar month.")
    per_key_daily: float | None = Field(None, ge=0)
    backend: Literal["memory", "database", "redis"] = "memory"
    redis_url: str | None = None
    fail_mode: Literal["closed", "open"] = Field(
        "closed", description="When the backend is unreachable: refuse (closed) or allow (open)."
    )
    max_output_tokens: int = Field(
        512,
        gt=0,
        description="Output tokens assumed when reserving for a token-priced target that sets"
        " no `max_tokens` of its own.",
    )
    key_prefix: str = Field(
        "phaseone", min_length=1, description="Prefix of Redis keys (several projects, one Redis)."
    )


class StaticFallback(Strict):
    static: str = Field(..., description="A fixed answer returned when the target fails.")


class CircuitBreaker(Strict):
    failure_threshold: int = Field(5, gt=0, description="Consecutive failures that open it.")
    reset_after_s: float = Field(30.0, gt=0, description="Open → half-open after this long.")


class Resilience(Strict):
    timeout_s: float = Field(30.0, gt=0)
    retries: int = Field(2, ge=0, le=10, description="Retries for transient errors only.")
    backoff_base_s: float = Field(0.2, ge=0)
    fallback: StaticFallback | TargetConfig | None = None
    circuit_breaker: CircuitBreaker | None = Field(default_factory=CircuitBreaker)


class Monitoring(Strict):
    tracing: bool = True
    store_io: bool = Field(True, description="Store (redacted) input and output with traces.")
    metrics: bool = True
    flush_interval_s: float = Field(1.0, gt=0, le=60)
    otel_endpoint: str | None = Field(None, description="OTLP endpoint (needs the `otel` extra).")


class Canary(Strict):
    target: TargetConfig
    percent: float = Field(..., ge=0, le=100)


class Rollout(Strict):
    kill_switch: bool = Field(True, description="`phaseone kill-switch on` routes to the fallback.")
    shadow: TargetConfig | None = None
    canary: Canary | None = None


class Controls(Strict):
    """The runtime 20%: enforced by `phaseone serve` and the Guard API, verified by probes."""

    auth: AuthControl = Field(default_factory=AuthControl)
    limits: LimitsControl = Field(default_factory=LimitsControl)
    guardrails: Guardrails = Field(default_factory=Guardrails)
    rate_limit: RateLimit | None = Field(default_factory=RateLimit)
    budget: Budget | None = None
    resilience: Resilience = Field(default_factory=Resilience)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    rollout: Rollout = Field(default_factory=Rollout)


# --- phases ---------------------------------------------------------------------------


class CostItem(Strict):
    name: str
    one_off: float = Field(0.0, ge=0)
    monthly: float = Field(0.0, ge=0)


class PhaseOne(Strict):
    scope: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    budget: float | None = Field(None, ge=0, description="Phase-one spend allowed.")


class PhaseTwo(Strict):
    """The production build, costed before the pilot starts."""

    scope: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    items: list[CostItem] = Field(default_factory=list)
    expected_monthly_requests: int | None = Field(None, ge=0)
    run_cost_ceiling_monthly: float | None = Field(None, ge=0)


class Phases(Strict):
    one: PhaseOne = Field(default_factory=PhaseOne)
    two: PhaseTwo | None = None


class StoreSettings(Strict):
    url: str | None = Field(
        None, description="SQLAlchemy URL; default SQLite at .phaseone/phaseone.db beside the plan."
    )


class GateSettings(Strict):
    evidence_max_age_days: float = Field(14, gt=0)
    max_error_rate: float = Field(0.05, ge=0, le=1)
    max_infra_error_rate: float = Field(
        0.1, ge=0, le=1, description="Above this a run is INCONCLUSIVE, never a quality FAIL."
    )
    max_p95_latency_ms: float | None = Field(None, gt=0)


class Plan(Strict):
    """`phaseone.yaml`: one AI system and its production plan."""

    version: Literal[1] = 1
    project: Project
    owner: Owner
    success_metric: SuccessMetric | None = None
    target: TargetConfig
    suites: list[Suite] = Field(default_factory=list)
    controls: Controls | None = None
    phases: Phases = Field(default_factory=Phases)
    store: StoreSettings = Field(default_factory=StoreSettings)
    gate: GateSettings = Field(default_factory=GateSettings)

    @field_validator("suites")
    @classmethod
    def _unique_suites(cls, suites: list[Suite]) -> list[Suite]:
        seen: set[str] = set()
        for s in suites:
            if s.name in seen:
                raise PydanticCustomError(
                    "duplicate_suite",
                    "suite name {name!r} is used twice; suite names must be unique",
                    {"name": s.name},
                )
            seen.add(s.name)
        return suites

    @model_validator(mode="after")
    def _metric_references(self) -> Plan:
        # The loader reports these with a file location and a did-you-mean; this check
        # keeps plans built in Python honest too.
        m = self.success_metric
        if m is None:
            return self
        names = [s.name for s in self.suites]
        if m.suite not in names:
            raise PydanticCustomError(
                "unknown_suite",
                "success_metric.suite {suite!r} is not a suite of this plan (suites: {names})",
                {"suite": m.suite, "names": ", ".join(names) or "none"},
            )
        labels = [c.label for c in self.suite(m.suite).scorers]
        if m.scorer not in labels:
            raise PydanticCustomError(
                "unknown_scorer",
                "success_metric.scorer {scorer!r} is not a scorer of suite {suite!r}"
                " (scorers: {labels})",
                {"scorer": m.scorer, "suite": m.suite, "labels": ", ".join(labels)},
            )
        return self

    def suite(self, name: str) -> Suite:
        for s in self.suites:
            if s.name == name:
                return s
        raise KeyError(name)
