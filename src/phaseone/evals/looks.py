"""Many looks, one guarantee: every look at the locked metric is counted.

The gate promises that a system whose true rate is at (or below) the threshold gets GO at
most ``1 − confidence`` of the time. One run keeps that promise; re-running the suite until
one run passes does not (see `phaseone.evals.stats.look_alpha`). So the verdict that can
support a GO is judged at the level of its look:

**What counts as a look.** Every pilot run of the metric's suite that scored at least one
answer, whatever its status — completed, interrupted (Ctrl-C, ``--max-cost``), stopped,
failed, or still "running" in the store because its process was killed (``kill -9``, a
closed laptop) — started since the lock that was in force when it started. Whether a gate
was run on it does not matter: reading the verdict in ``phaseone eval``, a CI log or the
running pass rate on the progress display is a look, so a run stopped because it trended
badly is counted like one that finished. Runs that scored no answer, baseline and canary
runs, and runs of other suites are not looks. A resumed run is the same run, so
it stays one look. A re-lock (``phaseone lock --reason …``) that changes what a run
measures (suite, scorer, aggregate, label, threshold, direction or dataset) starts a new
count; a re-lock of anything else (the metric's name, confidence, min_cases, the gate's
bars) does not. Every report flags each re-lock with its reason and what it changed.

**How a look is judged.** Look ``k`` is judged at one-sided confidence ``1 − α/(k(k+1))``
(``α = 1 − confidence``): 97.5 % for the first look at a 95 % plan, 99.17 % for the second,
99.911 % for the seventh. The run's stored summary keeps its single-look figure at the plan's
confidence; the look-adjusted verdict is computed from it here, by the gate and by
``phaseone eval`` alike, and it can only turn a PASS into INCONCLUSIVE (a FAIL, an
INCONCLUSIVE and the ``min_cases`` rule stand as they are).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from phaseone.evals import stats
from phaseone.plan.lock import AUTO_LOCKER, measuring_change
from phaseone.store.database import Store
from phaseone.store.looks_repo import pilot_runs, run_started_at
from phaseone.store.models import Run
from phaseone.store.plans import metric_locks
from phaseone.store.run_summary import MetricResult, summary_or_empty

#: Run statuses that ended with a summary a person could read. Kept for callers; a run of
#: any status with a scored answer is a look (`count_looks`).
LOOK_STATUSES = ("completed", "interrupted", "failed")
#: Statuses of runs that never ended in the store: killed mid-way (no process left to
#: record an end) or still running. Their scored answers were on screen, so they are looks.
UNFINISHED_STATUSES = frozenset({"running"})
#: Aggregates that are a rate k/n: re-judged with the exact bound.
RATE_AGGREGATES = frozenset({"pass_rate", "accuracy", "precision", "recall"})
#: Seconds of clock skew tolerated between a lock and the run that triggered it (as in the
#: gate's metric.locked check); a run started this soon before a lock counts after it.
SKEW_S = 5.0

#: The rule in one paragraph, for docs, reports and CLI output.
LOOKS_RULE = (
    "Every look at the locked metric counts: each pilot run of the metric's suite that "
    "scored at least one answer since the lock is a look, whatever its status (completed, "
    "interrupted, stopped, failed, or killed mid-way), whether or not a gate was run on it. "
    "Look k is judged at one-sided confidence "
    "1 − α/(k(k+1)), α = 1 − confidence (at 95 %: 97.5 % for look 1, 99.17 % for look 2, "
    "99.911 % for look 7). These error rates add up to less than α over any number of looks, "
    "so re-running until a run passes cannot raise the false-GO rate above α, whatever the "
    "dependence between runs (union bound). A re-lock (`phaseone lock --reason`) that "
    "changes what a run measures (suite, scorer, aggregate, label, threshold, direction or "
    "dataset) starts a new count; one that only renames the metric or moves other bars "
    "does not. Every re-lock is flagged, with what it changed, on every report."
)

State = Literal["PASS", "FAIL", "INCONCLUSIVE"]


@dataclass(frozen=True)
class Looks:
    """Where one run stands among the looks at the metric since the lock in force.

    Attributes:
        look: The run's own number among the looks since its lock (1 = first look).
        total: Looks since that lock so far (``≥ look``: later runs are looks too).
        confidence: The plan's confidence (the single-look level).
        lock_id / locked_at: The lock in force when the run started (None: no lock).
        relocked: That lock is not the first one: the count restarted at a re-lock.
        since_first_lock: Looks since the very first lock, across re-locks.
        unfinished: Looks since that lock by runs that never ended in the store (killed
            mid-way, or still running): counted all the same, and said so.
    """

    look: int
    total: int
    confidence: float
    lock_id: int | None = None
    locked_at: dt.datetime | None = None
    relocked: bool = False
    since_first_lock: int = 0
    unfinished: int = 0

    @classmethod
    def at(cls, look: int, confidence: float) -> Looks:
        """Look ``look`` with nothing else known (simulations, tests)."""
        return cls(look=look, total=look, confidence=confidence, since_first_lock=look)

    @property
    def alpha(self) -> float:
        return stats.look_alpha(self.look, 1 - self.confidence)

    @property
    def level(self) -> float:
        """The one-sided confidence this look is judged at."""
        return stats.look_confidence(self.look, self.confidence)

    def describe(self) -> str:
        """``look 7 since the lock: judged at 99.911% one-sided``."""
        since = "since the re-lock" if self.relocked else "since the lock"
        text = f"look {self.look} {since}: judged at {stats.format_level(self.level)} one-sided"
        if self.unfinished:
            runs = "run" if self.unfinished == 1 else "runs"
            text += (
                f" ({self.unfinished} abandoned or still-running {runs} with scored answers "
                "counted as looks)"
            )
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "look": self.look,
            "total": self.total,
            "confidence": self.confidence,
            "alpha": self.alpha,
            "level": self.level,
            "level_text": stats.format_level(self.level),
            "spent": stats.alpha_spent(self.total, 1 - self.confidence),
            "lock_id": self.lock_id,
            "locked_at": self.locked_at.isoformat() if self.locked_at else None,
            "relocked": self.relocked,
            "since_first_lock": self.since_first_lock,
            "unfinished": self.unfinished,
            "describe": self.describe(),
            "rule": "look k is judged at one-sided confidence 1 − α/(k(k+1)), α = 1 − confidence",
        }


def count_looks(store: Store, project: str, suite: str, run_id: str, confidence: float) -> Looks:
    """The looks at the metric since the lock that was in force when ``run_id`` started.

    Args:
        store: The store holding the runs and the metric locks.
        project: The plan's project name.
        suite: The metric's suite.
        run_id: The run being judged.
        confidence: The plan's confidence.

    Returns:
        `Looks`; a run that is not itself a look (no metric value) is placed after the
        looks that started before it, so it is never judged more leniently.
    """
    # A count starts at the first lock and at every re-lock a person made that changed
    # what a run measures (threshold, scorer, dataset …: `measuring_change`); a renamed
    # metric or moved gate bar keeps counting. The lock phaseone adds by itself to record
    # the dataset with the first evidence does not restart it (it comes before any run).
    locks = metric_locks(store, project)
    starts = [
        (lk.locked_at, lk.id)
        for i, lk in enumerate(locks)
        if i == 0 or (lk.locked_by != AUTO_LOCKER and measuring_change(locks[i - 1], lk))
    ]
    runs = pilot_runs(store, project, suite)
    me_start = run_started_at(store, run_id) or dt.datetime.now(dt.UTC)
    skew = dt.timedelta(seconds=SKEW_S)

    def epoch(started: dt.datetime) -> int:
        """Index of the count in force at ``started`` (−1: before any lock)."""
        return sum(1 for at, _ in starts if at <= started + skew) - 1

    mine = epoch(me_start)
    # A run that scored no answer is not a look; one that did is, whatever its status.
    looks = [
        (r.started_at, r.run_id, epoch(r.started_at), r.status in UNFINISHED_STATUSES)
        for r in runs
        if r.metric_n or r.has_scored
    ]
    same = [(at, rid) for at, rid, e, _ in looks if e == mine]
    look = sum(1 for key in same if key <= (me_start, run_id))
    if not any(rid == run_id for _, rid in same):
        look += 1  # not a look itself: judged as the next one, never more leniently
    lock = starts[mine] if mine >= 0 else None
    return Looks(
        look=look,
        total=max(len(same), look),
        confidence=confidence,
        lock_id=lock[1] if lock else None,
        locked_at=lock[0] if lock else None,
        relocked=mine > 0,
        since_first_lock=sum(1 for _, _, e, _ in looks if e >= 0),
        unfinished=sum(1 for _, rid, e, open_ in looks if e == mine and open_ and rid != run_id),
    )


@dataclass(frozen=True)
class LookJudgement:
    """A run's metric verdict with every look counted.

    Attributes:
        looks: Where the run stands among the looks.
        single: The stored verdict at the plan's confidence (a single-look figure).
        state: The verdict at the look's level: PASS only when the single-look verdict
            is PASS and the bound at the look's level still clears the threshold.
        lower / upper: One-sided bounds at the look's level.
        method: ``exact`` (a rate: Clopper–Pearson recomputed) or ``rescaled`` (a
            bootstrap metric: its spread rescaled to the look's level).
        more_cases_needed: At the observed value, the further cases (beyond ``n``) a
            *next* run — the next look, judged at its own level — would need; None when
            more cases cannot help or the verdict is decided.
    """

    looks: Looks
    single: str | None
    state: State
    lower: float | None
    upper: float | None
    method: Literal["exact", "rescaled"]
    more_cases_needed: int | None = None
    direction: stats.Direction = "higher"

    @property
    def demoted(self) -> bool:
        """PASS on its own, not once every look is counted."""
        return self.single == "PASS" and self.state != "PASS"

    @property
    def bound(self) -> float | None:
        """The bound that must clear the threshold (lower for ``higher``), at the look's level."""
        return self.lower if self.direction == "higher" else self.upper

    def headline(self) -> str:
        """``look 7 since the lock: judged at 99.911% one-sided, lower bound 0.7712 → PASS``."""
        side = "lower" if self.direction == "higher" else "upper"
        bound = "" if self.bound is None else f", {side} bound {self.bound:.4f}"
        return f"{self.looks.describe()}{bound} → {self.state}"

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.looks.as_dict(),
            "single_look_verdict": self.single,
            "verdict": self.state,
            "lower": self.lower,
            "upper": self.upper,
            "method": self.method,
            "more_cases_needed": self.more_cases_needed,
            "headline": self.headline(),
        }


def judge(metric: MetricResult, looks: Looks) -> LookJudgement:
    """Re-judge a run's metric result (``RunSummary.metric``) at its look's level.

    The stored verdict already includes what the statistics cannot see (the
    ``min_cases`` rule, too many infrastructure errors), so a look can only make it
    stricter: PASS stays PASS only if the bound at the look's level still clears the
    threshold; FAIL and INCONCLUSIVE stand.
    """
    single = (metric.verdict or "").upper() or None
    value = metric.value
    n = metric.n
    threshold = metric.threshold or 0.0
    direction: stats.Direction = "lower" if metric.direction == "lower" else "higher"
    exact = (metric.aggregate or "pass_rate") in RATE_AGGREGATES
    method: Literal["exact", "rescaled"] = "exact" if exact else "rescaled"
    lower, upper = metric.lower, metric.upper
    if value is None or n == 0 or lower is None or upper is None:
        state: State = "FAIL" if single == "FAIL" else "INCONCLUSIVE"
        return LookJudgement(looks, single, state, None, None, method, direction=direction)
    v = stats.verdict_at_level(
        value,
        lower,
        upper,
        threshold,
        direction,
        n,
        metric.min_cases or 1,
        looks.confidence,
        looks.level,
        exact_rate=exact,
    )
    if single == "PASS":
        state = "PASS" if v.state == "PASS" else "INCONCLUSIVE"
    elif single == "FAIL":
        state = "FAIL"
    else:
        state = "INCONCLUSIVE"
    more = None
    if state == "INCONCLUSIVE":
        nxt = stats.look_confidence(looks.total + 1, looks.confidence)
        total = stats.cases_needed(value, threshold, nxt, direction=direction)
        more = None if total is None else max(total - n, 1)
    return LookJudgement(looks, single, state, v.lower, v.upper, method, more, direction)


def judge_run(store: Store, project: str, suite: str, run: Run) -> LookJudgement | None:
    """`judge` for a stored pilot run of the metric's suite; None when it has no metric."""
    metric = summary_or_empty(run).metric
    if run.role != "pilot" or run.suite != suite or metric is None:
        return None
    conf = metric.confidence or 0.95
    return judge(metric, count_looks(store, project, suite, run.id, conf))


__all__ = [
    "LOOKS_RULE",
    "LOOK_STATUSES",
    "UNFINISHED_STATUSES",
    "LookJudgement",
    "Looks",
    "count_looks",
    "judge",
    "judge_run",
]
