"""The Python API: what `import phaseone` gives a notebook, a script or a CI job.

Each entry point is what a CLI command does, without the printing and the exit code, on
the same objects the commands use, so a script and `phaseone eval` / `phaseone gate`
can never disagree::

    import phaseone

    with phaseone.workspace("phaseone.yaml") as ws:      # the plan and its store
        result = phaseone.run_evals(ws, phaseone.EvalOptions(suites=("happy",)))
        decision = phaseone.run_gate(ws)                 # appended to the decision log

The module sits at the top of the layers, beside `cli` (`docs/architecture.md`); the
package's `__init__` re-exports it lazily so that importing one small part of phaseone
(`phaseone.errors`, say) does not load the evals, the gate and the guard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from phaseone.datasets.base import Case
from phaseone.evals.evaluation import EvalResult
from phaseone.evals.evaluation import run_evals as _run_evals
from phaseone.evals.loop import run_async
from phaseone.evals.options import EvalOptions
from phaseone.evals.verdict import EvalVerdict
from phaseone.evals.verdict import eval_verdict as _eval_verdict
from phaseone.gate.decision import DecisionRecord, decide, evaluate
from phaseone.guard.pipeline import Guard
from phaseone.plan.components import ScorerConfig
from phaseone.plan.workspace import Workspace
from phaseone.scorers import Score, build_scorers
from phaseone.store.run_summary import RunSummary, summary_or_empty
from phaseone.targets.base import Target, TargetResponse

__all__ = ["build_guard", "eval_verdict", "run_evals", "run_gate", "score", "summaries"]


def run_evals(
    ws: Workspace,
    options: EvalOptions | None = None,
    *,
    echo: Callable[[str], None] | None = None,
) -> EvalResult:
    """Run what `options` asks for, exactly as `phaseone eval` would, and return the runs.

    Every case is a fresh call to the target and is stored as it completes; the result
    names the runs (and, for the success metric's suite, the baseline comparison).

    Args:
        ws: An open workspace (`workspace`).
        options: The one options object of an eval; default: every suite, the plan's
            settings, no progress bar.
        echo: Called with each line the CLI would print (which suite runs, the cost
            estimate); default: silent.

    Raises:
        PhaseoneError: a bad option, a dataset that fails its checks, a run stopped by
            its spend limit or by an outage (what was stored is kept; see the error's
            ``fix``).
    """
    return _run_evals(ws.loaded, ws.store, options or EvalOptions(progress=False), echo=echo)


def summaries(result: EvalResult) -> list[RunSummary]:
    """The typed summary of each run in `result`, in order (an empty one for a run that
    stopped before it had one)."""
    return [summary_or_empty(run) for run in result.runs]


def eval_verdict(ws: Workspace, result: EvalResult) -> EvalVerdict:
    """The eval's verdict as `phaseone eval`'s exit code reads it: the worst run verdict,
    and a metric PASS that does not hold with every look since the lock counted is
    INCONCLUSIVE (``.verdict``, ``.exit_code``: 0 PASS, 1 FAIL, 3 INCONCLUSIVE)."""
    return _eval_verdict(ws.loaded, ws.store, result.runs)


def score(
    scorers: Sequence[ScorerConfig | dict[str, Any]],
    output: Any,
    *,
    expected: Any = None,
    input: Any = "",
    latency_ms: float = 0.0,
    cost: float = 0.0,
) -> dict[str, Score]:
    """Judge one answer with the plan's scorers, from plain code (a pytest test, a notebook).

    Args:
        scorers: Scorer configs as the plan writes them (``{"kind": "contains", "value":
            "refund"}``) or the plan's own (``suite.scorers``); validated like the plan.
        output: The answer to judge, as a target would return it.
        expected: What the case expects (the plan's ``expected``), for the scorers that
            compare with it (exact, classification, numeric, …).
        input: The question asked; a judge or a custom scorer may read it.
        latency_ms: The answer's latency, for a ``latency`` scorer.
        cost: The answer's cost, for a ``cost`` scorer.

    Returns:
        Each scorer's `Score` (``passed``, ``value``, ``explanation``) by scorer name.

    Raises:
        ScorerError: a scorer config is invalid (the message names the field).
    """
    built = build_scorers(scorers)
    case = Case(id="api", input=input, expected=expected)
    response = TargetResponse(output=output, latency_ms=latency_ms, cost=cost)

    async def judge() -> dict[str, Score]:
        try:
            return {s.name: await s.score(case, response) for s in built}
        finally:
            for s in built:
                closer = getattr(s, "aclose", None)
                if closer is not None:
                    await closer()

    return run_async(judge())


def run_gate(
    ws: Workspace, *, record: bool = True, now: dt.datetime | None = None
) -> DecisionRecord:
    """Decide GO / NO-GO / INCONCLUSIVE from the stored evidence, as `phaseone gate` does.

    Args:
        ws: An open workspace.
        record: Append the decision to the hash-chained decision log (the default, as
            `phaseone gate`); ``False`` evaluates without storing (`gate --dry-run`).
        now: The decision's time (evidence ages are measured from it); default: now.

    Returns:
        The decision: ``outcome``, ``reasons``, every check's result, ``exit_code``
        (0 GO, 1 NO-GO, 3 INCONCLUSIVE) and, when recorded, its ``seq`` and hash.

    Raises:
        DecisionLogError: the decision log does not verify (checked before any check
            runs; nothing is appended).
    """
    if record:
        return decide(ws.loaded, ws.store, now=now)
    return evaluate(ws.loaded, ws.store, now=now)


def build_guard(
    ws: Workspace,
    *,
    target: Target | Callable[..., Any] | None = None,
    fallback_target: Target | None = None,
    auth_required: bool | None = None,
) -> Guard:
    """The plan's target behind the plan's controls, in this process: what `phaseone serve`
    runs behind HTTP. Call ``await guard.invoke(...)`` (see `Guard.invoke`) and
    ``await guard.aclose()`` when done.

    Args:
        ws: An open workspace; the guard keeps using its store (keys, traces, budgets).
        target: Guard this instead of the plan's target (a `Target`, or a Python
            callable taking the input).
        fallback_target: Use this instead of the plan's `resilience.fallback`.
        auth_required: Override `controls.auth.required` (``False`` for a caller in
            this process that holds no key).
    """
    return Guard.from_plan(
        ws.loaded,
        ws.store,
        target=target,
        fallback_target=fallback_target,
        auth_required=auth_required,
    )
