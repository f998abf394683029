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
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from phaseone.store.database import Store
from phaseone.store.gate_queries import live_traffic
from phaseone.store.models import CanaryStep, CaseResult, Run, Trace
from phaseone.store.online_queries import ONLINE_ROLE

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
            return _step(row)
    except IntegrityError:
        return None


def set_decision_seq(store: Store, step_id: int, seq: int) -> None:
    """Link a step to the hash-chained decision that records it."""
    with store.session() as s:
        s.execute(update(CanaryStep).where(CanaryStep.id == step_id).values(decision_seq=seq))


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
    "mark_step_delivered",
    "recent_steps",
    "routed_after",
    "routed_online_after",
    "served_percent",
    "set_decision_seq",
    "take_step",
]
