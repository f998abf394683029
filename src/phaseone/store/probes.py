"""Probe results: what happened when a probe exercised a control for real."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from phaseone.store.database import Store
from phaseone.store.models import ProbeRequest, ProbeResult


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


def record_probe_requests(
    store: Store, *, batch_id: str, project: str, request_ids: Iterable[str]
) -> None:
    """Note the ids of requests a probe batch sent, so their traces never count as live
    traffic (`gate_queries.live_traffic`). An id already noted is left as it is."""
    wanted = {r for r in request_ids if r}
    if not wanted:
        return
    with store.session() as s:
        known = set(
            s.scalars(select(ProbeRequest.request_id).where(ProbeRequest.request_id.in_(wanted)))
        )
        s.add_all(
            ProbeRequest(request_id=r, batch_id=batch_id, project=project)
            for r in sorted(wanted - known)
        )


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


#: `details` key of a probe the runner did not run because the plan disabled its control
#: (the value names the plan setting). Such a row is stored with `passed` False: it proves
#: nothing, but it is in the batch, so the batch stays complete.
SKIPPED_KEY = "skipped"


def skipped_reason(row: ProbeResult) -> str | None:
    """Why a probe result is a skip rather than an outcome, or None when the probe ran."""
    why = (row.details or {}).get(SKIPPED_KEY)
    return str(why) if why else None


# --- what a batch probed ------------------------------------------------------------------

#: Where a batch's meta lives in each of its rows' `details` (no schema change needed).
BATCH_KEY = "batch"
#: `probed` of a batch that ran against a gateway started inside `phaseone verify`.
IN_PROCESS = "in-process"
#: How many of the newest batches the gate looks through for one it can use.
BATCH_SCAN = 50


@dataclass(frozen=True)
class BatchMeta:
    """What a probe batch probed, stored with each of its rows.

    Attributes:
        probed: the gateway's URL, or ``in-process`` for a rehearsal (`phaseone verify`
            without --url: a gateway built from the plan around a stand-in target).
        plan_controls: hash of the plan's controls when the batch ran.
        gateway_controls: hash the probed gateway reported (`X-Phaseone-Controls`) before
            the first probe; None when it reported none.
        planned: the probes the batch was asked to run.
        full: it was asked to run every registered probe (not `verify --only`).
    """

    probed: str
    plan_controls: str
    gateway_controls: str | None
    planned: tuple[str, ...]
    full: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "probed": self.probed,
            "plan_controls": self.plan_controls,
            "gateway_controls": self.gateway_controls,
            "planned": list(self.planned),
            "full": self.full,
        }


def finish_batch(store: Store, batch_id: str, *, seen_controls: list[str]) -> None:
    """Stamp every row of a batch as complete, with every controls hash its replies carried.

    Written only after the last probe, so a batch killed half-way is never complete.
    """
    with store.session() as s:
        for row in s.scalars(select(ProbeResult).where(ProbeResult.batch_id == batch_id)):
            details = dict(row.details or {})
            meta = dict(details.get(BATCH_KEY) or {})
            meta["complete"] = True
            meta["seen_controls"] = sorted(set(seen_controls))
            details[BATCH_KEY] = meta
            row.details = details


@dataclass(frozen=True)
class ProbeBatch:
    """One batch of probe results, read back with what it probed."""

    batch_id: str
    rows: dict[str, ProbeResult]
    probed: str
    plan_controls: str | None
    gateway_controls: str | None
    seen_controls: tuple[str, ...]
    planned: tuple[str, ...]
    complete: bool
    at: dt.datetime
    #: The batch recorded what it probed (phaseone before this did not).
    described: bool = True

    @property
    def deployed(self) -> bool:
        """It probed a running gateway over HTTP (`phaseone verify --url`)."""
        return self.probed.startswith(("http://", "https://"))

    @property
    def missing(self) -> list[str]:
        return [p for p in self.planned if p not in self.rows]

    @classmethod
    def of(cls, batch_id: str, rows: list[ProbeResult]) -> ProbeBatch:
        by_probe = {r.probe: r for r in sorted(rows, key=lambda r: r.id)}
        metas = [dict((r.details or {}).get(BATCH_KEY) or {}) for r in rows]
        meta = metas[0] if metas else {}
        # A batch without recorded meta (older phaseone) says only where its shared probes went.
        probed = meta.get("probed") or next(
            (r.gateway_url for r in rows if r.gateway_url and "drill" not in r.gateway_url),
            IN_PROCESS,
        )
        complete = bool(metas) and all(m.get("complete") and m.get("full") for m in metas)
        planned = tuple(meta.get("planned") or by_probe)
        return cls(
            batch_id=batch_id,
            rows=by_probe,
            probed=str(probed),
            plan_controls=meta.get("plan_controls"),
            gateway_controls=meta.get("gateway_controls"),
            seen_controls=tuple(meta.get("seen_controls") or ()),
            planned=planned,
            complete=complete and all(p in by_probe for p in planned),
            at=max(r.created_at for r in rows),
            described=bool(meta),
        )

    def describe(self) -> str:
        where = f"gateway {self.probed}" if self.deployed else "an in-process rehearsal gateway"
        return f"batch {self.batch_id} ({where})"


def recent_batches(store: Store, project: str, limit: int = BATCH_SCAN) -> list[ProbeBatch]:
    """The newest `limit` batches of a project, newest first, each read whole."""
    with store.session() as s:
        newest = s.execute(
            select(ProbeResult.batch_id, func.max(ProbeResult.id).label("mid"))
            .where(ProbeResult.project == project)
            .group_by(ProbeResult.batch_id)
            .order_by(func.max(ProbeResult.id).desc())
            .limit(limit)
        ).all()
        ids = [b for b, _ in newest]
        rows = (
            s.scalars(select(ProbeResult).where(ProbeResult.batch_id.in_(ids))).all() if ids else []
        )
    grouped: dict[str, list[ProbeResult]] = {b: [] for b in ids}
    for r in rows:
        grouped[r.batch_id].append(r)
    return [ProbeBatch.of(b, grouped[b]) for b in ids if grouped[b]]


def batch_for_gate(store: Store, project: str) -> ProbeBatch | None:
    """The one batch the gate reads, never a mix of batches.

    The newest complete batch that probed a running gateway over HTTP; without one, the
    newest complete rehearsal (which the gate reports but does not accept); without any
    complete batch, the newest batch (reported as incomplete).
    """
    batches = recent_batches(store, project)
    complete = [b for b in batches if b.complete]
    return next(
        (b for b in complete if b.deployed),
        complete[0] if complete else (batches[0] if batches else None),
    )
