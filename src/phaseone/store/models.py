"""SQLAlchemy models of everything phaseone keeps: the evidence behind a decision.

A schema change is an Alembic migration in `migrations/versions/`; the store applies
pending migrations when it is opened. JSON columns hold what varies by component
(scores, findings, check evidence) so that adding a scorer or a probe needs no migration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from phaseone.store.types import UTCDateTime


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC: the default of every datetime column."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    # Every datetime column is `UTCDateTime`: aware UTC in, aware UTC out, on every database.
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, dt.datetime: UTCDateTime}


class PlanVersion(Base):
    """A plan as it was, by content hash. Stores the raw text, with `${VAR}` unexpanded."""

    __tablename__ = "plan_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MetricLock(Base):
    """The success metric pre-registered before evidence: hashed, time-stamped, append-only."""

    __tablename__ = "metric_locks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    metric_hash: Mapped[str] = mapped_column(String(64))
    metric: Mapped[dict[str, Any]] = mapped_column(JSON)
    dataset_identity: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    plan_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    locked_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    locked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Run(Base):
    """One execution of a suite against a target."""

    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    suite: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(20), default="pilot")  # pilot | baseline | canary
    plan_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    target_fingerprint: Mapped[str] = mapped_column(String(64))
    target_label: Mapped[str] = mapped_column(String(300))
    dataset_identity: Mapped[dict[str, Any]] = mapped_column(JSON)
    config: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="running")
    total_cases: Mapped[int | None] = mapped_column(Integer, nullable=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CaseResult(Base):
    """One case's outcome in one run; committed as it completes so a killed run resumes."""

    __tablename__ = "case_results"
    __table_args__ = (UniqueConstraint("run_id", "case_id", "repeat_index", name="uq_case_once"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(String(200))
    repeat_index: Mapped[int] = mapped_column(Integer, default=0)
    input: Mapped[Any] = mapped_column(JSON)
    #: A conversation case's messages as sent (OpenAI's shape); None for one input.
    conversation: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    expected: Mapped[Any] = mapped_column(JSON, nullable=True)
    output: Mapped[Any] = mapped_column(JSON, nullable=True)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    error_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    input_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    output_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    cached: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CacheEntry(Base):
    """A remembered response, keyed by the caller's configuration and the input."""

    __tablename__ = "response_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    namespace: Mapped[str] = mapped_column(String(20))  # target | judge
    output: Mapped[Any] = mapped_column(JSON, nullable=True)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    input_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    output_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Trace(Base):
    """One live request through the guard, after redaction."""

    __tablename__ = "traces"
    __table_args__ = (Index("ix_traces_project_started", "project", "started_at"),)
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    project: Mapped[str] = mapped_column(String(200))
    key_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    input: Mapped[Any] = mapped_column(JSON, nullable=True)
    output: Mapped[Any] = mapped_column(JSON, nullable=True)
    input_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    output_tokens: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)
    outcome: Mapped[str] = mapped_column(String(30))  # ok | refused | error | fallback
    status_code: Mapped[int] = mapped_column(Integer)
    error_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    route: Mapped[str] = mapped_column(String(20), default="primary")  # primary|canary|fallback
    target_version: Mapped[str | None] = mapped_column(String(100), nullable=True)
    shadow_output: Mapped[Any] = mapped_column(JSON, nullable=True)
    model: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ttft_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: The route chosen for the request before any call (primary | canary | kill_switch |
    #: fallback); `route` is who answered. NULL: refused before a route was chosen.
    chosen_route: Mapped[str | None] = mapped_column(String(20), nullable=True)
    feedback_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    feedback_comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class CapturedCase(Base):
    """A production trace turned into an eval case (`phaseone capture --to NAME`)."""

    __tablename__ = "captured_cases"
    __table_args__ = (UniqueConstraint("capture", "trace_id", name="uq_capture_trace"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture: Mapped[str] = mapped_column(String(200), index=True)
    trace_id: Mapped[str] = mapped_column(String(40))
    input: Mapped[Any] = mapped_column(JSON)
    expected: Mapped[Any] = mapped_column(JSON, nullable=True)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BudgetCounter(Base):
    """Spend and open reservations for one scope (project/key) in one period (day/month)."""

    __tablename__ = "budget_counters"
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    period: Mapped[str] = mapped_column(String(20), primary_key=True)
    reserved: Mapped[float] = mapped_column(Float, default=0.0)
    spent: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BudgetEntry(Base):
    """Audit ledger of every reserve, settle and release."""

    __tablename__ = "budget_ledger"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(40), index=True)
    scope: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))  # reserve | settle | release | expire
    amount: Mapped[float] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BudgetReservation(Base):
    """An open reservation of the database budget backend, held until its request settles.

    A gateway killed between reserve and settle never settles; the reservation then
    expires at `expires_at` and is given back when a request would otherwise be refused
    for it (see `phaseone.guard.budget`)."""

    __tablename__ = "budget_reservations"
    __table_args__ = (Index("ix_budget_reservations_expiry", "scope", "period", "expires_at"),)
    request_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    period: Mapped[str] = mapped_column(String(20), primary_key=True)
    amount: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)  # epoch seconds


class RateBucket(Base):
    """Token bucket state for the database rate-limit backend."""

    __tablename__ = "rate_buckets"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated: Mapped[float] = mapped_column(Float)  # epoch seconds


class ApiKey(Base):
    """An API key of the gateway. Only the hash is stored; the key is shown once."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    prefix: Mapped[str] = mapped_column(String(20), index=True)
    key_hash: Mapped[str] = mapped_column(String(128))
    scopes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    budget_daily: Mapped[float | None] = mapped_column(Float, nullable=True)
    rate_limit_rpm: Mapped[float | None] = mapped_column(Float, nullable=True)
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProbeResult(Base):
    """What happened when a probe exercised a control for real."""

    __tablename__ = "probe_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(40), index=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    probe: Mapped[str] = mapped_column(String(100))
    control: Mapped[str] = mapped_column(String(100))
    passed: Mapped[bool] = mapped_column(Boolean)
    summary: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    gateway_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProbeRequest(Base):
    """A request a probe sent to a gateway, by the request id the gateway answered with.

    Probe traffic is not live traffic. A probe's own keys are named so (`phaseone-probe-…`),
    but a keyless probe request (the missing-key probe) or one made with a caller's key
    (`verify --key`) looks like any other; its id here is what leaves its trace out of
    every live-traffic figure (`store.gate_queries.live_traffic`).
    """

    __tablename__ = "probe_requests"
    request_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(40), index=True)
    project: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attestation(Base):
    """Evidence a person recorded (`phaseone attest`), shown as attested, not verified."""

    __tablename__ = "attestations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    check_id: Mapped[str] = mapped_column(String(100))
    by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Decision(Base):
    """A GO / NO-GO / INCONCLUSIVE decision: append-only, hash-chained to the previous one."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("project", "seq", name="uq_decision_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    plan_hash: Mapped[str] = mapped_column(String(64))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Setting(Base):
    """Small durable switches shared by gateway instances (e.g. the kill switch)."""

    __tablename__ = "settings"
    project: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SloIncident(Base):
    """One burn-rate alert from the moment it fires until it resolves (`phaseone watch`).

    ``open_key`` is ``"open"`` while the incident lasts and NULL after: the unique
    constraint lets one project have at most one open incident per alert, so two watchers
    (or a restarted one) can never fire the same incident twice.
    """

    __tablename__ = "slo_incidents"
    __table_args__ = (
        UniqueConstraint("project", "alert", "open_key", name="uq_slo_incident_open"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    alert: Mapped[str] = mapped_column(String(200))
    slo: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(20))
    open_key: Mapped[str | None] = mapped_column(String(10), nullable=True)
    fired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: What was measured when it fired (windows, ratios, bound), for the notification.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Channel → {"fired": iso time, "resolved": iso time} once delivered.
    deliveries: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CanaryStep(Base):
    """One step of an automatic canary (`phaseone watch`): its start, then each decision.

    Stage 0 is the start (the plan's share); each decision is the next stage. The unique
    ``(project, canary, stage)`` constraint lets exactly one watcher take a step, so two
    watchers (or a restarted one) never decide it twice. The gateway serves the share of
    the newest stage of the plan's canary.
    """

    __tablename__ = "canary_steps"
    __table_args__ = (UniqueConstraint("project", "canary", "stage", name="uq_canary_step"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    canary: Mapped[str] = mapped_column(String(40))  #: `Canary.identity()`
    stage: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  #: start | promote | rollback | hold
    percent: Mapped[float] = mapped_column(Float)  #: the canary's share from this step on
    final: Mapped[bool] = mapped_column(Boolean, default=False)  #: no test after it
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: What the tests saw (counts, rates, statistics, bounds, the plan's limits).
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The hash-chained decision that records the step (NULL for the start).
    decision_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Channel → ISO time the owner was told.
    deliveries: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DeliveryClaim(Base):
    """One message to one channel (an incident's "fired" or "resolved", a canary step),
    claimed before it is sent (`store.delivery_claims`).

    The unique ``(subject, channel, event)`` constraint lets one watcher hold the claim, so
    two watchers, or a retry racing a slow send, never send the same message twice.
    ``sent_at`` is set once the channel took it; a claim left unsent past its lease (its
    watcher died between claim and send) may be taken over, and the message is sent again
    with the same ``idempotency_key``.
    """

    __tablename__ = "delivery_claims"
    __table_args__ = (UniqueConstraint("subject", "channel", "event", name="uq_delivery_claim"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project: Mapped[str] = mapped_column(String(200), index=True)
    subject: Mapped[str] = mapped_column(String(80))  #: "incident:<id>" | "canary_step:<id>"
    channel: Mapped[str] = mapped_column(String(40))
    event: Mapped[str] = mapped_column(String(20))  #: fired | resolved | decided
    #: Who holds the claim now (a new token at each takeover).
    token: Mapped[str] = mapped_column(String(40))
    claimed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: How many times it was claimed: more than 1 means a takeover (a possible duplicate).
    attempts: Mapped[int] = mapped_column(Integer, default=1)
