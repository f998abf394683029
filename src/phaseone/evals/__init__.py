"""Evals: run suites against a target, summarise with statistics, compare runs.

Public surface (imported lazily, so `phaseone.evals.stats` stays cheap to import):

    arun_suite / run_suite   run one suite, every case committed as it completes
    aresume / resume         finish a killed or interrupted run
    compute_summary          a run's summary from its stored results
    compare_runs             regressions, fixes, McNemar, paired bootstrap, non-inferiority
    RunOptions               retries, timeouts, max cost, signals, a Dask cluster
    open_cluster             a Dask cluster for `RunOptions(cluster=...)` (extra `dask`)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from phaseone.evals.cluster import open_cluster
    from phaseone.evals.compare import compare_runs
    from phaseone.evals.runner import (
        CostLimitExceeded,
        RunInterrupted,
        RunOptions,
        aresume,
        arun_suite,
        resume,
        run_suite,
    )
    from phaseone.evals.summary import compute_summary

_EXPORTS = {
    "arun_suite": "phaseone.evals.runner",
    "run_suite": "phaseone.evals.runner",
    "aresume": "phaseone.evals.runner",
    "resume": "phaseone.evals.runner",
    "RunOptions": "phaseone.evals.runner",
    "CostLimitExceeded": "phaseone.evals.runner",
    "RunInterrupted": "phaseone.evals.runner",
    "compute_summary": "phaseone.evals.summary",
    "compare_runs": "phaseone.evals.compare",
    "open_cluster": "phaseone.evals.cluster",
}

__all__ = [
    "CostLimitExceeded",
    "RunInterrupted",
    "RunOptions",
    "aresume",
    "arun_suite",
    "compare_runs",
    "compute_summary",
    "open_cluster",
    "resume",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'phaseone.evals' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
