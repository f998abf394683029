"""One eval: the runs an `EvalOptions` asks for, in order, and the baseline comparisons.

What `phaseone eval` runs, and what the Python API's `run_evals` runs, is decided here
once: a resume, or each selected suite against the role's target — and for the success
metric's suite, its baseline (a baseline target run now, or a pinned baseline run) with
the comparison kept in the pilot's summary. With ``dask`` set, one cluster is opened for
all the runs. Printing is the caller's: this returns an `EvalResult`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from phaseone.errors import UsageError
from phaseone.evals.cluster import EvalCluster, open_cluster, parse_address
from phaseone.evals.compare import compare_runs
from phaseone.evals.loop import run_async
from phaseone.evals.options import EvalOptions
from phaseone.evals.preflight import check_datasets
from phaseone.evals.run_comparison import RunComparison
from phaseone.evals.runner import aresume, arun_suite
from phaseone.evals.scoring import find_suite
from phaseone.plan.loader import LoadedPlan
from phaseone.store import runs as run_store
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import BaselineComparison, summary_or_empty


@dataclass(frozen=True)
class BaselinePair:
    """A pilot run compared with a baseline run (by id)."""

    pilot: Run
    baseline_id: str


@dataclass(frozen=True)
class EvalResult:
    """What one eval left in the store.

    Attributes:
        runs: Every run made or finished, in order (a metric suite's baseline run right
            after its pilot run).
        comparisons: The baseline comparisons (`compare_runs`), one per pair.
        pairs: Which pilot run was compared with which baseline run.
    """

    runs: tuple[Run, ...]
    comparisons: tuple[RunComparison, ...] = ()
    pairs: tuple[BaselinePair, ...] = ()


def check_options(loaded: LoadedPlan, options: EvalOptions) -> None:
    """Refuse options that cannot work with this plan, before anything runs.

    Raises:
        UsageError: a bad setting (`EvalOptions.check`), or ``baseline=True`` without a
            baseline target in the plan.
    """
    options.check()
    metric = loaded.plan.success_metric
    base_cfg = metric.baseline if metric is not None else None
    if options.baseline and (base_cfg is None or base_cfg.target is None):
        raise UsageError(
            "--baseline needs success_metric.baseline.target in the plan",
            fix="add a baseline target to the plan, or drop --baseline",
        )


def attach_baseline(store: Store, pilot: Run, baseline_id: str, margin: float) -> RunComparison:
    """Compare the pilot run with a baseline run and keep the result in the pilot's summary.

    The gate and the reports read ``RunSummary.baseline`` (non-inferiority with the plan's
    margin, McNemar, regressions and fixes) without recomputing it.
    """
    m = summary_or_empty(pilot).metric
    confidence = m.confidence if m is not None and m.confidence is not None else 0.95
    comparison = compare_runs(store, baseline_id, pilot.id, confidence=confidence, margin=margin)
    ni = comparison.non_inferiority
    baseline = BaselineComparison(
        run_id=comparison.a.id,
        target=comparison.a.target,
        margin=margin,
        non_inferiority=ni.to_json() if ni is not None else None,
        mcnemar=comparison.mcnemar.to_json(),
        regressions=comparison.regressions.count,
        fixes=comparison.fixes.count,
        paired=comparison.paired,
    )
    # Added beside the sealed part: the seal leaves `baseline` out (evals/integrity.py).
    summary = {**(pilot.summary or {}), "baseline": baseline.to_json()}
    run_store.finish_run(store, pilot.id, status=pilot.status, summary=summary, finished=False)
    pilot.summary = summary
    return comparison


async def arun_evals(
    loaded: LoadedPlan,
    store: Store,
    options: EvalOptions,
    *,
    echo: Callable[[str], None] | None = None,
) -> EvalResult:
    """Run what `options` asks for and return the runs, comparisons included.

    Args:
        loaded: The plan.
        store: The plan's store.
        options: The one options object (`EvalOptions`).
        echo: Where to say what is happening (which suite runs, the cost estimate).

    Raises:
        UsageError: bad options, an unknown suite, a plan without suites;
        DatasetError: a dataset fails its checks (nothing has run);
        CostLimitExceeded, RunInterrupted, InfrastructureStop: a run stopped early
        (it is stored).
    """
    check_options(loaded, options)
    if options.dask is None:
        return await _run_all(loaded, store, options, None, echo)
    parse_address(options.dask)  # a typo fails before a cluster starts
    async with open_cluster(options.dask, concurrency=options.calls_in_flight) as cluster:
        if echo is not None:
            echo(f"running on Dask: {cluster.address}, {await cluster.workers()} worker(s)")
        return await _run_all(loaded, store, options, cluster, echo)


def run_evals(
    loaded: LoadedPlan,
    store: Store,
    options: EvalOptions,
    *,
    echo: Callable[[str], None] | None = None,
) -> EvalResult:
    """Blocking `arun_evals` (on uvloop when installed), for the CLI and scripts."""
    return run_async(arun_evals(loaded, store, options, echo=echo))


async def _run_all(
    loaded: LoadedPlan,
    store: Store,
    options: EvalOptions,
    cluster: EvalCluster | None,
    echo: Callable[[str], None] | None,
) -> EvalResult:
    def say(msg: str) -> None:
        if echo is not None:
            echo(msg)

    if options.resume is not None:
        run = await aresume(loaded, store, options.resume, options, cluster=cluster)
        return EvalResult((run,))
    plan = loaded.plan
    names = list(options.suites) or [s.name for s in plan.suites]
    if not names:
        raise UsageError("the plan has no suites", fix="add a suite under `suites:` in the plan")
    for name in names:
        find_suite(loaded, name)  # fail on a typo before running anything
    if len(names) > 1:  # a lone suite's run validates its dataset before its first call
        await check_datasets(loaded, store, names)
    runs: list[Run] = []
    if options.role != "pilot":  # one role only, e.g. re-running the baseline
        for name in names:
            say(f"suite {name}: running the {options.role} target")
            runs.append(await arun_suite(loaded, store, name, options, cluster=cluster, echo=echo))
        return EvalResult(tuple(runs))
    metric = plan.success_metric
    base_cfg = metric.baseline if metric is not None else None
    baseline_options = dataclasses.replace(options, role="baseline")
    comparisons: list[RunComparison] = []
    pairs: list[BaselinePair] = []
    for name in names:
        say(f"suite {name}: running against {plan.target.kind} target")
        pilot = await arun_suite(loaded, store, name, options, cluster=cluster, echo=echo)
        runs.append(pilot)
        is_metric = metric is not None and metric.suite == name
        if not is_metric or base_cfg is None or options.baseline is False:
            continue
        if base_cfg.target is not None:
            say(f"suite {name}: running the baseline target")
            base = await arun_suite(
                loaded, store, name, baseline_options, cluster=cluster, echo=echo
            )
            runs.append(base)
            comparisons.append(attach_baseline(store, pilot, base.id, base_cfg.margin))
            pairs.append(BaselinePair(pilot, base.id))
        elif base_cfg.run is not None:
            comparisons.append(attach_baseline(store, pilot, base_cfg.run, base_cfg.margin))
            pairs.append(BaselinePair(pilot, base_cfg.run))
    return EvalResult(tuple(runs), tuple(comparisons), tuple(pairs))
