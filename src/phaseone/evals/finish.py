"""The end of a run: its status, its sealed summary in the store, and why it stopped.

Whatever way the calls ended, the run is stored before anything is raised: every
finished case is already committed, and the summary (sealed, so the gate can re-check it
from the case results: `integrity.py`) says how far it got. Only then does a run that
stopped early raise what the command turns into an exit code: over budget
(`CostLimitExceeded`), Ctrl-C (`RunInterrupted`), an outage (`InfrastructureStop`), or
the error that failed it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from phaseone.evals.executor import Execution
from phaseone.evals.integrity import summarise_sealed
from phaseone.evals.outage import TARGET, InfrastructureStop, OutageWatch
from phaseone.evals.stops import CostLimitExceeded, RunInterrupted
from phaseone.evals.summary import SummaryInputs
from phaseone.humanize import money
from phaseone.plan.loader import LoadedPlan
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.eval_io import keep_cached
from phaseone.store.models import Run
from phaseone.store.run_summary import summary_or_empty

#: A run's status by why its calls stopped (None: they all ran).
STATUS_BY_STOP: dict[str | None, str] = {
    None: "completed",
    "interrupted": "interrupted",
    "max_cost": "interrupted",
    "cancelled": "interrupted",
    "failed": "failed",
    "infrastructure": "stopped",
}


async def finish_run(
    loaded: LoadedPlan,
    store: Store,
    run: Run,
    done: Execution,
    outage: OutageWatch,
    *,
    repeat: int,
    max_cost: float | None,
) -> Run:
    """Store the run's status and sealed summary; raise why it stopped early, if it did.

    Returns:
        The completed run, read back from the store.

    Raises:
        RunInterrupted, CostLimitExceeded, InfrastructureStop: the run stopped early
        (stored as interrupted or stopped); or the error that failed it.
    """
    reason = done.stop_reason
    status = STATUS_BY_STOP.get(reason, "completed")
    notes: dict[str, Any] = {
        "status": status,
        "wall_s": round(done.wall_s, 3),
        "fresh_calls": done.fresh_calls,
        "spent": done.spent,
        "duplicate_case_ids": 0,
        "throttle": done.throttle,
    }
    if reason and reason != "completed":
        notes["stopped"] = reason
        if reason == "infrastructure" and outage.stop is not None:
            notes["stop_cause"] = outage.stop.reason()
            # Fresh target answers of the cases the stop dropped go to the cache all the
            # same: the resume then does not pay for them again.
            await asyncio.to_thread(keep_cached, store, outage.dropped_cache_rows())
    elif run.total_cases:
        stored = await asyncio.to_thread(run_store.count_results, store, run.id)
        missing = run.total_cases - stored
        if missing > 0:  # every case ran, so only repeated ids can be missing
            notes["duplicate_case_ids"] = missing // repeat
    try:
        # Sealed: the gate recomputes it from the case results (evals/integrity.py).
        inputs = SummaryInputs.of(run, loaded)
        summary = await asyncio.to_thread(summarise_sealed, store, run, inputs, notes=notes)
        run_store.finish_run(store, run.id, status=status, summary=summary)
        stored_run = run_store.get_run(store, run.id)
    except Exception:
        if done.error is not None:  # the store is what failed: report the first failure
            raise done.error from None
        raise
    if done.error is not None:
        raise done.error
    if reason == "interrupted":
        raise RunInterrupted(stored_run.id)
    if reason == "infrastructure":
        raise _outage_error(stored_run, outage)
    if reason == "max_cost":
        cur = loaded.plan.project.currency
        assert max_cost is not None  # the only way to stop for cost
        raise CostLimitExceeded(
            f"run {stored_run.id} stopped: spent {money(done.spent, cur)}; the next call "
            f"would exceed --max-cost {money(max_cost, cur)}",
            run_id=stored_run.id,
            fix=f"phaseone eval --resume {stored_run.id} --max-cost <higher limit>",
        )
    return stored_run


def _outage_error(run: Run, outage: OutageWatch) -> InfrastructureStop:
    stop = outage.stop
    assert stop is not None
    stored = summary_or_empty(run).n
    if stop.failure.component == TARGET:
        what = "bring the target back (check its URL, that it is running, its credentials)"
    else:
        what = f"fix the scorer {stop.failure.component!r} (the judge's base_url, model, api_key)"
    return InfrastructureStop(
        f"suite {run.suite!r} stopped: {stop.reason()}; {stored} finished case(s) kept",
        run_id=run.id,
        fix=f"{what}, then finish the run: phaseone eval --resume {run.id}",
    )
