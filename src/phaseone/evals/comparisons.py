"""Many comparisons with the baseline, one guarantee: each one is counted like a look.

Non-inferiority against a baseline is a test too, and it is repeated: every new pilot run
of the metric's suite is compared with the baseline again, and so is every new run of the
baseline target. A pilot that is really worse than the baseline by the margin passes one
comparison at most ``1 − confidence`` of the time; re-running until one comparison
passes does not keep that promise, for the same reason re-running the metric does not
(`phaseone.evals.looks`). So the gate's ``evals.baseline`` check spends its error rate
the same way:

**What counts as a comparison.** The gate compares the latest pilot run with the baseline
run; a new comparison exists whenever either side is new. Since the lock in force when
the pilot run started, comparison ``k = (pilot looks up to this pilot run) + (baseline
runs up to the later of the two runs) − 1``: each new run of either side adds one pair,
so no two comparisons share a number (the union bound needs exactly that). Baseline runs
are runs of the metric's suite with role ``baseline`` that ended with a summary. A plan
that pins its baseline (``success_metric.baseline.run``) compares with that one run only,
so ``k`` is the pilot's look. Running the pilot and the baseline target together
(``phaseone eval`` with ``baseline.target``) adds two to the count per invocation: the
pair (new pilot, previous baseline) existed in between and could have been gated. That
is stricter than strictly needed, never more lenient; pin a baseline run to count pilot
runs only.

**How a comparison is judged.** Comparison ``k`` is judged at one-sided confidence
``1 − α/(k(k+1))`` (``α = 1 − confidence``) — 97.5 % for the first at a 95 % plan, where
the single comparison used 95 % one-sided — and, as for the metric, the count can only
turn a pass into INCONCLUSIVE: an "inferior" or "inconclusive" single comparison stands.

**Why not ``evals.no_regression``.** That check passes when McNemar's test does *not*
find a significant regression against the last GO's run. Spending α over its looks would
judge later looks at a stricter level, which makes a rejection rarer and the check easier
to pass: the opposite of the guarantee. What stops re-running until no regression shows is
``evals.metric``: the run no_regression reads is the metric's latest run, and every look
at it is counted there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from phaseone.evals import stats
from phaseone.evals.looks import LOOK_STATUSES, SKEW_S, count_looks
from phaseone.evals.run_comparison import Verdicted
from phaseone.store.database import Store
from phaseone.store.looks_repo import count_baseline_runs
from phaseone.store.models import Run

#: Non-inferiority verdicts that pass the check.
PASSING = frozenset({"superior", "non-inferior"})

#: The rule in one sentence, for docs and check descriptions.
COMPARISONS_RULE = (
    "every comparison with the baseline since the lock counts: comparison k (pilot looks + "
    "baseline runs − 1) is judged at one-sided confidence 1 − α/(k(k+1)), α = 1 − confidence"
)

State = Literal["pass", "fail", "inconclusive"]
#: A non-inferiority result: `run_comparison.NonInferiorityOutcome` from the gate and the
#: CLI, or whatever a simulation judges with.
V = TypeVar("V", bound=Verdicted)


@dataclass(frozen=True)
class Comparisons:
    """Where one pilot-vs-baseline comparison stands among the comparisons since the lock.

    Attributes:
        number: ``k``, this comparison's number since the lock (1 = first).
        pilot_look: The pilot run's look at the metric since the lock.
        baseline_runs: Baseline runs counted (1 when the baseline is pinned).
        confidence: The plan's confidence (the single comparison's one-sided level).
        pinned: The plan names the baseline run (``success_metric.baseline.run``).
        relocked: The count restarted at a re-lock.
    """

    number: int
    pilot_look: int
    baseline_runs: int
    confidence: float
    pinned: bool = False
    relocked: bool = False

    @classmethod
    def at(cls, number: int, confidence: float) -> Comparisons:
        """Comparison ``number`` with nothing else known (simulations, tests)."""
        return cls(number=number, pilot_look=number, baseline_runs=1, confidence=confidence)

    @property
    def level(self) -> float:
        """The one-sided confidence this comparison is judged at."""
        return stats.look_confidence(self.number, self.confidence)

    def describe(self) -> str:
        """``comparison 3 since the lock (pilot look 2, 2 baseline runs): judged at
        99.58% one-sided``."""
        since = "since the re-lock" if self.relocked else "since the lock"
        runs = (
            "the pinned baseline run"
            if self.pinned
            else (f"{self.baseline_runs} baseline run{'' if self.baseline_runs == 1 else 's'}")
        )
        return (
            f"comparison {self.number} {since} (pilot look {self.pilot_look}, {runs}): "
            f"judged at {stats.format_level(self.level)} one-sided"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "pilot_look": self.pilot_look,
            "baseline_runs": self.baseline_runs,
            "pinned": self.pinned,
            "relocked": self.relocked,
            "confidence": self.confidence,
            "level": self.level,
            "level_text": stats.format_level(self.level),
            "describe": self.describe(),
            "rule": COMPARISONS_RULE,
        }


def count_comparisons(
    store: Store,
    project: str,
    suite: str,
    pilot: Run,
    baseline: Run,
    confidence: float,
    *,
    pinned: bool,
) -> Comparisons:
    """Number the comparison of ``pilot`` with ``baseline`` among those since the lock.

    Args:
        store: The store holding the runs and the metric locks.
        project: The plan's project name.
        suite: The metric's suite.
        pilot: The pilot run compared (a run of ``suite``).
        baseline: The baseline run it is compared with.
        confidence: The plan's confidence.
        pinned: The plan pins ``baseline`` (``success_metric.baseline.run``): the only
            baseline any comparison uses, so baseline runs add nothing to the count.
    """
    looks = count_looks(store, project, suite, pilot.id, confidence)
    runs = 1
    if not pinned:
        upto = max(pilot.started_at, baseline.started_at)
        since = None
        if looks.locked_at is not None:
            since = looks.locked_at - dt.timedelta(seconds=SKEW_S)
        found = count_baseline_runs(
            store, project, suite, statuses=LOOK_STATUSES, upto=upto, since=since
        )
        runs = max(1, found)  # a baseline from before the lock: one
    return Comparisons(
        number=looks.look + runs - 1,
        pilot_look=looks.look,
        baseline_runs=runs,
        confidence=confidence,
        pinned=pinned,
        relocked=looks.relocked,
    )


@dataclass(frozen=True)
class BaselineJudgement(Generic[V]):
    """A non-inferiority comparison with every comparison since the lock counted.

    Attributes:
        comparisons: Where this comparison stands.
        single: The non-inferiority result at the plan's confidence (one comparison).
        at_level: The result at the comparison's level; None unless ``single`` passed
            (a stricter level cannot turn a fail or an undecided result into a pass).
        state: ``pass`` only when both pass; ``fail`` when the single comparison shows
            the pilot inferior; else ``inconclusive``.
    """

    comparisons: Comparisons
    single: V
    at_level: V | None
    state: State

    @property
    def demoted(self) -> bool:
        """Passes as one comparison, not once every comparison is counted."""
        return self.single.verdict in PASSING and self.state != "pass"

    def as_dict(self) -> dict[str, Any]:
        at = self.at_level
        return {
            **self.comparisons.as_dict(),
            "single_verdict": self.single.verdict,
            "verdict_at_level": None if at is None else at.verdict,
            "at_level": None if at is None else at.to_json(),
            "state": self.state,
            "demoted": self.demoted,
        }


def judge_baseline(compare: Callable[[float], V], comparisons: Comparisons) -> BaselineJudgement[V]:
    """Judge a pilot-vs-baseline comparison at its number's level.

    Args:
        compare: The non-inferiority result at a one-sided confidence (the gate passes
            `compare.compare_non_inferiority`; simulations wrap `stats.non_inferiority`
            in `NonInferiorityOutcome.tested`), so both follow the same path.
        comparisons: Where the comparison stands (`count_comparisons`).
    """
    single = compare(comparisons.confidence)
    verdict = single.verdict
    if verdict in PASSING:
        at = compare(comparisons.level)
        state: State = "pass" if at.verdict in PASSING else "inconclusive"
        return BaselineJudgement(comparisons, single, at, state)
    return BaselineJudgement(
        comparisons, single, None, "fail" if verdict == "inferior" else "inconclusive"
    )


__all__ = [
    "COMPARISONS_RULE",
    "PASSING",
    "BaselineJudgement",
    "Comparisons",
    "count_comparisons",
    "judge_baseline",
]
