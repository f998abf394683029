"""What automatic canary decisions read and write: the canary's and stable's evidence, and
the steps taken.

The evidence is read in SQL order from cursors the watcher keeps, so each trace (and each
online result) is read once: traces by ``(started_at, id)`` up to a settle time (a trace is
written when its request ends), online results by id. A request counts for the route the
gateway *chose* (``traces.chosen_route``), not the one that answered: a canary that failed
and was answered by a fallback is the canary's error.

A step is taken with an INSERT that the unique ``(project, canary, stage)`` constraint lets
succeed once, so two watchers never take the same step twice (as `slo_queries` does for
incidents); the gateway reads the share of the newest step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from phaseone.errors import StoreError
from phaseone.store.database import Store
from phaseone.store.decisions import add_next_decision
from phaseone.store.gate_queries import live_traffic
from phaseone.store.models import CanaryStep, CaseResult, Decision, Run, Trace
from phaseone.store.online_queries import ONLINE_ROLE

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The routes a canary test compares (a request the kill switch sent to the fallback is
#: neither version's evidence).
COMPARED_ROUTES = ("primary", "canary")


@dataclass
class Step:
    """One step of an automatic canary: the start (stage 0) or a decision."""

    id: int
    project: str
    canary: str
    stage: int
    action: str  #: start | promote | rollback | hold
    percent: float
    final: bool
    decided_at: dt.datetime
    evidence: dict[str, Any] = field(default_factory=dict)
    decision_seq: int | None = None
    deliveries: dict[str, Any] = field(default_factory=dict)


def _step(row: CanaryStep) -> Step:
    return Step(
        row.id,
        row.project,
        row.canary,
        row.stage,
        row.action,
        float(row.percent),
        bool(row.final),
        row.decided_at,
        dict(row.evidence or {}),
        row.decision_seq,
        dict(row.deliveries or {}),
    )


def latest_step(store: Store, project: str, canary: str) -> Step | None:
    """The newest step of this canary (None: no watcher has started its test yet)."""
    with store.session() as s:
        row = s.scalars(
            select(CanaryStep)
            .where(CanaryStep.project == project, CanaryStep.canary == canary)
            .order_by(CanaryStep.stage.desc())
            .limit(1)
        ).first()
        return _step(row) if row is not None else None


def served_percent(store: Store, project: str, canary: str) -> float | None:
    """The canary's share as its newest step left it (None: no step yet, the plan's
    share applies). What every gateway instance reads, with a short cache."""
    with store.session() as s:
        value = s.scalar(
            select(CanaryStep.percent)
            .where(CanaryStep.project == project, CanaryStep.canary == canary)
            .order_by(CanaryStep.stage.desc())
            .limit(1)
        )
    return float(value) if value is not None else None


def _insert_step(
    s: Session, project: str, canary: str, stage: int, action: str, percent: float,
    final: bool, at: dt.datetime, evidence: dict[str, Any],
) -> CanaryStep:  # fmt: skip
    """Insert step `stage` in `s`'s transaction; IntegrityError when it is taken already."""
    row = CanaryStep(
        project=project,
        canary=canary,
        stage=stage,
        action=action,
        percent=percent,
        final=final,
        decided_at=at,
        evidence=evidence,
        deliveries={},
    )
    s.add(row)
    s.flush()
    return row


def take_step(
    store: Store,
    project: str,
    canary: str,
    stage: int,
    action: str,
    percent: float,
    *,
    final: bool,
    at: dt.datetime,
    evidence: dict[str, Any],
) -> Step | None:
    """Take step `stage`; None when it was taken already (by another watcher)."""
    try:
        with store.session() as s:
            row = _insert_step(s, project, canary, stage, action, percent, final, at, evidence)
            return _step(row)
    except IntegrityError:
        return None


#: How often a step and its decision are tried again when a decision of the same project
#: (a gate run) took the next `seq` first.
_SEQ_RETRIES = 5


def take_step_logged(
    store: Store,
    project: str,
    canary: str,
    stage: int,
    action: str,
    percent: float,
    *,
    final: bool,
    at: dt.datetime,
    evidence: dict[str, Any],
    record: dict[str, Any],
) -> tuple[Step, Decision] | None:
    """Take step `stage` and append `record` (its hash-chained decision) in ONE transaction.

    A watcher that dies half-way leaves neither, so no step is ever in force without its
    decision on record, and the next pass takes both. None when another watcher took the
    step first (then it logged it too). The caller writes the decision's head anchor line
    after this commit (`decisions.anchor_decision`).
    """
    for _ in range(_SEQ_RETRIES):
        stepped = False  # an IntegrityError before this is the step's, after it the seq's
        try:
            with store.session() as s:
                row = _insert_step(s, project, canary, stage, action, percent, final, at, evidence)
                stepped = True
                decision = add_next_decision(s, project, record, at)
                row.decision_seq = decision.seq
                s.flush()
                step = _step(row)
        except IntegrityError:
            if not stepped:
                return None  # taken by another watcher, with its decision
            continue  # a gate run took the next seq: take the step and a seq again
        return step, decision
    raise StoreError(
        f"could not record canary step {stage}: other processes keep writing decisions",
        fix="run `phaseone watch` again",
    )


def log_step(
    store: Store, step_id: int, project: str, record: dict[str, Any], at: dt.datetime
) -> Decision | None:
    """Append the decision of a step that has none (a step taken while the decision log
    was broken, or by a watcher from before `take_step_logged`), once: the step row is
    claimed first, so two watchers never log it twice. The decision, or None when the step
    has one already (the caller writes its head anchor line)."""
    for _ in range(_SEQ_RETRIES):
        try:
            with store.session() as s:
                claimed = s.execute(
                    update(CanaryStep)
                    .where(CanaryStep.id == step_id, CanaryStep.decision_seq.is_(None))
                    .values(decision_seq=0)  # held by this transaction; never committed as 0
                )
                if not getattr(claimed, "rowcount", 0):
                    return None
                decision = add_next_decision(s, project, record, at)
                s.execute(
                    update(CanaryStep)
                    .where(CanaryStep.id == step_id)
                    .values(decision_seq=decision.seq)
                )
        except IntegrityError:
            continue  # a gate run took the next seq: claim and append again
        return decision
    raise StoreError(
        f"could not record the decision of canary step {step_id}: other processes keep"
        " writing decisions",
        fix="run `phaseone watch` again",
    )


def unlogged_steps(store: Store, project: str, canary: str) -> list[Step]:
    """This canary's steps (not its start) that have no decision on record, oldest first."""
    with store.session() as s:
        rows = s.scalars(
            select(CanaryStep)
            .where(
                CanaryStep.project == project,
                CanaryStep.canary == canary,
                CanaryStep.stage > 0,
                CanaryStep.decision_seq.is_(None),
            )
            .order_by(CanaryStep.stage)
        ).all()
        return [_step(r) for r in rows]


def step_percent(store: Store, project: str, canary: str, stage: int) -> float | None:
    """The share step `stage` of a canary set (None: no such step)."""
    with store.session() as s:
        value = s.scalar(
            select(CanaryStep.percent).where(
                CanaryStep.project == project,
                CanaryStep.canary == canary,
                CanaryStep.stage == stage,
            )
        )
    return float(value) if value is not None else None


def mark_step_delivered(store: Store, step_id: int, channel: str, at: dt.datetime) -> None:
    """Remember that `channel` told the owner about a step."""
    with store.session() as s:
        row = s.get(CanaryStep, step_id)
        if row is not None:
            row.deliveries = {**dict(row.deliveries or {}), channel: at.isoformat()}


def recent_steps(store: Store, project: str, limit: int = 100) -> list[Step]:
    """The project's canary steps, newest first."""
    with store.session() as s:
        rows = s.scalars(
            select(CanaryStep)
            .where(CanaryStep.project == project)
            .order_by(CanaryStep.id.desc())
            .limit(limit)
        ).all()
        return [_step(r) for r in rows]


@dataclass(frozen=True)
class RoutedRequest:
    """One live request the gateway routed to the canary or to stable."""

    started_at: dt.datetime
    id: str
    route: str  #: the route chosen: primary | canary
    failed: bool  #: an error, HTTP 5xx, or answered by a fallback
    latency_ms: float | None


def routed_after(
    store: Store,
    project: str,
    after: tuple[dt.datetime, str] | None,
    since: dt.datetime,
    until: dt.datetime,
    limit: int = 5_000,
) -> list[RoutedRequest]:
    """Live requests routed to primary or canary that started in ``[since, until)`` and
    after the cursor `after` (``(started_at, id)`` of the last one read), in that order."""
    where = [
        Trace.project == project,
        Trace.started_at >= since,
        Trace.started_at < until,
        Trace.chosen_route.in_(COMPARED_ROUTES),
        live_traffic(),
    ]
    if after is not None:
        at, last_id = after
        where.append(or_(Trace.started_at > at, and_(Trace.started_at == at, Trace.id > last_id)))
    q = (
        select(
            Trace.started_at,
            Trace.id,
            Trace.chosen_route,
            Trace.outcome,
            Trace.status_code,
            Trace.latency_ms,
        )
        .where(*where)
        .order_by(Trace.started_at, Trace.id)
        .limit(limit)
    )
    with store.session() as s:
        return [
            RoutedRequest(
                started,
                str(tid),
                str(route),
                outcome in ("error", "fallback") or int(status) >= 500,
                latency,
            )
            for started, tid, route, outcome, status, latency in s.execute(q)
        ]


def routed_online_after(
    store: Store, project: str, suite: str, after_id: int, since: dt.datetime, limit: int = 5_000
) -> list[tuple[int, str, bool]]:
    """(result id, route chosen, passed) of the suite's online results stored after result
    `after_id`, for requests that started at or after `since`, in the order stored."""
    q = (
        select(CaseResult.id, Trace.chosen_route, CaseResult.passed)
        .join(Run, Run.id == CaseResult.run_id)
        .join(Trace, Trace.id == CaseResult.case_id)
        .where(
            Run.project == project,
            Run.suite == suite,
            Run.role == ONLINE_ROLE,
            CaseResult.id > after_id,
            CaseResult.passed.is_not(None),
            Trace.started_at >= since,
            Trace.chosen_route.in_(COMPARED_ROUTES),
        )
        .order_by(CaseResult.id)
        .limit(limit)
    )
    with store.session() as s:
        return [(int(i), str(r), bool(p)) for i, r, p in s.execute(q)]


__all__ = [
    "COMPARED_ROUTES",
    "RoutedRequest",
    "Step",
    "latest_step",
    "log_step",
    "mark_step_delivered",
    "recent_steps",
    "routed_after",
    "routed_online_after",
    "served_percent",
    "step_percent",
    "take_step",
    "take_step_logged",
    "unlogged_steps",
]
