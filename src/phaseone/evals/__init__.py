"""Evals: run suites against a target, summarise with statistics, compare runs.

Public surface (imported lazily, so `phaseone.evals.stats` stays cheap to import):

    EvalOptions              every option of an eval run, in one frozen object
    run_evals / arun_evals   what one `phaseone eval` runs: suites, a resume, the baseline
    EvalResult               the runs and baseline comparisons an eval made
    arun_suite / run_suite   run one suite, every case committed as it completes
    aresume / resume         finish a killed or interrupted run
    compute_summary          a run's summary from its stored results
    compare_runs             regressions, fixes, McNemar, paired bootstrap, non-inferiority
    RunComparison            what `compare_runs` returns (`to_json()` for `--format json`)
    open_cluster             a Dask cluster for `arun_suite(..., cluster=...)` (extra `dask`)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from phaseone.evals.cluster import open_cluster
    from phaseone.evals.compare import compare_runs
    from phaseone.evals.evaluation import EvalResult, arun_evals, run_evals
    from phaseone.evals.options import EvalOptions
    from phaseone.evals.run_comparison import RunComparison
    from phaseone.evals.runner import aresume, arun_suite, resume, run_suite
    from phaseone.evals.stops import CostLimitExceeded, RunInterrupted
    from phaseone.evals.summary import compute_summary

_EXPORTS = {
    "EvalOptions": "phaseone.evals.options",
    "EvalResult": "phaseone.evals.evaluation",
    "arun_evals": "phaseone.evals.evaluation",
    "run_evals": "phaseone.evals.evaluation",
    "arun_suite": "phaseone.evals.runner",
    "run_suite": "phaseone.evals.runner",
    "aresume": "phaseone.evals.runner",
    "resume": "phaseone.evals.runner",
    "CostLimitExceeded": "phaseone.evals.stops",
    "RunInterrupted": "phaseone.evals.stops",
    "compute_summary": "phaseone.evals.summary",
    "compare_runs": "phaseone.evals.compare",
    "RunComparison": "phaseone.evals.run_comparison",
    "open_cluster": "phaseone.evals.cluster",
}

__all__ = [
    "CostLimitExceeded",
    "EvalOptions",
    "EvalResult",
    "RunComparison",
    "RunInterrupted",
    "aresume",
    "arun_evals",
    "arun_suite",
    "compare_runs",
    "compute_summary",
    "open_cluster",
    "resume",
    "run_evals",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'phaseone.evals' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
