"""Probe results: what happened when a probe exercised a control for real."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from phaseone.store.database import Store
from phaseone.store.models import ProbeResult


def new_batch_id() -> str:
    return "pb_" + uuid.uuid4().hex[:20]


def record_probe(
    store: Store,
    *,
    batch_id: str,
    project: str,
    probe: str,
    control: str,
    passed: bool,
    summary: str,
    details: dict[str, Any] | None = None,
    gateway_url: str | None = None,
) -> int:
    with store.session() as s:
        row = ProbeResult(
            batch_id=batch_id,
            project=project,
            probe=probe,
            control=control,
            passed=passed,
            summary=summary,
            details=details or {},
            gateway_url=gateway_url,
        )
        s.add(row)
        s.flush()
        return row.id


def batch_results(store: Store, batch_id: str) -> list[ProbeResult]:
    with store.session() as s:
        return list(
            s.scalars(
                select(ProbeResult).where(ProbeResult.batch_id == batch_id).order_by(ProbeResult.id)
            ).all()
        )


def latest_batch_id(store: Store, project: str) -> str | None:
    with store.session() as s:
        row = s.execute(
            select(ProbeResult.batch_id)
            .where(ProbeResult.project == project)
            .order_by(ProbeResult.created_at.desc(), ProbeResult.id.desc())
            .limit(1)
        ).first()
        return row[0] if row else None


def latest_by_probe(store: Store, project: str) -> dict[str, ProbeResult]:
    """probe name → its most recent result, whichever batch it came from."""
    with store.session() as s:
        newest = (
            select(ProbeResult.probe, func.max(ProbeResult.id).label("mid"))
            .where(ProbeResult.project == project)
            .group_by(ProbeResult.probe)
            .subquery()
        )
        rows = s.scalars(select(ProbeResult).join(newest, ProbeResult.id == newest.c.mid)).all()
        return {r.probe: r for r in rows}
