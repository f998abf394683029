"""What online evals read and write: sampled live traces, their scores as `online` runs.

A live trace is scored once per suite, whatever happens to the watcher that scores it:
its result goes into the `online` run of the trace's UTC day (a deterministic id), and
``uq_case_once`` lets one (run, trace) in at most once, so a killed pass, a restarted
watcher or two watchers at once never store a trace twice. The passes walk the traces in
start order from a cursor kept in `settings`, re-reading a short overlap for traces the
gateway's writer stored late; traces already scored are left out by their ids.

Online runs have role ``online``: the gate's and the dashboard's readers ask for
``pilot`` (or ``baseline``/``canary``) runs by role, so live scoring never becomes
pilot evidence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Text, and_, case, cast, func, select
from sqlalchemy.exc import IntegrityError

from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.gate_queries import live_traffic
from phaseone.store.models import CaseResult, Run, Trace
from phaseone.store.settings import get_setting, set_setting

ONLINE_ROLE = "online"
_IN_CHUNK = 500


@dataclass(frozen=True)
class LiveTrace:
    """A live request with its stored input and answer: what an online scorer reads."""

    id: str
    started_at: dt.datetime
    input: Any
    output: Any
    latency_ms: float | None
    input_tokens: int | None
    output_tokens: int | None
    cost: float | None


def sampled(trace_id: str, rate: float) -> bool:
    """Deterministic sampling: the trace id's SHA-256, read as a number in [0, 1), below
    `rate`. Every watcher and every pass agrees on which traces are in the sample."""
    digest = hashlib.sha256(trace_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < rate


def online_run_id(project: str, suite: str, day: dt.date) -> str:
    """The id of a suite's online run for one UTC day (≤ 40 characters, sortable by day)."""
    tag = hashlib.sha256(f"{project}\0{suite}".encode()).hexdigest()[:10]
    return f"{day:%Y%m%d}-online-{tag}"


def _cursor_key(suite: str) -> str:
    return f"online_cursor:{suite}"[:100]


def read_cursor(store: Store, project: str, suite: str) -> dt.datetime | None:
    value = get_setting(store, project, _cursor_key(suite))
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def write_cursor(store: Store, project: str, suite: str, at: dt.datetime) -> None:
    set_setting(store, project, _cursor_key(suite), at.isoformat())


def _stored(column: Any) -> ColumnElement[bool]:
    """A JSON column that holds a value: neither SQL NULL nor JSON ``null`` (how a trace
    written without `store_io` keeps its input and answer)."""
    return and_(column.is_not(None), cast(column, Text) != "null")


def candidate_traces(
    store: Store, project: str, since: dt.datetime, limit: int
) -> list[tuple[str, dt.datetime]]:
    """(id, started_at) of live traces started at or after `since` that have a stored input
    and answer (not refused, not an error), oldest first: ids only, so sampling is cheap."""
    q = (
        select(Trace.id, Trace.started_at)
        .where(
            Trace.project == project,
            Trace.started_at >= since,
            _stored(Trace.input),
            _stored(Trace.output),
            Trace.outcome.in_(("ok", "fallback")),
            live_traffic(),
        )
        .order_by(Trace.started_at, Trace.id)
        .limit(limit)
    )
    with store.session() as s:
        return [(str(i), t) for i, t in s.execute(q)]


def scored_trace_ids(store: Store, project: str, suite: str, ids: list[str]) -> set[str]:
    """Which of these traces an online run of the suite already holds."""
    done: set[str] = set()
    with store.session() as s:
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i : i + _IN_CHUNK]
            rows = s.execute(
                select(CaseResult.case_id)
                .join(Run, Run.id == CaseResult.run_id)
                .where(
                    Run.project == project,
                    Run.suite == suite,
                    Run.role == ONLINE_ROLE,
                    CaseResult.case_id.in_(chunk),
                )
            )
            done.update(str(r[0]) for r in rows)
    return done


def load_traces(store: Store, ids: list[str]) -> list[LiveTrace]:
    """The traces with these ids, oldest first."""
    out: list[LiveTrace] = []
    with store.session() as s:
        for i in range(0, len(ids), _IN_CHUNK):
            rows = s.scalars(select(Trace).where(Trace.id.in_(ids[i : i + _IN_CHUNK])))
            out.extend(
                LiveTrace(
                    r.id,
                    r.started_at,
                    r.input,
                    r.output,
                    r.latency_ms,
                    r.input_tokens,
                    r.output_tokens,
                    r.cost,
                )
                for r in rows
            )
    out.sort(key=lambda t: (t.started_at, t.id))
    return out


def ensure_online_run(
    store: Store,
    *,
    project: str,
    suite: str,
    day: dt.date,
    config: dict[str, Any],
    plan_hash: str | None,
) -> str:
    """The suite's online run for `day`, created on first use (a second watcher creating it
    at the same moment finds it made)."""
    run_id = online_run_id(project, suite, day)
    with store.session() as s:
        if s.get(Run, run_id) is not None:
            return run_id
    try:
        run_store.create_run(
            store,
            project=project,
            suite=suite,
            role=ONLINE_ROLE,
            target_fingerprint="live",
            target_label="live traffic (sampled traces)",
            dataset_identity={"kind": "live_traces", "project": project},
            config=config,
            plan_hash=plan_hash,
            total_cases=None,
            run_id=run_id,
        )
    except IntegrityError:
        pass
    return run_id


@dataclass(frozen=True)
class OnlineCounts:
    """Online-scored live traces started in one window."""

    scored: int
    failed: int


def online_window_counts(
    store: Store, project: str, suite: str, since: dt.datetime, until: dt.datetime
) -> OnlineCounts:
    """Scored traces of the window (by when the request started) and how many failed; a
    trace whose scorer could not judge it (``passed`` null) is left out. One aggregate,
    over the online runs of the window's days only (a trace is in the run of its day)."""
    days = (until.astimezone(dt.UTC).date() - since.astimezone(dt.UTC).date()).days
    first = since.astimezone(dt.UTC).date()
    run_ids = [online_run_id(project, suite, first + dt.timedelta(days=d)) for d in range(days + 1)]
    q = (
        select(
            func.count(),
            func.sum(case((CaseResult.passed.is_(False), 1), else_=0)),
        )
        .select_from(CaseResult)
        .join(Trace, Trace.id == CaseResult.case_id)
        .where(
            CaseResult.run_id.in_(run_ids),
            CaseResult.passed.is_not(None),
            Trace.started_at >= since,
            Trace.started_at < until,
        )
    )
    with store.session() as s:
        n, bad = s.execute(q).one()
    return OnlineCounts(int(n or 0), int(bad or 0))


def online_outcomes_after(
    store: Store, project: str, suite: str, after_id: int, limit: int = 10_000
) -> list[tuple[int, bool]]:
    """(result id, passed) of online results stored after result `after_id`, in the order
    they were stored: the stream the drift monitor reads, each result once."""
    q = (
        select(CaseResult.id, CaseResult.passed)
        .join(Run, Run.id == CaseResult.run_id)
        .where(
            Run.project == project,
            Run.suite == suite,
            Run.role == ONLINE_ROLE,
            CaseResult.id > after_id,
            CaseResult.passed.is_not(None),
        )
        .order_by(CaseResult.id)
        .limit(limit)
    )
    with store.session() as s:
        return [(int(i), bool(p)) for i, p in s.execute(q)]


def online_inputs_after(
    store: Store, project: str, suite: str, after_id: int, limit: int = 2_000
) -> list[tuple[int, Any]]:
    """(result id, input) of online results stored after result `after_id`, in the order
    they were stored: the stream the input-length drift monitor reads."""
    return online_values_after(store, project, suite, after_id, "input", limit)


def online_values_after(
    store: Store,
    project: str,
    suite: str,
    after_id: int,
    column: Literal["input", "output"],
    limit: int = 2_000,
) -> list[tuple[int, Any]]:
    """(result id, input or answer) of online results stored after result `after_id`, in
    the order they were stored: the streams the length and label-mix monitors read."""
    value = CaseResult.input if column == "input" else CaseResult.output
    q = (
        select(CaseResult.id, value)
        .join(Run, Run.id == CaseResult.run_id)
        .where(
            Run.project == project,
            Run.suite == suite,
            Run.role == ONLINE_ROLE,
            CaseResult.id > after_id,
        )
        .order_by(CaseResult.id)
        .limit(limit)
    )
    with store.session() as s:
        return [(int(i), v) for i, v in s.execute(q)]


def pilot_inputs(store: Store, project: str, suite: str) -> tuple[str, list[Any]] | None:
    """The latest completed pilot run of the suite and its cases' inputs (first answers):
    the evaluation period the input-length drift compares with."""
    return pilot_values(store, project, suite, "input")


def pilot_values(
    store: Store, project: str, suite: str, column: Literal["input", "output"]
) -> tuple[str, list[Any]] | None:
    """The latest completed pilot run of the suite and its cases' inputs or answers (first
    repeats; answers of cases that failed to run are left out): the evaluation period."""
    run = run_store.latest_run(store, project, suite, role="pilot", status="completed")
    if run is None:
        return None
    values = [
        value
        for value, repeat, error in run_store.iter_result_rows(
            store, run.id, [column, "repeat_index", "error_kind"]
        )
        if repeat == 0 and (column == "input" or error is None)
    ]
    return (run.id, values) if values else None


def latest_online_scorers(store: Store, project: str, suite: str) -> list[str] | None:
    """The scorer names the newest online run of the suite scores with (from its config)."""
    with store.session() as s:
        config = s.scalar(
            select(Run.config)
            .where(Run.project == project, Run.suite == suite, Run.role == ONLINE_ROLE)
            .order_by(Run.started_at.desc(), Run.id.desc())
            .limit(1)
        )
    names = (config or {}).get("online_scorers")
    return [str(n) for n in names] if isinstance(names, list) else None


@dataclass(frozen=True)
class PilotBaseline:
    """The pass rate of the suite's latest completed pilot run on the online scorers."""

    run_id: str
    passed: int
    judged: int

    @property
    def rate(self) -> float:
        return self.passed / self.judged


def pilot_baseline(
    store: Store, project: str, suite: str, scorers: list[str]
) -> PilotBaseline | None:
    """p0 for drift: of the latest completed pilot run's first answers, the share every one
    of `scorers` passed (answers a scorer could not judge are left out). The pilot run's
    own pass rate also counts reference scorers live traffic cannot be scored with, so it is
    not the rate to compare with."""
    run = run_store.latest_run(store, project, suite, role="pilot", status="completed")
    if run is None or not scorers:
        return None
    passed = judged = 0
    for (scores,) in run_store.iter_result_rows(store, run.id, ["scores"]):
        verdicts = [((scores or {}).get(n) or {}).get("passed") for n in scorers]
        if any(v is None for v in verdicts):
            continue
        judged += 1
        passed += all(bool(v) for v in verdicts)
    return PilotBaseline(run.id, passed, judged) if judged else None


def online_runs_touched(store: Store, project: str, suite: str, since: dt.datetime) -> list[str]:
    """Online runs of the suite with a result stored since `since` (to re-summarise)."""
    q = (
        select(Run.id)
        .where(
            Run.project == project,
            Run.suite == suite,
            Run.role == ONLINE_ROLE,
            select(CaseResult.id)
            .where(and_(CaseResult.run_id == Run.id, CaseResult.created_at >= since))
            .exists(),
        )
        .order_by(Run.id)
    )
    with store.session() as s:
        return [str(r) for r in s.scalars(q)]


__all__ = [
    "ONLINE_ROLE",
    "LiveTrace",
    "OnlineCounts",
    "PilotBaseline",
    "candidate_traces",
    "ensure_online_run",
    "latest_online_scorers",
    "load_traces",
    "online_inputs_after",
    "online_outcomes_after",
    "online_run_id",
    "online_runs_touched",
    "online_values_after",
    "online_window_counts",
    "pilot_baseline",
    "pilot_inputs",
    "pilot_values",
    "read_cursor",
    "sampled",
    "scored_trace_ids",
    "write_cursor",
]
