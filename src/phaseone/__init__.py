"""phaseone: turn an AI pilot into phase one of a production system.

The Python API (documented in the README, "In Python"; each name's docstring says more):

    workspace(path)            the plan and its store, as a context manager
    load_plan(path)            the validated plan alone (`PlanError` with file:line when not)
    EvalOptions                every option of an eval, in one frozen object
    run_evals(ws, options)     what `phaseone eval` runs; returns an `EvalResult`
    summaries(result)          each run's typed `RunSummary`
    eval_verdict(ws, result)   the eval's PASS / FAIL / INCONCLUSIVE and exit code
    score(scorers, output)     judge one answer with the plan's scorers, from plain code
    run_gate(ws, record=True)  what `phaseone gate` decides; returns a `DecisionRecord`
    build_guard(ws)            the plan's target behind its controls, in process (`Guard`)
    PhaseoneError              the root of every error phaseone raises on purpose

They are loaded on first use, so `import phaseone.errors` or the CLI's
`--help` do not pay for the evals, the gate and the guard.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from phaseone.api import build_guard, eval_verdict, run_evals, run_gate, score, summaries
    from phaseone.errors import PhaseoneError
    from phaseone.evals.evaluation import EvalResult
    from phaseone.evals.options import EvalOptions
    from phaseone.evals.verdict import EvalVerdict
    from phaseone.gate.decision import DecisionRecord
    from phaseone.guard.pipeline import Guard
    from phaseone.plan.loader import LoadedPlan, load_plan
    from phaseone.plan.workspace import Workspace, workspace
    from phaseone.store.run_summary import RunSummary

#: Each public name and the module that defines it, imported on first use.
_HOMES = {
    "build_guard": "phaseone.api",
    "run_evals": "phaseone.api",
    "run_gate": "phaseone.api",
    "summaries": "phaseone.api",
    "eval_verdict": "phaseone.api",
    "score": "phaseone.api",
    "EvalVerdict": "phaseone.evals.verdict",
    "PhaseoneError": "phaseone.errors",
    "EvalResult": "phaseone.evals.evaluation",
    "EvalOptions": "phaseone.evals.options",
    "DecisionRecord": "phaseone.gate.decision",
    "Guard": "phaseone.guard.pipeline",
    "LoadedPlan": "phaseone.plan.loader",
    "load_plan": "phaseone.plan.loader",
    "Workspace": "phaseone.plan.workspace",
    "workspace": "phaseone.plan.workspace",
    "RunSummary": "phaseone.store.run_summary",
}

__all__ = [
    "DecisionRecord",
    "EvalOptions",
    "EvalResult",
    "EvalVerdict",
    "Guard",
    "LoadedPlan",
    "PhaseoneError",
    "RunSummary",
    "Workspace",
    "build_guard",
    "eval_verdict",
    "load_plan",
    "run_evals",
    "run_gate",
    "score",
    "summaries",
    "workspace",
]


def __getattr__(name: str) -> Any:
    # PEP 562: the API module imports the evals, the gate and the guard; load it only when
    # one of its names is asked for, not whenever any phaseone module is imported.
    home = _HOMES.get(name)
    if home is not None:
        return getattr(importlib.import_module(home), name)
    raise AttributeError(f"module 'phaseone' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
