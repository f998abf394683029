"""Drift of the online pass rate from the pilot's, watched by a CUSUM that survives restarts.

The online evals (`evals.online`) store a pass/fail per sampled live answer. A
`BernoulliCusum` reads that stream, each result once in the order it was stored, against
``p0`` = the pass rate the suite's latest completed pilot run had on the same
reference-free scorers, and alarms on a drop to ``p0 − slos.online.min_drop``. A CUSUM
stays valid when updated after every answer (a fixed-sample test repeated every minute
does not), and its threshold comes from the false alarms the owner accepts
(`slos.online.false_alarm_share` per 100,000 steady answers).

Its state (statistic, observations, the last result read, the baseline) is kept in the
store's settings after every evaluation, so a restarted watcher continues the same test
instead of starting a fresh one (which would both forget evidence and buy a new chance of a
false alarm). A new pilot run is a new baseline: the test restarts on it.

The drift alert (`PhaseoneOnlineQualityDrift`, severity ticket, slo ``drift``) fires when
the CUSUM alarms and resolves after `RESOLVE_AFTER` answers without another alarm; while
the drop lasts the CUSUM keeps alarming, so it stays open. It is one more `AlertCheck`:
`slo.watch.step` opens, resolves and delivers it like every burn-rate alert.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from phaseone.plan.slo_schema import OnlineEvals
from phaseone.slo.sequential import BernoulliCusum, cusum_threshold
from phaseone.store import online_queries as q
from phaseone.store.database import Store
from phaseone.store.settings import get_setting, set_setting

DRIFT_ALERT = "PhaseoneOnlineQualityDrift"
#: Answers without a new alarm after which a drift incident resolves.
RESOLVE_AFTER = 2000
#: The false-alarm budget is per this many steady answers.
PER_OBSERVATIONS = 100_000


@dataclass
class DriftState:
    """What the monitor carries from one evaluation (and one watcher process) to the next."""

    pilot_run: str
    p0: float
    p1: float
    threshold: float
    statistic: float = 0.0
    observations: int = 0
    last_id: int = 0  #: the last online result read
    alarms: int = 0
    last_alarm_observation: int | None = None
    last_alarm_statistic: float | None = None
    online_passed: int = 0  #: since the baseline, for the evidence
    pilot_judged: int = 0

    @classmethod
    def load(cls, value: object) -> DriftState | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(**value)
        except TypeError:
            return None  # written by another version: start again


@dataclass(frozen=True)
class DriftReading:
    """The monitor after one evaluation."""

    state: DriftState | None
    firing: bool
    new_alarms: int
    summary: str
    evidence: dict[str, object]


def _key(suite: str) -> str:
    return f"online_drift:{suite}"[:100]


def _baseline(store: Store, project: str, online: OnlineEvals) -> DriftState | str:
    scorers = q.latest_online_scorers(store, project, online.suite)
    if not scorers:
        return "no online results yet"
    base = q.pilot_baseline(store, project, online.suite, scorers)
    if base is None:
        return f"no completed pilot run of suite {online.suite!r} to compare with"
    # A pilot that passed every case has p0 = 1, where no drop can be tested; the rate
    # half a case below it is what its n can tell apart from 1.
    p0 = min(base.rate, 1 - 0.5 / base.judged)
    p1 = p0 - online.min_drop
    if p1 <= 0:
        return (
            f"the pilot pass rate {base.rate:.3f} is not above min_drop {online.min_drop:g}:"
            " no drop to watch for"
        )
    threshold = cusum_threshold(online.false_alarm_share, PER_OBSERVATIONS)
    return DriftState(base.run_id, p0, p1, threshold, pilot_judged=base.judged)


def read_drift(store: Store, project: str, online: OnlineEvals) -> DriftReading:
    """Feed the monitor every online result stored since the last evaluation, keep its
    state, and say whether the drift alert holds."""
    state = DriftState.load(get_setting(store, project, _key(online.suite)))
    fresh = _baseline(store, project, online)
    if isinstance(fresh, str):
        if state is None:
            return DriftReading(None, False, 0, fresh, {"status": fresh})
    elif state is None or state.pilot_run != fresh.pilot_run:
        fresh.last_id = state.last_id if state is not None else 0
        state = fresh
    assert state is not None
    cusum = BernoulliCusum(state.p0, state.p1, state.threshold, state.statistic)
    new_alarms = 0
    while True:
        batch = q.online_outcomes_after(store, project, online.suite, state.last_id)
        if not batch:
            break
        for result_id, passed in batch:
            before = cusum.statistic
            state.observations += 1
            state.online_passed += int(passed)
            if cusum.update(passed):  # only a fail can cross; the CUSUM then restarts at 0
                new_alarms += 1
                state.alarms += 1
                state.last_alarm_observation = state.observations
                crossed = before + math.log((1 - state.p1) / (1 - state.p0))
                state.last_alarm_statistic = round(crossed, 6)
            state.last_id = result_id
    state.statistic = cusum.statistic
    set_setting(store, project, _key(online.suite), asdict(state))
    since_alarm = (
        state.observations - state.last_alarm_observation
        if state.last_alarm_observation is not None
        else None
    )
    firing = since_alarm is not None and since_alarm < RESOLVE_AFTER
    rate = state.online_passed / state.observations if state.observations else None
    evidence: dict[str, object] = {
        "p0_pilot_pass_rate": round(state.p0, 6),
        "p1_alarm_rate": round(state.p1, 6),
        "pilot_run": state.pilot_run,
        "pilot_cases": state.pilot_judged,
        "observations": state.observations,
        "online_pass_rate": round(rate, 6) if rate is not None else None,
        "statistic": round(state.statistic, 6),
        "threshold": round(state.threshold, 6),
        "statistic_at_alarm": state.last_alarm_statistic,
        "alarms": state.alarms,
        "last_alarm_at_observation": state.last_alarm_observation,
    }
    summary = (
        f"{project}: online pass rate of suite {online.suite!r} dropped from the pilot's"
        f" {state.p0:.3f} toward {state.p1:.3f} (CUSUM over {state.observations} answers)"
    )
    return DriftReading(state, firing, new_alarms, summary, evidence)


__all__ = ["DRIFT_ALERT", "RESOLVE_AFTER", "DriftReading", "DriftState", "read_drift"]
