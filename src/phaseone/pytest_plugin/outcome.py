"""The suite's cases, its eval run and each case's stored result, as typed records.

Nothing here knows pytest: `session.py` asks for the cases at collection (`read_cases`),
runs the eval once (`run_suites`, through the public API, so the run is a normal run in
the store that `phaseone runs list` and the gate read), and reports each item from
`SuiteOutcome.results`. Under pytest-xdist, the workers that did not run the eval and
the controller read its runs back from the store (`read_runs`) instead of running the
suite again.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from phaseone import api
from phaseone.datasets import build_source
from phaseone.evals.evaluation import EvalResult
from phaseone.evals.loop import run_async
from phaseone.evals.options import EvalOptions
from phaseone.evals.scoring import find_suite
from phaseone.evals.verdict import EvalVerdict
from phaseone.plan.schema import Suite
from phaseone.plan.workspace import Workspace, workspace
from phaseone.store import runs as run_store
from phaseone.store.models import CaseResult, Run
from phaseone.store.run_summary import RunSummary, summary_or_empty


@dataclass(frozen=True)
class CaseInfo:
    """A case as a pytest item needs it: its id and tags (keywords for ``-k``)."""

    id: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Miss:
    """One scorer that failed a case (or the error that left it unscored)."""

    scorer: str
    explanation: str


@dataclass(frozen=True)
class CaseOutcome:
    """A case's stored result(s) in the run: one per repeat."""

    case_id: str
    passed: bool
    errored: bool
    expected: Any = None
    outputs: tuple[Any, ...] = ()
    misses: tuple[Miss, ...] = ()
    repeats: int = 1

    def describe(self) -> str:
        """The failure message: what was expected, what came, and each scorer's reason."""
        lines = []
        if self.expected is not None:
            lines.append(f"expected: {self.expected!r}")
        for i, out in enumerate(self.outputs):
            tag = f" (repeat {i + 1})" if self.repeats > 1 else ""
            lines.append(f"output{tag}: {out!r}")
        lines.extend(f"{m.scorer}: {m.explanation}" for m in self.misses)
        return "\n".join(lines)


@dataclass(frozen=True)
class SuiteOutcome:
    """What the session's eval left: its runs, each case's outcome and the verdict.

    Attributes:
        runs: The runs in order, with their typed summaries.
        results: Each case's outcome by (suite, case id), pilot runs only.
        verdict: The eval's verdict with every look at the metric counted.
    """

    runs: tuple[tuple[Run, RunSummary], ...]
    results: dict[tuple[str, str], CaseOutcome] = field(default_factory=dict)
    verdict: EvalVerdict = field(default_factory=lambda: EvalVerdict(None))

    @property
    def run_ids(self) -> tuple[str, ...]:
        """The runs' ids, in order: what `read_runs` reads back."""
        return tuple(run.id for run, _ in self.runs)


@dataclass(frozen=True)
class SuiteRun:
    """A suite's stored run as a test of the user's own reads it (the `phaseone_run`
    fixture): the run, its typed summary (``summary.metric`` holds the metric, its
    interval and the run's verdict) and the session's verdict, every look counted."""

    run: Run
    summary: RunSummary
    verdict: str | None


def read_cases(
    plan: Path,
    suite: str,
    *,
    source: Suite | None = None,
) -> list[CaseInfo]:
    """The suite's cases in dataset order, each id once (a duplicated id is one item).

    Args:
        plan, suite: The plan file and the suite's name.
        source: A marker's case source (`source.py`) to read instead of a plan suite.

    Raises:
        PlanError, StoreError: the plan or its store cannot be opened;
        UsageError: no such suite; DatasetError: the dataset cannot be read.
    """
    with ExitStack() as stack:
        # xdist workers all open the store at once while collecting; the store's
        # migration lock (`store.database`) lets one create a new store's tables.
        ws = stack.enter_context(workspace(plan))
        config = source if source is not None else find_suite(ws.loaded, suite)
        cases = build_source(config.dataset, ws.base_dir, ws.store)

        async def collect() -> list[CaseInfo]:
            seen: dict[str, CaseInfo] = {}
            async for case in cases.cases():
                if case.id not in seen:
                    tags = tuple(dict.fromkeys([*case.tags, *config.tags]))
                    seen[case.id] = CaseInfo(case.id, tags)
            return list(seen.values())

        return run_async(collect())


def run_suites(plan: Path, suites: Sequence[str], sources: Sequence[Suite] = ()) -> SuiteOutcome:
    """Run the suites as `phaseone eval --no-progress SUITE…` would, and read the results.

    Args:
        plan: The plan file.
        suites: The suites to run, by name: the plan's, and the `sources`' names.
        sources: The markers' case sources (`source.py`), run as if the plan listed them.

    Raises:
        PhaseoneError: what `phaseone.api.run_evals` raises (an outage stop, a dataset
        that fails its checks, a spend limit); what was stored is kept.
    """
    with workspace(plan) as ws:
        ws = with_sources(ws, sources)
        result = api.run_evals(ws, EvalOptions(suites=tuple(suites), progress=False))
        return _outcome(ws, result)


def with_sources(ws: Workspace, sources: Sequence[Suite]) -> Workspace:
    """The workspace whose plan also lists the markers' case sources, so they run down
    the same path as the plan's suites (`api.run_evals`). The plan file, its text and
    hash are unchanged: the runs record the plan they ran under, and each run records
    the suite's own scorers and dataset."""
    if not sources:
        return ws
    plan = ws.plan.model_copy(update={"suites": [*ws.plan.suites, *sources]})
    return Workspace(replace(ws.loaded, plan=plan), ws.store)


def read_runs(plan: Path, run_ids: Sequence[str]) -> SuiteOutcome:
    """The outcome of runs made by another process (an xdist worker), from the store."""
    with workspace(plan) as ws:
        runs = tuple(run_store.get_run(ws.store, rid) for rid in run_ids)
        return _outcome(ws, EvalResult(runs))


def _outcome(ws: Workspace, result: EvalResult) -> SuiteOutcome:
    results: dict[tuple[str, str], CaseOutcome] = {}
    for run in result.runs:
        if run.role != "pilot":
            continue
        rows: dict[str, list[CaseResult]] = {}
        for row in run_store.iter_case_results(ws.store, run.id):
            rows.setdefault(row.case_id, []).append(row)
        for case_id, repeats in rows.items():
            results[(run.suite, case_id)] = _case(case_id, repeats)
    return SuiteOutcome(
        runs=tuple((r, summary_or_empty(r)) for r in result.runs),
        results=results,
        verdict=api.eval_verdict(ws, result),
    )


def _case(case_id: str, rows: list[CaseResult]) -> CaseOutcome:
    misses: list[Miss] = []
    for row in rows:
        if row.error_kind is not None:
            misses.append(Miss(row.error_kind, row.error_message or "no answer"))
            continue
        for name, score in (row.scores or {}).items():
            if isinstance(score, dict) and not score.get("passed"):
                why = str(score.get("explanation") or score.get("error") or "did not pass")
                misses.append(Miss(name, why))
    return CaseOutcome(
        case_id=case_id,
        passed=all(r.passed for r in rows),
        errored=any(r.error_kind is not None for r in rows),
        expected=rows[0].expected,
        outputs=tuple(r.output for r in rows),
        misses=tuple(dict.fromkeys(misses)),
        repeats=len(rows),
    )


__all__ = [
    "CaseInfo",
    "CaseOutcome",
    "Miss",
    "SuiteOutcome",
    "read_cases",
    "read_runs",
    "run_suites",
    "with_sources",
]
