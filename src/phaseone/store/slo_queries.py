"""What `phaseone watch` reads and writes: live traffic counted over a window, and incidents.

Counting happens in SQL (one aggregate query per window), so a watcher over a busy
gateway never loads traces; probe traffic is left out, as everywhere live traffic is read.
An incident is opened with an INSERT that the unique ``(project, alert, open_key)``
constraint lets succeed once, so a second watcher cannot fire it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from phaseone.store.database import Store
from phaseone.store.gate_queries import live_traffic
from phaseone.store.models import SloIncident, Trace
from phaseone.store.settings import get_setting, set_setting


@dataclass(frozen=True)
class WindowCounts:
    """Live requests in one window, counted the way the gateway's `/metrics` counts them."""

    requests: int  #: every live request, refused ones included (the latency histogram's base)
    served: int  #: not refused
    degraded: int  #: served by the fallback, or an error
    slow: int  #: requests slower than the latency bound asked for
    cost: float
    rated: int = 0  #: requests whose caller sent feedback
    rated_bad: int = 0  #: of those, rated below 0.5


def window_counts(
    store: Store, project: str, since: dt.datetime, until: dt.datetime, slow_ms: float | None
) -> WindowCounts:
    """Counts of the project's live traces started in ``[since, until)``."""
    served = Trace.outcome != "refused"
    degraded = served & ((Trace.outcome.in_(("fallback", "error"))) | (Trace.status_code >= 500))
    slow = (Trace.latency_ms > slow_ms) if slow_ms is not None else None
    cols = [
        func.count(),
        func.sum(case((served, 1), else_=0)),
        func.sum(case((degraded, 1), else_=0)),
        func.sum(case((slow, 1), else_=0)) if slow is not None else func.sum(0),
        func.sum(func.coalesce(Trace.cost, 0.0)),
        func.sum(case((Trace.feedback_score.is_not(None), 1), else_=0)),
        func.sum(case((Trace.feedback_score < 0.5, 1), else_=0)),
    ]
    with store.session() as s:
        row = s.execute(
            select(*cols).where(
                Trace.project == project,
                Trace.started_at >= since,
                Trace.started_at < until,
                live_traffic(),
            )
        ).one()
    n, ok, bad, late, cost, rated, rated_bad = row
    return WindowCounts(
        int(n or 0),
        int(ok or 0),
        int(bad or 0),
        int(late or 0),
        float(cost or 0),
        int(rated or 0),
        int(rated_bad or 0),
    )


@dataclass
class Incident:
    """An open or resolved burn-rate alert."""

    id: int
    project: str
    alert: str
    slo: str
    severity: str
    fired_at: dt.datetime
    resolved_at: dt.datetime | None
    evidence: dict[str, Any] = field(default_factory=dict)
    deliveries: dict[str, Any] = field(default_factory=dict)


def _incident(row: SloIncident) -> Incident:
    return Incident(
        row.id,
        row.project,
        row.alert,
        row.slo,
        row.severity,
        row.fired_at,
        row.resolved_at,
        dict(row.evidence or {}),
        dict(row.deliveries or {}),
    )


def open_incidents(store: Store, project: str) -> dict[str, Incident]:
    """The project's open incidents, by alert name."""
    with store.session() as s:
        rows = s.scalars(
            select(SloIncident).where(
                SloIncident.project == project, SloIncident.open_key == "open"
            )
        ).all()
        return {r.alert: _incident(r) for r in rows}


def open_incident(
    store: Store,
    project: str,
    alert: str,
    slo: str,
    severity: str,
    at: dt.datetime,
    evidence: dict[str, Any],
) -> Incident | None:
    """Open an incident for `alert`; None when one is already open (it fired before)."""
    try:
        with store.session() as s:
            row = SloIncident(
                project=project,
                alert=alert,
                slo=slo,
                severity=severity,
                open_key="open",
                fired_at=at,
                evidence=evidence,
                deliveries={},
            )
            s.add(row)
            s.flush()
            return _incident(row)
    except IntegrityError:
        return None


def resolve_incident(store: Store, incident_id: int, at: dt.datetime) -> bool:
    """Close an open incident; False when it was closed already (by another watcher)."""
    with store.session() as s:
        done = s.execute(
            update(SloIncident)
            .where(SloIncident.id == incident_id, SloIncident.open_key == "open")
            .values(open_key=None, resolved_at=at)
        )
        return bool(getattr(done, "rowcount", 0))


def mark_delivered(
    store: Store, incident_id: int, channel: str, event: str, at: dt.datetime
) -> None:
    """Remember that `channel` got the `event` ("fired" / "resolved") of an incident."""
    with store.session() as s:
        row = s.get(SloIncident, incident_id)
        if row is None:
            return
        done = dict(row.deliveries or {})
        done[channel] = {**dict(done.get(channel) or {}), event: at.isoformat()}
        row.deliveries = done


def recent_incidents(store: Store, project: str, limit: int = 200) -> list[Incident]:
    """The project's incidents, newest first: open ones to deliver or resolve, closed ones
    whose resolution may still be undelivered, and what `phaseone watch` lists."""
    with store.session() as s:
        rows = s.scalars(
            select(SloIncident)
            .where(SloIncident.project == project)
            .order_by(SloIncident.id.desc())
            .limit(limit)
        ).all()
        return [_incident(r) for r in rows]


@dataclass(frozen=True)
class WatchEvaluation:
    """When `phaseone watch` last evaluated the alerts, and which were firing then."""

    at: dt.datetime
    firing: list[str]
    paging: list[str]


_LAST_EVALUATION = "slo_watch_last"


def record_evaluation(
    store: Store, project: str, at: dt.datetime, firing: list[str], paging: list[str]
) -> None:
    """Remember this evaluation: the gate cites it (what was observed, and when)."""
    value = {"at": at.isoformat(), "firing": sorted(firing), "paging": sorted(paging)}
    set_setting(store, project, _LAST_EVALUATION, value)


def last_evaluation(store: Store, project: str) -> WatchEvaluation | None:
    value = get_setting(store, project, _LAST_EVALUATION)
    if not isinstance(value, dict) or not isinstance(value.get("at"), str):
        return None
    return WatchEvaluation(
        dt.datetime.fromisoformat(value["at"]),
        [str(v) for v in value.get("firing", [])],
        [str(v) for v in value.get("paging", [])],
    )
