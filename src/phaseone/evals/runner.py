"""Running one suite, or resuming one run: the eval path from options to the store.

The path flows down once, each step in its own module:

    EvalOptions ─► parts (target, scorers, dataset: built once from the plan)
                ─► new_run (cost estimate, metric lock, run record) │ resumable (checks)
                ─► executor (calls, retries, budget, outage stop; scoring per case)
                ─► finish (status, sealed summary, why it stopped)

`arun_suite` starts a new run of a suite, `aresume` finishes a stored one; both take
one `EvalOptions`. On a Dask cluster (``cluster=``) the workers call the target and
score; everything else stays here. A whole ``phaseone eval`` — several suites, the
metric's baseline — is `evals.evaluation.run_evals`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Callable

from phaseone.evals import stats
from phaseone.evals.calls import CallPolicy
from phaseone.evals.cluster import EvalCluster
from phaseone.evals.executor import Executor, ScoreAnswer
from phaseone.evals.finish import finish_run
from phaseone.evals.loop import run_async
from phaseone.evals.new_run import create_run
from phaseone.evals.options import EvalOptions
from phaseone.evals.outage import OutageWatch
from phaseone.evals.parts import RunParts, open_parts
from phaseone.evals.resumable import check_same_system, reopen
from phaseone.evals.scoring import find_suite, score_case
from phaseone.plan.loader import LoadedPlan
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.targets.base import Target

Echo = Callable[[str], None]


async def arun_suite(
    loaded: LoadedPlan,
    store: Store,
    suite_name: str,
    options: EvalOptions | None = None,
    *,
    cluster: EvalCluster | None = None,
    echo: Echo | None = None,
) -> Run:
    """Run one suite against the target of ``options.role`` and store every case.

    Args:
        loaded: The plan.
        store: Where runs and case results go.
        suite_name: A suite of the plan.
        options: How to run (`EvalOptions`; its ``suites`` and ``resume`` are not read).
        cluster: Call the target and score on this Dask cluster (`evals.cluster`).
        echo: Where to say things before the run starts (the cost estimate, a warning
            that the metric's data differs from the lock).

    Returns:
        The finished run with its summary.

    Raises:
        UsageError: unknown suite/role; CostLimitExceeded: over ``max_cost``;
        RunInterrupted: stopped by SIGINT (the run is stored as ``interrupted``);
        InfrastructureStop: the target or a judge is down (stored as ``stopped``).
    """
    options = options or EvalOptions()
    suite = find_suite(loaded, suite_name)
    async with open_parts(loaded, store, suite, options, scores_here=cluster is None) as parts:
        run, per_call = await create_run(
            loaded,
            store,
            parts,
            options,
            cluster_address=cluster.address if cluster is not None else None,
            echo=echo,
        )
        return await _execute(loaded, store, run, parts, options, cluster, per_call, False)


async def aresume(
    loaded: LoadedPlan,
    store: Store,
    run_id: str,
    options: EvalOptions | None = None,
    *,
    cluster: EvalCluster | None = None,
) -> Run:
    """Finish a killed, interrupted or stopped run: only cases not yet stored are run.

    The target is rebuilt from the plan for the run's role and must have the same
    fingerprint; the dataset must have the same content hash — otherwise the finished
    run would mix two systems or two datasets, and it is refused. Every setting the run
    was started with is kept (`resumable.RECORDED_OPTIONS`); ``concurrency``, ``repeat`` or
    ``use_cache`` given in `options` and different from the recorded value is a
    `UsageError`. ``max_cost`` is the exception: a run stopped by its spend limit is
    resumed with a higher one, which is then recorded with the run.
    """
    run, resumed = reopen(loaded, store, run_id, options or EvalOptions())
    suite = find_suite(loaded, run.suite)
    async with open_parts(loaded, store, suite, resumed, scores_here=cluster is None) as parts:
        check_same_system(run, parts)
        per_call = float((run.config or {}).get("cost_estimate", {}).get("per_call", 0.0))
        run_store.set_run_status(store, run.id, "running")
        return await _execute(loaded, store, run, parts, resumed, cluster, per_call, True)


def run_suite(
    loaded: LoadedPlan, store: Store, suite_name: str, options: EvalOptions | None = None
) -> Run:
    """Blocking `arun_suite`, for scripts and notebooks without a running loop."""
    return run_async(arun_suite(loaded, store, suite_name, options))


def resume(
    loaded: LoadedPlan, store: Store, run_id: str, options: EvalOptions | None = None
) -> Run:
    """Blocking `aresume`."""
    return run_async(aresume(loaded, store, run_id, options))


@contextlib.asynccontextmanager
async def _calls(
    loaded: LoadedPlan,
    store: Store,
    parts: RunParts,
    options: EvalOptions,
    cluster: EvalCluster | None,
) -> AsyncIterator[tuple[Target, ScoreAnswer]]:
    """The target to call and the scoring of its answers: here, or on the cluster."""
    if cluster is None:
        yield parts.target, functools.partial(score_case, parts.scorers)
        return
    remote = await cluster.prepare(loaded, store.url, parts, options)
    try:
        yield remote.target, remote.score
    finally:
        await remote.aclose()


def _has_verdict(loaded: LoadedPlan, parts: RunParts) -> bool:
    """Whether the run's summary judges a verdict (the success metric on this suite, or
    the suite's threshold): its bounds need scipy.special; displayed intervals do not."""
    metric = loaded.plan.success_metric
    on_suite = metric is not None and metric.suite == parts.suite.name
    return on_suite or parts.suite.threshold is not None


async def _execute(
    loaded: LoadedPlan,
    store: Store,
    run: Run,
    parts: RunParts,
    options: EvalOptions,
    cluster: EvalCluster | None,
    per_call_estimate: float,
    resuming: bool,
) -> Run:
    # The summary needs numpy once the calls are done, and scipy for a verdict's bounds.
    stats.load_in_background(scipy=_has_verdict(loaded, parts))
    outage = OutageWatch()
    target_timeout = float(getattr(parts.target_config, "timeout_s", 30.0))
    async with _calls(loaded, store, parts, options, cluster) as (target, score):
        executor = Executor(
            store,
            run,
            parts.suite,
            parts.source,
            target,
            score,
            options,
            repeat=parts.repeat,
            policy=CallPolicy.of(options, target_timeout),
            per_call_estimate=per_call_estimate,
            resuming=resuming,
            outage=outage,
        )
        done = await executor.execute()
    return await finish_run(
        loaded, store, run, done, outage, repeat=parts.repeat, max_cost=options.max_cost
    )
