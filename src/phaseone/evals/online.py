"""Online evals: a sampled share of live answers scored by a suite's reference-free scorers.

`phaseone watch` runs one pass per evaluation (`score_online`). A pass walks the live
traces the gateway stored (with their input and answer: `controls.monitoring.store_io`)
from where the last pass stopped, keeps those the deterministic sample picks
(`store.online_queries.sampled`: the same traces on every pass and every watcher), leaves
out those already scored, and scores the rest with the suite's scorers that need no
expected answer (`plan.slo_schema.reference_free`). Each batch is stored as it completes
in the `online` run of the trace's UTC day, so a killed pass loses at most one batch and
scores nothing twice; the cursor moves only after a batch is stored.

Traces are read through the store only: this module knows nothing of the gateway.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from phaseone.datasets.base import Case
from phaseone.evals.scoring import build_scorers_for, find_suite, jsonable, score_case
from phaseone.evals.summary import SummaryInputs, summarise
from phaseone.plan.loader import LoadedPlan
from phaseone.plan.slo_schema import OnlineEvals, reference_free
from phaseone.scorers.base import Scorer
from phaseone.store import online_queries as q
from phaseone.store import runs as run_store
from phaseone.store.case_rows import CaseRow, store_case_rows
from phaseone.store.database import Store
from phaseone.store.models import utcnow
from phaseone.targets.base import TargetResponse

#: Traces started this long before the cursor are read again: the gateway's trace writer
#: may store a request a little after later ones (scored ones are left out by id).
OVERLAP = dt.timedelta(minutes=5)
#: Trace ids read per page (ids and start times only; the sample is chosen from them).
PAGE = 5000
#: Answers scored and stored together (what a killed pass can lose, and re-score).
BATCH = 50
#: Answers scored at once (a judge is an HTTP call).
CONCURRENCY = 8


@dataclass
class OnlinePass:
    """What one pass did."""

    suite: str
    scorers: list[str]
    read: int = 0  #: candidate traces read
    sampled: int = 0  #: of those, in the sample
    scored: int = 0  #: newly scored and stored
    failed: int = 0  #: of those, failed by a scorer
    runs: list[str] = field(default_factory=list)  #: online runs written to


def online_suite(loaded: LoadedPlan, online: OnlineEvals) -> Any:
    """The suite with only its reference-free scorers (the plan guarantees one)."""
    suite = find_suite(loaded, online.suite)
    keep = [c for c in suite.scorers if reference_free(c)]
    return suite.model_copy(update={"scorers": keep})


def _run_config(suite: Any, online: OnlineEvals) -> dict[str, Any]:
    scorers = [c.model_dump(mode="json", by_alias=True, exclude={"api_key"}) for c in suite.scorers]
    return {
        "online_scorers": [c.label for c in suite.scorers],
        "scorers": scorers,
        "sample_rate": online.sample_rate,
    }


async def _score_one(scorers: list[Scorer], run_id: str, trace: q.LiveTrace) -> CaseRow:
    case = Case(id=trace.id, input=trace.input, expected=None, tags=("online",))
    response = TargetResponse(
        output=trace.output,
        latency_ms=trace.latency_ms or 0.0,
        input_tokens=trace.input_tokens,
        output_tokens=trace.output_tokens,
        cost=trace.cost or 0.0,
    )
    verdicts = await score_case(scorers, case, response)
    error = verdicts.error
    return CaseRow(
        run_id=run_id,
        case_id=trace.id,
        input=jsonable(trace.input),
        output=jsonable(trace.output),
        tags=["online"],
        scores=verdicts.stored_scores(),
        passed=None if error else verdicts.passed,
        error_kind="scorer" if error else None,
        error_message=error[:4000] if error else None,
        latency_ms=trace.latency_ms,
        input_tokens=trace.input_tokens,
        output_tokens=trace.output_tokens,
        cost=trace.cost,
        created_at=utcnow(),
    )


async def score_online(
    loaded: LoadedPlan,
    store: Store,
    online: OnlineEvals,
    *,
    window: dt.timedelta,
    now: dt.datetime | None = None,
) -> OnlinePass:
    """One pass (see the module docstring): at most ``online.max_per_pass`` new answers.

    Args:
        window: How far back the first pass looks (the SLO window): traces older than
            that are no longer live evidence.
        now: The clock (tests pass a fixed one).
    """
    now = now or utcnow()
    project = loaded.project
    suite = online_suite(loaded, online)
    scorers = build_scorers_for(suite, loaded, store)
    config = _run_config(suite, online)
    done = OnlinePass(online.suite, list(config["online_scorers"]))
    cursor = q.read_cursor(store, project, online.suite)
    since = (cursor - OVERLAP) if cursor is not None else now - window
    gate = asyncio.Semaphore(CONCURRENCY)
    runs: dict[dt.date, str] = {}
    started = utcnow()

    async def one(trace: q.LiveTrace) -> CaseRow:
        day = trace.started_at.astimezone(dt.UTC).date()
        if day not in runs:
            runs[day] = q.ensure_online_run(
                store,
                project=project,
                suite=online.suite,
                day=day,
                config=config,
                plan_hash=loaded.content_hash,
            )
        async with gate:
            return await _score_one(scorers, runs[day], trace)

    while done.scored < online.max_per_pass:
        page = q.candidate_traces(store, project, since, PAGE)
        done.read += len(page)
        picked = [(i, t) for i, t in page if q.sampled(i, online.sample_rate)]
        done.sampled += len(picked)
        already = q.scored_trace_ids(store, project, online.suite, [i for i, _ in picked])
        todo = [i for i, _ in picked if i not in already]
        room = online.max_per_pass - done.scored
        full = len(todo) > room
        traces = q.load_traces(store, todo[:room])
        for b in range(0, len(traces), BATCH):
            chunk = traces[b : b + BATCH]
            rows = await asyncio.gather(*(one(t) for t in chunk))
            store_case_rows(store, rows)
            done.scored += len(rows)
            done.failed += sum(1 for r in rows if r.passed is False)
            # Stored: the next pass may start here (minus the overlap).
            q.write_cursor(store, project, online.suite, chunk[-1].started_at)
        if full or len(page) < PAGE:
            if not full and page:
                q.write_cursor(store, project, online.suite, page[-1][1])
            break
        last = page[-1][1]
        if last <= since:  # a page of one instant: move on rather than read it again
            last = last + dt.timedelta(microseconds=1)
        q.write_cursor(store, project, online.suite, last)
        since = last
    done.runs = q.online_runs_touched(store, project, online.suite, started)
    for run_id in done.runs:
        _summarise(loaded, store, run_id)
    return done


def _summarise(loaded: LoadedPlan, store: Store, run_id: str) -> None:
    """An online run's summary after a pass, so `phaseone runs list` shows its pass rate.

    It is stored as completed every time (the run grows all day): the gate never reads
    role `online`, so this summary is a view for people, not evidence the gate cites."""
    run = run_store.get_run(store, run_id)
    inputs = SummaryInputs.of(run, None)
    inputs = SummaryInputs(
        metric=None,
        suite_threshold=None,
        max_infra_error_rate=loaded.plan.gate.max_infra_error_rate,
        scorer_kinds=inputs.scorer_kinds,
    )
    summary = summarise(store, run, inputs, notes={"online": True})
    run_store.finish_run(store, run_id, status="completed", summary=summary)


__all__ = ["OnlinePass", "online_suite", "score_online"]
