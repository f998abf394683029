"""The reads that count looks at the locked metric and comparisons with the baseline.

`phaseone.evals.looks` and `phaseone.evals.comparisons` number a run among the runs of
its suite since the lock; the queries they need (every pilot run of the suite with
whether it scored an answer, a run's start, the baseline runs up to a time) are here,
returned as records, so that the rule itself reads no SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select

from phaseone.store.database import Store
from phaseone.store.models import CaseResult, Run

__all__ = ["PilotRun", "count_baseline_runs", "pilot_runs", "run_started_at"]


@dataclass(frozen=True)
class PilotRun:
    """One pilot run of a suite, as the looks rule reads it.

    Attributes:
        run_id: The run.
        started_at: When it started (UTC).
        status: running | completed | interrupted | stopped | failed.
        metric_n: The summary's metric ``n`` (None without a summary or a metric).
        has_scored: At least one of its case results has a verdict.
    """

    run_id: str
    started_at: dt.datetime
    status: str
    metric_n: float | None
    has_scored: bool


def pilot_runs(store: Store, project: str, suite: str) -> list[PilotRun]:
    """Every pilot run of `suite`, oldest first (by start, then id)."""
    scored = (
        select(CaseResult.id)
        .where(CaseResult.run_id == Run.id, CaseResult.passed.is_not(None))
        .exists()
    )
    with store.session() as s:
        rows = s.execute(
            select(
                Run.id, Run.started_at, Run.status, Run.summary["metric"]["n"].as_float(), scored
            )
            .where(Run.project == project, Run.suite == suite, Run.role == "pilot")
            .order_by(Run.started_at, Run.id)
        ).all()
    return [
        PilotRun(rid, started, status, n, bool(has_scored))
        for rid, started, status, n, has_scored in rows
    ]


def run_started_at(store: Store, run_id: str) -> dt.datetime | None:
    """When `run_id` started (UTC), or None when there is no such run."""
    with store.session() as s:
        started = s.scalar(select(Run.started_at).where(Run.id == run_id))
    return started


def count_baseline_runs(
    store: Store,
    project: str,
    suite: str,
    *,
    statuses: Collection[str],
    upto: dt.datetime,
    since: dt.datetime | None = None,
) -> int:
    """Baseline runs of `suite` with a summary and one of `statuses`, started at or
    before `upto` (and at or after `since`, when given)."""
    q = select(func.count()).where(
        Run.project == project,
        Run.suite == suite,
        Run.role == "baseline",
        Run.status.in_(list(statuses)),
        Run.summary.is_not(None),
        Run.started_at <= upto,
    )
    if since is not None:
        q = q.where(Run.started_at >= since)
    with store.session() as s:
        return int(s.scalar(q) or 0)
