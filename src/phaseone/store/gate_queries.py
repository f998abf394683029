"""What the gate reads from the store besides runs, probes and decisions.

The gate's checks and probes ask questions ("what did this project spend?", "which of
this run's cases failed?", "is this request's trace stored yet?"); the SQL that answers
them lives here, so `gate/` speaks in records, never in queries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select

from phaseone.store.database import Store
from phaseone.store.models import BudgetEntry, CaseResult, ProbeRequest, Run, Trace

#: Key names the probes use, so their traffic is not mistaken for live traffic.
PROBE_KEY_PREFIX = "phaseone-probe"


def live_traffic() -> ColumnElement[bool]:
    """SQL condition on traces: not sent by a probe (the gate's own traffic is no
    evidence of live use, and its spend is not phase-one spend). A probe's own keys say
    so by their name; a request a probe sent without a key or with a caller's key
    (`verify --key`) is known by its id (`probe_requests`)."""
    return and_(
        or_(Trace.key_name.is_(None), ~Trace.key_name.startswith(PROBE_KEY_PREFIX)),
        Trace.id.not_in(select(ProbeRequest.request_id)),
    )


def _scored(run_id: str) -> tuple[ColumnElement[bool], ...]:
    return (
        CaseResult.run_id == run_id,
        CaseResult.repeat_index == 0,
        CaseResult.error_kind.is_(None),
        CaseResult.passed.is_not(None),
    )


def sample_scored_cases(store: Store, run_id: str, n: int, rng: random.Random) -> list[CaseResult]:
    """Up to `n` scored cases (first repeat, no error) of a run, chosen by ``rng``, in
    case id order and detached from the session."""
    with store.session() as s:
        ids = list(s.scalars(select(CaseResult.case_id).where(*_scored(run_id))).all())
        chosen = rng.sample(ids, min(n, len(ids)))
        if not chosen:
            return []
        rows = list(
            s.scalars(
                select(CaseResult).where(*_scored(run_id), CaseResult.case_id.in_(chosen))
            ).all()
        )
        for r in rows:
            s.expunge(r)
    return sorted(rows, key=lambda r: r.case_id)


def failed_cases(store: Store, run_id: str, limit: int) -> list[CaseResult]:
    """The first `limit` cases (by case id) of a run that failed or errored."""
    with store.session() as s:
        return list(
            s.scalars(
                select(CaseResult)
                .where(
                    CaseResult.run_id == run_id,
                    (CaseResult.passed.is_(False)) | (CaseResult.error_kind.is_not(None)),
                )
                .order_by(CaseResult.case_id)
                .limit(limit)
            ).all()
        )


def project_eval_spend(store: Store, project: str) -> float:
    """The cost of every case result of every run of the project."""
    with store.session() as s:
        value = s.scalar(
            select(func.coalesce(func.sum(CaseResult.cost), 0.0))
            .join(Run, Run.id == CaseResult.run_id)
            .where(Run.project == project)
        )
    return float(value or 0.0)


def project_live_spend(store: Store, project: str, since: dt.datetime | None = None) -> float:
    """The cost of the project's live traces (probe traffic excluded), since ``since``
    when given."""
    where = [Trace.project == project, live_traffic()]
    if since is not None:
        where.append(Trace.started_at >= since)
    with store.session() as s:
        value = s.scalar(select(func.coalesce(func.sum(Trace.cost), 0.0)).where(*where))
    return float(value or 0.0)


@dataclass(frozen=True)
class KeySpend:
    """What one key spent, as the traces say and as the budget's ledger settled it."""

    traced: float
    settled: float


def key_spend(store: Store, key_name: str | None) -> KeySpend:
    """The traced spend of a key and the settled spend on its budget scope (the two must
    agree)."""
    with store.session() as s:
        traced = s.scalar(
            select(func.coalesce(func.sum(Trace.cost), 0.0)).where(Trace.key_name == key_name)
        )
        settled = s.scalar(
            select(func.coalesce(func.sum(BudgetEntry.amount), 0.0)).where(
                BudgetEntry.scope.contains(f"key:{key_name}"), BudgetEntry.action == "settle"
            )
        )
    return KeySpend(float(traced or 0.0), float(settled or 0.0))


def trace_by_id(store: Store, request_id: str) -> Trace | None:
    """The stored trace of one request, if written yet."""
    with store.session() as s:
        return s.scalars(select(Trace).where(Trace.id == request_id)).first()


def traces_by_id(store: Store, request_ids: Iterable[str]) -> dict[str, Trace]:
    """The stored traces among ``request_ids`` (missing ones are absent)."""
    ids = list(request_ids)
    with store.session() as s:
        return {row.id: row for row in s.scalars(select(Trace).where(Trace.id.in_(ids)))}


def find_run(store: Store, run_id: str) -> Run | None:
    """The run with exactly this id, or None."""
    with store.session() as s:
        return s.get(Run, run_id)


def first_run_started(store: Store, project: str, suite: str) -> dt.datetime | None:
    """When the first run (any role, any status) of a suite started."""
    with store.session() as s:
        t = s.scalar(
            select(Run.started_at)
            .where(Run.project == project, Run.suite == suite)
            .order_by(Run.started_at)
            .limit(1)
        )
    return t


def live_traces(store: Store, project: str, since: dt.datetime, until: dt.datetime) -> list[Trace]:
    """The project's live traces (probe traffic excluded) started in [since, until]."""
    with store.session() as s:
        return list(
            s.scalars(
                select(Trace).where(
                    Trace.project == project,
                    Trace.started_at >= since,
                    Trace.started_at <= until,
                    live_traffic(),
                )
            ).all()
        )
