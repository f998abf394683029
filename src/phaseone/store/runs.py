"""Runs and case results in the store: the evidence an eval leaves behind.

Writers (the eval runner) insert case results in batches with "insert, ignore if this
(run, case, repeat) is already stored", so a resumed run can never store a case twice
(``uq_case_once``). Readers (summary, compare, gate, report) stream results in a stable
order instead of loading a run into memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select, update

from phaseone.errors import RunNotFound
from phaseone.store.database import Store
from phaseone.store.models import CaseResult, Run, utcnow

_RESULTS = cast(Table, CaseResult.__table__)
_RUNS = cast(Table, Run.__table__)
_IN_CHUNK = 500
RUN_STATUSES = ("running", "completed", "interrupted", "stopped", "failed")
RUN_ROLES = ("pilot", "baseline", "canary", "online")  # online: sampled live traffic


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and short enough to type: ``20261126-114012-a1b2c3``."""
    now = now or utcnow()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def create_run(
    store: Store,
    *,
    project: str,
    suite: str,
    role: str,
    target_fingerprint: str,
    target_label: str,
    dataset_identity: dict[str, Any],
    config: dict[str, Any],
    plan_hash: str | None,
    total_cases: int | None,
    run_id: str | None = None,
) -> Run:
    run = Run(
        id=run_id or new_run_id(),
        project=project,
        suite=suite,
        role=role,
        plan_hash=plan_hash,
        target_fingerprint=target_fingerprint,
        target_label=target_label[:300],
        dataset_identity=dataset_identity,
        config=config,
        status="running",
        total_cases=total_cases,
        started_at=utcnow(),
    )
    with store.session() as s:
        s.add(run)
    return run


def get_run(store: Store, run_id: str) -> Run:
    """The run with this id, or its unique prefix (ids are long to type)."""
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None and len(run_id) >= 4:
            matches = list(s.scalars(select(Run).where(Run.id.startswith(run_id)).limit(5)))
            if len(matches) == 1:
                run = matches[0]
            elif matches:
                raise RunNotFound(
                    f"run id prefix {run_id!r} is ambiguous: " + ", ".join(m.id for m in matches),
                    fix="give more of the id",
                )
        if run is None:
            raise RunNotFound(
                f"no run {run_id!r} in the store", fix="list runs with `phaseone runs list`"
            )
        return run


def update_config(store: Store, run_id: str, changes: dict[str, Any]) -> None:
    """Record settings changed when a run is resumed (a raised ``max_cost``), so the run
    says what it finished under."""
    with store.session() as s:
        run = s.get(Run, run_id)
        if run is None:
            raise RunNotFound(f"no run {run_id!r} in the store")
        run.config = {**(run.config or {}), **changes}


def latest_run(
    store: Store,
    project: str,
    suite: str,
    role: str = "pilot",
    status: str | None = "completed",
    *,
    not_after: dt.datetime | None = None,
) -> Run | None:
    """The run of a suite in one role that observed the system last (``status=None``: any
    status).

    Ordered by when the run was last observed — finished, else started — not by when it
    started: a run started first, killed, and resumed after a newer run finished, holds
    the newest answers of the system, and it is what the gate must judge.

    Args:
        not_after: Leave out runs dated later than this — finished, started or with a case
            result stored after it (see `future_runs`). A run made on a machine whose clock
            runs ahead would otherwise be "newest" for as long as the clock error lasts,
            and hide every run observed since.
    """
    q = _runs_of(project, suite, role, status)
    if not_after is not None:
        q = q.where(~_dated_after(not_after))
    observed = func.coalesce(Run.finished_at, Run.started_at)
    q = q.order_by(observed.desc(), Run.started_at.desc(), Run.id.desc()).limit(1)
    with store.session() as s:
        return s.scalars(q).first()


def future_runs(
    store: Store,
    project: str,
    suite: str,
    role: str = "pilot",
    status: str | None = "completed",
    *,
    after: dt.datetime,
    limit: int = 20,
) -> list[Run]:
    """Runs of a suite dated later than ``after`` (started, finished or with a case result
    stored after it): made under a clock that was wrong. Newest first."""
    q = _runs_of(project, suite, role, status).where(_dated_after(after))
    observed = func.coalesce(Run.finished_at, Run.started_at)
    q = q.order_by(observed.desc(), Run.id.desc()).limit(limit)
    with store.session() as s:
        return list(s.scalars(q))


def _runs_of(project: str, suite: str, role: str, status: str | None) -> Any:
    q = select(Run).where(Run.project == project, Run.suite == suite, Run.role == role)
    return q if status is None else q.where(Run.status == status)


def _dated_after(when: dt.datetime) -> Any:
    """SQL condition: the run carries a time later than ``when``."""
    later = (
        select(CaseResult.id)
        .where(CaseResult.run_id == Run.id, CaseResult.created_at > when)
        .exists()
    )
    return (Run.started_at > when) | (Run.finished_at > when) | later


def list_runs(
    store: Store,
    project: str | None = None,
    *,
    suite: str | None = None,
    role: str | None = None,
    status: str | None = None,
    limit: int = 50,
) -> list[Run]:
    """Newest first."""
    q = select(Run)
    if project is not None:
        q = q.where(Run.project == project)
    if suite is not None:
        q = q.where(Run.suite == suite)
    if role is not None:
        q = q.where(Run.role == role)
    if status is not None:
        q = q.where(Run.status == status)
    q = q.order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)
    with store.session() as s:
        return list(s.scalars(q))


def finish_run(
    store: Store,
    run_id: str,
    *,
    status: str,
    summary: dict[str, Any] | None,
    finished: bool = True,
) -> None:
    values: dict[str, Any] = {"status": status, "summary": summary}
    if finished:
        values["finished_at"] = utcnow()
    with store.engine.begin() as conn:
        conn.execute(update(_RUNS).where(_RUNS.c.id == run_id).values(**values))


def set_run_status(store: Store, run_id: str, status: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            update(_RUNS).where(_RUNS.c.id == run_id).values(status=status, finished_at=None)
        )


def insert_results(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert case results, skipping any (run, case, repeat) already stored."""
    if not rows:
        return
    # Each dialect's insert is imported where used: loading the PostgreSQL dialect costs a
    # SQLite command ~20 ms at start-up.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        conn.execute(postgresql.insert(_RESULTS).on_conflict_do_nothing(), list(rows))
    elif conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(_RESULTS).on_conflict_do_nothing(), list(rows))
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported stores
        conn.execute(_RESULTS.insert(), list(rows))


def stored_keys(conn: Connection, run_id: str, case_ids: Iterable[str]) -> set[tuple[str, int]]:
    """Which (case id, repeat index) of these cases a run already has: for resuming."""
    done: set[tuple[str, int]] = set()
    ids = list(case_ids)
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i : i + _IN_CHUNK]
        rows = conn.execute(
            select(_RESULTS.c.case_id, _RESULTS.c.repeat_index).where(
                _RESULTS.c.run_id == run_id, _RESULTS.c.case_id.in_(chunk)
            )
        )
        done.update((c, int(r)) for c, r in rows)
    return done


def count_results(store: Store, run_id: str) -> int:
    with store.engine.connect() as conn:
        n = conn.execute(
            select(func.count()).select_from(_RESULTS).where(_RESULTS.c.run_id == run_id)
        ).scalar_one()
    return int(n)


def iter_case_results(
    store: Store, run_id: str, *, batch_size: int = 1000, errors_only: bool = False
) -> Iterator[CaseResult]:
    """Stream a run's results ordered by (case id, repeat index), never all in memory."""
    q = (
        select(CaseResult)
        .where(CaseResult.run_id == run_id)
        .order_by(CaseResult.case_id, CaseResult.repeat_index)
        .execution_options(yield_per=batch_size)
    )
    if errors_only:
        q = q.where(CaseResult.error_kind.is_not(None))
    with store.session() as s:
        for row in s.scalars(q):
            yield row
            s.expunge(row)


def iter_result_rows(
    store: Store, run_id: str, columns: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """Stream selected columns only (cheaper than ORM objects for 100k-case summaries)."""
    cols = [_RESULTS.c[name] for name in columns]
    q = (
        select(*cols)
        .where(_RESULTS.c.run_id == run_id)
        .order_by(_RESULTS.c.case_id, _RESULTS.c.repeat_index)
        .execution_options(yield_per=2000, stream_results=True)
    )
    with store.engine.connect() as conn:
        for row in conn.execute(q):
            yield tuple(row)


def mean_fresh_cost(
    store: Store, target_fingerprint: str, *, last_runs: int = 5
) -> tuple[float, int] | None:
    """Mean cost per fresh (not cached) call in the newest runs of this target: (mean, n)."""
    runs = _RUNS
    recent = (
        select(runs.c.id)
        .where(runs.c.target_fingerprint == target_fingerprint)
        .order_by(runs.c.started_at.desc())
        .limit(last_runs)
        .scalar_subquery()
    )
    q = select(func.avg(_RESULTS.c.cost), func.count(_RESULTS.c.cost)).where(
        _RESULTS.c.run_id.in_(recent),
        _RESULTS.c.cached.is_(False),
        _RESULTS.c.cost.is_not(None),
    )
    with store.engine.connect() as conn:
        mean, n = conn.execute(q).one()
    if not n:
        return None
    return float(mean), int(n)


# --- what a run observed, and its digest ----------------------------------------------------

#: The case-result columns a run's summary is computed from, in the order `ResultsDigest`
#: hashes them: ids, answers, verdicts, error kinds, measurements and timestamps.
RESULT_FACTS: tuple[str, ...] = (
    "case_id",
    "repeat_index",
    "tags",
    "scores",
    "passed",
    "error_kind",
    "latency_ms",
    "input_tokens",
    "output_tokens",
    "cost",
    "cached",
    "expected",
    "output",
    "created_at",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # aware UTC from `UTCDateTime` on every database
        return value.isoformat()
    return str(value)


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_canonical)
_DIGEST_CHUNK = 1000


class ResultsDigest:
    """SHA-256 over a run's case results, row by row in (case id, repeat) order.

    Rows of `RESULT_FACTS` values are hashed as canonical JSON (sorted keys, no spaces,
    timestamps in UTC), so the same results give the same digest on SQLite and
    PostgreSQL, and a changed answer, score, verdict, error kind or timestamp gives
    another one. It is fed while the summary streams the rows (no second read), and
    encodes them 1,000 at a time: one JSON call per row cost 2.6 s for 100,000 rows
    here, a chunk at a time 0.7 s.
    """

    def __init__(self) -> None:
        self._h = hashlib.sha256()
        self._chunk: list[Sequence[Any]] = []
        self.rows = 0

    def add(self, row: Sequence[Any]) -> None:
        self._chunk.append(row)
        self.rows += 1
        if len(self._chunk) >= _DIGEST_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._chunk:
            self._h.update(_ENCODER.encode(self._chunk).encode("utf-8"))
            self._h.update(b"\n")
            self._chunk = []

    def hexdigest(self) -> str:
        self._flush()
        return self._h.hexdigest()


def observed_span(store: Store, run_id: str) -> tuple[dt.datetime, dt.datetime] | None:
    """When a run's oldest and newest case results were stored (UTC), or None without any.

    A resumed run mixes answers of two sessions; its evidence is as old as its oldest
    answer, whatever its ``finished_at`` says.
    """
    with store.engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(_RESULTS.c.created_at), func.max(_RESULTS.c.created_at)).where(
                _RESULTS.c.run_id == run_id
            )
        ).one()
    if first is None or last is None:
        return None
    return first, last
