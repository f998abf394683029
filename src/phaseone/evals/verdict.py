"""The one verdict of an eval: what `phaseone eval`'s exit code and the pytest plugin follow.

Each run's summary holds its own verdict (metric and suite threshold, at the plan's
confidence, `evals.summary`). The eval's verdict is the worst of them (FAIL, then
INCONCLUSIVE, then PASS), and a metric PASS that does not survive every look at the
metric since the lock (`evals.looks`) is INCONCLUSIVE, as the gate would read it. Kept in
one place so that the CLI and the pytest plugin can never disagree on an exit status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from phaseone.evals import looks, render
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store
from phaseone.store.models import Run


@dataclass(frozen=True)
class EvalVerdict:
    """The verdict of a set of runs, with every look at the metric counted.

    Attributes:
        verdict: PASS, FAIL or INCONCLUSIVE; None when no run has a verdict (no metric
            and no suite threshold).
        judged: The metric suite's runs judged with every look counted, by run id.
    """

    verdict: str | None
    judged: dict[str, looks.LookJudgement] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 PASS (or no verdict), 1 FAIL, 3 INCONCLUSIVE: the CLI's exit codes."""
        return int(render.exit_code_for(self.verdict))

    @property
    def demoted(self) -> bool:
        """A single-look PASS that is INCONCLUSIVE with every look counted."""
        return any(j.demoted for j in self.judged.values())


def eval_verdict(loaded: LoadedPlan, store: Store, runs: Sequence[Run]) -> EvalVerdict:
    """Judge `runs` as `phaseone eval` does for its exit code (and the gate for the metric).

    Args:
        loaded: The plan (which suite carries the success metric).
        store: The plan's store (the looks at the metric since the lock are counted there).
        runs: The runs of one eval (`EvalResult.runs`).
    """
    metric = loaded.plan.success_metric
    judged = {
        r.id: j
        for r in runs
        if metric is not None
        and (j := looks.judge_run(store, loaded.project, metric.suite, r)) is not None
    }
    verdict = render.overall_verdict(runs)
    if verdict == "PASS" and any(j.demoted for j in judged.values()):
        verdict = "INCONCLUSIVE"
    return EvalVerdict(verdict, judged)


__all__ = ["EvalVerdict", "eval_verdict"]
