"""Traces of live requests: batch writes from the guard, queries for `phaseone traces`,
and `phaseone capture` (production edge cases become regression cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import insert, or_, select, update

from phaseone.store.database import Store
from phaseone.store.models import BudgetEntry, CapturedCase, Trace

TRACE_COLUMNS = frozenset(c.name for c in Trace.__table__.columns)


def write_batch(
    store: Store,
    traces: Sequence[dict[str, Any]] = (),
    ledger: Sequence[dict[str, Any]] = (),
    updates: Sequence[tuple[str, dict[str, Any]]] = (),
) -> list[tuple[str, dict[str, Any]]]:
    """Insert traces and ledger rows, then apply updates, in one transaction.

    Returns the updates whose trace row does not exist (yet): the caller retries
    them on a later flush (the trace may be written by another instance).
    """
    missed: list[tuple[str, dict[str, Any]]] = []
    with store.session() as s:
        if traces:
            s.execute(
                insert(Trace), [{k: v for k, v in t.items() if k in TRACE_COLUMNS} for t in traces]
            )
        if ledger:
            s.execute(insert(BudgetEntry), list(ledger))
        for trace_id, values in updates:
            res = s.execute(update(Trace).where(Trace.id == trace_id).values(**values))
            if getattr(res, "rowcount", 0) == 0:
                missed.append((trace_id, values))
    return missed


def trace_exists(store: Store, trace_id: str) -> bool:
    with store.session() as s:
        return s.scalar(select(Trace.id).where(Trace.id == trace_id)) is not None


def query_traces(
    store: Store,
    project: str | None = None,
    *,
    outcome: str | None = None,
    since: dt.datetime | None = None,
    feedback_below: float | None = None,
    errors: bool = False,
    findings: bool = False,
    ids: Iterable[str] | None = None,
    limit: int | None = 50,
) -> list[Trace]:
    """Newest first. `errors` = any non-200 outcome; `findings` = a guardrail found something."""
    q = select(Trace)
    if project:
        q = q.where(Trace.project == project)
    if outcome:
        q = q.where(Trace.outcome == outcome)
    if since is not None:
        q = q.where(Trace.started_at >= since)
    if feedback_below is not None:
        q = q.where(Trace.feedback_score.is_not(None), Trace.feedback_score < feedback_below)
    if errors:
        q = q.where(or_(Trace.status_code != 200, Trace.outcome.in_(("error", "fallback"))))
    id_list = list(ids) if ids is not None else None
    if id_list is not None:
        q = q.where(Trace.id.in_(id_list))
    q = q.order_by(Trace.started_at.desc())
    with store.session() as s:
        rows = list(s.scalars(q).all())
    if findings:
        rows = [r for r in rows if r.findings]
    if limit is not None:
        rows = rows[:limit]
    return rows


def capture(
    store: Store,
    name: str,
    traces: Sequence[Trace],
    *,
    expected_from: str = "output",
) -> int:
    """Copy traces into `captured_cases` under `name`; returns how many were new."""
    added = 0
    with store.session() as s:
        have = set(s.scalars(select(CapturedCase.trace_id).where(CapturedCase.capture == name)))
        for t in traces:
            if t.id in have or t.input is None:
                continue
            tags = ["captured", t.outcome]
            if t.findings:
                tags.append("finding")
            if t.status_code != 200:
                tags.append("error")
            expected = t.output if expected_from == "output" and t.status_code == 200 else None
            s.add(
                CapturedCase(
                    capture=name, trace_id=t.id, input=t.input, expected=expected, tags=tags
                )
            )
            added += 1
    return added


def trace_as_dict(t: Trace) -> dict[str, Any]:
    return {c: _jsonable(getattr(t, c)) for c in sorted(TRACE_COLUMNS)}


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.datetime) else v
