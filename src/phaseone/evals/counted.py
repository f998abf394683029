"""A stored run's verdict as the gate counts it, for every surface that shows one.

A run's summary keeps the verdict it was given when it finished: for the metric's suite a
single-look figure at the plan's confidence, whether or not its answers were observed.
The gate reads it differently — every look at the metric since the lock is counted
(`phaseone.evals.looks`), answers reused from the response cache are not evidence
(`phaseone.evals.freshness`), and a run stopped by an outage measured nothing. The
dashboard, `runs list` and `runs show` read `CountedVerdict` so they say what the gate
would say (issue #15: "GO means this system, as it runs today, met the agreed number").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from phaseone.evals.freshness import Freshness
from phaseone.evals.looks import LookJudgement, judge_run
from phaseone.plan.loader import LoadedPlan
from phaseone.store.database import Store
from phaseone.store.models import Run
from phaseone.store.run_summary import run_summary, summary_or_empty


@dataclass(frozen=True)
class CountedVerdict:
    """One run's verdict, counted the way the gate counts it.

    Attributes:
        run_id: The run.
        status: The run's status (``completed``, ``interrupted``, ``stopped``, …).
        stored: The verdict in the run's summary (for the metric suite: one look alone).
        verdict: The verdict with every look since the lock counted: the stored one,
            except a PASS of the metric's suite that does not survive its look's level,
            which is INCONCLUSIVE (as in `phaseone eval` and the gate's evals.metric).
        look: The run's look number since the lock (metric-suite pilot runs only).
        look_text: ``look 3 since the lock: judged at 99.58% one-sided``.
        reused_answers: Answers taken from the response cache (``--cache``): a run with
            any is not evidence for the gate.
        stop_cause: Why an outage stopped the run (status ``stopped``), else None.
        judgement: The full look judgement (None off the metric suite).
    """

    run_id: str
    status: str
    stored: str | None
    verdict: str | None
    look: int | None = None
    look_text: str | None = None
    reused_answers: int = 0
    stop_cause: str | None = None
    judgement: LookJudgement | None = None

    @property
    def evidence(self) -> bool:
        """Could the gate use this run: completed, and every answer observed now."""
        return self.status == "completed" and self.reused_answers == 0

    @property
    def not_evidence(self) -> str | None:
        """``not evidence (24 reused answers)``, or None when the answers are all fresh."""
        if not self.reused_answers:
            return None
        plural = "" if self.reused_answers == 1 else "s"
        return f"not evidence ({self.reused_answers:,} reused answer{plural})"

    @property
    def demoted(self) -> bool:
        """PASS as one look, not once every look since the lock is counted."""
        return self.stored == "PASS" and self.verdict != "PASS"

    def short(self) -> str:
        """The verdict with its look, for a table cell: ``INCONCLUSIVE (look 3)``."""
        text = self.verdict or "—"
        return f"{text} (look {self.look})" if self.look is not None else text

    def as_dict(self) -> dict[str, Any]:
        """The typed fields `/api/summary` and ``runs list --format json`` carry."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "verdict": self.verdict,
            "single_look_verdict": self.stored,
            "look": self.look,
            "look_text": self.look_text,
            "reused_answers": self.reused_answers,
            "evidence": self.evidence,
            "not_evidence": self.not_evidence,
            "stop_cause": self.stop_cause,
        }


def stop_cause(run: Run) -> str | None:
    """The outage that stopped a run, as the runner recorded it (None otherwise)."""
    execution = summary_or_empty(run).execution
    return execution.stop_cause if execution is not None and execution.stop_cause else None


def counted_verdict(loaded: LoadedPlan, store: Store, run: Run) -> CountedVerdict:
    """Read ``run`` as the gate does (see the module docstring).

    Args:
        loaded: The plan: which suite carries the success metric.
        store: The store holding the run and the metric locks (looks are counted there).
        run: A stored run of any suite, role or status.
    """
    summary = run_summary(run)
    stored = (summary.verdict if summary is not None else None) or None
    metric = loaded.plan.success_metric
    judged = None if metric is None else judge_run(store, loaded.project, metric.suite, run)
    verdict = stored
    if judged is not None and stored == "PASS" and judged.demoted:
        verdict = "INCONCLUSIVE"  # the gate's and `phaseone eval`'s reading
    return CountedVerdict(
        run_id=run.id,
        status=run.status,
        stored=stored,
        verdict=verdict,
        look=judged.looks.look if judged is not None else None,
        look_text=judged.looks.describe() if judged is not None else None,
        reused_answers=Freshness.of(summary).reused_answers if summary is not None else 0,
        stop_cause=stop_cause(run),
        judgement=judged,
    )


__all__ = ["CountedVerdict", "counted_verdict", "stop_cause"]
