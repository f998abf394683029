"""Plan versions and metric locks in the store.

Plan versions are kept by content hash so any piece of evidence can name the exact plan
it was produced under. Metric locks are append-only: a re-lock adds a row, it never
edits one, so the history of what was pre-registered (and when) cannot be rewritten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from phaseone.store.database import Store
from phaseone.store.models import MetricLock, PlanVersion, Run

__all__ = [
    "add_metric_lock",
    "count_runs",
    "get_plan_version",
    "latest_metric_lock",
    "list_plan_versions",
    "metric_locks",
    "record_plan_version",
]


def record_plan_version(store: Store, project: str, content_hash: str, text: str) -> PlanVersion:
    """Store the raw plan text once per content hash (idempotent, safe under races).

    Args:
        text: the plan as written, `${VAR}` unexpanded — never the expanded plan,
            which may hold secrets.
    """
    existing = get_plan_version(store, content_hash)
    if existing is not None:
        return existing
    try:
        with store.session() as s:
            row = PlanVersion(project=project, content_hash=content_hash, content=text)
            s.add(row)
            s.flush()
            return row
    except IntegrityError:  # another process recorded it between our read and write
        again = get_plan_version(store, content_hash)
        if again is None:
            raise
        return again


def get_plan_version(store: Store, content_hash: str) -> PlanVersion | None:
    with store.session() as s:
        return s.scalar(select(PlanVersion).where(PlanVersion.content_hash == content_hash))


def list_plan_versions(store: Store, project: str) -> list[PlanVersion]:
    """Oldest first."""
    with store.session() as s:
        rows = s.scalars(
            select(PlanVersion)
            .where(PlanVersion.project == project)
            .order_by(PlanVersion.created_at, PlanVersion.id)
        )
        return list(rows)


def add_metric_lock(
    store: Store,
    project: str,
    *,
    metric_hash: str,
    metric: dict[str, Any],
    dataset_identity: dict[str, Any] | None,
    plan_hash: str | None,
    reason: str | None = None,
    locked_by: str | None = None,
    locked_at: dt.datetime | None = None,
) -> MetricLock:
    """Append one lock row; the newest row is the metric in force."""
    with store.session() as s:
        row = MetricLock(
            project=project,
            metric_hash=metric_hash,
            metric=metric,
            dataset_identity=dataset_identity,
            plan_hash=plan_hash,
            reason=reason,
            locked_by=locked_by,
            locked_at=locked_at or dt.datetime.now(dt.UTC),
        )
        s.add(row)
        s.flush()
        return row


def metric_locks(store: Store, project: str) -> list[MetricLock]:
    """Every lock of the project, oldest first."""
    with store.session() as s:
        rows = s.scalars(
            select(MetricLock)
            .where(MetricLock.project == project)
            .order_by(MetricLock.locked_at, MetricLock.id)
        )
        return list(rows)


def latest_metric_lock(store: Store, project: str) -> MetricLock | None:
    with store.session() as s:
        return s.scalar(
            select(MetricLock)
            .where(MetricLock.project == project)
            .order_by(MetricLock.locked_at.desc(), MetricLock.id.desc())
            .limit(1)
        )


def count_runs(store: Store, project: str) -> int:
    """How many runs (of any status) exist: evidence exists once this is above zero."""
    with store.session() as s:
        n = s.scalar(select(func.count()).select_from(Run).where(Run.project == project))
        return int(n or 0)
