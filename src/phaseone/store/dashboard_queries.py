"""What the dashboard reads from the store: decisions and the last hours of live traffic.

Live traffic is read column by column (`TrafficRow`): the dashboard never loads a trace's
input or output, so it cannot show one by mistake.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from phaseone.store.database import Store
from phaseone.store.decisions import gate_decision
from phaseone.store.gate_queries import live_traffic
from phaseone.store.models import Decision, Trace

#: A database that failed under a query (locked, gone, corrupt): the dashboard answers 503.
DatabaseFailure = SQLAlchemyError


def has_decision(store: Store, project: str) -> bool:
    """Has the gate decided anything for this project yet?"""
    with store.session() as s:
        found = s.scalar(
            select(Decision.id).where(Decision.project == project, gate_decision()).limit(1)
        )
        return found is not None


def recent_decisions(store: Store, project: str, limit: int) -> list[Decision]:
    """The project's last `limit` decisions, newest first."""
    with store.session() as s:
        return list(
            s.scalars(
                select(Decision)
                .where(Decision.project == project)
                .order_by(Decision.seq.desc())
                .limit(limit)
            )
        )


@dataclass(frozen=True)
class TrafficRow:
    """The columns of one live trace the dashboard aggregates (never input or output)."""

    outcome: str
    status_code: int
    latency_ms: float | None
    route: str
    findings: list[Any] | None
    started_at: dt.datetime


def live_traffic_rows(store: Store, project: str, since: dt.datetime) -> list[TrafficRow]:
    """The project's live traces (probe traffic excluded) started since ``since``."""
    cols = (
        Trace.outcome, Trace.status_code, Trace.latency_ms, Trace.route, Trace.findings,
        Trace.started_at,
    )  # fmt: skip
    with store.session() as s:
        rows = s.execute(
            select(*cols).where(Trace.project == project, Trace.started_at >= since, live_traffic())
        ).all()
    return [
        TrafficRow(outcome, status, latency, route, found, started)
        for outcome, status, latency, route, found, started in rows
    ]


def probe_request_count(store: Store, project: str, since: dt.datetime) -> int:
    """How many requests the probes sent since ``since`` (left out of live traffic)."""
    with store.session() as s:
        n = s.scalar(
            select(func.count())
            .select_from(Trace)
            .where(
                Trace.project == project,
                Trace.started_at >= since,
                ~live_traffic(),
            )
        )
    return int(n or 0)
